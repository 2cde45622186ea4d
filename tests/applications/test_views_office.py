"""Office pages of disclosure on request: the agency wall on every view, the queue, registering by
every channel, the application page, every step form (bad input → a Chinese message, status 400,
nothing written), the personal-data read recorded, letters and attachments."""

from __future__ import annotations

import io
import zipfile
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.applications import services as s
from gongkai.applications.models import Application, Attachment, Step
from gongkai.audit.models import AuditEvent
from gongkai.letters.models import IssuedLetter

from .conftest import person

pytestmark = pytest.mark.django_db
RECEIVED = date(2025, 1, 24)


def _pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


PDF = _pdf()


def url(name, app=None, agency="jiyuan-hrss", **kw):
    if app is not None:
        return reverse(
            f"applications_office:{name}", kwargs={"agency_code": agency, "tracking_number": app.tracking_number, **kw}
        )
    return reverse(f"applications_office:{name}", kwargs={"agency_code": agency, **kw})


def text(response) -> str:
    return response.content.decode()


@pytest.fixture
def app(register):
    return register(RECEIVED)


@pytest.fixture
def staff_client(client, clerk):
    client.force_login(clerk)
    return client


def register_post(**over) -> dict:
    data = {
        "channel": "in_person",
        "arrived_at": "2025-01-24T10:00",
        "received_on": "",
        **person(),
    }
    data.update(over)
    return {k: v for k, v in data.items() if v is not None}


def step_post(client, app, kind, **data):
    data.setdefault("version", Step.objects.filter(application=app).count())
    return client.post(url("step", app, kind=kind), {f"{kind}-{k}": v for k, v in data.items()})


# --- the agency wall: every view ---------------------------------------------------------------------


def wall_requests(app):
    letter_pk = attachment_pk = 999999
    return [
        ("get", url("queue")),
        ("get", url("register")),
        ("post", url("register")),
        ("get", url("detail", app)),
        ("post", url("step", app, kind="replied")),
        ("post", url("reveal", app)),
        ("post", url("attachment_upload", app)),
        ("get", url("attachment_download", app, pk=attachment_pk)),
        ("post", url("letter_issue", app)),
        ("get", url("letter_download", app, pk=letter_pk)),
    ]


def test_staff_of_another_agency_get_403_on_every_view(client, app, other_clerk):
    client.force_login(other_clerk)
    for method, target in wall_requests(app):
        response = getattr(client, method)(target)
        assert response.status_code == 403, target
    assert Step.objects.filter(application=app).count() == 1
    assert not AuditEvent.objects.filter(code="application.personal_data_viewed").exists()


def test_another_agencys_application_is_not_found_under_ones_own_agency(client, app, other_clerk, other_agency):
    client.force_login(other_clerk)
    for name, kw, method in [
        ("detail", {}, "get"),
        ("step", {"kind": "replied"}, "post"),
        ("reveal", {}, "post"),
        ("attachment_upload", {}, "post"),
        ("attachment_download", {"pk": 1}, "get"),
        ("letter_issue", {}, "post"),
        ("letter_download", {"pk": 1}, "get"),
    ]:
        target = url(name, app, agency=other_agency.code, **kw)
        assert getattr(client, method)(target).status_code == 404, target
    assert Step.objects.filter(application=app).count() == 1


def test_anonymous_users_are_sent_to_the_login_page(client, app):
    for method, target in wall_requests(app):
        response = getattr(client, method)(target)
        assert response.status_code == 302 and "/office/login/" in response["Location"], target


def test_unknown_agency_is_404(staff_client):
    assert staff_client.get(url("queue", agency="no-such-agency")).status_code == 404


def test_index_sends_staff_to_their_agency_and_lets_a_superuser_choose(client, clerk, superuser, agency, other_agency):
    client.force_login(clerk)
    response = client.get(reverse("applications_office:index"))
    assert response.status_code == 302 and response["Location"].endswith("/jiyuan-hrss/")
    client.force_login(superuser)
    page = text(client.get(reverse("applications_office:index")))
    assert agency.name in page and other_agency.name in page


