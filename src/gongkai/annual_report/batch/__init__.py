"""Audit many published reports at once: files, folders and ZIP archives, on a Dask cluster or in this process.

    from gongkai.annual_report.batch import audit_paths
    for result in audit_paths(["reports/", "region-2024.zip"], jobs=2):
        print(result.name, result.status, result.errors, result.warnings)

Every path given becomes at least one :class:`ReportResult` — its summary
(agency, year, format, figures read and how, errors, warnings) and its
findings — in the order the inputs were given (folders sorted by name,
archive members in archive order). A file that cannot be read, that is not a
regular file, that runs over its time or memory limit, or that makes a parser
raise anything at all, is a result with ``status == "unreadable"`` and the
reason in Chinese; the batch always goes on.

The package, in the order a file goes through it:

* ``sources`` — paths, folders and archives → :class:`Source` values, within
  the :class:`Limits` (sizes, ZIP bombs, member counts; archives streamed);
* ``runners`` — where files are audited: :class:`InProcess` (the web page),
  :class:`Guarded` (one guarded process) or :class:`DaskCluster`
  (``dask.distributed``: a LocalCluster, or an existing scheduler);
* ``sandbox`` — the guarded process that enforces the per-file time and
  memory limits from outside the parser;
* ``one`` — one file: sniff, parse, check (:func:`audit_bytes`);
* ``run`` — the batch: the spill to disk, resuming by SHA-256, the
  cross-year second pass (:func:`audit_sources`, :func:`audit_paths`,
  :func:`audit_uploads`);
* ``outputs`` — CSV, JSON, XLSX and HTML, written as files finish and read
  back to resume.

Why Dask and how the limits work: docs/decisions/0002-dask-for-batch-audit.md.
Nothing here imports Django: the command line (``gongkai report audit``) and
the public "check a report" page both use this package; Dask itself is
imported only when a cluster is asked for.
"""

from __future__ import annotations

from .one import Audited, agency_key, audit_bytes, audit_source
from .outputs import (
    FINDING_HEADERS,
    OUTPUT_SUFFIXES,
    RESUMABLE_SUFFIXES,
    SEVERITY_LABELS,
    STATUS_LABELS,
    SUMMARY_HEADERS,
    CsvWriter,
    HtmlWriter,
    JsonWriter,
    LiveOutput,
    OutputError,
    finding_cells,
    findings_path,
    read_results,
    results_csv,
    results_xlsx,
    summary_cells,
    write_results,
)
from .results import (
    CONFIDENCE_FIELDS,
    DEFAULT_LIMITS,
    FAILED,
    FINDING_FIELDS,
    MB,
    OK,
    SUMMARY_FIELDS,
    UNREADABLE,
    FindingRow,
    Limits,
    ReportResult,
    size_text,
)
from .run import audit_paths, audit_sources, audit_uploads
from .runners import ClusterError, DaskCluster, Guarded, InProcess, runner_for
from .sandbox import SandboxError
from .sources import Source, archive_sources, collect, count_sources, is_archive, sources_from_uploads, too_large

__all__ = [
    "CONFIDENCE_FIELDS",
    "DEFAULT_LIMITS",
    "FAILED",
    "FINDING_FIELDS",
    "FINDING_HEADERS",
    "MB",
    "OK",
    "OUTPUT_SUFFIXES",
    "RESUMABLE_SUFFIXES",
    "SEVERITY_LABELS",
    "STATUS_LABELS",
    "SUMMARY_FIELDS",
    "SUMMARY_HEADERS",
    "UNREADABLE",
    "Audited",
    "ClusterError",
    "CsvWriter",
    "DaskCluster",
    "FindingRow",
    "Guarded",
    "HtmlWriter",
    "InProcess",
    "JsonWriter",
    "Limits",
    "LiveOutput",
    "OutputError",
    "ReportResult",
    "SandboxError",
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
    "finding_cells",
    "findings_path",
    "is_archive",
    "read_results",
    "results_csv",
    "results_xlsx",
    "runner_for",
    "size_text",
    "sources_from_uploads",
    "summary_cells",
    "too_large",
    "write_results",
]
