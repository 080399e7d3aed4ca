"""The committee's imports of companies and certifications from a CSV or XLSX file.

``plan`` reads a file and checks every row without writing anything: the dry run the page
shows, each problem with its row and column. ``apply`` writes a plan without problems in
one transaction: one bad row and nothing is written. The file is kept under its SHA-256
(``keep``/``kept``) between the dry run and the confirmation, so the confirmation imports
exactly the file that was previewed.

A company whose SIREN is already registered (and has not withdrawn) is updated, and the
dry run says so. A certificate whose company already has one of the same scheme and
number is updated too; any other row creates.
"""

import datetime
import hashlib
import io
import re
from dataclasses import dataclass, field

import tablib
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.validators import validate_email
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.models import Membership
from accounts.services import invitation_create, invitation_revoke
from core.history import attribute_to
from core.uploads import check_size, sniff

from .models import Certification, Company, CompanyKind
from .validators import normalize_siren, validate_siren

MAX_ROWS = 5000
FORMULA_STARTS = ("=", "+", "-", "@")
SHA256 = re.compile(r"[0-9a-f]{64}")

COLUMNS = {
    "companies": ("siren", "raison_sociale", "type", "federation", "email_contact"),
    "certifications": (
        "siren",
        "referentiel",
        "numero",
        "organisme",
        "debut_validite",
        "fin_validite",
    ),
}


class Formula:
    """A cell of an XLSX file that holds a formula."""


@dataclass
class Problem:
    row: int
    column: str
    message: str


@dataclass
class Item:
    row: int
    obj: Company | Certification
    created: bool
    changed: list[str] = field(default_factory=list)
    email: str = ""


@dataclass
class Plan:
    kind: str
    items: list[Item] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def created(self) -> int:
        return sum(item.created for item in self.items)

    @property
    def updated(self) -> int:
        return sum(not item.created and bool(item.changed) for item in self.items)

    @property
    def invitations(self) -> list[str]:
        return sorted({item.email for item in self.items if item.email})


def fingerprint(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def keep(content: bytes) -> str:
    """Keep the file, private, until the confirmation; its SHA-256 names it."""
    sha = fingerprint(content)
    path = f"imports/{sha}"
    if not default_storage.exists(path):
        default_storage.save(path, ContentFile(content))
    return sha


def kept(sha: str) -> bytes | None:
    """The file kept under ``sha``, or None when there is none (or it was changed)."""
    if not SHA256.fullmatch(sha or "") or not default_storage.exists(f"imports/{sha}"):
        return None
    with default_storage.open(f"imports/{sha}", "rb") as stored:
        content = stored.read()
    return content if fingerprint(content) == sha else None


def forget(sha: str) -> None:
    if SHA256.fullmatch(sha or ""):
        default_storage.delete(f"imports/{sha}")


# --- reading the file ----------------------------------------------------------------------


def _not_a_table(name: str) -> ValidationError:
    return ValidationError(
        _(
            "“%(name)s” is neither a CSV nor an XLSX file. Save the table from your "
            "spreadsheet as CSV (UTF-8) or as an Excel workbook (.xlsx) and send it again."
        )
        % {"name": name},
        code="not_a_table",
    )


def _read_xlsx(content: bytes, name: str) -> tablib.Dataset:
    from openpyxl import load_workbook

    try:
        sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=False).active
        rows = [
            [Formula() if cell.data_type == "f" else cell.value for cell in row]
            for row in sheet.iter_rows()
        ]
    except Exception as error:  # openpyxl raises many kinds of errors on a bad file
        raise _not_a_table(name) from error
    rows = [row for row in rows if any(value not in (None, "") for value in row)]
    if not rows:
        return tablib.Dataset()
    width = max(len(row) for row in rows)
    rows = [list(row) + [None] * (width - len(row)) for row in rows]
    headers = [str(value or "") for value in rows[0]]
    return tablib.Dataset(*rows[1:], headers=headers)


def _read_csv(content: bytes, name: str) -> tablib.Dataset:
    if b"\x00" in content or sniff(content[:16]):
        raise _not_a_table(name)
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("cp1252", errors="replace")
    text = text.strip()
    if not text:
        return tablib.Dataset()
    first = text.splitlines()[0]
    delimiter = max((";", ",", "\t"), key=first.count)
    try:
        return tablib.Dataset().load(text, format="csv", delimiter=delimiter)
    except tablib.InvalidDimensions as error:
        raise ValidationError(
            _(
                "The rows of “%(name)s” do not all have the same number of columns. Check "
                "that no value holds the separator without quotes, and send it again."
            )
            % {"name": name},
            code="ragged",
        ) from error


