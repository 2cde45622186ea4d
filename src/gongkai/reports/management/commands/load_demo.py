"""``manage.py load_demo``: the demo agency, its users and its real 2023 report (idempotent)."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from gongkai.core.errors import ApplicationError
from gongkai.reports.demo import load_demo


class Command(BaseCommand):
    help = "载入演示数据：济源示范区人力资源和社会保障局、其工作人员和管理员账号、2023 年度报告（可重复运行）"

    def add_arguments(self, parser):
        parser.add_argument("--base-url", default="http://127.0.0.1:8000", help="打印登录地址时使用的网址")

    def handle(self, *args, base_url: str, **options):
        if not getattr(settings, "GONGKAI_ALLOW_DEMO_DATA", False):
            raise CommandError("当前设置不允许载入演示数据（它会创建已知密码的账号）。请使用 gongkai.settings.demo。")
        try:
            result = load_demo()
        except ApplicationError as error:
            raise CommandError(str(error)) from error
        base = base_url.rstrip("/")
        write = self.stdout.write
        write(self.style.SUCCESS("演示数据已就绪。"))
        write(f"  机关：{result.agency_code}（{'新建' if result.agency_created else '已存在'}）")
        write(f"  {result.report_year} 年度报告：{'已导入' if result.report_imported else '已存在，未改动'}")
        write("")
        write(f"  公开报告页面  {base}/agencies/{result.agency_code}/reports/{result.report_year}/")
        write(f"  检查报告      {base}/check/")
        write(f"  主动公开      {base}/agencies/{result.agency_code}/disclosure/")
        write(f"  申请公开      {base}/apply/")
        write("")
        write(f"  工作人员登录  {base}/office/login/")
        write(f"      用户名：{result.staff[0]}")
        write(f"      密码：  {result.staff[1]}")
        write(f"      审核人：{result.reviewer[0]} / {result.reviewer[1]}")
        write(f"  管理员登录    {base}/admin/")
        write(f"      用户名：{result.admin[0]}")
        write(f"      密码：  {result.admin[1]}")
