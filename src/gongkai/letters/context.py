"""The context of a letter: what the caller passes, checked before anything is rendered.

A caller (the request workflow, a test, a command) passes plain data — no model of the
applications app — as a dict. ``FIELDS`` documents every key: its Chinese name, its type
and the kinds of letter that require or accept it. ``clean_context`` checks the dict and
returns typed values, or raises ``ApplicationError`` with a Chinese message naming the
field; ``template_context`` turns the clean values into the strings a template prints,
adding the agency, the letter number, the title, the legal basis and the remedy sentence.

Every variable a template may use is always present in the template context (absent
optional values are empty strings or lists), so a template that names a variable not in
``template_variables()`` fails with a clear message instead of printing nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from gongkai.annual_report.format import FORMATS
from gongkai.core.errors import ApplicationError

from .basis import ARTICLES, KIND_BASIS, OUTCOME_BASIS, citation_of, outcome_basis, remedy_sentence
from .kinds import TITLES, WITH_REMEDY, LetterKind

ALL = frozenset(LetterKind.values)
THIRD_PARTY, OTHER_AGENCY = "third_party", "agency"
PER_REQUEST, PER_PAGE = "per_request", "per_page"  # gongkai.workdays.fees.PER_REQUEST / PER_PAGE


def outcome_codes() -> tuple[str, ...]:
    """Every outcome code of every national format (2021 and 2019), in order, once."""
    codes: dict[str, None] = {}
    for fmt in FORMATS.values():
        codes.update(dict.fromkeys(fmt.outcome_rows))
    return tuple(codes)


@dataclass(frozen=True)
class Field:
    name: str
    label: str  # Chinese, used in messages
    type: str  # str, text, date, decimal, list, bool, choice
    required_for: frozenset[str] = frozenset()
    allowed_for: frozenset[str] = ALL
    choices: tuple[str, ...] = ()
    help: str = ""


def _k(*kinds: str) -> frozenset[str]:
    return frozenset(kinds)


R, S, E, C, F, A = (
    LetterKind.RECEIPT,
    LetterKind.SUPPLEMENT,
    LetterKind.EXTENSION,
    LetterKind.CONSULTATION,
    LetterKind.FEE,
    LetterKind.REPLY,
)

FIELDS: tuple[Field, ...] = (
    # -- every letter
    Field("applicant_name", "申请人姓名或名称", "str", ALL, help="公民的姓名，或法人、其他组织的名称"),
    Field("tracking_number", "申请登记号", "str", ALL, help="受理登记时给出的编号"),
    Field("received_date", "收到申请日期", "date", ALL, help="第三十一条确定的收到申请之日"),
    Field("information_requested", "申请获取的信息", "text", ALL, help="申请公开的政府信息的名称、文号或特征性描述"),
    Field("letter_date", "落款日期", "date", help="不填写时为今天（北京时间）"),
    Field("contact_person", "联系人", "str"),
    Field("contact_phone", "联系电话", "str"),
    # -- 登记回执
    Field("channel", "申请方式", "str", allowed_for=_k(R), help="如：当面提交、邮寄、网上申请"),
    Field("query_code", "查询码", "str", allowed_for=_k(R), help="申请人查询办理进度用的查询码"),
    Field("reply_due_date", "答复期限", "date", _k(R), _k(R), help="按工作日计算的答复期限"),
    # -- 补正告知书
    Field("supplement_items", "需要补正的事项", "list", _k(S), _k(S), help="逐项列出"),
    Field("supplement_deadline", "补正期限", "date", _k(S), _k(S)),
    Field("guidance", "指导和释明", "text", allowed_for=_k(S)),
    # -- 延期告知书
    Field("original_due_date", "原答复期限", "date", _k(E), _k(E)),
    Field("extended_due_date", "延长后的答复期限", "date", _k(E), _k(E)),
    # -- 征求意见书
    Field(
        "consulted_party_type",
        "被征求意见方类别",
        "choice",
        _k(C),
        _k(C),
        choices=(THIRD_PARTY, OTHER_AGENCY),
        help="third_party：第三方（第三十二条）；agency：其他行政机关（第三十四条）",
    ),
    Field("consulted_party_name", "被征求意见方名称", "str", _k(C), _k(C)),
    Field("reply_deadline", "提出意见的截止日期", "date", allowed_for=_k(C), help="自收到征求意见书之日起15个工作日"),
    # -- 收费通知书
    Field(
        "fee_method",
        "计收方式",
        "choice",
        _k(F),
        _k(F),
        choices=(PER_REQUEST, PER_PAGE),
        help="per_request：按件计收（办法第四条）；per_page：按量计收（办法第五条）",
    ),
    Field("fee_amount", "收费金额（元）", "decimal", _k(F), _k(F)),
    Field("fee_explanation", "收费金额的计算", "text", _k(F), _k(F), help="可为多行，如 gongkai.workdays.fees 的说明"),
    Field("payment_method", "缴费方式", "text", _k(F), _k(F), help="缴费账户、地点或网上缴费途径"),
    Field("payment_due_date", "缴费截止日期", "date", allowed_for=_k(F), help="收到通知次日起第20个工作日"),
    # -- 答复告知书
    Field("outcome", "办理结果", "choice", _k(A), _k(A), choices=outcome_codes()),
    Field(
        "already_public",
        "已主动公开",
        "bool",
        allowed_for=_k(A),
        help="予以公开且信息已主动公开：依第三十六条第（一）项",
    ),
    Field("details", "具体说明", "text", allowed_for=_k(A), help="提供的信息、获取方式、途径和时间等"),
    Field("responsible_agency", "负责公开该信息的机关", "str", allowed_for=_k(A)),
    Field("responsible_agency_contact", "该机关的联系方式", "str", allowed_for=_k(A)),
    Field(
        "withheld_because",
        "不予公开部分的理由类别",
        "choice",
        allowed_for=_k(A),
        choices=tuple(code for code in outcome_codes() if code.startswith("refused.")),
        help="部分公开时，不予公开部分适用的结果代码",
    ),
    # -- several kinds
    Field("reasons", "理由", "text", _k(E), _k(E, C, A), help="延期、征求意见的原因；答复的理由"),
    Field("reconsideration_body", "复议机关", "str", allowed_for=WITH_REMEDY),
    Field("court", "人民法院", "str", allowed_for=WITH_REMEDY),
)
FIELDS_BY_NAME = {f.name: f for f in FIELDS}
REFUSED = tuple(code for code in outcome_codes() if code.startswith("refused."))


def _blank(value: Any) -> bool:
    return (
        value is None
        or (isinstance(value, str) and not value.strip())
        or (isinstance(value, list | tuple) and not value)
    )


def _clean_value(field: Field, value: Any) -> Any:
    label = field.label
    if field.type in ("str", "text"):
        if not isinstance(value, str | int):
            raise ApplicationError(_("“%(field)s”应为文字。") % {"field": label}, code="bad_context")
        text = str(value).strip()
        if field.type == "str" and "\n" in text:
            raise ApplicationError(_("“%(field)s”不能分行。") % {"field": label}, code="bad_context")
        limit = 200 if field.type == "str" else 5000
        if len(text) > limit:
            raise ApplicationError(
                _("“%(field)s”过长（不超过 %(limit)s 字）。") % {"field": label, "limit": limit}, code="bad_context"
            )
        return text
    if field.type == "date":
        if isinstance(value, datetime) or not isinstance(value, date):
            if isinstance(value, str):
                try:
                    return date.fromisoformat(value.strip())
                except ValueError:
                    pass
            raise ApplicationError(_("“%(field)s”应为日期（如 2023-09-28）。") % {"field": label}, code="bad_context")
        return value
    if field.type == "decimal":
        try:
            amount = Decimal(str(value).strip())
        except (InvalidOperation, ValueError):
            raise ApplicationError(_("“%(field)s”应为金额数字。") % {"field": label}, code="bad_context") from None
        if not amount.is_finite() or amount <= 0 or amount != amount.quantize(Decimal("0.01")):
            raise ApplicationError(
                _("“%(field)s”应为大于零、最多两位小数的金额。") % {"field": label}, code="bad_context"
            )
        return amount
    if field.type == "list":
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list | tuple) or not all(isinstance(i, str) for i in items):
            raise ApplicationError(_("“%(field)s”应为逐项列出的文字。") % {"field": label}, code="bad_context")
        return [i.strip() for i in items if i.strip()]
    if field.type == "bool":
        if not isinstance(value, bool):
            raise ApplicationError(_("“%(field)s”应为是或否。") % {"field": label}, code="bad_context")
        return value
    if field.type == "choice":
        if value not in field.choices:
            raise ApplicationError(
                _("“%(field)s”的值“%(value)s”无效。") % {"field": label, "value": value}, code="bad_context"
            )
        return value
    raise AssertionError(field.type)


def clean_context(kind: str, data: dict[str, Any]) -> dict[str, Any]:
    """The checked, typed context of a letter of ``kind``; raises ``ApplicationError`` naming the field."""
    if kind not in ALL:
        raise ApplicationError(_("告知书类别“%(kind)s”无效。") % {"kind": kind}, code="bad_kind")
    if not isinstance(data, dict):
        raise ApplicationError(_("告知书内容应为字段和值的对应表。"), code="bad_context")
    title = str(LetterKind(kind).label)
    clean: dict[str, Any] = {}
    for name, value in data.items():
        field = FIELDS_BY_NAME.get(name)
        if field is None:
            raise ApplicationError(_("未知的告知书字段“%(name)s”。") % {"name": name}, code="bad_context")
        if kind not in field.allowed_for:
            raise ApplicationError(
                _("%(title)s不使用“%(field)s”。") % {"title": title, "field": field.label}, code="bad_context"
            )
        if _blank(value):
            continue
        cleaned = _clean_value(field, value)
        if not _blank(cleaned):
            clean[name] = cleaned
    for field in FIELDS:
        if kind in field.required_for and field.name not in clean:
            raise ApplicationError(
                _("请填写“%(field)s”，%(title)s需要这一项。") % {"field": field.label, "title": title},
                code="missing_field",
            )
    _check_rules(kind, clean)
    return clean


def _check_rules(kind: str, c: dict[str, Any]) -> None:
    received = c["received_date"]
    letter_date = c.get("letter_date")
    if letter_date is not None and letter_date < received:
        raise ApplicationError(_("落款日期不能早于收到申请日期。"), code="bad_context")
    for name in ("reply_due_date", "supplement_deadline", "original_due_date", "reply_deadline", "payment_due_date"):
        if name in c and c[name] <= received:
            raise ApplicationError(
                _("“%(field)s”应晚于收到申请日期。") % {"field": FIELDS_BY_NAME[name].label}, code="bad_context"
            )
    if kind == LetterKind.EXTENSION and c["extended_due_date"] <= c["original_due_date"]:
        raise ApplicationError(_("延长后的答复期限应晚于原答复期限。"), code="bad_context")
    if kind == LetterKind.REPLY:
        outcome = c["outcome"]
        basis = OUTCOME_BASIS[outcome]
        if basis.reasons_required and "reasons" not in c:
            raise ApplicationError(
                _("请填写“理由”：这一办理结果须向申请人说明理由（条例第三十六条、第三十七条）。"), code="missing_field"
            )
        if c.get("already_public") and outcome != "granted":
            raise ApplicationError(_("“已主动公开”只适用于予以公开的答复。"), code="bad_context")
        if "withheld_because" in c and outcome != "partly_granted":
            raise ApplicationError(_("“不予公开部分的理由类别”只适用于部分公开的答复。"), code="bad_context")
        if "withheld_because" in c and c["withheld_because"] not in REFUSED:
            raise ApplicationError(_("“不予公开部分的理由类别”应为一种不予公开的情形。"), code="bad_context")


# -- what a template prints -------------------------------------------------------------------------


def format_date(d: date | None) -> str:
    return f"{d.year}年{d.month}月{d.day}日" if d else ""


def format_amount(amount: Decimal | None) -> str:
    if amount is None:
        return ""
    return f"{amount:.0f}" if amount == amount.to_integral_value() else f"{amount:.2f}"


_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_SMALL_UNITS = ("", "拾", "佰", "仟")
_BIG_UNITS = ("", "万", "亿")


def amount_in_words(amount: Decimal | None) -> str:
    """人民币大写: 1234.50 → 壹仟贰佰叁拾肆元伍角."""
    if amount is None:
        return ""
    cents = int((amount * 100).to_integral_value())
    yuan, jiao, fen = cents // 100, cents // 10 % 10, cents % 10
    words = ""
    if yuan:
        groups = []
        n = yuan
        while n:
            groups.append(n % 10000)
            n //= 10000
        zero_pending = False
        for index in range(len(groups) - 1, -1, -1):
            group = groups[index]
            if group == 0:
                zero_pending = bool(words)
                continue
            part = ""
            digits = [group // 1000, group // 100 % 10, group // 10 % 10, group % 10]
            for position, digit in enumerate(digits):
                unit = _SMALL_UNITS[3 - position]
                if digit == 0:
                    if part or words:
                        zero_pending = True
                    continue
                if zero_pending and (part or words):
                    part += "零"
                zero_pending = False
                part += _DIGITS[digit] + unit
            words += part + _BIG_UNITS[index]
        words += "元"
    if not jiao and not fen:
        return (words or "零元") + "整"
    if jiao:
        words += _DIGITS[jiao] + "角"
    elif words:
        words += "零"
    if fen:
        words += _DIGITS[fen] + "分"
    return words


def _defaults() -> dict[str, Any]:
    out: dict[str, Any] = {}
    for field in FIELDS:
        out[field.name] = [] if field.type == "list" else (False if field.type == "bool" else "")
    return out


def template_context(
    kind: str, clean: dict[str, Any], *, agency_name: str, letter_number: str, letter_date: date
) -> dict[str, Any]:
    """Every variable a template of ``kind`` may print, as text (see ``template_variables``)."""
    ctx = _defaults()
    for name, value in clean.items():
        field = FIELDS_BY_NAME[name]
        if field.type == "date":
            ctx[name] = format_date(value)
        elif field.type == "decimal":
            ctx[name] = format_amount(value)
        else:
            ctx[name] = value
    ctx.update(
        agency_name=agency_name,
        letter_number=letter_number,
        letter_date=format_date(letter_date),
        title=TITLES[kind],
        decision="",
        remedy="",
        fee_amount_in_words="",
        fee_explanation_lines=[],
        consulted_party_is_agency=False,
    )
    if kind == LetterKind.REPLY:
        basis = outcome_basis(clean["outcome"], already_public=bool(clean.get("already_public")))
        articles = basis.cited()
        if "withheld_because" in clean:
            extra = [a for a in OUTCOME_BASIS[clean["withheld_because"]].cited() if a not in articles]
            articles = articles + tuple(extra)
        ctx["decision"] = basis.decision
    else:
        key = kind
        if kind == LetterKind.CONSULTATION:
            key = f"consultation.{clean['consulted_party_type']}"
            ctx["consulted_party_is_agency"] = clean["consulted_party_type"] == OTHER_AGENCY
        elif kind == LetterKind.FEE:
            key = f"fee.{clean['fee_method']}"
            ctx["fee_amount_in_words"] = amount_in_words(clean["fee_amount"])
            ctx["fee_explanation_lines"] = [line for line in clean["fee_explanation"].splitlines() if line.strip()]
        articles = tuple(ARTICLES[k] for k in KIND_BASIS[key])
    ctx["basis_citation"] = citation_of(articles)
    ctx["basis_articles"] = [a.line for a in articles]
    if kind in WITH_REMEDY:
        ctx["remedy"] = remedy_sentence(
            reconsideration_body=clean.get("reconsideration_body", ""), court=clean.get("court", "")
        )
    return ctx


COMPUTED = {
    "agency_name": "机关名称",
    "letter_number": "告知书文号",
    "letter_date": "落款日期",
    "title": "标题",
    "decision": "答复决定（按办理结果）",
    "basis_citation": "法律依据（条款）",
    "basis_articles": "法律依据（条文，逐条）",
    "remedy": "救济途径告知",
    "fee_amount_in_words": "收费金额大写",
    "fee_explanation_lines": "收费金额的计算（逐行）",
    "consulted_party_is_agency": "被征求意见方是否为行政机关",
}


def template_variables() -> dict[str, str]:
    """Every variable name a template may use → its Chinese name (for the upload page and messages)."""
    return {**{f.name: f.label for f in FIELDS}, **COMPUTED}


def sample_context(kind: str, outcome: str = "granted") -> dict[str, Any]:
    """A complete, valid context of ``kind`` (every optional field filled): used to test an uploaded template."""
    data: dict[str, Any] = {
        "applicant_name": "张三",
        "tracking_number": "2023-0001",
        "received_date": date(2023, 9, 28),
        "information_requested": "2023年度城乡居民养老保险财政补贴资金的拨付文件",
        "letter_date": date(2023, 10, 9),
        "contact_person": "李四",
        "contact_phone": "0391-0000000",
    }
    if kind == LetterKind.RECEIPT:
        data.update(channel="网上申请", query_code="ABCD-1234", reply_due_date=date(2023, 11, 2))
    elif kind == LetterKind.SUPPLEMENT:
        data.update(
            supplement_items=["所需信息的名称、文号或者其他特征性描述", "获取信息的方式、途径"],
            supplement_deadline=date(2023, 10, 20),
            guidance="可写明文件的发布时间、发文机关等便于查询的特征。",
        )
    elif kind == LetterKind.EXTENSION:
        data.update(
            original_due_date=date(2023, 11, 2),
            extended_due_date=date(2023, 11, 30),
            reasons="所申请信息数量较多，需要调取档案逐件核对。",
        )
    elif kind == LetterKind.CONSULTATION:
        data.update(
            consulted_party_type=THIRD_PARTY,
            consulted_party_name="某某有限公司",
            reply_deadline=date(2023, 10, 31),
            reasons="所申请信息包含贵单位的经营信息，公开可能损害贵单位合法权益。",
        )
    elif kind == LetterKind.FEE:
        data.update(
            fee_method=PER_REQUEST,
            fee_amount=Decimal("100"),
            fee_explanation="本月此前已申请 10 件，本次 1 件\n第 11 件：1 件 × 100 元 = 100 元\n合计 100 元",
            payment_method="通过非税收入缴款系统缴纳，缴款码见本通知书附件。",
            payment_due_date=date(2023, 11, 7),
            reconsideration_body="济源示范区管委会",
            court="济源中级人民法院",
        )
    elif kind == LetterKind.REPLY:
        data.update(
            outcome=outcome,
            reasons="所申请信息的具体理由。",
            details="请于收到本告知书之日起10个工作日内到本机关政务公开办公室领取。",
            responsible_agency="某某局" if outcome.startswith("unavailable.") else "",
            responsible_agency_contact="0391-1111111" if outcome.startswith("unavailable.") else "",
            withheld_because="refused.third_party_rights" if outcome == "partly_granted" else "",
            reconsideration_body="济源示范区管委会",
            court="济源中级人民法院",
        )
    return data