def test_office_home_links_to_the_queue(staff_client):
    page = text(staff_client.get(reverse("office:home")))
    assert url("queue") in page


# --- the queue -----------------------------------------------------------------------------------------


def test_queue_sorted_by_deadline_with_overdue_and_due_soon_flags(staff_client, register):
    today = date.today()
    late = register(RECEIVED)  # due 2025-02-27: long overdue
    soon = register(today - timedelta(days=26))  # about 20 working days ago: due within days
    fresh = register(today - timedelta(days=1))
    page = text(staff_client.get(url("queue")))
    assert page.index(late.tracking_number) < page.index(soon.tracking_number) < page.index(fresh.tracking_number)
    assert "已逾期" in page
    response = staff_client.get(url("queue"), {"overdue": "1"})
    assert late.tracking_number in text(response) and fresh.tracking_number not in text(response)


def test_queue_filters_and_search(staff_client, register, clerk):
    a = register(RECEIVED)
    b = register(RECEIVED, channel="fax")
    c = register(
        date(2024, 12, 30),
        applicant_type="business",
        applicant_name="示例测试有限公司",
        id_type="",
        id_number="",
        organisation_code="91110000600037341L",
    )
    s.application_withdraw(actor=clerk, application=a, withdrawn_on=RECEIVED, as_of=date(2030, 1, 1))
    page = text(staff_client.get(url("queue")))
    assert a.tracking_number not in page and b.tracking_number in page  # default: open ones
    assert a.tracking_number in text(staff_client.get(url("queue"), {"state": "all"}))
    assert a.tracking_number in text(staff_client.get(url("queue"), {"state": "concluded"}))
    page = text(staff_client.get(url("queue"), {"channel": "fax"}))
    assert b.tracking_number in page and c.tracking_number not in page
    page = text(staff_client.get(url("queue"), {"applicant_type": "business"}))
    assert c.tracking_number in page and b.tracking_number not in page
    page = text(staff_client.get(url("queue"), {"year": "2024"}))
    assert c.tracking_number in page and b.tracking_number not in page
    page = text(staff_client.get(url("queue"), {"q": b.tracking_number}))
    assert b.tracking_number in page and c.tracking_number not in page
    # Nonsense filters are ignored, never a 500.
    response = staff_client.get(url("queue"), {"state": "x", "channel": "y", "applicant_type": "z", "year": "abc"})
    assert response.status_code == 200


def test_queue_marks_provisional_deadlines(staff_client, register):
    app = register(date(2029, 12, 20))  # runs into 2030, a year no notice has announced yet
    assert app.due_provisional
    page = text(staff_client.get(url("queue")))
    assert "暂定" in page and "2030 年的节假日安排尚未确认" in page
    assert "暂定" in text(staff_client.get(url("detail", app)))


# --- registering -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("channel", "received_on", "state"),
    [
        ("in_person", "", "processing"),
        ("mail_signed", "", "processing"),
        ("mail_unsigned", "2025-01-24", "processing"),
        ("fax", "", "awaiting_receipt"),
        ("email", "2025-01-27", "processing"),
        ("online", "", "awaiting_receipt"),
    ],
)
def test_register_every_channel(staff_client, channel, received_on, state):
    response = staff_client.post(url("register"), register_post(channel=channel, received_on=received_on))
    assert response.status_code == 302, text(response)
    app = Application.objects.get()
    assert app.channel == channel and app.state == state
    assert response["Location"] == url("detail", app)
    page = text(staff_client.get(response["Location"]))
    assert "查询码" in page  # shown once in the message


