"""Certifications claimed in reports against the certification registry: a "yes" to an
indicator that claims a certificate (``signatories.models.REGISTRY_CHECKED_INDICATORS``)
stands only when the registry holds a certificate of its schemes current on the last day
of the campaign's period. The palmarès (method version 2) scores such a claim 0; the
committee sees each mismatch on the report's review page and on the campaign's list."""

from dataclasses import dataclass, field

from signatories.models import REGISTRY_CHECKED_INDICATORS, Certification, Company

from ..models import Campaign, IndicatorValue, Report


@dataclass
class Mismatch:
    """A certification claimed in ``report`` for which the registry holds nothing current on
    ``day``; ``registry`` lists what it holds of those schemes (expired, withdrawn or not
    yet started), newest first."""

    report: Report
    company: Company
    indicator_label: str
    schemes: list[str]
    day: object
    registry: list[Certification] = field(default_factory=list)


def registry_confirms(indicator_code: str, value, held: set[str]) -> bool:
    """Whether an answer stands against the registry: a "yes" to an indicator that claims a
    certificate needs one of its schemes in ``held`` (the schemes the registry holds current
    on the day that counts); any other answer stands. The palmarès and the list of
    mismatches both decide with this."""
    schemes = REGISTRY_CHECKED_INDICATORS.get(indicator_code)
    if not schemes or value is not True:
        return True
    return bool(held.intersection(schemes))


def certification_mismatches(*, campaign: Campaign, report: Report | None = None) -> list[Mismatch]:
    """The mismatches of the campaign's submitted, returned and validated company reports
    (drafts are not claims yet), or of ``report`` alone, by company name. Two queries."""
    day = campaign.period_end
    claims = IndicatorValue.objects.filter(
        report__campaign=campaign,
        report__company__isnull=False,
        indicator__code__in=list(REGISTRY_CHECKED_INDICATORS),
        boolean=True,
        report__status__in=Report.COMMUNICATED,
    )
    if report is not None:
        claims = claims.filter(report=report)
    claims = list(
        claims.select_related("report", "report__company", "indicator").order_by(
            "report__company__legal_name", "report__company_id", "indicator__code"
        )
    )
    if not claims:
        return []
    schemes = {scheme for group in REGISTRY_CHECKED_INDICATORS.values() for scheme in group}
    held: dict[int, list[Certification]] = {}
    for certification in Certification.objects.filter(
        company_id__in={claim.report.company_id for claim in claims}, scheme__in=schemes
    ).order_by("-valid_until"):
        held.setdefault(certification.company_id, []).append(certification)
    mismatches = []
    for claim in claims:
        wanted = REGISTRY_CHECKED_INDICATORS[claim.indicator.code]
        of_schemes = [c for c in held.get(claim.report.company_id, []) if c.scheme in wanted]
        current = {c.scheme for c in of_schemes if c.is_current(day)}
        if registry_confirms(claim.indicator.code, True, current):
            continue
        mismatches.append(
            Mismatch(
                report=claim.report,
                company=claim.report.company,
                indicator_label=claim.indicator.label_i18n,
                schemes=[str(Certification.Scheme(scheme).label) for scheme in wanted],
                day=day,
                registry=of_schemes,
            )
        )
    return mismatches
