"""Letters of an application: the context comes from the records (applicant, tracking number,
receipt date, information, outcome and reasons, deadlines, fee), every kind can be issued, and a
letter the records do not allow yet is refused in Chinese before any number is taken."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest

from gongkai.applications import services as s
from gongkai.applications.letters import (
    LetterExtras,
    application_letter_issue,
    application_letters,
    application_reply_letters,
    letter_context,
    letter_kinds_available,
)
from gongkai.core.errors import ApplicationError, PermissionDenied
from gongkai.letters.models import IssuedLetter, LetterSequence

from .conftest import FAR_FUTURE

pytestmark = pytest.mark.django_db
D = date
RECEIVED = D(2025, 1, 24)  # +20 working days → 2025-02-27 (Spring Festival in between)


def kw(actor, app, **more):
    return {"actor": actor, "application": app, "as_of": FAR_FUTURE, **more}


def docx_text(letter) -> str:
    with letter.file.open("rb") as handle, zipfile.ZipFile(io.BytesIO(handle.read())) as z:
        return z.read("word/document.xml").decode()


def test_receipt_letter_has_the_applicant_number_information_and_deadline(register, clerk):
    app = register(RECEIVED)
    assert letter_kinds_available(app) == ["receipt"]
    ctx = letter_context(app, "receipt")
    assert ctx["applicant_name"] == "王测试" and ctx["tracking_number"] == app.tracking_number
    assert ctx["received_date"] == RECEIVED and ctx["reply_due_date"] == D(2025, 2, 27)
    assert ctx["information_requested"] == app.description and ctx["channel"] == "当面提交"
    letter = application_letter_issue(actor=clerk, application=app, kind="receipt")
    body = docx_text(letter)
    assert "王测试" in body and app.tracking_number in body and "2025年2月27日" in body
    assert letter.reference == app.tracking_number and letter.number in body


def test_supplement_extension_consultation_fee_and_reply_letters(register, clerk, head):
    app = register(RECEIVED)
    s.application_request_supplement(
        **kw(clerk, app, sent_on=D(2025, 1, 27), items="文件名称\n成文日期", reply_by=D(2025, 2, 14))
    )
    s.application_record_supplement(**kw(clerk, app, received_on=D(2025, 2, 5)))
    s.application_consultation_start(
        **kw(
            clerk, app, party="other_agency", consultee="某某市财政局", sent_on=D(2025, 2, 6), reason="涉及财政局的信息"
        )
    )
    s.application_consultation_end(**kw(clerk, app, ended_on=D(2025, 2, 12)))
    s.application_extend(
        **kw(
            clerk,
            app,
            approved_by=head,
            approved_on=D(2025, 2, 13),
            notified_on=D(2025, 2, 13),
            reason="需调取档案逐件核对",
        )
    )
    s.application_issue_fee_notice(**kw(clerk, app, notified_on=D(2025, 2, 14), method="per_page", pages=150))

    assert letter_kinds_available(app) == ["receipt", "supplement", "extension", "consultation", "fee"]
    sup = letter_context(app, "supplement")
    assert sup["supplement_items"] == ["文件名称", "成文日期"] and sup["supplement_deadline"] == D(2025, 2, 14)
    ext = letter_context(app, "extension")
    assert ext["extended_due_date"] > ext["original_due_date"] and ext["reasons"] == "需调取档案逐件核对"
    con = letter_context(app, "consultation")
    assert con["consulted_party_type"] == "agency" and con["consulted_party_name"] == "某某市财政局"
    assert con["reply_deadline"] > D(2025, 2, 6)
    fee = letter_context(app, "fee", LetterExtras(payment_method="到本机关财务室缴纳"))
    assert fee["fee_method"] == "per_page" and fee["fee_amount"] > 0 and "页" in fee["fee_explanation"]
    assert fee["payment_due_date"] > D(2025, 2, 14) and fee["payment_method"] == "到本机关财务室缴纳"

    for kind, extras in [
        ("supplement", LetterExtras(guidance="可写明发文机关")),
        ("extension", None),
        ("consultation", None),
        ("fee", LetterExtras(payment_method="到本机关财务室缴纳", reconsideration_body="某某市人民政府")),
    ]:
        letter = application_letter_issue(actor=clerk, application=app, kind=kind, extras=extras)
        assert app.tracking_number in docx_text(letter), kind

    s.application_record_payment(**kw(clerk, app, paid_on=D(2025, 2, 17)))
    s.application_reply(
        **kw(
            clerk,
            app,
            outcome="refused.third_party_rights",
            replied_on=D(2025, 2, 20),
            reason="公开会损害第三方合法权益",
        )
    )
    reply = letter_context(app, "reply", LetterExtras(details="不予公开", court="某某市中级人民法院"))
    assert reply["outcome"] == "refused.third_party_rights" and reply["reasons"] == "公开会损害第三方合法权益"
    assert reply["letter_date"] == D(2025, 2, 20) and reply["court"] == "某某市中级人民法院"
    assert "guidance" not in reply and "payment_method" not in reply  # extras a reply does not use are left out
    letter = application_letter_issue(
        actor=clerk, application=app, kind="reply", extras=LetterExtras(court="某某市中级人民法院")
    )
    body = docx_text(letter)
    assert "公开会损害第三方合法权益" in body
    assert "如对本告知书不服" in body and "某某市中级人民法院" in body  # the remedy rights
    assert list(application_reply_letters(app)) == [letter]
    assert application_letters(app).count() == 5


def test_letters_the_records_do_not_allow_are_refused_before_a_number_is_taken(register, clerk):
    fax = register(RECEIVED, channel="fax")
    assert letter_kinds_available(fax) == []
    with pytest.raises(ApplicationError, match="尚未确认收到申请"):
        application_letter_issue(actor=clerk, application=fax, kind="receipt")
    app = register(RECEIVED)
    for kind, step in [
        ("reply", "答复"),
        ("supplement", "告知补正"),
        ("extension", "延长答复期限"),
        ("fee", "发出收费通知"),
    ]:
        with pytest.raises(ApplicationError, match=step):
            application_letter_issue(actor=clerk, application=app, kind=kind)
    with pytest.raises(ApplicationError, match="无效"):
        application_letter_issue(actor=clerk, application=app, kind="love-letter")
    s.application_issue_fee_notice(**kw(clerk, app, notified_on=D(2025, 1, 27), method="per_page", pages=200))
    with pytest.raises(ApplicationError, match="缴费方式"):
        application_letter_issue(actor=clerk, application=app, kind="fee")
    assert not IssuedLetter.objects.exists() and not LetterSequence.objects.filter(last_number__gt=0).exists()


def test_staff_of_another_agency_cannot_issue(register, other_clerk):
    app = register(RECEIVED)
    with pytest.raises(PermissionDenied):
        application_letter_issue(actor=other_clerk, application=app, kind="receipt")
    assert not IssuedLetter.objects.exists()


def test_the_receipt_letter_states_the_deadline_as_told_on_receipt(register, clerk):
    app = register(RECEIVED)
    s.application_request_supplement(**kw(clerk, app, sent_on=D(2025, 1, 27), items="文号", reply_by=D(2025, 2, 14)))
    s.application_withdraw(**kw(clerk, app, withdrawn_on=D(2025, 2, 3)))
    assert letter_context(app, "receipt")["reply_due_date"] == D(2025, 2, 27)


def test_letters_are_numbered_per_kind(register, clerk):
    a, b = register(RECEIVED), register(RECEIVED)
    first = application_letter_issue(actor=clerk, application=a, kind="receipt")
    second = application_letter_issue(actor=clerk, application=b, kind="receipt")
    assert (first.sequence_number, second.sequence_number) == (1, 2)
    s.application_reply(**kw(clerk, a, outcome="granted", replied_on=D(2025, 2, 3)))
    assert application_letter_issue(actor=clerk, application=a, kind="reply").sequence_number == 1
