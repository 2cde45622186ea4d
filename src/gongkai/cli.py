"""The ``gongkai`` command line.

    gongkai report parse FILE                      canonical JSON on stdout
    gongkai report check FILE... [--previous FILE] [--json]
    gongkai report render FILE --to KIND [-o OUT]
    gongkai report audit PATH... [--out FILE.csv|.json|.xlsx|.html] [--resume] [--jobs N | --scheduler tcp://HOST:PORT]
                             [--timeout SECONDS] [--max-memory MB] [--no-progress]

Commands on report files use only the pure core (``gongkai.annual_report``)
and never set Django up, so they work from an installed wheel with no
database and no settings. Commands that need the database (``gongkai
workdays add``, ``gongkai report build``, later) are registered with
``needs_django=True``; only they call :func:`setup_django`, and only when
they run.

Exit status: 0 when every file was read and no rule of severity "error"
failed; 1 when a rule failed; 2 when a file could not be read or written
(the reason, in Chinese, on stderr — never a traceback unless --traceback).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import asdict, is_dataclass
from pathlib import Path
from typing import Any

EXIT_OK = 0
EXIT_RULE_FAILED = 1
EXIT_UNREADABLE = 2

SEVERITY_LABELS = {"error": "错误", "warning": "警告", "not_checked": "未核对", "info": "提示"}
TEXT_MEDIA_PREFIXES = ("text/", "application/json")
_SHOW_TRACEBACK = False  # set by --traceback


class CommandError(Exception):
    """A problem to tell the user about in one Chinese line, with an exit status."""

    def __init__(self, message: str, status: int = EXIT_UNREADABLE) -> None:
        super().__init__(message)
        self.status = status


# -- helpers ---------------------------------------------------------------


def setup_django(settings_module: str = "gongkai.settings.base") -> None:
    """Configure Django for commands that need the database. Only those call it."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings_module)
    import django

    django.setup()


def _out(text: str) -> None:
    sys.stdout.write(text)


def _err(text: str) -> None:
    sys.stderr.write(text if text.endswith("\n") else text + "\n")


def _read_report(path: str):
    """A report from a file, or CommandError(2) saying why it cannot be read."""
    from gongkai.annual_report import AnnualReportError, parse_bytes, parse_file

    if path == "-":
        data = sys.stdin.buffer.read()
        if not data.strip():
            raise CommandError("标准输入是空的，没有读到年度报告")
        try:
            return parse_bytes(data, None)
        except AnnualReportError as exc:
            raise CommandError(f"标准输入：无法作为年度报告读取：{exc}") from None
    file = Path(path)
    if not file.exists():
        raise CommandError(f"{path}：找不到文件")
    if file.is_dir():
        raise CommandError(f"{path}：这是一个文件夹，不是文件")
    try:
        size = file.stat().st_size
    except OSError as exc:
        raise CommandError(f"{path}：无法读取文件（{exc.strerror or exc}）") from None
    if size == 0 and file.is_file():  # a pipe or a device also says 0: parse_file refuses those
        raise CommandError(f"{path}：文件是空的，不是年度报告")
    try:
        return parse_file(file)
    except AnnualReportError as exc:
        raise CommandError(f"{path}：无法作为年度报告读取：{exc}") from None
    except PermissionError:
        raise CommandError(f"{path}：没有权限读取文件") from None
    except OSError as exc:
        raise CommandError(f"{path}：无法读取文件（{exc.strerror or exc}）") from None
    except Exception as exc:
        if _SHOW_TRACEBACK:
            raise
        raise CommandError(f"{path}：读取时出现内部错误（{type(exc).__name__}: {exc}），请报告此问题") from None


def _severity(finding: Any) -> str:
    severity = getattr(finding, "severity", "error")
    return str(getattr(severity, "value", severity))


def _code(finding: Any) -> str:
    return str(getattr(finding, "code", None) or getattr(finding, "rule", ""))


def _message(finding: Any) -> str:
    """The finding's message without the ``[code]`` it may start with (the code has its own column)."""
    message = str(getattr(finding, "message", finding))
    prefix = f"[{_code(finding)}]"
    return message[len(prefix) :].lstrip() if message.startswith(prefix) else message