@pytest.mark.parametrize(
    ("over", "field_message"),
    [
        ({"id_number": "110105194912310021"}, "校验位不正确"),
        ({"id_number": "8100001990010100X1"}, "居民身份证"),
        (
            {"applicant_type": "business", "organisation_code": "91110000600037341X", "id_type": "", "id_number": ""},
            "统一社会信用代码",
        ),
        ({"applicant_name": ""}, "请填写申请人姓名或名称"),
        ({"contact_phone": "12"}, "联系电话格式不正确"),
        ({"contact_email": "not-an-email"}, "电子邮箱格式不正确"),
        ({"description": "文件"}, "请描述所需政府信息"),
        ({"delivery": ""}, "请选择获取信息的方式"),
        ({"applicant_type": "robot"}, "请选择申请人类型"),
        ({"channel": ""}, "请选择提交方式"),
        ({"channel": "pigeon"}, "选择"),
        ({"arrived_at": "yesterday"}, "送达时间格式"),
        ({"arrived_at": "2099-01-01T10:00"}, "送达时间晚于今天"),
        ({"channel": "in_person", "received_on": "2025-01-27"}, "以提交或签收之日"),
        ({"channel": "fax", "received_on": "2025-01-20"}, "不能早于申请送达之日"),
        ({"carried_over": "on"}, "期初未办结的申请须填写原收到申请之日"),
        ({"postal_code": "12"}, "邮政编码应为6位数字"),
    ],
)
def test_register_bad_input_gives_a_clear_message_and_writes_nothing(staff_client, over, field_message):
    response = staff_client.post(url("register"), register_post(**over))
    assert response.status_code == 400
    assert field_message in text(response)
    assert not Application.objects.exists() and not Step.objects.exists()


def test_register_with_a_bad_attachment_writes_nothing(staff_client):
    data = register_post()
    data["attachment"] = SimpleUploadedFile("x.html", b"<html><script>alert(1)</script></html>", "text/html")
    response = staff_client.post(url("register"), data)
    assert response.status_code == 400 and "附件只接受" in text(response)
    assert not Application.objects.exists() and not Attachment.objects.exists()


def test_register_with_an_attachment(staff_client):
    data = register_post()
    data["attachment"] = SimpleUploadedFile("scan.pdf", PDF, "application/pdf")
    assert staff_client.post(url("register"), data).status_code == 302
    assert Attachment.objects.get().filename == "scan.pdf"


def test_supervisors_only_read(client, app, supervisor):
    client.force_login(supervisor)
    assert client.get(url("queue")).status_code == 200
    page = text(client.get(url("detail", app)))
    assert "您的角色只能查看申请" in page and "step-replied" not in page
    assert client.get(url("register")).status_code == 403
    response = step_post(client, app, "replied", outcome="granted", replied_on="2025-02-10")
    assert response.status_code == 403
    assert Step.objects.filter(application=app).count() == 1


# --- the application page --------------------------------------------------------------------------------


def test_application_page_shows_timeline_deadline_explanation_and_masked_data(staff_client, app):
    page = text(staff_client.get(url("detail", app)))
    assert app.tracking_number in page
    assert "2025年2月27日" in page  # 20 working days after 1/24 across the Spring Festival
    assert "计算过程" in page and "春节" in page
    assert "110***********002X" in page and "11010519491231002X" not in page
    assert "139****0009" in page and "13900000009" not in page
    assert "登记" in page and "clerk" in page  # the timeline: what and who
    for kind in (
        "supplement_requested",
        "consultation_started",
        "extended",
        "fee_notice_issued",
        "replied",
        "withdrawn",
    ):
        assert f"step-{kind}" in page, kind
    assert "step-receipt_confirmed" not in page and "step-delivered" not in page
    assert "step-deadline_overridden" not in page  # a clerk may not set a 第三十五条 deadline


def test_show_full_number_records_the_read(staff_client, app, clerk):
    response = staff_client.post(url("reveal", app))
    assert response.status_code == 200
    page = text(response)
    assert "11010519491231002X" in page and "13900000009" in page
    event = AuditEvent.objects.get(code="application.personal_data_viewed")
    assert event.actor == clerk and event.target_id == str(app.pk)
    assert "11010519491231002X" not in str(event.data) and "13900000009" not in str(event.data)
    assert staff_client.get(url("reveal", app)).status_code == 405


