"""Who holds the committee's powers: a question about the person alone."""


def can_read_everything(user) -> bool:
    """Committee members read every company's data and hold the committee's powers
    (review, publishing, adhesions, applicability claims). Being an administrator is not
    enough: the admin is for the site's data, the decisions are the committee's."""
    return user.is_authenticated and user.is_committee_member
