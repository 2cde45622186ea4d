"""Reading administrative decisions exported by other systems (CSV or XLSX), row by row.

Pure reading and validation: nothing here writes. ``services.decisions_import`` imports the rows
only when ``ImportReport.ok`` (all or nothing).

The first non-empty row is the header. Recognised headers (any one of the names):

* kind: 类别 / 决定类别 / 类型 — the table 二 row label (from the format) or its code
  (licensing, penalty, coercion); may be omitted when the page chooses one kind for the file;
* decision number: 决定文书号 / 文书号 / 决定书文号 / 许可文书号 / 处罚决定书文号 / 编号;
* decided on: 决定日期 / 许可决定日期 / 处罚决定日期 / 日期 (2023-05-06, 2023/5/6, 2023.5.6,
  2023年5月6日, or an Excel date);
* subject: 相对人 / 行政相对人 / 行政相对人名称 / 当事人;
* subject is a person: 相对人为自然人 / 是否自然人 (是/否, Y/N, 1/0, 自然人/单位);
* summary: 内容摘要 / 摘要 / 许可内容 / 处罚内容 / 事由 (optional).

Row numbers in messages are the spreadsheet's own (the header is row 1 when it is the first row).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from gongkai.annual_report.format import normalize_label
from gongkai.core.errors import ApplicationError
from gongkai.core.uploads import decode_text, sniff

from .models import DECISION_KINDS, PROACTIVE

HEADERS: dict[str, tuple[str, ...]] = {
    "kind": ("类别", "决定类别", "类型", "kind"),
    "decision_number": (
        "决定文书号",
        "文书号",
        "决定书文号",
        "许可文书号",
        "处罚决定书文号",
        "编号",
        "decision_number",
    ),
    "decided_on": ("决定日期", "许可决定日期", "处罚决定日期", "日期", "decided_on"),
    "subject": ("相对人", "行政相对人", "行政相对人名称", "当事人", "subject"),
    "subject_is_person": ("相对人为自然人", "是否自然人", "subject_is_person"),
    "summary": ("内容摘要", "摘要", "许可内容", "处罚内容", "事由", "summary"),
}
REQUIRED = ("decision_number", "decided_on", "subject")
MAX_ROWS = 50_000
YES = {"是", "y", "yes", "true", "1", "自然人", "个人"}
NO = {"否", "n", "no", "false", "0", "", "单位", "法人", "企业", "组织"}
_DATE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*(?:\d{1,2}:\d{2}(?::\d{2})?)?\s*$")
_LABELS_OF_KIND = {normalize_label(PROACTIVE.row(code).label): code for code in DECISION_KINDS}


@dataclass(frozen=True)
class DecisionRow:
    row_number: int
    kind: str
    decision_number: str
    decided_on: dt.date
    subject: str
    subject_is_person: bool
    summary: str


@dataclass(frozen=True)
class RowError:
    row_number: int
    reason: str  # Chinese, for the clerk
    values: tuple[str, ...] = ()  # the row as read, for the preview (never logged)


@dataclass
class ImportReport:
    rows: list[DecisionRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    file_error: str = ""

    @property
    def ok(self) -> bool:
        return not self.errors and not self.file_error and bool(self.rows)

    @property
    def total(self) -> int:
        return len(self.rows) + len(self.errors)


def kind_from_text(text: str) -> str | None:
    text = (text or "").strip()
    if text in DECISION_KINDS:
        return text
    return _LABELS_OF_KIND.get(normalize_label(text))


def parse_date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool) and 20000 < value < 80000:
        return dt.date(1899, 12, 30) + dt.timedelta(days=int(value))  # an Excel serial day number
    match = _DATE.match(str(value or ""))
    if not match:
        return None
    try:
        return dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _table_rows(data: bytes, filename: str) -> list[tuple[int, list]]:
    """(spreadsheet row number, cells) of every row of the file, CSV or XLSX."""
    upload = sniff(data, filename)
    if upload.kind == "xlsx":
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception:
            raise ApplicationError(_("Excel 文件无法读取，请确认文件完整。")) from None
        sheet = workbook.worksheets[0]
        rows = [(i, list(cells)) for i, cells in enumerate(sheet.iter_rows(values_only=True), start=1)]
        workbook.close()
        return rows
    if upload.kind == "text":
        text = decode_text(data)
        if text is None:
            raise ApplicationError(_("文本文件的编码无法识别，请另存为 UTF-8 编码的 CSV。"))
        sample = text[:4096]
        delimiter = "\t" if sample.count("\t") > sample.count(",") else ","
        reader = csv.reader(io.StringIO(text), delimiter=delimiter)
        return [(i, row) for i, row in enumerate(reader, start=1)]
    raise ApplicationError(_("请上传 CSV 或 Excel（.xlsx）文件。"))


def _header_map(cells: list) -> dict[str, int]:
    found: dict[str, int] = {}
    names = {normalize_label(name).lower(): key for key, aliases in HEADERS.items() for name in aliases}
    for index, cell in enumerate(cells):
        key = names.get(normalize_label(_cell_text(cell)).lower())
        if key is not None and key not in found:
            found[key] = index
    return found


def read_decision_rows(
    data: bytes, filename: str = "", *, default_kind: str | None = None, existing_numbers: set[str] = frozenset()
) -> ImportReport:
    report = ImportReport()
    try:
        table = _table_rows(data, filename)
    except ApplicationError as error:
        report.file_error = error.message
        return report
    table = [(n, cells) for n, cells in table if any(_cell_text(c) for c in cells)]
    if not table:
        report.file_error = _("文件中没有数据。")
        return report
    header_row, header_cells = table[0]
    columns = _header_map(header_cells)
    missing = [HEADERS[key][0] for key in REQUIRED if key not in columns]
    if "kind" not in columns and default_kind is None:
        missing.insert(0, HEADERS["kind"][0])
    if missing:
        report.file_error = _("第 %(row)d 行（表头）缺少列：%(columns)s。") % {
            "row": header_row,
            "columns": "、".join(missing),
        }
        return report
    if len(table) - 1 > MAX_ROWS:
        report.file_error = _("一次最多导入 %(n)d 行，请分批导入。") % {"n": MAX_ROWS}
        return report
    seen: dict[str, int] = {}
    for row_number, cells in table[1:]:

        def get(key: str, cells=cells):
            index = columns.get(key)
            return cells[index] if index is not None and index < len(cells) else None

        values = tuple(_cell_text(c) for c in cells)
        reasons = []
        kind = default_kind
        if "kind" in columns and _cell_text(get("kind")):
            kind = kind_from_text(_cell_text(get("kind")))
            if kind is None:
                reasons.append(
                    _("类别“%(value)s”无效，应为 %(choices)s 之一")
                    % {
                        "value": _cell_text(get("kind")),
                        "choices": "、".join(PROACTIVE.row(c).label for c in DECISION_KINDS),
                    }
                )
        elif kind is None:
            reasons.append(_("缺少类别"))
        number = _cell_text(get("decision_number"))
        if not number:
            reasons.append(_("缺少决定文书号"))
        elif len(number) > 120:
            reasons.append(_("决定文书号过长"))
        elif number in existing_numbers:
            reasons.append(_("决定文书号“%(number)s”已经登记过") % {"number": number})
        elif number in seen:
            reasons.append(_("决定文书号“%(number)s”与第 %(row)d 行重复") % {"number": number, "row": seen[number]})
        raw_date = get("decided_on")
        decided_on = parse_date(raw_date)
        if not _cell_text(raw_date):
            reasons.append(_("缺少决定日期"))
        elif decided_on is None:
            reasons.append(_("决定日期“%(value)s”不是有效日期") % {"value": _cell_text(raw_date)})
        subject = _cell_text(get("subject"))
        if not subject:
            reasons.append(_("缺少相对人"))
        elif len(subject) > 200:
            reasons.append(_("相对人名称过长"))
        person_text = _cell_text(get("subject_is_person")).lower()
        if person_text in YES:
            is_person = True
        elif person_text in NO:
            is_person = False
        else:
            is_person = False
            reasons.append(_("“相对人为自然人”应填是或否，收到“%(value)s”") % {"value": person_text})
        if number and number not in seen:
            seen[number] = row_number
        if reasons:
            report.errors.append(RowError(row_number, "；".join(reasons), values))
            continue
        report.rows.append(
            DecisionRow(
                row_number=row_number,
                kind=kind,
                decision_number=number,
                decided_on=decided_on,
                subject=subject,
                subject_is_person=is_person,
                summary=_cell_text(get("summary")),
            )
        )
    if not report.rows and not report.errors:
        report.file_error = _("文件中只有表头，没有数据行。")
    return report
