"""One report: read, parse and check one file's bytes, never raising for a bad file.

What crosses a process boundary is an :class:`Audited`: the result, and the
parsed report as a compressed pickle (``freeze``/``thaw``) for the cross-year
pass — small, and never the parser's intermediate state.
"""

from __future__ import annotations

import hashlib
import io
import pickle
import signal
import time
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from ..errors import AnnualReportError
from ..format import get_format
from ..model import CellState, Report
from .results import CONFIDENCE_FIELDS, DEFAULT_LIMITS, MB, OK, FindingRow, Limits, ReportResult, short, size_text
from .sources import Refused, Source, read_file


@dataclass
class Audited:
    """What a worker sends back: the result, and the report for the cross-year pass."""

    result: ReportResult
    snapshot: bytes | None  # a compressed pickle of the report (see ``freeze``)


# Set in a guarded process (``sandbox``), where the kernel enforces the memory limit: the reason
# for a MemoryError then names the limit the user set.
ENFORCED_MEMORY: list[int] = []


def memory_reason(limits: Limits) -> str:
    if ENFORCED_MEMORY:
        return (
            f"读取时所需内存超过每个文件的上限（{limits.memory_per_file // MB} MB），"
            "文件可能过大、过于复杂或已损坏；可用 --max-memory 调高上限"
        )
    return "读取时内存不足，文件可能过大或已损坏"


def timeout_reason(limits: Limits) -> str:
    return f"读取超时（超过 {limits.seconds_per_file:g} 秒），文件可能过于复杂或已损坏；可用 --timeout 调高上限"


def audit_bytes(name: str, data: bytes, *, index: int = 0, limits: Limits = DEFAULT_LIMITS) -> Audited:
    """Read and check one file's bytes. Never raises for a bad file: the result says why."""
    from .. import check, parse_bytes

    started = time.perf_counter()
    result = ReportResult(index=index, name=name, size=len(data), sha256=hashlib.sha256(data).hexdigest())
    snapshot = None
    try:
        result.kind = _kind(data)
        _refuse_office_bomb(data, limits)
        with time_limit(limits.seconds_per_file):
            report = parse_bytes(data, Path(name.rsplit("!", 1)[-1]).name or None)
            findings = list(check(report))
    except AnnualReportError as exc:
        result.reason = _pdf_diagnosis(data) if result.kind == "pdf" else None
        result.reason = result.reason or str(exc) or type(exc).__name__
    except Timeout:
        result.reason = timeout_reason(limits)
    except MemoryError:
        result.reason = memory_reason(limits)
    except RecursionError:
        result.reason = "文件结构嵌套过深，无法读取（可能已损坏）"
    except Exception as exc:  # a parser bug must never stop the batch
        result.reason = f"读取时出现内部错误（{type(exc).__name__}: {short(exc)}），请报告此问题"
        result.crashed = True
    else:
        result.status = OK
        describe(result, report)
        result.findings = [FindingRow.of(f) for f in findings]
        result.count()
        snapshot = freeze(report)
    result.seconds = time.perf_counter() - started
    return Audited(result, snapshot)


def audit_source(source: Source, *, index: int = 0, limits: Limits = DEFAULT_LIMITS) -> Audited:
    """One source audited in this process (its file read here when it is a path)."""
    if source.error:
        return Audited(refused(source, index, source.error), None)
    data = source.data
    if data is None:
        assert source.path is not None
        try:
            data = read_file(source.path, limits.max_file_bytes)
        except Refused as exc:
            return Audited(refused(source, index, str(exc)), None)
    return audit_bytes(source.name, data, index=index, limits=limits)


def refused(source: Source, index: int, reason: str) -> ReportResult:
    """The unreadable result of ``source``, with ``reason``."""
    return ReportResult(index=index, name=source.name, size=source.size, sha256=source.sha256, reason=reason)


