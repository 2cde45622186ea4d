"""Writing disclosure requests: one function per step of the statutory workflow.

Every function is keyword-only, takes the acting user as ``actor`` and runs in one
``transaction.atomic`` block that

1. locks the application row (``select_for_update``; on SQLite the IMMEDIATE transaction does the
   same), so of two people acting on one application at once exactly one wins and the other gets
   a Chinese ``ApplicationError`` from the transition check made on the fresh rows;
2. checks the actor (staff of the application's agency; clerk, reviewer or head act, supervisors
   only read; an extension needs a reviewer or head as ``approved_by``);
3. checks the transition (``workflow.check_transition``) and the dates (not in the future, not
   before the previous step, the statutory periods computed by ``gongkai.workdays``);
4. appends the ``Step``, recomputes the caches (state, due_on, due_provisional, outcome,
   concluded_on) and writes the ``AuditEvent``.

Optional keywords on every step service:

* ``as_of``: "today" for the check that no date lies in the future (default: today in
  Asia/Shanghai);
* ``version``: the number of steps the user saw when the form was shown; if another person
  recorded a step since, ``Conflict`` is raised instead of acting on a stale page.

Errors: ``ApplicationError`` (bad input or transition; ``extra["fields"]`` maps form fields to
messages when the input of a form is at fault), ``PermissionDenied``, ``Conflict``.
"""

from __future__ import annotations

from ._base import ACTING_ROLES, APPROVING_ROLES, OUTCOMES_WITH_OWN_SERVICE, SubmitResult
from .attachments import application_attach
from .fees import (
    applicant_identity_key,
    application_conclude_unpaid_fee,
    application_issue_fee_notice,
    application_record_payment,
    requests_before_in_month,
)
from .intake import (
    APPLICANT_FIELDS,
    application_confirm_receipt,
    application_register,
    application_submit_online,
    clean_applicant,
)
from .maintenance import application_recompute, applications_recompute_deadlines
from .personal_data import PERSONAL_FIELDS, application_personal_data_read
from .steps import (
    application_conclude_no_supplement,
    application_consultation_end,
    application_consultation_start,
    application_deliver,
    application_extend,
    application_override_deadline,
    application_record_supplement,
    application_reply,
    application_request_supplement,
    application_withdraw,
)

__all__ = [
    "ACTING_ROLES",
    "APPLICANT_FIELDS",
    "APPROVING_ROLES",
    "OUTCOMES_WITH_OWN_SERVICE",
    "PERSONAL_FIELDS",
    "SubmitResult",
    "applicant_identity_key",
    "application_attach",
    "application_conclude_no_supplement",
    "application_conclude_unpaid_fee",
    "application_confirm_receipt",
    "application_consultation_end",
    "application_consultation_start",
    "application_deliver",
    "application_extend",
    "application_issue_fee_notice",
    "application_override_deadline",
    "application_personal_data_read",
    "application_recompute",
    "application_record_payment",
    "application_record_supplement",
    "application_register",
    "application_reply",
    "application_request_supplement",
    "application_submit_online",
    "application_withdraw",
    "applications_recompute_deadlines",
    "clean_applicant",
    "requests_before_in_month",
]
