"""``PublishedReport``: an agency's annual report for one year as it was published."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


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
