"""Every audit event code Gongkai may write, in one place (the Sentry/Zulip pattern).

Apps register their codes when their module is imported; recording an
unregistered code raises, so a typo can never write a silent, unsearchable row.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class UnknownEventCode(LookupError):
    pass


@dataclass(frozen=True)
class EventType:
    code: str  # dotted English: "<entity>.<past participle>", e.g. report.imported
    label: str | Promise  # Chinese, shown in the admin and the office


_REGISTRY: dict[str, EventType] = {}


def register(code: str, label: str | Promise) -> EventType:
    existing = _REGISTRY.get(code)
    if existing is not None:
        if existing.label != label:
            raise ValueError(f"audit event code {code!r} registered twice with different labels")
        return existing
    if not code or code != code.strip() or "." not in code:
        raise ValueError(f"audit event code {code!r} must look like 'entity.action'")
    event_type = EventType(code, label)
    _REGISTRY[code] = event_type
    return event_type


def get(code: str) -> EventType:
    try:
        return _REGISTRY[code]
    except KeyError:
        raise UnknownEventCode(f"audit event code {code!r} is not registered") from None


def all_event_types() -> list[EventType]:
    return sorted(_REGISTRY.values(), key=lambda e: e.code)


def choices() -> list[tuple[str, str | Promise]]:
    return [(e.code, e.label) for e in all_event_types()]


AGENCY_CREATED = register("agency.created", _("创建机关"))
STAFF_ADDED = register("staff.added", _("添加工作人员"))
REPORT_IMPORTED = register("report.imported", _("导入已公开年度报告"))
REPORT_REPLACED = register("report.replaced", _("替换已公开年度报告"))

# The annual report made in Gongkai (reports.services): every transition, and every refusal.
ANNUAL_REPORT_DRAFTED = register("annual_report.drafted", _("生成年度报告草稿"))
ANNUAL_REPORT_REFRESHED = register("annual_report.refreshed", _("按记录更新年度报告数字"))
ANNUAL_REPORT_ADJUSTED = register("annual_report.adjusted", _("调整年度报告数字（附理由）"))
ANNUAL_REPORT_NARRATIVE_SAVED = register("annual_report.narrative_saved", _("修改年度报告文字部分"))
ANNUAL_REPORT_WARNING_ACKNOWLEDGED = register("annual_report.warning_acknowledged", _("确认年度报告检查提醒"))
ANNUAL_REPORT_SUBMITTED = register("annual_report.submitted", _("提交年度报告审核"))
ANNUAL_REPORT_RETURNED = register("annual_report.returned", _("退回年度报告修改"))
ANNUAL_REPORT_APPROVED = register("annual_report.approved", _("年度报告审核通过"))
ANNUAL_REPORT_PUBLISHED = register("annual_report.published", _("发布年度报告"))
ANNUAL_REPORT_CORRECTION_STARTED = register("annual_report.correction_started", _("更正已发布的年度报告"))
ANNUAL_REPORT_REFUSED = register("annual_report.refused", _("年度报告操作未能完成"))
