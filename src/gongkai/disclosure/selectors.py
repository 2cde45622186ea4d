"""Reading proactive-disclosure records, and table 二 and the section 一 figures counted from them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.annual_report.format import CURRENT, cell_key

from .models import (
    COERCION,
    DECISION_KINDS,
    FEES,
    NORMATIVE_KINDS,
    PROACTIVE,
    AdministrativeDecision,
    CatalogueColumn,
    ChannelYear,
    Document,
    DocumentStatus,
    FeeIncome,
    NewMediaAccount,
    NormativeDocument,
    PageView,
    Platform,
    WebsiteOpeningTotal,
)

TEN_THOUSAND = Decimal(10000)
CENT = Decimal("0.01")
DUE_SOON_WORKING_DAYS = 5
# The section 一 figures these records give (codes of the format's NARRATIVE_FIGURES).
NARRATIVE_CODES = (
    "website_posts",
    "website_visits",
    "new_media_accounts",
    "weibo_posts",
    "weibo_followers",
    "wechat_posts",
    "wechat_subscribers",
)
assert set(NARRATIVE_CODES) <= {f.code for f in CURRENT.narrative_figures}

__all__ = [
    "COERCION",
    "NARRATIVE_CODES",
    "Timeliness",
    "catalogue_of",
    "channel_years_of",
    "decisions_of",
    "document_for_office",
    "documents_for_office",
    "fee_incomes_of",
    "narrative_figure_values",
    "new_media_accounts_of",
    "normative_documents_of",
    "proactive_table_values",
    "timeliness",
    "wan_yuan",
    "website_visits",
    "work_calendar",
]


# --- lists ---------------------------------------------------------------------------------------


def catalogue_of(agency):
    return CatalogueColumn.objects.filter(agency=agency).select_related("parent").order_by("order", "pk")


def documents_for_office(agency, *, status: str | None = None, column=None, query: str = ""):
    documents = Document.objects.filter(agency=agency).select_related("column", "created_by", "interprets")
    if status:
        documents = documents.filter(status=status)
    if column is not None:
        documents = documents.filter(column=column)
    if query:
        documents = documents.filter(Q(title__icontains=query) | Q(document_number__icontains=query))
    return documents.order_by("-updated_at", "-pk")


def document_for_office(agency, pk: int) -> Document | None:
    """One document of ``agency`` with everything its office page shows (None if not this agency's)."""
    return (
        Document.objects.filter(agency=agency, pk=pk)
        .select_related("column", "created_by", "interprets", "agency")
        .prefetch_related("attachments", "reviews__reviewer", "revisions__actor", "interpretations")
        .first()
    )


def normative_documents_of(agency, *, kind: str | None = None):
    rows = NormativeDocument.objects.filter(agency=agency).select_related("repealed_by", "document")
    if kind:
        rows = rows.filter(kind=kind)
    return rows.prefetch_related("amendments").order_by("-issued_on", "pk")


def decisions_of(agency, *, kind: str | None = None, year: int | None = None):
    rows = AdministrativeDecision.objects.filter(agency=agency)
    if kind:
        rows = rows.filter(kind=kind)
    if year:
        rows = rows.filter(decided_on__year=year)
    return rows.order_by("-decided_on", "decision_number")


def fee_incomes_of(agency, *, year: int | None = None):
    rows = FeeIncome.objects.filter(agency=agency)
    if year:
        rows = rows.filter(received_on__year=year)
    return rows.order_by("-received_on", "pk")


def new_media_accounts_of(agency):
    return NewMediaAccount.objects.filter(agency=agency).prefetch_related("years").order_by("platform", "name")


def channel_years_of(agency, year: int):
    return ChannelYear.objects.filter(account__agency=agency, year=year).select_related("account")


# --- table 二 and section 一 ----------------------------------------------------------------------


def wan_yuan(yuan: Decimal) -> Decimal:
    """Exact yuan → 万元, exact: 1252600.00 → 125.26; 1234.56 → 0.123456 (never rounded)."""
    value = Decimal(yuan) / TEN_THOUSAND
    if value == value.quantize(CENT):
        return value.quantize(CENT)
    return value.normalize()


def proactive_table_values(agency, year: int) -> dict[str, int | Decimal]:
    """Every cell of table 二 (``CURRENT.table("proactive")``) for ``agency`` and ``year``, by cell key.

    issued = issued in the year; repealed = repealed in the year; in_force = in force on 31 December;
    decisions = decided in the year; fees = income of the year in 万元 (exact).
    """
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    values: dict[str, int | Decimal] = {}
    normative = NormativeDocument.objects.filter(agency=agency)
    for kind in NORMATIVE_KINDS:
        rows = normative.filter(kind=kind)
        counts = rows.aggregate(
            issued=Count("pk", filter=Q(issued_on__range=(start, end))),
            repealed=Count("pk", filter=Q(repealed_on__range=(start, end))),
            in_force=Count("pk", filter=Q(issued_on__lte=end) & (Q(repealed_on__isnull=True) | Q(repealed_on__gt=end))),
        )
        for column in PROACTIVE.row(kind).columns:
            values[cell_key(PROACTIVE.code, kind, column.code)] = counts[column.code]
    decided = dict(
        AdministrativeDecision.objects.filter(agency=agency, decided_on__range=(start, end))
        .values_list("kind")
        .annotate(n=Count("pk"))
        .values_list("kind", "n")
    )
    for kind in DECISION_KINDS:
        (column,) = PROACTIVE.row(kind).columns
        values[cell_key(PROACTIVE.code, kind, column.code)] = decided.get(kind, 0)
    total = FeeIncome.objects.filter(agency=agency, received_on__range=(start, end)).aggregate(s=Sum("amount"))["s"]
    (column,) = PROACTIVE.row(FEES).columns
    values[cell_key(PROACTIVE.code, FEES, column.code)] = wan_yuan(total or Decimal("0"))
    missing = set(PROACTIVE.cell_keys()) - set(values)
    if missing:  # the format grew a row these records do not know
        raise KeyError(f"table 二 cells not counted from records: {sorted(missing)}")
    return values


def website_visits(agency, year: int) -> int:
    """Visits of ``year``: the opening total entered by the agency plus the portal's own count."""
    opening = WebsiteOpeningTotal.objects.filter(agency=agency, year=year).values_list("visits", flat=True).first()
    counted = PageView.objects.filter(agency=agency, date__year=year).aggregate(s=Sum("views"))["s"]
    return int(opening or 0) + int(counted or 0)


def narrative_figure_values(agency, year: int) -> dict[str, int]:
    """The section 一 figures (format NARRATIVE_FIGURES codes) that these records give."""
    published = Document.objects.filter(
        agency=agency,
        published_on__year=year,
        status__in=(DocumentStatus.PUBLISHED, DocumentStatus.WITHDRAWN),
    ).count()
    channel = list(
        ChannelYear.objects.filter(account__agency=agency, year=year).values_list(
            "account__platform", "posts", "followers"
        )
    )

    def total(platform: str, index: int) -> int:
        return sum(row[index] for row in channel if row[0] == platform)

    return {
        "website_posts": published,
        "website_visits": website_visits(agency, year),
        "new_media_accounts": len(channel),
        "weibo_posts": total(Platform.WEIBO, 1),
        "weibo_followers": total(Platform.WEIBO, 2),
        "wechat_posts": total(Platform.WECHAT, 1),
        "wechat_subscribers": total(Platform.WECHAT, 2),
    }


# --- 第二十六条 timeliness ------------------------------------------------------------------------


def work_calendar():
    """The working-day calendar: the office-maintained one when that app provides it, else the built-in."""
    try:
        from gongkai.workcalendar.selectors import work_calendar as office_calendar
    except ImportError:
        office_calendar = None
    if office_calendar is not None:
        calendar = office_calendar()
        if calendar.years:  # an empty table would make every answer provisional
            return calendar
    from gongkai.workdays import builtin_calendar

    return builtin_calendar()


class TimelinessState:
    OK = "ok"
    DUE_SOON = "due_soon"
    LATE = "late"
    UNKNOWN = "unknown"


STATE_LABELS = {
    TimelinessState.OK: _("按期"),
    TimelinessState.DUE_SOON: _("即将到期"),
    TimelinessState.LATE: _("逾期"),
    TimelinessState.UNKNOWN: _("未填成文日期"),
}


@dataclass(frozen=True)
class Timeliness:
    """Whether a document is (or was) published within 20 working days of being made or changed."""

    state: str
    made_on: dt.date | None
    due: dt.date | None
    published_on: dt.date | None
    working_days_left: int | None  # for an unpublished document: from today to the due date
    provisional: bool
    explanation: tuple[str, ...]

    @property
    def label(self) -> str:
        return str(STATE_LABELS[self.state])


def timeliness(document: Document, *, today: dt.date | None = None, calendar=None) -> Timeliness:
    from gongkai.workdays import proactive_publication_due

    made_on = document.made_on
    published_on = document.published_on if document.status != DocumentStatus.DRAFT else None
    if made_on is None:
        return Timeliness(TimelinessState.UNKNOWN, None, None, published_on, None, False, ())
    calendar = calendar or work_calendar()
    deadline = proactive_publication_due(made_on, calendar)
    if published_on is not None:
        state = TimelinessState.OK if published_on <= deadline.due else TimelinessState.LATE
        return Timeliness(state, made_on, deadline.due, published_on, None, deadline.provisional, deadline.explanation)
    today = today or timezone.localdate()
    left = calendar.working_days_between(today, deadline.due).count
    if today > deadline.due:
        state = TimelinessState.LATE
    elif left <= DUE_SOON_WORKING_DAYS:
        state = TimelinessState.DUE_SOON
    else:
        state = TimelinessState.OK
    return Timeliness(state, made_on, deadline.due, None, left, deadline.provisional, deadline.explanation)