def _finding_dict(finding: Any) -> dict[str, Any]:
    if hasattr(finding, "to_dict"):
        data = dict(finding.to_dict())
    elif is_dataclass(finding):
        data = asdict(finding)
    else:
        data = {"message": str(getattr(finding, "message", finding))}
    data["code"] = _code(finding)
    data["severity"] = _severity(finding)
    return {key: _jsonable(value) for key, value in data.items()}


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_jsonable(v) for v in value]
    return str(getattr(value, "value", value))


def _is_text_kind(kind: str) -> bool:
    from gongkai.annual_report.render import RENDERERS

    media_type = RENDERERS[kind][2]
    return media_type.startswith(TEXT_MEDIA_PREFIXES)


# -- gongkai report … ------------------------------------------------------


def cmd_report_parse(args: argparse.Namespace) -> int:
    from gongkai.annual_report.render.json import render_json

    report = _read_report(args.file)
    _out(render_json(report))
    return EXIT_OK


def cmd_report_check(args: argparse.Namespace) -> int:
    from gongkai.annual_report import check

    previous = _read_report(args.previous) if args.previous else None
    status = EXIT_OK
    all_findings: list[dict[str, Any]] = []
    totals = {"error": 0, "warning": 0}
    many = len(args.files) > 1
    for path in args.files:
        try:
            report = _read_report(path)
        except CommandError as exc:
            _err(str(exc))
            status = max(status, exc.status)
            continue
        findings = list(check(report, previous=previous))
        counts = {"error": 0, "warning": 0}
        for finding in findings:
            severity = _severity(finding)
            counts[severity] = counts.get(severity, 0) + 1
            if args.json:
                all_findings.append({"file": path, **_finding_dict(finding)})
        for severity in totals:
            totals[severity] += counts.get(severity, 0)
        if counts["error"]:
            status = max(status, EXIT_RULE_FAILED)
        if not args.json:
            if many:
                _out(f"== {path}\n")
            for finding in findings:
                severity = _severity(finding)
                label = SEVERITY_LABELS.get(severity, severity)
                _out(f"{label}\t{_code(finding)}\t{_message(finding)}\n")
            _out(_summary(path, counts) + "\n")
    if args.json:
        _out(json.dumps(all_findings, ensure_ascii=False, indent=1) + "\n")
    elif many:
        _out(f"合计：{len(args.files)} 个文件，{totals['error']} 个错误，{totals['warning']} 个警告\n")
    return status


def _summary(path: str, counts: dict[str, int]) -> str:
    errors, warnings = counts.get("error", 0), counts.get("warning", 0)
    not_checked = counts.get("not_checked", 0)
    tail = f"；{not_checked} 项未核对（缺少所需信息）" if not_checked else ""
    if not errors and not warnings:
        return f"{path}：通过，未发现问题{tail}"
    verdict = "未通过" if errors else "通过（有警告）"
    return f"{path}：{verdict}，{errors} 个错误，{warnings} 个警告{tail}"


def cmd_report_render(args: argparse.Namespace) -> int:
    _refuse_binary_to_terminal(args.to, args.output)
    report = _read_report(args.file)
    _write_output(_render(report, args.to), args.output)
    return EXIT_OK


def _refuse_binary_to_terminal(kind: str, output: str | None) -> None:
    if output in (None, "-") and not _is_text_kind(kind) and sys.stdout.isatty():
        raise CommandError(f"“{kind}”是二进制格式，不能输出到终端；请用 -o 文件名 指定输出文件")


def _render(report, kind: str) -> bytes:
    from gongkai.annual_report import AnnualReportError
    from gongkai.annual_report.render import render

    try:
        return render(report, kind)
    except AnnualReportError as exc:
        raise CommandError(f"无法生成“{kind}”格式：{exc}") from None


def _write_output(data: bytes, output: str | None) -> None:
    if output in (None, "-"):
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    try:
        Path(output).write_bytes(data)
    except OSError as exc:
        raise CommandError(f"{output}：无法写入文件（{exc.strerror or exc}）") from None


