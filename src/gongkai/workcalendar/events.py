"""Audit event codes of the working-day calendar."""

from django.utils.translation import gettext_lazy as _

from gongkai.audit.registry import register

CALENDAR_YEAR_SAVED = register("calendar_year.saved", _("保存节假日安排"))
CALENDAR_YEAR_CONFIRMED = register("calendar_year.confirmed", _("确认节假日安排"))
CALENDAR_YEAR_SEEDED = register("calendar_year.seeded", _("从 chinesecalendar 导入节假日安排"))
