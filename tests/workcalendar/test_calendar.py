"""The working-day calendar in the database: seeded, edited by an administrator, audited, and
deadlines recomputed when a year is confirmed."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from gongkai.applications.services import application_register
from gongkai.audit.models import AuditEvent
from gongkai.core.errors import ApplicationError, PermissionDenied
from gongkai.workcalendar.models import CalendarDay, CalendarYear
from gongkai.workcalendar.selectors import unconfirmed_years_in_use, work_calendar
from gongkai.workcalendar.services import (
    calendar_seed_from_chinesecalendar,
    calendar_year_confirm,
    calendar_year_save,
    known_chinesecalendar_years,
)
from gongkai.workdays import builtin_calendar, calendar_from_chinesecalendar

pytestmark = pytest.mark.django_db
D = date
FAR_FUTURE = D(2030, 1, 1)


def test_seeded_years_are_the_ones_chinesecalendar_knows_and_confirmed():
    years = known_chinesecalendar_years()
    assert years[0] == 2004 and years[-1] >= 2026
    stored = sorted(CalendarYear.objects.filter(confirmed=True).values_list("year", flat=True))
    assert stored == years
    assert not CalendarYear.objects.filter(year=2027).exists()
    cal = work_calendar()
    assert cal == calendar_from_chinesecalendar(years)


def test_database_calendar_agrees_with_the_typed_in_notices_2023_to_2026():
    db, typed = work_calendar(), builtin_calendar()
    day = D(2023, 1, 1)
    while day <= D(2026, 12, 31):
        assert db.is_working_day(day) == typed.is_working_day(day), day
        day = day.fromordinal(day.toordinal() + 1)
    assert db.add_working_days(D(2025, 1, 24), 7).date == D(2025, 2, 10)
    assert db.add_working_days(D(2024, 9, 27), 20).date == D(2024, 10, 30)


def test_seeding_again_changes_nothing(capsys):
    assert calendar_seed_from_chinesecalendar(actor=None) == []
    call_command("seed_calendar")
    assert "没有需要导入的年度" in capsys.readouterr().out


def test_save_validates_the_days(superuser):
    with pytest.raises(ApplicationError, match="既列为放假又列为调休上班"):
        calendar_year_save(actor=superuser, year=2027, days_off=[D(2027, 2, 6)], makeup_days=[D(2027, 2, 6)])
    with pytest.raises(ApplicationError, match="不能包含"):
        calendar_year_save(actor=superuser, year=2027, days_off=[D(2028, 1, 1)], makeup_days=[])
    with pytest.raises(ApplicationError, match="周一至周五"):
        calendar_year_save(actor=superuser, year=2027, days_off=[], makeup_days=[D(2027, 2, 8)])
    with pytest.raises(ApplicationError, match="年度"):
        calendar_year_save(actor=superuser, year=1800, days_off=[], makeup_days=[])
    assert not CalendarYear.objects.filter(year=2027).exists()
    # the 元旦 arrangement of 2027 may reach back into December 2026; then that day is 2027's
    calendar_year_save(actor=superuser, year=2027, days_off=[D(2026, 12, 31), D(2027, 1, 1)], makeup_days=[])
    with pytest.raises(ApplicationError, match="已属于 2027"):
        calendar_year_save(actor=superuser, year=2026, days_off=[D(2026, 12, 31)], makeup_days=[], confirmed=True)
    assert CalendarYear.objects.get(year=2026).days.count() > 20


def test_only_administrators_edit_the_calendar(agency, clerk):
    with pytest.raises(PermissionDenied):
        calendar_year_save(actor=clerk, year=2027, days_off=[D(2027, 1, 1)], makeup_days=[])
    with pytest.raises(PermissionDenied):
        calendar_year_confirm(actor=clerk, year=2026)


def test_an_unconfirmed_year_is_stored_but_not_used(superuser):
    calendar_year_save(actor=superuser, year=2027, days_off={D(2027, 1, 1): "元旦"}, makeup_days={}, confirmed=False)
    cal = work_calendar()
    assert cal.is_working_day(D(2027, 1, 1))  # weekends-only until confirmed
    assert not cal.confirmed(2027)
    assert CalendarDay.objects.get(date=D(2027, 1, 1)).name == "元旦"


def test_a_deadline_into_an_unconfirmed_year_is_provisional_and_recomputed_on_confirmation(agency, clerk, superuser):
    # received Tue 2026-12-15: 12 working days in December, 8 more in January 2027
    app = application_register(
        actor=clerk,
        agency=agency,
        channel="in_person",
        arrived_at=datetime(2026, 12, 15, 10, tzinfo=ZoneInfo("Asia/Shanghai")),
        as_of=FAR_FUTURE,
        applicant_type="natural_person",
        applicant_name="赵测试",
        id_type="resident_id",
        id_number="11010519491231002X",
        contact_phone="13900000010",
        description="2026年度本机关的部门预算",
        form_wanted="paper",
        delivery="pickup",
    ).application
    assert app.due_on == D(2027, 1, 12) and app.due_provisional
    assert unconfirmed_years_in_use() == [2027]
    assert unconfirmed_years_in_use(today=D(2026, 12, 1)) == [2027]

    # the administrator enters the 2027 notice first as a draft: nothing changes yet
    calendar_year_save(
        actor=superuser, year=2027, days_off={D(2027, 1, 1): "元旦"}, makeup_days={}, notice="国办发明电〔2026〕9号"
    )
    app.refresh_from_db()
    assert app.due_on == D(2027, 1, 12) and app.due_provisional

    calendar_year_confirm(actor=superuser, year=2027)
    app.refresh_from_db()
    assert app.due_on == D(2027, 1, 13) and not app.due_provisional  # 1 January is a day off
    assert unconfirmed_years_in_use() == []
    event = AuditEvent.objects.filter(code="calendar_year.confirmed").get()
    assert event.data["recomputed"] == 1 and event.actor == superuser
    recomputed = AuditEvent.objects.get(code="application.deadline_recomputed")
    assert recomputed.data["after"]["due_on"] == "2027-01-13"
    with pytest.raises(ApplicationError, match="已经确认"):
        calendar_year_confirm(actor=superuser, year=2027)


def test_editing_a_confirmed_year_recomputes_open_deadlines(agency, clerk, superuser):
    app = application_register(
        actor=clerk,
        agency=agency,
        channel="in_person",
        arrived_at=datetime(2026, 3, 2, 10, tzinfo=ZoneInfo("Asia/Shanghai")),
        as_of=FAR_FUTURE,
        applicant_type="natural_person",
        applicant_name="钱测试",
        id_type="passport",
        id_number="E12345678",
        contact_phone="13900000011",
        description="某项目的环评批复",
        form_wanted="paper",
        delivery="pickup",
    ).application
    assert app.due_on == D(2026, 3, 30)
    row = CalendarYear.objects.get(year=2026)
    days = {d.date: d.name for d in row.days.filter(kind="day_off")}
    work = {d.date: d.name for d in row.days.filter(kind="makeup_workday")}
    days[D(2026, 3, 10)] = "测试假日"
    calendar_year_save(actor=superuser, year=2026, days_off=days, makeup_days=work, confirmed=True, notice="测试")
    app.refresh_from_db()
    assert app.due_on == D(2026, 3, 31)
    saved = AuditEvent.objects.filter(code="calendar_year.saved").latest("id")
    assert saved.data["year"] == 2026 and "2026-03-10" in saved.data["days_off"]


def test_the_admin_form_enters_a_year(admin_client):
    response = admin_client.post(
        "/admin/workcalendar/calendaryear/add/",
        {
            "year": "2027",
            "confirmed": "on",
            "notice": "国办发明电〔2026〕9号",
            "source": "",
            "days_off_text": "2027-01-01 元旦\n2027-02-06 春节\n",
            "makeup_days_text": "2027-02-13 春节\n",
            "days-TOTAL_FORMS": "0",
            "days-INITIAL_FORMS": "0",
            "days-MIN_NUM_FORMS": "0",
            "days-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    row = CalendarYear.objects.get(year=2027)
    assert row.confirmed and row.days.count() == 3
    assert AuditEvent.objects.filter(code="calendar_year.saved", data__year=2027).exists()
    assert work_calendar().is_working_day(D(2027, 2, 13))


def test_the_admin_form_refuses_bad_lines(admin_client):
    response = admin_client.post(
        "/admin/workcalendar/calendaryear/add/",
        {
            "year": "2027",
            "days_off_text": "2027-13-01 元旦\n",
            "makeup_days_text": "",
            "days-TOTAL_FORMS": "0",
            "days-INITIAL_FORMS": "0",
            "days-MIN_NUM_FORMS": "0",
            "days-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 200
    assert "不是日期" in response.content.decode()
    assert not CalendarYear.objects.filter(year=2027).exists()
