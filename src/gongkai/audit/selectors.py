"""Reading the audit trail."""

from __future__ import annotations

from django.db import models

from .models import AuditEvent


def audit_events_for(target: models.Model):
    return (
        AuditEvent.objects.filter(target_type=target._meta.label_lower, target_id=str(target.pk))
        .select_related("actor", "agency")
        .order_by("occurred_at", "id")
    )


def audit_events(*, agency=None, code: str | None = None):
    qs = AuditEvent.objects.select_related("actor", "agency")
    if agency is not None:
        qs = qs.filter(agency=agency)
    if code is not None:
        qs = qs.filter(code=code)
    return qs
