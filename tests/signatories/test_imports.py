"""The committee's imports of companies and certifications: the dry run, all or nothing."""

import io

import pytest
from django.core import mail
from django.urls import reverse
from openpyxl import Workbook

from accounts.models import Invitation
from signatories.imports import MAX_ROWS
from signatories.models import Certification, Company
from tests.factories import CompanyFactory, siren_for

COMPANIES = "siren;raison_sociale;type;federation;email_contact\n"
URL = reverse("signatories:import_companies")
CERT_URL = reverse("signatories:import_certifications")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def upload(content: bytes, name="entreprises.csv"):
    file = io.BytesIO(content)
    file.name = name
    return file


def send(client, content, url=URL, name="entreprises.csv"):
    return client.post(url, {"file": upload(content, name)})


def confirm(client, response, url=URL):
    return client.post(
        url, {"sha256": response.context["sha256"], "name": response.context["file_name"]}
    )


def xlsx(rows) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture
def member_client(client, committee_member):
    client.force_login(committee_member)
    return client


def test_a_dry_run_lists_each_problem_with_its_row_and_column_and_writes_nothing(member_client):
    content = (
        COMPANIES
        + f"{siren_for(1)};Alpha;inconnu;;pas-une-adresse\n"
        + "123456789;Bêta;outsourcer;AFRC;\n"
    ).encode()
    response = send(member_client, content)
    problems = [(p.row, p.column) for p in response.context["plan"].problems]
    assert (2, "type") in problems
    assert (3, "siren") in problems
    assert (2, "email_contact") in problems
    assert "Confirmer l’import" not in response.content.decode()
    assert not Company.objects.exists()


def test_the_confirmation_imports_what_was_previewed_with_its_history(
    member_client, committee_member, django_capture_on_commit_callbacks
):
    existing = CompanyFactory(siren=siren_for(2), legal_name="Ancien nom")
    content = (
        COMPANIES
        + f"{siren_for(1)};Alpha SAS;Prestataire;SP2C;Contact@Example.org\n"
        + f"{siren_for(2)} ;Nouveau nom;client;none;\n"
    ).encode()
    preview = send(member_client, content)
    plan = preview.context["plan"]
    assert (plan.created, plan.updated, plan.invitations) == (1, 1, ["contact@example.org"])
    assert "est déjà enregistrée et serait mise à jour" in preview.content.decode()
    assert "Créés\u00a0: 1\u00a0; mis à jour\u00a0: 1" in preview.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = confirm(member_client, preview)
    assert response.status_code == 302
    [done] = [str(m) for m in response.wsgi_request._messages]
    assert done == (
        "Import terminé. Créés\u00a0: 1\u00a0; mis à jour\u00a0: 1\u00a0; "
        "invitations envoyées\u00a0: 1."
    )
    alpha = Company.objects.get(siren=siren_for(1))
    assert (alpha.kind, alpha.federation) == ("outsourcer", "sp2c")
    existing.refresh_from_db()
    assert existing.legal_name == "Nouveau nom"
    record = existing.history.first()
    assert record.history_user == committee_member
    assert "entreprises.csv" in record.history_change_reason
    assert preview.context["sha256"] in record.history_change_reason
    assert Invitation.objects.get().email == "contact@example.org"
    assert mail.outbox[0].to == ["contact@example.org"]


def test_invitations_leave_only_after_the_commit(member_client, django_capture_on_commit_callbacks):
    content = (COMPANIES + f"{siren_for(1)};Alpha;client;;a@example.org\n").encode()
    preview = send(member_client, content)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        confirm(member_client, preview)
    assert not mail.outbox
    assert callbacks


def test_one_bad_row_imports_nothing_even_if_the_data_changed_after_the_preview(member_client):
    content = (
        "siren,referentiel,numero,organisme,debut_validite,fin_validite\n"
        f"{siren_for(1)},iso_9001,A1,AFNOR,01/01/2025,31/12/2027\n"
    ).encode()
    company = CompanyFactory(siren=siren_for(1))
    preview = send(member_client, content, CERT_URL, "certifs.csv")
    assert not preview.context["plan"].problems
    Company.objects.filter(pk=company.pk).update(status=Company.Status.WITHDRAWN)
    response = confirm(member_client, preview, CERT_URL)
    assert response.context["plan"].problems[0].column == "siren"
    assert not Certification.objects.exists()


def test_certifications_follow_the_models_rules_and_read_french_dates(member_client):
    CompanyFactory(siren=siren_for(1))
    content = (
        "siren;referentiel;numero;organisme;debut_validite;fin_validite\n"
        f"{siren_for(1)};NF Service (NF 345, EN 15838);A1;AFNOR;01/01/2025;2027-12-31\n"
        f"{siren_for(1)};iso_9001;A2;AFNOR;01/01/2025;31/12/2024\n"
        f"{siren_for(9)};inconnu;A3;;hier;31/12/2024\n"
    ).encode()
    plan = send(member_client, content, CERT_URL, "c.csv").context["plan"]
    problems = {(p.row, p.column) for p in plan.problems}
    assert problems == {
        (3, "fin_validite"),
        (4, "siren"),
        (4, "referentiel"),
        (4, "debut_validite"),
    }


