from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field; each is checked on its own (an empty one is that file's problem)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if not files:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        if len(files) == 1:
            return [super().clean(files[0], initial)]
        return files


class CheckForm(forms.Form):
    file = MultipleFileField(
        label=_("年度报告文件"),
        help_text=_(
            "可一次选择多个文件，或上传一个 ZIP 压缩包。PDF、Word（.docx）、Excel（.xlsx）、网页、纯文本或 JSON。"
            "只做检查，不保存文件。"
        ),
        error_messages={"required": _("请选择要检查的文件。"), "empty": _("文件是空的，没有可读取的内容。")},
    )
