"""Forms of the office pages; they only read and check input, the services do the work."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import (
    CatalogueColumn,
    Document,
    DocumentStatus,
    NewMediaAccount,
    NormativeDocument,
    Platform,
    ReviewConclusion,
    Validity,
    decision_kind_choices,
    normative_kind_choices,
)

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
FIRST_YEAR, LAST_YEAR = 2008, 2100


def _date_field(label, required=True, help_text=""):
    return forms.DateField(label=label, required=required, widget=DATE_WIDGET, help_text=help_text)


class DocumentForm(forms.Form):
    column = forms.ModelChoiceField(label=_("栏目"), queryset=CatalogueColumn.objects.none())
    title = forms.CharField(label=_("标题"), max_length=300)
    document_number = forms.CharField(label=_("文号"), max_length=100, required=False)
    issuing_body = forms.CharField(label=_("发布机构"), max_length=200, required=False)
    written_on = _date_field(_("成文日期"), required=False)
    changed_on = _date_field(_("变更日期"), required=False, help_text=_("信息变更时填写，第二十六条期限自此计算。"))
    topic = forms.CharField(label=_("主题分类"), max_length=100, required=False)
    validity = forms.ChoiceField(label=_("有效性"), choices=Validity.choices, initial=Validity.VALID)
    interprets_index = forms.CharField(
        label=_("所解读政策的索引号"),
        max_length=64,
        required=False,
        help_text=_("政策解读填写，所解读的政策须已发布。"),
    )
    body = forms.CharField(
        label=_("正文"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_("可使用 HTML；脚本、事件属性、javascript: 链接和样式会被清除。"),
    )

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.agency = agency
        self.fields["column"].queryset = CatalogueColumn.objects.filter(agency=agency).order_by("order", "pk")
        if not self.is_bound:
            self.fields["issuing_body"].initial = agency.name

    def clean_interprets_index(self):
        number = self.cleaned_data.get("interprets_index", "").strip()
        if not number:
            return None
        document = Document.objects.filter(
            agency=self.agency, index_number=number, status=DocumentStatus.PUBLISHED
        ).first()
        if document is None:
            raise forms.ValidationError(_("没有索引号为“%(number)s”的已发布信息。") % {"number": number})
        return document

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data["interprets"] = data.pop("interprets_index")
        return data

    @staticmethod
    def initial_from(document: Document) -> dict:
        return {
            "column": document.column_id,
            "title": document.title,
            "document_number": document.document_number,
            "issuing_body": document.issuing_body,
            "written_on": document.written_on,
            "changed_on": document.changed_on,
            "topic": document.topic,
            "validity": document.validity,
            "interprets_index": document.interprets.index_number if document.interprets else "",
            "body": document.body,
        }


class CorrectionForm(DocumentForm):
    reason = forms.CharField(label=_("更正说明"), widget=forms.Textarea(attrs={"rows": 3}))


class ReviewForm(forms.Form):
    conclusion = forms.ChoiceField(label=_("审查结论"), choices=ReviewConclusion.choices)
    reviewed_on = _date_field(_("审查日期"))
    note = forms.CharField(label=_("审查意见"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class PublishForm(forms.Form):
    published_on = _date_field(_("发布日期"), required=False, help_text=_("留空为今天。"))


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("撤回原因"), widget=forms.Textarea(attrs={"rows": 3}))


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("附件"), help_text=_("PDF、Word（.docx）、Excel（.xlsx）或纯文本文件。"))


class NormativeForm(forms.Form):
    kind = forms.ChoiceField(label=_("类别"), choices=normative_kind_choices)
    title = forms.CharField(label=_("名称"), max_length=300)
    number = forms.CharField(label=_("文号"), max_length=100, required=False)
    issued_on = _date_field(_("制发日期"))


class RepealForm(forms.Form):
    repealed_on = _date_field(_("废止日期"))
    repealed_by = forms.ModelChoiceField(
        label=_("废止它的文件"), queryset=NormativeDocument.objects.none(), required=False
    )
    repealed_by_text = forms.CharField(label=_("废止依据（不在登记簿中时）"), max_length=300, required=False)

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["repealed_by"].queryset = NormativeDocument.objects.filter(agency=agency)


class DecisionForm(forms.Form):
    kind = forms.ChoiceField(label=_("类别"), choices=decision_kind_choices)
    decision_number = forms.CharField(label=_("决定文书号"), max_length=120)
    decided_on = _date_field(_("决定日期"))
    subject = forms.CharField(label=_("相对人"), max_length=200)
    subject_is_person = forms.BooleanField(
        label=_("相对人为自然人"), required=False, help_text=_("自然人姓名对外公开时遮盖。")
    )
    summary = forms.CharField(label=_("内容摘要"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class DecisionImportForm(forms.Form):
    file = forms.FileField(label=_("CSV 或 Excel 文件"), help_text=_("第一行为表头，见下方说明。"))
    default_kind = forms.ChoiceField(
        label=_("文件中没有“类别”列时，全部登记为"),
        choices=lambda: [("", _("（文件中有类别列）")), *decision_kind_choices()],
        required=False,
    )
    dry_run = forms.BooleanField(label=_("只检查，不导入"), required=False)


class FeeIncomeForm(forms.Form):
    received_on = _date_field(_("收费日期"))
    amount = forms.DecimalField(label=_("金额（元）"), max_digits=16, decimal_places=2, min_value=0)
    item = forms.CharField(label=_("收费项目"), max_length=200)
    note = forms.CharField(label=_("备注"), max_length=300, required=False)


class AccountForm(forms.Form):
    platform = forms.ChoiceField(label=_("平台"), choices=Platform.choices)
    name = forms.CharField(label=_("账号名称"), max_length=100)
    url = forms.URLField(label=_("网址"), required=False, assume_scheme="https")


class ChannelYearForm(forms.Form):
    account = forms.ModelChoiceField(label=_("账号"), queryset=NewMediaAccount.objects.none())
    year = forms.IntegerField(label=_("年度"), min_value=FIRST_YEAR, max_value=LAST_YEAR)
    posts = forms.IntegerField(label=_("全年发布条数"), min_value=0)
    followers = forms.IntegerField(label=_("年末关注人数"), min_value=0)

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["account"].queryset = NewMediaAccount.objects.filter(agency=agency)
        if not self.is_bound:
            self.fields["year"].initial = dt.date.today().year - 1


class OpeningTotalForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=FIRST_YEAR, max_value=LAST_YEAR)
    visits = forms.IntegerField(label=_("访问次数"), min_value=0)
    note = forms.CharField(label=_("来源说明"), max_length=300, required=False)
