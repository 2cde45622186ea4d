"""Audit many published reports at once: files, folders and ZIP archives.

    from gongkai.annual_report.batch import audit_paths
    for result in audit_paths(["reports/", "region-2024.zip"], jobs=2):
        print(result.name, result.status, result.errors, result.warnings)

Every input file becomes one :class:`ReportResult` — its summary (agency, year,
format, figures read, errors, warnings) and its findings — in the order the
inputs were given (folders sorted by name, archive members in archive order).
A file that cannot be read, or that makes a parser raise anything at all, is a
result with ``status == "unreadable"`` and the reason in Chinese; the batch
always goes on.

How it stays fast and small:

* files are parsed and checked in a pool of processes (``jobs``); a worker
  reads its file itself, so only a path crosses the pipe (members of ZIP
  archives are read by the parent, streaming and within the limits below);
* only a few files are in flight at once, and every finished report is
  spilled to a temporary file on disk (pickled, compressed), so memory does
  not grow with the number of reports;
* the cross-year rules (``X.carry_over``, ``X.in_force``, ``S.repeated_text``
  — every rule that needs the previous year) run in a second pass, when the
  same agency's report for the year before is among the inputs (agency names
  compared after folding width, spaces and punctuation). The second pass reads
  the two reports back from the spill file, so no file is parsed twice.

Limits (a :class:`Limits` value, defaults below) are checked *before* anything
is read into memory: a file larger than ``max_file_bytes`` is refused by its
size on disk; an archive is refused member by member when its declared size,
its compression ratio or the total it would unpack to is too large, or when it
has too many members, and a member is read in chunks that stop as soon as it
grows past its declared size or the limit (a lying header does not help).
Word and Excel files are ZIP archives too: they are refused the same way when
they would unpack to more than ``max_unpacked_bytes``.

Nothing here imports Django: the command line (``gongkai report audit``) and
the public "check a report" page both use this module.
"""

from __future__ import annotations

import io
import os
import pickle
import signal
import tempfile
import time
import unicodedata
import zipfile
import zlib
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import AnnualReportError
from .format import get_format
from .model import CellState, Report

MB = 1024 * 1024

# Statuses of a result.
OK = "ok"  # read; no rule of severity error failed
FAILED = "failed"  # read; at least one error
UNREADABLE = "unreadable"  # not read at all: ``reason`` says why

ARCHIVE_SUFFIXES = (".zip",)
# Files skipped when walking folders and archives (not reports, never an error).
SKIPPED_NAMES = {".ds_store", "thumbs.db", "desktop.ini"}
SKIPPED_PREFIXES = ("__macosx/", "._", ".~", "~$")


@dataclass(frozen=True)
class Limits:
    max_file_bytes: int = 50 * MB  # one report file
    max_archive_members: int = 10_000  # entries of one ZIP archive
    max_unpacked_bytes: int = 2048 * MB  # everything one archive unpacks to
    max_ratio: int = 100  # uncompressed / compressed size of one member
    seconds_per_file: float = 300.0  # parsing and checking one file (POSIX only)


DEFAULT_LIMITS = Limits()


@dataclass
class FindingRow:
    """A finding as plain data (what ``Finding.to_dict()`` gives), for output files and pages."""

    rule: str
    severity: str
    table: str | None
    row: str | None
    column: str | None
    key: str | None
    expected: Any
    actual: Any
    message: str

    @classmethod
    def of(cls, finding) -> FindingRow:
        data = finding.to_dict()
        return cls(
            rule=str(data.get("rule") or ""),
            severity=str(data.get("severity") or ""),
            table=data.get("table"),
            row=data.get("row"),
            column=data.get("column"),
            key=data.get("key"),
            expected=data.get("expected"),
            actual=data.get("actual"),
            message=str(data.get("message") or ""),
        )

    @property
    def text(self) -> str:
        """The message without the ``[rule]`` it starts with (the rule has its own column)."""
        prefix = f"[{self.rule}]"
        return self.message[len(prefix) :].lstrip() if self.message.startswith(prefix) else self.message

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "table": self.table,
            "row": self.row,
            "column": self.column,
            "key": self.key,
            "expected": self.expected,
            "actual": self.actual,
            "message": self.message,
        }


