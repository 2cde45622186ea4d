"""Audit event codes of disclosure on request. Events never carry personal data (ID numbers,
phones, addresses): the tracking number identifies the application."""

from django.utils.translation import gettext_lazy as _

from gongkai.audit.registry import register

SUBMITTED = register("application.submitted", _("网上提交政府信息公开申请"))
REGISTERED = register("application.registered", _("登记政府信息公开申请"))
QUERY_CODE_REISSUED = register("application.query_code_reissued", _("重新发放申请查询码"))
# Reading an applicant's full identity number or contact data is recorded (个人信息保护法).
PERSONAL_DATA_VIEWED = register("application.personal_data_viewed", _("查看申请人完整个人信息"))
RECEIPT_CONFIRMED = register("application.receipt_confirmed", _("确认收到申请"))
SUPPLEMENT_REQUESTED = register("application.supplement_requested", _("告知补正"))
SUPPLEMENT_RECEIVED = register("application.supplement_received", _("收到补正"))
CONSULTATION_STARTED = register("application.consultation_started", _("征求意见"))
CONSULTATION_ENDED = register("application.consultation_ended", _("征求意见结束"))
EXTENDED = register("application.extended", _("延长答复期限"))
FEE_NOTICE_ISSUED = register("application.fee_notice_issued", _("发出收费通知"))
FEE_PAID = register("application.fee_paid", _("登记缴费"))
DEADLINE_OVERRIDDEN = register("application.deadline_overridden", _("确定延迟答复期限"))
REPLIED = register("application.replied", _("答复申请"))
CONCLUDED_NO_SUPPLEMENT = register("application.concluded_no_supplement", _("逾期不补正，不再处理"))
CONCLUDED_FEE_UNPAID = register("application.concluded_fee_unpaid", _("逾期未缴费，不再处理"))
WITHDRAWN = register("application.withdrawn", _("申请人撤回申请"))
DELIVERED = register("application.delivered", _("送达答复"))
ATTACHMENT_ADDED = register("application.attachment_added", _("添加申请附件"))
DEADLINE_RECOMPUTED = register("application.deadline_recomputed", _("重算答复期限"))
CACHES_REPAIRED = register("application.caches_repaired", _("按办理步骤修复申请状态"))

BY_STEP_KIND = {
    "receipt_confirmed": RECEIPT_CONFIRMED,
    "supplement_requested": SUPPLEMENT_REQUESTED,
    "supplement_received": SUPPLEMENT_RECEIVED,
    "consultation_started": CONSULTATION_STARTED,
    "consultation_ended": CONSULTATION_ENDED,
    "extended": EXTENDED,
    "fee_notice_issued": FEE_NOTICE_ISSUED,
    "fee_paid": FEE_PAID,
    "deadline_overridden": DEADLINE_OVERRIDDEN,
    "replied": REPLIED,
    "concluded_no_supplement": CONCLUDED_NO_SUPPLEMENT,
    "concluded_fee_unpaid": CONCLUDED_FEE_UNPAID,
    "withdrawn": WITHDRAWN,
    "delivered": DELIVERED,
}
