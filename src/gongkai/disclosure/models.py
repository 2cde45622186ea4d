"""Proactive disclosure (主动公开): the records an agency keeps, and table 二 counted from them.

Public names (other apps read them; keep them stable):

* ``CatalogueColumn`` — a column (栏目) of an agency's disclosure catalogue; ``parent`` optional.
* ``Document`` — one item of information published on the portal: 索引号 ``index_number``,
  文号 ``document_number``, 发布机构 ``issuing_body``, 成文日期 ``written_on``, 发布日期
  ``published_on``, 主题分类 ``topic``, 有效性 ``validity``, ``title``, ``body`` (HTML, already
  sanitised by ``sanitize.clean_html`` when stored; sanitise again when showing), ``status``
  (draft → under_review → published → withdrawn), ``interprets`` (a 解读 points at the policy it
  explains; the policy's ``interpretations``), ``attachments``, ``revisions``, ``reviews``.
  Public pages show only ``Document.objects.public()`` (status published).
* ``Attachment`` — a file of a document (``file``, ``filename``, ``media_type``, ``size``, ``sha256``).
* ``ConfidentialityReview`` — 保密审查 before publishing (reviewer, reviewed_on, conclusion).
* ``DocumentRevision`` — append-only history of a document (created, edited, submitted, reviewed,
  published, withdrawn, corrected) with a snapshot of its fields.
* ``NormativeDocument`` (+ ``NormativeAmendment``) — the register of regulations and normative documents (table 二 item 一).
* ``AdministrativeDecision`` — licensing / penalty / coercion decisions (table 二 items 五, 六).
* ``FeeIncome`` — administrative fee income in exact yuan (table 二 item 八, reported in 万元).
* ``NewMediaAccount`` + ``ChannelYear`` — new-media accounts and their yearly posts and followers.
* ``PageView`` — the portal's own daily visit counts (no personal data); ``WebsiteOpeningTotal`` —
  visits of a year counted before Gongkai counted.
* ``DisclosureProfile`` — an agency's settings here (the 组织机构代码 that prefixes its 索引号).

For the portal: list ``Document.objects.public()`` (published only; withdrawn ones disappear),
show bodies with ``{% load disclosure_tags %}{{ document.body|clean_body }}`` (or
``sanitize.safe_body``), index text with ``sanitize.plain_text``, serve ``Attachment.file`` with
``Attachment.media_type`` and ``filename``, show a decision's party as ``public_subject`` (a person's
name masked), and count visits with ``visits.record_visit(request, agency=..., group=...)``.
Staff pages: ``selectors.timeliness(document)`` is the 第二十六条 check.

Kinds that are rows of table 二 take their labels from the national format
(``gongkai.annual_report.format``), never retyped here.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gongkai.annual_report.format import CURRENT

PROACTIVE = CURRENT.table("proactive")

# Row codes of table 二 that the registers feed.
REGULATIONS = "regulations"
NORMATIVE_DOCUMENTS = "normative_documents"
LICENSING = "licensing"
PENALTY = "penalty"
COERCION = "coercion"
FEES = "fees"
NORMATIVE_KINDS = (REGULATIONS, NORMATIVE_DOCUMENTS)
DECISION_KINDS = (LICENSING, PENALTY, COERCION)


def _row_label(code: str) -> str:
    return PROACTIVE.row(code).label


def normative_kind_choices() -> list[tuple[str, str]]:
    return [(code, _row_label(code)) for code in NORMATIVE_KINDS]


def decision_kind_choices() -> list[tuple[str, str]]:
    return [(code, _row_label(code)) for code in DECISION_KINDS]


class DisclosureProfile(models.Model):
    agency = models.OneToOneField(
        "agencies.Agency", verbose_name=_("机关"), on_delete=models.CASCADE, related_name="disclosure_profile"
    )
    org_code = models.CharField(
        _("组织机构代码"),
        max_length=32,
        blank=True,
        help_text=_("索引号的前缀，如 014314799；留空时使用机关代码。"),
    )

    class Meta:
        verbose_name = _("主动公开设置")
        verbose_name_plural = _("主动公开设置")

    def __str__(self) -> str:
        return str(self.agency)


class CatalogueColumn(models.Model):
    agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("机关"), on_delete=models.CASCADE, related_name="catalogue_columns"
    )
    name = models.CharField(_("栏目名称"), max_length=100)
    code = models.SlugField(_("栏目代码"), max_length=64)
    order = models.PositiveIntegerField(_("排序"), default=0)
    parent = models.ForeignKey(
        "self", verbose_name=_("上级栏目"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )

    class Meta:
        verbose_name = _("公开目录栏目")
        verbose_name_plural = _("公开目录栏目")
        ordering = ("agency", "order", "pk")
        constraints = [
            models.UniqueConstraint(fields=("agency", "code"), name="catalogue_column_code_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        if self.parent_id and self.parent.agency_id != self.agency_id:
            raise ValidationError({"parent": _("上级栏目必须属于同一机关。")})


class DocumentStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    UNDER_REVIEW = "under_review", _("待审查")
    PUBLISHED = "published", _("已发布")
    WITHDRAWN = "withdrawn", _("已撤回")


class Validity(models.TextChoices):
    VALID = "valid", _("有效")
    AMENDED = "amended", _("已修改")
    REPEALED = "repealed", _("已废止")
    EXPIRED = "expired", _("已失效")


class DocumentQuerySet(models.QuerySet):
    def public(self):
        """What the public portal may show: published documents only."""
        return self.filter(status=DocumentStatus.PUBLISHED)


class Document(models.Model):
    agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("机关"), on_delete=models.PROTECT, related_name="documents"
    )
    column = models.ForeignKey(
        CatalogueColumn, verbose_name=_("栏目"), on_delete=models.PROTECT, related_name="documents"
    )
    index_number = models.CharField(_("索引号"), max_length=64, blank=True, db_index=True)
    index_year = models.PositiveIntegerField(_("索引号年度"), null=True, blank=True)
    index_seq = models.PositiveIntegerField(_("索引号序号"), null=True, blank=True)
    document_number = models.CharField(_("文号"), max_length=100, blank=True)
    issuing_body = models.CharField(_("发布机构"), max_length=200, blank=True)
    written_on = models.DateField(_("成文日期"), null=True, blank=True)
    changed_on = models.DateField(
        _("变更日期"), null=True, blank=True, help_text=_("信息变更之日，第二十六条的期限自此重新计算。")
    )
    published_on = models.DateField(_("发布日期"), null=True, blank=True, db_index=True)
    topic = models.CharField(_("主题分类"), max_length=100, blank=True)
    validity = models.CharField(_("有效性"), max_length=20, choices=Validity.choices, default=Validity.VALID)
    title = models.CharField(_("标题"), max_length=300)
    body = models.TextField(_("正文"), blank=True, help_text=_("富文本，保存前已清理。"))
    status = models.CharField(
        _("状态"), max_length=20, choices=DocumentStatus.choices, default=DocumentStatus.DRAFT, db_index=True
    )
    interprets = models.ForeignKey(
        "self",
        verbose_name=_("所解读的政策"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="interpretations",
    )
    withdrawn_on = models.DateField(_("撤回日期"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("撤回原因"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("起草人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("公开信息")
        verbose_name_plural = _("公开信息")
        ordering = ("-published_on", "-pk")
        constraints = [
            models.UniqueConstraint(
                fields=("agency", "index_number"), condition=~Q(index_number=""), name="document_index_number_unique"
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_on__isnull=False),
                name="document_published_has_date",
            ),
        ]
        indexes = [models.Index(fields=("agency", "status", "published_on"), name="document_agency_status_pub")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_public(self) -> bool:
        return self.status == DocumentStatus.PUBLISHED

    @property
    def made_on(self):
        """The day the information was formed or last changed (第二十六条)."""
        return self.changed_on or self.written_on


class ReviewConclusion(models.TextChoices):
    APPROVED = "approved", _("同意公开")
    REJECTED = "rejected", _("不同意公开")


class ConfidentialityReview(models.Model):
    """保密审查: must approve a document (by someone other than its author) before it is published."""

    document = models.ForeignKey(Document, verbose_name=_("公开信息"), on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("审查人"), on_delete=models.PROTECT, related_name="+"
    )
    reviewed_on = models.DateField(_("审查日期"))
    conclusion = models.CharField(_("审查结论"), max_length=20, choices=ReviewConclusion.choices)
    note = models.TextField(_("审查意见"), blank=True)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("保密审查")
        verbose_name_plural = _("保密审查")
        ordering = ("-created_at", "-pk")

    def __str__(self) -> str:
        return f"{self.document}：{self.get_conclusion_display()}"


def attachment_path(instance: Attachment, filename: str) -> str:
    return f"disclosure/{instance.document.agency_id}/{instance.sha256[:2]}/{instance.sha256}"


class Attachment(models.Model):
    document = models.ForeignKey(
        Document, verbose_name=_("公开信息"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("文件"), upload_to=attachment_path, max_length=300)
    filename = models.CharField(_("文件名"), max_length=200)
    media_type = models.CharField(_("文件类型"), max_length=120)
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
        ordering = ("document", "pk")

    def __str__(self) -> str:
        return self.filename


class RevisionAction(models.TextChoices):
    CREATED = "created", _("创建")
    EDITED = "edited", _("修改")
    SUBMITTED = "submitted", _("提交审查")
    REVIEWED = "reviewed", _("保密审查")
    PUBLISHED = "published", _("发布")
    WITHDRAWN = "withdrawn", _("撤回")
    CORRECTED = "corrected", _("更正")


class DocumentRevision(models.Model):
    """Append-only: services create rows, nothing updates or deletes them."""

    document = models.ForeignKey(
        Document, verbose_name=_("公开信息"), on_delete=models.CASCADE, related_name="revisions"
    )
    number = models.PositiveIntegerField(_("序号"))
    action = models.CharField(_("操作"), max_length=20, choices=RevisionAction.choices)
    snapshot = models.JSONField(_("内容快照"), default=dict)
    reason = models.TextField(_("说明"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("公开信息修订记录")
        verbose_name_plural = _("公开信息修订记录")
        ordering = ("document", "number")
        constraints = [models.UniqueConstraint(fields=("document", "number"), name="document_revision_number_unique")]

    def __str__(self) -> str:
        return f"{self.document} #{self.number} {self.get_action_display()}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValidationError(_("修订记录只能追加，不能修改。"))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("修订记录只能追加，不能删除。"))


class IndexCounter(models.Model):
    """The last 索引号 sequence number used by an agency in a year."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=("agency", "year"), name="index_counter_unique")]

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.year}: {self.last}"


