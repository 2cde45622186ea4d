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
  child of its own, so the limits hold on every worker. Only a window of files
  is in flight (a few per worker), so memory does not grow with the batch.
  On a cluster of its own the workers read the files themselves (only a path
  is sent); on an existing cluster the files are read here and their bytes
  sent, since its machines need not see this file system. A worker lost for
  any reason (its machine, the nanny's memory limit) has its file retried by
  Dask; a file whose worker dies every time is that file's unreadable row.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import replace

from .one import Audited, audit_source, refused
from .results import DEFAULT_LIMITS, Limits, short
from .sandbox import Sandbox
from .sources import Refused, Source, read_file

Numbered = Iterable[tuple[int, Source]]


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


def audit_on_worker(index: int, source: Source, limits: Limits) -> Audited:
    """The task a Dask worker runs: the file in this worker thread's own guarded process."""
    key = (threading.get_ident(), limits)
    with _SANDBOXES_LOCK:
        sandbox = _SANDBOXES.get(key)
        if sandbox is None:
            sandbox = _SANDBOXES[key] = Sandbox(limits)
    return sandbox.audit(index, source)


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
        window_per_worker: int = 8,
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
        self.window = max(4, workers * window_per_worker)

    def run(self, numbered: Numbered) -> Iterator[Audited]:
        from distributed import as_completed

        completed = as_completed()
        pending: dict[str, tuple[int, Source]] = {}
        sources = iter(numbered)
        exhausted = False
        while True:
            while len(pending) < self.window and not exhausted:
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
                key = f"gongkai-audit-{self.token}-{index}"
                future = self.client.submit(audit_on_worker, index, source, self.limits, key=key, retries=0)
                pending[future.key] = (index, source)
                completed.add(future)
            if not pending:
                return
            future = next(completed)
            index, source = pending.pop(future.key)
            yield self._collect(future, index, source)

    def _with_bytes(self, source: Source) -> Source:
        assert source.path is not None
        try:
            data = read_file(source.path, self.limits.max_file_bytes)
        except Refused as exc:
            return replace(source, error=str(exc))
        return replace(source, path=None, data=data, size=len(data))

    def _collect(self, future, index: int, source: Source) -> Audited:
        from distributed import KilledWorker

        try:
            audited = future.result()
        except KilledWorker:
            audited = Audited(
                refused(source, index, "读取这个文件时 Dask 工作进程多次异常退出（可能内存不足或文件损坏）"), None
            )
        except Exception as exc:  # pickling trouble, a lost connection: still one file's problem
            audited = Audited(
                refused(source, index, f"读取时出现内部错误（{type(exc).__name__}: {short(exc)}），请报告此问题"),
                None,
            )
        future.release()
        return audited

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
