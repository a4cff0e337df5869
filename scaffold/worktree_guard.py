"""Record the work tree before a run changes it, list what changed, and put it back.

The snapshot is cheap: the index file's bytes (which carry every tracked file's blob id
and stat data), the bytes of the few files that differ from the index or HEAD, and the
bytes of untracked, non-ignored files. Clean tracked files are compared and restored
through git against a private copy of the recorded index, so the real checkout's size
hardly matters.
"""

from __future__ import annotations

import contextlib
import os
import signal
import stat
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from types import FrameType

from scaffold import git
from scaffold.errors import InterruptedRunError, ScaffoldError

IGNORED_PREFIXES = ("target/",)
_SIGNALS = tuple(s for s in (signal.SIGTERM, getattr(signal, "SIGHUP", None)) if s is not None)


@dataclass(frozen=True)
class TreeChanges:
    """What a run did to the work tree, as relative POSIX paths, each list sorted."""

    created: list[str] = field(default_factory=list)
    modified: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)

    def touched(self) -> list[str]:
        """Every path created, modified or deleted."""
        return sorted({*self.created, *self.modified, *self.deleted})

    def __bool__(self) -> bool:
        return bool(self.created or self.modified or self.deleted)


@dataclass(frozen=True)
class FileState:
    """One path's state on disk: ``kind`` is absent, file, link or dir."""

    kind: str
    data: bytes = b""
    mode: int = 0

    @classmethod
    def read(cls, path: Path) -> FileState:
        """The state of ``path`` now (symlinks are not followed)."""
        try:
            st = path.lstat()
        except (FileNotFoundError, NotADirectoryError):
            return ABSENT
        if stat.S_ISLNK(st.st_mode):
            return cls("link", os.fsencode(path.readlink()))
        if stat.S_ISDIR(st.st_mode):
            return cls("dir")
        return cls("file", path.read_bytes(), stat.S_IMODE(st.st_mode))

    def write(self, path: Path) -> None:
        """Put this state at ``path`` (which must not be a non-empty folder)."""
        if path.is_dir() and not path.is_symlink():
            path.rmdir()  # raises if something is still inside: never remove content
        elif path.is_symlink() or path.exists():
            path.unlink()
        if self.kind == "absent":
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        if self.kind == "link":
            path.symlink_to(os.fsdecode(self.data))
            return
        tmp = path.with_name(f".{path.name}.hs-scaffold-restore")
        tmp.write_bytes(self.data)
        tmp.chmod(self.mode)
        tmp.replace(path)


ABSENT = FileState("absent")


