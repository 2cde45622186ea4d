"""The legal basis of every letter, keyed by outcome code.

The provisions themselves — the articles of the 条例 (2019 revision, 国务院令第711号) quoted
verbatim from disclosure-rules.md §1, the fee tiers of 国办函〔2020〕109号 summarised from §3, and
the remedy sentence — are data in ``data/provisions.json``, loaded into ``ARTICLES``.

Every outcome code a concluded request may have (``gongkai.annual_report.format`` — both the
2021 and the 2019 format) has an ``OutcomeBasis`` here: the articles a reply letter cites,
the sentence that states the decision to the applicant, and whether the 条例 requires the
letter to give reasons. A test checks that no outcome code is missing.

The mapping of outcome to article follows disclosure-rules.md §1.6; rows marked [M] there
are a reading of the 条例, not a verified rule — an agency that cites otherwise edits its
own reply template or gives its reasons in the letter.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

PROVISIONS_FILE = Path(__file__).resolve().parent / "data" / "provisions.json"
_PROVISIONS = json.loads(PROVISIONS_FILE.read_text(encoding="utf-8"))
REGULATION = _PROVISIONS["sources"]["regulation"]
FEE_MEASURES = _PROVISIONS["sources"]["fee_measures"]


@dataclass(frozen=True)
class Article:
    key: str  # "36.3": article 36, item (三); "fee.4": 办法第四条
    citation: str  # 第三十六条第（三）项 (without the name of the regulation)
    text: str
    source: str = REGULATION
    verbatim: bool = True  # False: a summary of the provision, printed without quotation marks

    @property
    def full_citation(self) -> str:
        return f"{self.source}{self.citation}"

    @property
    def line(self) -> str:
        """The article as a letter quotes it (the letter names the 条例 just before)."""
        name = self.citation if self.source == REGULATION else self.full_citation
        if self.verbatim:
            return f"{name}规定：“{self.text}”"
        return f"{name}（要点）：{self.text}"


ARTICLES: dict[str, Article] = {
    key: Article(
        key,
        entry["citation"],
        entry["text"],
        _PROVISIONS["sources"][entry.get("source", "regulation")],
        entry.get("verbatim", True),
    )
    for key, entry in _PROVISIONS["articles"].items()
}


@dataclass(frozen=True)
class OutcomeBasis:
    articles: tuple[str, ...]  # keys of ARTICLES, in the order the letter cites them
    decision: str  # the sentence that tells the applicant the decision
    reasons_required: bool = False  # the 条例 requires the letter to give reasons (36(三), 36(五), 37)

    def cited(self) -> tuple[Article, ...]:
        return tuple(ARTICLES[key] for key in self.articles)


OUTCOME_BASIS: dict[str, OutcomeBasis] = {
    "granted": OutcomeBasis(
        ("36.2",),
        "您申请获取的政府信息属于可以公开的政府信息，本机关决定向您提供，提供的方式、途径和时间见下文。",
    ),
    "partly_granted": OutcomeBasis(
        ("37", "36.2", "36.3"),
        "您申请获取的信息中含有不应当公开的内容，但能够作区分处理。本机关向您提供可以公开的部分，"
        "对不予公开的部分说明理由如下。",
        reasons_required=True,
    ),
    "refused.state_secret": OutcomeBasis(
        ("14", "36.3"),
        "您申请获取的信息已依法确定为国家秘密，本机关决定不予公开。",
        reasons_required=True,
    ),
    "refused.prohibited_by_law": OutcomeBasis(
        ("14", "36.3"),
        "您申请获取的信息属于法律、行政法规禁止公开的政府信息，本机关决定不予公开。",
        reasons_required=True,
    ),
    "refused.security_stability": OutcomeBasis(
        ("14", "36.3"),
        "您申请获取的信息公开后可能危及国家安全、公共安全、经济安全或者社会稳定，本机关决定不予公开。",
        reasons_required=True,
    ),
    "refused.third_party_rights": OutcomeBasis(
        ("15", "32", "36.3"),
        "您申请获取的信息涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害，本机关决定不予公开。",
        reasons_required=True,
    ),
    "refused.internal_affairs": OutcomeBasis(
        ("16.1", "36.3"),
        "您申请获取的信息属于本机关人事管理、后勤管理、内部工作流程等方面的内部事务信息，本机关决定不予公开。",
        reasons_required=True,
    ),
    "refused.process_information": OutcomeBasis(
        ("16.2", "36.3"),
        "您申请获取的信息属于讨论记录、过程稿、磋商信函、请示报告等过程性信息，本机关决定不予公开。",
        reasons_required=True,
    ),
    "refused.enforcement_file": OutcomeBasis(
        ("16.2", "36.3"),
        "您申请获取的信息是行政执法案卷信息，本机关决定不予公开。",
        reasons_required=True,
    ),
    "refused.administrative_query": OutcomeBasis(
        ("36.7",),
        "您申请获取的信息属于有关法律、行政法规对信息的获取有特别规定的查询事项，"
        "请您依照有关法律、行政法规的规定办理。",
        reasons_required=True,
    ),
    "unavailable.not_held": OutcomeBasis(
        ("36.4", "36.5"),
        "经检索，本机关没有制作或者获取您申请获取的政府信息，该政府信息在本机关不存在。",
    ),
    "unavailable.needs_creation": OutcomeBasis(
        ("38",),
        "本机关没有您所要求的现成信息，提供该信息需要对现有政府信息进行加工、分析，本机关不予提供。",
    ),
    "unavailable.still_unclear": OutcomeBasis(
        ("30", "38"),
        "本机关已告知您作出补正，但补正后的申请内容仍不明确，本机关无法确定您所申请的政府信息，无法向您提供。",
    ),
    "not_processed.petition": OutcomeBasis(
        ("39.1",),
        "您以政府信息公开申请的形式提出的是信访、投诉、举报等事项，本机关不作为政府信息公开申请处理，"
        "请您通过相应渠道提出。",
    ),
    "not_processed.duplicate": OutcomeBasis(
        ("36.6",),
        "本机关已就您此前提出的相同政府信息公开申请作出答复，您本次重复申请公开相同政府信息，本机关不予重复处理。",
    ),
    "not_processed.publication": OutcomeBasis(
        ("39.2",),
        "您申请获取的是政府公报、报刊、书籍等公开出版物，请您通过下文所列途径获取。",
    ),
    "not_processed.excessive": OutcomeBasis(
        ("35",),
        "您申请公开政府信息的数量、频次明显超过合理范围，经要求说明理由，本机关认为申请理由不合理，决定不予处理。",
        reasons_required=True,
    ),
    "not_processed.confirmation": OutcomeBasis(
        ("2", "38"),
        "您要求本机关确认或者重新出具您已获取的信息，该要求不属于获取已制作或者获取的政府信息，"
        "本机关不作为政府信息公开申请处理。",
    ),
    "other.no_supplement": OutcomeBasis(
        ("30",),
        "本机关已告知您作出补正，您无正当理由逾期未补正，视为放弃申请，本机关不再处理该政府信息公开申请。",
    ),
    "other.fee_unpaid": OutcomeBasis(
        ("42",),
        "本机关已向您发出收费通知，您逾期未按收费通知要求缴纳信息处理费，视为放弃申请，"
        "本机关不再处理该政府信息公开申请。",
    ),
    "other.other": OutcomeBasis(
        ("33.2",),
        "本机关对您的政府信息公开申请作出如下处理，理由见下文。",
        reasons_required=True,
    ),
}
# The 2019 format has a single row for every other way a request ends.
OUTCOME_BASIS["other"] = OUTCOME_BASIS["other.other"]

# 第三十六条第（一）项 instead of (二) when the granted information was already public.
ALREADY_PUBLIC = OutcomeBasis(
    ("36.1",),
    "您申请获取的政府信息本机关已经主动公开，获取该政府信息的方式、途径见下文。",
)

# The basis of each kind of letter other than the reply (whose basis is per outcome).
KIND_BASIS: dict[str, tuple[str, ...]] = {
    "receipt": ("31", "33.2"),
    "supplement": ("30",),
    "extension": ("33.2",),
    "consultation.third_party": ("32", "33.3"),
    "consultation.agency": ("34", "33.3"),
    "fee.per_request": ("42", "fee.4"),
    "fee.per_page": ("42", "fee.5"),
}

RECONSIDERATION_DAYS = 60
LITIGATION_MONTHS = 6


def remedy_sentence(*, reconsideration_body: str = "", court: str = "") -> str:
    """The applicant's remedy rights (条例第五十一条): review within 60 days, a lawsuit within 6 months."""
    return _PROVISIONS["remedy"].format(
        days=RECONSIDERATION_DAYS,
        months=LITIGATION_MONTHS,
        body=f"向{reconsideration_body}" if reconsideration_body else "",
        court=f"向{court}" if court else "向有管辖权的人民法院",
    )


def citation_of(articles: tuple[Article, ...]) -> str:
    """《条例》第三十六条第（三）项、第十四条 and 《办法》第四条, grouped by source."""
    parts: list[str] = []
    by_source: dict[str, list[str]] = {}
    for article in articles:
        by_source.setdefault(article.source, []).append(article.citation)
    for source, citations in by_source.items():
        parts.append(source + "、".join(dict.fromkeys(citations)))
    return "和".join(parts)


def outcome_basis(outcome: str, *, already_public: bool = False) -> OutcomeBasis:
    if outcome == "granted" and already_public:
        return ALREADY_PUBLIC
    return OUTCOME_BASIS[outcome]
