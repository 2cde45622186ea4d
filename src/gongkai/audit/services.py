"""Writing the audit trail. Call inside the service's ``transaction.atomic`` block."""

from __future__ import annotations

from typing import Any

from django.db import models

from . import registry
from .models import AuditEvent


def audit_record(
    *,
    actor,
    code: str,
    agency=None,
    target: models.Model | None = None,
    summary: str = "",
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    registry.get(code)  # raises UnknownEventCode
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    return AuditEvent.objects.create(
        code=code,
        actor=actor,
        agency=agency,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        summary=str(summary)[:500],
        data=data or {},
    )
