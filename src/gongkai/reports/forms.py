from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .services import FIRST_YEAR, LAST_YEAR


class ReportImportForm(forms.Form):
    year = forms.IntegerField(label=_("报告年度"), min_value=FIRST_YEAR, max_value=LAST_YEAR)
    file = forms.FileField(
        label=_("报告文件"),
        help_text=_("已公开的年度报告：PDF、Word（.docx）、Excel（.xlsx）、网页、纯文本或 JSON。"),
    )
    replace = forms.BooleanField(label=_("该年度已有报告时，替换它"), required=False)


class AnnualReportDraftForm(forms.Form):
    year = forms.IntegerField(label=_("报告年度"), min_value=FIRST_YEAR, max_value=LAST_YEAR)


class NarrativeForm(forms.Form):
    """One textarea per narrative part (一(一)…(五), 五, 六), labelled with the format's own headings."""

    revision = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, parts, **kwargs):
        super().__init__(*args, **kwargs)
        for key, heading in parts:
            self.fields[key] = forms.CharField(
                label=heading, required=False, max_length=20000, widget=forms.Textarea(attrs={"rows": 5})
            )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("理由"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class AcknowledgeForm(ReasonForm):
    fingerprint = forms.CharField(max_length=64, widget=forms.HiddenInput)


class RefreshForm(forms.Form):
    fingerprint = forms.CharField(max_length=64, widget=forms.HiddenInput)
    revision = forms.IntegerField(widget=forms.HiddenInput)


class AdjustmentForm(forms.Form):
    """A documented adjustment of one figure: which cell, the amount added to the records' figure, why."""

    key = forms.ChoiceField(label=_("单元格"))
    delta = forms.DecimalField(
        label=_("调整数（在记录得出的数字上增加，减少写负数；写 0 撤销调整）"), max_digits=14, decimal_places=4
    )
    reason = forms.CharField(label=_("理由"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))
    revision = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, fmt, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["key"].choices = [(key, fmt.describe(key)) for key in fmt.cell_keys()]
