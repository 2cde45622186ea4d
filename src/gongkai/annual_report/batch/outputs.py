"""The results as files: CSV (two files), JSON, XLSX and HTML, written as a batch goes and read back to resume.

Written as it goes (:class:`LiveOutput`): each finished file's row is appended
and flushed at once — CSV and JSON rows are complete lines, so a run stopped
half-way (Ctrl-C, a lost machine) leaves every finished row readable; an XLSX
workbook cannot be appended to, so it is rewritten from a side file of the
rows at most every so often (atomically: the old workbook stays whole until
the new one replaces it). When the batch ends the output is written once more
in input order with the cross-year findings (:func:`write_results`, also
atomic). :func:`read_results` reads any of these back — a CSV or JSON cut off
mid-line included — for ``--resume``.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from .results import (
    CONFIDENCE_FIELDS,
    FAILED,
    FINDING_KEYS,
    OK,
    SUMMARY_FIELDS,
    UNREADABLE,
    FindingRow,
    ReportResult,
)

STATUS_LABELS = {OK: "通过", FAILED: "有错误", UNREADABLE: "无法读取"}
SEVERITY_LABELS = {"error": "错误", "warning": "警告", "not_checked": "未核对"}
# How each figure was read (``Cell.confidence``), as a column header says it: the same
# words as the check page (portal/confidence.py), so that a clerk meets one vocabulary.
CONFIDENCE_HEADERS = {
    "figures_exact": "数字：原样读取",
    "figures_decoded": "数字：按合计关系拆分",
    "figures_ocr": "数字：文字识别（OCR）",
    "figures_inferred": "数字：推定",
    "figures_ambiguous": "数字：无法确定（有多种分法）",
    "figures_unread": "数字：未读到",
}
assert set(CONFIDENCE_HEADERS) == set(CONFIDENCE_FIELDS)
# Headers of the output files, for people (the JSON keeps the English codes).
SUMMARY_HEADERS = {
    "file": "文件",
    "status": "结果",
    "agency": "机关",
    "year": "年度",
    "format": "报告格式",
    "kind": "文件类型",
    "figures_read": "读取的数字",
    "figures_total": "应有的数字",
    "figures_missing": "未能读取的数字",
    **CONFIDENCE_HEADERS,
    "errors": "错误",
    "warnings": "警告",
    "not_checked": "未核对",
    "previous": "上一年度报告",
    "reason": "无法读取的原因",
    "size": "文件大小（字节）",
    "sha256": "SHA-256",
    "seconds": "用时（秒）",
}
assert tuple(SUMMARY_HEADERS) == SUMMARY_FIELDS
FINDING_HEADERS = {
    "file": "文件",
    "agency": "机关",
    "year": "年度",
    "rule": "规则",
    "severity": "级别",
    "table": "表",
    "row": "行",
    "column": "列",
    "key": "位置代码",
    "expected": "应为",
    "actual": "实为",
    "message": "说明",
}
OUTPUT_SUFFIXES = (".csv", ".json", ".xlsx", ".html")
RESUMABLE_SUFFIXES = (".csv", ".json", ".xlsx")


def summary_cells(result: ReportResult) -> list[Any]:
    row = result.summary()
    row["status"] = STATUS_LABELS.get(result.status, result.status)
    return [_safe_cell(row[name]) for name in SUMMARY_HEADERS]


def finding_cells(result: ReportResult) -> Iterator[list[Any]]:
    for finding in result.findings:
        row = {"file": result.name, "agency": result.agency, "year": result.year, **finding.to_dict()}
        row["severity"] = SEVERITY_LABELS.get(finding.severity, finding.severity)
        row["message"] = finding.text
        yield [_safe_cell(row[name]) for name in FINDING_HEADERS]


class CsvWriter:
    """Two CSV files (UTF-8 with BOM, for Excel): the summary, and the findings beside it."""

    def __init__(self, summary, findings) -> None:
        self.summary_stream, self.findings_stream = summary, findings
        self.summary = csv.writer(summary)
        self.findings = csv.writer(findings)
        self.summary.writerow(SUMMARY_HEADERS.values())
        self.findings.writerow(FINDING_HEADERS.values())

    def write(self, result: ReportResult) -> None:
        self.summary.writerow(summary_cells(result))
        self.findings.writerows(finding_cells(result))

    def flush(self) -> None:
        self.findings_stream.flush()  # the findings first: a summary row on disk means its findings are too
        self.summary_stream.flush()

    def close(self) -> None:
        pass


class JsonWriter:
    """One JSON array, a report (its summary and its findings) per element, written as it comes."""

    def __init__(self, stream) -> None:
        self.stream = stream
        self.first = True
        stream.write("[")

    def write(self, result: ReportResult) -> None:
        self.stream.write(("\n" if self.first else ",\n") + json.dumps(result.to_dict(), ensure_ascii=False))
        self.first = False

    def flush(self) -> None:
        self.stream.flush()

    def close(self) -> None:
        self.stream.write("\n]\n")


class HtmlWriter:
    """A standalone HTML page: a summary table, then the findings of each report."""

    def __init__(self, stream, title: str = "年度报告批量检查结果") -> None:
        from html import escape

        self.stream = stream
        self.escape = escape
        self.findings = tempfile.TemporaryFile(mode="w+", encoding="utf-8")
        stream.write(
            '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{escape(title)}</title>\n<style>{_HTML_CSS}</style>\n</head>\n<body>\n"
            f"<h1>{escape(title)}</h1>\n<table>\n<caption>报告汇总</caption>\n<thead><tr>"
            + "".join(f'<th scope="col">{escape(h)}</th>' for h in SUMMARY_HEADERS.values())
            + "</tr></thead>\n<tbody>\n"
        )

    def write(self, result: ReportResult) -> None:
        e = self.escape
        anchor = f"r{result.index}"
        cells = summary_cells(result)
        cells[0] = f'<a href="#{anchor}">{e(str(cells[0]))}</a>' if result.findings else e(str(cells[0]))
        self.stream.write(
            f'<tr class="{result.status}">'
            + "".join(f"<td>{c if i == 0 else e(str(c))}</td>" for i, c in enumerate(cells))
            + "</tr>\n"
        )
        if result.findings:
            self.findings.write(f'<h2 id="{anchor}">{e(result.name)}</h2>\n<table>\n<thead><tr>')
            self.findings.write("".join(f'<th scope="col">{e(h)}</th>' for h in list(FINDING_HEADERS.values())[3:]))
            self.findings.write("</tr></thead>\n<tbody>\n")
            for row in finding_cells(result):
                severity = row[4]
                self.findings.write(
                    f'<tr class="{e(str(severity))}">' + "".join(f"<td>{e(str(c))}</td>" for c in row[3:]) + "</tr>\n"
                )
            self.findings.write("</tbody>\n</table>\n")

    def flush(self) -> None:
        self.stream.flush()

    def close(self) -> None:
        self.stream.write("</tbody>\n</table>\n")
        self.findings.seek(0)
        while chunk := self.findings.read(1 << 16):
            self.stream.write(chunk)
        self.findings.close()
        self.stream.write("</body>\n</html>\n")


_HTML_CSS = (
    "body{font-family:sans-serif;margin:1rem;}table{border-collapse:collapse;margin:.5rem 0 1.5rem;font-size:.85rem}"
    "th,td{border:1px solid #999;padding:.2rem .4rem;text-align:left;vertical-align:top}"
    "tr.failed td:nth-child(2),tr.错误 td:nth-child(2){color:#a00;font-weight:bold}"
    "tr.unreadable td{background:#fff4e5}"
)


def results_xlsx(results: Iterable[ReportResult]) -> bytes:
    """The results as an Excel workbook: a sheet of summaries and a sheet of findings."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    summary = book.create_sheet("报告汇总")
    findings = book.create_sheet("问题明细")
    summary.append(list(SUMMARY_HEADERS.values()))
    findings.append(list(FINDING_HEADERS.values()))
    for result in results:
        summary.append(summary_cells(result))
        for row in finding_cells(result):
            findings.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _safe_cell(value: Any) -> Any:
    """A value for a spreadsheet cell: never None, and text never read as a formula."""
    if value is None:
        return ""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        try:
            float(value)
        except ValueError:
            return "'" + value
    return value


