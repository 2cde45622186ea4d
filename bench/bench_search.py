"""Full-text search over a generated corpus, and the document page under concurrent load.

    .venv/bin/python bench/bench_search.py                     # 200,000 documents, SQLite (+ PostgreSQL if DATABASE_URL)
    .venv/bin/python bench/bench_search.py --documents 20000 --seconds 5       # a quick look
    .venv/bin/python bench/bench_search.py --write             # also add the results to docs/benchmarks.md

What it does, for each database (SQLite always; PostgreSQL when DATABASE_URL points at a server —
the bench creates and drops its own database ``gongkai_bench_search`` there, never touching yours):

1. a fresh database (var/bench/search-<N>.sqlite3, or ``gongkai_bench_search``), migrated;
2. N published documents of 20 agencies (titles and bodies drawn from jieba's dictionary with a
   Zipf distribution, plus domain words at known rates and two rare words in a handful of
   documents), bulk-inserted, then indexed: segmentation by ``search.services.IndexItem`` in one
   process per core, entries bulk-inserted, then the full-text index rebuilt;
3. search latency, first page of 20 ranked results, per query: through ``search.selectors.search``
   (what the portal calls: ranking with title weights, total count, entry fetch) and a bare query
   on the same table (SQLite: ``SELECT rowid FROM search_fts WHERE search_fts MATCH ? ORDER BY rank
   LIMIT 20``; PostgreSQL: the ``@@`` query ordered by ``ts_rank_cd``) — p50 and p95 over repeated runs;
4. the document page's throughput: ``manage.py runserver`` (threaded, DEBUG off) on 127.0.0.1 and
   a bounded loop of C client threads requesting random document pages for S seconds.

Everything is bounded: generation is linear in N, each query runs at most --repeat times or
--seconds, the load test runs --load-seconds. Results print as Markdown (machine, date, numbers).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from datetime import UTC, date, datetime
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH_DIR = ROOT / "var" / "bench"
PG_DATABASE = "gongkai_bench_search"
AGENCIES = 20
QUERIES = {
    # query: what it is
    "通知": "common word (titles)",
    "工作": "common word",
    "社保": "domain word, 2 characters",
    "养老保险": "domain word, 4 characters",
    "社保 通知": "two words",
    "区块链": "rare word (about 1 in 20,000 documents)",
    "鲲鹏计划": "rare word (a handful of documents)",
}
DOMAIN_RATES = {"社保": 0.05, "养老保险": 0.03, "就业创业": 0.02, "农民工工资": 0.01}
RARE = {"区块链": 20_000, "鲲鹏计划": 60_000}  # one document in this many
USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) gongkai-bench"


# --- the machine ------------------------------------------------------------------------------------


def machine_info() -> dict[str, str]:
    def version(package: str) -> str:
        try:
            return metadata.version(package)
        except metadata.PackageNotFoundError:
            return "-"

    model = "-"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        commit = "-"
    import sqlite3

    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": commit,
        "cpus": str(os.cpu_count()),
        "cpu": model,
        "memory": _memory(),
        "os": platform.platform(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "django": version("Django"),
        "jieba": version("jieba"),
        "load": " ".join(f"{x:.1f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "-",
    }


def _memory() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                return f"{int(line.split()[1]) / 1024 / 1024:.0f} GiB"
    except OSError:
        pass
    return "-"


# --- the corpus -------------------------------------------------------------------------------------


def vocabulary(size: int = 6000) -> list[str]:
    """The most frequent 2–4 character Chinese words of jieba's dictionary, most frequent first."""
    import jieba

    words = []
    with open(Path(jieba.__file__).parent / "dict.txt", encoding="utf-8") as handle:
        for line in handle:
            word, freq, *_ = line.split()
            if 2 <= len(word) <= 4 and all("\u4e00" <= ch <= "\u9fff" for ch in word):
                words.append((int(freq), word))
    words.sort(reverse=True)
    excluded = set(RARE) | {"区块", "鲲鹏"}
    return [word for _freq, word in words if word not in excluded][:size]


