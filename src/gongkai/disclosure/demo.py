"""The demo agency's proactive-disclosure records for 2023, reproducing the reference report.

``load_demo_records(agency)`` is idempotent (each part is skipped when present) and fast
(bulk_create). What it produces for 2023:

* table 二: 规章 0/0/0; normative documents issued 10, repealed 5, in force 26 on 31 December
  (21 in force at the start of the year); 83 licensing and 7 penalty decisions, no coercion;
  fee income 1,252,600.00 元 = 125.26 万元;
* section 一: 1,240 documents published in 2023 across the catalogue (a policy with its
  interpretation and a Word attachment among them); website visits of 2023 as an opening total
  (1,000,000: the reference says “突破 100 万人次”); three new-media accounts (微博 210 posts / 3,393
  followers, 微信公众号 210 posts / 23,777 subscribers, and a 抖音 account).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import random
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction

from gongkai.agencies.models import StaffRole
from gongkai.agencies.services import staff_ensure
from gongkai.audit.services import audit_record
from gongkai.search import services as search

from . import events
from .models import (
    COERCION,
    LICENSING,
    NORMATIVE_DOCUMENTS,
    PENALTY,
    PROACTIVE,
    AdministrativeDecision,
    Attachment,
    ChannelYear,
    ConfidentialityReview,
    DecisionSource,
    DisclosureProfile,
    Document,
    DocumentRevision,
    DocumentStatus,
    FeeIncome,
    NewMediaAccount,
    NormativeAmendment,
    NormativeDocument,
    Platform,
    ReviewConclusion,
    RevisionAction,
    Validity,
    WebsiteOpeningTotal,
)
from .sanitize import clean_html
from .services import catalogue_ensure_defaults, next_index_numbers

YEAR = 2023
DOCUMENTS_PUBLISHED = 1240
ORG_CODE = "41900100X"  # a made-up 组织机构代码 for the demo 索引号
ISSUER = "济源示范区人力资源和社会保障局"
REVIEWER_USERNAME = "demo-reviewer"
WEBSITE_VISITS_2023 = 1_000_000  # the reference states 100 万人次; the demo reproduces it exactly
FEE_TOTAL_2023 = Decimal("1252600.00")
NORMATIVE_IN_FORCE_AT_START = 21
NORMATIVE_ISSUED = 10
NORMATIVE_REPEALED = 5
LICENSING_DECISIONS = 83
PENALTY_DECISIONS = 7
CHANNELS = (
    (Platform.WEIBO, "济源示范区人社局", 210, 3393),
    (Platform.WECHAT, "济源人社", 210, 23777),
    (Platform.DOUYIN, "济源人社", 86, 5126),
)
TOWNS = (
    "沁园街道",
    "济水街道",
    "北海街道",
    "天坛街道",
    "玉泉街道",
    "克井镇",
    "五龙口镇",
    "轵城镇",
    "承留镇",
    "邵原镇",
    "坡头镇",
    "梨林镇",
    "大峪镇",
    "思礼镇",
    "王屋镇",
    "下冶镇",
)
MONTHS = tuple(f"{m}月" for m in range(1, 13))

# How many of the 1,240 documents each column gets; the rest go to 公共服务.
COLUMN_SHARE = {
    "policies": 48,
    "interpretations": 36,
    "normative-documents": NORMATIVE_ISSUED,
    "plans": 8,
    "licensing": LICENSING_DECISIONS,
    "penalties": PENALTY_DECISIONS,
    "budgets": 6,
    "key-areas": 330,
    "personnel": 160,
    "guide": 1,
    "annual-reports": 1,
}

TITLES = {
    "policies": (
        "关于做好{year}年{month}企业职工基本养老保险待遇调整工作的通知",
        "关于进一步做好{town}高校毕业生等青年就业创业工作的通知",
        "关于开展{year}年度工伤保险基金专项检查的通知",
        "关于做好{year}年失业保险稳岗返还工作的通知",
        "关于印发《济源示范区就业创业补贴资金管理办法》的通知（{month}修订）",
    ),
    "interpretations": (
        "《关于做好{year}年{month}养老保险待遇调整工作的通知》政策解读",
        "一图读懂：{year}年失业保险稳岗返还政策（{month}）",
        "图解：高校毕业生就业创业补贴怎么申领（{month}）",
    ),
    "plans": ("济源示范区“十四五”人力资源和社会保障事业发展规划{month}实施进展",),
    "licensing": ("劳务派遣经营许可决定公示（{month}第{n}号）", "人力资源服务许可决定公示（{month}第{n}号）"),
    "penalties": ("{penalty}决定公示（{month}第{n}号）",),
    "budgets": ("济源示范区人力资源和社会保障局{year}年部门预算（{month}）", "{year}年“三公”经费预算说明（{month}）"),
    "key-areas": (
        "{year}年{month}{town}城乡居民基本养老保险待遇发放情况公示",
        "{year}年{month}就业见习补贴拟发放名单公示（{town}）",
        "{year}年{month}失业保险金发放情况（第{n}期）",
        "{year}年{month}一次性吸纳就业补贴拟发放名单公示（第{n}批）",
        "{year}年{month}根治欠薪工作进展情况（第{n}期）",
    ),
    "personnel": (
        "{year}年{month}事业单位公开招聘工作人员公告（第{n}号）",
        "{year}年{month}专业技术职务任职资格评审结果公示（第{n}批）",
        "{year}年{month}干部任前公示（第{n}号）",
    ),
    "guide": ("济源示范区人力资源和社会保障局政府信息公开指南（{year}年修订）",),
    "annual-reports": ("济源示范区人力资源和社会保障局2022年政府信息公开工作年度报告",),
    "public-services": (
        "{month}{town}社保卡服务网点调整公告（第{n}期）",
        "{year}年{month}{town}招聘会岗位信息（第{n}期）",
        "{year}年{month}职业技能培训开班公告（第{n}期）",
        "{year}年{month}社保业务“网上办”操作指引（第{n}期）",
        "{year}年{month}人社服务大厅办事提示（第{n}期）",
    ),
    "normative-documents": ("济源示范区人力资源和社会保障局关于{topic}的规定（济人社规〔{year}〕{n}号）",),
}
NORMATIVE_TOPICS = (
    "就业创业补贴申领",
    "失业保险稳岗返还",
    "职业技能提升行动补贴",
    "城乡居民基本养老保险经办",
    "工伤保险待遇核定",
    "人力资源市场管理",
    "劳动保障监察案件办理",
    "技能人才评价",
    "高校毕业生就业见习",
    "农民工工资保证金管理",
    "社会保障卡应用",
    "专业技术人员继续教育",
)
TOPICS = {
    "policies": "社会保障",
    "interpretations": "社会保障",
    "normative-documents": "劳动、人事、监察",
    "plans": "综合政务",
    "licensing": "劳动、人事、监察",
    "penalties": "劳动、人事、监察",
    "budgets": "财政、金融、审计",
    "key-areas": "社会保障",
    "personnel": "劳动、人事、监察",
    "guide": "综合政务",
    "annual-reports": "综合政务",
    "public-services": "就业",
}

POLICY_TITLE = "济源示范区关于进一步稳就业促发展的若干措施"
POLICY_BODY = """
<h2>济源示范区关于进一步稳就业促发展的若干措施</h2>
<p>为深入贯彻落实党中央、国务院和省委、省政府关于稳就业的决策部署，进一步做好高校毕业生、农民工、
退役军人等重点群体就业工作，结合示范区实际，制定如下措施。</p>
<h3>一、支持企业稳岗扩岗</h3>
<p>对不裁员或少裁员的参保企业，按规定返还失业保险费。企业招用登记失业半年以上人员，签订一年以上劳动合同并
按规定缴纳社保费的，给予一次性吸纳就业补贴。</p>
<h3>二、落实社会保险补贴</h3>
<p>就业困难人员灵活就业后缴纳养老保险、医疗保险和失业保险的，按规定给予社会保险补贴。人社部门会同财政部门
做好资金审核拨付。</p>
<h3>三、强化就业服务</h3>
<p>各街道（镇）人社服务站开展“就业服务进社区”活动，为求职人员提供政策咨询、职业指导和岗位推荐。</p>
<p>本措施自发布之日起施行，有效期至2025年12月31日。</p>
"""
INTERPRETATION_TITLE = "《济源示范区关于进一步稳就业促发展的若干措施》政策解读"
INTERPRETATION_BODY = """
<h2>一、出台背景</h2>
<p>为稳定和扩大就业，示范区人社局起草了《若干措施》，重点支持企业稳岗扩岗、落实社保补贴、强化就业服务。</p>
<h2>二、主要内容</h2>
<ul>
<li>失业保险稳岗返还：参保企业按规定申领，无需提交纸质材料，“免申即享”。</li>
<li>一次性吸纳就业补贴：企业招用登记失业人员并缴纳社保费的，每人补贴1000元。</li>
<li>社会保险补贴：就业困难人员灵活就业缴纳养老保险等社保费的，按规定补贴。</li>
</ul>
<h2>三、咨询方式</h2>
<p>咨询电话：0391-12345（示例号码）。也可在“济源人社”微信公众号查询办理指南。</p>
"""
REAL_BODIES = (
    "<p>根据人社部、财政部关于{year}年调整退休人员基本养老金的通知精神，示范区企业和机关事业单位退休人员"
    "基本养老金自{year}年1月1日起调整。调整所需资金从基本养老保险基金中列支。请各单位及时告知退休人员，"
    "有疑问的可到人社服务大厅或通过“济源人社”微信公众号咨询。</p>",
    "<p>为做好城乡居民基本养老保险待遇发放工作，现将{town}{month}待遇发放情况予以公示。公示期内如有异议，"
    "可向示范区人社局社会保险经办机构反映。</p><p>养老保险待遇按月足额发放至本人社会保障卡。</p>",
    "<p>为促进高校毕业生等青年就业，示范区人社局联合各街道（镇）举办招聘活动，{month}共组织{n}家企业"
    "提供就业岗位。求职人员可携带身份证、社保卡到现场应聘。</p>",
    "<p>社保卡是持卡人享受社会保障和公共服务的电子凭证。即日起，{town}社保卡服务网点调整为新址办理，"
    "办理时间为工作日上午9:00—12:00、下午13:00—17:00。</p>",
)


def _working_days(year: int) -> list[dt.date]:
    day, days = dt.date(year, 1, 1), []
    while day.year == year:
        if day.weekday() < 5:
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def _reviewer(agency):
    user, _created = staff_ensure(
        actor=None,
        agency=agency,
        username=REVIEWER_USERNAME,
        password=None,
        role=StaffRole.REVIEWER,
        first_name="审核人",
    )
    return user


def _title(template: str, rng: random.Random, n: int) -> str:
    return template.format(
        year=YEAR,
        month=rng.choice(MONTHS),
        town=rng.choice(TOWNS),
        n=n,
        topic=rng.choice(NORMATIVE_TOPICS),
        penalty=PROACTIVE.row(PENALTY).label,
    )


def _body(title: str, rng: random.Random, n: int, real: bool) -> str:
    if real:
        text = rng.choice(REAL_BODIES).format(year=YEAR, month=rng.choice(MONTHS), town=rng.choice(TOWNS), n=n + 10)
        return f"<p><strong>{title}</strong></p>{text}"
    return (
        f"<p>{title}。</p><p>现将有关事项公告如下，请相关单位和人员知悉。如有疑问，请在工作日到示范区人社局咨询。</p>"
    )


def _attachment_docx() -> bytes:
    from docx import Document as WordDocument

    word = WordDocument()
    word.add_heading("稳就业补贴申领表", level=1)
    word.add_paragraph("单位名称：__________  统一社会信用代码：__________")
    word.add_paragraph("吸纳就业人数：____ 人  申请补贴金额：____ 元")
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def _load_documents(agency, columns: dict, reviewer) -> list[Document]:
    """1,240 documents published in 2023, with reviews and revisions; returns those of the normative-documents column."""
    rng = random.Random(20231231)
    days = _working_days(YEAR)
    plan: list[str] = []
    for code, count in COLUMN_SHARE.items():
        plan += [code] * count
    plan += ["public-services"] * (DOCUMENTS_PUBLISHED - len(plan))
    rng.shuffle(plan)
    # The policy and its interpretation first, so the interpretation can point at it.
    plan.remove("policies")
    plan.remove("interpretations")
    entries: list[tuple[str, str, str]] = [("policies", POLICY_TITLE, POLICY_BODY)]
    counters: dict[str, int] = {}
    for index, code in enumerate(plan):
        counters[code] = counters.get(code, 0) + 1
        n = counters[code]
        title = _title(rng.choice(TITLES[code]), rng, n)
        entries.append((code, title, _body(title, rng, n, real=index % 9 == 0)))
    entries.append(("interpretations", INTERPRETATION_TITLE, INTERPRETATION_BODY))
    published_days = sorted(rng.choice(days[5:]) for _ in entries)
    published_days[0], published_days[-1] = dt.date(YEAR, 3, 15), dt.date(YEAR, 3, 17)
    published_days.sort()
    # Keep the policy before its interpretation in 索引号 order too.
    order = sorted(range(len(entries)), key=lambda i: (published_days[i], i))
    numbers = next_index_numbers(agency, YEAR, len(entries))
    documents = []
    for (number, seq), i in zip(numbers, order, strict=True):
        code, title, body = entries[i]
        published_on = published_days[i]
        lag = rng.choice((1, 2, 3, 5, 8, 12, 15)) if i % 97 else 30  # a few published late
        written_on = published_on - dt.timedelta(days=lag)
        documents.append(
            Document(
                agency=agency,
                column=columns[code],
                index_number=number,
                index_year=YEAR,
                index_seq=seq,
                document_number=f"济人社〔{YEAR}〕{seq}号" if code in ("policies", "normative-documents") else "",
                issuing_body=ISSUER,
                written_on=written_on,
                published_on=published_on,
                topic=TOPICS[code],
                validity=Validity.VALID,
                title=title[:300],
                body=clean_html(body),
                status=DocumentStatus.PUBLISHED,
            )
        )
    documents = Document.objects.bulk_create(documents, batch_size=500)
    by_title = {d.title: d for d in documents}
    policy, interpretation = by_title[POLICY_TITLE], by_title[INTERPRETATION_TITLE]
    interpretation.interprets = policy
    interpretation.save(update_fields=["interprets"])
    ConfidentialityReview.objects.bulk_create(
        [
            ConfidentialityReview(
                document=d, reviewer=reviewer, reviewed_on=d.published_on, conclusion=ReviewConclusion.APPROVED
            )
            for d in documents
        ],
        batch_size=500,
    )
    revisions = []
    for d in documents:
        snapshot = {"index_number": d.index_number, "title": d.title, "status": d.status}
        revisions.append(DocumentRevision(document=d, number=1, action=RevisionAction.CREATED, snapshot=snapshot))
        revisions.append(DocumentRevision(document=d, number=2, action=RevisionAction.PUBLISHED, snapshot=snapshot))
    DocumentRevision.objects.bulk_create(revisions, batch_size=1000)
    data = _attachment_docx()
    attachment = Attachment(
        document=policy,
        filename="稳就业补贴申领表.docx",
        media_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )
    attachment.file.save(attachment.filename, ContentFile(data), save=False)
    attachment.save()
    search.index_items_bulk(search.item_for_document(d) for d in documents)
    return [d for d in documents if d.column_id == columns["normative-documents"].pk]


def _load_normative(agency, linked: list[Document]) -> None:
    rng = random.Random(2023)
    before = [
        NormativeDocument(
            agency=agency,
            kind=NORMATIVE_DOCUMENTS,
            title=f"济源示范区人力资源和社会保障局关于{NORMATIVE_TOPICS[i % len(NORMATIVE_TOPICS)]}的规定",
            number=f"济人社规〔{2016 + i // 4}〕{i % 4 + 1}号",
            issued_on=dt.date(2016 + i // 4, 1 + (i * 5) % 12, 10 + i % 15),
        )
        for i in range(NORMATIVE_IN_FORCE_AT_START)
    ]
    # Two older ones repealed before the year (they count in no 2023 figure).
    gone = [
        NormativeDocument(
            agency=agency,
            kind=NORMATIVE_DOCUMENTS,
            title=f"济源市劳动和社会保障局关于{topic}的暂行规定",
            number=f"济劳社〔2012〕{k + 3}号",
            issued_on=dt.date(2012, 6, 1 + k),
            repealed_on=dt.date(2019, 12, 20),
            repealed_by_text="济人社〔2019〕文件清理结果的决定",
        )
        for k, topic in enumerate(("劳动力市场管理", "职业介绍"))
    ]
    issued = [
        NormativeDocument(
            agency=agency,
            kind=NORMATIVE_DOCUMENTS,
            title=document.title.split("（")[0],
            number=f"济人社规〔{YEAR}〕{k + 1}号",
            issued_on=document.written_on if document.written_on.year == YEAR else document.published_on,
            document=document,
        )
        for k, document in enumerate(sorted(linked, key=lambda d: d.written_on)[:NORMATIVE_ISSUED])
    ]
    NormativeDocument.objects.bulk_create(before + gone + issued)
    before = list(NormativeDocument.objects.filter(agency=agency, issued_on__lt=dt.date(YEAR, 1, 1), repealed_on=None))
    issued = list(NormativeDocument.objects.filter(agency=agency, issued_on__year=YEAR).order_by("issued_on"))
    for k, old in enumerate(rng.sample(before, NORMATIVE_REPEALED)):
        newer = issued[k]
        old.repealed_on = newer.issued_on
        old.repealed_by = newer
    NormativeDocument.objects.bulk_update(before, ["repealed_on", "repealed_by"])
    NormativeAmendment.objects.bulk_create(
        [NormativeAmendment(normative=n, amended_on=dt.date(2021, 6, 30), note="根据上位法修改") for n in before[:3]]
    )


def _load_decisions(agency) -> None:
    rng = random.Random(83)
    days = _working_days(YEAR)
    companies = (
        "济源市{town}人力资源服务有限公司",
        "河南{town}劳务派遣有限公司",
        "济源{town}企业管理咨询有限公司",
        "济源市{town}职业介绍所",
    )
    rows = []
    for k in range(LICENSING_DECISIONS):
        kind_word = "劳务派遣" if k % 3 else "人力资源服务"
        rows.append(
            AdministrativeDecision(
                agency=agency,
                kind=LICENSING,
                decision_number=f"济人社许〔{YEAR}〕{k + 1:03d}号",
                decided_on=rng.choice(days),
                subject=rng.choice(companies).format(town=rng.choice(TOWNS)[:2]) + f"（{k + 1}）",
                summary=f"准予{kind_word}经营许可（{'新设' if k % 4 else '延续'}）",
                source=DecisionSource.IMPORT,
            )
        )
    penalties = (
        ("济源市{town}建筑劳务有限公司", False, "未按规定支付农民工工资，责令限期支付并处罚款"),
        ("王某某", True, "个体经营者拒不提供劳动保障监察所需资料，处以罚款"),
        ("济源{town}餐饮管理有限公司", False, "未依法签订劳动合同，责令改正并处罚款"),
    )
    for k in range(PENALTY_DECISIONS):
        subject, is_person, summary = penalties[k % len(penalties)]
        rows.append(
            AdministrativeDecision(
                agency=agency,
                kind=PENALTY,
                decision_number=f"济人社监罚〔{YEAR}〕{k + 1}号",
                decided_on=rng.choice(days),
                subject=subject.format(town=rng.choice(TOWNS)[:2]) if not is_person else f"王{'某' * (1 + k % 2)}",
                subject_is_person=is_person,
                summary=summary,
            )
        )
    AdministrativeDecision.objects.bulk_create(rows)
    assert COERCION not in {r.kind for r in rows}


def _load_fees(agency) -> None:
    # Twelve monthly entries of exact yuan that add up to FEE_TOTAL_2023.
    monthly = [
        Decimal("98650.00"),
        Decimal("61230.50"),
        Decimal("112480.00"),
        Decimal("104300.00"),
        Decimal("96725.25"),
        Decimal("131200.00"),
        Decimal("87400.00"),
        Decimal("92310.75"),
        Decimal("125640.00"),
        Decimal("99870.00"),
        Decimal("118230.00"),
    ]
    monthly.append(FEE_TOTAL_2023 - sum(monthly))
    FeeIncome.objects.bulk_create(
        [
            FeeIncome(
                agency=agency,
                received_on=dt.date(YEAR, month, 25),
                amount=amount,
                item="专业技术人员职业资格考试考务费" if month % 2 else "职业技能等级认定收费",
                note="财政非税收入缴库",
            )
            for month, amount in enumerate(monthly, start=1)
        ]
    )


def _load_channels(agency) -> None:
    for platform, name, posts, followers in CHANNELS:
        account, _created = NewMediaAccount.objects.get_or_create(agency=agency, platform=platform, name=name)
        ChannelYear.objects.update_or_create(
            account=account, year=YEAR, defaults={"posts": posts, "followers": followers}
        )
    WebsiteOpeningTotal.objects.update_or_create(
        agency=agency,
        year=YEAR,
        defaults={"visits": WEBSITE_VISITS_2023, "note": "启用本系统前原网站统计的全年访问总量"},
    )


def load_demo_records(agency) -> dict[str, bool]:
    """Load what is missing of the demo records; returns which parts were loaded this time."""
    loaded = {}
    with transaction.atomic():
        DisclosureProfile.objects.get_or_create(agency=agency, defaults={"org_code": ORG_CODE})
        columns = {c.code: c for c in catalogue_ensure_defaults(actor=None, agency=agency)}
        reviewer = _reviewer(agency)
        has_documents = Document.objects.filter(agency=agency, published_on__year=YEAR).exists()
        linked = [] if has_documents else _load_documents(agency, columns, reviewer)
        loaded["documents"] = not has_documents
        loaded["normative"] = not NormativeDocument.objects.filter(agency=agency).exists()
        if loaded["normative"]:
            if not linked:
                linked = list(Document.objects.filter(agency=agency, column=columns["normative-documents"]))
            _load_normative(agency, linked)
        loaded["decisions"] = not AdministrativeDecision.objects.filter(agency=agency).exists()
        if loaded["decisions"]:
            _load_decisions(agency)
        loaded["fees"] = not FeeIncome.objects.filter(agency=agency).exists()
        if loaded["fees"]:
            _load_fees(agency)
        loaded["channels"] = not ChannelYear.objects.filter(account__agency=agency, year=YEAR).exists()
        _load_channels(agency)
        if any(loaded.values()):
            audit_record(
                actor=None,
                code=events.DEMO_RECORDS_LOADED.code,
                agency=agency,
                summary=", ".join(k for k, v in loaded.items() if v),
            )
    return loaded
