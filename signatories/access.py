"""Who may reach a company or a signatory. Every view goes through these helpers.

- anonymous users never get here: views are wrapped in ``login_required``;
- a company's contributors read and write it;
- committee members read every company and signatory, and never write; an administrator
  (``is_staff``, ``is_superuser``) is no committee member by that alone: the committee's
  pages and powers need ``is_committee_member``, which an administrator may be given;
- anyone else is an outsider and gets 404, so that nothing tells them the object exists.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse

from accounts.access import can_read_everything

from .models import Company, Signatory

__all__ = [
    "access_company",
    "access_signatory",
    "can_read_everything",
    "can_write",
    "committee_required",
    "is_contributor",
    "is_representative",
]


def is_contributor(user, company: Company | int) -> bool:
    company_id = company.pk if isinstance(company, Company) else company
    return user.is_authenticated and user.memberships.filter(company_id=company_id).exists()


def is_representative(user, signatory: Signatory | int) -> bool:
    signatory_id = signatory.pk if isinstance(signatory, Signatory) else signatory
    return user.is_authenticated and user.representations.filter(signatory_id=signatory_id).exists()


def can_write(user, subject: Company | Signatory) -> bool:
    """Whether ``user`` may change what ``subject`` holds and reports: a company's
    contributors, a signatory's representatives. The committee reads, never writes. One
    query."""
    if isinstance(subject, Company):
        return is_contributor(user, subject)
    return is_representative(user, subject)


def access_company(user, company_id: int, *, write: bool = False) -> Company:
    """The company, if ``user`` may read it (or write it when ``write``).

    Raises Http404 for an outsider and PermissionDenied for a reader asking to write.
    Two queries at most.
    """
    try:
        company = Company.objects.get(pk=company_id)
    except (Company.DoesNotExist, ValueError, TypeError):
        raise Http404("No such company.") from None
    if is_contributor(user, company):
        return company
    if can_read_everything(user):
        if write:
            raise PermissionDenied("The committee reads companies' data; it does not edit it.")
        return company
    raise Http404("No such company.")


def access_signatory(user, signatory_id: int, *, write: bool = False) -> Signatory:
    """The signatory, if ``user`` represents it; committee members may read it."""
    try:
        signatory = Signatory.objects.get(pk=signatory_id)
    except (Signatory.DoesNotExist, ValueError, TypeError):
        raise Http404("No such signatory.") from None
    if is_representative(user, signatory):
        return signatory
    if can_read_everything(user):
        if write:
            raise PermissionDenied(
                "The committee reads signatories' reports; it does not edit them."
            )
        return signatory
    raise Http404("No such signatory.")


def committee_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Committee members only: the login page for anonymous users, 403 for anyone else,
    administrators who are not committee members included."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not can_read_everything(request.user):
            raise PermissionDenied("This page is for the follow-up committee.")
        return view(request, *args, **kwargs)

    return wrapper
