"""The inputs of a batch: files, folders and ZIP archives as :class:`Source` values, each within the limits.

Limits are checked *before* anything is read into memory: a file larger than
``max_file_bytes`` is refused by its size on disk; an archive is refused
member by member when its declared size, its compression ratio or the total it
would unpack to is too large, or when it has too many members, and a member is
read in chunks that stop as soon as it grows past its declared size or the
limit (a lying header does not help). Anything that is not a regular file (a
named pipe, a socket, a device, a link to nothing) is a source with the reason
and is never opened: reading a FIFO would wait forever.
"""

from __future__ import annotations

import io
import os
import stat
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .results import DEFAULT_LIMITS, MB, Limits, size_text

ARCHIVE_SUFFIXES = (".zip",)
# Files skipped when walking folders and archives (not reports, never an error).
SKIPPED_NAMES = {".ds_store", "thumbs.db", "desktop.ini"}
SKIPPED_PREFIXES = ("__macosx/", "._", ".~", "~$")


@dataclass(frozen=True)
class Source:
    """One file to audit: a path on disk, or bytes already read (an archive member, an upload)."""

    name: str
    path: Path | None = None
    data: bytes | None = None
    size: int | None = None
    error: str | None = None  # refused before reading (too large, a zip bomb, not a regular file …)
    sha256: str | None = None  # when already known (hashed for ``--resume``)


def collect(paths: Iterable[str | Path], limits: Limits = DEFAULT_LIMITS) -> Iterator[Source]:
    """Every report file under ``paths``: files, folders (recursively, sorted) and ZIP archives.

    Every path given is at least one source, and so is every entry of a folder
    that is not a folder itself: what cannot be read is a source with the reason.
    """
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for child in _walk(path):
                if not _skipped(child.name):
                    yield from _file_sources(child, str(child), limits)
        elif path.exists() or path.is_symlink():
            yield from _file_sources(path, str(given), limits)
        else:
            yield Source(str(given), error="找不到这个文件或文件夹")


def _walk(folder: Path) -> list[Path]:
    """Every entry under ``folder`` that is not a folder (regular or not; a link to a folder is one), sorted."""
    return sorted(p for p in folder.rglob("*") if not p.is_dir() or p.is_symlink())


def _skipped(name: str) -> bool:
    lowered = name.lower()
    base = lowered.rsplit("/", 1)[-1]
    return base in SKIPPED_NAMES or lowered.startswith(SKIPPED_PREFIXES) or base.startswith(SKIPPED_PREFIXES)


def not_regular(path: Path) -> str | None:
    """Why ``path`` is not a regular file that can be read, in Chinese; None when it is one."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return "这是一个链接，但它指向的文件不存在" if path.is_symlink() else "找不到这个文件或文件夹"
    except OSError as exc:
        return f"无法读取文件（{exc.strerror or exc}）"
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "这是指向文件夹的链接，未展开（以免重复检查或循环）；请直接给出该文件夹"
    kind = (
        "命名管道（FIFO）"
        if stat.S_ISFIFO(mode)
        else "套接字"
        if stat.S_ISSOCK(mode)
        else "设备文件"
        if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
        else "特殊文件"
    )
    return f"这不是普通文件，而是{kind}，不能作为报告读取，未读取"


def _file_sources(path: Path, name: str, limits: Limits) -> Iterator[Source]:
    refusal = not_regular(path)
    if refusal:
        yield Source(name, error=refusal)
        return
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
        if not members:
            yield Source(name, error="压缩包中没有任何文件")
            return
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
            except Refused as exc:
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


class Refused(Exception):
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
                    raise Refused("压缩包解压后的总大小超过上限（疑似“压缩炸弹”），其余文件未解压", stop=True)
                if buffer.tell() > ceiling:
                    raise Refused("解压后的大小与压缩包记录的不符（疑似“压缩炸弹”），未读取")
    except Refused:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, zlib.error) as exc:
        raise Refused(f"压缩包中的这个文件已损坏，无法解压（{type(exc).__name__}）") from None
    except NotImplementedError:
        raise Refused("压缩包使用了不支持的压缩方式，无法解压") from None
    except RuntimeError:  # zipfile: encrypted member, no password
        raise Refused("压缩包中的这个文件已加密，无法读取") from None
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


def read_file(path: Path, limit: int) -> bytes:
    """A regular file's bytes, at most ``limit`` of them; never blocks on a FIFO that was put in its place."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise Refused(f"无法读取文件（{exc.strerror or exc}）") from None
    with os.fdopen(fd, "rb") as handle:
        status = os.fstat(fd)
        if not stat.S_ISREG(status.st_mode):
            raise Refused("这不是普通文件，不能作为报告读取，未读取")
        try:  # what the file holds, not the limit, is allocated (the limit may be far larger)
            data = handle.read(min(status.st_size, limit) + 1)
        except OSError as exc:
            raise Refused(f"无法读取文件（{exc.strerror or exc}）") from None
    if len(data) > limit:
        raise Refused(f"文件过大，单个报告文件不能超过 {size_text(limit)}，未读取")
    if not data.strip():
        raise Refused("文件是空的，不是年度报告")
    return data


def count_sources(paths: Iterable[str | Path], limits: Limits = DEFAULT_LIMITS) -> int:
    """How many results ``audit_paths(paths)`` will give, without reading any report (for a progress bar)."""
    total = 0
    for given in paths:
        path = Path(given)
        files = [p for p in _walk(path) if not _skipped(p.name)] if path.is_dir() else [path]
        for file in files:
            if not_regular(file) is None and _is_archive_path(file):
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
