"""Public pages: the online form (a clear error per field, nothing half written, rate limited,
resubmission idempotent), the receipt with the query code, and the status page that shows the
applicant — and nobody else — the progress, the deadline and the reply letter."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gongkai.applications import services as s
from gongkai.applications.letters import application_letter_issue
from gongkai.applications.models import Application, Step
from gongkai.audit.models import AuditEvent

from .conftest import person

pytestmark = pytest.mark.django_db
APPLY = reverse("applications_portal:apply")
STATUS = reverse("applications_portal:status")
KEY = "k" * 24


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def form(to, **over) -> dict:
    data = {"agency": str(to.pk), "form_key": KEY, **person()}
    data.update(over)
    return data


def text(response) -> str:
    return response.content.decode()


def receipt(response) -> tuple[str, str]:
    page = text(response)
    number = re.search(r'id="tracking-number">([^<]+)<', page).group(1)
    code = re.search(r'id="query-code">([^<]+)<', page).group(1)
    return number, code


def test_form_lists_agencies_and_preselects_one(client, agency, other_agency):
    page = text(client.get(APPLY))
    assert agency.name in page and other_agency.name in page and 'name="form_key"' in page
    page = text(client.get(APPLY, {"agency": agency.code}))
    assert f'<option value="{agency.pk}" selected>' in page
    page = text(client.get(reverse("applications_portal:apply_to", args=[agency.code])))
    assert agency.name in page and other_agency.name not in page
    assert client.get(reverse("applications_portal:apply_to", args=["nobody"])).status_code == 404


def test_two_forms_carry_different_keys(client, agency):
    keys = {re.search(r'name="form_key" value="([^"]+)"', text(client.get(APPLY))).group(1) for _ in range(2)}
    assert len(keys) == 2


def test_submit_shows_the_receipt_once_and_stores_the_application(client, agency):
    response = client.post(APPLY, form(agency))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    number, code = receipt(response)
    app = Application.objects.get()
    assert app.tracking_number == number and app.channel == "online" and app.state == "awaiting_receipt"
    assert code not in app.query_code_hash and len(code) == 10
    assert "只显示这一次" in text(response)
    assert Step.objects.get(application=app).kind == "submitted"
    assert AuditEvent.objects.filter(code="application.submitted").count() == 1


def test_submit_to_a_fixed_agency(client, agency, other_agency):
    target = reverse("applications_portal:apply_to", args=[other_agency.code])
    response = client.post(target, form(other_agency))
    assert response.status_code == 200
    assert Application.objects.get().agency == other_agency


def test_resubmitting_the_same_form_creates_no_second_application(client, agency):
    first_number, first_code = receipt(client.post(APPLY, form(agency)))
    again = client.post(APPLY, form(agency))
    assert again.status_code == 200
    number, code = receipt(again)
    assert number == first_number and Application.objects.count() == 1
    assert "没有重复登记" in text(again)
    # The code shown last works; the earlier one no longer does.
    assert client.post(STATUS, {"tracking_number": number, "query_code": code}).status_code == 200
    assert client.post(STATUS, {"tracking_number": number, "query_code": first_code}).status_code == 400


def test_a_reused_key_with_other_content_is_refused(client, agency):
    client.post(APPLY, form(agency))
    response = client.post(APPLY, form(agency, description="完全不同的另一项政府信息"))
    assert response.status_code == 409 and "表单已提交过其他内容" in text(response)
    assert Application.objects.count() == 1


@pytest.mark.parametrize(
    ("over", "message"),
    [
        ({"agency": ""}, "请选择受理机关"),
        ({"agency": "999999"}, "请选择受理机关"),
        ({"form_key": ""}, "表单已失效"),
        ({"form_key": "short"}, "表单已失效"),
        ({"applicant_type": ""}, "请选择申请人类型"),
        ({"applicant_name": ""}, "请填写申请人姓名或名称"),
        ({"id_type": ""}, "请选择身份证明的类型"),
        ({"id_number": "11010519491231002"}, "应为18位"),
        ({"id_number": "110105194913310021"}, "出生日期"),
        ({"id_number": "110105194912310021"}, "校验位不正确"),
        ({"id_type": "residence_permit", "id_number": "11010519491231002X"}, "810000"),
        (
            {"applicant_type": "business", "organisation_code": "", "id_type": "", "id_number": ""},
            "统一社会信用代码应为18位",
        ),
        (
            {"applicant_type": "research", "organisation_code": "91110000600037341X", "id_type": "", "id_number": ""},
            "校验位不正确",
        ),
        ({"contact_phone": ""}, "联系电话格式不正确"),
        ({"contact_email": "wang@"}, "电子邮箱格式不正确"),
        ({"delivery": "email", "contact_email": ""}, "请填写电子邮箱"),
        ({"delivery": "mail", "contact_address": ""}, "请填写通信地址"),
        ({"description": ""}, "请描述所需政府信息"),
        ({"description": "x" * 5001}, "5000"),
        ({"form_wanted": "carved-in-stone"}, "请选择信息的提供形式"),
        ({"delivery": ""}, "请选择获取信息的方式"),
    ],
)
def test_bad_input_gets_a_clear_message_per_field_and_writes_nothing(client, agency, over, message):
    response = client.post(APPLY, form(agency, **over))
    assert response.status_code == 400
    assert message in text(response), text(response)[-3000:]
    assert not Application.objects.exists() and not Step.objects.exists()
    assert not AuditEvent.objects.filter(code__startswith="application.").exists()


def test_several_bad_fields_are_all_reported(client, agency):
    response = client.post(APPLY, form(agency, contact_phone="1", contact_email="x", id_number="123"))
    page = text(response)
    assert "联系电话格式不正确" in page and "电子邮箱格式不正确" in page and "应为18位" in page


def test_a_bad_attachment_is_refused_and_nothing_is_written(client, agency):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = form(agency, attachment=SimpleUploadedFile("page.html", b"<html><body>x</body></html>", "text/html"))
    response = client.post(APPLY, data)
    assert response.status_code == 400 and "附件只接受" in text(response)
    assert not Application.objects.exists()


def test_the_form_is_rate_limited(client, agency, settings):
    settings.GONGKAI_APPLY_RATE = "3/m"
    for i in range(3):
        assert client.post(APPLY, form(agency, form_key=f"{i}" * 20)).status_code == 200
    response = client.post(APPLY, form(agency, form_key="z" * 20))
    assert response.status_code == 429 and "提交过于频繁" in text(response)
    assert Application.objects.count() == 3
    assert client.get(APPLY).status_code == 200  # reading the form is never limited


# --- the status page ------------------------------------------------------------------------------------


@pytest.fixture
def submitted(client, agency):
    number, code = receipt(client.post(APPLY, form(agency)))
    client.cookies.clear()  # a new visitor: nothing in the session
    return Application.objects.get(tracking_number=number), code


def test_status_shows_progress_to_the_applicant(client, submitted):
    app, code = submitted
    response = client.post(STATUS, {"tracking_number": app.tracking_number, "query_code": code.lower()})
    assert response.status_code == 200
    page = text(response)
    assert app.tracking_number in page and "待确认收到" in page and "机关确认收到申请后计算" in page
    assert "11010519491231002X" not in page and "13900000009" not in page  # no personal data echoed


def test_wrong_code_and_unknown_number_get_the_same_neutral_error(client, submitted):
    app, code = submitted
    wrong_code = client.post(STATUS, {"tracking_number": app.tracking_number, "query_code": "AAAAAAAAAA"})
    unknown = client.post(STATUS, {"tracking_number": "NOPE-2025-00001", "query_code": code})
    assert wrong_code.status_code == unknown.status_code == 400
    message = "申请编号或查询码不正确"
    assert message in text(wrong_code) and message in text(unknown)
    assert app.tracking_number not in text(wrong_code).split("<form")[0]
    empty = client.post(STATUS, {"tracking_number": "", "query_code": ""})
    assert empty.status_code == 400 and "请填写申请编号" in text(empty) and "请填写查询码" in text(empty)


def test_status_is_rate_limited_per_tracking_number(client, submitted, settings):
    settings.GONGKAI_STATUS_NUMBER_RATE = "3/m"
    app, code = submitted
    for _ in range(3):
        assert (
            client.post(STATUS, {"tracking_number": app.tracking_number, "query_code": "WRONGWRONG"}).status_code == 400
        )
    response = client.post(STATUS, {"tracking_number": app.tracking_number, "query_code": code})
    assert response.status_code == 429 and "提交过于频繁" in text(response)


def test_status_shows_the_deadline_and_reply_letter_to_the_applicant_only(client, submitted, clerk, agency):
    app, code = submitted
    received = timezone.localdate(app.arrived_at)
    s.application_confirm_receipt(actor=clerk, application=app, confirmed_on=received)
    page = text(client.post(STATUS, {"tracking_number": app.tracking_number, "query_code": code}))
    app.refresh_from_db()
    assert f"{app.due_on.year}年{app.due_on.month}月{app.due_on.day}日" in page
    s.application_reply(actor=clerk, application=app, outcome="granted", replied_on=received)
    letter = application_letter_issue(actor=clerk, application=app, kind="reply")
    internal = application_letter_issue(actor=clerk, application=app, kind="receipt")

    # Another visitor (no code given in their session) cannot download it.
    download = reverse("applications_portal:letter_download", args=[letter.pk])
    assert Client().get(download).status_code == 404

    page = text(client.post(STATUS, {"tracking_number": app.tracking_number, "query_code": code}))
    assert letter.number in page and "已办结" in page
    response = client.get(download)
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:2] == b"PK"
    assert client.get(reverse("applications_portal:letter_download", args=[letter.pk + 1000])).status_code == 404
    # Only reply letters are the applicant's to download here.
    assert client.get(reverse("applications_portal:letter_download", args=[internal.pk])).status_code == 404
