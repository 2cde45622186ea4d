"""Writing reconsideration and litigation cases."""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from gongkai.agencies.selectors import user_may_act_for
from gongkai.audit.services import audit_record
from gongkai.core.errors import ApplicationError, PermissionDenied

from . import events
from .models import AppealCase, kind_choices, result_choices


def _check_actor(actor, agency) -> None:
    if actor is not None and not user_may_act_for(actor, agency):
        raise PermissionDenied(_("您不是“%(agency)s”的工作人员，不能登记其案件。") % {"agency": agency.name})


def appeal_case_register(
    *, actor, agency, kind: str, case_number: str, filed_on: date, subject: str = "", note: str = ""
) -> AppealCase:
    _check_actor(actor, agency)
    case_number = (case_number or "").strip()
    if kind not in dict(kind_choices()):
        raise ApplicationError(_("案件类别“%(kind)s”无效。") % {"kind": kind})
    if not case_number:
        raise ApplicationError(_("请填写案号。"))
    if not isinstance(filed_on, date):
        raise ApplicationError(_("请填写受理／立案日期。"))
    try:
        with transaction.atomic():
            case = AppealCase.objects.create(
                agency=agency,
                kind=kind,
                case_number=case_number,
                filed_on=filed_on,
                subject=subject,
                note=note,
                created_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
            audit_record(actor=actor, code=events.CASE_REGISTERED.code, agency=agency, target=case, summary=str(case))
    except IntegrityError:
        raise ApplicationError(_("案号“%(number)s”已经登记过。") % {"number": case_number}) from None
    return case


def appeal_case_decide(*, actor, case: AppealCase, result: str, decided_on: date) -> AppealCase:
    _check_actor(actor, case.agency)
    if result not in dict(result_choices()):
        raise ApplicationError(_("审结结果“%(result)s”无效。") % {"result": result})
    if not isinstance(decided_on, date) or decided_on < case.filed_on:
        raise ApplicationError(_("审结日期不能早于受理／立案日期（%(filed)s）。") % {"filed": case.filed_on})
    with transaction.atomic():
        case = AppealCase.objects.select_for_update().get(pk=case.pk)
        if case.result:
            raise ApplicationError(_("该案件已于 %(day)s 审结，不能再次登记结果。") % {"day": case.decided_on})
        case.result, case.decided_on = result, decided_on
        case.save(update_fields=["result", "decided_on"])
        audit_record(
            actor=actor,
            code=events.CASE_DECIDED.code,
            agency=case.agency,
            target=case,
            summary=f"{case} {case.get_result_display()}",
            data={"result": result, "decided_on": decided_on.isoformat()},
        )
    return case
