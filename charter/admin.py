from typing import NamedTuple

from django import forms
from django.contrib import admin
from django.db import models
from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.history_admin import HistoryAdmin

from .models import Axis, Charter, Indicator, Measure, WorkingPaper, WorkingPaperVersion


class AxisInline(admin.TabularInline):
    model = Axis
    fields = ("number", "title", "title_en")
    extra = 0
    show_change_link = True


@admin.register(Charter)
class CharterAdmin(HistoryAdmin):
    list_display = ("short_title", "signed_on", "axis_count")
    search_fields = ("title", "short_title")
    date_hierarchy = "signed_on"
    inlines = [AxisInline]
    fieldsets = (
        (_("French"), {"fields": ("title", "short_title", "summary")}),
        (_("English"), {"fields": ("title_en", "short_title_en", "summary_en")}),
        (None, {"fields": ("signed_on",)}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_axis_count=Count("axes"))

    @admin.display(description=_("axes"), ordering="_axis_count")
    def axis_count(self, obj: Charter) -> int:
        return obj._axis_count


class MeasureInline(admin.TabularInline):
    model = Measure
    fields = ("code", "title", "bound", "owner", "optional", "active")
    extra = 0
    show_change_link = True


@admin.register(Axis)
class AxisAdmin(HistoryAdmin):
    list_display = ("number", "title", "charter", "measure_count")
    list_display_links = ("number", "title")
    list_filter = ("charter",)
    search_fields = ("title", "title_en", "summary")
    inlines = [MeasureInline]
    fieldsets = (
        (None, {"fields": ("charter", "number")}),
        (_("French"), {"fields": ("title", "summary", "description")}),
        (_("English"), {"fields": ("title_en", "summary_en", "description_en")}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_measure_count=Count("measures"))

    @admin.display(description=_("measures"), ordering="_measure_count")
    def measure_count(self, obj: Axis) -> int:
        return obj._measure_count


class IndicatorInline(admin.StackedInline):
    model = Indicator
    fields = (
        ("code", "value_type", "required"),
        ("label", "label_en"),
        ("unit", "unit_en", "direction", "position"),
        "choices",
    )
    extra = 0
    show_change_link = True


@admin.register(Measure)
class MeasureAdmin(HistoryAdmin):
    list_display = (
        "code",
        "title",
        "axis",
        "bound",
        "owner",
        "optional",
        "active",
        "indicator_count",
    )
    list_display_links = ("code", "title")
    list_filter = ("axis", "bound", "owner", "optional", "active")
    list_select_related = ("axis", "owner")
    search_fields = ("code", "title", "title_en", "description")
    inlines = [IndicatorInline]
    fieldsets = (
        (None, {"fields": ("axis", "code", "bound", "owner", "optional", "active")}),
        (_("French"), {"fields": ("title", "description")}),
        (_("English"), {"fields": ("title_en", "description_en")}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_indicator_count=Count("indicators"))

    @admin.display(description=_("indicators"), ordering="_indicator_count")
    def indicator_count(self, obj: Measure) -> int:
        return obj._indicator_count


@admin.register(Indicator)
class IndicatorAdmin(HistoryAdmin):
    list_display = ("code", "label", "measure", "value_type", "unit", "direction", "required")
    list_filter = ("value_type", "required", "direction", "measure__axis")
    list_select_related = ("measure", "measure__axis")
    search_fields = ("code", "label", "label_en", "measure__code")
    autocomplete_fields = ("measure",)
    fieldsets = (
        (None, {"fields": ("measure", "code", "value_type", "required", "position")}),
        (_("French"), {"fields": ("label", "help_text", "unit")}),
        (_("English"), {"fields": ("label_en", "help_text_en", "unit_en")}),
        (_("Reading the value"), {"fields": ("direction", "choices")}),
    )


class DownloadLink(NamedTuple):
    url: str
    name: str

    def __str__(self) -> str:
        return self.name


class WorkingPaperFileInput(forms.ClearableFileInput):
    """The file of a version kept, linked to the view that sends it: files have no public
    address (there is no MEDIA_URL route)."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        version = getattr(value, "instance", None)
        if context["widget"]["is_initial"] and version is not None and version.pk:
            url = reverse("charter:working_paper_download", args=[version.pk])
            context["widget"]["value"] = DownloadLink(url, version.download_name)
        return context


class WorkingPaperVersionInline(admin.StackedInline):
    model = WorkingPaperVersion
    formfield_overrides = {models.FileField: {"widget": WorkingPaperFileInput}}
    fields = (("number", "file"), "summary", "summary_en", ("created_at", "created_by"))
    readonly_fields = ("created_at", "created_by")
    extra = 0


@admin.register(WorkingPaper)
class WorkingPaperAdmin(HistoryAdmin):
    list_display = ("title", "measure", "status", "adopted_on", "version_count")
    list_filter = ("status", "measure__axis")
    list_select_related = ("measure",)
    search_fields = ("title", "title_en", "measure__code")
    autocomplete_fields = ("measure",)
    inlines = [WorkingPaperVersionInline]
    fieldsets = (
        (None, {"fields": ("measure", "status", "adopted_on")}),
        (_("French"), {"fields": ("title",)}),
        (_("English"), {"fields": ("title_en",)}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_version_count=Count("versions"))

    @admin.display(description=_("versions"), ordering="_version_count")
    def version_count(self, obj: WorkingPaper) -> int:
        return obj._version_count

    def save_formset(self, request, form, formset, change):
        for version in formset.save(commit=False):
            if version.pk is None:
                version.created_by = request.user
            version.save()
        for version in formset.deleted_objects:
            version.delete()
        formset.save_m2m()
