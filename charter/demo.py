"""The demo data set's working paper: measure 3.1's paper on durable contract practices,
adopted and published by the committee, in two versions. Called by ``results.demo``."""

import datetime

from django.core.files.base import ContentFile

from .models import Measure, WorkingPaper, WorkingPaperVersion

TITLE = "Pratiques contractuelles durables entre donneurs d'ordre et prestataires"
TITLE_EN = "Durable contract practices between clients and providers"
VERSIONS = (
    (
        "Premier état : les pratiques à éviter (remises de fin d'année rétroactives, "
        "facturation sans minimum) et celles à encourager.",
        "First draft: the practices to avoid (retroactive end-of-year discounts, billing "
        "without a minimum) and those to encourage.",
    ),
    (
        "Version adoptée : partage des coûts de mise en place, facturation minimale garantie, "
        "prix indexés sur les facteurs de coûts externes, refus des remises rétroactives.",
        "Adopted version: shared set-up costs, a guaranteed minimum billing, prices indexed "
        "on external cost factors, no retroactive discounts.",
    ),
)


def pdf_bytes(text: str) -> bytes:
    """A small, well-formed PDF file of one page that says ``text`` (ASCII)."""
    stream = f"BT /F1 14 Tf 72 760 Td ({text}) Tj ET".encode("ascii")
    objects = [
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R"
        b"/Resources<</Font<</F1 5 0 R>>>>>>",
        b"<</Length %d>>stream\n" % len(stream) + stream + b"\nendstream",
        b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return out


def seed_working_paper(committee_user, today: datetime.date) -> WorkingPaper | None:
    """Replace measure 3.1's working papers by one published paper in two versions, the
    second adopted a month before ``today``. None when the charter has no measure 3.1."""
    measure = Measure.objects.filter(code="3.1").first()
    if measure is None:
        return None
    old_versions = WorkingPaperVersion.objects.filter(paper__measure=measure)
    for old in old_versions:
        old.file.delete(save=False)
    old_versions.delete()
    WorkingPaper.objects.filter(measure=measure).delete()
    paper = WorkingPaper.objects.create(
        measure=measure,
        title=TITLE,
        title_en=TITLE_EN,
        status=WorkingPaper.Status.PUBLISHED,
        adopted_on=today - datetime.timedelta(days=30),
    )
    for number, (summary, summary_en) in enumerate(VERSIONS, start=1):
        version = WorkingPaperVersion(
            paper=paper,
            number=number,
            summary=summary,
            summary_en=summary_en,
            created_by=committee_user,
        )
        content = pdf_bytes(f"Document de travail, mesure 3.1, version {number}")
        version.file.save(f"version-{number}.pdf", ContentFile(content), save=True)
    return paper
