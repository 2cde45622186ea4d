"""An agency's annual report for a year, computed from the records of its work.

Each table comes from the app that keeps its records — table 二 from proactive
disclosure, table 三 from the requests, table 四 from the reconsideration and
litigation cases — and the narrative is drafted from the same figures for staff
to edit. Nothing here is typed in: a figure that is wrong here is wrong in the
records, and the rules of the format check the result like any published report.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from gongkai.annual_report import Report, format_for_year
from gongkai.annual_report.format import CURRENT, NarrativeFigure
from gongkai.annual_report.model import Cell
from gongkai.applications.models import Application, Channel, Step
from gongkai.applications.selectors import requests_table_counts
from gongkai.applications.workflow import StepKind
from gongkai.core.errors import ApplicationError
from gongkai.disclosure.models import Platform
from gongkai.disclosure.selectors import channel_years_of, narrative_figure_values, proactive_table_values
from gongkai.supervision.selectors import appeals_table_counts

# 第二十九条: a request is made in writing (letters and forms, including by fax) or as
# a data message (the online platform, e-mail). Reports count the two kinds.
WRITTEN_CHANNELS = (Channel.IN_PERSON, Channel.MAIL_SIGNED, Channel.MAIL_UNSIGNED, Channel.FAX)
ONLINE_CHANNELS = (Channel.ONLINE, Channel.EMAIL)


@dataclass(frozen=True)
class FeeSummary:
    notices: int
    amount_noticed: Decimal
    amount_paid: Decimal


def build_report(agency, year: int, *, include_carried_over_appeals: bool = False) -> Report:
    """The report of ``agency`` on ``year``, with every figure computed from records."""
    fmt = format_for_year(year)
    if fmt is not CURRENT:
        raise ApplicationError(
            _("%(year)d 年度的报告使用 %(name)s 格式，本系统只能按现行格式由记录生成报告。")
            % {"year": year, "name": fmt.name}
        )
    values: dict[str, int | Decimal] = {}
    values.update(proactive_table_values(agency, year))
    values.update(requests_table_counts(agency, year))
    values.update(appeals_table_counts(agency, year, include_carried_over=include_carried_over_appeals))
    cells = {key: Cell.of(value) for key, value in values.items()}
    report = Report(format=fmt, year=year, agency=agency.name, cells=cells)
    sections = draft_sections(agency, year, report)
    return report.replace(sections=sections)


# -- figures the narrative states that no table holds ------------------------------------------


def request_channel_counts(agency, year: int) -> dict[str, int]:
    received = Application.objects.filter(agency=agency, received_on__year=year)
    return {
        "requests_written": received.filter(channel__in=WRITTEN_CHANNELS).count(),
        "requests_online": received.filter(channel__in=ONLINE_CHANNELS).count(),
    }


def fee_summary(agency, year: int) -> FeeSummary:
    """Information processing fee notices sent in ``year``, and the fees paid in ``year``."""
    notices = Step.objects.filter(application__agency=agency, kind=StepKind.FEE_NOTICE_ISSUED)
    amounts = {}  # the amount of each application's (latest) notice
    noticed, count = Decimal(0), 0
    for step in notices.order_by("occurred_on", "id"):
        amount = Decimal(str(step.data.get("amount", 0)))
        amounts[step.application_id] = amount
        if step.occurred_on.year == year:
            noticed += amount
            count += 1
    payments = Step.objects.filter(application__agency=agency, kind=StepKind.FEE_PAID, occurred_on__year=year)
    paid = sum((amounts.get(step.application_id, Decimal(0)) for step in payments), Decimal(0))
    return FeeSummary(count, noticed, paid)


# -- drafting ------------------------------------------------------------------------------------


def _state(figure: NarrativeFigure, value) -> str:
    return figure.draft.format(value=value)


def draft_sections(agency, year: int, report: Report) -> dict[str, str]:
    """A first draft of sections 一, 五 and 六 from the figures, for staff to complete.

    Every figure is stated in the words of the format's narrative figures, so
    that a reader of the draft (and the S.narrative_figures rule) finds the same
    figure in the words and in the tables. What records cannot tell — how the
    agency manages its information, what went wrong — is left as a marked gap.
    """
    fmt = report.format
    figures = {f.code: f for f in fmt.narrative_figures}
    proactive = narrative_figure_values(agency, year)
    channels = request_channel_counts(agency, year)
    overview = fmt.section("overview")
    parts = overview.parts

    accounts = list(channel_years_of(agency, year))
    media = []
    for row in accounts:
        account = row.account
        if account.platform == Platform.WEIBO:
            media.append(
                f"“{account.name}”{account.get_platform_display()}全年{_state(figures['weibo_posts'], row.posts)}，"
                f"{_state(figures['weibo_followers'], row.followers)}"
            )
        elif account.platform == Platform.WECHAT:
            media.append(
                f"“{account.name}”{_state(figures['wechat_posts'], row.posts)}，"
                f"{_state(figures['wechat_subscribers'], row.followers)}"
            )
    proactive_text = (
        f"{year}年，本机关通过政府网站{_state(figures['website_posts'], proactive['website_posts'])}，"
        f"{_state(figures['website_visits'], proactive['website_visits'])}。"
    )
    if accounts:
        proactive_text += f"目前有{_state(figures['new_media_accounts'], len(accounts))}"
        proactive_text += ("，其中" + "；".join(media)) if media else ""
        proactive_text += "。"

    new_total = report.value("requests.new.total")
    requests_text = (
        f"{year}年，本机关{_state(figures['requests_new'], new_total)}，"
        f"其中{_state(figures['requests_written'], channels['requests_written'])}，"
        f"{_state(figures['requests_online'], channels['requests_online'])}；"
        f"上年结转 {report.value('requests.carried_in.total')} 件，"
        f"本年度办结 {report.value('requests.concluded_total.total')} 件，"
        f"尚未办结、转入下一年度继续办理 {report.value('requests.carried_out.total')} 件。"
    )
    reconsideration = report.value("appeals.reconsideration.total")
    if reconsideration:
        requests_text += f"本年度{_state(figures['reconsideration_total'], reconsideration)}。"

    gap = _("（待填写）")
    overview_text = "\n".join(
        [parts[0], proactive_text, parts[1], requests_text, parts[2], gap, parts[3], gap, parts[4], gap]
    )

    fees = fee_summary(agency, year)
    if fees.notices:
        fee_text = (
            f"{year}年，本机关依据《政府信息公开信息处理费管理办法》发出收费通知 {fees.notices} 件，"
            f"金额 {fees.amount_noticed} 元，实际收取信息处理费 {fees.amount_paid} 元。"
        )
    else:
        fee_text = f"{year}年，本机关未发出收费通知，未收取信息处理费。"
    return {"overview": overview_text, "problems": gap, "other_matters": fee_text}


def report_year_default(today: date | None = None) -> int:
    """The year whose report is due now: last year."""
    return (today or date.today()).year - 1