def results_csv(results: Iterable[ReportResult]) -> tuple[str, str]:
    """The summary CSV and the findings CSV as text (with a BOM, for Excel)."""
    summary, findings = io.StringIO(), io.StringIO()
    summary.write("\ufeff")
    findings.write("\ufeff")
    writer = CsvWriter(summary, findings)
    for result in results:
        writer.write(result)
    return summary.getvalue(), findings.getvalue()


# -- an output file as the batch goes, and at its end ------------------------------------


class OutputError(Exception):
    """An output file that cannot be written or read back; the message is for the user, in Chinese."""


def findings_path(path: Path) -> Path:
    """Where a CSV output's findings go: ``result.csv`` → ``result.findings.csv``."""
    return path.with_name(f"{path.stem}.findings.csv")


def _suffix(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix not in OUTPUT_SUFFIXES:
        raise OutputError(f"{path}：--out 只支持 .csv、.json、.xlsx 或 .html 文件")
    return suffix


def _open_beside(path: Path, **kwargs):
    """A new temporary file in ``path``'s folder (so that ``os.replace`` onto ``path`` is atomic)."""
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent or ".")
    return os.fdopen(fd, "w", **kwargs), Path(name)


class LiveOutput:
    """The output file while the batch runs: each row written and flushed as its file finishes.

    It starts with ``earlier`` (the rows kept from an earlier run when
    resuming) and replaces what was at ``path`` only once those are on disk.
    """

    XLSX_EVERY = 10.0  # seconds between rewrites of a workbook, at least (and 5 × the last rewrite's time)

    def __init__(self, path: str | Path, earlier: Iterable[ReportResult] = ()) -> None:
        self.path = Path(path)
        self.suffix = _suffix(self.path)
        self.files: list[tuple[Any, Path, Path]] = []  # (stream, temporary name, final name)
        try:
            if self.suffix == ".csv":
                summary, summary_tmp = _open_beside(self.path, encoding="utf-8-sig", newline="")
                findings, findings_tmp = _open_beside(self.path, encoding="utf-8-sig", newline="")
                self.files = [(findings, findings_tmp, findings_path(self.path)), (summary, summary_tmp, self.path)]
                self.writer: Any = CsvWriter(summary, findings)
            elif self.suffix == ".xlsx":
                rows = tempfile.TemporaryFile(mode="w+", encoding="utf-8", prefix="gongkai-audit-rows-")
                self.writer = _XlsxRows(rows, self.path)
            else:
                stream, tmp = _open_beside(self.path, encoding="utf-8")
                self.files = [(stream, tmp, self.path)]
                self.writer = JsonWriter(stream) if self.suffix == ".json" else HtmlWriter(stream)
            for result in earlier:
                self.writer.write(result)
            self.writer.flush()
            for _stream, tmp, final in self.files:
                os.replace(tmp, final)  # the open streams now write to the final names
        except OSError as exc:
            self._discard()
            raise OutputError(f"{self.path}：无法写入文件（{exc.strerror or exc}）") from None

    def write(self, result: ReportResult) -> None:
        try:
            self.writer.write(result)
            self.writer.flush()
        except OSError as exc:
            raise OutputError(f"{self.path}：无法写入文件（{exc.strerror or exc}）") from None

    def close(self, *, superseded: bool = False) -> None:
        """Finish the files as they are (a run stopped half-way), or only close them when ``superseded``.

        ``superseded``: :func:`write_results` has since written the whole
        output in input order, so nothing more may be written to it.
        """
        try:
            if superseded and isinstance(self.writer, _XlsxRows):
                self.writer.rows.close()
            elif not superseded:
                self.writer.close()
        except OSError:
            pass
        for stream, _tmp, _final in self.files:
            stream.close()

    def _discard(self) -> None:
        for stream, tmp, _final in self.files:
            stream.close()
            tmp.unlink(missing_ok=True)