@dataclass
class ReportResult:
    """One input file: its summary and its findings."""

    index: int
    name: str  # as the user knows it: a path, or ``archive.zip!member/path``
    size: int | None = None
    status: str = UNREADABLE
    reason: str | None = None  # why it is unreadable
    kind: str | None = None  # text, html, pdf, docx, xlsx, json
    agency: str | None = None
    year: int | None = None
    format: str | None = None
    figures_total: int = 0
    figures_read: int = 0  # cells with a figure, a blank or a "/"
    figures_missing: int = 0
    errors: int = 0
    warnings: int = 0
    not_checked: int = 0
    previous: str | None = None  # the input used as the previous year
    crashed: bool = False  # unreadable because a parser raised something unexpected (a bug to report)
    seconds: float = 0.0
    findings: list[FindingRow] = field(default_factory=list)
    # The parsed report, only when asked for (``keep_reports``); never spilled or pickled.
    report: Report | None = field(default=None, repr=False, compare=False)

    def __getstate__(self):
        state = dict(self.__dict__)
        state["report"] = None
        return state

    @property
    def readable(self) -> bool:
        return self.status != UNREADABLE

    def summary(self) -> dict[str, Any]:
        """The summary row (no findings)."""
        return {
            "file": self.name,
            "status": self.status,
            "agency": self.agency,
            "year": self.year,
            "format": self.format,
            "kind": self.kind,
            "figures_read": self.figures_read,
            "figures_total": self.figures_total,
            "figures_missing": self.figures_missing,
            "errors": self.errors,
            "warnings": self.warnings,
            "not_checked": self.not_checked,
            "previous": self.previous,
            "reason": self.reason,
            "size": self.size,
            "seconds": round(self.seconds, 3),
        }

    def to_dict(self) -> dict[str, Any]:
        return {**self.summary(), "findings": [f.to_dict() for f in self.findings]}

    @classmethod
    def from_dict(cls, data: dict[str, Any], index: int = 0) -> ReportResult:
        """Back from ``to_dict()`` (e.g. a result carried in a signed token)."""
        names = set(SUMMARY_FIELDS) - {"file"}
        result = cls(index=index, name=str(data.get("file") or ""))
        for name in names:
            if name in data:
                setattr(result, name, data[name])
        result.findings = [FindingRow(**{k: f.get(k) for k in _FINDING_KEYS}) for f in data.get("findings") or ()]
        return result

    def count(self) -> None:
        self.errors = sum(1 for f in self.findings if f.severity == "error")
        self.warnings = sum(1 for f in self.findings if f.severity == "warning")
        self.not_checked = sum(1 for f in self.findings if f.severity == "not_checked")
        if self.readable:
            self.status = FAILED if self.errors else OK


SUMMARY_FIELDS = tuple(ReportResult(0, "").summary())
_FINDING_KEYS = ("rule", "severity", "table", "row", "column", "key", "expected", "actual", "message")
FINDING_FIELDS = ("file", "agency", "year", *FindingRow("", "", None, None, None, None, None, None, "").to_dict())


# -- the inputs ------------------------------------------------------------------


@dataclass(frozen=True)
class Source:
    """One file to audit: a path on disk, or bytes already read (an archive member, an upload)."""

    name: str
    path: Path | None = None
    data: bytes | None = None
    size: int | None = None
    error: str | None = None  # refused before reading (too large, a zip bomb …)


def collect(paths: Iterable[str | Path], limits: Limits = DEFAULT_LIMITS) -> Iterator[Source]:
    """Every report file under ``paths``: files, folders (recursively, sorted) and ZIP archives."""
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                if not _skipped(child.name):
                    yield from _file_sources(child, str(child), limits)
        elif path.exists():
            yield from _file_sources(path, str(given), limits)
        else:
            yield Source(str(given), error="找不到这个文件或文件夹")


def _skipped(name: str) -> bool:
    lowered = name.lower()
    base = lowered.rsplit("/", 1)[-1]
    return base in SKIPPED_NAMES or lowered.startswith(SKIPPED_PREFIXES) or base.startswith(SKIPPED_PREFIXES)