def test_fax_request_confirm_receipt_then_reply(staff_client, register):
    app = register(RECEIVED, channel="fax")
    page = text(staff_client.get(url("detail", app)))
    assert "尚未确认收到申请" in page and "step-receipt_confirmed" in page
    response = step_post(staff_client, app, "receipt_confirmed", confirmed_on="2025-01-24")
    assert response.status_code == 302
    response = step_post(staff_client, app, "replied", outcome="granted", replied_on="2025-02-10")
    assert response.status_code == 302
    app.refresh_from_db()
    assert app.state == "concluded" and app.outcome == "granted"
    assert "已登记“答复”" in text(staff_client.get(url("detail", app)))


@pytest.mark.parametrize(
    ("kind", "data", "message"),
    [
        ("replied", {"outcome": "", "replied_on": "2025-02-10"}, "请选择办理结果"),
        ("replied", {"outcome": "made.up", "replied_on": "2025-02-10"}, "选择"),
        ("replied", {"outcome": "other.no_supplement", "replied_on": "2025-02-10"}, "选择"),
        ("replied", {"outcome": "granted", "replied_on": "2099-01-01"}, "晚于今天"),
        ("replied", {"outcome": "granted", "replied_on": "2025-01-01"}, "早于上一步骤"),
        ("replied", {"outcome": "granted", "replied_on": "10/02/2025"}, "日期格式"),
        ("replied", {"outcome": "unavailable.still_unclear", "replied_on": "2025-02-10"}, "只适用于申请人补正之后"),
        (
            "supplement_requested",
            {"sent_on": "2025-01-27", "items": "", "reply_by": "2025-02-20"},
            "请写明需要补正的事项",
        ),
        (
            "supplement_requested",
            {"sent_on": "2025-01-27", "items": "文号", "reply_by": "2025-01-26"},
            "补正期限应晚于告知补正之日",
        ),
        ("supplement_requested", {"sent_on": "2025-02-20", "items": "文号", "reply_by": "2025-03-20"}, "7个工作日"),
        ("consultation_started", {"party": "", "consultee": "某公司", "sent_on": "2025-01-27"}, "请选择征求意见的对象"),
        (
            "consultation_started",
            {"party": "third_party", "consultee": "", "sent_on": "2025-01-27"},
            "请填写被征求意见方名称",
        ),
        (
            "consultation_started",
            {"party": "third_party", "consultee": "某公司", "sent_on": "2025-01-27", "delivered_on": "2025-01-26"},
            "送达之日不能早于发出之日",
        ),
        (
            "extended",
            {"approved_by": "", "approved_on": "2025-02-10", "notified_on": "2025-02-10", "reason": "量大"},
            "请选择同意延期",
        ),
        (
            "extended",
            {"approved_by": "HEAD", "approved_on": "2025-02-10", "notified_on": "2025-02-10", "reason": ""},
            "请填写延期理由",
        ),
        (
            "extended",
            {"approved_by": "HEAD", "approved_on": "2025-03-10", "notified_on": "2025-03-10", "reason": "量大"},
            "20",
        ),
        ("fee_notice_issued", {"notified_on": "2025-02-10", "method": ""}, "请选择计收方式"),
        ("fee_notice_issued", {"notified_on": "2025-02-10", "method": "per_page"}, "按量计收须填写页数"),
        ("fee_notice_issued", {"notified_on": "2025-02-10", "method": "per_request"}, "按规定本件不收费"),
        ("withdrawn", {"withdrawn_on": ""}, "请填写日期"),
        ("receipt_confirmed", {"confirmed_on": "2025-01-24"}, "不能确认收到申请"),
        ("delivered", {"delivered_on": "2025-02-10", "method": "mail"}, "不能送达"),
        ("fee_paid", {"paid_on": "2025-02-10"}, "不能缴费"),
    ],
)
def test_bad_step_input_gives_a_clear_message_and_writes_nothing(staff_client, app, head, kind, data, message):
    if data.get("approved_by") == "HEAD":
        data["approved_by"] = str(head.pk)
    before = (Step.objects.count(), AuditEvent.objects.count())
    response = step_post(staff_client, app, kind, **data)
    assert response.status_code == 400
    assert message in text(response), text(response)[:3000]
    assert (Step.objects.count(), AuditEvent.objects.count()) == before


