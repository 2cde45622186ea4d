"""Every step service: transitions, dates, roles, the agency wall, caches and the audit trail."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.applications import services as s
from gongkai.applications.models import AppendOnlyError, Application, Attachment, Step
from gongkai.applications.selectors import (
    application_detail,
    application_for_applicant,
    application_get_for_user,
    application_queue,
    requests_table_counts,
)
from gongkai.audit.models import AuditEvent
from gongkai.core.errors import ApplicationError, Conflict, PermissionDenied

from .conftest import FAR_FUTURE, at, organisation, person

pytestmark = pytest.mark.django_db
D = date
RECEIVED = D(2025, 1, 24)  # Fri; disclosure-rules.md §4.4: +7 → 2/10, +20 → 2/27, +40 → 3/27


def kw(actor, app, **more):
    return {"actor": actor, "application": app, "as_of": FAR_FUTURE, **more}


# --- registration and the receipt date (第三十一条) --------------------------------------------------------


def test_in_person_request_is_received_the_day_it_is_handed_in(register, agency):
    app = register(RECEIVED)
    assert app.received_on == RECEIVED
    assert app.state == "processing"
    assert app.due_on == D(2025, 2, 27) and not app.due_provisional
    assert app.tracking_number == "JIYUAN-HRSS-2025-00001"
    assert register(RECEIVED).tracking_number == "JIYUAN-HRSS-2025-00002"
    assert register(D(2024, 12, 30)).tracking_number == "JIYUAN-HRSS-2024-00001"


def test_tracking_numbers_are_per_agency(register, other_agency, other_clerk):
    register(RECEIVED)
    other = register(RECEIVED, actor=other_clerk, agency_=other_agency)
    assert other.tracking_number == "HUAIAN-GOV-2025-00001"


@pytest.mark.parametrize("channel", ["online", "fax", "email", "mail_unsigned"])
def test_confirmation_channels_wait_for_confirmation(register, clerk, channel):
    app = register(RECEIVED, channel=channel)
    assert app.received_on is None and app.due_on is None and app.state == "awaiting_receipt"
    with pytest.raises(ApplicationError, match="请先确认收到申请"):
        s.application_reply(**kw(clerk, app, outcome="granted", replied_on=RECEIVED))
    app = s.application_confirm_receipt(**kw(clerk, app, confirmed_on=D(2025, 1, 24)))
    assert app.received_on == RECEIVED and app.due_on == D(2025, 2, 27) and app.state == "processing"


def test_signed_mail_is_received_the_day_it_is_signed_for(register):
    assert register(RECEIVED, channel="mail_signed").received_on == RECEIVED


def test_unsigned_mail_confirmed_late_is_recorded_with_a_warning(register, clerk):
    app = register(RECEIVED, channel="mail_unsigned")
    app = s.application_confirm_receipt(**kw(clerk, app, confirmed_on=D(2025, 1, 27), reason="电话无人接听"))
    step = app.steps.get(kind="receipt_confirmed")
    assert step.data["late"] is True and "当日" in step.data["warnings"][0]
    assert app.received_on == D(2025, 1, 27)


def test_confirmation_before_arrival_is_refused(register, clerk):
    app = register(RECEIVED, channel="online")
    with pytest.raises(ApplicationError, match="早于"):
        s.application_confirm_receipt(**kw(clerk, app, confirmed_on=D(2025, 1, 23)))
    assert Step.objects.filter(application=app).count() == 1


def test_receipt_confirmed_at_registration(agency, clerk):
    result = s.application_register(
        actor=clerk, agency=agency, channel="email", arrived_at=at(RECEIVED), received_on=D(2025, 1, 27),
        as_of=FAR_FUTURE, **person(),
    )  # fmt: skip
    assert result.application.received_on == D(2025, 1, 27)
    assert [st.kind for st in result.application.steps.order_by("id")] == ["registered", "receipt_confirmed"]


def test_in_person_receipt_date_cannot_differ_from_the_day_handed_in(agency, clerk):
    with pytest.raises(ApplicationError, match="第三十一条") as err:
        s.application_register(
            actor=clerk, agency=agency, channel="in_person", arrived_at=at(RECEIVED), received_on=D(2025, 1, 27),
            as_of=FAR_FUTURE, **person(),
        )  # fmt: skip
    assert "received_on" in err.value.extra["fields"]
    assert not Application.objects.exists()


def test_carried_over_request_needs_its_original_receipt_date(agency, clerk):
    with pytest.raises(ApplicationError, match="原收到申请之日"):
        s.application_register(
            actor=clerk, agency=agency, channel="online", arrived_at=at(D(2024, 12, 20)), carried_over=True,
            as_of=FAR_FUTURE, **person(),
        )  # fmt: skip
    app = s.application_register(
        actor=clerk, agency=agency, channel="online", arrived_at=at(D(2024, 12, 20)), received_on=D(2024, 12, 20),
        carried_over=True, as_of=FAR_FUTURE, **person(),
    ).application  # fmt: skip
    assert app.carried_over and app.received_on == D(2024, 12, 20)
    counts = requests_table_counts(agency, 2025)
    assert counts["requests.carried_in.natural_person"] == 1 and counts["requests.carried_out.total"] == 1


def test_query_code_is_stored_hashed_and_opens_the_application(agency, clerk):
    result = s.application_register(
        actor=clerk, agency=agency, channel="in_person", arrived_at=at(RECEIVED), as_of=FAR_FUTURE, **person()
    )
    app = result.application
    assert result.query_code not in app.query_code_hash and len(result.query_code) == 10
    assert application_for_applicant(app.tracking_number, result.query_code) == app
    assert application_for_applicant(app.tracking_number, result.query_code.lower()) == app
    assert application_for_applicant(app.tracking_number, "WRONGCODE2") is None
    assert application_for_applicant("NOPE-2025-00001", result.query_code) is None


def test_bad_applicant_data_names_every_bad_field(agency, clerk):
    with pytest.raises(ApplicationError) as err:
        s.application_register(
            actor=clerk, agency=agency, channel="in_person", arrived_at=at(RECEIVED), as_of=FAR_FUTURE,
            **person(id_number="110105194912310021", contact_phone="12", description="", delivery="mail",
                     contact_address=""),
        )  # fmt: skip
    fields = err.value.extra["fields"]
    assert set(fields) >= {"id_number", "contact_phone", "description", "contact_address"}
    assert "校验位" in fields["id_number"]
    with pytest.raises(ApplicationError) as err:
        s.application_register(
            actor=clerk, agency=agency, channel="in_person", arrived_at=at(RECEIVED), as_of=FAR_FUTURE,
            **organisation(organisation_code="91110000600037341X"),
        )  # fmt: skip
    assert "organisation_code" in err.value.extra["fields"]
    assert not Application.objects.exists()


# --- online submission ------------------------------------------------------------------------------------


def test_online_submission_is_idempotent(agency):
    key = "k" * 32
    first = s.application_submit_online(agency=agency, idempotency_key=key, arrived_at=at(RECEIVED), **person())
    again = s.application_submit_online(agency=agency, idempotency_key=key, arrived_at=at(RECEIVED), **person())
    assert first.created and not again.created
    assert again.application.pk == first.application.pk
    assert Application.objects.count() == 1 and Step.objects.count() == 1
    app = first.application
    assert application_for_applicant(app.tracking_number, again.query_code) is not None
    assert application_for_applicant(app.tracking_number, first.query_code) is None  # reissued
    assert app.state == "awaiting_receipt" and app.channel == "online" and app.received_on is None
    assert AuditEvent.objects.filter(code="application.submitted").count() == 1
    assert AuditEvent.objects.filter(code="application.query_code_reissued").count() == 1


def test_a_form_key_reused_for_other_content_is_refused(agency):
    key = "x" * 32
    s.application_submit_online(agency=agency, idempotency_key=key, **person())
    with pytest.raises(Conflict):
        s.application_submit_online(agency=agency, idempotency_key=key, **person(description="完全不同的另一项信息"))
    with pytest.raises(ApplicationError, match="表单已失效"):
        s.application_submit_online(agency=agency, idempotency_key="short", **person())
    assert Application.objects.count() == 1


def test_online_submission_with_attachments(agency):
    pdf = _pdf_bytes()
    result = s.application_submit_online(
        agency=agency,
        idempotency_key="a" * 20,
        attachments=[SimpleUploadedFile("身份证明.pdf", pdf)],
        **person(),
    )
    att = Attachment.objects.get(application=result.application)
    assert att.media_type == "application/pdf" and att.size == len(pdf) and len(att.sha256) == 64


def test_online_submission_with_a_bad_attachment_writes_nothing(agency):
    with pytest.raises(ApplicationError):
        s.application_submit_online(
            agency=agency,
            idempotency_key="b" * 20,
            attachments=[SimpleUploadedFile("x.html", b"<html><body>hi</body></html>")],
            **person(),
        )
    assert not Application.objects.exists()


# --- 补正 ---------------------------------------------------------------------------------------------------


def test_supplement_once_within_seven_working_days_restarts_the_clock(register, clerk):
    app = register(RECEIVED)
    with pytest.raises(ApplicationError, match="2025-02-10") as err:
        s.application_request_supplement(
            **kw(clerk, app, sent_on=D(2025, 2, 11), items="请说明文件名称", reply_by=D(2025, 2, 25))
        )
    assert err.value.code == "late_supplement"
    app = s.application_request_supplement(
        **kw(clerk, app, sent_on=D(2025, 2, 10), items="请说明文件名称", reply_by=D(2025, 2, 25))
    )
    assert app.state == "awaiting_supplement" and app.due_on is None
    app = s.application_record_supplement(**kw(clerk, app, received_on=D(2025, 2, 14)))
    assert app.state == "processing"
    assert app.due_on == D(2025, 3, 14)  # 20 working days from 2/14, not from 1/24
    with pytest.raises(ApplicationError, match="一次性"):
        s.application_request_supplement(
            **kw(clerk, app, sent_on=D(2025, 2, 17), items="再补", reply_by=D(2025, 2, 28))
        )


def test_late_supplement_notice_with_a_reason_is_recorded_as_late(register, clerk):
    app = register(RECEIVED)
    app = s.application_request_supplement(
        **kw(clerk, app, sent_on=D(2025, 2, 12), items="补", reply_by=D(2025, 2, 28), late_reason="经办人病假")
    )
    assert app.steps.get(kind="supplement_requested").data["late"] is True


def test_no_supplement_concludes_only_after_the_period(register, clerk):
    app = register(RECEIVED)
    app = s.application_request_supplement(
        **kw(clerk, app, sent_on=D(2025, 1, 27), items="补", reply_by=D(2025, 2, 14))
    )
    with pytest.raises(ApplicationError, match="2025-02-14"):
        s.application_conclude_no_supplement(**kw(clerk, app, concluded_on=D(2025, 2, 14)))
    with pytest.raises(ApplicationError, match="正当理由"):
        s.application_record_supplement(**kw(clerk, app, received_on=D(2025, 2, 17)))
    app = s.application_conclude_no_supplement(**kw(clerk, app, concluded_on=D(2025, 2, 17)))
    assert (app.state, app.outcome, app.concluded_on) == ("concluded", "other.no_supplement", D(2025, 2, 17))


def test_still_unclear_only_after_a_supplement(register, clerk):
    app = register(RECEIVED)
    with pytest.raises(ApplicationError, match="未经补正"):
        s.application_reply(**kw(clerk, app, outcome="unavailable.still_unclear", replied_on=D(2025, 2, 3)))
    app = s.application_request_supplement(
        **kw(clerk, app, sent_on=D(2025, 1, 27), items="补", reply_by=D(2025, 2, 14))
    )
    app = s.application_record_supplement(**kw(clerk, app, received_on=D(2025, 2, 5)))
    app = s.application_reply(**kw(clerk, app, outcome="unavailable.still_unclear", replied_on=D(2025, 2, 6)))
    assert app.outcome == "unavailable.still_unclear"


# --- consultation -----------------------------------------------------------------------------------------


def test_consultation_pauses_the_clock(register, clerk):
    app = register(RECEIVED)
    app = s.application_consultation_start(
        **kw(clerk, app, party="third_party", consultee="示例公司", sent_on=D(2025, 2, 10))
    )
    assert app.state == "consulting"
    with pytest.raises(ApplicationError, match="征求意见结束"):
        s.application_reply(**kw(clerk, app, outcome="granted", replied_on=D(2025, 2, 11)))
    with pytest.raises(ApplicationError, match="尚未届满"):
        s.application_consultation_end(**kw(clerk, app, ended_on=D(2025, 2, 20), replied=False))
    app = s.application_consultation_end(**kw(clerk, app, ended_on=D(2025, 2, 17)))
    # paused 2/10–2/14 (5 working days): 2/27 → 3/6
    assert app.state == "processing" and app.due_on == D(2025, 3, 6)


def test_consultation_that_lapsed_pauses_fifteen_working_days(register, clerk):
    app = register(RECEIVED)
    app = s.application_consultation_start(
        **kw(clerk, app, party="other_agency", consultee="某局", sent_on=D(2025, 2, 10))
    )
    app = s.application_consultation_end(**kw(clerk, app, ended_on=D(2025, 3, 4), replied=False))
    # 15 working days from 2/10 end 3/3; paused 2/10..3/2 → 15 working days: 2/27 + 15 → 3/20
    assert app.due_on == D(2025, 3, 20)


def test_two_consultations_at_once_must_be_ended_one_by_one(register, clerk):
    app = register(RECEIVED)
    app = s.application_consultation_start(
        **kw(clerk, app, party="third_party", consultee="甲", sent_on=D(2025, 2, 10))
    )
    app = s.application_consultation_start(
        **kw(clerk, app, party="third_party", consultee="乙", sent_on=D(2025, 2, 11))
    )
    with pytest.raises(ApplicationError, match="选择"):
        s.application_consultation_end(**kw(clerk, app, ended_on=D(2025, 2, 12)))
    first = app.steps.filter(kind="consultation_started").order_by("id").first()
    app = s.application_consultation_end(**kw(clerk, app, ended_on=D(2025, 2, 12), consultation=first.pk))
    assert app.state == "consulting"
    app = s.application_consultation_end(**kw(clerk, app, ended_on=D(2025, 2, 13)))
    assert app.state == "processing"


# --- extension and 第三十五条 -----------------------------------------------------------------------------------


def test_extension_needs_a_reviewer_or_head_and_the_first_twenty_days(register, clerk, head, reviewer):
    app = register(RECEIVED)
    with pytest.raises(PermissionDenied, match="负责人"):
        s.application_extend(
            **kw(clerk, app, approved_by=clerk, approved_on=D(2025, 2, 20), notified_on=D(2025, 2, 20), reason="量大")
        )
    with pytest.raises(ApplicationError, match="2025-02-27") as err:
        s.application_extend(
            **kw(clerk, app, approved_by=head, approved_on=D(2025, 2, 27), notified_on=D(2025, 2, 28), reason="量大")
        )
    assert err.value.code == "late_extension"
    with pytest.raises(ApplicationError, match="延期理由"):
        s.application_extend(
            **kw(clerk, app, approved_by=head, approved_on=D(2025, 2, 20), notified_on=D(2025, 2, 21), reason="")
        )
    app = s.application_extend(
        **kw(clerk, app, approved_by=reviewer, approved_on=D(2025, 2, 20), notified_on=D(2025, 2, 21), reason="量大")
    )
    assert app.due_on == D(2025, 3, 27)
    step = app.steps.get(kind="extended")
    assert step.data["approved_by"] == reviewer.pk and step.data["approved_on"] == "2025-02-20"
    with pytest.raises(ApplicationError, match="不能重复"):
        s.application_extend(
            **kw(clerk, app, approved_by=head, approved_on=D(2025, 2, 24), notified_on=D(2025, 2, 24), reason="再延")
        )


def test_extension_approved_by_another_agencys_head_is_refused(register, clerk, other_agency, make_staff):
    foreign_head = make_staff(other_agency, "foreign-head", role="head")
    app = register(RECEIVED)
    with pytest.raises(PermissionDenied):
        s.application_extend(
            **kw(clerk, app, approved_by=foreign_head, approved_on=D(2025, 2, 3), notified_on=D(2025, 2, 3), reason="x")
        )


def test_override_deadline_by_a_head_with_a_reason(register, clerk, head):
    app = register(RECEIVED)
    with pytest.raises(PermissionDenied):
        s.application_override_deadline(**kw(clerk, app, due=D(2025, 6, 30), reason="大量申请"))
    with pytest.raises(ApplicationError, match="理由"):
        s.application_override_deadline(**kw(head, app, due=D(2025, 6, 30), reason=" "))
    app = s.application_override_deadline(
        actor=head, application=app, due=D(2025, 6, 30), reason="申请数量明显超过合理范围", as_of=D(2025, 2, 3)
    )
    assert app.due_on == D(2025, 6, 30) and not app.due_provisional


# --- fees ---------------------------------------------------------------------------------------------------


def test_fee_per_request_counts_the_applicants_requests_in_the_month(register, clerk):
    apps = [register(D(2025, 3, 3 + (i % 5))) for i in range(11)]
    register(D(2025, 2, 28))  # another month: not counted
    register(D(2025, 3, 4), id_number="110101199003074477", applicant_name="另一人")  # another applicant
    with pytest.raises(ApplicationError, match="免费") as err:
        s.application_issue_fee_notice(**kw(clerk, apps[0], notified_on=D(2025, 3, 10), method="per_request"))
    assert err.value.code == "free"
    eleventh = sorted(apps, key=lambda a: (a.received_on, a.pk))[-1]
    app = s.application_issue_fee_notice(**kw(clerk, eleventh, notified_on=D(2025, 3, 10), method="per_request"))
    step = app.steps.get(kind="fee_notice_issued")
    assert step.data["amount"] == 100 and step.data["requests_before"] == 10
    assert app.state == "awaiting_fee" and app.due_on is None


def test_fee_per_page_payment_and_lapse(register, clerk):
    app = register(RECEIVED)
    with pytest.raises(ApplicationError, match="免费"):
        s.application_issue_fee_notice(**kw(clerk, app, notified_on=D(2025, 2, 3), method="per_page", pages=30))
    with pytest.raises(ApplicationError, match="页数"):
        s.application_issue_fee_notice(**kw(clerk, app, notified_on=D(2025, 2, 3), method="per_page"))
    app = s.application_issue_fee_notice(**kw(clerk, app, notified_on=D(2025, 2, 3), method="per_page", pages=31))
    assert app.steps.get(kind="fee_notice_issued").data["amount"] == 10
    # payment due: 20 working days after 2/3 → 3/3
    with pytest.raises(ApplicationError, match="2025-03-03"):
        s.application_conclude_unpaid_fee(**kw(clerk, app, concluded_on=D(2025, 3, 3)))
    app = s.application_conclude_unpaid_fee(**kw(clerk, app, concluded_on=D(2025, 3, 4)))
    assert (app.outcome, app.state) == ("other.fee_unpaid", "concluded")


def test_payment_restarts_the_clock(register, clerk):
    app = register(RECEIVED)
    app = s.application_issue_fee_notice(**kw(clerk, app, notified_on=D(2025, 2, 3), method="per_page", pages=100))
    assert app.steps.get(kind="fee_notice_issued").data["amount"] == 700
    app = s.application_record_payment(**kw(clerk, app, paid_on=D(2025, 2, 10)))
    # paused 2/3..2/9: 2/3–2/4 are Spring Festival days off, Sat 2/8 is a make-up working day,
    # so 4 working days (2/5, 2/6, 2/7, 2/8) stand still: 2/27 → 3/5
    assert app.state == "processing" and app.due_on == D(2025, 3, 5)


# --- reply, delivery, withdrawal ---------------------------------------------------------------------------


def test_reply_accepts_only_outcome_codes_of_the_format(register, clerk):
    app = register(RECEIVED)
    for bad in ("yes", "other", "requests.granted.total"):
        with pytest.raises(ApplicationError, match="办理结果"):
            s.application_reply(**kw(clerk, app, outcome=bad, replied_on=D(2025, 2, 3)))
    for own in ("other.no_supplement", "other.fee_unpaid"):
        with pytest.raises(ApplicationError, match="期限届满后"):
            s.application_reply(**kw(clerk, app, outcome=own, replied_on=D(2025, 2, 3)))
    app = s.application_reply(**kw(clerk, app, outcome="partly_granted", replied_on=D(2025, 2, 3)))
    assert (app.state, app.outcome, app.concluded_on) == ("concluded", "partly_granted", D(2025, 2, 3))
    with pytest.raises(ApplicationError, match="已办结"):
        s.application_reply(**kw(clerk, app, outcome="granted", replied_on=D(2025, 2, 4)))
    with pytest.raises(ApplicationError, match="送达方式"):
        s.application_deliver(**kw(clerk, app, delivered_on=D(2025, 2, 4), method="pigeon"))
    app = s.application_deliver(**kw(clerk, app, delivered_on=D(2025, 2, 4), method="email"))
    assert app.state == "delivered"
    with pytest.raises(ApplicationError, match="已送达"):
        s.application_withdraw(**kw(clerk, app, withdrawn_on=D(2025, 2, 5)))


def test_late_reply_is_recorded_as_late(register, clerk):
    app = register(RECEIVED)
    app = s.application_reply(**kw(clerk, app, outcome="granted", replied_on=D(2025, 3, 3)))
    assert app.steps.get(kind="replied").data["late"] is True


def test_withdrawal_counts_as_other(register, clerk):
    app = register(RECEIVED)
    app = s.application_withdraw(**kw(clerk, app, withdrawn_on=D(2025, 1, 27), reason="申请人书面撤回"))
    assert (app.outcome, app.concluded_on) == ("other.other", D(2025, 1, 27))


# --- dates, versions --------------------------------------------------------------------------------------


def test_dates_in_the_future_or_before_the_previous_step_are_refused(register, clerk):
    app = register(RECEIVED)
    with pytest.raises(ApplicationError, match="晚于今天"):
        s.application_reply(
            actor=clerk, application=app, outcome="granted", replied_on=D(2025, 2, 3), as_of=D(2025, 2, 1)
        )
    with pytest.raises(ApplicationError, match="早于上一步骤"):
        s.application_reply(**kw(clerk, app, outcome="granted", replied_on=D(2025, 1, 23)))
    with pytest.raises(ApplicationError, match="答复日期"):
        s.application_reply(**kw(clerk, app, outcome="granted", replied_on="2025-02-03"))
    assert Step.objects.filter(application=app).count() == 1


def test_acting_on_a_stale_page_is_a_conflict(register, clerk):
    app = register(RECEIVED)
    seen = application_detail(app).version
    s.application_consultation_start(**kw(clerk, app, party="third_party", consultee="甲", sent_on=D(2025, 2, 3)))
    with pytest.raises(Conflict, match="刷新"):
        s.application_withdraw(**kw(clerk, app, withdrawn_on=D(2025, 2, 4), version=seen))


# --- who may act ----------------------------------------------------------------------------------------------


def test_agency_wall_and_roles(register, other_clerk, supervisor, head, superuser):
    app = register(RECEIVED)
    for actor in (other_clerk, supervisor, None):
        with pytest.raises(PermissionDenied):
            s.application_reply(**kw(actor, app, outcome="granted", replied_on=D(2025, 2, 3)))
    with pytest.raises(PermissionDenied):
        s.application_attach(actor=other_clerk, application=app, uploaded=SimpleUploadedFile("a.pdf", _pdf_bytes()))
    assert application_get_for_user(other_clerk, app.tracking_number) is None
    assert application_get_for_user(head, app.tracking_number) == app
    assert application_get_for_user(superuser, app.tracking_number) == app
    assert Step.objects.filter(application=app).count() == 1
    app = s.application_reply(**kw(head, app, outcome="granted", replied_on=D(2025, 2, 3)))  # a head may act
    assert app.outcome == "granted"


def test_staff_cannot_register_for_another_agency(other_agency, clerk):
    with pytest.raises(PermissionDenied, match="淮安"):
        s.application_register(
            actor=clerk, agency=other_agency, channel="in_person", arrived_at=at(RECEIVED), as_of=FAR_FUTURE, **person()
        )


# --- steps are append-only; the audit trail ---------------------------------------------------------------


def test_steps_are_append_only(register):
    step = register(RECEIVED).steps.get()
    step.reason = "changed"
    with pytest.raises(AppendOnlyError):
        step.save()
    with pytest.raises(AppendOnlyError):
        step.delete()
    with pytest.raises(AppendOnlyError):
        Step.objects.all().update(reason="x")
    with pytest.raises(AppendOnlyError):
        Step.objects.all().delete()


def test_every_step_writes_one_audit_event_without_personal_data(register, clerk, head):
    app = register(RECEIVED, channel="online")
    s.application_confirm_receipt(**kw(clerk, app, confirmed_on=RECEIVED))
    s.application_request_supplement(**kw(clerk, app, sent_on=D(2025, 1, 27), items="补", reply_by=D(2025, 2, 14)))
    s.application_record_supplement(**kw(clerk, app, received_on=D(2025, 2, 5)))
    s.application_consultation_start(**kw(clerk, app, party="third_party", consultee="甲", sent_on=D(2025, 2, 6)))
    s.application_consultation_end(**kw(clerk, app, ended_on=D(2025, 2, 10)))
    s.application_extend(
        **kw(clerk, app, approved_by=head, approved_on=D(2025, 2, 11), notified_on=D(2025, 2, 11), reason="复杂")
    )
    s.application_issue_fee_notice(**kw(clerk, app, notified_on=D(2025, 2, 12), method="per_page", pages=40))
    s.application_record_payment(**kw(clerk, app, paid_on=D(2025, 2, 13)))
    s.application_override_deadline(**kw(head, app, due=D(2025, 6, 1), reason="大量", notified_on=D(2025, 2, 13)))
    s.application_reply(**kw(clerk, app, outcome="granted", replied_on=D(2025, 2, 14)))
    s.application_deliver(**kw(clerk, app, delivered_on=D(2025, 2, 14), method="email"))
    s.application_attach(actor=clerk, application=app, uploaded=SimpleUploadedFile("a.pdf", _pdf_bytes()))
    codes = list(
        AuditEvent.objects.filter(target_type="applications.application", target_id=str(app.pk))
        .order_by("id")
        .values_list("code", flat=True)
    )
    assert codes == [
        "application.registered", "application.receipt_confirmed", "application.supplement_requested",
        "application.supplement_received", "application.consultation_started", "application.consultation_ended",
        "application.extended", "application.fee_notice_issued", "application.fee_paid",
        "application.deadline_overridden", "application.replied", "application.delivered",
        "application.attachment_added",
    ]  # fmt: skip
    steps = Step.objects.filter(application=app).count()
    assert steps == 12
    for event in AuditEvent.objects.all():
        text = f"{event.summary} {event.data}"
        assert "11010519491231002X" not in text and "13900000009" not in text and "王测试" not in text


# --- attachments ----------------------------------------------------------------------------------------------


def _pdf_bytes() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


def test_attachments_are_checked_and_stored_once(register, clerk, settings):
    app = register(RECEIVED)
    first = s.application_attach(actor=clerk, application=app, uploaded=SimpleUploadedFile("扫描件.pdf", _pdf_bytes()))
    again = s.application_attach(actor=clerk, application=app, uploaded=SimpleUploadedFile("again.pdf", _pdf_bytes()))
    assert first.pk == again.pk
    picture = s.application_attach(actor=clerk, application=app, uploaded=SimpleUploadedFile("id.png", PNG))
    assert picture.media_type == "image/png"
    with pytest.raises(ApplicationError, match="附件只接受"):
        s.application_attach(actor=clerk, application=app, uploaded=SimpleUploadedFile("a.json", b'{"a": 1}'))
    with pytest.raises(ApplicationError, match=r"不支持|无法识别"):
        s.application_attach(actor=clerk, application=app, uploaded=SimpleUploadedFile("a.exe", b"MZ\x90\x00" * 100))
    settings.GONGKAI_MAX_UPLOAD_BYTES = 100
    with pytest.raises(ApplicationError, match="文件过大"):
        s.application_attach(actor=clerk, application=app, uploaded=SimpleUploadedFile("big.pdf", _pdf_bytes()))
    assert Attachment.objects.filter(application=app).count() == 2


# --- the queue -------------------------------------------------------------------------------------------------


def test_queue_is_sorted_by_deadline_with_flags(register, agency, clerk):
    late = register(D(2025, 1, 2))  # due 2025-02-06
    soon = register(D(2025, 1, 24))  # due 2025-02-27
    later = register(D(2025, 2, 20))  # due 2025-03-20
    waiting = register(D(2025, 2, 21), channel="online")  # no deadline yet
    done = register(D(2025, 1, 3))
    s.application_reply(**kw(clerk, done, outcome="granted", replied_on=D(2025, 1, 6)))
    queue = application_queue(agency, today=D(2025, 2, 24))
    assert [e.application.pk for e in queue] == [late.pk, soon.pk, later.pk, waiting.pk]
    flags = {e.application.pk: (e.overdue, e.due_soon) for e in queue}
    assert flags[late.pk] == (True, False)
    assert flags[soon.pk] == (False, True)
    assert flags[later.pk] == (False, False)
    assert flags[waiting.pk] == (False, False)
    assert len(application_queue(agency, today=D(2025, 2, 24), include_closed=True)) == 5
    assert [e.application.pk for e in application_queue(agency, today=D(2025, 2, 24), search="00002")] == [soon.pk]


def test_detail_explains_the_deadline(register, clerk):
    app = register(RECEIVED)
    detail = application_detail(app)
    assert detail.deadline.due == D(2025, 2, 27)
    text = "\n".join(detail.deadline.explanation)
    assert "2025-01-24" in text and "调休" in text
    assert "replied" in detail.allowed_steps and "delivered" not in detail.allowed_steps


# --- table 三 in the 2019 layout --------------------------------------------------------------------------------


def test_table_three_in_the_2019_format_has_one_other_row(register, clerk, agency):
    app = register(D(2020, 6, 1))
    s.application_withdraw(**kw(clerk, app, withdrawn_on=D(2020, 6, 2)))
    counts = requests_table_counts(agency, 2020)
    assert counts["requests.other.natural_person"] == 1
    assert "requests.other.other.natural_person" not in counts
