"""Where the files of a batch are audited: in this process, in one guarded process, or on a Dask cluster.

Every runner takes numbered sources and gives back an :class:`Audited` per
source, in the order they finish; a source refused before reading gives its
result at once, without any work sent anywhere.

* :class:`InProcess` — this process, one file after another, with only the
  SIGALRM time limit (the web page, whose uploads are small and few);
* :class:`Guarded` — one guarded child process (``sandbox``): the time and
  memory limits enforced, no cluster to start (the command line for a few
  files, or ``--jobs 1``);
* :class:`DaskCluster` — ``dask.distributed``: a LocalCluster of ``jobs``
  worker processes (one thread each) started here, or an existing cluster
  (``scheduler="tcp://host:port"``). Each worker hands its files to a guarded
  child of its own, so the limits hold on every worker. A task is a few files
  (``files_per_task``), and only a few tasks per worker are in flight, so
  memory does not grow with the batch.
  On a cluster of its own the workers read the files themselves (only a path
  is sent); on an existing cluster the files are read here and their bytes
  sent, since its machines need not see this file system. A worker lost for
  any reason (its machine, the nanny's memory limit) has its task retried by
  Dask; when a task's worker dies every time, each of its files is tried again
  alone, and a file whose worker still dies every time is its unreadable row.
"""

from __future__ import annotations

import logging
import pickle
import threading
import uuid
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import replace

from .one import Audited, audit_source, refused
from .results import DEFAULT_LIMITS, Limits, short
from .sandbox import Sandbox
from .sources import Refused, Source, read_file

Numbered = Iterable[tuple[int, Source]]
TASK_BYTES = 32 * 1024 * 1024  # the bytes sent in one task, at most (a file larger than that goes alone)


class InProcess:
    """Each file in this process, one after another."""

    def __init__(self, limits: Limits = DEFAULT_LIMITS) -> None:
        self.limits = limits

    def run(self, numbered: Numbered) -> Iterator[Audited]:
        for index, source in numbered:
            yield audit_source(source, index=index, limits=self.limits)

    def close(self) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class Guarded(InProcess):
    """Each file in one guarded child process, one after another: the limits hold, nothing else to start."""

    def __init__(self, limits: Limits = DEFAULT_LIMITS) -> None:
        super().__init__(limits)
        self.sandbox = Sandbox(limits)

    def run(self, numbered: Numbered) -> Iterator[Audited]:
        for index, source in numbered:
            yield self.sandbox.audit(index, source)

    def close(self) -> None:
        self.sandbox.close()


# -- on the workers -----------------------------------------------------------------

_SANDBOXES: dict[tuple[int, Limits], Sandbox] = {}
_SANDBOXES_LOCK = threading.Lock()


def _worker_sandbox(limits: Limits) -> Sandbox:
    """This worker thread's own guarded process for ``limits``."""
    key = (threading.get_ident(), limits)
    with _SANDBOXES_LOCK:
        sandbox = _SANDBOXES.get(key)
        if sandbox is None:
            sandbox = _SANDBOXES[key] = Sandbox(limits)
    return sandbox


def audit_many_on_worker(items: list[tuple[int, Source]], limits: Limits) -> list[bytes]:
    """One Dask task: a few files, one after another, each within its own limits; pickled ``Audited`` values.

    A few files per task, not one: with a report parsed in about 10 ms, the
    scheduler's own cost per task would otherwise be a good part of the work.
    The answers stay as the guarded process pickled them: the worker only
    passes them on, and this process unpickles them once.
    """
    sandbox = _worker_sandbox(limits)
    return [sandbox.audit_pickled(index, source) for index, source in items]


def close_worker_sandboxes() -> int:
    """Stop the guarded processes of this worker (run on every worker when a batch ends)."""
    with _SANDBOXES_LOCK:
        sandboxes = list(_SANDBOXES.values())
        _SANDBOXES.clear()
    for sandbox in sandboxes:
        sandbox.close()
    return len(sandboxes)


# -- the cluster ----------------------------------------------------------------------


class ClusterError(Exception):
    """The cluster could not be started or reached; the message is for the user, in Chinese."""


