"""Background tasks of accounts (django-tasks): the database backend and `db_worker` in
production, the immediate backend in tests and in `make run`."""

from django_tasks import task


@task()
def password_reset_send(*, email: str, domain: str, use_https: bool) -> None:
    """Look ``email`` up and send a link to choose a new password to its active account,
    if there is one; nothing otherwise. Runs in the background so that the page that asks
    for it answers alike, in the same time, whether or not the address has an account.
    ``domain`` and ``use_https`` build the link when SITE_URL is not set. Side effect:
    the e-mail "password_reset". One query, then the e-mail."""
    from .forms import PasswordResetByEmailForm

    form = PasswordResetByEmailForm({"email": email})
    if form.is_valid():
        form.save(domain_override=domain, use_https=use_https)
