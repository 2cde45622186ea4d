"""The working-day calendar (工作日历) as immutable data.

A working day (工作日) is a Monday–Friday that is not a day off declared by the
State Council's yearly notice (国务院办公厅《关于XXXX年部分节假日安排的通知》), plus the
weekend days that notice declares to be working days (调休上班). The calendar cannot be
computed by rule, so each year is data, loaded from the notice.

Counting (disclosure-rules.md §4.3): 《民法典》第二百零一条 “按照年、月、日计算期间的，开始的
当日不计入，自下一日开始计算。” — the N-th working day *strictly after* the start day is the
last day of an N-working-day period. Because the period counts working days only, its last day
is always a working day, so the holiday rule of 《民法典》第二百零三条 never applies.

Years that are not confirmed (no notice loaded yet, or a draft still being typed in) are
computed by the weekends-only rule, and every result that touched such a day says so
(``provisional`` and ``unconfirmed_years``). Nothing is refused, nothing is silently guessed.

A notice for year Y may also arrange the last days of December of Y-1 (the 元旦 holiday: e.g.
2007-12-29 was a make-up working day and 2007-12-30/31 days off for 2008). Such days are kept
with year Y, and a day from 24 December on is confirmed only once the next year is confirmed.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from importlib import resources
from types import MappingProxyType

from .errors import CalendarDataError, WorkdayError

__all__ = [
    "DAY_OFF",
    "MAKEUP_WORKDAY",
    "YEAR_END_WINDOW",
    "DayEntry",
    "WorkCalendar",
    "WorkdayCount",
    "WorkdayResult",
    "YearCalendar",
    "builtin_calendar",
    "builtin_years",
    "calendar_from_chinesecalendar",
    "format_date",
    "format_day",
]

DAY_OFF = "off"  # 放假
MAKEUP_WORKDAY = "work"  # 调休上班
KINDS = (DAY_OFF, MAKEUP_WORKDAY)

# From this day of December on, the next year's notice may still change the day (元旦 arrangements
# reached back to 29 December in 2007 and 2012; a week's margin is kept).
YEAR_END_WINDOW = (12, 24)

WEEKDAYS = "一二三四五六日"


def _check_date(d: object, what: str = "日期") -> date:
    # datetime is a subclass of date: a timestamp would silently carry a time zone and a time of day.
    if isinstance(d, datetime) or not isinstance(d, date):
        raise TypeError(f"{what}须为 datetime.date，收到 {type(d).__name__}")
    return d


def format_date(d: date) -> str:
    """``2025-01-24（周五）``."""
    return f"{d.isoformat()}（周{WEEKDAYS[d.weekday()]}）"


def format_day(d: date, *, with_year: bool = False, with_weekday: bool = False) -> str:
    """``1月26日`` (optionally ``2025年1月26日``, ``1月26日（周日）``)."""
    text = f"{d.month}月{d.day}日"
    if with_year:
        text = f"{d.year}年{text}"
    if with_weekday:
        text += f"（周{WEEKDAYS[d.weekday()]}）"
    return text


def _runs(days: Iterable[date]) -> list[tuple[date, date]]:
    """Consecutive days grouped as (first, last)."""
    out: list[tuple[date, date]] = []
    for d in sorted(days):
        if out and out[-1][1] + timedelta(days=1) == d:
            out[-1] = (out[-1][0], d)
        else:
            out.append((d, d))
    return out


def _format_run(first: date, last: date, with_year: bool) -> str:
    if first == last:
        return format_day(first, with_year=with_year)
    if first.year == last.year and first.month == last.month:
        return f"{format_day(first, with_year=with_year)}至{last.day}日"
    return (
        f"{format_day(first, with_year=with_year)}至{format_day(last, with_year=with_year and last.year != first.year)}"
    )


@dataclass(frozen=True)
class DayEntry:
    """One declared day: a row of the calendar table the Django layer keeps."""

    day: date
    kind: str  # DAY_OFF or MAKEUP_WORKDAY
    name: str = ""  # the holiday it belongs to, e.g. 春节

    def __post_init__(self) -> None:
        _check_date(self.day)
        if self.kind not in KINDS:
            raise CalendarDataError(
                f"{self.day.isoformat()}：未知的日期类型 {self.kind!r}（应为 {DAY_OFF!r} 或 {MAKEUP_WORKDAY!r}）"
            )


@dataclass(frozen=True)
class YearCalendar:
    """The arrangement of one year, as published in that year's notice.

    ``days_off`` and ``makeup_workdays`` map each declared day to the holiday it belongs to.
    Days may lie in the year itself or, for the 元旦 arrangement, from 24 December of the year
    before. An unconfirmed year's days are kept (a draft) but not used.
    """

    year: int
    days_off: Mapping[date, str] = field(default_factory=dict)
    makeup_workdays: Mapping[date, str] = field(default_factory=dict)
    confirmed: bool = True
    source: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.year, int) or not 1949 < self.year < 2200:
            raise CalendarDataError(f"年度 {self.year!r} 不是有效年份")
        off = {_check_date(d): str(n) for d, n in dict(self.days_off).items()}
        work = {_check_date(d): str(n) for d, n in dict(self.makeup_workdays).items()}
        first = date(self.year - 1, *YEAR_END_WINDOW)
        last = date(self.year, 12, 31)
        for d in [*off, *work]:
            if not first <= d <= last:
                raise CalendarDataError(
                    f"{self.year} 年度的安排不能包含 {format_date(d)}：只可含本年各日及上年 {YEAR_END_WINDOW[0]}月{YEAR_END_WINDOW[1]}日以后的元旦安排"
                )
        both = sorted(set(off) & set(work))
        if both:
            raise CalendarDataError(f"{format_date(both[0])} 既列为放假又列为调休上班")
        for d in work:
            if d.weekday() < 5:
                raise CalendarDataError(f"{format_date(d)} 是周一至周五，不能列为调休上班日")
        object.__setattr__(self, "days_off", MappingProxyType(dict(sorted(off.items()))))
        object.__setattr__(self, "makeup_workdays", MappingProxyType(dict(sorted(work.items()))))

    def __hash__(self) -> int:
        return hash(
            (self.year, self.confirmed, self.source, tuple(self.days_off.items()), tuple(self.makeup_workdays.items()))
        )

    # --- rows and serialisation ---------------------------------------------------------------

    def entries(self) -> tuple[DayEntry, ...]:
        rows = [DayEntry(d, DAY_OFF, n) for d, n in self.days_off.items()]
        rows += [DayEntry(d, MAKEUP_WORKDAY, n) for d, n in self.makeup_workdays.items()]
        return tuple(sorted(rows, key=lambda e: e.day))

    @classmethod
    def from_entries(
        cls, year: int, entries: Iterable[DayEntry], *, confirmed: bool = True, source: str = ""
    ) -> YearCalendar:
        off: dict[date, str] = {}
        work: dict[date, str] = {}
        for e in entries:
            target = off if e.kind == DAY_OFF else work
            if e.day in off or e.day in work:
                raise CalendarDataError(f"{format_date(e.day)} 在 {year} 年度的安排中出现了两次")
            target[e.day] = e.name
        return cls(year, off, work, confirmed=confirmed, source=source)

    def to_dict(self) -> dict:
        return {
            "year": self.year,
            "confirmed": self.confirmed,
            "source": self.source,
            "days_off": {d.isoformat(): n for d, n in self.days_off.items()},
            "makeup_workdays": {d.isoformat(): n for d, n in self.makeup_workdays.items()},
        }

    @classmethod
    def from_dict(cls, data: Mapping) -> YearCalendar:
        try:
            return cls(
                int(data["year"]),
                {date.fromisoformat(k): v for k, v in dict(data.get("days_off", {})).items()},
                {date.fromisoformat(k): v for k, v in dict(data.get("makeup_workdays", {})).items()},
                confirmed=bool(data.get("confirmed", True)),
                source=str(data.get("source", "")),
            )
        except (KeyError, TypeError, ValueError) as exc:
            if isinstance(exc, WorkdayError):
                raise
            raise CalendarDataError(f"年度日历数据无法读取：{exc}") from exc


@dataclass(frozen=True)
class WorkdayResult:
    """The N-th working day after a start day, with how sure it is and why."""

    start: date
    n: int
    date: date
    provisional: bool
    unconfirmed_years: tuple[int, ...]
    notes: tuple[str, ...]  # the special days met on the way, and what is provisional

    def explain(self, what: str = "") -> str:
        head = f"{format_date(self.start)}{what} → {self.n} 个工作日 → {format_date(self.date)}"
        return "；".join([head, *self.notes])


@dataclass(frozen=True)
class WorkdayCount:
    """How many working days lie strictly after ``a`` up to and including ``b``."""

    a: date
    b: date
    count: int
    provisional: bool
    unconfirmed_years: tuple[int, ...]
    notes: tuple[str, ...]


class WorkCalendar:
    """Immutable set of year arrangements; answers working-day questions for any date.

    Only confirmed years are used; any other year follows the weekends-only rule and every
    answer that touched it is provisional.
    """

    __slots__ = ("_confirmed", "_kind", "_name", "_years")

    def __init__(self, years: Iterable[YearCalendar] = ()) -> None:
        by_year: dict[int, YearCalendar] = {}
        for y in years:
            if not isinstance(y, YearCalendar):
                raise TypeError(f"须为 YearCalendar，收到 {type(y).__name__}")
            if y.year in by_year:
                raise CalendarDataError(f"{y.year} 年度的安排重复出现")
            by_year[y.year] = y
        kind: dict[date, str] = {}
        name: dict[date, str] = {}
        for y in sorted(by_year.values(), key=lambda v: v.year):
            if not y.confirmed:
                continue
            for e in y.entries():
                if e.day in kind and kind[e.day] != e.kind:
                    raise CalendarDataError(f"{format_date(e.day)} 在相邻两个年度的安排中互相矛盾")
                kind[e.day] = e.kind
                name[e.day] = e.name
        self._confirmed = frozenset(y for y, v in by_year.items() if v.confirmed)
        self._kind: Mapping[date, str] = MappingProxyType(kind)
        self._name: Mapping[date, str] = MappingProxyType(name)
        self._years: Mapping[int, YearCalendar] = MappingProxyType(dict(sorted(by_year.items())))  # last: seals

    def __setattr__(self, key, value):  # immutable once built
        if hasattr(self, "_years"):
            raise AttributeError("WorkCalendar 不可修改；请用 with_year() 生成新的日历")
        object.__setattr__(self, key, value)

    def __repr__(self) -> str:
        return f"WorkCalendar(confirmed={sorted(self._confirmed)}, years={list(self._years)})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, WorkCalendar) and dict(self._years) == dict(other._years)

    def __hash__(self) -> int:
        return hash(tuple(self._years))

    # --- data -----------------------------------------------------------------------------------

    @property
    def years(self) -> Mapping[int, YearCalendar]:
        return self._years

    def with_year(self, year: YearCalendar) -> WorkCalendar:
        """A new calendar with ``year`` added or replaced."""
        return WorkCalendar([*(y for y in self._years.values() if y.year != year.year), year])

    def to_dict(self) -> dict:
        return {"years": [y.to_dict() for y in self._years.values()]}

    @classmethod
    def from_dict(cls, data: Mapping) -> WorkCalendar:
        return cls(YearCalendar.from_dict(y) for y in data.get("years", []))

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=1)

    @classmethod
    def from_json(cls, text: str) -> WorkCalendar:
        return cls.from_dict(json.loads(text))

    # --- single days ----------------------------------------------------------------------------

    def confirmed(self, year: int) -> bool:
        """Whether ``year``'s arrangement is loaded and confirmed."""
        return year in self._confirmed

    def missing_notice(self, d: date) -> int | None:
        """The year whose unconfirmed notice could still change ``d``, or None if ``d`` is settled."""
        _check_date(d)
        if d.year not in self._confirmed:
            return d.year
        if (d.month, d.day) >= YEAR_END_WINDOW and d.year + 1 not in self._confirmed:
            return d.year + 1
        return None

    def is_confirmed_date(self, d: date) -> bool:
        return self.missing_notice(d) is None

    def is_working_day(self, d: date) -> bool:
        """第三十三条所称工作日: Monday–Friday unless declared off, or a weekend day declared 调休上班."""
        _check_date(d)
        kind = self._kind.get(d)
        if kind == MAKEUP_WORKDAY:
            return True
        if kind == DAY_OFF:
            return False
        return d.weekday() < 5

    def describe_day(self, d: date) -> str:
        """``2025-01-26（周日）：调休上班（春节）`` and the like."""
        kind = self._kind.get(_check_date(d))
        name = self._name.get(d, "")
        suffix = f"（{name}）" if name else ""
        if kind == MAKEUP_WORKDAY:
            text = f"{format_date(d)}：调休上班{suffix}，为工作日"
        elif kind == DAY_OFF:
            text = f"{format_date(d)}：放假{suffix}，不是工作日"
        elif d.weekday() >= 5:
            text = f"{format_date(d)}：周末，不是工作日"
        else:
            text = f"{format_date(d)}：工作日"
        missing = self.missing_notice(d)
        if missing is not None:
            text += f"（{missing} 年节假日安排未确认，暂按周一至周五为工作日计算）"
        return text

    # --- ranges ---------------------------------------------------------------------------------

    def unconfirmed_years_between(self, a: date, b: date) -> tuple[int, ...]:
        """Years whose missing notice could change a day strictly after ``a`` up to ``b``."""
        _check_date(a)
        _check_date(b)
        found: set[int] = set()
        for year in range(a.year, b.year + 1):
            lo = max(a + timedelta(days=1), date(year, 1, 1))
            hi = min(b, date(year, 12, 31))
            if lo > hi:
                continue
            if year not in self._confirmed:
                found.add(year)
            elif year + 1 not in self._confirmed and hi >= date(year, *YEAR_END_WINDOW):
                found.add(year + 1)
        return tuple(sorted(found))

    def notes_between(self, a: date, b: date) -> tuple[str, ...]:
        """Chinese notes on the special days strictly after ``a`` up to ``b``.

        e.g. ``10月1日至6日放假（国庆节）``, ``10月7日（周六）、10月8日（周日）为调休工作日``, and a note
        for each unconfirmed year.
        """
        lo, hi = (a, b) if a <= b else (b, a)
        off = [d for d, k in self._kind.items() if k == DAY_OFF and lo < d <= hi]
        work = sorted(d for d, k in self._kind.items() if k == MAKEUP_WORKDAY and lo < d <= hi)
        with_year = lo.year != hi.year
        notes: list[str] = []
        if off:
            parts = []
            for first, last in _runs(off):
                span = (first + timedelta(days=i) for i in range((last - first).days + 1))
                names = "、".join(n for n in dict.fromkeys(self._name.get(d, "") for d in span) if n)
                parts.append(_format_run(first, last, with_year) + (f"（{names}）" if names else ""))
            notes.append("、".join(parts) + "放假")
        if work:
            notes.append(
                "、".join(format_day(d, with_year=with_year, with_weekday=True) for d in work) + "为调休工作日"
            )
        for year in self.unconfirmed_years_between(lo, hi):
            if hi >= date(year, 1, 1):
                scope = f"{year} 年各日"
            else:
                scope = (
                    f"{year - 1} 年{YEAR_END_WINDOW[0]}月{YEAR_END_WINDOW[1]}日以后各日（可能受 {year} 年元旦安排调整）"
                )
            notes.append(
                f"{year} 年节假日安排尚未确认：{scope}暂按周一至周五为工作日计算，结果为临时结果，通知公布后须重算"
            )
        return tuple(notes)

    def working_days_after(self, start: date) -> Iterator[date]:
        """The working days strictly after ``start``, in order, without end."""
        d = _check_date(start)
        while True:
            d += timedelta(days=1)
            if self.is_working_day(d):
                yield d

    def add_working_days(self, start: date, n: int) -> WorkdayResult:
        """The ``n``-th working day strictly after ``start`` (start itself not counted; n = 0 → start).

        《民法典》第二百零一条：“开始的当日不计入，自下一日开始计算。”
        """
        _check_date(start, "起算日")
        if not isinstance(n, int) or isinstance(n, bool) or n < 0:
            raise WorkdayError(f"工作日数须为非负整数，收到 {n!r}")
        d = start
        if n:
            for k, d in enumerate(self.working_days_after(start), start=1):  # noqa: B007
                if k == n:
                    break
        years = self.unconfirmed_years_between(start, d)
        return WorkdayResult(start, n, d, bool(years), years, self.notes_between(start, d))

    def working_days_between(self, a: date, b: date) -> WorkdayCount:
        """Working days strictly after ``a`` up to and including ``b``; negative if ``b`` is before ``a``."""
        _check_date(a)
        _check_date(b)
        lo, hi, sign = (a, b, 1) if a <= b else (b, a, -1)
        count = 0
        d = lo
        while d < hi:
            d += timedelta(days=1)
            if self.is_working_day(d):
                count += 1
        years = self.unconfirmed_years_between(lo, hi)
        return WorkdayCount(a, b, sign * count, bool(years), years, self.notes_between(lo, hi))

    def working_days_in(self, start: date, end: date) -> list[date]:
        """The working days d with ``start`` <= d < ``end`` (a pause, disclosure-rules.md §4.4)."""
        _check_date(start)
        _check_date(end)
        out = []
        d = start
        while d < end:
            if self.is_working_day(d):
                out.append(d)
            d += timedelta(days=1)
        return out


