from django.contrib import admin

from core.history_admin import HistoryAdmin

from .models import Relation


@admin.register(Relation)
class RelationAdmin(HistoryAdmin):
    list_display = ("__str__", "client_siren", "provider_siren", "declared_by", "status")
    list_filter = ("status", "declared_by")
    search_fields = ("client_siren", "provider_siren", "client_name", "provider_name")
    raw_id_fields = ("client", "provider")
    readonly_fields = (
        "declared_by_user",
        "declared_at",
        "invited_at",
        "answered_by",
        "answered_at",
    )
