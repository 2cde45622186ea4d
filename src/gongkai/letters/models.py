"""Letter templates, letter numbering and the letters issued.

* ``LetterTemplate``: a DOCX template of one kind (and optionally one reply outcome). Agency
  null = a system default that replaces the packaged file for every agency; otherwise the
  agency's own version, which overrides the default for that agency only. At most one active
  template per (agency, kind, outcome).
* ``LetterSettings``: per agency, the prefix of its letter numbers.
* ``LetterSequence``: the last number given per (agency, year, kind); only
  ``services.letter_number_next`` changes it, under a row lock.
* ``IssuedLetter``: one row per letter issued, with the rendered file and its SHA-256;
  append-only (never changed, never deleted).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gongkai.core.models import AppendOnlyError, AppendOnlyModel  # noqa: F401 (AppendOnlyError re-exported)

from .kinds import LetterKind


def _template_path(instance: LetterTemplate, filename: str) -> str:
    owner = instance.agency.code if instance.agency_id else "_default"
    suffix = f"-{instance.outcome}" if instance.outcome else ""
    return f"letters/templates/{owner}/{instance.kind}{suffix}.docx"


def _letter_path(instance: IssuedLetter, filename: str) -> str:
    return f"letters/issued/{instance.agency.code}/{instance.year}/{instance.kind}-{instance.sequence_number:05d}.docx"


class LetterTemplate(models.Model):
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("机关"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="letter_templates",
        help_text=_("为空表示系统默认模板"),
    )
    kind = models.CharField(_("类别"), max_length=20, choices=LetterKind.choices)
    outcome = models.CharField(
        _("适用的办理结果"), max_length=40, blank=True, help_text=_("仅答复告知书；为空表示适用于所有办理结果")
    )
    file = models.FileField(_("模板文件"), upload_to=_template_path)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    original_name = models.CharField(_("上传文件名"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("告知书模板")
        verbose_name_plural = _("告知书模板")
        ordering = ("kind", "outcome", "-uploaded_at", "-id")
        constraints = [
            models.UniqueConstraint(
                fields=("agency", "kind", "outcome"),
                condition=Q(active=True, agency__isnull=False),
                name="letter_template_one_active_per_agency",
            ),
            models.UniqueConstraint(
                fields=("kind", "outcome"),
                condition=Q(active=True, agency__isnull=True),
                name="letter_template_one_active_default",
            ),
            models.CheckConstraint(
                condition=Q(outcome="") | Q(kind=LetterKind.REPLY), name="letter_template_outcome_reply"
            ),
        ]

    def __str__(self) -> str:
        owner = self.agency.display_name if self.agency_id else _("系统默认")
        return f"{owner} {self.get_kind_display()}{'（' + self.outcome + '）' if self.outcome else ''}"


class LetterSettings(models.Model):
    agency = models.OneToOneField(
        "agencies.Agency", verbose_name=_("机关"), on_delete=models.CASCADE, related_name="letter_settings"
    )
    number_prefix = models.CharField(
        _("文号前缀"), max_length=40, help_text=_("如“济人社公开”，文号为“济人社公开〔2023〕第3号”")
    )

    class Meta:
        verbose_name = _("告知书设置")
        verbose_name_plural = _("告知书设置")

    def __str__(self) -> str:
        return f"{self.agency} {self.number_prefix}"


class LetterSequence(models.Model):
    agency = models.ForeignKey("agencies.Agency", verbose_name=_("机关"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    kind = models.CharField(_("类别"), max_length=20, choices=LetterKind.choices)
    last_number = models.PositiveIntegerField(_("已用最大序号"), default=0)

    class Meta:
        verbose_name = _("告知书序号")
        verbose_name_plural = _("告知书序号")
        constraints = [
            models.UniqueConstraint(fields=("agency", "year", "kind"), name="letter_sequence_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.agency} {self.year} {self.kind} {self.last_number}"


class IssuedLetter(AppendOnlyModel):
    agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("机关"), on_delete=models.PROTECT, related_name="issued_letters"
    )
    kind = models.CharField(_("类别"), max_length=20, choices=LetterKind.choices)
    outcome = models.CharField(_("办理结果"), max_length=40, blank=True)
    year = models.PositiveSmallIntegerField(_("年度"))
    sequence_number = models.PositiveIntegerField(_("序号"))
    number = models.CharField(_("文号"), max_length=80)
    reference = models.CharField(_("申请编号"), max_length=64, db_index=True, help_text=_("所答复的申请"))
    letter_date = models.DateField(_("落款日期"))
    file = models.FileField(_("告知书文件"), upload_to=_letter_path)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    template = models.ForeignKey(
        LetterTemplate,
        verbose_name=_("所用模板"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("为空表示系统内置模板"),
    )
    context = models.JSONField(_("填写内容"), default=dict)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("出具人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    issued_at = models.DateTimeField(_("出具时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("已出具告知书")
        verbose_name_plural = _("已出具告知书")
        ordering = ("-issued_at", "-id")
        constraints = [
            models.UniqueConstraint(
                fields=("agency", "year", "kind", "sequence_number"), name="issued_letter_sequence"
            ),
            models.UniqueConstraint(fields=("agency", "number"), name="issued_letter_number"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.get_kind_display()}"
