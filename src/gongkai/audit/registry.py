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