def test_unknown_step_kind_is_404(staff_client, app):
    assert staff_client.post(url("step", app, kind="teleported")).status_code == 404
    assert staff_client.get(url("step", app, kind="replied")).status_code == 405


def test_a_stale_page_is_refused(staff_client, app, clerk):
    s.application_withdraw(actor=clerk, application=app, withdrawn_on=RECEIVED, as_of=date(2030, 1, 1))
    response = step_post(staff_client, app, "replied", outcome="granted", replied_on="2025-02-10", version=1)
    assert response.status_code == 400
    assert "已被其他工作人员更新" in text(response)


def test_every_step_form_through_a_full_history(staff_client, client, register, head, reviewer):
    """补正 → 收到补正 → 征求意见 → 结束 → 延期 → 收费 → 缴费 → 第三十五条 → 答复 → 送达, all through the pages."""
    app = register(RECEIVED)
    ok = [
        ("supplement_requested", {"sent_on": "2025-01-27", "items": "文件名称\n文号", "reply_by": "2025-02-21"}),
        ("supplement_received", {"received_on": "2025-02-10"}),
        ("consultation_started", {"party": "third_party", "consultee": "示例公司", "sent_on": "2025-02-11"}),
        ("consultation_ended", {"replied": "yes", "ended_on": "2025-02-18", "reason": "同意公开"}),
        (
            "extended",
            {
                "approved_by": str(head.pk),
                "approved_on": "2025-02-19",
                "notified_on": "2025-02-19",
                "reason": "需调取档案",
            },
        ),
        ("fee_notice_issued", {"notified_on": "2025-02-20", "method": "per_page", "pages": "120"}),
        ("fee_paid", {"paid_on": "2025-02-24"}),
    ]
    for kind, data in ok:
        response = step_post(staff_client, app, kind, **data)
        assert response.status_code == 302, (kind, text(response)[:2000])
    client.force_login(reviewer)
    page = text(client.get(url("detail", app)))
    assert "step-deadline_overridden" in page
    response = step_post(
        client,
        app,
        "deadline_overridden",
        due="2025-06-30",
        notified_on="2025-02-25",
        reason="申请数量明显超过合理范围",
    )
    assert response.status_code == 302, text(response)[:2000]
    response = step_post(
        staff_client, app, "replied", outcome="partly_granted", replied_on="2025-03-03", reason="部分涉及第三方"
    )
    assert response.status_code == 302
    response = step_post(staff_client, app, "delivered", delivered_on="2025-03-04", method="mail")
    assert response.status_code == 302
    app.refresh_from_db()
    assert app.state == "delivered" and app.outcome == "partly_granted"
    kinds = list(Step.objects.filter(application=app).values_list("kind", flat=True))
    assert kinds[-2:] == ["replied", "delivered"] and len(kinds) == 11
    page = text(staff_client.get(url("detail", app)))
    assert "示例公司" in page and "金额" in page and "延迟答复期限：2025-06-30" in page


