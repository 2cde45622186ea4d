"""What an audit gives for one file (:class:`ReportResult`) and the limits it runs within (:class:`Limits`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..model import Confidence, Report

MB = 1024 * 1024

# Statuses of a result.
OK = "ok"  # read; no rule of severity error failed
FAILED = "failed"  # read; at least one error
UNREADABLE = "unreadable"  # not read at all: ``reason`` says why


@dataclass(frozen=True)
class Limits:
    max_file_bytes: int = 50 * MB  # one report file
    max_archive_members: int = 10_000  # entries of one ZIP archive
    max_unpacked_bytes: int = 2048 * MB  # everything one archive unpacks to
    max_ratio: int = 100  # uncompressed / compressed size of one member
    # Parsing and checking one file. In a guarded process (the command line, a cluster) the process
    # is killed when it runs over; in this process (the web page) it is a SIGALRM, POSIX main thread only.
    seconds_per_file: float = 300.0
    # Memory one file may take beyond what the guarded process needs to start (its address space,
    # enforced by the kernel with RLIMIT_AS; Linux and other POSIX systems). Not enforced in this process.
    memory_per_file: int = 1024 * MB


DEFAULT_LIMITS = Limits()

# How each figure was read (``Cell.confidence``), counted per report: summary field → confidence.
CONFIDENCE_FIELDS = {f"figures_{confidence.value}": confidence for confidence in Confidence}


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
    sha256: str | None = None  # of the file's bytes; what ``--resume`` recognises a file by
    status: str = UNREADABLE
    reason: str | None = None  # why it is unreadable
    kind: str | None = None  # text, html, pdf, docx, xlsx, json
    agency: str | None = None
    year: int | None = None
    format: str | None = None
    figures_total: int = 0
    figures_read: int = 0  # cells with a figure, a blank or a "/"
    figures_missing: int = 0
    # Figures by how they were read (``Cell.confidence``); they add up to ``figures_total``.
    figures_exact: int = 0
    figures_decoded: int = 0
    figures_ocr: int = 0
    figures_inferred: int = 0
    figures_ambiguous: int = 0
    figures_unread: int = 0
    errors: int = 0
    warnings: int = 0
    not_checked: int = 0
    previous: str | None = None  # the input used as the previous year
    crashed: bool = False  # unreadable because a parser raised something unexpected (a bug to report)
    seconds: float = 0.0
    findings: list[FindingRow] = field(default_factory=list)
    # The parsed report, only when asked for (``keep_reports``); never spilled or pickled.
    report: Report | None = field(default=None, repr=False, compare=False)
    # Taken from the output of an earlier run (``--resume``), not audited again.
    resumed: bool = field(default=False, repr=False, compare=False)

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
            **{name: getattr(self, name) for name in CONFIDENCE_FIELDS},
            "errors": self.errors,
            "warnings": self.warnings,
            "not_checked": self.not_checked,
            "previous": self.previous,
            "reason": self.reason,
            "size": self.size,
            "sha256": self.sha256,
            "seconds": round(self.seconds, 3),
        }

    def to_dict(self) -> dict[str, Any]:
        return {**self.summary(), "findings": [f.to_dict() for f in self.findings]}

    @classmethod
    def from_dict(cls, data: dict[str, Any], index: int = 0) -> ReportResult:
        """Back from ``to_dict()`` (e.g. a result carried in a signed token, or read from an earlier run's JSON)."""
        names = set(SUMMARY_FIELDS) - {"file"}
        result = cls(index=index, name=str(data.get("file") or ""))
        for name in names:
            if name in data:
                setattr(result, name, data[name])
        result.findings = [FindingRow(**{k: f.get(k) for k in FINDING_KEYS}) for f in data.get("findings") or ()]
        return result

    def count(self) -> None:
        self.errors = sum(1 for f in self.findings if f.severity == "error")
        self.warnings = sum(1 for f in self.findings if f.severity == "warning")
        self.not_checked = sum(1 for f in self.findings if f.severity == "not_checked")
        if self.readable:
            self.status = FAILED if self.errors else OK


SUMMARY_FIELDS = tuple(ReportResult(0, "").summary())
FINDING_KEYS = ("rule", "severity", "table", "row", "column", "key", "expected", "actual", "message")
FINDING_FIELDS = ("file", "agency", "year", *FINDING_KEYS)


def short(exc: BaseException, limit: int = 200) -> str:
    """An exception's text on one line, cut to ``limit`` characters (for a reason shown to a person)."""
    text = str(exc).replace("\n", " ")
    return text if len(text) <= limit else text[:limit] + "…"


def size_text(n: int) -> str:
    if n >= MB:
        return f"{n / MB:.1f} MB"
    if n >= 1024:
        return f"{n / 1024:.0f} KB"
    return f"{n} B"
