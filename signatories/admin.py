import datetime

from django.contrib import admin, messages
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from charter.admin import AxisAdmin as CharterAxisAdmin
from charter.admin import MeasureAdmin as CharterMeasureAdmin
from charter.models import Axis, Measure
from core.history_admin import HistoryAdmin

from .directory import DirectoryError, company_lookup
from .models import (
    AdhesionApplication,
    Certification,
    Commitment,
    Company,
    LocationThreshold,
    Signatory,
    Site,
)
from .services import commitments_ensure


@admin.register(Signatory)
class SignatoryAdmin(HistoryAdmin):
    list_display = ("acronym", "name", "college", "signed_on", "representative")
    list_filter = ("college", "charter")
    search_fields = ("acronym", "name", "name_en", "representative")
    ordering = ("position", "acronym")


class SiteInline(admin.TabularInline):
    model = Site
    fields = ("name", "city", "country", "seats", "headcount")
    extra = 0


class CertificationInline(admin.TabularInline):
    model = Certification
    fields = ("scheme", "scheme_other", "number", "issuer", "valid_from", "valid_until", "status")
    extra = 0


class CommitmentInline(admin.TabularInline):
    model = Commitment
    fields = ("measure", "target", "due_on", "not_applicable", "justification")
    autocomplete_fields = ("measure",)
    extra = 0


@admin.register(Company)
class CompanyAdmin(HistoryAdmin):
    list_display = (
        "legal_name",
        "siren",
        "kind",
        "federation",
        "status",
        "adhered_on",
        "site_count",
    )
    list_filter = ("status", "kind", "federation")
    search_fields = ("legal_name", "siren")
    date_hierarchy = "adhered_on"
    # A new legal name is decided on the committee's page (/suivi/entreprises/noms/),
    # which tells the contributors; here it is only read.
    readonly_fields = (
        "requested_legal_name",
        "name_requested_by",
        "name_requested_at",
        "name_refusal_reason",
        "created_at",
        "updated_at",
    )
    inlines = [SiteInline, CertificationInline, CommitmentInline]
    actions = ["fill_from_directory"]
    fieldsets = (
        (None, {"fields": ("legal_name", "siren", "kind", "federation", "website")}),
        (_("Company directory"), {"fields": ("address", "naf_code", "headcount_band")}),
        (_("Adhesion"), {"fields": ("status", "adhered_on")}),
        (
            _("New legal name"),
            {
                "fields": (
                    "requested_legal_name",
                    "name_requested_by",
                    "name_requested_at",
                    "name_refusal_reason",
                )
            },
        ),
        (_("Record"), {"fields": ("created_at", "updated_at")}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_site_count=Count("sites"))

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        # After the inlines, so that a commitment typed in them is not added twice.
        commitments_ensure(company=form.instance, user=request.user)

    @admin.action(description=_("Fill the empty details from the company directory"))
    def fill_from_directory(self, request, queryset) -> None:
        """The address, activity code and headcount band (and a missing legal name) of each
        selected company, from the directory by its SIREN; what is recorded stays."""
        filled, failed = 0, []
        for company in queryset:
            try:
                found = company_lookup(company.siren).as_fields()
            except DirectoryError:
                failed.append(company.legal_name)
                continue
            empty = [name for name in found if not getattr(company, name)]
            for name in empty:
                setattr(company, name, found[name])
            if empty:
                company.save(update_fields=[*empty, "updated_at"])
                filled += 1
        self.message_user(request, _("Companies completed: %(count)s.") % {"count": filled})
        if failed:
            self.message_user(
                request,
                _("The directory could not give the details of: %(names)s.")
                % {"names": ", ".join(failed)},
                messages.WARNING,
            )

    @admin.display(description=_("sites"), ordering="_site_count")
    def site_count(self, obj: Company) -> int:
        return obj._site_count


@admin.register(Site)
class SiteAdmin(HistoryAdmin):
    list_display = ("name", "company", "city", "country", "seats", "headcount")
    list_filter = ("country",)
    list_select_related = ("company",)
    search_fields = ("name", "city", "company__legal_name", "company__siren")
    autocomplete_fields = ("company",)


class ExpiryFilter(admin.SimpleListFilter):
    title = _("expiry")
    parameter_name = "expiry"

    def lookups(self, request, model_admin):
        return [
            ("expired", _("past its end date")),
            ("90", _("ends within 90 days")),
            ("later", _("ends in more than 90 days")),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        soon = today + datetime.timedelta(days=90)
        if self.value() == "expired":
            return queryset.filter(valid_until__lt=today)
        if self.value() == "90":
            return queryset.filter(valid_until__gte=today, valid_until__lte=soon)
        if self.value() == "later":
            return queryset.filter(valid_until__gt=soon)
        return queryset


@admin.register(Certification)
class CertificationAdmin(HistoryAdmin):
    list_display = ("company", "scheme", "number", "issuer", "valid_from", "valid_until", "status")
    list_filter = ("scheme", "status", ExpiryFilter)
    list_select_related = ("company",)
    search_fields = ("company__legal_name", "company__siren", "number", "issuer")
    autocomplete_fields = ("company",)
    date_hierarchy = "valid_until"


@admin.register(Commitment)
class CommitmentAdmin(HistoryAdmin):
    list_display = ("company", "measure", "target", "due_on", "not_applicable")
    list_filter = ("not_applicable", "measure__axis", "measure")
    list_select_related = ("company", "measure", "measure__axis")
    search_fields = ("company__legal_name", "company__siren", "measure__code", "target")
    autocomplete_fields = ("company", "measure")


@admin.register(LocationThreshold)
class LocationThresholdAdmin(HistoryAdmin):
    list_display = ("company_kind", "min_share_france", "valid_from", "valid_until", "source")
    list_filter = ("company_kind",)
    search_fields = ("source",)


@admin.register(AdhesionApplication)
class AdhesionApplicationAdmin(HistoryAdmin):
    """Applications come from the public form (or are typed here when one arrives by
    post); the committee decides on its own pages, which create the company and invite the
    contact (signatories.services), so the decision fields are read-only here."""

    list_display = ("legal_name", "siren", "kind", "contact_email", "status", "created_at")
    list_filter = ("status", "kind", "federation")
    list_select_related = ("company", "decided_by")
    search_fields = ("legal_name", "siren", "contact_name", "contact_email")
    date_hierarchy = "created_at"
    readonly_fields = (
        "status",
        "created_at",
        "decided_at",
        "decided_by",
        "refusal_reason",
        "company",
        "language",
    )
    fieldsets = (
        (None, {"fields": ("legal_name", "siren", "kind", "federation")}),
        (_("Company directory"), {"fields": ("address", "naf_code", "headcount_band")}),
        (_("Contact"), {"fields": ("contact_name", "contact_email", "language", "message")}),
        (_("Main sites"), {"fields": ("sites",)}),
        (
            _("Decision"),
            {"fields": ("status", "created_at", "decided_at", "decided_by", "refusal_reason")},
        ),
        (None, {"fields": ("company",)}),
    )


# A mandatory measure applies to every adhering company: adding one (or making one
# mandatory) in the admin gives each active company its commitment. The charter's admin
# cannot do it (the charter knows no company), so these take its place.
admin.site.unregister(Measure)
admin.site.unregister(Axis)


@admin.register(Measure)
class MeasureAdmin(CharterMeasureAdmin):
    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        commitments_ensure(measure=obj, user=request.user)


@admin.register(Axis)
class AxisAdmin(CharterAxisAdmin):
    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        commitments_ensure(user=request.user)
