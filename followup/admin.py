from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from core.history_admin import HistoryAdmin
from followup.models import Campaign, Evidence, IndicatorValue, Progress, Report, ReportEvent


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
        (_("Reporting window"), {"fields": ("opens_on", "deadline", "grace_days")}),
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


@admin.register(Report)
class ReportAdmin(HistoryAdmin):
    """Reports are written by companies and reviewed by the committee in the site; the
    admin shows them and lets an administrator correct the workflow status."""

    list_display = ("campaign", "company", "signatory", "status", "updated_at", "submitted_at")
    list_filter = ("campaign", "status")
    list_select_related = ("campaign", "company", "signatory")
    search_fields = ("company__legal_name", "company__siren", "signatory__acronym")
    readonly_fields = ("campaign", "company", "signatory", "version", "updated_by", "submitted_at")
    fields = ("campaign", "company", "signatory", "status", "version", "updated_by", "submitted_at")
    inlines = [ProgressInline, IndicatorValueInline, ReportEventInline]

    def has_add_permission(self, request) -> bool:
        return False


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
