from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class CheckForm(forms.Form):
    file = forms.FileField(
        label=_("年度报告文件"),
        help_text=_("PDF、Word（.docx）、Excel（.xlsx）、网页、纯文本或 JSON。只做检查，不保存文件。"),
        error_messages={"required": _("请选择要检查的文件。"), "empty": _("文件是空的，没有可读取的内容。")},
    )
