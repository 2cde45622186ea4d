"""Disclosure on request (依申请公开): applications, their append-only steps, and attachments.

The history of an application is its list of ``Step`` rows (who, when, what, why). State,
deadline, outcome and conclusion date on ``Application`` are caches written only by
``services`` from the steps (``workflow`` + ``gongkai.workdays``); ``manage.py
applications_verify`` recomputes them and reports any difference.

Opening balances (agencies that start using Gongkai mid-stream): an open request received before
is registered like any other with ``carried_over=True`` and its original legal receipt date
(``application_register(..., carried_over=True, received_on=…)``); its earlier steps may then be
recorded with their original dates. Table 三 counts it by its receipt date, so it appears in
上年结转 of the first year automatically. Requests already concluded before Gongkai was used are
not entered: their years' reports were made by hand.
"""

from __future__ import annotations

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gongkai.annual_report.format import CURRENT, REQUESTS_TOTAL_COLUMN, outcome_choices
from gongkai.core.models import AppendOnlyError, AppendOnlyModel  # noqa: F401 (AppendOnlyError re-exported)

from . import workflow
from .identity import IdType

REQUESTS = CURRENT.table("requests")


def applicant_type_choices() -> list[tuple[str, str]]:
    """Table 三's applicant columns except the total, labelled as the format prints them."""
    return [(c.code, "·".join(c.path)) for c in REQUESTS.rows[0].columns if c.code != REQUESTS_TOTAL_COLUMN]


def state_choices() -> list[tuple[str, str]]:
    return [(code, _(label)) for code, label in workflow.STATE_LABELS.items()]


def step_kind_choices() -> list[tuple[str, str]]:
    return [(code, _(label)) for code, label in workflow.STEP_LABELS.items()]


NATURAL_PERSON = REQUESTS.rows[0].columns[0].code  # the first column: natural persons


class Channel(models.TextChoices):
    """第三十一条: how the request reached the agency decides its legal receipt date."""

    ONLINE = "online", _("互联网（网上申请平台）")
    IN_PERSON = "in_person", _("当面提交")
    MAIL_SIGNED = "mail_signed", _("邮寄（需签收）")
    MAIL_UNSIGNED = "mail_unsigned", _("平常信函等无需签收的邮寄")
    FAX = "fax", _("传真")
    EMAIL = "email", _("电子邮件")


# Channels whose receipt date is the day both sides confirm (第三十一条（二）后段、（三）).
CONFIRMATION_CHANNELS = frozenset({Channel.ONLINE, Channel.MAIL_UNSIGNED, Channel.FAX, Channel.EMAIL})


class FormWanted(models.TextChoices):
    PAPER = "paper", _("纸质文本")
    ELECTRONIC = "electronic", _("电子文件")
    EITHER = "either", _("纸质或电子均可")
    INSPECTION = "inspection", _("查阅")


class Delivery(models.TextChoices):
    PICKUP = "pickup", _("当面领取")
    MAIL = "mail", _("邮寄")
    EMAIL = "email", _("电子邮件")
    ONLINE = "online", _("网上获取")
    FAX = "fax", _("传真")


class ApplicationQuerySet(models.QuerySet):
    def open(self):
        return self.filter(state__in=workflow.OPEN_STATES)

    def of_agency(self, agency):
        return self.filter(agency=agency)


