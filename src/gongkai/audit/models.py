"""``AuditEvent``: one row per thing done, never changed, never deleted."""

from __future__ import annotations

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.core.models import AppendOnlyError, AppendOnlyModel  # noqa: F401 (AppendOnlyError re-exported)


class AuditEvent(AppendOnlyModel):
    code = models.CharField(_("事件"), max_length=64, db_index=True)
    occurred_at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("机关"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audit_events",
    )
    target_type = models.CharField(_("对象类型"), max_length=100, blank=True)
    target_id = models.CharField(_("对象编号"), max_length=64, blank=True)
    summary = models.CharField(_("摘要"), max_length=500, blank=True)
    data = models.JSONField(_("详情"), default=dict, blank=True, encoder=DjangoJSONEncoder)

    class Meta:
        verbose_name = _("审计事件")
        verbose_name_plural = _("审计事件")
        ordering = ("-occurred_at", "-id")
        indexes = (models.Index(fields=["target_type", "target_id"]),)

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.code} {self.summary}"

    @property
    def label(self):
        from . import registry

        try:
            return registry.get(self.code).label
        except registry.UnknownEventCode:
            return self.code
