"""Forms of the office and portal pages: they read and check input; the services do the work.

The applicant's data is checked by ``services.clean_applicant`` (identity numbers with their
check characters, the unified social credit code, phone, e-mail, the information wanted), whose
per-field Chinese messages are put on the fields here, so the portal and the office say the same.
"""

from __future__ import annotations

import secrets

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.agencies.models import Agency
from gongkai.annual_report.format import CURRENT, outcome_choices
from gongkai.core.errors import ApplicationError
from gongkai.letters.kinds import LetterKind
from gongkai.workdays.fees import PER_PAGE, PER_REQUEST

from . import workflow
from .identity import IdType
from .models import Channel, Delivery, FormWanted, applicant_type_choices
from .services import APPLICANT_FIELDS, OUTCOMES_WITH_OWN_SERVICE, clean_applicant

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
TEXTAREA = forms.Textarea(attrs={"rows": 3})
BLANK = [("", _("请选择"))]


def _date(label, required=True, help_text="", initial_today=False):
    field = forms.DateField(
        label=label,
        required=required,
        widget=DATE_WIDGET,
        help_text=help_text,
        input_formats=["%Y-%m-%d"],
        error_messages={"required": _("请填写日期。"), "invalid": _("日期格式应为 年-月-日，如 2025-03-06。")},
    )
    if initial_today:
        field.initial = timezone.localdate
    return field


NOTE = _("说明")


def _reason(label=NOTE, required=False, help_text=""):
    return forms.CharField(
        label=label,
        required=required,
        widget=TEXTAREA,
        max_length=2000,
        help_text=help_text,
        error_messages={"required": _("请填写%(label)s。") % {"label": label}},
    )


def outcome_groups() -> list:
    """The reply outcomes of the format, grouped as table 三 prints them (（三）… 1. 2. …); the two
    outcomes concluded by their own step (逾期不补正, 逾期未缴费) are not offered."""
    table = CURRENT.table("requests")
    groups: list = []
    index: dict[str, list] = {}
    for code, _label in outcome_choices():
        if code in OUTCOMES_WITH_OWN_SERVICE:
            continue
        path = table.row(code).path[1:]
        if len(path) == 1:
            groups.append((code, path[0]))
            continue
        heading = path[0]
        if heading not in index:
            index[heading] = []
            groups.append((heading, index[heading]))
        index[heading].append((code, path[-1]))
    return groups


# --- the applicant ----------------------------------------------------------------------------------