def _file_sources(path: Path, name: str, limits: Limits) -> Iterator[Source]:
    try:
        size = path.stat().st_size
    except OSError as exc:
        yield Source(name, error=f"无法读取文件（{exc.strerror or exc}）")
        return
    if size > limits.max_file_bytes and not _is_archive_path(path):
        yield Source(name, size=size, error=too_large(size, limits))
        return
    if _is_archive_path(path):
        try:
            with path.open("rb") as handle:
                yield from archive_sources(handle, name, limits)
        except OSError as exc:
            yield Source(name, size=size, error=f"无法读取文件（{exc.strerror or exc}）")
        return
    yield Source(name, path=path, size=size)


def _is_archive_path(path: Path) -> bool:
    """A ZIP archive of reports (not a Word or Excel file, which are ZIPs too)."""
    if path.suffix.lower() not in ARCHIVE_SUFFIXES:
        return False
    try:
        with path.open("rb") as handle:
            return handle.read(4) == b"PK\x03\x04" and not _is_office_zip(handle)
    except OSError:
        return False


def is_archive(data: bytes) -> bool:
    """``data`` is a ZIP archive of files, not a Word or Excel document."""
    return data[:4] == b"PK\x03\x04" and not _is_office_zip(io.BytesIO(data))


def _is_office_zip(handle) -> bool:
    try:
        handle.seek(0)
        with zipfile.ZipFile(handle) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return False
    return "word/document.xml" in names or "xl/workbook.xml" in names


def too_large(size: int, limits: Limits) -> str:
    return f"文件过大（{size_text(size)}），单个报告文件不能超过 {size_text(limits.max_file_bytes)}，未读取"


def size_text(n: int) -> str:
    if n >= MB:
        return f"{n / MB:.1f} MB"
    if n >= 1024:
        return f"{n / 1024:.0f} KB"
    return f"{n} B"


def archive_sources(handle, name: str, limits: Limits = DEFAULT_LIMITS) -> Iterator[Source]:
    """The members of a ZIP archive (``handle``: a binary file object), each read within the limits.

    Checked before a member is unpacked: the number of members, the declared size
    of each and of all together, and each member's compression ratio. While a
    member is unpacked the bytes are counted, and reading stops past the declared
    size or the limit. An archive inside the archive is not opened (named, with
    the reason). A broken or encrypted member is a per-member message.
    """
    try:
        archive = zipfile.ZipFile(handle)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        yield Source(name, error="ZIP 压缩包已损坏或不完整，无法打开")
        return
    with archive:
        members = [info for info in archive.infolist() if not info.is_dir() and not _skipped(info.filename)]
        if len(members) > limits.max_archive_members:
            yield Source(
                name,
                error=f"压缩包中有 {len(members)} 个文件，超过上限 {limits.max_archive_members} 个，未解压",
            )
            return
        declared_total = sum(info.file_size for info in members)
        if declared_total > limits.max_unpacked_bytes:
            yield Source(
                name,
                error=(
                    f"压缩包解压后共 {size_text(declared_total)}，超过上限 {size_text(limits.max_unpacked_bytes)}"
                    "（疑似“压缩炸弹”），未解压"
                ),
            )
            return
        unpacked = 0
        for info in members:
            member = f"{name}!{_member_name(info)}"
            refusal = _member_refusal(info, limits)
            if refusal:
                yield Source(member, size=info.file_size, error=refusal)
                continue
            try:
                data = _read_member(archive, info, limits.max_file_bytes, limits.max_unpacked_bytes - unpacked)
            except _Refused as exc:
                yield Source(member, size=info.file_size, error=str(exc))
                if exc.stop:
                    return
                continue
            unpacked += len(data)
            if is_archive(data):
                yield Source(member, size=len(data), error="压缩包中的压缩包不会展开，请先解压后再检查")
                continue
            yield Source(member, data=data, size=len(data))


def _member_name(info: zipfile.ZipInfo) -> str:
    name = info.filename
    if not info.flag_bits & 0x800:  # not flagged UTF-8: Chinese Windows tools write GBK
        try:
            name = name.encode("cp437").decode("gb18030")
        except (UnicodeEncodeError, UnicodeDecodeError):
            pass
    return name