class Writer:
    """Deterministic titles and bodies: Zipf-distributed words, domain words at fixed rates, rare words placed."""

    def __init__(self, seed: int, words: list[str]):
        self.rng = random.Random(seed)
        self.words = words
        weights = [1 / (rank + 1) ** 1.05 for rank in range(len(words))]
        total = sum(weights)
        self.cumulative = []
        running = 0.0
        for weight in weights:
            running += weight / total
            self.cumulative.append(running)

    def _words(self, count: int) -> list[str]:
        import bisect

        return [
            self.words[min(bisect.bisect(self.cumulative, self.rng.random()), len(self.words) - 1)]
            for _ in range(count)
        ]

    def document(self, number: int) -> tuple[str, str]:
        rng = self.rng
        title_words = self._words(rng.randint(4, 8))
        body_words = self._words(rng.randint(60, 140))
        for word, rate in DOMAIN_RATES.items():
            if rng.random() < rate:
                target = title_words if rng.random() < 0.3 else body_words
                target.insert(rng.randrange(len(target) + 1), word)
        for word, every in RARE.items():
            if number % every == every // 2:
                body_words.insert(rng.randrange(len(body_words)), word)
        if rng.random() < 0.4:
            title_words.append("通知")
        title = "关于" + "".join(title_words)
        sentences, sentence = [], []
        for word in body_words:
            sentence.append(word)
            if len(sentence) >= rng.randint(6, 14):
                sentences.append("".join(sentence) + "。")
                sentence = []
        if sentence:
            sentences.append("".join(sentence) + "。")
        return title[:300], "".join(f"<p>{s}</p>" for s in sentences)


def _segment(args):
    from gongkai.search.services import IndexItem

    document_id, agency_id, column_id, title, body_text, published_on, issuing_body = args
    return IndexItem(
        document_id=document_id,
        agency_id=agency_id,
        column_id=column_id,
        title=title,
        body_text=body_text,
        published_on=published_on,
        issuing_body=issuing_body,
        validity="valid",
    ).entry_fields() | {"document_id": document_id}


def _pool_init():
    import django

    django.setup()
    from gongkai.search.tokenize import index_words

    index_words("预热")  # load the dictionary once per process