class ApplicantForm(forms.Form):
    """第二十九条: who asks, how to reach them, what they ask for, in which form."""

    applicant_type = forms.ChoiceField(
        label=_("申请人类型"), choices=(), required=False, error_messages={"invalid_choice": _("请选择申请人类型。")}
    )
    applicant_name = forms.CharField(
        label=_("申请人姓名或名称"), required=False, max_length=200, help_text=_("公民填写姓名；单位填写全称。")
    )
    id_type = forms.ChoiceField(
        label=_("身份证明类型"),
        choices=BLANK + list(IdType.choices),
        required=False,
        error_messages={"invalid_choice": _("请选择身份证明的类型。")},
    )
    id_number = forms.CharField(
        label=_("身份证明号码"),
        required=False,
        max_length=50,
        help_text=_("公民必填；单位可填写联系人的证件。"),
    )
    organisation_code = forms.CharField(
        label=_("统一社会信用代码"), required=False, max_length=30, help_text=_("单位申请必填，18位。")
    )
    contact_person = forms.CharField(label=_("联系人"), required=False, max_length=100)
    contact_phone = forms.CharField(label=_("联系电话"), required=False, max_length=30)
    contact_email = forms.CharField(label=_("电子邮箱"), required=False, max_length=254)
    contact_address = forms.CharField(label=_("通信地址"), required=False, max_length=300)
    postal_code = forms.CharField(label=_("邮政编码"), required=False, max_length=10)
    description = forms.CharField(
        label=_("所需政府信息的名称或特征描述"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("请写明信息的名称、文号或便于查询的其他特征（条例第二十九条）。"),
    )
    document_number = forms.CharField(label=_("文号"), required=False, max_length=200)
    purpose = forms.CharField(label=_("备注"), required=False, max_length=2000, widget=TEXTAREA)
    form_wanted = forms.ChoiceField(
        label=_("信息的指定提供形式"),
        choices=BLANK + list(FormWanted.choices),
        required=False,
        error_messages={"invalid_choice": _("请选择信息的提供形式。")},
    )
    delivery = forms.ChoiceField(
        label=_("获取信息的方式"),
        choices=BLANK + list(Delivery.choices),
        required=False,
        error_messages={"invalid_choice": _("请选择获取信息的方式。")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applicant_type"].choices = BLANK + applicant_type_choices()
        self.applicant: dict[str, str] = {}

    def clean(self):
        data = super().clean()
        if any(name in self.errors for name in APPLICANT_FIELDS):
            return data
        try:
            self.applicant = clean_applicant({k: data.get(k, "") for k in APPLICANT_FIELDS})
        except ApplicationError as error:
            for field, message in error.extra.get("fields", {}).items():
                self.add_error(field if field in self.fields else None, message)
            if not error.extra.get("fields"):
                self.add_error(None, error.message)
        return data


class PortalApplicationForm(ApplicantForm):
    """The public form. ``form_key`` makes a resubmission of the same form return the first
    application (``services.application_submit_online``'s idempotency key)."""

    agency = forms.ModelChoiceField(
        label=_("受理机关"),
        queryset=Agency.objects.order_by("region", "name"),
        empty_label=_("请选择向哪个机关申请"),
        error_messages={"required": _("请选择受理机关。"), "invalid_choice": _("请选择受理机关。")},
    )
    attachment = forms.FileField(
        label=_("附件（可选）"),
        required=False,
        help_text=_("如身份证明的扫描件：PDF、Word、Excel、纯文本、JPEG 或 PNG。"),
    )
    form_key = forms.CharField(widget=forms.HiddenInput, min_length=16, max_length=64)

    field_order = ["agency"]

    def __init__(self, *args, agency=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fixed_agency = agency
        if agency is not None:
            self.fields["agency"].queryset = Agency.objects.filter(pk=agency.pk)
            self.fields["agency"].initial = agency.pk
            self.fields["agency"].widget = forms.HiddenInput()
        if not self.is_bound:
            self.fields["form_key"].initial = secrets.token_urlsafe(24)
        self.fields["form_key"].error_messages = {
            "required": _("表单已失效，请刷新页面后重新填写。"),
            "min_length": _("表单已失效，请刷新页面后重新填写。"),
            "max_length": _("表单已失效，请刷新页面后重新填写。"),
        }


class RegisterForm(ApplicantForm):
    """Staff register a request that came in person, by post, fax or e-mail (or online elsewhere)."""

    channel = forms.ChoiceField(
        label=_("提交方式"),
        choices=BLANK + list(Channel.choices),
        error_messages={"required": _("请选择提交方式。")},
    )
    arrived_at = forms.DateTimeField(
        label=_("送达时间"),
        widget=DATETIME_WIDGET,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"],
        help_text=_("申请实际到达本机关的时间。"),
        error_messages={"required": _("请填写送达时间。"), "invalid": _("送达时间格式应为 年-月-日 时:分。")},
    )
    received_on = _date(
        _("收到申请之日"),
        required=False,
        help_text=_(
            "当面提交、邮寄签收的，以送达之日为准，可不填；传真、电子邮件、平常信函须与申请人确认，已确认的填写确认之日。"
        ),
    )
    carried_over = forms.BooleanField(
        label=_("开始使用本系统前已收到（期初未办结）"), required=False, help_text=_("勾选时须填写原收到申请之日。")
    )
    attachment = forms.FileField(label=_("附件（可选）"), required=False, help_text=_("申请书的扫描件等。"))

    field_order = ["channel", "arrived_at", "received_on", "carried_over"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.fields["arrived_at"].initial = timezone.localtime().replace(second=0, microsecond=0)


# --- the applicant's status page --------------------------------------------------------------------


class StatusForm(forms.Form):
    tracking_number = forms.CharField(
        label=_("申请编号"), max_length=100, error_messages={"required": _("请填写申请编号。")}
    )
    query_code = forms.CharField(
        label=_("查询码"),
        max_length=40,
        widget=forms.PasswordInput(render_value=False),
        error_messages={"required": _("请填写查询码。")},
    )


# --- the steps of the workflow ----------------------------------------------------------------------


class StepForm(forms.Form):
    """Every step form carries the number of steps the user saw (``version``)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
    kind = ""
    title = ""
    submit = _("登记")


class ConfirmReceiptForm(StepForm):
    kind = workflow.StepKind.RECEIPT_CONFIRMED
    title = _("确认收到申请")
    submit = _("确认收到")
    confirmed_on = _date(
        _("确认收到之日"), initial_today=True, help_text=_("与申请人双方确认之日为收到申请之日（条例第三十一条）。")
    )
    reason = _reason()


class SupplementRequestForm(StepForm):
    kind = workflow.StepKind.SUPPLEMENT_REQUESTED
    title = _("告知补正")
    submit = _("登记告知补正")
    sent_on = _date(_("告知补正之日"), initial_today=True)
    items = forms.CharField(
        label=_("需要补正的事项"),
        widget=TEXTAREA,
        max_length=2000,
        help_text=_("一次性告知，每行一项（条例第三十条）。"),
        error_messages={"required": _("请写明需要补正的事项。")},
    )
    reply_by = _date(_("补正期限"), help_text=_("申请人应在此日期前补正。"))
    late_reason = _reason(_("逾期告知的理由"), help_text=_("超过收到申请后7个工作日告知补正的，须写明理由。"))


class SupplementRecordForm(StepForm):
    kind = workflow.StepKind.SUPPLEMENT_RECEIVED
    title = _("收到补正")
    submit = _("登记收到补正")
    received_on = _date(_("收到补正之日"), initial_today=True, help_text=_("答复期限自此日重新计算。"))
    reason = _reason(help_text=_("补正期限已过仍接受的，写明申请人的正当理由。"))


class NoSupplementForm(StepForm):
    kind = workflow.StepKind.CONCLUDED_NO_SUPPLEMENT
    title = _("逾期不补正，不再处理")
    submit = _("办结")
    concluded_on = _date(_("办结日期"), initial_today=True)
    reason = _reason()


class ConsultationStartForm(StepForm):
    kind = workflow.StepKind.CONSULTATION_STARTED
    title = _("征求意见")
    submit = _("登记征求意见")
    party = forms.ChoiceField(
        label=_("征求意见的对象"),
        choices=[
            *BLANK,
            (workflow.PARTIES[0], _("第三方（条例第三十二条）")),
            (workflow.PARTIES[1], _("其他机关（条例第三十四条）")),
        ],
        error_messages={"required": _("请选择征求意见的对象。")},
    )
    consultee = forms.CharField(
        label=_("被征求意见方名称"), max_length=200, error_messages={"required": _("请填写被征求意见方名称。")}
    )
    sent_on = _date(_("征求意见书发出之日"), initial_today=True)
    delivered_on = _date(_("征求意见书送达之日"), required=False, help_text=_("不填写时按发出之日计算15个工作日。"))
    reason = _reason(_("征求意见的原因"))


class ConsultationEndForm(StepForm):
    kind = workflow.StepKind.CONSULTATION_ENDED
    title = _("征求意见结束")
    submit = _("登记征求意见结束")
    consultation = forms.TypedChoiceField(label=_("哪一项征求意见"), coerce=int, choices=(), required=False)
    replied = forms.TypedChoiceField(
        label=_("结果"),
        coerce=lambda v: v == "yes",
        choices=[("yes", _("已收到意见")), ("no", _("15个工作日内未提出意见"))],
        initial="yes",
    )
    ended_on = _date(_("收到意见之日或登记之日"), initial_today=True)
    reason = _reason(_("意见摘要"))

    def __init__(self, *args, open_consultations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consultation"].choices = [
            (s.pk, f"{s.occurred_on:%Y-%m-%d} {s.data.get('consultee', '')}") for s in open_consultations
        ]
        if len(open_consultations) <= 1:
            self.fields["consultation"].widget = forms.HiddenInput()


class ExtendForm(StepForm):
    kind = workflow.StepKind.EXTENDED
    title = _("延长答复期限")
    submit = _("登记延期")
    approved_by = forms.ModelChoiceField(
        label=_("同意延期的负责人"),
        queryset=None,
        error_messages={
            "required": _("请选择同意延期的审核人或负责人。"),
            "invalid_choice": _("请选择本机关的审核人或负责人。"),
        },
    )
    approved_on = _date(_("负责人同意之日"), initial_today=True)
    notified_on = _date(_("告知申请人之日"), initial_today=True, help_text=_("延期须在答复期限内告知申请人。"))
    reason = _reason(_("延期理由"), required=True)

    def __init__(self, *args, approvers=None, **kwargs):
        from django.contrib.auth import get_user_model

        super().__init__(*args, **kwargs)
        users = get_user_model().objects.filter(pk__in=[m.user_id for m in approvers or ()]).order_by("username")
        self.fields["approved_by"].queryset = users
        self.fields["approved_by"].empty_label = _("请选择") if users else _("本机关尚未设置审核人或负责人")
        self.fields["approved_by"].label_from_instance = lambda u: u.get_full_name() or u.get_username()


class FeeNoticeForm(StepForm):
    kind = workflow.StepKind.FEE_NOTICE_ISSUED
    title = _("发出收费通知")
    submit = _("登记收费通知")
    notified_on = _date(_("收费通知发出之日"), initial_today=True)
    method = forms.ChoiceField(
        label=_("计收方式"),
        choices=[*BLANK, (PER_REQUEST, _("按件计收")), (PER_PAGE, _("按量计收"))],
        error_messages={"required": _("请选择计收方式。")},
        help_text=_("国办函〔2020〕109号：按件时本月此前的申请件数由系统统计。"),
    )
    pages = forms.IntegerField(label=_("页数（按量计收）"), required=False, min_value=1)
    received_on = _date(_("申请人收到通知之日"), required=False)
    reason = _reason()


class PaymentForm(StepForm):
    kind = workflow.StepKind.FEE_PAID
    title = _("缴费")
    submit = _("登记缴费")
    paid_on = _date(_("缴费之日"), initial_today=True)
    reason = _reason()


class UnpaidForm(StepForm):
    kind = workflow.StepKind.CONCLUDED_FEE_UNPAID
    title = _("逾期未缴费，不再处理")
    submit = _("办结")
    concluded_on = _date(_("办结日期"), initial_today=True)
    reason = _reason()


class OverrideForm(StepForm):
    kind = workflow.StepKind.DEADLINE_OVERRIDDEN
    title = _("确定延迟答复期限（第三十五条）")
    submit = _("登记延迟答复期限")
    due = _date(_("延迟答复期限"))
    notified_on = _date(_("告知申请人之日"), initial_today=True)
    reason = _reason(_("理由"), required=True)


class ReplyForm(StepForm):
    kind = workflow.StepKind.REPLIED
    title = _("答复")
    submit = _("登记答复")
    outcome = forms.ChoiceField(label=_("办理结果"), choices=(), error_messages={"required": _("请选择办理结果。")})
    replied_on = _date(_("答复日期"), initial_today=True)
    reason = _reason(_("理由"), help_text=_("不予公开、无法提供、不予处理的，须说明理由。"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = BLANK + outcome_groups()


class DeliverForm(StepForm):
    kind = workflow.StepKind.DELIVERED
    title = _("送达")
    submit = _("登记送达")
    delivered_on = _date(_("送达日期"), initial_today=True)
    method = forms.ChoiceField(
        label=_("送达方式"), choices=BLANK + list(Delivery.choices), error_messages={"required": _("请选择送达方式。")}
    )
    reason = _reason()


class WithdrawForm(StepForm):
    kind = workflow.StepKind.WITHDRAWN
    title = _("申请人撤回申请")
    submit = _("登记撤回")
    withdrawn_on = _date(_("撤回日期"), initial_today=True)
    reason = _reason()


STEP_FORMS: dict[str, type[StepForm]] = {
    form.kind: form
    for form in (
        ConfirmReceiptForm,
        SupplementRequestForm,
        SupplementRecordForm,
        NoSupplementForm,
        ConsultationStartForm,
        ConsultationEndForm,
        ExtendForm,
        FeeNoticeForm,
        PaymentForm,
        UnpaidForm,
        OverrideForm,
        ReplyForm,
        DeliverForm,
        WithdrawForm,
    )
}
# The order the step forms are shown in.
STEP_ORDER = tuple(k for k in workflow.STEP_KINDS if k in STEP_FORMS)


# --- letters -----------------------------------------------------------------------------------------


class LetterIssueForm(forms.Form):
    kind = forms.ChoiceField(label=_("告知书"), choices=(), error_messages={"required": _("请选择告知书。")})
    consultation = forms.TypedChoiceField(label=_("征求意见（征求意见书）"), coerce=int, choices=(), required=False)
    letter_date = _date(_("落款日期"), required=False, help_text=_("不填写时：答复告知书为答复日期，其他为今天。"))
    contact_person = forms.CharField(label=_("本机关联系人"), required=False, max_length=100)
    contact_phone = forms.CharField(label=_("本机关联系电话"), required=False, max_length=30)
    guidance = forms.CharField(label=_("指导和释明（补正告知书）"), required=False, max_length=2000, widget=TEXTAREA)
    payment_method = forms.CharField(
        label=_("缴费方式（收费通知书，必填）"), required=False, max_length=2000, widget=TEXTAREA
    )
    details = forms.CharField(
        label=_("具体说明（答复告知书）"),
        required=False,
        max_length=5000,
        widget=TEXTAREA,
        help_text=_("提供的信息、获取方式、途径和时间等。"),
    )
    already_public = forms.BooleanField(label=_("所申请信息已主动公开（答复告知书）"), required=False)
    responsible_agency = forms.CharField(label=_("负责公开该信息的机关（答复告知书）"), required=False, max_length=200)
    responsible_agency_contact = forms.CharField(label=_("该机关的联系方式"), required=False, max_length=200)
    withheld_because = forms.ChoiceField(label=_("不予公开部分的理由（部分公开时）"), required=False, choices=())
    reconsideration_body = forms.CharField(label=_("复议机关"), required=False, max_length=200)
    court = forms.CharField(label=_("人民法院"), required=False, max_length=200)

    def __init__(self, *args, kinds=(), consultations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k, LetterKind(k).label) for k in kinds]
        if kinds and not self.is_bound:
            self.fields["kind"].initial = kinds[-1]
        self.fields["consultation"].choices = [("", _("最近一项"))] + [
            (s.pk, f"{s.occurred_on:%Y-%m-%d} {s.data.get('consultee', '')}") for s in consultations
        ]
        if not consultations:
            del self.fields["consultation"]
        groups = [g for g in outcome_groups() if isinstance(g[1], list)]
        refused = [g for g in groups if g[1] and g[1][0][0].startswith("refused.")]
        self.fields["withheld_because"].choices = BLANK + refused
