"""Seed the calendar with every year the ``chinesecalendar`` package knows (2004 onward), confirmed.

Later years (2027 …) are entered by an administrator from the State Council's notice; until then
deadlines running into them are computed weekends-only and marked provisional. This is part of
installing the system (no audit event: nobody acted); ``manage.py seed_calendar`` does the same
on a running system and is audited.
"""

from django.db import migrations


def seed(apps, schema_editor):
    from gongkai.workdays import calendar_from_chinesecalendar

    from chinese_calendar.constants import holidays

    CalendarYear = apps.get_model("workcalendar", "CalendarYear")
    CalendarDay = apps.get_model("workcalendar", "CalendarDay")
    years = [
        y
        for y in range(min(holidays).year, max(holidays).year + 1)
        if not CalendarYear.objects.filter(year=y).exists()
    ]
    if not years:
        return
    cal = calendar_from_chinesecalendar(years)
    for y in years:
        pure = cal.years[y]
        row = CalendarYear.objects.create(year=y, confirmed=True, source=pure.source)
        CalendarDay.objects.bulk_create(
            CalendarDay(
                calendar_year=row,
                date=e.day,
                kind="day_off" if e.kind == "off" else "makeup_workday",
                name=e.name,
            )
            for e in pure.entries()
        )


class Migration(migrations.Migration):
    dependencies = [
        ("workcalendar", "0001_initial"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
