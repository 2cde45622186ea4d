"""``manage.py seed_calendar``: store the years ``chinesecalendar`` knows (idempotent; audited)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from gongkai.core.errors import ApplicationError
from gongkai.workcalendar.selectors import confirmed_years
from gongkai.workcalendar.services import calendar_seed_from_chinesecalendar


class Command(BaseCommand):
    help = "从 chinesecalendar 导入节假日安排（已有年度不改动，--replace 覆盖）"

    def add_arguments(self, parser):
        parser.add_argument("years", nargs="*", type=int, help="只导入这些年度（默认：chinesecalendar 已知的全部年度）")
        parser.add_argument("--replace", action="store_true", help="覆盖已有年度")

    def handle(self, *args, years, replace, **options):
        try:
            written = calendar_seed_from_chinesecalendar(actor=None, years=years or None, replace=replace)
        except ApplicationError as error:
            raise CommandError(str(error)) from error
        if written:
            self.stdout.write(self.style.SUCCESS(f"已导入 {len(written)} 个年度：{written[0]}–{written[-1]}"))
        else:
            self.stdout.write("没有需要导入的年度。")
        years_now = confirmed_years()
        if years_now:
            self.stdout.write(f"已确认的年度：{years_now[0]}–{years_now[-1]}（共 {len(years_now)} 个）")