def test_conclusions_for_no_supplement_and_unpaid_fee(staff_client, register):
    a = register(RECEIVED)
    assert (
        step_post(
            staff_client, a, "supplement_requested", sent_on="2025-01-27", items="文号", reply_by="2025-02-07"
        ).status_code
        == 302
    )
    response = step_post(staff_client, a, "concluded_no_supplement", concluded_on="2025-02-07")
    assert response.status_code == 400 and "期限届满前不能按逾期不补正办结" in text(response)
    assert step_post(staff_client, a, "concluded_no_supplement", concluded_on="2025-02-10").status_code == 302
    a.refresh_from_db()
    assert a.outcome == "other.no_supplement"

    b = register(RECEIVED)
    assert (
        step_post(
            staff_client, b, "fee_notice_issued", notified_on="2025-01-27", method="per_page", pages="200"
        ).status_code
        == 302
    )
    response = step_post(staff_client, b, "concluded_fee_unpaid", concluded_on="2025-02-10")
    assert response.status_code == 400 and "缴费期限" in text(response)
    assert step_post(staff_client, b, "concluded_fee_unpaid", concluded_on="2025-04-01").status_code == 302
    b.refresh_from_db()
    assert b.outcome == "other.fee_unpaid"


def test_reply_outcomes_are_grouped_as_the_format_prints_them(staff_client, app):
    from gongkai.annual_report.format import CURRENT

    page = text(staff_client.get(url("detail", app)))
    table = CURRENT.table("requests")
    heading = table.row("refused.state_secret").path[1]
    assert f'<optgroup label="{heading}">' in page
    assert 'value="other.no_supplement"' not in page.split('id="step-replied"')[1].split("</form>")[0]


# --- attachments and letters ----------------------------------------------------------------------------


def test_attachments_upload_and_download(staff_client, app):
    response = staff_client.post(
        url("attachment_upload", app), {"file": SimpleUploadedFile("a.pdf", PDF, "application/pdf")}
    )
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    download = staff_client.get(url("attachment_download", app, pk=attachment.pk))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    response = staff_client.post(
        url("attachment_upload", app), {"file": SimpleUploadedFile("a.exe", b"MZ\x90\x00" * 10)}, follow=True
    )
    assert "message error" in text(response) and Attachment.objects.count() == 1
    response = staff_client.post(url("attachment_upload", app), follow=True)
    assert "请选择要上传的文件" in text(response)


def _docx_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read("word/document.xml").decode()


def test_issue_and_download_the_reply_letter(staff_client, app):
    assert step_post(staff_client, app, "replied", outcome="granted", replied_on="2025-02-10").status_code == 302
    page = text(staff_client.get(url("detail", app)))
    assert "出具告知书" in page
    response = staff_client.post(
        url("letter_issue", app), {"letter-kind": "reply", "letter-details": "请到本机关领取。"}
    )
    assert response.status_code == 302, text(response)[:2000]
    letter = IssuedLetter.objects.get()
    assert letter.reference == app.tracking_number and letter.kind == "reply"
    page = text(staff_client.get(url("detail", app)))
    assert letter.number in page
    download = staff_client.get(url("letter_download", app, pk=letter.pk))
    assert download.status_code == 200
    body = _docx_text(b"".join(download.streaming_content))
    assert "王测试" in body and app.tracking_number in body


def test_letter_errors_are_messages(staff_client, app, register):
    response = staff_client.post(url("letter_issue", app), {"letter-kind": "reply"})
    assert response.status_code == 400 and "选择" in text(response)  # no reply yet: not offered
    assert (
        step_post(
            staff_client, app, "fee_notice_issued", notified_on="2025-01-27", method="per_page", pages="200"
        ).status_code
        == 302
    )
    response = staff_client.post(url("letter_issue", app), {"letter-kind": "fee"})
    assert response.status_code == 400 and "缴费方式" in text(response)
    assert not IssuedLetter.objects.exists()
    fax = register(RECEIVED, channel="fax")
    response = staff_client.post(url("letter_issue", fax), {"letter-kind": "receipt"})
    assert response.status_code == 400
    assert not IssuedLetter.objects.exists()
    assert staff_client.get(url("letter_download", app, pk=12345)).status_code == 404