def read_table(content: bytes, name: str, kind: str) -> tablib.Dataset:
    """The table of the file, checked as a whole: its type by its content, its size, its
    number of rows and its columns. Raises ValidationError, with a message that says what
    to do."""
    check_size(name, len(content))
    if content.startswith(b"PK\x03\x04"):
        dataset = _read_xlsx(content, name)
    else:
        dataset = _read_csv(content, name)
    if not dataset.headers or not dataset.height:
        raise ValidationError(
            _(
                "“%(name)s” holds no rows to import: a first row of column names, then one "
                "row per line."
            )
            % {"name": name},
            code="empty",
        )
    if dataset.height > MAX_ROWS:
        raise ValidationError(
            _("“%(name)s” holds %(count)s rows; an import takes at most %(limit)s. Split it.")
            % {"name": name, "count": dataset.height, "limit": MAX_ROWS},
            code="too_many_rows",
        )
    dataset.headers = [str(header).strip().lower() for header in dataset.headers]
    missing = [column for column in COLUMNS[kind] if column not in dataset.headers]
    if missing:
        raise ValidationError(
            _("Missing column(s): %(missing)s. The first row must name the columns %(all)s.")
            % {"missing": ", ".join(missing), "all": ", ".join(COLUMNS[kind])},
            code="missing_columns",
        )
    return dataset


# --- checking the rows ---------------------------------------------------------------------


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _choices(choices, exclude=()) -> dict[str, str]:
    """The values accepted for a choice: its code and its label in each language."""
    accepted = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for code, label in choices:
                if code not in exclude:
                    accepted[str(label).lower()] = code
                    accepted[code.lower()] = code
    return accepted


def _choice_help(choices, exclude=()) -> str:
    return ", ".join(f"{label} ({code})" for code, label in choices if code not in exclude)


def _date(value) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(_text(value), pattern).date()
        except ValueError:
            continue
    return None


class Rows:
    """The cells of each row, with the problems found on the way."""

    def __init__(self, dataset: tablib.Dataset, kind: str) -> None:
        self.plan = Plan(kind=kind)
        self.rows = []
        for index, values in enumerate(dataset, start=2):  # row 1 names the columns
            cells = dict(zip(dataset.headers, values, strict=False))
            self.rows.append((index, cells))
            for column in COLUMNS[kind]:
                value = cells.get(column)
                if isinstance(value, Formula) or (
                    isinstance(value, str) and value.strip().startswith(FORMULA_STARTS)
                ):
                    self.problem(
                        index,
                        column,
                        _(
                            "This cell holds a formula (or starts with = + - @), which is "
                            "refused. Type the value itself, without these signs in front."
                        ),
                    )
                    cells[column] = None

    def problem(self, row: int, column: str, message: str) -> None:
        self.plan.problems.append(Problem(row, column, str(message)))

    def model_errors(self, row: int, error: ValidationError, columns: dict[str, str]) -> None:
        for name, messages in error.message_dict.items():
            for message in messages:
                column = columns.get(name, "—") if name != NON_FIELD_ERRORS else "—"
                self.problem(row, column, message)


COMPANY_FIELDS = {
    "siren": "siren",
    "legal_name": "raison_sociale",
    "kind": "type",
    "federation": "federation",
}


def _company_row(rows: Rows, row: int, cells: dict, existing: dict, seen: set) -> None:
    kinds, federations = _choices(CompanyKind.choices), _choices(Company.Federation.choices)
    siren = normalize_siren(_text(cells["siren"]))
    try:
        validate_siren(siren)
    except ValidationError as error:
        rows.problem(row, "siren", error.messages[0])
        return
    if siren in seen:
        rows.problem(row, "siren", _("This SIREN is already on an earlier row: keep one row."))
        return
    seen.add(siren)
    company = existing.get(siren) or Company(siren=siren)
    before = {name: getattr(company, name) for name in COMPANY_FIELDS}
    company.legal_name = _text(cells["raison_sociale"])
    kind, federation = _text(cells["type"]).lower(), _text(cells["federation"]).lower()
    if kind not in kinds:
        rows.problem(
            row,
            "type",
            _("“%(value)s” is not a kind of company. Write one of: %(accepted)s.")
            % {"value": kind, "accepted": _choice_help(CompanyKind.choices)},
        )
    if federation and federation not in federations:
        rows.problem(
            row,
            "federation",
            _("“%(value)s” is not a federation. Write one of: %(accepted)s, or leave it empty.")
            % {"value": federation, "accepted": _choice_help(Company.Federation.choices)},
        )
    company.kind = kinds.get(kind, "")
    company.federation = federations.get(federation, Company.Federation.NONE)
    email = _text(cells["email_contact"]).lower()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            rows.problem(
                row, "email_contact", _("“%(value)s” is not an e-mail address.") % {"value": email}
            )
    try:
        company.full_clean(
            exclude=["kind"] if not company.kind else None, validate_constraints=False
        )
    except ValidationError as error:
        rows.model_errors(row, error, COMPANY_FIELDS)
    changed = [n for n in COMPANY_FIELDS if company.pk and getattr(company, n) != before[n]]
    rows.plan.items.append(Item(row, company, company.pk is None, changed, email))


