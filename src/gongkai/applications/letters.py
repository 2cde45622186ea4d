"""Letters (告知书) of one application: the context is built from the application and its steps,
then ``gongkai.letters.services.letter_issue`` numbers, renders and stores the letter.

What each kind takes from the records:

* every letter: the applicant's name, the tracking number, the legal receipt date (第三十一条),
  the information asked for;
* receipt (登记回执): how the request came in and the reply deadline;
* 补正告知书: the items and the 补正期限 of the supplement_requested step;
* 延期告知书: the deadline without the extension, the deadline with it, the reason;
* 征求意见书: the consultee, its kind (第三十二条 / 第三十四条), its 15 working days, the reason
  (the latest consultation unless ``consultation`` names one);
* 收费通知书: the method, amount and computation of the fee notice step, the payment deadline;
* 答复告知书: the outcome and reasons of the reply step.

The person issuing adds what the records do not hold (``LetterExtras``): how to pay, the details
of what is provided, the responsible agency for 第三十六条第（五）项, the reconsideration body and
court, the agency's contact person.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from gongkai.core.errors import ApplicationError
from gongkai.letters.kinds import LetterKind
from gongkai.letters.models import IssuedLetter
from gongkai.letters.selectors import letters_of
from gongkai.letters.services import letter_issue
from gongkai.workcalendar.selectors import work_calendar
from gongkai.workdays import fee_payment_due, reply_deadline, third_party_reply_due
from gongkai.workdays.clock import OTHER_AGENCY

from . import workflow
from .models import Application, Step
from .workflow import StepKind

# The consultee kinds of gongkai.letters.context (its word for another agency differs from the clock's).
LETTER_PARTY = {workflow.PARTIES[0]: "third_party", OTHER_AGENCY: "agency"}

# The step a letter of each kind is about (the receipt letter needs only the receipt date).
KIND_STEP = {
    LetterKind.SUPPLEMENT: StepKind.SUPPLEMENT_REQUESTED,
    LetterKind.EXTENSION: StepKind.EXTENDED,
    LetterKind.CONSULTATION: StepKind.CONSULTATION_STARTED,
    LetterKind.FEE: StepKind.FEE_NOTICE_ISSUED,
    LetterKind.REPLY: StepKind.REPLIED,
}


@dataclass(frozen=True)
class LetterExtras:
    """What the person issuing the letter adds; empty values are left out."""

    letter_date: date | None = None
    contact_person: str = ""
    contact_phone: str = ""
    guidance: str = ""  # 补正: 指导和释明
    payment_method: str = ""  # 收费: how to pay (required for a fee letter)
    details: str = ""  # 答复: what is provided, how and when
    already_public: bool = False
    responsible_agency: str = ""
    responsible_agency_contact: str = ""
    withheld_because: str = ""
    reconsideration_body: str = ""
    court: str = ""


# Which extras each kind of letter accepts (gongkai.letters.context.FIELDS decides; this keeps
# the form and the service from passing a field a kind does not use).
EXTRAS_FOR = {
    LetterKind.RECEIPT: {"letter_date", "contact_person", "contact_phone"},
    LetterKind.SUPPLEMENT: {"letter_date", "contact_person", "contact_phone", "guidance"},
    LetterKind.EXTENSION: {"letter_date", "contact_person", "contact_phone"},
    LetterKind.CONSULTATION: {"letter_date", "contact_person", "contact_phone"},
    LetterKind.FEE: {
        "letter_date",
        "contact_person",
        "contact_phone",
        "payment_method",
        "reconsideration_body",
        "court",
    },
    LetterKind.REPLY: {
        "letter_date",
        "contact_person",
        "contact_phone",
        "details",
        "already_public",
        "responsible_agency",
        "responsible_agency_contact",
        "withheld_because",
        "reconsideration_body",
        "court",
    },
}


def _steps(application: Application) -> list[Step]:
    return list(Step.objects.filter(application=application).order_by("id"))


def _last(steps: list[Step], kind: str) -> Step | None:
    found = None
    for step in steps:
        if step.kind == kind:
            found = step
    return found


def letter_kinds_available(application: Application, steps: list[Step] | None = None) -> list[str]:
    """The kinds of letter the records of ``application`` allow now, in workflow order."""
    steps = steps if steps is not None else _steps(application)
    if not steps or application.received_on is None:
        return []
    done = {s.kind for s in steps}
    kinds = [LetterKind.RECEIPT]
    kinds += [kind for kind, step_kind in KIND_STEP.items() if step_kind in done]
    return [str(k) for k in kinds]


def _iso(value: Any) -> date | None:
    return date.fromisoformat(value) if value else None


def _due_without_extension(steps: list[Step], cal) -> date | None:
    rs = workflow.request_steps([s for s in steps if s.kind != StepKind.EXTENDED])
    return reply_deadline(rs, cal).due if rs is not None else None


def letter_context(
    application: Application,
    kind: str,
    extras: LetterExtras | None = None,
    *,
    consultation: int | None = None,
    steps: list[Step] | None = None,
) -> dict[str, Any]:
    """The context of a letter of ``kind`` (``gongkai.letters.context.FIELDS``) from the records.
    Raises ApplicationError (Chinese) if the records do not allow this letter yet."""
    extras = extras or LetterExtras()
    steps = steps if steps is not None else _steps(application)
    if kind not in LetterKind.values:
        raise ApplicationError(_("告知书类别“%(kind)s”无效。") % {"kind": kind}, code="bad_kind")
    label = LetterKind(kind).label
    if application.received_on is None:
        raise ApplicationError(
            _("尚未确认收到申请，不能出具%(letter)s：请先确认收到申请（条例第三十一条）。") % {"letter": label},
            code="not_received",
        )
    context: dict[str, Any] = {
        "applicant_name": application.applicant_name,
        "tracking_number": application.tracking_number,
        "received_date": application.received_on,
        "information_requested": application.description,
    }
    cal = work_calendar()
    step = None
    if kind in KIND_STEP:
        if kind == LetterKind.CONSULTATION and consultation is not None:
            step = next((s for s in steps if s.pk == consultation and s.kind == KIND_STEP[kind]), None)
        else:
            step = _last(steps, KIND_STEP[kind])
        if step is None:
            raise ApplicationError(
                _("本申请尚未登记“%(step)s”，不能出具%(letter)s。")
                % {"step": workflow.STEP_LABELS[KIND_STEP[kind]], "letter": label},
                code="no_step",
            )
    if kind == LetterKind.RECEIPT:
        # The deadline as the applicant is told it on receipt (before any later step).
        context["channel"] = str(application.get_channel_display())
        confirmed = _last(steps, StepKind.RECEIPT_CONFIRMED)
        upto = steps[: steps.index(confirmed) + 1] if confirmed else steps[:1]
        rs = workflow.request_steps(upto)
        deadline = reply_deadline(rs, cal) if rs is not None else None
        if deadline is None or deadline.due is None:
            raise ApplicationError(_("本申请当前没有正在计算的答复期限，不能出具登记回执。"), code="no_deadline")
        context["reply_due_date"] = deadline.due
    elif kind == LetterKind.SUPPLEMENT:
        context["supplement_items"] = [line for line in str(step.data.get("items", "")).splitlines() if line.strip()]
        context["supplement_deadline"] = _iso(step.data.get("reply_by"))
    elif kind == LetterKind.EXTENSION:
        upto = steps[: steps.index(step) + 1]  # the deadlines as they stood when the extension was told
        current = reply_deadline(workflow.request_steps(upto), cal)
        context["original_due_date"] = _due_without_extension(upto, cal)
        context["extended_due_date"] = current.statutory_due or current.due
        context["reasons"] = step.reason
    elif kind == LetterKind.CONSULTATION:
        party = step.data.get("party", workflow.PARTIES[0])
        delivered = _iso(step.data.get("delivered_on")) or step.occurred_on
        context["consulted_party_type"] = LETTER_PARTY.get(party, "third_party")
        context["consulted_party_name"] = step.data.get("consultee", "")
        context["reply_deadline"] = third_party_reply_due(delivered, cal, party).due
        if step.reason:
            context["reasons"] = step.reason
    elif kind == LetterKind.FEE:
        got = _iso(step.data.get("received_on")) or step.occurred_on
        context["fee_method"] = step.data.get("method")
        context["fee_amount"] = step.data.get("amount")
        context["fee_explanation"] = "\n".join(step.data.get("explanation") or [])
        context["payment_due_date"] = fee_payment_due(got, cal).due
    elif kind == LetterKind.REPLY:
        context["outcome"] = step.data.get("outcome")
        if step.reason:
            context["reasons"] = step.reason
        if not extras.letter_date:
            context["letter_date"] = step.occurred_on
    allowed = EXTRAS_FOR[kind]
    for f in fields(LetterExtras):
        value = getattr(extras, f.name)
        if f.name in allowed and value not in (None, "", False):
            context[f.name] = value
    return context


def application_letter_issue(
    *,
    actor,
    application: Application,
    kind: str,
    extras: LetterExtras | None = None,
    consultation: int | None = None,
) -> IssuedLetter:
    """Issue a letter of ``kind`` for ``application`` (numbered, rendered, stored, audited by
    ``gongkai.letters``). Raises ApplicationError / PermissionDenied with a Chinese message."""
    context = letter_context(application, kind, extras, consultation=consultation)
    return letter_issue(
        actor=actor, agency=application.agency, kind=kind, context=context, reference=application.tracking_number
    )


def application_letters(application: Application):
    """The letters issued for ``application``, newest first."""
    return letters_of(application.agency, reference=application.tracking_number)


def application_reply_letters(application: Application):
    """The reply letters (答复告知书) of ``application``: what the applicant may download."""
    return letters_of(application.agency, kind=LetterKind.REPLY, reference=application.tracking_number)


def application_letter_get(application: Application, pk: int, *, reply_only: bool = False) -> IssuedLetter | None:
    letters = application_reply_letters(application) if reply_only else application_letters(application)
    return letters.filter(pk=pk).first()


__all__ = [
    "EXTRAS_FOR",
    "LetterExtras",
    "application_letter_get",
    "application_letter_issue",
    "application_letters",
    "application_reply_letters",
    "letter_context",
    "letter_kinds_available",
]
