"""A fixed set of ~50 disclosure documents for the search tests (the same on SQLite and PostgreSQL).

Each document is identified by its title. Words chosen on purpose:

* 社保, 养老保险, 医疗保险 …: common, in many documents;
* 区块链: rare, in one document's body only;
* 营商环境: in one title only, never in a body;
* 数字政府: only in a withdrawn document; 跨省通办: only in a draft — neither may be found.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

ISSUERS = ("济源示范区人力资源和社会保障局", "济源示范区社会保险中心", "济源示范区就业服务中心")
TOPICS = (
    ("社保", "关于社保卡换领工作的通知", "社保卡是参保人员享受社会保障待遇的凭证，请及时换领第三代社保卡。"),
    ("养老", "城乡居民养老保险待遇调整", "城乡居民基本养老保险基础养老金标准提高，养老保险费按年缴纳。"),
    ("医疗", "职工医疗保险缴费基数公告", "职工基本医疗保险和生育保险合并实施，医疗保险缴费基数按上年平均工资确定。"),
    ("就业", "就业创业补贴申领指南", "符合条件的高校毕业生可申领就业创业补贴和创业担保贷款。"),
    ("欠薪", "根治欠薪冬季专项行动", "农民工工资支付情况专项检查，依法查处拖欠农民工工资的违法行为。"),
    ("职称", "职称评审工作通知", "全区专业技术人员职称评审申报工作开始，申报材料通过网上提交。"),
    ("工伤", "工伤保险待遇核定流程", "工伤保险待遇由社会保险经办机构核定，失业保险金按月发放。"),
)
FILLER = (
    "各单位要高度重视，认真组织实施。",
    "本通知自发布之日起施行。",
    "联系电话见附件。",
    "请各县区人社局按要求报送材料。",
    "政务公开工作要点已印发。",
)


@dataclass(frozen=True)
class Spec:
    title: str
    body: str
    published_on: dt.date
    issuing_body: str
    validity: str = "valid"
    column_code: str = "policies"
    status: str = "published"
    document_number: str = ""


def specs() -> list[Spec]:
    rng = random.Random(20231204)
    items: list[Spec] = []
    for number in range(45):
        _key, title, sentence = TOPICS[number % len(TOPICS)]
        body = "".join([sentence, *rng.sample(FILLER, 2), sentence if number % 5 == 0 else ""])
        items.append(
            Spec(
                title=f"{title}（第{number + 1}号）",
                body=f"<p>{body}</p>",
                published_on=dt.date(2021 + number % 3, 1 + number % 12, 1 + number % 27),
                issuing_body=ISSUERS[number % len(ISSUERS)],
                validity="repealed" if number % 9 == 4 else "valid",
                column_code=("policies", "interpretations", "normative-documents")[number % 3],
                document_number=f"济人社〔{2021 + number % 3}〕{number + 1}号",
            )
        )
    items += [
        Spec(
            "关于推进信息化建设的意见", "<p>探索区块链技术在社会保险经办中的应用。</p>", dt.date(2023, 6, 1), ISSUERS[0]
        ),
        Spec("优化营商环境实施方案", "<p>进一步简化办事流程，提升服务效率。</p>", dt.date(2023, 7, 1), ISSUERS[0]),
        Spec(
            "已撤回的通知",
            "<p>建设数字政府的有关安排。</p>",
            dt.date(2022, 3, 1),
            ISSUERS[0],
            status="withdrawn",
        ),
        Spec("尚未发布的草稿", "<p>跨省通办事项清单。</p>", dt.date(2023, 8, 1), ISSUERS[0], status="draft"),
        Spec(
            "社保卡",
            "<p>社保卡社保卡社保卡：社保卡的申领、换领和挂失。</p>",
            dt.date(2020, 5, 5),
            ISSUERS[1],
        ),
        Spec("一般性通知", "<p>社保卡的申领方式见附件。</p>", dt.date(2020, 5, 6), ISSUERS[1]),
    ]
    return items


QUERIES = (
    "社保",
    "养老保险",
    "医疗保险",
    "社会保险",
    "保险",
    "就业创业",
    "农民工工资",
    "职称评审 通知",
    "人社局",
    "区块链",
    "营商环境",
    "数字政府",
    "跨省通办",
    "失业保险金",
    "济人社",
    "社保卡 的",
    "没有这个词语",
)


def load(agency):
    """Create the documents of ``specs()`` for ``agency`` and index them through ``search.services``."""
    from gongkai.disclosure.models import CatalogueColumn, Document
    from gongkai.disclosure.services import catalogue_ensure_defaults
    from gongkai.search.services import index_document

    catalogue_ensure_defaults(actor=None, agency=agency)
    columns = {column.code: column for column in CatalogueColumn.objects.filter(agency=agency)}
    documents = {}
    for number, spec in enumerate(specs()):
        document = Document.objects.create(
            agency=agency,
            column=columns[spec.column_code],
            title=spec.title,
            body=spec.body,
            published_on=spec.published_on if spec.status != "draft" else None,
            issuing_body=spec.issuing_body,
            validity=spec.validity,
            status="draft" if spec.status == "draft" else "published",
            document_number=spec.document_number,
            index_number=f"{agency.code}/{spec.published_on.year}-{number + 1:05d}",
        )
        index_document(document)
        if spec.status == "withdrawn":  # published, indexed, then withdrawn: out of the index again
            document.status = spec.status
            document.save(update_fields=["status"])
            index_document(document)
        documents[spec.title] = document
    return documents
