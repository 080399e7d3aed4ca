from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Follow-up committee")

    def ready(self) -> None:
        # The public page of axis 5 shows the meetings held and the public decisions; the
        # charter app, lower down, only offers the hook.
        from charter.sections import register_axis_section

        from .selectors import axis_section

        register_axis_section(5, axis_section)