def cmd_report_audit(args: argparse.Namespace) -> int:
    """Every report under the paths, on a Dask cluster: a line per file as it finishes, an output file kept current."""
    from gongkai.annual_report.batch import FAILED, MB, UNREADABLE, Limits, audit_paths, count_sources

    limits = Limits(
        max_file_bytes=args.max_size * MB, seconds_per_file=args.timeout, memory_per_file=args.max_memory * MB
    )
    earlier = _audit_earlier(args)
    done = {result.sha256: result for result in earlier if result.sha256}
    total = count_sources(args.paths, limits)
    live = _audit_live_output(args.out, earlier)
    progress = _Progress(total, enabled=not args.no_progress)
    resumed = 0

    def finished(result) -> None:
        nonlocal resumed
        progress.step()
        if result.resumed:  # already in the output, and not worth a line each
            resumed += 1
            return
        if live is not None:
            live.write(result)
        progress.clear()
        _out(_audit_line(result))
        progress.draw()

    counts = {"ok": 0, FAILED: 0, UNREADABLE: 0, "errors": 0, "warnings": 0}
    crossed: list[str] = []

    def final(results):
        """The results in input order, after the cross-year pass: counted, and their cross-year lines kept."""
        for result in results:
            counts[result.status] = counts.get(result.status, 0) + 1
            counts["errors"] += result.errors
            counts["warnings"] += result.warnings
            if result.previous and not result.resumed:
                crossed.append(_audit_line(result))
            yield result

    runner = _audit_runner(args, limits, total)
    superseded = False
    try:
        results = final(audit_paths(args.paths, limits=limits, runner=runner, done=done, on_done=finished))
        if args.out:
            _audit_write(args.out, results)
            superseded = True
        else:
            for _result in results:
                pass
    finally:
        progress.finish()
        if live is not None:
            live.close(superseded=superseded)
        runner.close()
    if crossed:
        _out("跨年度核对（同一机关上一年度的报告也在其中）：\n" + "".join(crossed))
    done_count = counts["ok"] + counts[FAILED] + counts[UNREADABLE]
    again = f"（其中 {resumed} 个沿用此前的结果）" if resumed else ""
    _out(
        f"合计：{done_count} 个文件{again}，{counts['ok']} 个通过，{counts[FAILED]} 个有错误，"
        f"{counts[UNREADABLE]} 个无法读取；共 {counts['errors']} 个错误，{counts['warnings']} 个警告\n"
    )
    if counts[UNREADABLE]:
        return EXIT_UNREADABLE
    return EXIT_RULE_FAILED if counts[FAILED] else EXIT_OK


def _audit_line(result) -> str:
    from gongkai.annual_report.batch import STATUS_LABELS, UNREADABLE

    status = STATUS_LABELS.get(result.status, result.status)
    if result.status == UNREADABLE:
        return f"{status}\t{result.name}\t{result.reason}\n"
    who = " ".join(str(x) for x in (result.agency or "（未写明机关）", f"{result.year} 年度" if result.year else ""))
    tail = f"\t对照上一年度：{result.previous}" if result.previous else ""
    return (
        f"{status}\t{result.name}\t{who.strip()}\t读取 {result.figures_read}/{result.figures_total} 个数字\t"
        f"{result.errors} 个错误\t{result.warnings} 个警告{tail}\n"
    )


AUDIT_CLUSTER_MIN_FILES = 4  # fewer files are read in one guarded process: a cluster costs seconds to start


def _audit_runner(args: argparse.Namespace, limits, total: int):
    """Where the files are audited: the cluster at --scheduler, a LocalCluster of --jobs workers, or one process."""
    from gongkai.annual_report.batch import ClusterError, Guarded

    if not args.scheduler and (args.jobs == 1 or total < AUDIT_CLUSTER_MIN_FILES):
        return Guarded(limits)
    try:
        from gongkai.annual_report.batch import DaskCluster

        return DaskCluster(limits, jobs=min(args.jobs, max(total, 1)), scheduler=args.scheduler)
    except ImportError:
        raise CommandError("批量检查需要 Dask：请安装 dask[distributed]，或用 --jobs 1 在单个进程中检查") from None
    except ClusterError as exc:
        raise CommandError(str(exc)) from None