class _XlsxRows:
    """A workbook written as the batch goes: rows kept in a side file, the workbook rewritten now and then."""

    def __init__(self, rows, path: Path) -> None:
        self.rows = rows
        self.path = path
        self.last = 0.0
        self.took = 0.0
        self.dirty = False

    def write(self, result: ReportResult) -> None:
        self.rows.write(json.dumps(result.to_dict(), ensure_ascii=False) + "\n")
        self.dirty = True

    def flush(self) -> None:
        now = time.monotonic()
        if self.dirty and now - self.last >= max(LiveOutput.XLSX_EVERY, 5 * self.took):
            self._rewrite()

    def _rewrite(self) -> None:
        started = time.monotonic()
        self.rows.flush()
        self.rows.seek(0)
        write_results(self.path, (ReportResult.from_dict(json.loads(line)) for line in self.rows))
        self.rows.seek(0, os.SEEK_END)
        self.last = time.monotonic()
        self.took = self.last - started
        self.dirty = False

    def close(self) -> None:
        if self.dirty:
            self._rewrite()
        self.rows.close()


def write_results(path: str | Path, results: Iterable[ReportResult]) -> None:
    """The whole output at ``path`` (and its findings file for CSV), replacing what was there only when complete."""
    path = Path(path)
    suffix = _suffix(path)
    written: list[tuple[Path, Path]] = []
    try:
        if suffix == ".xlsx":
            stream, tmp = _open_beside(path, encoding="utf-8")
            stream.close()
            written.append((tmp, path))
            tmp.write_bytes(results_xlsx(results))
        else:
            if suffix == ".csv":
                summary, summary_tmp = _open_beside(path, encoding="utf-8-sig", newline="")
                findings, findings_tmp = _open_beside(path, encoding="utf-8-sig", newline="")
                written += [(findings_tmp, findings_path(path)), (summary_tmp, path)]
                streams = [summary, findings]
                writer: Any = CsvWriter(summary, findings)
            else:
                stream, tmp = _open_beside(path, encoding="utf-8")
                written.append((tmp, path))
                streams = [stream]
                writer = JsonWriter(stream) if suffix == ".json" else HtmlWriter(stream)
            try:
                for result in results:
                    writer.write(result)
                writer.close()
            finally:
                for stream in streams:
                    stream.close()
        for tmp, final in written:
            os.replace(tmp, final)
    except OSError as exc:
        raise OutputError(f"{path}：无法写入文件（{exc.strerror or exc}）") from None
    finally:
        for tmp, _final in written:
            tmp.unlink(missing_ok=True)