@dataclass
class WorkTreeSnapshot:
    """The work tree as it was before a run; see :meth:`take`."""

    root: Path
    head: str | None
    index_path: Path
    index_bytes: bytes | None
    index_mtime_ns: int
    index_lock_existed: bool
    tracked: frozenset[str]
    dirty: dict[str, FileState]
    untracked: dict[str, FileState]
    untracked_dirs: frozenset[str]

    @classmethod
    def take(cls, root: Path) -> WorkTreeSnapshot:
        """Record the work tree at ``root`` (call before the first change)."""
        root = root.resolve()
        index_path = git.git_path(root, "index")
        index_bytes, mtime = _read_index(index_path)
        status = git.run_z(
            root,
            "--no-optional-locks",
            "status",
            "--porcelain=v1",
            "-z",
            "--untracked-files=all",
            "--no-renames",
            "--ignore-submodules=none",
        )
        dirty = {e[3:]: FileState.read(root / e[3:]) for e in status if not e.startswith("??")}
        untracked = {e[3:]: FileState.read(root / e[3:]) for e in status if e.startswith("??")}
        return cls(
            root=root,
            head=git.head_oid(root),
            index_path=index_path,
            index_bytes=index_bytes,
            index_mtime_ns=mtime,
            index_lock_existed=index_path.with_name(index_path.name + ".lock").exists(),
            tracked=frozenset(git.run_z(root, "ls-files", "-z")),
            dirty={p: s for p, s in dirty.items() if s.kind != "dir"},
            untracked={p: s for p, s in untracked.items() if s.kind != "dir"},
            untracked_dirs=frozenset(_untracked_dirs(root)),
        )

    # --- comparing -------------------------------------------------------------------

    def changes(self) -> TreeChanges:
        """What changed since the snapshot (ignored files and ``target/`` left out)."""
        created: set[str] = set()
        modified: set[str] = set()
        deleted: set[str] = set()
        for path, tag in self._git_changes().items():
            {"C": modified, "R": deleted, "?": created}[tag].add(path)
        for path, before in {**self.dirty, **self.untracked}.items():
            now = FileState.read(self.root / path)
            if now == before or (now.kind == "dir" and before.kind == "absent"):
                continue
            if before.kind == "absent":
                created.add(path)
            elif now.kind == "absent":
                deleted.add(path)
            else:
                modified.add(path)
        return TreeChanges(sorted(created), sorted(modified), sorted(deleted))

    def _git_changes(self) -> dict[str, str]:
        """Clean tracked files changed ('C') or removed ('R'), and new files ('?')."""
        with self._private_index() as env:
            lines = git.run_z(
                self.root, "ls-files", "-z", "-t", "-m", "-d", "-o", "--exclude-standard", env=env
            )
        found: dict[str, str] = {}
        for line in lines:
            tag, path = line[0], line[2:]
            if path in self.dirty or path in self.untracked or path.startswith(IGNORED_PREFIXES):
                continue
            if tag in "CR?" and found.get(path) != "R":
                found[path] = "?" if tag == "?" else tag
        return found

    def before(self, path: str) -> FileState:
        """The state ``path`` had when the snapshot was taken."""
        if path in self.dirty or path in self.untracked:
            return {**self.untracked, **self.dirty}[path]
        if path not in self.tracked:
            return ABSENT
        with self._private_index() as env:
            data = git.run_bytes(self.root, "cat-file", "--filters", f":{path}", env=env)
            entry = " ".join(git.run_z(self.root, "ls-files", "-s", "-z", "--", path, env=env)).split()
        mode = int(entry[0], 8) if entry else 0o100644
        if stat.S_ISLNK(mode):
            return FileState("link", data)
        return FileState("file", data, 0o755 if mode & 0o111 else 0o644)

    def before_many(self, paths: list[str]) -> dict[str, FileState]:
        """:meth:`before` for many paths, reading clean tracked files in one ``cat-file --batch``."""
        batchable = [
            p
            for p in paths
            if p in self.tracked
            and p not in self.dirty
            and p not in self.untracked
            and not any(c.isspace() for c in p)
        ]
        states = {p: self.before(p) for p in paths if p not in batchable}
        if not batchable:
            return states
        with self._private_index() as env:
            staged = git.run_z(self.root, "ls-files", "-s", "-z", "--", *batchable, env=env)
            modes = {entry.split("\t", 1)[1]: int(entry.split()[0], 8) for entry in staged}
            feed = "".join(f":{p} {p}\n" for p in batchable).encode()
            raw = git.run_bytes(self.root, "cat-file", "--batch", "--filters", stdin=feed, env=env)
        for path, data in zip(batchable, _batch_contents(raw), strict=True):
            mode = modes.get(path, 0o100644)
            kind = "link" if stat.S_ISLNK(mode) else "file"
            states[path] = (
                FileState(kind, data)
                if kind == "link"
                else FileState(kind, data, 0o755 if mode & 0o111 else 0o644)
            )
        return states

    @contextmanager
    def _private_index(self) -> Iterator[dict[str, str]]:
        """A copy of the recorded index with its original mtime (keeps racy-git checks valid)."""
        with tempfile.TemporaryDirectory(prefix="hs-scaffold-index-") as tmp:
            copy = Path(tmp) / "index"
            if self.index_bytes is not None:
                copy.write_bytes(self.index_bytes)
                os.utime(copy, ns=(self.index_mtime_ns, self.index_mtime_ns))
            yield {"GIT_INDEX_FILE": str(copy)}

    # --- restoring -------------------------------------------------------------------

    def restore(self) -> None:
        """Put every tracked and untracked file back and remove what the run created."""
        with deferred_signals():
            stop_descendants()
            self._restore_index()
            changed = self._git_changes()
            self._checkout_clean([p for p, tag in changed.items() if tag in "CR"])
            for path, before in {**self.dirty, **self.untracked}.items():
                if FileState.read(self.root / path) != before:
                    _remove_created_inside(self, self.root / path)
                    before.write(self.root / path)
            self._remove_created()
        left = self.changes()
        if left:
            raise ScaffoldError(
                f"could not put back {', '.join(left.touched()[:10])}",
                "compare with `git status` and restore those files by hand",
            )

    def _restore_index(self) -> None:
        lock = self.index_path.with_name(self.index_path.name + ".lock")
        if not self.index_lock_existed and lock.exists():
            lock.unlink()  # left by a git process of this run that was killed
        if self.index_bytes is None:
            self.index_path.unlink(missing_ok=True)
            return
        current = self.index_path.read_bytes() if self.index_path.exists() else None
        if current != self.index_bytes:
            tmp = self.index_path.with_name("index.hs-scaffold-restore")
            tmp.write_bytes(self.index_bytes)
            tmp.replace(self.index_path)
        os.utime(self.index_path, ns=(self.index_mtime_ns, self.index_mtime_ns))

    def _checkout_clean(self, paths: list[str]) -> None:
        """Rewrite clean tracked files from the recorded index (git applies filters and modes)."""
        if not paths:
            return
        for path in paths:
            _remove_created_inside(self, self.root / path)
        with self._private_index() as env:
            feed = b"".join(p.encode("utf-8", "surrogateescape") + b"\0" for p in paths)
            git.run_bytes(self.root, "checkout-index", "-f", "-z", "--stdin", stdin=feed, env=env)

    def _remove_created(self) -> None:
        """Delete files created since the snapshot, then the folders that became empty."""
        created = [p for p, tag in self._git_changes().items() if tag == "?"]
        folders: set[Path] = set()
        for rel in created:
            path = self.root / rel
            if rel in self.tracked or rel in self.untracked or rel in self.dirty:
                continue  # existed before: never removed
            if path.is_symlink() or path.is_file():
                path.unlink()
                folders.update(path.parents)
        self._prune(folders)

    def _prune(self, folders: set[Path]) -> None:
        keep = self.existing_dirs
        for folder in sorted(folders, key=lambda p: len(p.parts), reverse=True):
            if folder == self.root or not folder.is_relative_to(self.root):
                continue
            if folder.relative_to(self.root).as_posix() in keep:
                continue
            try:
                folder.rmdir()
            except OSError:
                continue  # not empty: something else lives there

    @cached_property
    def existing_dirs(self) -> frozenset[str]:
        """Every non-ignored folder that existed at the snapshot (relative POSIX paths)."""
        dirs: set[str] = set(self.untracked_dirs)
        for path in [*self.tracked, *self.untracked, *self.dirty]:
            parts = path.split("/")[:-1]
            dirs.update("/".join(parts[: i + 1]) for i in range(len(parts)))
        return frozenset(dirs)


