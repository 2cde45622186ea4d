"""Every kind and every outcome renders with the default templates into a DOCX python-docx opens."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from docx import Document
from hypothesis import given
from hypothesis import strategies as st

from gongkai.core.errors import ApplicationError
from gongkai.letters.basis import REGULATION, remedy_sentence
from gongkai.letters.context import (
    FIELDS,
    amount_in_words,
    clean_context,
    outcome_codes,
    sample_context,
    template_context,
    template_variables,
)
from gongkai.letters.kinds import TITLES, WITH_REMEDY, LetterKind
from gongkai.letters.render import TemplateRenderError, default_template_bytes, docx_text, render_docx

AGENCY = "济源示范区人力资源和社会保障局"
NUMBER = "济人社公开〔2023〕第3号"


def _render(kind, data):
    clean = clean_context(kind, data)
    ctx = template_context(kind, clean, agency_name=AGENCY, letter_number=NUMBER, letter_date=date(2023, 10, 9))
    return ctx, render_docx(default_template_bytes(kind), ctx)


def _assert_letter(kind, ctx, data):
    document = Document(io.BytesIO(data))  # python-docx opens it
    text = docx_text(data)
    assert TITLES[kind] in text
    assert NUMBER in text and AGENCY in text and "2023年10月9日" in text
    assert ctx["basis_citation"] in text and REGULATION in text
    if kind != LetterKind.RECEIPT:  # the receipt cites its articles; the other letters also quote them
        for line in ctx["basis_articles"]:
            assert line in text
    if kind in WITH_REMEDY:
        assert remedy_sentence(reconsideration_body="济源示范区管委会", court="济源中级人民法院") in text
    assert "{{" not in text and "{%" not in text
    section = document.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    assert [round(section.top_margin.mm), round(section.bottom_margin.mm)] == [37, 35]
    assert [round(section.left_margin.mm), round(section.right_margin.mm)] == [28, 26]
    return text


@pytest.mark.parametrize("kind", [k for k in LetterKind.values if k != LetterKind.REPLY])
def test_every_kind_renders(kind):
    ctx, data = _render(kind, sample_context(kind))
    text = _assert_letter(kind, ctx, data)
    if kind != LetterKind.CONSULTATION:
        assert "张三：" in text  # the applicant is addressed …
    else:
        assert "某某有限公司：" in text and "张三" not in text  # … but not named to the third party
    assert "2023年度城乡居民养老保险财政补贴资金的拨付文件" in text


@pytest.mark.parametrize("outcome", outcome_codes())
def test_every_outcome_renders_a_reply(outcome):
    ctx, data = _render(LetterKind.REPLY, sample_context(LetterKind.REPLY, outcome))
    text = _assert_letter(LetterKind.REPLY, ctx, data)
    assert ctx["decision"] in text
    assert "理由：所申请信息的具体理由。" in text


def test_already_public_cites_item_one():
    data = {**sample_context(LetterKind.REPLY), "already_public": True}
    _ctx, out = _render(LetterKind.REPLY, data)
    text = docx_text(out)
    assert "第三十六条第（一）项" in text and "第三十六条第（二）项" not in text


def test_partial_grant_cites_the_ground_of_the_withheld_part():
    _ctx, out = _render(LetterKind.REPLY, sample_context(LetterKind.REPLY, "partly_granted"))
    text = docx_text(out)
    assert "第三十七条" in text and "第十五条" in text


def test_consultation_of_another_agency_cites_article_34():
    data = {**sample_context(LetterKind.CONSULTATION), "consulted_party_type": "agency"}
    _ctx, out = _render(LetterKind.CONSULTATION, data)
    text = docx_text(out)
    assert "第三十四条" in text and "视为同意公开" in text and "第三十二条" not in text


def test_fee_notice_states_amount_basis_and_payment_term():
    _ctx, out = _render(LetterKind.FEE, sample_context(LetterKind.FEE))
    text = docx_text(out)
    assert "人民币100元（大写：壹佰元整）" in text
    assert "国办函〔2020〕109号" in text and "第四条" in text
    assert "自收到本通知书次日起20个工作日内（即2023年11月7日前）" in text
    assert "第 11 件：1 件 × 100 元 = 100 元" in text
    per_page = {**sample_context(LetterKind.FEE), "fee_method": "per_page"}
    assert "第五条" in docx_text(_render(LetterKind.FEE, per_page)[1])


def test_optional_paragraphs_disappear_when_empty():
    data = sample_context(LetterKind.REPLY, "granted")
    for name in ("details", "reasons", "contact_person", "contact_phone", "responsible_agency"):
        data.pop(name, None)
    _ctx, out = _render(LetterKind.REPLY, data)
    text = docx_text(out)
    assert "理由：" not in text and "联系人" not in text and "负责公开该政府信息的行政机关" not in text
    assert all(p.text.strip() or True for p in Document(io.BytesIO(out)).paragraphs)


def test_text_with_markup_characters_is_printed_as_is():
    data = {**sample_context(LetterKind.RECEIPT), "information_requested": "A&B <公司> 的“许可”"}
    _ctx, out = _render(LetterKind.RECEIPT, data)
    assert "A&B <公司> 的“许可”" in docx_text(out)


@pytest.mark.parametrize(
    "kind, change, field",
    [
        (LetterKind.REPLY, {"outcome": "granted-ish"}, "办理结果"),
        (LetterKind.REPLY, {"outcome": "refused.state_secret", "reasons": ""}, "理由"),
        (LetterKind.SUPPLEMENT, {"supplement_items": []}, "需要补正的事项"),
        (LetterKind.FEE, {"fee_amount": "-5"}, "收费金额"),
        (LetterKind.FEE, {"fee_amount": "abc"}, "收费金额"),
        (LetterKind.EXTENSION, {"extended_due_date": date(2023, 11, 1)}, "延长后的答复期限"),
        (LetterKind.RECEIPT, {"received_date": "28/9/2023"}, "收到申请日期"),
        (LetterKind.RECEIPT, {"applicant_name": ""}, "申请人姓名或名称"),
        (LetterKind.RECEIPT, {"outcome": "granted"}, "办理结果"),
        (LetterKind.RECEIPT, {"nickname": "x"}, "nickname"),
    ],
)
def test_bad_context_is_refused_naming_the_field(kind, change, field):
    data = {**sample_context(kind), **change}
    with pytest.raises(ApplicationError, match=field):
        clean_context(kind, data)


def test_unknown_variable_in_a_template_is_named():
    from docx import Document as NewDocument

    document = NewDocument()
    document.add_paragraph("{{ applicant_name }}：{{ applicant_nickname }}")
    buffer = io.BytesIO()
    document.save(buffer)
    ctx = template_context(
        LetterKind.RECEIPT,
        clean_context(LetterKind.RECEIPT, sample_context(LetterKind.RECEIPT)),
        agency_name=AGENCY,
        letter_number=NUMBER,
        letter_date=date(2023, 10, 9),
    )
    with pytest.raises(TemplateRenderError, match="未定义的变量“applicant_nickname”"):
        render_docx(buffer.getvalue(), ctx)


def test_every_documented_field_is_a_template_variable():
    variables = template_variables()
    assert all(field.name in variables for field in FIELDS)
    ctx = template_context(
        LetterKind.REPLY,
        clean_context(LetterKind.REPLY, sample_context(LetterKind.REPLY)),
        agency_name=AGENCY,
        letter_number=NUMBER,
        letter_date=date(2023, 10, 9),
    )
    assert set(ctx) == set(variables)


@pytest.mark.parametrize(
    "amount, words",
    [
        ("100", "壹佰元整"),
        ("1200", "壹仟贰佰元整"),
        ("1005", "壹仟零伍元整"),
        ("10000", "壹万元整"),
        ("100010", "壹拾万零壹拾元整"),
        ("0.5", "伍角"),
        ("12.05", "壹拾贰元零伍分"),
        ("3940", "叁仟玖佰肆拾元整"),
    ],
)
def test_amount_in_words(amount, words):
    assert amount_in_words(Decimal(amount)) == words


@given(st.integers(min_value=1, max_value=10**9))
def test_amount_in_words_uses_only_the_capital_digits(cents):
    words = amount_in_words(Decimal(cents) / 100)
    assert words and set(words) <= set("零壹贰叁肆伍陆柒捌玖拾佰仟万亿元角分整")
    assert not words.startswith("零") and "零零" not in words