def generate(count: int, log) -> dict:
    from multiprocessing import get_context

    from django.db import connection, transaction

    from gongkai.agencies.services import agency_ensure
    from gongkai.disclosure.models import CatalogueColumn, Document
    from gongkai.disclosure.sanitize import plain_text
    from gongkai.disclosure.services import catalogue_ensure_defaults
    from gongkai.search.backends import backend_for
    from gongkai.search.models import SearchEntry

    started = time.perf_counter()
    agencies = []
    for i in range(AGENCIES):
        agency, _ = agency_ensure(actor=None, code=f"bench-{i:02d}", name=f"基准测试机关{i:02d}", region="基准")
        catalogue_ensure_defaults(actor=None, agency=agency)
        agencies.append(agency)
    columns = {
        agency.pk: list(CatalogueColumn.objects.filter(agency=agency).values_list("pk", flat=True))
        for agency in agencies
    }
    writer = Writer(20261128, vocabulary())
    rng = random.Random(7)
    first_day = date(2015, 1, 1).toordinal()
    days = date(2025, 12, 31).toordinal() - first_day
    batch = 5000
    inserted = 0
    while inserted < count:
        rows = []
        for number in range(inserted, min(count, inserted + batch)):
            agency = agencies[number % AGENCIES]
            title, body = writer.document(number)
            published_on = date.fromordinal(first_day + rng.randrange(days))
            rows.append(
                Document(
                    agency=agency,
                    column_id=rng.choice(columns[agency.pk]),
                    index_number=f"bench/{published_on.year}-{number:07d}",
                    index_year=published_on.year,
                    index_seq=number,
                    document_number="",
                    issuing_body=agency.name,
                    written_on=published_on,
                    published_on=published_on,
                    title=title,
                    body=body,
                    status="published",
                )
            )
        with transaction.atomic():
            Document.objects.bulk_create(rows, batch_size=1000)
        inserted += len(rows)
        log(f"  documents: {inserted:,}/{count:,}")
    generated = time.perf_counter() - started

    started = time.perf_counter()
    rows = Document.objects.order_by("pk").values_list(
        "pk", "agency_id", "column_id", "title", "body", "published_on", "issuing_body"
    )
    processes = os.cpu_count() or 1
    connection.close()  # the workers fork: none may share this connection
    indexed = 0
    last_pk = 0
    with get_context("fork").Pool(processes, initializer=_pool_init) as pool:
        while True:
            chunk = [
                (pk, agency_id, column_id, title, plain_text(body), published_on, issuing_body)
                for pk, agency_id, column_id, title, body, published_on, issuing_body in rows.filter(pk__gt=last_pk)[
                    :10_000
                ]
            ]
            if not chunk:
                break
            last_pk = chunk[-1][0]
            entries = [SearchEntry(**fields) for fields in pool.map(_segment, chunk, chunksize=250)]
            with transaction.atomic():
                SearchEntry.objects.bulk_create(entries, batch_size=1000)
            indexed += len(entries)
            log(f"  indexed: {indexed:,}/{count:,}")
    segmented = time.perf_counter() - started
    started = time.perf_counter()
    with transaction.atomic():
        backend_for().rebuild()
    backend_for().optimize()
    rebuilt = time.perf_counter() - started
    return {
        "documents": count,
        "generate_seconds": round(generated, 1),
        "segment_and_insert_seconds": round(segmented, 1),
        "rebuild_seconds": round(rebuilt, 1),
        "segment_processes": processes,
    }


# --- search latency ---------------------------------------------------------------------------------


def bare_query(vendor: str):
    from django.db import connection

    from gongkai.search.backends.sqlite_fts5 import match_expression
    from gongkai.search.tokenize import query_words

    def run(query: str) -> int:
        words = query_words(query)
        with connection.cursor() as cursor:
            if vendor == "sqlite":
                cursor.execute(
                    "SELECT rowid FROM search_fts WHERE search_fts MATCH %s ORDER BY rank LIMIT 20",
                    [match_expression(words)],
                )
            else:
                cursor.execute(
                    "SELECT id FROM search_searchentry, plainto_tsquery('simple', %s) q "
                    "WHERE search_vector @@ q ORDER BY ts_rank_cd(search_vector, q) DESC LIMIT 20",
                    [" ".join(words)],
                )
            return len(cursor.fetchall())

    return run


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, math.ceil(fraction * len(ordered)) - 1))
    return ordered[index]


def time_query(function, query: str, repeat: int, seconds: float) -> dict:
    function(query)  # warm the cache
    samples = []
    deadline = time.perf_counter() + seconds
    while len(samples) < repeat and (time.perf_counter() < deadline or len(samples) < 5):
        started = time.perf_counter()
        function(query)
        samples.append((time.perf_counter() - started) * 1000)
    return {
        "runs": len(samples),
        "p50_ms": round(statistics.median(samples), 2),
        "p95_ms": round(percentile(samples, 0.95), 2),
    }


def measure_search(vendor: str, repeat: int, seconds: float) -> list[dict]:
    from gongkai.agencies.models import Agency
    from gongkai.search.selectors import search

    agency_id = Agency.objects.get(code="bench-00").pk
    bare = bare_query(vendor)
    rows = []
    for query, kind in QUERIES.items():
        total = search(query).total
        ours = time_query(lambda q: search(q).hits, query, repeat, seconds)
        raw = time_query(bare, query, repeat, seconds)
        agency = time_query(lambda q: search(q, agency_id=agency_id, year=2020).hits, query, repeat, seconds)
        rows.append({"query": query, "kind": kind, "hits": total, "selector": ours, "bare": raw, "filtered": agency})
    return rows


