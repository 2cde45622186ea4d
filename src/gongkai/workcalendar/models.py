"""The working-day calendar in the database: one row per year's notice, one row per declared day.

A year is the State Council's 《关于XXXX年部分节假日安排的通知》 (国办发明电〔…〕…号): the days off (放假)
and the weekend days declared working days (调休上班). Only confirmed years are used for deadlines;
any other year is counted weekends-only and every deadline that touched it is marked provisional.
The pure rules live in ``gongkai.workdays``; ``selectors.work_calendar()`` turns these rows into a
``gongkai.workdays.WorkCalendar``. Rows are written only by ``services`` (audited).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.workdays import DAY_OFF, MAKEUP_WORKDAY


class DayKind(models.TextChoices):
    DAY_OFF = "day_off", _("放假")
    MAKEUP_WORKDAY = "makeup_workday", _("调休上班")


# Database value ↔ the pure core's constant.
KIND_TO_CORE = {DayKind.DAY_OFF: DAY_OFF, DayKind.MAKEUP_WORKDAY: MAKEUP_WORKDAY}


class CalendarYear(models.Model):
    year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    confirmed = models.BooleanField(
        _("已确认"),
        default=False,
        help_text=_("已按国务院办公厅通知核对无误；未确认的年度按周一至周五为工作日临时计算"),
    )
    source = models.CharField(_("数据来源"), max_length=200, blank=True)
    notice = models.CharField(_("通知文号"), max_length=100, blank=True, help_text=_("如 国办发明电〔2025〕7号"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("最后修改人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("最后修改时间"), auto_now=True)

    class Meta:
        verbose_name = _("节假日安排年度")
        verbose_name_plural = _("节假日安排年度")
        ordering = ("-year",)

    def __str__(self) -> str:
        return f"{self.year}"


class CalendarDay(models.Model):
    """A declared day. It may lie in the last days of December before its year (the 元旦 arrangement)."""

    calendar_year = models.ForeignKey(
        CalendarYear, verbose_name=_("年度"), on_delete=models.CASCADE, related_name="days"
    )
    date = models.DateField(_("日期"), unique=True)
    kind = models.CharField(_("类型"), max_length=20, choices=DayKind.choices)
    name = models.CharField(_("节日"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("节假日安排日期")
        verbose_name_plural = _("节假日安排日期")
        ordering = ("date",)

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()}"