def _refuse_office_bomb(data: bytes, limits: Limits) -> None:
    if data[:4] != b"PK\x03\x04":
        return
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return  # the parser says it is broken
    total = sum(info.file_size for info in infos)
    if len(infos) > limits.max_archive_members or total > min(limits.max_unpacked_bytes, 4 * limits.max_file_bytes):
        raise AnnualReportError(f"文档解压后共 {size_text(total)}，大得不合常理（疑似“压缩炸弹”），未读取")


def _pdf_diagnosis(data: bytes) -> str | None:
    """A clearer reason for a PDF the parser refused: encrypted, or cut short. None if neither."""
    import logging

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # "EOF marker not found" is what we are about to say
    tail = data[-2048:]
    try:
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")
            except Exception:
                opened = 0
            if not opened:
                return "PDF 文件已加密，需要密码才能打开，无法读取；请上传未加密的版本"
    except Exception:
        if b"%%EOF" not in tail:
            return "PDF 文件不完整（可能下载中断或文件被截断），无法打开"
        return None
    if b"%%EOF" not in tail:
        return "PDF 文件不完整（可能下载中断或文件被截断），无法打开"
    return None


def _kind(data: bytes) -> str | None:
    from ..parse import sniff

    try:
        return sniff(data)
    except AnnualReportError:
        return None


def describe(result: ReportResult, report: Report) -> None:
    """The summary figures of ``report``: agency, year, format, figures read and by confidence."""
    result.agency = report.agency
    result.year = report.year
    result.format = report.format.code
    total = read = missing = 0
    by_confidence = dict.fromkeys(CONFIDENCE_FIELDS.values(), 0)
    for _key, cell in report.iter_cells():
        total += 1
        by_confidence[cell.confidence] = by_confidence.get(cell.confidence, 0) + 1
        if cell.state is CellState.MISSING:
            missing += 1
        else:
            read += 1
    result.figures_total, result.figures_read, result.figures_missing = total, read, missing
    for name, confidence in CONFIDENCE_FIELDS.items():
        setattr(result, name, by_confidence[confidence])


class Timeout(BaseException):
    """Not an ``Exception``: a parser's ``except Exception`` must not turn the time limit into a parse error."""


class time_limit:
    """Raise ``Timeout`` in this (main) thread after ``seconds``; does nothing where there is no SIGALRM.

    Python runs the handler only between bytecodes, so a parser stuck inside C
    code is not stopped by it: that is why the guarded process (``sandbox``) is
    also killed from outside when it runs over. The alarm repeats every 50 ms
    until the block ends, because an exception raised where Python cannot pass
    it on (a garbage-collector callback, a ``__del__``) is dropped.
    """

    REPEAT = 0.05

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.active = False

    def __enter__(self):
        import threading

        if (
            self.seconds
            and hasattr(signal, "setitimer")
            and threading.current_thread() is threading.main_thread()
            and signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, None)
        ):
            self.active = True
            signal.signal(signal.SIGALRM, self._raise)
            signal.setitimer(signal.ITIMER_REAL, self.seconds, self.REPEAT)
        return self

    def __exit__(self, *exc) -> None:
        if self.active:
            try:
                self.active = False
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
                signal.signal(signal.SIGALRM, signal.SIG_DFL)

    def _raise(self, signum, frame):
        if self.active:
            raise Timeout


# -- the report between the passes ---------------------------------------------------


def freeze(report: Report) -> bytes:
    state = (
        report.format.code,
        report.year,
        report.agency,
        dict(report.cells),
        dict(report.sections),
        report.published_on,
    )
    return zlib.compress(pickle.dumps(state, protocol=pickle.HIGHEST_PROTOCOL), 1)


def thaw(blob: bytes) -> Report:
    code, year, agency, cells, sections, published_on = pickle.loads(zlib.decompress(blob))
    return Report(
        format=get_format(code), year=year, agency=agency, cells=cells, sections=sections, published_on=published_on
    )


def agency_key(name: str | None) -> str:
    """An agency name as compared across years: width folded, spaces, punctuation and brackets dropped."""
    if not name:
        return ""
    text = unicodedata.normalize("NFKC", name)
    return "".join(ch for ch in text if unicodedata.category(ch)[0] in "LN")
