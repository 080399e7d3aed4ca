from django.contrib import admin

from core.history_admin import HistoryAdmin

from .models import PublicContract


@admin.register(PublicContract)
class PublicContractAdmin(HistoryAdmin):
    """The register, for corrections; the verdict on the label is settled by the model
    (``PublicContract.clean``) and shown read-only."""

    list_display = ("reference", "buyer", "awarded_on", "provider_siren", "labelled")
    list_filter = ("buyer", "labelled", "value_band")
    search_fields = ("reference", "subject", "provider_siren", "provider_name")
    date_hierarchy = "awarded_on"
    readonly_fields = ("provider", "labelled", "label_number", "created_by", "created_at")
