from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkcalendarConfig(AppConfig):
    name = "gongkai.workcalendar"
    verbose_name = _("工作日历")

    def ready(self) -> None:
        from . import events  # noqa: F401  (registers the audit event codes)
