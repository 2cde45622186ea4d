"""The calendar page: administrators only; years listed with their status; a banner for the
unconfirmed years open applications rely on; entering and confirming a year from the State
Council's notice (audited, deadlines recomputed); bad lines give clear messages, nothing written."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from gongkai.audit.models import AuditEvent
from gongkai.workcalendar.forms import format_days, parse_days
from gongkai.workcalendar.models import CalendarDay, CalendarYear

pytestmark = pytest.mark.django_db
INDEX = reverse("workcalendar:index")

# 国务院办公厅关于2027年部分节假日安排的通知 is not out yet: a made-up arrangement for the tests.
DAYS_OFF = "2027-01-01 至 2027-01-03 元旦\n2027-02-06 至 2027-02-12 春节\n"
MAKEUP = "2027-02-14 春节\n"


def text(response) -> str:
    return response.content.decode()


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


def test_only_administrators(client, clerk, django_user_model):
    assert client.get(INDEX).status_code == 302  # to the login page
    client.force_login(clerk)
    assert client.get(INDEX).status_code == 403
    assert client.post(INDEX, {"year": "2027"}).status_code == 403
    assert client.post(reverse("workcalendar:confirm", args=[2026])).status_code == 403
    staff = django_user_model.objects.create_user("sysadmin", password="x-long-password-1", is_staff=True)
    client.force_login(staff)
    assert client.get(INDEX).status_code == 200


def test_years_are_listed_with_their_status(admin_client):
    page = text(admin_client.get(INDEX))
    assert "2026" in page and "2004" in page and "已确认" in page


def test_enter_a_year_then_confirm_it(admin_client, superuser):
    response = admin_client.post(
        INDEX, {"year": "2027", "notice": "国办发明电〔2026〕9号", "days_off": DAYS_OFF, "makeup_days": MAKEUP}
    )
    assert response.status_code == 302
    row = CalendarYear.objects.get(year=2027)
    assert not row.confirmed and row.notice == "国办发明电〔2026〕9号"
    assert row.days.filter(kind="day_off").count() == 10 and row.days.filter(kind="makeup_workday").count() == 1
    assert AuditEvent.objects.filter(code="calendar_year.saved", actor=superuser).exists()
    page = text(admin_client.get(INDEX))
    assert "未确认" in page
    response = admin_client.post(reverse("workcalendar:confirm", args=[2027]))
    assert response.status_code == 302
    assert CalendarYear.objects.get(year=2027).confirmed
    assert AuditEvent.objects.filter(code="calendar_year.confirmed").exists()
    again = admin_client.post(reverse("workcalendar:confirm", args=[2027]), follow=True)
    assert "已经确认" in text(again)
    missing = admin_client.post(reverse("workcalendar:confirm", args=[2031]), follow=True)
    assert "尚未录入 2031 年" in text(missing)


def test_edit_page_shows_the_stored_days_back(admin_client):
    admin_client.post(INDEX, {"year": "2027", "days_off": DAYS_OFF, "makeup_days": MAKEUP})
    page = text(admin_client.get(reverse("workcalendar:edit", args=[2027])))
    assert "2027-02-06 至 2027-02-12 春节" in page and "2027-02-14 春节" in page
    assert admin_client.get(reverse("workcalendar:edit", args=[2040])).status_code == 404


def test_banner_lists_unconfirmed_years_that_open_deadlines_rely_on(admin_client, agency, clerk):
    from gongkai.applications.services import application_register

    app = application_register(
        actor=clerk,
        agency=agency,
        channel="in_person",
        arrived_at=datetime(2026, 12, 15, 10, tzinfo=ZoneInfo("Asia/Shanghai")),
        as_of=date(2030, 1, 1),
        applicant_type="natural_person",
        applicant_name="王测试",
        id_type="resident_id",
        id_number="11010519491231002X",
        contact_phone="13900000009",
        description="2026年度本机关行政事业性收费项目清单",
        form_wanted="electronic",
        delivery="online",
    ).application
    assert app.due_provisional
    page = text(admin_client.get(INDEX))
    assert "以下年度的节假日安排尚未确认：2027 年" in page
    admin_client.post(INDEX, {"year": "2027", "days_off": DAYS_OFF, "makeup_days": MAKEUP, "confirmed": "on"})
    app.refresh_from_db()
    assert not app.due_provisional
    assert "以下年度的节假日安排尚未确认" not in text(admin_client.get(INDEX))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"year": ""}, "请填写年度"),
        ({"year": "abc"}, "年度应为数字"),
        ({"year": "1999"}, "2000"),
        ({"year": "2027", "days_off": "明年春节"}, "第1行“明年春节”无法识别"),
        ({"year": "2027", "days_off": "2027-02-30 春节"}, "日期不存在"),
        ({"year": "2027", "days_off": "2027-02-12 至 2027-02-06"}, "日期范围不合理"),
        ({"year": "2027", "makeup_days": "2027-02-15"}, "2027"),  # a Monday cannot be a make-up working day
        ({"year": "2027", "days_off": "2027-02-14", "makeup_days": "2027-02-14"}, "2027"),
        ({"year": "2027", "days_off": "2026-10-01 国庆节"}, "2026"),
    ],
)
def test_bad_input_gives_a_clear_message_and_writes_nothing(admin_client, data, message):
    before = (CalendarYear.objects.count(), CalendarDay.objects.count(), AuditEvent.objects.count())
    response = admin_client.post(INDEX, data)
    assert response.status_code == 400
    assert message in text(response)
    assert (CalendarYear.objects.count(), CalendarDay.objects.count(), AuditEvent.objects.count()) == before


def test_parse_and_format_days_round_trip():
    days = parse_days("2027-1-1 元旦\n2027/02/06 ~ 2027/02/08 春节\n\n", "放假日期")
    assert days == {
        date(2027, 1, 1): "元旦",
        date(2027, 2, 6): "春节",
        date(2027, 2, 7): "春节",
        date(2027, 2, 8): "春节",
    }

    class Entry:
        def __init__(self, d, name):
            self.date, self.name = d, name

    assert (
        format_days([Entry(d, n) for d, n in sorted(days.items())]) == "2027-01-01 元旦\n2027-02-06 至 2027-02-08 春节"
    )


def test_office_home_links_to_the_calendar_for_administrators(admin_client, client, clerk):
    assert INDEX in text(admin_client.get(reverse("office:home")))
    client.force_login(clerk)
    assert INDEX not in text(client.get(reverse("office:home")))