def _batch_contents(raw: bytes) -> Iterator[bytes]:
    """The object contents in ``git cat-file --batch`` output, in order."""
    pos = 0
    while pos < len(raw):
        header_end = raw.index(b"\n", pos)
        size = int(raw[pos:header_end].split()[2])
        yield raw[header_end + 1 : header_end + 1 + size]
        pos = header_end + 1 + size + 1


def _read_index(index_path: Path) -> tuple[bytes | None, int]:
    try:
        return index_path.read_bytes(), index_path.stat().st_mtime_ns
    except FileNotFoundError:
        return None, 0


def _untracked_dirs(root: Path) -> set[str]:
    """Untracked folders (including empty ones) and every folder inside them."""
    found: set[str] = set()
    for entry in git.run_z(root, "ls-files", "-z", "-o", "--directory", "--exclude-standard"):
        if not entry.endswith("/"):
            continue
        found.add(entry.rstrip("/"))
        for folder, subdirs, _files in os.walk(root / entry):
            found.update((Path(folder) / d).relative_to(root).as_posix() for d in subdirs)
    return found


def _remove_created_inside(snapshot: WorkTreeSnapshot, path: Path) -> None:
    """If a folder now sits where a file was, empty it of files the run created."""
    if not path.is_dir() or path.is_symlink():
        return
    for sub in sorted(path.rglob("*"), key=lambda p: len(p.parts), reverse=True):
        rel = sub.relative_to(snapshot.root).as_posix()
        if rel in snapshot.existing_dirs or rel in snapshot.untracked or rel in snapshot.tracked:
            raise ScaffoldError(f"cannot restore {path}: it became a folder holding {rel}")
        if sub.is_dir() and not sub.is_symlink():
            sub.rmdir()
        else:
            sub.unlink()


# --- processes and signals ---------------------------------------------------------------


def descendants(pid: int | None = None) -> list[int]:
    """Every live process below ``pid`` (this one by default); empty where /proc is missing."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        parents.setdefault(int(fields[1]), []).append(int(entry.name))
    found, todo = [], [pid or os.getpid()]
    while todo:
        children = parents.get(todo.pop(), [])
        found.extend(children)
        todo.extend(children)
    return found


def stop_descendants(grace: float = 2.0) -> list[int]:
    """Terminate (then kill) processes this run started, e.g. a script still running after an
    interrupt, so that nothing writes to the tree while or after it is restored."""
    pids = descendants()
    for sig in (signal.SIGTERM, signal.SIGKILL):
        for pid in pids:
            with contextlib.suppress(OSError):
                os.kill(pid, sig)
        deadline = time.monotonic() + grace
        while time.monotonic() < deadline and any(_running(p) for p in pids):
            time.sleep(0.02)
    return pids


def _running(pid: int) -> bool:
    try:
        reaped, _ = os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:  # not our child: ask the kernel whether it exists
        try:
            state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            return False
        return state != "Z"
    return reaped == 0


def _raise_interrupted(signum: int, _frame: FrameType | None) -> None:
    raise InterruptedRunError(f"interrupted by {signal.Signals(signum).name}")


@contextmanager
def signals_as_exceptions() -> Iterator[None]:
    """While active, SIGTERM and SIGHUP raise InterruptedRunError (Ctrl-C stays KeyboardInterrupt)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {s: signal.signal(s, _raise_interrupted) for s in _SIGNALS}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


@contextmanager
def deferred_signals() -> Iterator[None]:
    """Hold SIGINT/SIGTERM/SIGHUP until the block ends (a restore must not stop halfway)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    wanted = (signal.SIGINT, *_SIGNALS)
    previous = {s: signal.signal(s, lambda n, _f: caught.append(n)) for s in wanted}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    if caught:
        if caught[0] == signal.SIGINT:
            raise KeyboardInterrupt
        raise InterruptedRunError(f"interrupted by {signal.Signals(caught[0]).name}")
