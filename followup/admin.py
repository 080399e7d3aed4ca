from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from core.history_admin import HistoryAdmin
from followup.models import (
    Attestation,
    Campaign,
    Evidence,
    IndicatorValue,
    Progress,
    Report,
    ReportEvent,
    Settlement,
)
from followup.services.review import report_status_correct


@admin.register(Campaign)
class CampaignAdmin(HistoryAdmin):
    list_display = (
        "name",
        "period_start",
        "period_end",
        "opens_on",
        "deadline",
        "grace_days",
        "status",
        "report_count",
    )
    list_filter = ("status",)
    search_fields = ("name",)
    date_hierarchy = "period_end"
    fieldsets = (
        (None, {"fields": ("name", "status")}),
        (_("Period covered"), {"fields": ("period_start", "period_end")}),
        (
            _("Reporting window"),
            {"fields": ("opens_on", "deadline", "grace_days", "reminder_days")},
        ),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_report_count=Count("reports"))

    @admin.display(description=_("reports"), ordering="_report_count")
    def report_count(self, obj: Campaign) -> int:
        return obj._report_count


class ProgressInline(admin.TabularInline):
    model = Progress
    fields = ("measure", "status", "percent", "comment")
    readonly_fields = fields
    extra = 0
    can_delete = False


class IndicatorValueInline(admin.TabularInline):
    model = IndicatorValue
    fields = ("indicator", "number", "boolean", "text", "date")
    readonly_fields = fields
    extra = 0
    can_delete = False


class ReportEventInline(admin.TabularInline):
    model = ReportEvent
    fields = ("at", "action", "user", "message")
    readonly_fields = fields
    extra = 0
    can_delete = False


class ReportAdminForm(forms.ModelForm):
    """A report's status is read-only: an administrator corrects it with a reason, which
    the workflow's service logs on the report's timeline (``report_status_correct``)."""

    new_status = forms.ChoiceField(label=_("Corrected status"), required=False)
    reason = forms.CharField(
        label=_("Reason for the correction"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Shown with the correction on the report's timeline, to the company and the "
            "committee. No e-mail is sent."
        ),
    )

    class Meta:
        model = Report
        fields = ()

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        current = self.instance.status
        self.fields["new_status"].choices = [
            ("", "---------"),
            *[(value, label) for value, label in Report.Status.choices if value != current],
        ]

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("new_status") and not cleaned.get("reason"):
            self.add_error(
                "reason",
                _("Give the reason for the correction: the report's timeline shows it."),
            )
        return cleaned


@admin.register(Report)
class ReportAdmin(HistoryAdmin):
    """Reports are written by companies and reviewed by the committee in the site; the
    admin shows them and lets an administrator correct the workflow status, through the
    workflow's service so that the correction is logged (a ReportEvent)."""

    form = ReportAdminForm
    list_display = (
        "campaign",
        "company",
        "signatory",
        "committee",
        "status",
        "updated_at",
        "submitted_at",
    )
    list_filter = ("campaign", "status", "committee")
    list_select_related = ("campaign", "company", "signatory")
    search_fields = ("company__legal_name", "company__siren", "signatory__acronym")
    readonly_fields = (
        "campaign",
        "company",
        "signatory",
        "committee",
        "status",
        "version",
        "updated_by",
        "submitted_at",
    )
    fields = (
        "campaign",
        "company",
        "signatory",
        "committee",
        "status",
        "new_status",
        "reason",
        "version",
        "updated_by",
        "submitted_at",
    )
    inlines = [ProgressInline, IndicatorValueInline, ReportEventInline]

    def has_add_permission(self, request) -> bool:
        return False

    def save_model(self, request, obj: Report, form: ReportAdminForm, change: bool) -> None:
        # The status is the only thing changed here, and only through the service.
        status = form.cleaned_data.get("new_status")
        if status:
            report_status_correct(
                report=obj, status=status, user=request.user, reason=form.cleaned_data["reason"]
            )

    def revert_disabled(self, request, obj=None) -> bool:
        # Putting an earlier version back would change the status without logging it.
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied("A report's status is corrected in its change form.")
        return super().history_form_view(request, object_id, version_id, extra_context)


@admin.register(Evidence)
class EvidenceAdmin(HistoryAdmin):
    list_display = (
        "original_name",
        "company",
        "signatory",
        "content_type",
        "size",
        "uploaded_at",
        "removed_at",
    )
    list_select_related = ("company", "signatory")
    search_fields = ("original_name", "company__legal_name", "company__siren")
    readonly_fields = (
        "company",
        "signatory",
        "progress",
        "certification",
        "file",
        "original_name",
        "content_type",
        "size",
        "sha256",
        "uploaded_by",
        "uploaded_at",
        "removed_at",
        "removed_by",
    )

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(Attestation)
class AttestationAdmin(HistoryAdmin):
    list_display = ("relation", "campaign", "side", *Attestation.PRACTICES, "updated_at")
    list_filter = ("campaign", "side")
    raw_id_fields = ("relation",)
    readonly_fields = ("updated_at", "updated_by")


@admin.register(Settlement)
class SettlementAdmin(HistoryAdmin):
    list_display = ("relation", "campaign", "written_at", "written_by")
    list_filter = ("campaign",)
    raw_id_fields = ("relation",)
    readonly_fields = ("written_at", "written_by")
