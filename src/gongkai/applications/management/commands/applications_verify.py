"""``manage.py applications_verify``: recompute every application's caches from its steps and
report the differences (``--repair`` writes the recomputed values, audited)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from gongkai.agencies.models import Agency
from gongkai.applications import events
from gongkai.applications.models import Application
from gongkai.applications.services import application_recompute
from gongkai.audit.services import audit_record
from gongkai.workcalendar.selectors import work_calendar


class Command(BaseCommand):
    help = "按办理步骤重算每件申请的状态、答复期限和办理结果，报告与已存数据的差异（--repair 修复）"

    def add_arguments(self, parser):
        parser.add_argument("--agency", help="只检查此机关（代码）")
        parser.add_argument("--repair", action="store_true", help="把重算结果写回（记入审计日志）")

    def handle(self, *args, agency=None, repair=False, **options):
        apps = Application.objects.select_related("agency").order_by("id")
        if agency:
            found = Agency.objects.filter(code=agency).first()
            if found is None:
                raise CommandError(f"没有代码为“{agency}”的机关")
            apps = apps.filter(agency=found)
        cal = work_calendar()
        checked = differing = 0
        for app in apps.iterator():
            checked += 1
            with transaction.atomic():
                diff = application_recompute(app, save=repair, cal=cal)
                if diff and repair:
                    audit_record(
                        actor=None,
                        code=events.CACHES_REPAIRED.code,
                        agency=app.agency,
                        target=app,
                        summary=app.tracking_number,
                        data={k: [str(a), str(b)] for k, (a, b) in diff.items()},
                    )
            if diff:
                differing += 1
                parts = "；".join(f"{k}: {a} → {b}" for k, (a, b) in diff.items())
                self.stdout.write(f"{app.tracking_number}：{parts}")
        verb = "已修复" if repair else "不一致"
        self.stdout.write(f"共检查 {checked} 件申请，{differing} 件{verb}。")
        if differing and not repair:
            raise CommandError(f"{differing} 件申请的状态与办理步骤不一致（可用 --repair 修复）")
