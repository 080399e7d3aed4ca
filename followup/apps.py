from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupConfig(AppConfig):
    name = "followup"
    verbose_name = _("Follow-up")

    def ready(self) -> None:
        # Axis 1's page shows the committee what the companies report on human contact and
        # how their customer-service numbers are classified; the charter app only offers
        # the hook.
        from charter.sections import register_axis_section

        from .sections import human_contact_section

        register_axis_section(1, human_contact_section)
