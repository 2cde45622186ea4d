"""Audit event codes of the supervision app."""

from django.utils.translation import gettext_lazy as _

from gongkai.audit.registry import register

CASE_REGISTERED = register("appeal_case.registered", _("登记复议诉讼案件"))
CASE_DECIDED = register("appeal_case.decided", _("登记复议诉讼案件结果"))
