"""A write of several rows is one transaction, also when a service runs outside a request (a
command, a task): a failure half-way leaves nothing written, history included."""

from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from charter.models import Indicator, Measure
from followup import services
from followup.evidence import check_evidence
from followup.models import Evidence, IndicatorValue, Progress, Report, ReportEvent
from followup.services import review as review_services
from results.models import AxisWeight, ScoringMethod
from results.services.palmares import scoring_method_copy
from signatories.models import Commitment
from tests.factories import pdf_bytes

pytestmark = pytest.mark.django_db


class Boom(Exception):
    pass


def history_rows(*models) -> int:
    return sum(model.history.count() for model in models)


def save(user, company, campaign, *, expected_version, percent, hours, with_file=False):
    measure = Measure.objects.get(code="2.1")
    files = {}
    if with_file:
        upload = SimpleUploadedFile("plan.pdf", pdf_bytes(), content_type="application/pdf")
        files = {measure.pk: check_evidence(upload)}
    return services.report_save(
        campaign=campaign,
        company=company,
        expected_version=expected_version,
        progress={measure.pk: {"status": "in_progress", "percent": percent, "comment": ""}},
        values={Indicator.objects.get(code="training_hours").pk: hours},
        files=files,
        user=user,
    )


def fail_after(condition):
    """A stand-in that checks rows were already written, then fails."""

    def fail(*args, **kwargs):
        assert condition(), "the failure must come after a first row is written"
        raise Boom()

    return fail


def test_a_first_save_that_fails_half_way_writes_nothing(contributor_a, committed_a, campaign):
    written = fail_after(lambda: Report.objects.exists() and Progress.objects.exists())
    with (
        mock.patch("followup.services.reports._store_value", side_effect=written),
        pytest.raises(Boom),
    ):
        save(contributor_a, committed_a, campaign, expected_version=0, percent=10, hours=5)
    assert not Report.objects.exists()
    assert not Progress.objects.exists()
    assert history_rows(Report, Progress, IndicatorValue) == 0


def test_a_later_save_that_fails_half_way_changes_nothing(contributor_a, committed_a, campaign):
    report = save(contributor_a, committed_a, campaign, expected_version=0, percent=10, hours=5)
    before = history_rows(Report, Progress, IndicatorValue, Evidence)
    written = fail_after(
        lambda: (
            Progress.objects.filter(percent=20).exists()
            and Report.objects.filter(version=2).exists()
        )
    )
    with (
        mock.patch("followup.services.reports.evidence_attach", side_effect=written),
        pytest.raises(Boom),
    ):
        save(
            contributor_a,
            committed_a,
            campaign,
            expected_version=1,
            percent=20,
            hours=6,
            with_file=True,
        )
    report.refresh_from_db()
    assert report.version == 1
    assert Progress.objects.get().percent == 10
    assert IndicatorValue.objects.get().number == 5
    assert not Evidence.objects.exists()
    assert history_rows(Report, Progress, IndicatorValue, Evidence) == before


def test_a_submission_that_fails_half_way_leaves_the_draft(contributor_a, committed_a, campaign):
    report = save(contributor_a, committed_a, campaign, expected_version=0, percent=10, hours=5)
    before = history_rows(Report)
    written = fail_after(lambda: Report.objects.filter(status="submitted").exists())
    with (
        mock.patch.object(ReportEvent.objects, "create", side_effect=written),
        pytest.raises(Boom),
    ):
        services.report_submit(report=report, user=contributor_a, base_url="")
    assert Report.objects.get().status == "draft"
    assert history_rows(Report) == before


def test_a_decision_that_fails_half_way_leaves_the_report_submitted(
    committee_member, contributor_a, committed_a, campaign
):
    report = save(contributor_a, committed_a, campaign, expected_version=0, percent=10, hours=5)
    services.report_submit(report=report, user=contributor_a, base_url="")
    written = fail_after(lambda: Report.objects.filter(status="validated").exists())
    with (
        mock.patch.object(ReportEvent.objects, "create", side_effect=written),
        pytest.raises(Boom),
    ):
        review_services.report_validate(report=report, user=committee_member, base_url="")
    assert Report.objects.get().status == "submitted"
    assert not Report.history.filter(status="validated").exists()


def test_commitments_that_fail_half_way_stay_as_they_were(contributor_a, company_a):
    # Optional measures: the company's choices are the only writes.
    Measure.objects.for_companies().update(optional=True)
    measures = list(Measure.objects.active().for_companies().order_by("code")[:3])
    chosen = {m.pk: ("", None) for m in measures}
    original = Commitment.save
    calls = []

    def save_then_fail(self, *args, **kwargs):
        calls.append(self)
        if len(calls) == 2:
            raise Boom()
        return original(self, *args, **kwargs)

    with (
        mock.patch.object(Commitment, "save", save_then_fail),
        pytest.raises(Boom),
    ):
        services.commitments_update(company=company_a, chosen=chosen, user=contributor_a)
    assert not Commitment.objects.exists()
    assert Commitment.history.count() == 0


def test_a_copy_of_the_scoring_method_that_fails_half_way_adds_no_version():
    method = ScoringMethod.objects.get(version=1)
    weights = AxisWeight.objects.count()
    written = fail_after(lambda: AxisWeight.objects.count() > weights)
    with (
        mock.patch("results.models.Criterion.objects.bulk_create", side_effect=written),
        pytest.raises(Boom),
    ):
        scoring_method_copy(method=method)
    assert list(ScoringMethod.objects.values_list("version", flat=True)) == [3, 2, 1]
    assert AxisWeight.objects.count() == weights
    assert AxisWeight.history.filter(method_id__gt=method.pk).count() == 0
