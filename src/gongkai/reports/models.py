"""Annual reports: ``PublishedReport`` (as published elsewhere, imported) and ``AnnualReport`` (made in
Gongkai: drafted from records, reviewed, published as frozen ``ReportVersion`` files)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.core.models import AppendOnlyModel


class SourceKind(models.TextChoices):
    TEXT = "text", _("纯文本")
    HTML = "html", _("网页")
    JSON = "json", _("JSON")
    DOCX = "docx", _("Word 文档")
    XLSX = "xlsx", _("Excel 表格")
    PDF = "pdf", _("PDF")


def original_upload_to(instance: PublishedReport, filename: str) -> str:
    suffix = "." + filename.rsplit(".", 1)[-1] if "." in filename else ""
    return f"reports/originals/{instance.agency.code}/{instance.year}/{instance.original_sha256}{suffix}"


class PublishedReport(models.Model):
    agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("机关"), on_delete=models.PROTECT, related_name="published_reports"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    format_code = models.CharField(_("报告格式"), max_length=16)
    content = models.JSONField(_("报告内容（规范 JSON）"))
    original = models.FileField(_("原始文件"), upload_to=original_upload_to, max_length=255)
    original_name = models.CharField(_("原始文件名"), max_length=255, blank=True)
    original_sha256 = models.CharField(_("原始文件 SHA-256"), max_length=64)
    original_size = models.PositiveBigIntegerField(_("原始文件大小（字节）"), default=0)
    source_kind = models.CharField(_("原始文件类型"), max_length=10, choices=SourceKind.choices)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("导入人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    imported_at = models.DateTimeField(_("导入时间"))

    class Meta:
        verbose_name = _("已公开年度报告")
        verbose_name_plural = _("已公开年度报告")
        ordering = ("agency", "-year")
        constraints = (
            models.UniqueConstraint(fields=["agency", "year"], name="reports_one_published_report_per_agency_year"),
        )

    def __str__(self) -> str:
        return f"{self.agency} {self.year}"

    @property
    def report(self):
        """The ``Report`` value of the stored canonical JSON."""
        from gongkai.annual_report.parse.json import report_from_dict

        return report_from_dict(self.content)

    @property
    def file_stem(self) -> str:
        return f"{self.agency.code}-{self.year}"


# -- the annual report made in Gongkai -------------------------------------------------------------


class AnnualReportState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    IN_REVIEW = "in_review", _("待审核")
    APPROVED = "approved", _("审核通过")
    PUBLISHED = "published", _("已发布")


class AnnualReport(models.Model):
    """An agency's annual report for one year, made in Gongkai: figures from records, narrative typed.

    ``figures`` is the canonical JSON of the report computed from the records (no sections);
    ``narrative`` holds the text of each narrative part (``NARRATIVE_PARTS`` in ``services``).
    Only the services change a row; a published version is frozen in ``ReportVersion``.
    """

    agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("机关"), on_delete=models.PROTECT, related_name="annual_reports"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    format_code = models.CharField(_("报告格式"), max_length=16)
    state = models.CharField(
        _("状态"), max_length=16, choices=AnnualReportState.choices, default=AnnualReportState.DRAFT
    )
    figures = models.JSONField(_("表格数字（由记录生成）"))
    figures_computed_at = models.DateTimeField(_("数字生成时间"))
    narrative = models.JSONField(_("文字部分"), default=dict)
    # A figure the records cannot give (e.g. requests before the agency used Gongkai): an amount added
    # to the computed figure, with its reason — {key: {"delta": "3", "reason": …, "by": …, "at": …}}.
    adjustments = models.JSONField(_("数字调整"), default=dict, blank=True)
    version = models.PositiveSmallIntegerField(_("版本"), default=1)
    # Who changed the content of the version being drafted (drafted, updated, wrote, adjusted,
    # acknowledged): none of them may approve it.
    contributors = models.JSONField(_("经手人"), default=list, blank=True)
    correction_reason = models.TextField(_("更正理由"), blank=True)
    revision = models.PositiveIntegerField(_("修改次数"), default=0)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("起草人"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("提交人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("审核通过时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("年度报告（编制）")
        verbose_name_plural = _("年度报告（编制）")
        ordering = ("agency", "-year")
        constraints = (
            models.UniqueConstraint(fields=["agency", "year"], name="reports_one_annual_report_per_agency_year"),
            models.CheckConstraint(
                condition=models.Q(state__in=["draft", "in_review", "approved", "published"]),
                name="reports_annual_report_state_known",
            ),
            models.CheckConstraint(condition=models.Q(version__gte=1), name="reports_annual_report_version_positive"),
        )

    def __str__(self) -> str:
        return f"{self.agency} {self.year}"

    @property
    def is_editable(self) -> bool:
        return self.state == AnnualReportState.DRAFT

    @property
    def file_stem(self) -> str:
        return f"{self.agency.code}-{self.year}"


class WarningAcknowledgement(AppendOnlyModel):
    """A rule warning that a clerk read and accepted, with why, for one version of a report."""

    report = models.ForeignKey(
        AnnualReport, verbose_name=_("年度报告"), on_delete=models.PROTECT, related_name="acknowledgements"
    )
    version = models.PositiveSmallIntegerField(_("版本"))
    fingerprint = models.CharField(_("提醒标识"), max_length=64)
    rule = models.CharField(_("规则"), max_length=64)
    message = models.TextField(_("提醒内容"))
    reason = models.TextField(_("理由"))
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("确认人"), on_delete=models.PROTECT, related_name="+"
    )
    acknowledged_at = models.DateTimeField(_("确认时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("提醒确认")
        verbose_name_plural = _("提醒确认")
        ordering = ("report", "version", "id")
        constraints = (
            models.UniqueConstraint(
                fields=["report", "version", "fingerprint"], name="reports_one_acknowledgement_per_warning"
            ),
        )


class ReportVersion(AppendOnlyModel):
    """One published version of an annual report: frozen, never edited (更正 is the next version)."""

    report = models.ForeignKey(
        AnnualReport, verbose_name=_("年度报告"), on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveSmallIntegerField(_("版本"))
    content = models.JSONField(_("报告内容（规范 JSON）"))
    published_on = models.DateField(_("发布日期"))
    published_at = models.DateTimeField(_("发布时间"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("发布人"), on_delete=models.PROTECT, related_name="+"
    )
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("起草人"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("审核人"), on_delete=models.PROTECT, related_name="+"
    )
    correction_reason = models.TextField(_("更正理由"), blank=True)
    findings = models.JSONField(_("发布时的检查结果"), default=list)

    class Meta:
        verbose_name = _("年度报告发布版本")
        verbose_name_plural = _("年度报告发布版本")
        ordering = ("report", "-number")
        constraints = (
            models.UniqueConstraint(fields=["report", "number"], name="reports_one_version_number_per_report"),
        )

    def __str__(self) -> str:
        return f"{self.report} v{self.number}"


def frozen_upload_to(instance: FrozenFile, filename: str) -> str:
    version = instance.version
    report = version.report
    return f"reports/frozen/{report.agency.code}/{report.year}/v{version.number}/{instance.sha256}-{filename}"


class FrozenFile(AppendOnlyModel):
    """One rendered file of a published version, with its SHA-256: what the portal serves, byte for byte."""

    version = models.ForeignKey(
        ReportVersion, verbose_name=_("发布版本"), on_delete=models.PROTECT, related_name="files"
    )
    kind = models.CharField(_("文件类型"), max_length=10)
    file = models.FileField(_("文件"), upload_to=frozen_upload_to, max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveBigIntegerField(_("大小（字节）"))

    class Meta:
        verbose_name = _("发布文件")
        verbose_name_plural = _("发布文件")
        ordering = ("version", "kind")
        constraints = (models.UniqueConstraint(fields=["version", "kind"], name="reports_one_file_per_kind"),)
