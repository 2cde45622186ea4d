"""A guarded process: files audited one at a time, within limits enforced from outside the parser.

Why a separate process and not a limit inside the parser: a parser stuck in C
code (pdfium, lxml, zlib) does not see Python's SIGALRM, and a thread cannot be
stopped at all; a file that makes the parser allocate without bound takes the
whole worker, and every file in flight with it. So each worker of the batch
hands its files, one at a time, to a child process of its own
(``python -m gongkai.annual_report.batch.sandbox``):

* **time** — the child arms SIGALRM for ``Limits.seconds_per_file`` (a clean
  "读取超时" from Python code), and the parent waits for the answer at most
  that long plus a grace period; past it the child is killed (SIGKILL), the
  file gets its unreadable row, and a fresh child is started for the next file;
* **memory** — the child limits its own address space with ``RLIMIT_AS`` to
  what it needed to start plus ``Limits.memory_per_file``, so the kernel
  refuses the allocation that goes over: Python raises MemoryError (the file's
  row says so) and the child, whose heap may be in a poor state, exits after
  answering; if the refusal kills it instead (C code that does not check
  malloc), the parent sees it die and says so in that file's row.

The child is started with the same interpreter, reads framed pickles on stdin
and answers on a duplicate of its stdout (its own stdout and stderr go to
/dev/null, so a library's prints never corrupt the answers). It ignores Ctrl-C
(the parent's to handle) and ends when its stdin closes, so it never outlives
its parent.

``GONGKAI_AUDIT_TEST_HOOKS=1`` in the environment makes the child treat a file
that starts with ``GONGKAI-TEST-HANG`` as a parser stuck in C code (SIGALRM
blocked, sleeping): the tests use it to prove the outside limit, which is the
real one. Nothing else reads that variable.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import select
import signal
import struct
import subprocess
import sys
import time
from pathlib import Path

from .one import ENFORCED_MEMORY, Audited, audit_source, memory_reason, refused, timeout_reason
from .results import MB, Limits
from .sources import Source

FRAME = struct.Struct("!Q")
# The first byte of an answer: what the parent must do besides passing the pickled result on.
ENDING = 1  # the child exits after this answer (it hit the memory limit)
NEEDS_SHA = 2  # refused before the bytes were hashed: the parent hashes the file
READY = b"ready"
START_SECONDS = 120.0  # starting the child: importing the parsers (not counted against any file)
TEST_HOOKS = "GONGKAI_AUDIT_TEST_HOOKS"
TEST_HANG = b"GONGKAI-TEST-HANG"


def grace_seconds(limits: Limits) -> float:
    """How long past the time limit the parent waits for the child's own SIGALRM answer before killing it."""
    return min(5.0, max(0.5, limits.seconds_per_file * 0.1))


class SandboxError(Exception):
    """The guarded process could not be started (the batch cannot run this way at all)."""