# --- registers feeding table 二 -----------------------------------------------------------------


class NormativeDocument(models.Model):
    agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("机关"), on_delete=models.PROTECT, related_name="normative_documents"
    )
    kind = models.CharField(_("类别"), max_length=40, choices=normative_kind_choices)
    title = models.CharField(_("名称"), max_length=300)
    number = models.CharField(_("文号"), max_length=100, blank=True)
    issued_on = models.DateField(_("制发日期"))
    repealed_on = models.DateField(_("废止日期"), null=True, blank=True)
    repealed_by = models.ForeignKey(
        "self",
        verbose_name=_("废止它的文件"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="repealed_documents",
    )
    repealed_by_text = models.CharField(_("废止依据"), max_length=300, blank=True, help_text=_("不在本登记簿中时填写"))
    document = models.ForeignKey(
        Document, verbose_name=_("公开信息"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(_("备注"), blank=True)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("规章和规范文件登记")
        verbose_name_plural = _("规章和规范文件登记")
        ordering = ("-issued_on", "pk")
        constraints = [
            models.CheckConstraint(
                condition=Q(repealed_on__isnull=True) | Q(repealed_on__gte=models.F("issued_on")),
                name="normative_repealed_after_issued",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title}（{self.number}）" if self.number else self.title

    def in_force_on(self, day) -> bool:
        return self.issued_on <= day and (self.repealed_on is None or self.repealed_on > day)


class NormativeAmendment(models.Model):
    normative = models.ForeignKey(
        NormativeDocument, verbose_name=_("文件"), on_delete=models.CASCADE, related_name="amendments"
    )
    amended_on = models.DateField(_("修改日期"))
    note = models.CharField(_("修改说明"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("修改记录")
        verbose_name_plural = _("修改记录")
        ordering = ("normative", "amended_on")

    def __str__(self) -> str:
        return f"{self.normative} {self.amended_on}"


class DecisionSource(models.TextChoices):
    MANUAL = "manual", _("逐条登记")
    IMPORT = "import", _("批量导入")


class AdministrativeDecision(models.Model):
    agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("机关"), on_delete=models.PROTECT, related_name="administrative_decisions"
    )
    kind = models.CharField(_("类别"), max_length=20, choices=decision_kind_choices, db_index=True)
    decision_number = models.CharField(_("决定文书号"), max_length=120)
    decided_on = models.DateField(_("决定日期"), db_index=True)
    subject = models.CharField(_("相对人"), max_length=200)
    subject_is_person = models.BooleanField(
        _("相对人为自然人"), default=False, help_text=_("自然人姓名属于个人信息，对外公开时遮盖。")
    )
    summary = models.TextField(_("内容摘要"), blank=True)
    source = models.CharField(_("来源"), max_length=10, choices=DecisionSource.choices, default=DecisionSource.MANUAL)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("行政决定")
        verbose_name_plural = _("行政决定")
        ordering = ("-decided_on", "decision_number")
        constraints = [
            models.UniqueConstraint(fields=("agency", "decision_number"), name="decision_number_unique"),
        ]

    def __str__(self) -> str:
        return self.decision_number

    @property
    def public_subject(self) -> str:
        """The party as the public may see it: a person's name masked (张三 → 张*, 欧阳小明 → 欧***)."""
        if not self.subject_is_person:
            return self.subject
        return mask_name(self.subject)


def mask_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        return ""
    return name[0] + "*" * max(len(name) - 1, 1)


class FeeIncome(models.Model):
    agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("机关"), on_delete=models.PROTECT, related_name="fee_incomes"
    )
    received_on = models.DateField(_("收费日期"), db_index=True)
    amount = models.DecimalField(_("金额（元）"), max_digits=16, decimal_places=2)
    item = models.CharField(_("收费项目"), max_length=200)
    note = models.CharField(_("备注"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("收费收入")
        verbose_name_plural = _("收费收入")
        ordering = ("-received_on", "pk")
        constraints = [models.CheckConstraint(condition=Q(amount__gte=0), name="fee_income_not_negative")]

    def __str__(self) -> str:
        return f"{self.received_on} {self.item} {self.amount}"


# --- channels --------------------------------------------------------------------------------------


class Platform(models.TextChoices):
    WEIBO = "weibo", _("微博")
    WECHAT = "wechat", _("微信公众号")
    DOUYIN = "douyin", _("抖音")
    TOUTIAO = "toutiao", _("今日头条")
    KUAISHOU = "kuaishou", _("快手")
    OTHER = "other", _("其他")


class NewMediaAccount(models.Model):
    agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("机关"), on_delete=models.PROTECT, related_name="new_media_accounts"
    )
    platform = models.CharField(_("平台"), max_length=20, choices=Platform.choices)
    name = models.CharField(_("账号名称"), max_length=100)
    url = models.URLField(_("网址"), blank=True)
    opened_on = models.DateField(_("开通日期"), null=True, blank=True)
    closed_on = models.DateField(_("关停日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("新媒体账号")
        verbose_name_plural = _("新媒体账号")
        ordering = ("agency", "platform", "name")
        constraints = [
            models.UniqueConstraint(fields=("agency", "platform", "name"), name="new_media_account_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.get_platform_display()}“{self.name}”"


class ChannelYear(models.Model):
    account = models.ForeignKey(NewMediaAccount, verbose_name=_("账号"), on_delete=models.CASCADE, related_name="years")
    year = models.PositiveIntegerField(_("年度"))
    posts = models.PositiveIntegerField(_("全年发布条数"), default=0)
    followers = models.PositiveIntegerField(
        _("年末关注人数"), default=0, help_text=_("粉丝数或订阅数，截至 12 月 31 日")
    )

    class Meta:
        verbose_name = _("新媒体年度数据")
        verbose_name_plural = _("新媒体年度数据")
        ordering = ("account", "-year")
        constraints = [models.UniqueConstraint(fields=("account", "year"), name="channel_year_unique")]

    def __str__(self) -> str:
        return f"{self.account} {self.year}"


class PageView(models.Model):
    """Visits of the portal per day and path group; no IP, no user agent, no cookie is stored."""

    date = models.DateField(_("日期"))
    agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("机关"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    path_group = models.CharField(_("页面组"), max_length=40)
    views = models.PositiveBigIntegerField(_("浏览次数"), default=0)
    unique_visitors = models.PositiveBigIntegerField(_("独立访客"), default=0)

    class Meta:
        verbose_name = _("网站访问统计")
        verbose_name_plural = _("网站访问统计")
        ordering = ("-date", "path_group")
        constraints = [
            models.UniqueConstraint(
                fields=("date", "agency", "path_group"), condition=Q(agency__isnull=False), name="page_view_unique"
            ),
            models.UniqueConstraint(
                fields=("date", "path_group"), condition=Q(agency__isnull=True), name="page_view_site_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.path_group} {self.views}"


class WebsiteOpeningTotal(models.Model):
    """Visits of a year counted elsewhere, before (or besides) Gongkai's own counting."""

    agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("机关"), on_delete=models.CASCADE, related_name="website_opening_totals"
    )
    year = models.PositiveIntegerField(_("年度"))
    visits = models.PositiveBigIntegerField(_("访问次数"))
    note = models.CharField(_("来源说明"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("网站访问期初数")
        verbose_name_plural = _("网站访问期初数")
        ordering = ("agency", "-year")
        constraints = [models.UniqueConstraint(fields=("agency", "year"), name="website_opening_unique")]

    def __str__(self) -> str:
        return f"{self.agency} {self.year} {self.visits}"