class ApplicationSequence(models.Model):
    """The last tracking number issued for an agency and year (locked with select_for_update)."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=("agency", "year"), name="application_sequence_unique")]

    def __str__(self) -> str:
        return f"{self.agency_id}-{self.year}: {self.last}"


class Application(models.Model):
    agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("受理机关"), on_delete=models.PROTECT, related_name="applications"
    )
    tracking_number = models.CharField(_("申请编号"), max_length=100, unique=True)
    query_code_hash = models.CharField(_("查询码（哈希）"), max_length=200, editable=False)
    channel = models.CharField(_("提交方式"), max_length=20, choices=Channel.choices)
    arrived_at = models.DateTimeField(_("送达时间"), help_text=_("申请实际到达本机关的时间"))
    received_on = models.DateField(
        _("收到申请之日"), null=True, blank=True, help_text=_("条例第三十一条确定的日期；需确认的渠道在确认前为空")
    )
    carried_over = models.BooleanField(
        _("开始使用本系统前已收到"), default=False, help_text=_("期初未办结的申请，按原收到日期登记")
    )

    applicant_type = models.CharField(_("申请人类型"), max_length=30, choices=applicant_type_choices)
    applicant_name = models.CharField(_("申请人姓名或名称"), max_length=200)
    id_type = models.CharField(_("身份证明类型"), max_length=30, choices=IdType.choices, blank=True)
    id_number = models.CharField(_("身份证明号码"), max_length=50, blank=True)
    organisation_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    contact_person = models.CharField(_("联系人"), max_length=100, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=30)
    contact_email = models.EmailField(_("电子邮箱"), blank=True)
    contact_address = models.CharField(_("通信地址"), max_length=300, blank=True)
    postal_code = models.CharField(_("邮政编码"), max_length=10, blank=True)

    description = models.TextField(_("所需政府信息的名称或特征描述"))
    document_number = models.CharField(_("文号"), max_length=200, blank=True)
    purpose = models.TextField(_("备注"), blank=True)
    form_wanted = models.CharField(_("信息的指定提供形式"), max_length=20, choices=FormWanted.choices)
    delivery = models.CharField(_("获取信息的方式"), max_length=20, choices=Delivery.choices)

    idempotency_key = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)
    created_at = models.DateTimeField(_("录入时间"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("录入人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    # Caches, written only by services from the steps (manage.py applications_verify checks them).
    state = models.CharField(_("状态"), max_length=30, choices=state_choices, db_index=True)
    due_on = models.DateField(_("答复期限"), null=True, blank=True, db_index=True)
    due_provisional = models.BooleanField(_("期限为临时结果"), default=False)
    outcome = models.CharField(_("办理结果"), max_length=40, choices=outcome_choices, blank=True)
    concluded_on = models.DateField(_("办结日期"), null=True, blank=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("政府信息公开申请")
        verbose_name_plural = _("政府信息公开申请")
        ordering = ("-arrived_at", "-id")
        indexes = (
            models.Index(fields=("agency", "state", "due_on")),
            models.Index(fields=("agency", "received_on")),
            models.Index(fields=("agency", "concluded_on")),
        )
        constraints = [
            models.CheckConstraint(
                condition=(Q(outcome="") & Q(concluded_on__isnull=True))
                | (~Q(outcome="") & Q(concluded_on__isnull=False)),
                name="application_outcome_has_date",
            ),
            models.CheckConstraint(
                condition=Q(concluded_on__isnull=True)
                | Q(received_on__isnull=True)
                | Q(concluded_on__gte=models.F("received_on")),
                name="application_concluded_after_received",
            ),
        ]

    def __str__(self) -> str:
        return self.tracking_number

    @property
    def is_open(self) -> bool:
        return self.state in workflow.OPEN_STATES

    @property
    def needs_receipt_confirmation(self) -> bool:
        return self.received_on is None and self.channel in CONFIRMATION_CHANNELS


class Step(AppendOnlyModel):
    """One dated step of an application. Never changed, never deleted."""

    application = models.ForeignKey(Application, verbose_name=_("申请"), on_delete=models.PROTECT, related_name="steps")
    kind = models.CharField(_("步骤"), max_length=40, choices=step_kind_choices)
    occurred_on = models.DateField(_("日期"), help_text=_("具有法律意义的日期（如发出、收到、送达之日）"))
    recorded_at = models.DateTimeField(_("录入时间"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.TextField(_("理由或说明"), blank=True)
    data = models.JSONField(_("详情"), default=dict, blank=True, encoder=DjangoJSONEncoder)

    class Meta:
        verbose_name = _("办理步骤")
        verbose_name_plural = _("办理步骤")
        ordering = ("application", "id")

    def __str__(self) -> str:
        return f"{self.occurred_on} {self.get_kind_display()}"

    @property
    def label(self) -> str:
        return str(self.get_kind_display())


def attachment_path(instance: Attachment, filename: str) -> str:
    return f"applications/{instance.application.agency_id}/{instance.application_id}/{instance.sha256}"


class Attachment(models.Model):
    """A file the applicant sent (or staff scanned), size- and type-checked, identified by its SHA-256."""

    application = models.ForeignKey(
        Application, verbose_name=_("申请"), on_delete=models.PROTECT, related_name="attachments"
    )
    file = models.FileField(_("文件"), upload_to=attachment_path, max_length=300)
    filename = models.CharField(_("文件名"), max_length=200)
    media_type = models.CharField(_("类型"), max_length=100)
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    sha256 = models.CharField(max_length=64)
    description = models.CharField(_("说明"), max_length=200, blank=True)
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
        ordering = ("application", "id")
        constraints = [
            models.UniqueConstraint(fields=("application", "sha256"), name="attachment_unique_per_application")
        ]

    def __str__(self) -> str:
        return self.filename
