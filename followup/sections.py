"""What the follow-up adds to the charter's axis pages (``charter.sections``)."""

from django.http import HttpRequest
from django.utils import timezone

from accounts.access import can_read_everything
from callnumbers.selectors import family_counts, flagged_company_count
from charter.sections import AxisSection

from .models import Campaign
from .selectors.dashboard import campaigns_for_choice, human_contact


def human_contact_section(request: HttpRequest) -> AxisSection | None:
    """For the committee, on axis 1's page: human contact rather than surcharged lines.
    The automated dialers and the IVR share the companies reported for the campaign shown
    by default (measures 1.5 and 1.6), and the customer-service numbers by tariff family,
    classified today, with how many are flagged. Nothing for anyone else. Four queries."""
    if not can_read_everything(request.user):
        return None
    campaign = Campaign.default_among(campaigns_for_choice())
    today = timezone.localdate()
    return AxisSection(
        "followup/axis_1_section.html",
        {
            "campaign": campaign,
            "contact": human_contact(campaign) if campaign else None,
            "families": family_counts(today),
            "flagged_companies": flagged_company_count(today),
            "today": today,
        },
    )