def _member_refusal(info: zipfile.ZipInfo, limits: Limits) -> str | None:
    if info.flag_bits & 0x1:
        return "压缩包中的这个文件已加密，无法读取"
    if info.file_size > limits.max_file_bytes:
        return too_large(info.file_size, limits)
    if info.file_size > 1 * MB and info.file_size > limits.max_ratio * max(info.compress_size, 1):
        return (
            f"压缩比异常（{size_text(info.compress_size)} 解压后为 {size_text(info.file_size)}），"
            "疑似“压缩炸弹”，未解压"
        )
    return None


class _Refused(Exception):
    def __init__(self, message: str, stop: bool = False) -> None:
        super().__init__(message)
        self.stop = stop


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int, budget: int) -> bytes:
    buffer = io.BytesIO()
    ceiling = min(limit, info.file_size)
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(256 * 1024):
                buffer.write(chunk)
                if buffer.tell() > budget:
                    raise _Refused("压缩包解压后的总大小超过上限（疑似“压缩炸弹”），其余文件未解压", stop=True)
                if buffer.tell() > ceiling:
                    raise _Refused("解压后的大小与压缩包记录的不符（疑似“压缩炸弹”），未读取")
    except _Refused:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, zlib.error) as exc:
        raise _Refused(f"压缩包中的这个文件已损坏，无法解压（{type(exc).__name__}）") from None
    except NotImplementedError:
        raise _Refused("压缩包使用了不支持的压缩方式，无法解压") from None
    except RuntimeError:  # zipfile: encrypted member, no password
        raise _Refused("压缩包中的这个文件已加密，无法读取") from None
    return buffer.getvalue()


def sources_from_uploads(files: Iterable[tuple[str, bytes]], limits: Limits = DEFAULT_LIMITS) -> Iterator[Source]:
    """Sources from files already in memory (``(name, bytes)``), ZIP archives expanded."""
    for name, data in files:
        if len(data) > limits.max_file_bytes and not is_archive(data):
            yield Source(name, size=len(data), error=too_large(len(data), limits))
        elif is_archive(data):
            yield from archive_sources(io.BytesIO(data), name, limits)
        else:
            yield Source(name, data=data, size=len(data))


# -- one report -----------------------------------------------------------------


@dataclass
class Audited:
    """What a worker sends back: the result, and the report for the cross-year pass."""

    result: ReportResult
    snapshot: bytes | None  # a compressed pickle of the report (see ``_freeze``)


def audit_bytes(name: str, data: bytes, *, index: int = 0, limits: Limits = DEFAULT_LIMITS) -> Audited:
    """Read and check one file's bytes. Never raises for a bad file: the result says why."""
    from . import check, parse_bytes

    started = time.perf_counter()
    result = ReportResult(index=index, name=name, size=len(data))
    snapshot = None
    try:
        result.kind = _kind(data)
        _refuse_office_bomb(data, limits)
        with _time_limit(limits.seconds_per_file):
            report = parse_bytes(data, Path(name.rsplit("!", 1)[-1]).name or None)
            findings = list(check(report))
    except AnnualReportError as exc:
        result.reason = _pdf_diagnosis(data) if result.kind == "pdf" else None
        result.reason = result.reason or str(exc) or type(exc).__name__
    except _Timeout:
        result.reason = f"读取超时（超过 {limits.seconds_per_file:g} 秒），文件可能过于复杂或已损坏"
    except MemoryError:
        result.reason = "读取时内存不足，文件可能过大或已损坏"
    except RecursionError:
        result.reason = "文件结构嵌套过深，无法读取（可能已损坏）"
    except Exception as exc:  # a parser bug must never stop the batch
        result.reason = f"读取时出现内部错误（{type(exc).__name__}: {_short(exc)}），请报告此问题"
        result.crashed = True
    else:
        result.status = OK
        _describe(result, report)
        result.findings = [FindingRow.of(f) for f in findings]
        result.count()
        snapshot = _freeze(report)
    result.seconds = time.perf_counter() - started
    return Audited(result, snapshot)


def audit_source(source: Source, *, index: int = 0, limits: Limits = DEFAULT_LIMITS) -> Audited:
    if source.error:
        return Audited(ReportResult(index=index, name=source.name, size=source.size, reason=source.error), None)
    data = source.data
    if data is None:
        assert source.path is not None
        try:
            data = _read_file(source.path, limits.max_file_bytes)
        except _Refused as exc:
            return Audited(ReportResult(index=index, name=source.name, size=source.size, reason=str(exc)), None)
    return audit_bytes(source.name, data, index=index, limits=limits)


