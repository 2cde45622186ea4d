"""The form of the template settings page: which letter, which reply outcome, which file."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .kinds import LetterKind
from .selectors import outcome_labels


class TemplateUploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("告知书类别"), choices=LetterKind.choices)
    outcome = forms.ChoiceField(
        label=_("适用的办理结果"),
        required=False,
        help_text=_("仅答复告知书可按办理结果分别设置；不选则适用于所有办理结果。"),
    )
    file = forms.FileField(
        label=_("模板文件"),
        help_text=_(
            "Word（.docx）文件，宜在下载的模板上修改；上传前系统会用示例内容试生成，检查变量、文号、法律依据和救济途径。"
        ),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".docx,application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = [("", _("所有办理结果")), *outcome_labels().items()]

    def clean(self):
        data = super().clean()
        if data.get("outcome") and data.get("kind") != LetterKind.REPLY:
            self.add_error("outcome", _("只有答复告知书可以按办理结果分别设置模板。"))
        return data