def _audit_earlier(args: argparse.Namespace) -> list:
    """With --resume, the results already in --out (nothing when it does not exist yet)."""
    from gongkai.annual_report.batch import OutputError, read_results

    if not args.resume:
        return []
    if not args.out:
        raise CommandError("--resume 需要与 --out 一起使用：从 --out 指定的已有结果继续")
    if not Path(args.out).exists():
        _err(f"没有找到已有的结果 {args.out}，从头开始检查")
        return []
    try:
        earlier = read_results(args.out)
    except OutputError as exc:
        raise CommandError(str(exc)) from None
    known = sum(1 for result in earlier if result.sha256)
    _err(f"续跑：{args.out} 中已有 {known} 个文件的结果，内容未变的文件不再重新检查")
    return earlier


def _audit_live_output(out: str | None, earlier: list):
    """The output file written as files finish (None without --out)."""
    from gongkai.annual_report.batch import LiveOutput, OutputError, findings_path

    if not out:
        return None
    try:
        live = LiveOutput(out, earlier)
    except OutputError as exc:
        raise CommandError(str(exc)) from None
    if Path(out).suffix.lower() == ".csv":
        _err(f"报告汇总写入 {out}，问题明细写入 {findings_path(Path(out))}")
    return live


def _audit_write(out: str, results) -> None:
    from gongkai.annual_report.batch import OutputError, write_results

    try:
        write_results(out, results)
    except OutputError as exc:
        raise CommandError(str(exc)) from None


class _Progress:
    """A progress bar on stderr: redrawn in place on a terminal, a line every 10 % otherwise."""

    WIDTH = 30

    def __init__(self, total: int, *, enabled: bool = True) -> None:
        import time

        self.total = max(total, 1)
        self.done = 0
        self.enabled = enabled
        self.tty = sys.stderr.isatty()
        self.started = time.monotonic()
        self.last_decile = -1
        self.shown = False

    def step(self, result=None) -> None:
        self.done += 1
        self.draw()

    def _text(self) -> str:
        import time

        done = min(self.done, self.total)
        filled = int(self.WIDTH * done / self.total)
        elapsed = time.monotonic() - self.started
        rate = done / elapsed if elapsed > 0 else 0.0
        left = (self.total - done) / rate if rate > 0 else 0.0
        bar = "█" * filled + "░" * (self.WIDTH - filled)
        return f"{bar} {done}/{self.total} 个文件 {rate:.1f} 个/秒 剩余约 {left:.0f} 秒"

    def draw(self) -> None:
        if not self.enabled:
            return
        if self.tty:
            sys.stderr.write("\r" + self._text() + "\x1b[K")
            sys.stderr.flush()
            self.shown = True
            return
        decile = 10 * min(self.done, self.total) // self.total
        if decile != self.last_decile:
            self.last_decile = decile
            sys.stderr.write(self._text() + "\n")
            sys.stderr.flush()

    def clear(self) -> None:
        if self.enabled and self.tty and self.shown:
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()

    def finish(self) -> None:
        if self.enabled and self.tty and self.shown:
            sys.stderr.write("\n")
            sys.stderr.flush()


def _jobs(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}”不是整数") from None
    if not 1 <= n <= 64:
        raise argparse.ArgumentTypeError(f"进程数 {n} 超出范围（1–64）")
    return n


def _megabytes(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}”不是整数") from None
    if not 1 <= n <= 1024:
        raise argparse.ArgumentTypeError(f"文件大小上限 {n} MB 超出范围（1–1024）")
    return n


def _seconds(text: str) -> float:
    try:
        n = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}”不是数字") from None
    if not 0.1 <= n <= 86400:
        raise argparse.ArgumentTypeError(f"时间上限 {text} 秒超出范围（0.1–86400）")
    return n


def _memory_megabytes(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}”不是整数") from None
    if not 50 <= n <= 1024 * 1024:
        raise argparse.ArgumentTypeError(f"内存上限 {n} MB 超出范围（50–1048576）")
    return n


def _scheduler_address(text: str) -> str:
    if "://" not in text or text.endswith("://"):
        raise argparse.ArgumentTypeError(f"“{text}”不是调度器地址，应形如 tcp://主机:端口")
    return text