def _read_file(path: Path, limit: int) -> bytes:
    try:
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise _Refused(f"无法读取文件（{exc.strerror or exc}）") from None
    if len(data) > limit:
        raise _Refused(f"文件过大，单个报告文件不能超过 {size_text(limit)}，未读取")
    if not data.strip():
        raise _Refused("文件是空的，不是年度报告")
    return data


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
    from .parse import sniff

    try:
        return sniff(data)
    except AnnualReportError:
        return None


def _short(exc: BaseException, limit: int = 200) -> str:
    text = str(exc).replace("\n", " ")
    return text if len(text) <= limit else text[:limit] + "…"


def _describe(result: ReportResult, report: Report) -> None:
    result.agency = report.agency
    result.year = report.year
    result.format = report.format.code
    total = read = missing = 0
    for _key, cell in report.iter_cells():
        total += 1
        if cell.state is CellState.MISSING:
            missing += 1
        else:
            read += 1
    result.figures_total, result.figures_read, result.figures_missing = total, read, missing


class _Timeout(BaseException):
    """Not an ``Exception``: a parser's ``except Exception`` must not turn the time limit into a parse error."""


class _time_limit:
    """Raise ``_Timeout`` in this (main) thread after ``seconds``; does nothing where there is no SIGALRM."""

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
            signal.signal(signal.SIGALRM, self._raise)
            signal.setitimer(signal.ITIMER_REAL, self.seconds)
            self.active = True
        return self

    def __exit__(self, *exc) -> None:
        if self.active:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, signal.SIG_DFL)

    @staticmethod
    def _raise(signum, frame):
        raise _Timeout


# -- the report between the passes ---------------------------------------------------


def _freeze(report: Report) -> bytes:
    state = (
        report.format.code,
        report.year,
        report.agency,
        dict(report.cells),
        dict(report.sections),
        report.published_on,
    )
    return zlib.compress(pickle.dumps(state, protocol=pickle.HIGHEST_PROTOCOL), 1)


def _thaw(blob: bytes) -> Report:
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


class _Spill:
    """Results and reports on disk between the passes: memory does not grow with the batch."""

    def __init__(self) -> None:
        self.file = tempfile.TemporaryFile(prefix="gongkai-audit-")
        self.results: list[tuple[int, int]] = []  # by index: (offset, length)
        self.reports: dict[int, tuple[int, int]] = {}

    def _write(self, blob: bytes) -> tuple[int, int]:
        self.file.seek(0, os.SEEK_END)
        offset = self.file.tell()
        self.file.write(blob)
        return offset, len(blob)

    def _read(self, where: tuple[int, int]) -> bytes:
        self.file.seek(where[0])
        return self.file.read(where[1])

    def put(self, audited: Audited) -> None:
        index = audited.result.index
        while len(self.results) <= index:
            self.results.append((0, 0))
        self.results[index] = self._write(zlib.compress(pickle.dumps(audited.result, pickle.HIGHEST_PROTOCOL), 1))
        if audited.snapshot is not None:
            self.reports[index] = self._write(audited.snapshot)

    def result(self, index: int) -> ReportResult:
        return pickle.loads(zlib.decompress(self._read(self.results[index])))

    def report(self, index: int) -> Report:
        return _thaw(self._read(self.reports[index]))

    def close(self) -> None:
        self.file.close()


# -- the batch -----------------------------------------------------------------


def _pool_task(index: int, source: Source, limits: Limits) -> Audited:
    return audit_source(source, index=index, limits=limits)


def _worker_init() -> None:
    # Ctrl-C is the parent's to handle; a worker just stops when the pool does.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _make_pool(jobs: int) -> ProcessPoolExecutor:
    import multiprocessing

    context = multiprocessing.get_context(
        "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    )
    return ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_worker_init, max_tasks_per_child=200)