class DaskCluster:
    """Files audited on a ``dask.distributed`` cluster: a LocalCluster of our own, or ``scheduler``'s."""

    def __init__(
        self,
        limits: Limits = DEFAULT_LIMITS,
        *,
        jobs: int | None = None,
        scheduler: str | None = None,
        processes: bool = True,
        window_per_worker: int = 4,
        files_per_task: int = 8,
    ) -> None:
        import os

        from distributed import Client, LocalCluster

        self.limits = limits
        self.cluster = None
        self.ship_bytes = scheduler is not None
        self.token = uuid.uuid4().hex[:12]
        for name in ("distributed", "tornado"):
            logging.getLogger(name).setLevel(logging.ERROR)
        try:
            if scheduler:
                self.client = Client(scheduler, timeout="10s")
            else:
                self.cluster = LocalCluster(
                    n_workers=jobs or os.cpu_count() or 1,
                    threads_per_worker=1,
                    processes=processes,
                    dashboard_address=":0",  # its HTTP routes on any free port: never "8787 already in use"
                    silence_logs=logging.ERROR,
                    scheduler_port=0,
                )
                self.client = Client(self.cluster)
        except (OSError, TimeoutError, ValueError) as exc:  # refused, unreachable, an address Dask cannot use
            if self.cluster is not None:
                self.cluster.close()
            where = f"调度器 {scheduler}" if scheduler else "本机的 Dask 集群"
            raise ClusterError(f"无法连接{where}（{short(exc)}）") from None
        workers = len(self.client.scheduler_info(n_workers=-1).get("workers", {})) or (jobs or 1)
        self.window = max(2, workers * window_per_worker)  # tasks in flight
        self.files_per_task = files_per_task

    def run(self, numbered: Numbered) -> Iterator[Audited]:
        from distributed import KilledWorker, as_completed

        completed = as_completed()
        pending: dict[str, list[tuple[int, Source]]] = {}
        alone: deque[tuple[int, Source]] = deque()  # files of a task whose worker died: one task each
        sources = iter(numbered)
        exhausted = False

        def submit(items: list[tuple[int, Source]], tag: str = "") -> None:
            key = f"gongkai-audit-{self.token}-{items[0][0]}{tag}"
            future = self.client.submit(audit_many_on_worker, items, self.limits, key=key, retries=0)
            pending[future.key] = items
            completed.add(future)

        while True:
            while len(pending) < self.window and (alone or not exhausted):
                if alone:
                    submit([alone.popleft()], "-alone")
                    continue
                chunk: list[tuple[int, Source]] = []
                chunk_bytes = 0
                while len(chunk) < self.files_per_task and chunk_bytes < TASK_BYTES:
                    item = next(sources, None)
                    if item is None:
                        exhausted = True
                        break
                    index, source = item
                    if self.ship_bytes and not source.error and source.data is None:
                        source = self._with_bytes(source)
                    if source.error:
                        yield Audited(refused(source, index, source.error), None)
                        continue
                    chunk.append((index, source))
                    chunk_bytes += len(source.data or b"")
                if chunk:
                    submit(chunk)
            if not pending:
                return
            future = next(completed)
            items = pending.pop(future.key)
            try:
                answers = [pickle.loads(answer) for answer in future.result()]
            except KilledWorker:
                if len(items) > 1:  # which file killed it? each is tried again alone
                    alone.extend(items)
                    answers = []
                else:
                    index, source = items[0]
                    reason = "读取这个文件时 Dask 工作进程多次异常退出（可能内存不足或文件损坏）"
                    answers = [Audited(refused(source, index, reason), None)]
            except Exception as exc:  # pickling trouble, a lost connection: still these files' problem
                reason = f"读取时出现内部错误（{type(exc).__name__}: {short(exc)}），请报告此问题"
                answers = [Audited(refused(source, index, reason), None) for index, source in items]
            future.release()
            yield from answers

    def _with_bytes(self, source: Source) -> Source:
        assert source.path is not None
        try:
            data = read_file(source.path, self.limits.max_file_bytes)
        except Refused as exc:
            return replace(source, error=str(exc))
        return replace(source, path=None, data=data, size=len(data))

    def close(self) -> None:
        try:
            self.client.run(close_worker_sandboxes)
        except Exception:  # a worker already gone: its children end with it (their stdin closes)
            pass
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def runner_for(
    limits: Limits = DEFAULT_LIMITS,
    *,
    jobs: int = 1,
    scheduler: str | None = None,
    guarded: bool = False,
    processes: bool = True,
):
    """The runner for a batch: a cluster for ``jobs`` > 1 or a ``scheduler``; else one process (guarded or not)."""
    if scheduler or jobs > 1:
        return DaskCluster(limits, jobs=jobs, scheduler=scheduler, processes=processes)
    return Guarded(limits) if guarded else InProcess(limits)
