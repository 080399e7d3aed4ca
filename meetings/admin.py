from django.contrib import admin

from core.history_admin import HistoryAdmin

from .models import AgendaItem, Attendance, Decision, Meeting, VotingRule, WorkStream


@admin.register(VotingRule)
class VotingRuleAdmin(HistoryAdmin):
    """The committee's voting rules, dated: ``VotingRule.clean`` refuses two rules in force
    on the same day."""

    list_display = ("valid_from", "valid_until", "quorum", "majority", "source")


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    autocomplete_fields = ("member",)


class DecisionInline(admin.StackedInline):
    model = Decision
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(HistoryAdmin):
    list_display = ("held_on", "place", "link")
    date_hierarchy = "held_on"
    search_fields = ("place", "minutes")
    readonly_fields = ("created_by", "created_at", "updated_at")
    inlines = (AgendaItemInline, AttendanceInline, DecisionInline)


@admin.register(Decision)
class DecisionAdmin(HistoryAdmin):
    """A decision and its vote; the result is computed, never typed."""

    list_display = ("__str__", "meeting", "public")
    list_filter = ("public",)
    search_fields = ("text",)


@admin.register(WorkStream)
class WorkStreamAdmin(HistoryAdmin):
    list_display = ("title", "owner", "due_on", "status", "percent", "completed_on")
    list_filter = ("status", "owner")
    search_fields = ("title",)
