from django.contrib import admin

from core.history_admin import HistoryAdmin

from .models import CallNumber, TariffPrefix


@admin.register(TariffPrefix)
class TariffPrefixAdmin(HistoryAdmin):
    """The numbering plan's prefixes by period: two rows in force for one prefix on the
    same day are refused (``TariffPrefix.clean``)."""

    list_display = ("prefix", "family", "surcharged", "valid_from", "valid_until", "source")
    list_filter = ("family", "surcharged")
    search_fields = ("prefix", "source")


@admin.register(CallNumber)
class CallNumberAdmin(HistoryAdmin):
    list_display = ("number", "purpose", "company", "site", "label")
    list_filter = ("purpose",)
    list_select_related = ("company", "site")
    search_fields = ("number", "company__legal_name", "label")
    raw_id_fields = ("company", "site")