# -- reading an earlier run back ----------------------------------------------------------

_STATUS_CODES = {label: code for code, label in STATUS_LABELS.items()}
_SEVERITY_CODES = {label: code for code, label in SEVERITY_LABELS.items()}
_INT_FIELDS = {"year", "size", *CONFIDENCE_FIELDS, "figures_read", "figures_total", "figures_missing"}
_INT_FIELDS |= {"errors", "warnings", "not_checked"}


def read_results(path: str | Path) -> list[ReportResult]:
    """The results in an earlier run's output (CSV with its findings file, JSON or XLSX), cut-off rows skipped.

    Only rows with a SHA-256 can be matched to a file again; rows without one
    (a path that did not exist, a file refused before reading) are read too
    but cost nothing to redo.
    """
    path = Path(path)
    suffix = _suffix(path)
    if suffix not in RESUMABLE_SUFFIXES:
        raise OutputError(f"{path}：只能从 .csv、.json 或 .xlsx 结果续跑，HTML 结果无法读回")
    try:
        if suffix == ".json":
            return _read_json(path)
        if suffix == ".csv":
            summary = _csv_rows(path)
            findings = _csv_rows(findings_path(path)) if findings_path(path).exists() else []
            return _from_rows(summary, findings)
        return _read_xlsx(path)
    except OSError as exc:
        raise OutputError(f"{path}：无法读取已有的结果（{exc.strerror or exc}）") from None


