"""``manage.py import_report --agency CODE --year YEAR FILE``: bring an agency's published report in."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gongkai.agencies.selectors import agency_get
from gongkai.annual_report import check
from gongkai.core.errors import ApplicationError
from gongkai.reports.services import report_import


class Command(BaseCommand):
    help = "导入某机关已公开的政府信息公开工作年度报告（文本、网页、Word、PDF、JSON 等）"

    def add_arguments(self, parser):
        parser.add_argument("file", help="报告文件")
        parser.add_argument("--agency", required=True, help="机关代码，如 jiyuan-hrss")
        parser.add_argument("--year", required=True, type=int, help="报告年度，如 2023")
        parser.add_argument("--replace", action="store_true", help="该年度已有报告时替换它")

    def handle(self, *args, file: str, agency: str, year: int, replace: bool, **options):
        found = agency_get(agency)
        if found is None:
            raise CommandError(f"没有代码为“{agency}”的机关。")
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"找不到文件：{file}")
        try:
            published = report_import(
                actor=None, agency=found, year=year, data=path.read_bytes(), filename=path.name, replace=replace
            )
        except ApplicationError as error:
            if getattr(error, "code", "") == "report_exists":
                raise CommandError(f"{error}（命令行请加 --replace）") from error
            raise CommandError(str(error)) from error
        findings = check(published.report)
        errors = sum(1 for f in findings if str(getattr(f, "severity", "")) == "error")
        self.stdout.write(
            self.style.SUCCESS(f"已导入 {found.name} {year} 年度报告（{published.format_code} 格式）。")
            + f" 检查结果：{errors} 个错误，{len(findings) - errors} 个提醒。"
        )
