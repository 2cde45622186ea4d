"""The kinds of letter, their titles, number marks and default template files."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class LetterKind(models.TextChoices):
    RECEIPT = "receipt", _("登记回执")
    SUPPLEMENT = "supplement", _("补正告知书")
    EXTENSION = "extension", _("延期告知书")
    CONSULTATION = "consultation", _("征求意见书")
    FEE = "fee", _("收费通知书")
    REPLY = "reply", _("答复告知书")


# The printed title of each kind (the agency may change it in its own template).
TITLES: dict[str, str] = {
    LetterKind.RECEIPT: "政府信息公开申请登记回执",
    LetterKind.SUPPLEMENT: "政府信息公开申请补正告知书",
    LetterKind.EXTENSION: "政府信息公开申请延期答复告知书",
    LetterKind.CONSULTATION: "政府信息公开征求意见书",
    LetterKind.FEE: "政府信息公开信息处理费收费通知书",
    LetterKind.REPLY: "政府信息公开申请答复告知书",
}

# The mark after the agency's prefix in a letter number, so that the per-kind sequences
# never print the same number: 济人社公开〔2023〕第3号 (reply), 济人社公开补〔2023〕第1号 (补正) ….
NUMBER_MARKS: dict[str, str] = {
    LetterKind.RECEIPT: "登",
    LetterKind.SUPPLEMENT: "补",
    LetterKind.EXTENSION: "延",
    LetterKind.CONSULTATION: "征",
    LetterKind.FEE: "费",
    LetterKind.REPLY: "",
}

# Kinds whose letter is a decision the applicant may challenge: they carry the remedy sentence.
WITH_REMEDY = frozenset({LetterKind.FEE, LetterKind.REPLY})


def template_filename(kind: str) -> str:
    return f"{kind}.docx"
