"""Writes that survive a crash or a power loss: a temporary file, fsync, rename, fsync of the folder.

Used for what hs-scaffold keeps under the git dir (the journal, manifests), so a reader finds
either the old version of a file or the new one, never a torn one. Many files written together
are fsynced together (:func:`fsync_files`, in parallel: the file system commits them at once).
"""

from __future__ import annotations

import contextlib
import errno
import os
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

# The errors that mean "the disk or the file system refused", as opposed to a bug.
DISK_ERRORS = frozenset(
    {errno.ENOSPC, errno.EDQUOT, errno.EIO, errno.EROFS, errno.EACCES, errno.EPERM, errno.EFBIG}
)


def fsync_dir(folder: Path) -> None:
    """Make the entries of ``folder`` (a rename, a new or removed file) durable."""
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return  # e.g. a folder that is gone: nothing left to make durable
    try:
        with contextlib.suppress(OSError):  # some file systems refuse fsync on folders
            os.fsync(fd)
    finally:
        os.close(fd)


def write_bytes(path: Path, data: bytes, *, mode: int = 0o644, mtime_ns: int | None = None) -> None:
    """Replace ``path`` with ``data`` atomically and durably (a crash leaves old or new, never half)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
        try:
            _write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        if mtime_ns is not None:
            os.utime(tmp, ns=(mtime_ns, mtime_ns))
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)


def write_text(path: Path, text: str) -> None:
    """:func:`write_bytes` for UTF-8 text."""
    write_bytes(path, text.encode("utf-8"))


def append_line(path: Path, line: str) -> None:
    """Append one line to ``path`` (in one write: a process killed meanwhile leaves it whole or
    absent; not fsynced, so a power loss may drop the last lines)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    try:
        _write_all(fd, (line.rstrip("\n") + "\n").encode("utf-8"))
    finally:
        os.close(fd)


def overwrite_in_place(path: Path, data: bytes) -> None:
    """Write ``data`` into the existing file ``path`` (truncated first): reuses its blocks, so it
    needs no more free space than the growth, which matters when the disk is full (not fsynced:
    see :func:`fsync_files`)."""
    fd = os.open(path, os.O_WRONLY | os.O_TRUNC | os.O_NOFOLLOW)
    try:
        _write_all(fd, data)
    finally:
        os.close(fd)


def create_file(path: Path, data: bytes, mode: int) -> None:
    """Create ``path`` (which must not exist) holding ``data`` (not fsynced: see :func:`fsync_files`)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, mode)
    try:
        _write_all(fd, data)
    finally:
        os.close(fd)


def write_plain(path: Path, data: bytes, mode: int = 0o644) -> None:
    """Write ``path`` in place, creating its folder (not fsynced: see :func:`fsync_files`)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    try:
        _write_all(fd, data)
    finally:
        os.close(fd)


def fsync_files(paths: Iterable[Path]) -> None:
    """fsync many files and their folders, in parallel (one journal commit serves many of them)."""
    files = [p for p in paths if p.is_file() and not p.is_symlink()]
    folders = {p.parent for p in files}
    with ThreadPoolExecutor(max_workers=16) as pool:
        list(pool.map(_fsync_path, files))
        list(pool.map(fsync_dir, folders))


def _fsync_path(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def preallocate(path: Path, size: int) -> None:
    """A file of ``size`` bytes whose blocks are really allocated (released later to make room)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        if size > 0:
            try:
                os.posix_fallocate(fd, 0, size)
            except OSError as exc:
                if exc.errno not in (errno.EOPNOTSUPP, errno.EINVAL):
                    raise
                _write_all(fd, bytes(size))  # a file system without fallocate: write zeros
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def is_disk_error(exc: BaseException) -> bool:
    """Whether ``exc`` is the file system refusing (full, read-only, no permission), not a bug."""
    return isinstance(exc, OSError) and exc.errno in DISK_ERRORS
