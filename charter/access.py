"""Who may download a working paper's file: anyone, the latest version of a published
paper; committee members, every version of every paper (the committee keeps them in the
admin). Anyone else gets 404, so that nothing says an unpublished paper exists."""

from django.db.models import Max
from django.http import Http404

from .models import WorkingPaper, WorkingPaperVersion


def access_working_paper_version(user, version_id: int) -> WorkingPaperVersion:
    """The version ``user`` may download, or 404. One query."""
    version = (
        WorkingPaperVersion.objects.select_related("paper__measure")
        .annotate(latest=Max("paper__versions__number"))
        .filter(pk=version_id)
        .first()
    )
    if version is None:
        raise Http404("No such version.")
    if getattr(user, "is_committee_member", False):
        return version
    if version.paper.status == WorkingPaper.Status.PUBLISHED and version.number == version.latest:
        return version
    raise Http404("No such version.")