def cmd_report_build(args: argparse.Namespace) -> int:
    """The report of an agency and year computed from the records in the database."""
    from gongkai.agencies.selectors import agency_get
    from gongkai.annual_report import check
    from gongkai.core.errors import ApplicationError
    from gongkai.reports.build import build_report

    _refuse_binary_to_terminal(args.to, args.output)
    agency = agency_get(args.agency)
    if agency is None:
        raise CommandError(f"找不到代码为“{args.agency}”的机关")
    try:
        report = build_report(agency, args.year)
    except ApplicationError as exc:
        raise CommandError(str(exc)) from None
    _write_output(_render(report, args.to), args.output)
    errors = [f for f in check(report) if _severity(f) == "error"]
    for finding in errors:
        _err(f"{SEVERITY_LABELS['error']}\t{_code(finding)}\t{_message(finding)}")
    return EXIT_RULE_FAILED if errors else EXIT_OK


def _year(text: str) -> int:
    try:
        year = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}”不是年份") from None
    if not 2008 <= year <= 2100:
        raise argparse.ArgumentTypeError(f"年份 {year} 超出范围（2008–2100）")
    return year


def _date(text: str):
    from datetime import date

    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}”不是 YYYY-MM-DD 格式的日期") from None


def _count(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}”不是整数") from None
    if not 0 <= n <= 1000:
        raise argparse.ArgumentTypeError(f"工作日数 {n} 超出范围（0–1000）")
    return n


# -- gongkai workdays … ----------------------------------------------------


def cmd_workdays_add(args: argparse.Namespace) -> int:
    """The N-th working day after DATE by the calendar in the database."""
    from gongkai.workcalendar.selectors import work_calendar

    result = work_calendar().add_working_days(args.date, args.n)
    _out(result.date.isoformat() + (" provisional" if result.provisional else "") + "\n")
    if args.explain:
        _out(result.explain() + "\n")
    return EXIT_OK


def register_workdays(commands: argparse._SubParsersAction) -> None:
    workdays = commands.add_parser("workdays", help="工作日：按节假日安排推算期限")
    sub = workdays.add_subparsers(dest="action", metavar="ACTION")
    sub.required = True
    add = sub.add_parser("add", help="DATE 之后的第 N 个工作日（当日不计）")
    add.add_argument("date", type=_date, metavar="DATE", help="起算日期，YYYY-MM-DD")
    add.add_argument("n", type=_count, metavar="N", help="工作日数")
    add.add_argument("--explain", action="store_true", help="说明推算过程")
    add.set_defaults(handler=cmd_workdays_add, needs_django=True)


