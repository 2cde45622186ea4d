"""Parts that the 2019 and 2021 formats share: table 三's applicant columns and
most of its rows, table 四, and the sections."""

from __future__ import annotations

from .spec import Column, Layout, NarrativeClaim, NarrativeFigure, ReviewWords, Row, Section, Table, ValueKind

REQUESTS_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"

APPLICANT_COLUMNS = (
    Column("natural_person", ("自然人",)),
    Column("business", ("法人或其他组织", "商业企业")),
    Column("research", ("法人或其他组织", "科研机构")),
    Column("public_interest", ("法人或其他组织", "社会公益组织")),
    Column("legal_service", ("法人或其他组织", "法律服务机构")),
    Column("other_org", ("法人或其他组织", "其他")),
    Column("total", ("总计",)),
)

RESULTS = "三、本年度办理结果"
REFUSED = "（三）不予公开"
UNAVAILABLE = "（四）无法提供"
NOT_PROCESSED = "（五）不予处理"
OTHER = "（六）其他处理"


def _row(code: str, *path: str, variants: tuple[str, ...] = ()) -> Row:
    return Row(code, path, APPLICANT_COLUMNS, variants)


REQUEST_ROWS_HEAD = (
    _row("new", "一、本年新收政府信息公开申请数量"),
    _row("carried_in", "二、上年结转政府信息公开申请数量"),
    _row("granted", RESULTS, "（一）予以公开"),
    _row("partly_granted", RESULTS, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
    _row("refused.state_secret", RESULTS, REFUSED, "1.属于国家秘密"),
    _row("refused.prohibited_by_law", RESULTS, REFUSED, "2.其他法律行政法规禁止公开"),
    _row("refused.security_stability", RESULTS, REFUSED, "3.危及“三安全一稳定”"),
    _row("refused.third_party_rights", RESULTS, REFUSED, "4.保护第三方合法权益"),
    _row("refused.internal_affairs", RESULTS, REFUSED, "5.属于三类内部事务信息"),
    _row("refused.process_information", RESULTS, REFUSED, "6.属于四类过程性信息"),
    _row("refused.enforcement_file", RESULTS, REFUSED, "7.属于行政执法案卷"),
    _row("refused.administrative_query", RESULTS, REFUSED, "8.属于行政查询事项"),
    _row("unavailable.not_held", RESULTS, UNAVAILABLE, "1.本机关不掌握相关政府信息"),
    _row("unavailable.needs_creation", RESULTS, UNAVAILABLE, "2.没有现成信息需要另行制作"),
    _row("unavailable.still_unclear", RESULTS, UNAVAILABLE, "3.补正后申请内容仍不明确"),
    _row("not_processed.petition", RESULTS, NOT_PROCESSED, "1.信访举报投诉类申请"),
    _row("not_processed.duplicate", RESULTS, NOT_PROCESSED, "2.重复申请"),
    _row("not_processed.publication", RESULTS, NOT_PROCESSED, "3.要求提供公开出版物"),
    _row("not_processed.excessive", RESULTS, NOT_PROCESSED, "4.无正当理由大量反复申请"),
    _row("not_processed.confirmation", RESULTS, NOT_PROCESSED, "5.要求行政机关确认或重新出具已获取信息"),
)

REQUEST_ROWS_TAIL = (
    _row("concluded_total", RESULTS, "（七）总计"),
    _row("carried_out", "四、结转下年度继续办理"),
)

OTHER_GROUP_LABEL = OTHER
OTHER_SPLIT_ROWS = (
    _row("other.no_supplement", RESULTS, OTHER, "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    _row(
        "other.fee_unpaid", RESULTS, OTHER, "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"
    ),
    _row("other.other", RESULTS, OTHER, "3.其他"),
)
OTHER_SINGLE_ROW = _row("other", RESULTS, OTHER)


def requests_table(other_rows: tuple[Row, ...]) -> Table:
    return Table(
        code="requests",
        number="三",
        layout=Layout.MATRIX,
        rows=REQUEST_ROWS_HEAD + other_rows + REQUEST_ROWS_TAIL,
        note=REQUESTS_NOTE,
        column_group="申请人情况",
    )


APPEAL_COLUMNS = (
    Column("upheld", ("结果维持",), variants=("维持",)),
    Column("corrected", ("结果纠正",), variants=("纠正",)),
    Column("other", ("其他结果",)),
    Column("pending", ("尚未审结",)),
    Column("total", ("总计",)),
)

APPEALS_TABLE = Table(
    code="appeals",
    number="四",
    layout=Layout.WIDE,
    rows=(
        Row("reconsideration", ("行政复议",), APPEAL_COLUMNS),
        Row("litigation_direct", ("行政诉讼", "未经复议直接起诉"), APPEAL_COLUMNS),
        Row("litigation_after_reconsideration", ("行政诉讼", "复议后起诉"), APPEAL_COLUMNS),
    ),
)

OVERVIEW_PARTS = (
    "（一）主动公开情况",
    "（二）依申请公开情况",
    "（三）政府信息管理情况",
    "（四）政府信息公开平台建设情况",
    "（五）监督保障情况",
)

SECTIONS = (
    Section("一", "overview", "总体情况", ("总体情况", "概述"), parts=OVERVIEW_PARTS),
    Section("二", "proactive", "主动公开政府信息情况", ("主动公开",)),
    Section("三", "requests", "收到和处理政府信息公开申请情况", ("申请情况", "收到和处理")),
    Section(
        "四",
        "appeals",
        "政府信息公开行政复议、行政诉讼情况",
        ("行政复议", "行政诉讼"),
        variants=("因政府信息公开工作被申请行政复议、提起行政诉讼情况",),
    ),
    Section(
        "五",
        "problems",
        "存在的主要问题及改进情况",
        ("存在的主要问题", "存在的问题", "问题"),
        variants=("存在的主要问题及整改措施", "存在的主要问题及整改情况", "存在的主要问题及改进措施"),
    ),
    Section(
        "六",
        "other_matters",
        "其他需要报告的事项",
        ("其他需要报告", "其他需报告", "需要说明的其他事项", "其他需要说明"),
    ),
)

TITLE_SUFFIX = "政府信息公开工作年度报告"

# Figures that section 一 states in words. The patterns are deliberately
# tolerant of the spaces that PDF and Word exports put around numbers.
_N = r"\s*(\d[\d,，]*(?:\.\d+)?)\s*"
NARRATIVE_FIGURES = (
    NarrativeFigure(
        "requests_new",
        "新收政府信息公开申请",
        (
            rf"新收政府信息公开申请{_N}件",
            rf"(?:共|全年)?受理政府信息公开申请{_N}件",
            rf"收到(?:依申请)?(?:政府)?信息公开(?:申请)?{_N}件",
        ),
        table_key="requests.new.total",
        draft="新收政府信息公开申请 {value} 件",
    ),
    NarrativeFigure("requests_written", "书面申请", (rf"书面申请{_N}件",), draft="书面申请 {value} 件"),
    NarrativeFigure(
        "requests_online", "网络申请", (rf"网络申请{_N}件", rf"网上申请{_N}件"), draft="网络申请 {value} 件"
    ),
    NarrativeFigure(
        "website_posts",
        "网站发布政府信息",
        (
            rf"主动公开(?:各类)?政府信息{_N}(?:余)?条",
            rf"发布政务信息{_N}条",
            rf"公开(?:各类)?政府信息{_N}(?:余)?条",
        ),
        draft="主动公开政府信息 {value} 条",
    ),
    NarrativeFigure(
        "website_visits",
        "网站访问量",
        (rf"访问(?:总)?量(?:突破|达|达到|为)?{_N}(万)?人次",),
        draft="网站访问总量 {value} 人次",
    ),
    NarrativeFigure(
        "new_media_accounts",
        "政务新媒体账号",
        (rf"政务新媒体账号{_N}个", rf"政务新媒体共计{_N}个"),
        draft="政务新媒体账号 {value} 个",
    ),
    NarrativeFigure(
        "weibo_posts",
        "政务微博发布",
        (rf"发布政务微博{_N}条", rf"微博(?:全年)?(?:信息)?发布{_N}条"),
        draft="发布政务微博 {value} 条",
    ),
    NarrativeFigure("weibo_followers", "微博粉丝", (rf"粉丝{_N}(万)?人",), draft="粉丝 {value} 人"),
    NarrativeFigure(
        "wechat_posts",
        "微信公众号发布",
        (rf"微信公众号(?:全年)?信息发布{_N}条", rf"微信公众号(?:全年)?发布(?:信息)?{_N}条"),
        draft="微信公众号信息发布 {value} 条",
    ),
    NarrativeFigure(
        "wechat_subscribers",
        "微信公众号订阅",
        (rf"订阅(?:数|人数|用户)(?:达|达到|为)?{_N}(万)?",),
        draft="订阅数达 {value}",
    ),
    NarrativeFigure(
        "reconsideration_total",
        "政府信息公开行政复议",
        (rf"政府信息公开行政复议{_N}件",),
        table_key="appeals.reconsideration.total",
        draft="政府信息公开行政复议 {value} 件",
    ),
)

FEE_STATEMENT_WORDS = (
    "信息处理费",
    "收取任何政府信息公开费用",
    "收取政府信息公开费用",
    "信息公开处理费",
    "未发生收费",
    "收费情况",
    "未收取",
)

# What the reviewers' checks look for in the narrative (rules/narrative.py). Each
# pattern was written against real reports (the corpus and the wild folder) and
# errs on the side of saying nothing: a missed contradiction costs less than a
# clerk chasing a false one.
_CLAUSE = r"[^，,。；;：:]"  # a character inside one clause
REVIEW_WORDS = ReviewWords(
    year_sentence=r"(\d{4})\s*年度?\s*(?:[，,]|我|全|共)",
    comparison_words=("较", "相比", "同比", "上年", "去年", "今年", "本年", "以来"),
    nothing_to_report=(
        r"(?:本年度|本年|全年|今年|\d{4}年度?)?(?:无|暂无|没有|不涉及)"
        r"(?:其他|其它|需要|需|要|报告|说明|的|事项|事宜|情况|内容|特此)*"
    ),
    all_concluded=NarrativeClaim(
        # 全部办结, 均已办结, 均在法定时限内办结, 已全部在规定时间内答复及办结
        patterns=(r"(?:全部|均|都)[^，,。；;未尚不没无可]{0,10}办结",),
        # 全年受理信息公开申请69件。所有申请均在法定期限内依法办结: the topic may be one sentence back.
        topic=("公开申请", "依申请", "申请公开"),
        # 结转: last year's requests; the rest: other work (permits, the hotline) in the same breath.
        unless=("结转", "许可", "审批", "热线", "诉求", "业务", "12345"),
    ),
    no_appeals=NarrativeClaim(
        # 未发生因政府信息公开…行政复议、行政诉讼的情况; 无因…申请行政复议; 未收到…行政复议的申请;
        # 行政复议、行政诉讼均未发生
        patterns=(
            r"(?:未发生|没有发生|未出现|没有出现|未有|没有|未收到|没有收到|未接到|没有接到|未产生|未引发|未被|无(?![法正论需障偿]))"
            + _CLAUSE
            + r"{0,30}?{subject}",
            r"{subject}" + _CLAUSE + r"{0,12}?(?:均未发生|未发生|均为零|为零)",
        ),
        # decisions rather than cases; a precaution; appeals against other acts (permits, penalties)
        unless=(
            "纠错",
            "纠正",
            "败诉",
            "撤销",
            "确认违法",
            "被改变",
            "确保",
            "力争",
            "避免",
            "防止",
            "降低",
            "许可",
            "处罚",
            "征收",
            "信访",
        ),
    ),
    placeholders=(
        r"[(（]\s*待(?:填写|补充|填|定)\s*[)）]",
        r"(?<![A-Za-z])[XＸ]{2,}(?![A-Za-z])",
        r"[×✕]{2,}",
        r"[_＿]{2,}",
    ),
)

__all__ = [
    "APPEALS_TABLE",
    "FEE_STATEMENT_WORDS",
    "NARRATIVE_FIGURES",
    "OTHER_SINGLE_ROW",
    "OTHER_SPLIT_ROWS",
    "REVIEW_WORDS",
    "SECTIONS",
    "TITLE_SUFFIX",
    "ValueKind",
    "requests_table",
]