class Sandbox:
    """One guarded child process, started on first use and again after it is killed or dies."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.process: subprocess.Popen | None = None
        self.busy = False  # a file is being read (closing then, e.g. on Ctrl-C, kills the child at once)

    # -- the parent's side ------------------------------------------------------

    def audit(self, index: int, source: Source) -> Audited:
        """``source`` audited in the child; a file that hangs or blows its memory is an unreadable result."""
        return pickle.loads(self.audit_pickled(index, source))

    def audit_pickled(self, index: int, source: Source) -> bytes:
        """:meth:`audit`'s answer as the child pickled it (a Dask worker passes it on without unpickling it)."""
        if source.error:
            return _pickled(Audited(refused(source, index, source.error), None))
        answer = self._audit(index, source)
        if answer is None:  # the child ended cleanly before it read the file: not this file's doing
            answer = self._audit(index, source) or _pickled(Audited(self._died(source, index), None))
        return answer

    def _audit(self, index: int, source: Source) -> bytes | None:
        process = self._running()
        payload = pickle.dumps((index, source, self.limits), protocol=pickle.HIGHEST_PROTOCOL)
        try:
            _send(process.stdin, payload)
        except (BrokenPipeError, OSError):
            return self._lost(source, index)
        deadline = time.monotonic() + self.limits.seconds_per_file + grace_seconds(self.limits)
        self.busy = True
        try:
            answer = _receive(process.stdout, deadline)
        except TimeoutError:
            self._kill()
            reason = timeout_reason(self.limits) + "（处理进程已被强行停止）"
            return _pickled(Audited(refused(_hashed(source), index, reason), None))
        finally:
            self.busy = False
        if answer is None:
            return self._lost(source, index)
        flags, body = answer[0], answer[1:]
        if flags & NEEDS_SHA:
            # Refused inside the child before it hashed the bytes (a MemoryError reading them): hashed here,
            # outside the time limit, so that a resumed run does not try the file again.
            audited: Audited = pickle.loads(body)
            audited.result.sha256 = _hashed(source).sha256
            body = _pickled(audited)
        if flags & ENDING:  # the child stops after a MemoryError: wait for it, the next file gets a fresh one
            self.close()
        return body

    def _lost(self, source: Source, index: int) -> bytes | None:
        """The child is gone: None when it ended of itself (exit status 0), else the file's unreadable result."""
        if self.process is not None and self.process.wait() == 0:
            self.close()
            return None
        return _pickled(Audited(self._died(source, index), None))

    def close(self) -> None:
        process, self.process = self.process, None
        if process is None:
            return
        try:
            if self.busy:  # stopped while a file is read (Ctrl-C): no waiting for it
                process.kill()
            else:
                process.stdin.close()  # the child ends when its stdin closes
            process.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):
            process.kill()
            process.wait()
        finally:
            for stream in (process.stdin, process.stdout):
                try:
                    stream.close()
                except OSError:
                    pass

    def _running(self) -> subprocess.Popen:
        if self.process is not None and self.process.poll() is None:
            return self.process
        if self.process is not None:
            self.close()
        import gongkai

        env = dict(os.environ)
        package_root = str(Path(gongkai.__file__).resolve().parent.parent)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH")) if p)
        env.setdefault("MALLOC_ARENA_MAX", "2")  # glibc: no 64 MB address-space arena per thread
        process = subprocess.Popen(
            [sys.executable, "-m", "gongkai.annual_report.batch.sandbox", str(self.limits.memory_per_file)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
            start_new_session=True,  # Ctrl-C in the terminal goes to the command, which stops the children
        )
        try:
            ready = _receive(process.stdout, time.monotonic() + START_SECONDS)
        except TimeoutError:
            ready = None
        if ready != READY:
            process.kill()
            process.wait()
            raise SandboxError("无法启动受控的处理进程（读取报告的子进程未能正常启动）")
        self.process = process
        return process

    def _kill(self) -> None:
        if self.process is not None:
            try:
                self.process.kill()
            except OSError:
                pass
            self.process.wait()
            self.close()

    def _died(self, source: Source, index: int):
        process = self.process
        code = process.wait() if process is not None else None
        self.close()
        how = f"被信号 {-code} 终止" if code is not None and code < 0 else f"退出码 {code}"
        reason = (
            f"读取这个文件时处理进程异常退出（{how}），可能超过了每个文件的内存上限"
            f"（{self.limits.memory_per_file // MB} MB）或文件已损坏"
        )
        return refused(_hashed(source), index, reason)


def _pickled(audited: Audited) -> bytes:
    return pickle.dumps(audited, protocol=pickle.HIGHEST_PROTOCOL)


def _hashed(source: Source) -> Source:
    """``source`` with its SHA-256 when it can be had cheaply, so that ``--resume`` does not retry a file that hung."""
    if source.sha256:
        return source
    from dataclasses import replace

    if source.data is not None:
        return replace(source, sha256=hashlib.sha256(source.data).hexdigest())
    if source.path is not None:
        try:
            return replace(source, sha256=file_sha256(source.path))
        except OSError:
            return source
    return source


def file_sha256(path: Path) -> str:
    """The SHA-256 of a regular file's bytes, read in chunks (never the whole file in memory)."""
    digest = hashlib.sha256()
    with open(path, "rb", buffering=0) as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _send(stream, payload: bytes) -> None:
    stream.write(FRAME.pack(len(payload)))
    stream.write(payload)
    stream.flush()


def _receive(stream, deadline: float) -> bytes | None:
    """One frame from ``stream`` (a pipe), or None at end of file; ``TimeoutError`` past ``deadline``."""
    fd = stream.fileno()
    header = _read_exactly(fd, FRAME.size, deadline)
    if header is None:
        return None
    (length,) = FRAME.unpack(header)
    return _read_exactly(fd, length, deadline)


def _read_exactly(fd: int, n: int, deadline: float | None) -> bytes | None:
    chunks: list[bytes] = []
    left = n
    while left:
        if deadline is not None:
            wait = deadline - time.monotonic()
            if wait <= 0:
                raise TimeoutError
            readable, _, _ = select.select([fd], [], [], wait)
            if not readable:
                raise TimeoutError
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


# -- the child's side -----------------------------------------------------------


def _preload() -> None:
    """Import everything a file may need before the memory limit is set (imports are not a file's cost)."""
    import importlib
    import pkgutil

    from .. import check, parse  # noqa: F401

    for module in pkgutil.iter_modules(parse.__path__):
        try:
            importlib.import_module(f"{parse.__name__}.{module.name}")
        except ImportError:  # an optional parser's library is not installed: that file kind says so itself
            pass
    for name in ("pypdfium2", "pdfplumber", "pypdf", "openpyxl", "docx", "lxml.html"):
        try:
            importlib.import_module(name)
        except ImportError:
            pass


def _limit_memory(memory: int) -> None:
    try:
        import resource
    except ImportError:  # not POSIX: no limit the kernel enforces
        return
    baseline = 0
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    baseline = int(line.split()[1]) * 1024
    except OSError:
        baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    limit = baseline + memory
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    ENFORCED_MEMORY.append(memory)


def _test_hook(source: Source) -> None:
    if os.environ.get(TEST_HOOKS) != "1":
        return
    head = source.data[: len(TEST_HANG)] if source.data is not None else b""
    if source.data is None and source.path is not None:
        try:
            with open(source.path, "rb") as handle:
                head = handle.read(len(TEST_HANG))
        except OSError:
            return
    if head == TEST_HANG:  # a parser stuck in C code: deaf to SIGALRM, never returns
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
        while True:
            time.sleep(3600)


def main(argv: list[str]) -> int:
    answers = os.fdopen(os.dup(1), "wb")
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)
    os.dup2(null, 2)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    requests = sys.stdin.buffer
    _preload()
    memory = int(argv[0]) if argv else 0
    if memory > 0:
        _limit_memory(memory)
    _send(answers, READY)
    while True:
        frame = _read_exactly(requests.fileno(), FRAME.size, None)
        if frame is None:
            return 0
        payload = _read_exactly(requests.fileno(), FRAME.unpack(frame)[0], None)
        if payload is None:
            return 0
        index, source, limits = pickle.loads(payload)
        _test_hook(source)
        try:
            audited = audit_source(source, index=index, limits=limits)
            ending = audited.result.reason == memory_reason(limits)
            answer = _pickled(audited)
        except MemoryError:  # outside the parser (reading the file, pickling the answer)
            audited = Audited(refused(source, index, memory_reason(limits)), None)
            ending = True
            answer = _pickled(audited)
        needs_sha = audited.result.sha256 is None and not audited.result.readable
        _send(answers, bytes([(ENDING if ending else 0) | (NEEDS_SHA if needs_sha else 0)]) + answer)
        if ending:
            return 0  # the heap may be fragmented or half-freed: the next file gets a fresh process


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