def _read_json(path: Path) -> list[ReportResult]:
    results = []
    with path.open(encoding="utf-8") as stream:
        for line in stream:
            text = line.strip().removeprefix("[").removesuffix("]").strip().removesuffix(",")
            if not text.startswith("{"):
                continue
            try:
                data = json.loads(text)
            except ValueError:  # the line being written when the run stopped
                continue
            if isinstance(data, dict):
                results.append(ReportResult.from_dict(data, index=len(results)))
    return results


def _csv_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as stream:
        text = stream.read()
    if text and not text.endswith("\n"):
        text = text[: text.rfind("\n") + 1]  # the row being written when the run stopped
    return list(csv.reader(io.StringIO(text)))


def _read_xlsx(path: Path) -> list[ReportResult]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # not a workbook at all
        raise OutputError(f"{path}：不是可读取的 Excel 结果文件（{type(exc).__name__}）") from None
    try:
        sheets = book.worksheets
        summary = [list(row) for row in sheets[0].iter_rows(values_only=True)] if sheets else []
        findings = [list(row) for row in sheets[1].iter_rows(values_only=True)] if len(sheets) > 1 else []
    finally:
        book.close()
    return _from_rows(summary, findings)


def _from_rows(summary: list[list[Any]], findings: list[list[Any]]) -> list[ReportResult]:
    """Results from the rows of the two tables (headers first), as CSV and XLSX hold them."""
    if not summary:
        return []
    by_header = {header: name for name, header in SUMMARY_HEADERS.items()}
    columns = [by_header.get(str(h)) for h in summary[0]]
    if "file" not in columns:
        raise OutputError("已有的结果文件不是“gongkai report audit”写的（没有“文件”一列），无法续跑")
    results: list[ReportResult] = []
    by_file: dict[str, list[ReportResult]] = {}
    for row in summary[1:]:
        if len(row) != len(columns):
            continue
        data = {name: _plain(value) for name, value in zip(columns, row, strict=True) if name}
        data["status"] = _STATUS_CODES.get(str(data.get("status")), data.get("status"))
        for name in _INT_FIELDS & set(data):
            data[name] = _number(data[name])
        data["seconds"] = float(_number(data.get("seconds")) or 0)
        result = ReportResult.from_dict(data, index=len(results))
        results.append(result)
        by_file.setdefault(result.name, []).append(result)
    if findings:
        finding_names = {header: name for name, header in FINDING_HEADERS.items()}
        columns = [finding_names.get(str(h)) for h in findings[0]]
        for row in findings[1:]:
            if len(row) != len(columns):
                continue
            data = {name: _plain(value) for name, value in zip(columns, row, strict=True) if name}
            data["severity"] = _SEVERITY_CODES.get(str(data.get("severity")), data.get("severity"))
            rule = str(data.get("rule") or "")
            data["message"] = f"[{rule}] {data.get('message') or ''}" if rule else str(data.get("message") or "")
            data["expected"], data["actual"] = _number(data.get("expected")), _number(data.get("actual"))
            finding = FindingRow(**{k: data.get(k) for k in FINDING_KEYS})
            for result in by_file.get(str(data.get("file") or ""), ()):
                result.findings.append(finding)
    return results


def _plain(value: Any) -> Any:
    """A cell as written by ``_safe_cell``, back: empty is None, a quoted formula-like text unquoted."""
    if value is None or value == "":
        return None
    if isinstance(value, str) and value.startswith("'") and value[1:2] in ("=", "+", "-", "@", "\t", "\r"):
        return value[1:]
    return value


def _number(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return int(value)
        except ValueError:
            try:
                return float(value)
            except ValueError:
                return value
    return value
