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