# --- document page throughput -----------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def measure_pages(env: dict, concurrency: int, seconds: float) -> dict:
    from gongkai.disclosure.models import Document

    rng = random.Random(11)
    ids = list(Document.objects.values_list("pk", "agency__code").order_by("?")[:2000])
    port = free_port()
    # runserver starts a thread per request: persistent connections would pile up (one per dead thread).
    env = {**env, "DATABASE_CONN_MAX_AGE": "0"}
    server = subprocess.Popen(
        [sys.executable, str(ROOT / "manage.py"), "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(base + "/search/", timeout=2).read()
                break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.1)
        else:
            raise RuntimeError("runserver did not start")
        latencies: list[float] = []
        errors = [0]
        lock = threading.Lock()
        stop = time.perf_counter() + seconds

        def client(seed: int) -> None:
            local = random.Random(seed)
            mine = []
            bad = 0
            while time.perf_counter() < stop:
                pk, code = local.choice(ids)
                request = urllib.request.Request(
                    f"{base}/agencies/{code}/disclosure/documents/{pk}/", headers={"User-Agent": USER_AGENT}
                )
                started = time.perf_counter()
                try:
                    with urllib.request.urlopen(request, timeout=30) as response:
                        response.read()
                        ok = response.status == 200
                except (urllib.error.URLError, ConnectionError, TimeoutError):
                    ok = False
                mine.append((time.perf_counter() - started) * 1000)
                bad += 0 if ok else 1
            with lock:
                latencies.extend(mine)
                errors[0] += bad

        threads = [threading.Thread(target=client, args=(rng.random(),)) for _ in range(concurrency)]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(timeout=10)
    return {
        "server": "manage.py runserver (threaded, DEBUG off), one process",
        "concurrency": concurrency,
        "seconds": round(elapsed, 1),
        "requests": len(latencies),
        "errors": errors[0],
        "per_second": round(len(latencies) / elapsed, 1),
        "p50_ms": round(statistics.median(latencies), 1) if latencies else None,
        "p95_ms": round(percentile(latencies, 0.95), 1) if latencies else None,
    }


# --- one backend, in its own process ------------------------------------------------------------------


def run_backend(args) -> dict:
    """Runs inside a child process whose environment names the database (see ``main``)."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    log = (lambda message: print(message, file=sys.stderr, flush=True)) if not args.quiet else (lambda m: None)
    log(f"[{connection.vendor}] migrating")
    call_command("migrate", verbosity=0)
    from gongkai.search.models import SearchEntry

    if args.reuse and SearchEntry.objects.count() == args.documents:
        log(f"[{connection.vendor}] reusing the {args.documents:,} documents already there")
        built = {"documents": args.documents, "reused": True}
    else:
        log(f"[{connection.vendor}] generating {args.documents:,} documents")
        built = generate(args.documents, log)
    log(f"[{connection.vendor}] measuring search")
    searches = measure_search(connection.vendor, args.repeat, args.seconds)
    log(f"[{connection.vendor}] measuring the document page")
    pages = measure_pages(dict(os.environ), args.concurrency, args.load_seconds)
    size = None
    if connection.vendor == "sqlite":
        size = Path(connection.settings_dict["NAME"]).stat().st_size
    else:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_database_size(current_database())")
            size = cursor.fetchone()[0]
    return {"vendor": connection.vendor, "build": built, "database_bytes": size, "search": searches, "pages": pages}


def child_env(database_url: str) -> dict:
    env = dict(os.environ)
    env["DATABASE_URL"] = database_url
    env["DJANGO_SETTINGS_MODULE"] = "gongkai.settings.test"
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "src"), env.get("PYTHONPATH", "")]))
    return env


def postgres_url(user_url: str) -> str:
    """The bench's own database on the server of ``user_url`` (created fresh, dropped afterwards)."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(user_url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + PG_DATABASE, parts.query, parts.fragment))


def pg_admin(url: str, statement: str) -> None:
    from urllib.parse import urlsplit, urlunsplit

    import psycopg

    parts = urlsplit(url)
    admin = urlunsplit((parts.scheme.replace("postgresql", "postgres"), parts.netloc, "/postgres", parts.query, ""))
    with psycopg.connect(admin.replace("postgres://", "postgresql://", 1), autocommit=True) as conn:
        conn.execute(statement)


def pg_exists(url: str) -> bool:
    import psycopg

    admin = url.rsplit("/", 1)[0].replace("postgres://", "postgresql://", 1) + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [PG_DATABASE]).fetchone() is not None


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=50, help="runs per query (at most)")
    parser.add_argument("--seconds", type=float, default=10.0, help="time limit per query and method")
    parser.add_argument("--concurrency", type=int, default=8, help="client threads of the page load test")
    parser.add_argument("--load-seconds", type=float, default=20.0)
    parser.add_argument("--sqlite-only", action="store_true")
    parser.add_argument(
        "--reuse", action="store_true", help="keep the bench databases, and measure again without regenerating"
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of Markdown")
    parser.add_argument("--write", action="store_true", help="add the Markdown to docs/benchmarks.md")
    parser.add_argument("--quiet", action="store_true")
    parser.add_argument("--child", choices=("sqlite", "postgres"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.child:
        print(json.dumps(run_backend(args)))
        return 0

    results = {"machine": machine_info(), "settings": vars(args).copy(), "backends": []}
    targets = []
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    sqlite_path = BENCH_DIR / f"search-{args.documents}.sqlite3"
    if not args.reuse:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{sqlite_path}{suffix}").unlink(missing_ok=True)
    targets.append(("sqlite", f"sqlite:///{sqlite_path}"))
    user_url = os.environ.get("DATABASE_URL", "")
    if user_url.startswith(("postgres://", "postgresql://")) and not args.sqlite_only:
        url = postgres_url(user_url)
        if not args.reuse:
            pg_admin(url, f"DROP DATABASE IF EXISTS {PG_DATABASE}")
        if not (args.reuse and pg_exists(url)):
            pg_admin(
                url,
                f"CREATE DATABASE {PG_DATABASE} ENCODING 'UTF8' LC_CTYPE 'C.UTF-8' LC_COLLATE 'C.UTF-8' "
                "TEMPLATE template0",
            )
        targets.append(("postgres", url))
    try:
        for name, url in targets:
            child = [sys.executable, __file__, "--child", name, *(argv if argv is not None else sys.argv[1:])]
            child = [part for part in child if part != "--write"]
            # Progress goes straight to our stderr; the child's result is the last line of its stdout.
            done = subprocess.run(child, env=child_env(url), stdout=subprocess.PIPE, text=True, check=False)
            if done.returncode != 0:
                sys.stderr.write(done.stdout)
                raise SystemExit(f"{name} failed")
            results["backends"].append(json.loads(done.stdout.strip().splitlines()[-1]))
    finally:
        for name, url in targets:
            if name == "postgres" and not args.reuse:
                pg_admin(url, f"DROP DATABASE IF EXISTS {PG_DATABASE}")
    text = json.dumps(results, ensure_ascii=False, indent=2) if args.json else markdown(results)
    print(text)
    if args.write:
        write_benchmarks(markdown(results))
    return 0


# --- the report ---------------------------------------------------------------------------------------

SECTION = "## Full-text search and the document page (`bench/bench_search.py`)"
SECTION_INTRO = """
What it measures: search latency over a generated corpus (first page of 20 ranked results, p50 and
p95 in milliseconds) through `gongkai.search.selectors.search` — what the portal calls: BM25 with
the title weighted ×10 on SQLite, `ts_rank_cd` on PostgreSQL, plus the total count and the fetch of
the 20 entries — against a bare query on the same table (SQLite `search_fts MATCH … ORDER BY rank
LIMIT 20`; PostgreSQL `@@ … ORDER BY ts_rank_cd LIMIT 20`), and the same search narrowed to one
agency and one year; then the public document page under concurrent load (runserver on 127.0.0.1,
client threads in the same machine). The corpus: N published documents of 20 agencies, titles of
4–8 and bodies of 60–140 words drawn from jieba's dictionary by a Zipf law, 社保 in 5 % and 养老保险
in 3 % of documents, 区块链 in 1 of 20,000 and 鲲鹏计划 in 1 of 60,000.

```sh
.venv/bin/python bench/bench_search.py --write                       # SQLite
DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/bench_search.py --write   # + PostgreSQL
```
"""


def markdown(results: dict) -> str:
    machine = results["machine"]
    lines = [
        f"### {machine['date'][:10]} — {results['backends'][0]['build']['documents']:,} documents (commit {machine['commit']})",
        "",
        f"Machine: {machine['cpus']} CPUs ({machine['cpu']}), {machine['memory']}, {machine['os']}, "
        f"Python {machine['python']}, SQLite {machine['sqlite']}, Django {machine['django']}, jieba {machine['jieba']}; "
        f"load average at start {machine['load']}.",
        "",
    ]
    for backend in results["backends"]:
        build = backend["build"]
        size = f"database {backend['database_bytes'] / 1024 / 1024:.0f} MiB"
        if build.get("reused"):
            made = f"the corpus of the previous run (--reuse); {size}."
        else:
            made = (
                f"generated in {build['generate_seconds']} s; segmented and inserted in "
                f"{build['segment_and_insert_seconds']} s ({build['segment_processes']} processes); full-text index "
                f"built in {build['rebuild_seconds']} s; {size}."
            )
        lines += [
            f"**{backend['vendor']}** — {made}",
            "",
            "| query | kind | hits | ours p50 / p95 ms | bare p50 / p95 ms | ours, one agency + year, p50 / p95 ms |",
            "| --- | --- | ---: | ---: | ---: | ---: |",
        ]
        for row in backend["search"]:
            ours, bare, filtered = row["selector"], row["bare"], row["filtered"]
            lines.append(
                f"| {row['query']} | {row['kind']} | {row['hits']:,} | {ours['p50_ms']} / {ours['p95_ms']} | "
                f"{bare['p50_ms']} / {bare['p95_ms']} | {filtered['p50_ms']} / {filtered['p95_ms']} |"
            )
        pages = backend["pages"]
        lines += [
            "",
            f"Document page: {pages['per_second']} pages/s with {pages['concurrency']} concurrent clients over "
            f"{pages['seconds']} s ({pages['requests']:,} requests, {pages['errors']} errors), latency p50 "
            f"{pages['p50_ms']} ms, p95 {pages['p95_ms']} ms — {pages['server']}.",
            "",
        ]
    return "\n".join(lines)


def write_benchmarks(entry: str) -> None:
    path = ROOT / "docs" / "benchmarks.md"
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    if SECTION not in text:
        text = text.rstrip("\n") + "\n\n" + SECTION + "\n" + SECTION_INTRO + "\n"
    head, tail = text.split(SECTION, 1)
    intro_end = tail.find("\n### ")
    next_section = tail.find("\n## ")
    if intro_end == -1 or (next_section != -1 and next_section < intro_end):
        intro_end = next_section if next_section != -1 else len(tail)
    tail = tail[:intro_end].rstrip("\n") + "\n\n" + entry.rstrip("\n") + "\n" + tail[intro_end:]
    path.write_text(head + SECTION + tail.rstrip("\n") + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    raise SystemExit(main())
