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