CERTIFICATION_FIELDS = {
    "company": "siren",
    "scheme": "referentiel",
    "scheme_other": "referentiel",
    "number": "numero",
    "issuer": "organisme",
    "valid_from": "debut_validite",
    "valid_until": "fin_validite",
}


def _certification_row(rows: Rows, row: int, cells: dict, companies: dict, existing: dict):
    other = (Certification.Scheme.OTHER,)
    schemes = _choices(Certification.Scheme.choices, exclude=other)
    siren = normalize_siren(_text(cells["siren"]))
    company = companies.get(siren)
    if company is None:
        rows.problem(
            row,
            "siren",
            _("No registered company has the SIREN “%(value)s”: import the company first.")
            % {"value": siren},
        )
    scheme = _text(cells["referentiel"]).lower()
    if scheme not in schemes:
        rows.problem(
            row,
            "referentiel",
            _("“%(value)s” is not a scheme. Write one of: %(accepted)s.")
            % {"value": scheme, "accepted": _choice_help(Certification.Scheme.choices, other)},
        )
    dates = {}
    for column in ("debut_validite", "fin_validite"):
        dates[column] = _date(cells[column])
        if dates[column] is None:
            rows.problem(
                row,
                column,
                _("“%(value)s” is not a date. Write it as 31/12/2025 (or 2025-12-31).")
                % {"value": _text(cells[column])},
            )
    if company is None or scheme not in schemes or None in dates.values():
        return
    number = _text(cells["numero"])
    certification = existing.get((company.pk, schemes[scheme], number)) if number else None
    certification = certification or Certification(company=company, scheme=schemes[scheme])
    before = (certification.issuer, certification.valid_from, certification.valid_until)
    certification.number, certification.issuer = number, _text(cells["organisme"])
    certification.valid_from, certification.valid_until = dates.values()
    try:
        # The company was read with the others: its link needs no query of its own.
        certification.full_clean(exclude=["company"], validate_constraints=False)
    except ValidationError as error:
        rows.model_errors(row, error, CERTIFICATION_FIELDS)
    after = (certification.issuer, certification.valid_from, certification.valid_until)
    changed = ["certification"] if certification.pk and before != after else []
    rows.plan.items.append(Item(row, certification, certification.pk is None, changed))


def plan(dataset: tablib.Dataset, kind: str) -> Plan:
    """What importing ``dataset`` would do, and every problem of its rows. Writes nothing.
    One query (the companies the file names), two for certifications (theirs too),
    whatever the number of rows."""
    rows = Rows(dataset, kind)
    sirens = {normalize_siren(_text(cells["siren"])) for _row, cells in rows.rows}
    companies = {
        company.siren: company
        for company in Company.objects.filter(siren__in=sirens).exclude(
            status=Company.Status.WITHDRAWN
        )
    }
    if kind == "companies":
        seen: set[str] = set()
        for row, cells in rows.rows:
            _company_row(rows, row, cells, companies, seen)
    else:
        existing = {
            (c.company_id, c.scheme, c.number): c
            for c in Certification.objects.filter(company__in=companies.values()).exclude(number="")
        }
        for row, cells in rows.rows:
            _certification_row(rows, row, cells, companies, existing)
    rows.plan.problems.sort(key=lambda problem: problem.row)
    return rows.plan


@transaction.atomic
def apply(the_plan: Plan, *, by, file_name: str, sha: str, base_url: str) -> None:
    """Write every row of a plan without problems, all or nothing. Each save is the
    history's, attributed to ``by``, with the file's name and SHA-256 as its reason. Side
    effect, after commit: an invitation to each contact e-mail not yet on the company's
    team."""
    assert not the_plan.problems, "a plan with problems is not imported"
    # The history keeps 100 characters of a reason: the fingerprint first, whole.
    reason = f"Import sha256 {sha} {file_name}"[:100]
    for item in the_plan.items:
        if not (item.created or item.changed):
            continue
        attribute_to(by, item.obj)
        item.obj._change_reason = reason
        if isinstance(item.obj, Certification):
            item.obj.company_id = item.obj.company.pk
        item.obj.save()
    for item in the_plan.items:
        if item.email:
            _invite(item.obj, item.email, by=by, base_url=base_url)


def _invite(company: Company, email: str, *, by, base_url: str) -> None:
    if Membership.objects.filter(company=company, user__email__iexact=email).exists():
        return
    for earlier in company.invitations.pending().filter(email__iexact=email):
        invitation_revoke(invitation=earlier, by=by)
    invitation_create(
        email=email,
        company=company,
        invited_by=by,
        language=settings.LANGUAGE_CODE,
        base_url=base_url,
    )