def test_a_certification_file_without_problems_is_imported(member_client):
    company = CompanyFactory(siren=siren_for(1))
    rows = [
        ["siren", "referentiel", "numero", "organisme", "debut_validite", "fin_validite"],
        [int(siren_for(1)), "iso_9001", "A1", "AFNOR", "01/01/2025", "31/12/2027"],
    ]
    preview = send(member_client, xlsx(rows), CERT_URL, "c.xlsx")
    confirm(member_client, preview, CERT_URL)
    assert company.certifications.get().number == "A1"


@pytest.mark.parametrize(
    ("content", "name", "expected"),
    [
        (b"%PDF-1.4 rien", "x.csv", "ni un fichier CSV ni un fichier XLSX"),
        (b"PK\x03\x04 not a workbook", "x.xlsx", "ni un fichier CSV ni un fichier XLSX"),
        (b"", "x.csv", "vide"),
        (b"siren;raison_sociale\n", "x.csv", "aucune ligne à importer"),
        (b"siren;raison_sociale\n1;a\n", "x.csv", "Colonne(s) manquante(s)"),
    ],
)
def test_a_bad_file_is_refused_with_a_clear_message(member_client, content, name, expected):
    response = send(member_client, content, name=name)
    assert expected in str(response.context["form"].errors["file"])


def test_a_file_over_the_size_limit_is_refused(member_client, settings):
    settings.EVIDENCE_MAX_BYTES = 10
    response = send(member_client, COMPANIES.encode())
    assert "la limite est de" in str(response.context["form"].errors["file"])


def test_a_file_over_the_row_limit_is_refused(member_client):
    content = (COMPANIES + "1;a;client;;\n" * (MAX_ROWS + 1)).encode()
    response = send(member_client, content)
    assert "au plus 5000" in str(response.context["form"].errors["file"]).replace("\u202f", "")


def test_a_formula_is_refused_in_csv_and_in_xlsx(member_client):
    csv_plan = send(
        member_client, (COMPANIES + f'{siren_for(1)};"=HYPERLINK(1)";client;;\n').encode()
    ).context["plan"]
    assert (2, "raison_sociale") in [(p.row, p.column) for p in csv_plan.problems]
    rows = [COMPANIES.strip().split(";"), [siren_for(1), "=1+1", "client", "", ""]]
    xlsx_plan = send(member_client, xlsx(rows), name="e.xlsx").context["plan"]
    assert (2, "raison_sociale") in [(p.row, p.column) for p in xlsx_plan.problems]


def test_a_confirmation_of_a_file_not_kept_imports_nothing(member_client):
    response = member_client.post(URL, {"sha256": "0" * 64, "name": "x.csv"})
    assert response.status_code == 302
    assert not Company.objects.exists()


def test_an_import_over_the_email_limits_is_refused_whole(member_client, settings):
    settings.EMAIL_LIMIT_PER_CLIENT = "1/h"
    content = (
        COMPANIES
        + f"{siren_for(1)};Alpha;client;;a@example.org\n"
        + f"{siren_for(2)};Bêta;client;;b@example.org\n"
    ).encode()
    preview = send(member_client, content)
    response = confirm(member_client, preview)
    assert response.status_code == 429
    assert not Company.objects.exists()
    assert not mail.outbox


@pytest.mark.parametrize("kind", ["companies", "certifications"])
def test_checking_a_file_runs_a_fixed_number_of_queries_whatever_its_rows(
    db, kind, django_assert_num_queries
):
    from signatories.imports import plan, read_table

    for n in range(1, 21):
        CompanyFactory(siren=siren_for(n))

    def content(count: int) -> bytes:
        if kind == "companies":
            head = "siren;raison_sociale;type;federation;email_contact\n"
            lines = [f"{siren_for(n)};Société {n};prestataire;AFRC;" for n in range(1, count + 1)]
        else:
            head = "siren;referentiel;numero;organisme;debut_validite;fin_validite\n"
            lines = [
                f"{siren_for(n)};iso_9001;N{n};AFNOR;01/01/2025;31/12/2027"
                for n in range(1, count + 1)
            ]
        return (head + "\n".join(lines) + "\n").encode()

    for count in (1, 20):
        dataset = read_table(content(count), "f.csv", kind)
        # The companies named; for certifications, theirs too.
        with django_assert_num_queries(1 if kind == "companies" else 2):
            the_plan = plan(dataset, kind)
        assert not the_plan.problems, the_plan.problems
