"""A batch from start to end: sources → a runner → the spill → the cross-year pass → results in input order.

Every finished file is spilled to a temporary file on disk (pickled,
compressed) together with its report, so memory does not grow with the number
of reports. The cross-year rules (every rule that needs the previous year) run
in a second pass, when the same agency's report for the year before is among
the inputs (agency names compared after folding width, spaces and
punctuation); that pass reads both reports back from the spill, so no file is
parsed twice.

Resuming (``done``: results of an earlier run by SHA-256): a source whose
bytes were audited before is not sent to the runner; its earlier result is
used, under the name it has now. Such results carry no report, so when one of
them is the previous (or the next) year of a file audited now, that one file
is audited again to pair them; two earlier results that the earlier run
compared keep the cross-year findings they had (a run stopped before its
cross-year pass compared nothing: both are read again).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from pathlib import Path

from ..model import Report
from .one import Audited, agency_key, thaw
from .results import DEFAULT_LIMITS, FindingRow, Limits, ReportResult, short
from .runners import InProcess, runner_for
from .sandbox import file_sha256
from .sources import Source, collect, not_regular, sources_from_uploads


class _Spill:
    """Results, reports and (for resumed files) sources on disk between the passes."""

    def __init__(self) -> None:
        self.file = tempfile.TemporaryFile(prefix="gongkai-audit-")
        self.results: list[tuple[int, int]] = []  # by index: (offset, length)
        self.reports: dict[int, tuple[int, int]] = {}
        self.sources: dict[int, tuple[int, int]] = {}

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

    def put_source(self, index: int, source: Source) -> None:
        self.sources[index] = self._write(zlib.compress(pickle.dumps(source, pickle.HIGHEST_PROTOCOL), 1))

    def result(self, index: int) -> ReportResult:
        return pickle.loads(zlib.decompress(self._read(self.results[index])))

    def report(self, index: int) -> Report:
        return thaw(self._read(self.reports[index]))

    def source(self, index: int) -> Source:
        return pickle.loads(zlib.decompress(self._read(self.sources[index])))

    def close(self) -> None:
        self.file.close()


def _cross_rules() -> set[str]:
    from ..rules import RULES

    return {code for code, rule in RULES.items() if getattr(rule, "needs", None) == "previous"}


def _with_sha(source: Source) -> Source:
    """``source`` with the SHA-256 of its bytes (read here, in chunks), to look it up among earlier results."""
    if source.error or source.sha256:
        return source
    if source.data is not None:
        return replace(source, sha256=hashlib.sha256(source.data).hexdigest())
    if source.path is not None and not_regular(source.path) is None:
        try:
            return replace(source, sha256=file_sha256(source.path))
        except OSError:
            return source
    return source


def audit_sources(
    sources: Iterable[Source],
    *,
    jobs: int = 1,
    limits: Limits = DEFAULT_LIMITS,
    cross_year: bool = True,
    keep_reports: bool = False,
    on_done: Callable[[ReportResult], None] | None = None,
    runner=None,
    done: Mapping[str, ReportResult] | None = None,
) -> Iterator[ReportResult]:
    """Audit every source; results in input order, with the cross-year findings added.

    ``on_done`` is called in this process as each file finishes, in the order
    they finish, with the result before the cross-year pass (for a progress bar
    and for output written as the batch goes). ``runner`` says where files are
    audited (see ``runners``; by default this process for ``jobs`` 1, else a
    LocalCluster of ``jobs`` workers, closed at the end); a runner passed in is
    left open. ``done`` maps SHA-256 → an earlier result (``--resume``). With
    ``keep_reports`` each readable result carries its parsed ``report`` (for
    showing it; a batch of thousands should not ask for that).
    """
    from .. import check

    own_runner = runner is None
    if runner is None:
        runner = runner_for(limits, jobs=jobs)
    notify = on_done or (lambda result: None)
    cross_rules = _cross_rules()
    spill = _Spill()
    try:
        by_agency_year: dict[tuple[str, int], int] = {}

        def keep(audited: Audited) -> None:
            spill.put(audited)
            result = audited.result
            key = agency_key(result.agency)
            if result.readable and key and result.year:
                # The first input for an agency and year is the one compared with.
                current = by_agency_year.get((key, result.year))
                if current is None or result.index < current:
                    by_agency_year[(key, result.year)] = result.index

        def todo() -> Iterator[tuple[int, Source]]:
            for index, source in enumerate(sources):
                if done:
                    source = _with_sha(source)
                    earlier = done.get(source.sha256) if source.sha256 else None
                    if earlier is not None:
                        result = replace(earlier, index=index, name=source.name, resumed=True, report=None)
                        result.findings = list(earlier.findings)
                        spill.put_source(index, source)
                        keep(Audited(result, None))
                        notify(result)
                        continue
                yield index, source

        for audited in runner.run(todo()):
            keep(audited)
            notify(audited.result)

        if cross_year and done:
            _reaudit_partners(spill, by_agency_year, runner)
        for index in range(len(spill.results)):
            result = spill.result(index)
            previous_index = None
            if cross_year and result.readable and result.year and index in spill.reports:
                previous_index = by_agency_year.get((agency_key(result.agency), result.year - 1))
                if previous_index is not None and previous_index not in spill.reports:
                    previous_index = None  # an earlier run's result paired with an earlier run's result
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
                            f"跨年度核对未能完成（{type(exc).__name__}: {short(exc)}）",
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
        if own_runner:
            runner.close()


def _reaudit_partners(spill: _Spill, by_agency_year: dict[tuple[str, int], int], runner) -> None:
    """Audit again the earlier-run results of a pair still to compare, to get their reports.

    A pair is still to compare when one of the two was audited now, or when
    both come from an earlier run that stopped before its cross-year pass (the
    later one names no previous year). Only those files are read again.
    """
    wanted: set[int] = set()
    for (key, year), later in by_agency_year.items():
        earlier = by_agency_year.get((key, year - 1))
        if earlier is None:
            continue
        later_kept, earlier_kept = later in spill.sources, earlier in spill.sources
        if not later_kept and not earlier_kept:
            continue  # both audited now: the pass below compares them
        if later_kept and earlier_kept and spill.result(later).previous:
            continue  # compared by the earlier run, findings kept
        wanted |= {index for index, kept in ((later, later_kept), (earlier, earlier_kept)) if kept}
    if not wanted:
        return
    for audited in runner.run((index, spill.source(index)) for index in sorted(wanted)):
        spill.put(audited)
        spill.sources.pop(audited.result.index, None)


def audit_paths(
    paths: Sequence[str | Path],
    *,
    jobs: int = 1,
    limits: Limits = DEFAULT_LIMITS,
    cross_year: bool = True,
    on_done: Callable[[ReportResult], None] | None = None,
    runner=None,
    done: Mapping[str, ReportResult] | None = None,
) -> Iterator[ReportResult]:
    """Audit every report file under ``paths`` (files, folders, ZIP archives); a result for every path given."""
    return audit_sources(
        collect(paths, limits),
        jobs=jobs,
        limits=limits,
        cross_year=cross_year,
        on_done=on_done,
        runner=runner,
        done=done,
    )


def audit_uploads(
    files: Iterable[tuple[str, bytes]], *, limits: Limits = DEFAULT_LIMITS, cross_year: bool = True
) -> list[ReportResult]:
    """Audit files already in memory (a web upload), in this process; each result keeps its ``report``."""
    sources = sources_from_uploads(files, limits)
    return list(
        audit_sources(sources, limits=limits, cross_year=cross_year, keep_reports=True, runner=InProcess(limits))
    )