def register_report(commands: argparse._SubParsersAction) -> None:
    from gongkai.annual_report.render import RENDERERS

    report = commands.add_parser("report", help="年度报告：解析、检查、转换格式")
    sub = report.add_subparsers(dest="action", metavar="ACTION")
    sub.required = True

    parse = sub.add_parser("parse", help="读取报告文件，输出标准 JSON")
    parse.add_argument(
        "file", metavar="FILE", help="报告文件（文本、HTML、Word、Excel、PDF 或 JSON；“-” 表示标准输入）"
    )
    parse.set_defaults(handler=cmd_report_parse)

    check = sub.add_parser("check", help="按年度报告格式的规则检查报告")
    check.add_argument("files", metavar="FILE", nargs="+", help="一个或多个报告文件")
    check.add_argument("--previous", metavar="FILE", help="上一年度的报告，用于跨年度检查")
    check.add_argument("--json", action="store_true", help="以 JSON 列表输出检查结果")
    check.set_defaults(handler=cmd_report_check)

    render = sub.add_parser("render", help="把报告转换为另一种格式")
    render.add_argument("file", metavar="FILE", help="报告文件")
    render.add_argument("--to", required=True, choices=list(RENDERERS), help="输出格式")
    render.add_argument("-o", "--output", metavar="OUT", help="输出文件；“-” 表示标准输出（默认）")
    render.set_defaults(handler=cmd_report_render)

    audit = sub.add_parser(
        "audit",
        help="批量检查：文件、文件夹或 ZIP 压缩包中的所有报告（Dask 并行），每份报告一行汇总",
        description=(
            "读取并检查 PATH 中的每一份年度报告（文件夹递归读取，ZIP 压缩包逐个解压检查），"
            "默认在本机启动 Dask 集群并行检查，每个文件检查完即输出一行并写入结果文件。"
            "同一机关上一年度的报告也在其中时，自动做跨年度核对。无法读取、超时或超过内存上限的文件单独列出原因，"
            "不影响其他文件。退出码：0 全部通过，1 有报告存在错误，2 有文件无法读取。"
        ),
    )
    audit.add_argument("paths", metavar="PATH", nargs="+", help="报告文件、文件夹或 ZIP 压缩包")
    audit.add_argument(
        "--out",
        metavar="FILE",
        help="把结果写入文件，边检查边写：.csv（另写 FILE.findings.csv 问题明细）、.json、.xlsx 或 .html；已有的文件会被替换，除非加 --resume",
    )
    audit.add_argument(
        "--resume",
        action="store_true",
        help="从 --out 中已有的结果继续：内容（SHA-256）与已检查过的文件相同的不再重新检查（.csv、.json、.xlsx）",
    )
    audit.add_argument(
        "--jobs",
        type=_jobs,
        default=os.cpu_count() or 1,
        metavar="N",
        help="本机 Dask 集群的工作进程数（默认为 CPU 核数；1 表示不启动集群，在单个受控进程中检查）",
    )
    audit.add_argument(
        "--scheduler",
        type=_scheduler_address,
        metavar="tcp://HOST:PORT",
        help="使用已有的 Dask 集群（文件在本机读取后发送给集群，集群的机器无需能访问这些文件）",
    )
    audit.add_argument(
        "--timeout",
        type=_seconds,
        default=300.0,
        metavar="SECONDS",
        help="每个文件的读取与检查时间上限，超过即停止并列为无法读取（默认 300 秒）",
    )
    audit.add_argument(
        "--max-memory",
        type=_memory_megabytes,
        default=1024,
        metavar="MB",
        help="每个文件读取时可用的内存上限，超过即停止并列为无法读取（默认 1024 MB）",
    )
    audit.add_argument("--no-progress", action="store_true", help="不在标准错误输出上显示进度条")
    audit.add_argument(
        "--max-size", type=_megabytes, default=50, metavar="MB", help="单个报告文件的大小上限（默认 50 MB）"
    )
    audit.set_defaults(handler=cmd_report_audit)

    build = sub.add_parser("build", help="由数据库中的工作记录生成某机关某年度的报告")
    build.add_argument("--agency", required=True, metavar="CODE", help="机关代码，如 jiyuan-hrss")
    build.add_argument("--year", required=True, type=_year, metavar="YEAR", help="报告年度")
    build.add_argument("--to", default="json", choices=list(RENDERERS), help="输出格式（默认 json）")
    build.add_argument("-o", "--output", metavar="OUT", help="输出文件；“-” 表示标准输出（默认）")
    build.set_defaults(handler=cmd_report_build, needs_django=True)


# Each entry adds one top-level command group. Groups backed by the database
# (e.g. `gongkai workdays add DATE N`, a later issue) are added here too and
# mark their handlers with needs_django=True.
COMMAND_GROUPS: list[Callable[[argparse._SubParsersAction], None]] = [register_report, register_workdays]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="gongkai",
        description="Gongkai 政府信息公开工作系统的命令行工具",
    )
    parser.add_argument("--traceback", action="store_true", help="出现内部错误时显示完整的调用栈（供开发者排查）")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True
    for register in COMMAND_GROUPS:
        register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8")
    parser = build_parser()
    args = parser.parse_args(argv)
    global _SHOW_TRACEBACK
    _SHOW_TRACEBACK = args.traceback
    try:
        if getattr(args, "needs_django", False):
            setup_django()
        return args.handler(args)
    except CommandError as exc:
        _err(str(exc))
        return exc.status
    except BrokenPipeError:
        # The reader went away (`| head`); say nothing more.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except KeyboardInterrupt:
        _err("已中断")
        return 130
    except Exception as exc:
        if args.traceback:
            raise
        _err(f"内部错误：{type(exc).__name__}: {exc}（加 --traceback 可查看详细信息，请报告此问题）")
        return EXIT_UNREADABLE


if __name__ == "__main__":
    sys.exit(main())