# --- built-in data and seeding ------------------------------------------------------------------

BUILTIN_RESOURCE = "holiday_notices.json"


def builtin_years() -> tuple[YearCalendar, ...]:
    """The years typed in from the State Council notices (data/holiday_notices.json)."""
    text = resources.files("gongkai.workdays").joinpath("data", BUILTIN_RESOURCE).read_text(encoding="utf-8")
    return tuple(YearCalendar.from_dict(y) for y in json.loads(text)["years"])


def builtin_calendar() -> WorkCalendar:
    """A calendar of the built-in years (2023–2026)."""
    return WorkCalendar(builtin_years())


def calendar_from_chinesecalendar(years: Iterable[int]) -> WorkCalendar:
    """A calendar of ``years`` read from the ``chinesecalendar`` package (2004 onward).

    Imported here, not at module import: the pure core does not need the package; the Django
    layer seeds its table with this once. Each year is marked confirmed with the package's
    version as its source. A year the package does not cover raises CalendarDataError.
    """
    try:
        import chinese_calendar
        from chinese_calendar.constants import Holiday
        from chinese_calendar.constants import holidays as cc_off
        from chinese_calendar.constants import workdays as cc_work
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise CalendarDataError("未安装 chinesecalendar，无法从中导入节假日数据") from exc
    try:
        from importlib.metadata import version

        source = f"chinesecalendar {version('chinesecalendar')}"
    except Exception:  # pragma: no cover
        source = f"chinesecalendar {getattr(chinese_calendar, '__version__', '')}".strip()
    wanted = sorted(set(years))
    lo, hi = min(cc_off).year, max(cc_off).year
    outside = [y for y in wanted if not lo <= y <= hi]
    if outside:
        raise CalendarDataError(f"chinesecalendar 只有 {lo}–{hi} 年的数据，没有 {', '.join(map(str, outside))} 年")
    chinese = {h.value: h.chinese for h in Holiday}

    def notice_year(d: date, name: str) -> int:
        # The 元旦 arrangement of year Y may declare days at the end of December of Y-1.
        if (d.month, d.day) >= YEAR_END_WINDOW and name == Holiday.new_years_day.value:
            return d.year + 1
        return d.year

    off: dict[int, dict[date, str]] = {y: {} for y in wanted}
    work: dict[int, dict[date, str]] = {y: {} for y in wanted}
    for table, target in ((cc_off, off), (cc_work, work)):
        for d, name in table.items():
            y = notice_year(d, name)
            if y in target:
                target[y][d] = chinese.get(name, name)
    return WorkCalendar(YearCalendar(y, off[y], work[y], confirmed=True, source=source) for y in wanted)