def _audit_all(
    sources: Iterable[Source], jobs: int, limits: Limits, on_done: Callable[[ReportResult], None]
) -> Iterator[Audited]:
    """Every source audited (in a pool when ``jobs`` > 1), in the order they finish."""
    numbered = enumerate(sources)
    if jobs <= 1:
        for index, source in numbered:
            audited = audit_source(source, index=index, limits=limits)
            on_done(audited.result)
            yield audited
        return
    window = jobs * 3
    pending: dict[Future, tuple[int, Source]] = {}
    retry: deque[tuple[int, Source]] = deque()
    suspects: set[int] = set()  # in flight when a worker died
    pool = _make_pool(jobs)
    try:
        exhausted = False
        while True:
            while len(pending) < window and (retry or not exhausted):
                if retry:
                    index, source = retry.popleft()
                else:
                    try:
                        index, source = next(numbered)
                    except StopIteration:
                        exhausted = True
                        break
                if source.error:  # no need for a worker
                    audited = audit_source(source, index=index, limits=limits)
                    on_done(audited.result)
                    yield audited
                    continue
                pending[pool.submit(_pool_task, index, source, limits)] = (index, source)
            if not pending:
                break
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            broken: list[tuple[int, Source]] = []
            for future in done:
                index, source = pending.pop(future)
                try:
                    audited = future.result()
                except BrokenProcessPool:
                    broken.append((index, source))
                    continue
                except Exception as exc:  # pickling trouble and the like: still one file's problem
                    audited = Audited(
                        ReportResult(
                            index=index,
                            name=source.name,
                            size=source.size,
                            reason=f"读取时出现内部错误（{type(exc).__name__}: {_short(exc)}），请报告此问题",
                        ),
                        None,
                    )
                on_done(audited.result)
                yield audited
            if broken:
                # A worker died (killed for memory, a crash in C code). Whatever was in flight is
                # retried once, each file alone; a file in flight at two deaths is the culprit.
                broken.extend(pending.values())
                pending.clear()
                pool.shutdown(wait=False, cancel_futures=True)
                pool = _make_pool(jobs)
                for index, source in sorted(broken, key=lambda item: item[0]):
                    if index in suspects:
                        result = ReportResult(
                            index=index,
                            name=source.name,
                            size=source.size,
                            reason="读取这个文件时处理进程异常退出（可能内存不足或文件损坏）",
                        )
                        on_done(result)
                        yield Audited(result, None)
                    else:
                        suspects.add(index)
                        retry.append((index, source))
                window = 1 if retry else jobs * 3
            elif not retry:
                window = jobs * 3
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def audit_sources(
    sources: Iterable[Source],
    *,
    jobs: int = 1,
    limits: Limits = DEFAULT_LIMITS,
    cross_year: bool = True,
    keep_reports: bool = False,
    on_done: Callable[[ReportResult], None] | None = None,
) -> Iterator[ReportResult]:
    """Audit every source; results in input order, with the cross-year findings added.

    ``on_done`` is called in the parent as each file finishes (for a progress bar).
    With ``keep_reports`` each readable result carries its parsed ``report``
    (for showing it; a batch of thousands should not ask for that).
    """
    from . import check

    try:
        from .rules import RULES

        cross_rules = {code for code, rule in RULES.items() if getattr(rule, "needs", None) == "previous"}
    except ImportError:  # pragma: no cover - the rules are part of this package
        cross_rules = set()
    spill = _Spill()
    try:
        by_agency_year: dict[tuple[str, int], int] = {}
        for audited in _audit_all(sources, jobs, limits, on_done or (lambda result: None)):
            spill.put(audited)
            result = audited.result
            key = agency_key(result.agency)
            if audited.snapshot is not None and key and result.year:
                # The first input for an agency and year is the one compared with.
                current = by_agency_year.get((key, result.year))
                if current is None or result.index < current:
                    by_agency_year[(key, result.year)] = result.index
        for index in range(len(spill.results)):
            result = spill.result(index)
            previous_index = None
            if cross_year and result.readable and result.year and index in spill.reports:
                previous_index = by_agency_year.get((agency_key(result.agency), result.year - 1))
            if previous_index is not None:
                previous_result = spill.result(previous_index)
                try:
                    findings = check(spill.report(index), previous=spill.report(previous_index))
                except Exception as exc:  # a rule's bug must not stop the batch either
                    result.findings.append(
                        FindingRow(
                            "batch.cross_year",
                            "not_checked",
                            None,
                            None,
                            None,
                            None,
                            None,
                            None,
                            f"跨年度核对未能完成（{type(exc).__name__}: {_short(exc)}）",
                        )
                    )
                else:
                    crossed = [FindingRow.of(f) for f in findings if f.rule in cross_rules]
                    result.findings = [f for f in result.findings if f.rule not in cross_rules] + crossed
                    result.previous = previous_result.name
                result.count()
            if keep_reports and index in spill.reports:
                result.report = spill.report(index)
            yield result
    finally:
        spill.close()


