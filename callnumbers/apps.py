from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CallNumbersConfig(AppConfig):
    name = "callnumbers"
    verbose_name = _("Customer-service numbers")
