import json

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, Max, OuterRef
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from charter.models import Indicator
from core.history_admin import HistoryAdmin

from .models import AxisWeight, Criterion, Publication, ScoringMethod
from .services.palmares import scoring_method_copy

# --- The palmarès --------------------------------------------------------------------------


def _is_frozen(method: ScoringMethod | None) -> bool:
    """Whether a published palmarès used ``method`` (kept on the object: one query)."""
    if method is None or method.pk is None:
        return False
    if not hasattr(method, "_frozen"):
        method._frozen = method.is_frozen
    return method._frozen


class FrozenMethodInline(admin.TabularInline):
    """A part of a method: read-only once the method is frozen."""

    extra = 0

    def has_add_permission(self, request, obj=None) -> bool:
        return not _is_frozen(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None) -> bool:
        return not _is_frozen(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return not _is_frozen(obj) and super().has_delete_permission(request, obj)


class AxisWeightInline(FrozenMethodInline):
    model = AxisWeight
    fields = ("axis", "weight")


class CriterionInline(FrozenMethodInline):
    model = Criterion
    fields = ("indicator", "rule", "denominator", "weight")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in ("indicator", "denominator"):
            # An indicator's name shows its measure's code: fetch them together.
            kwargs["queryset"] = Indicator.objects.select_related("measure")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(ScoringMethod)
class ScoringMethodAdmin(HistoryAdmin):
    """The palmarès's method, in versions. A version a published palmarès used is frozen:
    it shows read-only and cannot be deleted; "copy as a new version" starts the next one.
    Criterion.clean runs on every criterion saved here (the inline's model form)."""

    list_display = ("version", "name", "progress_weight", "frozen", "created_at")
    list_display_links = ("version", "name")
    search_fields = ("name", "name_en")
    fieldsets = (
        (None, {"fields": ("version", "name", "name_en")}),
        (
            _("Explanation shown on the public method page"),
            {"fields": ("description", "description_en")},
        ),
        (
            None,
            {"fields": ("progress_weight", "applicability_rules", "attested_relations")},
        ),
    )
    inlines = [AxisWeightInline, CriterionInline]
    actions = ["copy_as_new_version"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(_frozen=Exists(Publication.objects.filter(method=OuterRef("pk"))))
        )

    @admin.display(description=_("frozen (published)"), boolean=True, ordering="_frozen")
    def frozen(self, obj: ScoringMethod) -> bool:
        return _is_frozen(obj)

    def get_changeform_initial_data(self, request) -> dict:
        initial = super().get_changeform_initial_data(request)
        top = ScoringMethod.objects.aggregate(top=Max("version"))["top"] or 0
        initial.setdefault("version", top + 1)
        return initial

    def has_change_permission(self, request, obj=None) -> bool:
        return not _is_frozen(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return not _is_frozen(obj) and super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change) -> None:
        # Also guards the history's "revert" form, which only asks for the view permission.
        if change and ScoringMethod(pk=obj.pk).is_frozen:
            raise PermissionDenied("A published version of the method cannot change.")
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Copy as a new version"), permissions=["add"])
    def copy_as_new_version(self, request, queryset) -> None:
        copies = [scoring_method_copy(method=method) for method in queryset.order_by("version")]
        self.message_user(
            request,
            ngettext(
                "Version %(versions)s is created: change it, then publish with it.",
                "Versions %(versions)s are created: change them, then publish with them.",
                len(copies),
            )
            % {"versions": ", ".join(str(copy.version) for copy in copies)},
            messages.SUCCESS,
        )


@admin.register(Publication)
class PublicationAdmin(HistoryAdmin):
    """What the committee published: a frozen record, never changed nor deleted."""

    list_display = ("kind", "campaign", "method", "published_at", "published_by")
    list_filter = ("kind",)
    list_select_related = ("campaign", "method", "published_by")
    search_fields = ("campaign__name",)
    date_hierarchy = "published_at"
    fields = ("kind", "campaign", "method", "published_at", "published_by", "figures")
    readonly_fields = fields

    @admin.display(description=_("figures"))
    def figures(self, obj: Publication) -> str:
        return format_html("<pre>{}</pre>", json.dumps(obj.data, ensure_ascii=False, indent=2))

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