def audit_paths(
    paths: Sequence[str | Path],
    *,
    jobs: int = 1,
    limits: Limits = DEFAULT_LIMITS,
    cross_year: bool = True,
    on_done: Callable[[ReportResult], None] | None = None,
) -> Iterator[ReportResult]:
    """Audit every report file under ``paths`` (files, folders, ZIP archives)."""
    return audit_sources(collect(paths, limits), jobs=jobs, limits=limits, cross_year=cross_year, on_done=on_done)


def audit_uploads(
    files: Iterable[tuple[str, bytes]], *, limits: Limits = DEFAULT_LIMITS, cross_year: bool = True
) -> list[ReportResult]:
    """Audit files already in memory (a web upload), in this process; each result keeps its ``report``."""
    sources = sources_from_uploads(files, limits)
    return list(audit_sources(sources, jobs=1, limits=limits, cross_year=cross_year, keep_reports=True))


# -- counting and writing -------------------------------------------------------------


def count_sources(paths: Iterable[str | Path], limits: Limits = DEFAULT_LIMITS) -> int:
    """How many results ``audit_paths(paths)`` will give, without reading any report (for a progress bar)."""
    total = 0
    for given in paths:
        path = Path(given)
        files = sorted(p for p in path.rglob("*") if p.is_file() and not _skipped(p.name)) if path.is_dir() else [path]
        for file in files:
            if file.exists() and _is_archive_path(file):
                try:
                    with zipfile.ZipFile(file) as archive:
                        members = [i for i in archive.infolist() if not i.is_dir() and not _skipped(i.filename)]
                except (zipfile.BadZipFile, OSError, ValueError, EOFError):
                    total += 1
                    continue
                total += 1 if len(members) > limits.max_archive_members or not members else len(members)
            else:
                total += 1
    return total


STATUS_LABELS = {OK: "通过", FAILED: "有错误", UNREADABLE: "无法读取"}
SEVERITY_LABELS = {"error": "错误", "warning": "警告", "not_checked": "未核对"}
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
    "errors": "错误",
    "warnings": "警告",
    "not_checked": "未核对",
    "previous": "上一年度报告",
    "reason": "无法读取的原因",
    "size": "文件大小（字节）",
    "seconds": "用时（秒）",
}
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
        import csv

        self.summary = csv.writer(summary)
        self.findings = csv.writer(findings)
        self.summary.writerow(SUMMARY_HEADERS.values())
        self.findings.writerow(FINDING_HEADERS.values())

    def write(self, result: ReportResult) -> None:
        self.summary.writerow(summary_cells(result))
        self.findings.writerows(finding_cells(result))

    def close(self) -> None:
        pass


class JsonWriter:
    """One JSON array, a report (its summary and its findings) per element, written as it comes."""

    def __init__(self, stream) -> None:
        self.stream = stream
        self.first = True
        stream.write("[")

    def write(self, result: ReportResult) -> None:
        import json

        self.stream.write(("\n" if self.first else ",\n") + json.dumps(result.to_dict(), ensure_ascii=False))
        self.first = False

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


__all__ = [
    "DEFAULT_LIMITS",
    "FAILED",
    "FINDING_FIELDS",
    "OK",
    "SUMMARY_FIELDS",
    "UNREADABLE",
    "Audited",
    "CsvWriter",
    "FindingRow",
    "HtmlWriter",
    "JsonWriter",
    "Limits",
    "ReportResult",
    "Source",
    "agency_key",
    "archive_sources",
    "audit_bytes",
    "audit_paths",
    "audit_source",
    "audit_sources",
    "audit_uploads",
    "collect",
    "count_sources",
    "is_archive",
    "results_csv",
    "results_xlsx",
    "sources_from_uploads",
]
