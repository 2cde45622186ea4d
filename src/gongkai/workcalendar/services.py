"""Writing the working-day calendar (administrators only; every change audited).

When the effective calendar changes (a year is confirmed, or a confirmed year is edited), the
deadline caches of the open applications whose deadlines touched that year are recomputed in the
same transaction (``gongkai.applications.services.applications_recompute_deadlines``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.audit.services import audit_record
from gongkai.core.errors import ApplicationError, PermissionDenied
from gongkai.workdays import CalendarDataError, YearCalendar, calendar_from_chinesecalendar

from . import events
from .models import CalendarDay, CalendarYear, DayKind
from .selectors import invalidate_cache

DayList = Mapping[date, str] | Iterable[date]


def _check_admin(actor) -> None:
    """``actor`` None is the system (migrations, seeding); a person must be an administrator."""
    if actor is None:
        return
    if not (getattr(actor, "is_authenticated", False) and actor.is_active and (actor.is_superuser or actor.is_staff)):
        raise PermissionDenied(_("只有系统管理员可以修改节假日安排。"))


def _as_mapping(days: DayList | None, what: str) -> dict[date, str]:
    if days is None:
        return {}
    items = days.items() if isinstance(days, Mapping) else ((d, "") for d in days)
    out: dict[date, str] = {}
    for d, name in items:
        if not isinstance(d, date):
            raise ApplicationError(_("%(what)s中有不是日期的项：%(value)s") % {"what": what, "value": d})
        out[d] = str(name or "").strip()[:50]
    return out


def _validated(year: int, days_off: DayList | None, makeup_days: DayList | None, confirmed: bool) -> YearCalendar:
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        raise ApplicationError(_("年度须为 2000 至 2100 之间的整数。"), code="bad_year")
    try:
        return YearCalendar(
            year,
            _as_mapping(days_off, _("放假日期")),
            _as_mapping(makeup_days, _("调休上班日期")),
            confirmed=bool(confirmed),
        )
    except CalendarDataError as exc:
        raise ApplicationError(str(exc), code="bad_calendar") from None


def calendar_year_save(
    *,
    actor,
    year: int,
    days_off: DayList | None,
    makeup_days: DayList | None,
    confirmed: bool = False,
    notice: str = "",
    source: str = "",
) -> CalendarYear:
    """Create or replace the arrangement of ``year``.

    ``days_off`` / ``makeup_days``: dates, or a mapping date → holiday name (e.g. 春节). Dates must
    lie in the year (or from 24 December of the year before, for the 元旦 arrangement), no date may
    be both, a make-up working day must be a Saturday or Sunday, and no date may belong to another
    year's arrangement. Raises ApplicationError with a Chinese message otherwise.
    """
    _check_admin(actor)
    pure = _validated(year, days_off, makeup_days, confirmed)
    with transaction.atomic():
        row = CalendarYear.objects.select_for_update().filter(year=year).first()
        was_effective = bool(row and row.confirmed)
        entries = pure.entries()
        clash = (
            CalendarDay.objects.filter(date__in=[e.day for e in entries])
            .exclude(calendar_year__year=year)
            .select_related("calendar_year")
            .first()
        )
        if clash is not None:
            raise ApplicationError(
                _("%(day)s 已属于 %(other)s 年度的安排，不能再列入 %(year)s 年度。")
                % {"day": clash.date.isoformat(), "other": clash.calendar_year.year, "year": year},
                code="bad_calendar",
            )
        if row is None:
            row = CalendarYear(year=year)
        before = {"confirmed": row.confirmed, "days": len(row.days.all())} if row.pk else {"confirmed": None, "days": 0}
        row.confirmed = bool(confirmed)
        row.notice = (notice or "").strip()[:100]
        row.source = (source or "").strip()[:200] or row.source or _("管理员录入")
        row.updated_by = actor if getattr(actor, "is_authenticated", False) else None
        row.full_clean()
        row.save()
        row.days.all().delete()
        CalendarDay.objects.bulk_create(
            CalendarDay(
                calendar_year=row,
                date=e.day,
                kind=DayKind.DAY_OFF if e.kind == "off" else DayKind.MAKEUP_WORKDAY,
                name=e.name,
            )
            for e in entries
        )
        audit_record(
            actor=actor,
            code=events.CALENDAR_YEAR_SAVED.code,
            target=row,
            summary=f"{year}（{_('已确认') if row.confirmed else _('未确认')}）{row.notice}",
            data={
                "year": year,
                "confirmed": row.confirmed,
                "notice": row.notice,
                "days_off": [d.isoformat() for d in pure.days_off],
                "makeup_days": [d.isoformat() for d in pure.makeup_workdays],
                "before": before,
            },
        )
        transaction.on_commit(invalidate_cache)
        invalidate_cache()
        if was_effective or row.confirmed:
            _recompute(year)
    return row


def calendar_year_confirm(*, actor, year: int, notice: str = "") -> CalendarYear:
    """Confirm a stored year (checked against the State Council's notice); recompute the deadlines
    of open applications that touched it."""
    _check_admin(actor)
    with transaction.atomic():
        row = CalendarYear.objects.select_for_update().filter(year=year).first()
        if row is None:
            raise ApplicationError(_("尚未录入 %(year)s 年的节假日安排，请先录入再确认。") % {"year": year})
        if row.confirmed:
            raise ApplicationError(_("%(year)s 年的节假日安排已经确认。") % {"year": year}, code="already_confirmed")
        row.confirmed = True
        if notice:
            row.notice = notice.strip()[:100]
        row.updated_by = actor if getattr(actor, "is_authenticated", False) else None
        row.save()
        invalidate_cache()
        transaction.on_commit(invalidate_cache)
        recomputed = _recompute(year)
        audit_record(
            actor=actor,
            code=events.CALENDAR_YEAR_CONFIRMED.code,
            target=row,
            summary=f"{year} {row.notice}",
            data={"year": year, "notice": row.notice, "recomputed": recomputed},
        )
    return row


def _recompute(year: int) -> int:
    from gongkai.applications.services import applications_recompute_deadlines

    return applications_recompute_deadlines(year=year)


def calendar_seed_from_chinesecalendar(
    *, actor, years: Iterable[int] | None = None, replace: bool = False
) -> list[int]:
    """Store the years the ``chinesecalendar`` package knows (2004 onward), confirmed.

    Years already stored are left alone unless ``replace``. Returns the years written.
    """
    _check_admin(actor)
    if years is None:
        years = known_chinesecalendar_years()
    wanted = sorted(set(years))
    with transaction.atomic():
        existing = set(CalendarYear.objects.filter(year__in=wanted).values_list("year", flat=True))
        todo = [y for y in wanted if replace or y not in existing]
        if not todo:
            return []
        try:
            cal = calendar_from_chinesecalendar(todo)
        except CalendarDataError as exc:
            raise ApplicationError(str(exc), code="bad_calendar") from None
        CalendarDay.objects.filter(calendar_year__year__in=todo).delete()
        for y in todo:
            pure = cal.years[y]
            row, _created = CalendarYear.objects.update_or_create(
                year=y, defaults={"confirmed": True, "source": pure.source, "updated_by": None}
            )
            CalendarDay.objects.bulk_create(
                CalendarDay(
                    calendar_year=row,
                    date=e.day,
                    kind=DayKind.DAY_OFF if e.kind == "off" else DayKind.MAKEUP_WORKDAY,
                    name=e.name,
                )
                for e in pure.entries()
            )
        audit_record(
            actor=actor,
            code=events.CALENDAR_YEAR_SEEDED.code,
            summary=f"{todo[0]}–{todo[-1]}",
            data={"years": todo, "source": cal.years[todo[0]].source},
        )
        invalidate_cache()
        transaction.on_commit(invalidate_cache)
        for y in todo:
            _recompute(y)
    return todo


def known_chinesecalendar_years() -> list[int]:
    """The years the installed ``chinesecalendar`` covers."""
    from chinese_calendar.constants import holidays

    return list(range(min(holidays).year, max(holidays).year + 1))


__all__ = [
    "calendar_seed_from_chinesecalendar",
    "calendar_year_confirm",
    "calendar_year_save",
    "known_chinesecalendar_years",
]
