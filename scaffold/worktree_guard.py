"""Record the work tree before a run changes it, list what changed, and put it back byte for byte.

For every tracked file and every untracked, non-ignored file the snapshot records its identity on
disk (inode, size, mtime, ctime, mode: a file whose identity did not change was not touched) and
where its exact bytes can be found again, never through git's filters (``core.autocrlf``,
``core.eol``, ``.gitattributes``):

- ``blob``: the raw object in the repository is the file's bytes. Proven without reading the
  file when git reports it clean, its size is the blob's and no ``filter``, ``ident`` or
  ``working-tree-encoding`` attribute applies (end-of-line conversion only ever drops bytes when
  git cleans a file); otherwise by hashing the file.
- ``crlf``: the file is the blob with its line feeds turned into CRLF (an autocrlf checkout);
  checked byte for byte, then rebuilt from the blob by this module, not by git.
- ``copy``: anything else (your uncommitted edits, untracked files, other conversions): the
  bytes themselves are kept (in the journal, :mod:`scaffold.journal`).

The index is kept as its file's bytes. A snapshot is cheap on a large checkout: one ``lstat``
per file and no file read unless its size disagrees with git.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from scaffold import durable, git, interrupts
from scaffold.errors import ScaffoldError

IGNORED_PREFIXES = ("target/",)
_FILTER_ATTRS = ("filter", "ident", "working-tree-encoding")
_LONE_LF = re.compile(rb"(?<!\r)\n")


@dataclass(frozen=True)
class TreeChanges:
    """What a run did to the work tree, as relative POSIX paths, each list sorted."""

    created: list[str] = field(default_factory=list)
    modified: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    # Every path created, written, replaced or removed since the snapshot, even where its bytes
    # came back the same (the script's `git checkout` of a file it had edited): None when unknown.
    stirred: frozenset[str] | None = field(default=None, compare=False)

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

Identity = tuple[int, int, int, int, int]  # inode, size, mtime, ctime, st_mode


@dataclass(frozen=True)
class Entry:
    """How one path was on disk when the snapshot was taken, and where its bytes are."""

    kind: str  # absent | file | link
    source: str  # absent | blob | crlf | copy
    mode: int = 0  # permission bits
    identity: Identity | None = None
    times: tuple[int, int] | None = None  # atime, mtime (ns), put back on restore
    oid: str | None = None  # the blob, for blob and crlf
    digest: str | None = None  # sha256 of the bytes, for copy and crlf
    size: int = 0

    def as_list(self, staged_oid: str | None = None) -> list[Any]:
        """Compact JSON form (see :meth:`from_list`); the oid is left out when it is ``staged_oid``."""
        atime = self.times[0] if self.times else None
        oid = None if self.oid == staged_oid else self.oid
        return [self.kind, self.source, self.mode, self.identity, atime, oid, self.digest]

    @classmethod
    def from_list(cls, raw: list[Any], staged_oid: str | None = None) -> Entry:
        """An entry from :meth:`as_list`."""
        kind, source, mode, identity, atime, oid, digest = raw
        ident = tuple(identity) if identity else None
        return cls(
            kind,
            source,
            int(mode),
            ident,
            (atime, ident[2]) if ident is not None and atime is not None else None,
            oid or (staged_oid if source in ("blob", "crlf") else None),
            digest,
            ident[1] if ident is not None else 0,
        )


def identity_of(st: os.stat_result) -> Identity:
    """What changes whenever anything writes, replaces or chmods a file (ctime cannot be set back)."""
    return (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_mode)


def to_crlf(data: bytes) -> bytes:
    """``data`` with every line feed not already preceded by CR turned into CRLF."""
    return _LONE_LF.sub(b"\r\n", data)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _blob_id(data: bytes, oid_length: int) -> str:
    algorithm = "sha256" if oid_length == 64 else "sha1"
    return hashlib.new(algorithm, b"blob %d\0" % len(data) + data).hexdigest()


@dataclass
class WorkTreeSnapshot:
    """The work tree as it was before a run; see :meth:`take`."""

    root: Path
    head: str | None
    index_path: Path
    index_bytes: bytes | None
    index_mtime_ns: int
    index_lock_existed: bool
    entries: dict[str, Entry]
    tracked: frozenset[str]
    untracked: frozenset[str]
    dirty: frozenset[str]  # tracked paths with uncommitted changes, staged or not
    untracked_dirs: frozenset[str]
    index_entries: dict[str, str]  # path -> "mode oid" of its stage-0 index entry
    copies: dict[str, bytes] = field(default_factory=dict)  # sha256 -> bytes
    load_copy: Callable[[str], bytes] | None = None  # for a snapshot read back from a journal
    index_copy: Path | None = None  # a copy of the index file (the journal's), linked back on restore

    @classmethod
    def take(cls, root: Path) -> WorkTreeSnapshot:
        """Record the work tree at ``root`` (call before the first change)."""
        root = root.resolve()
        index_path = git.git_path(root, "index")
        index_bytes, mtime = _read_index(index_path)
        with ThreadPoolExecutor(max_workers=4) as pool:  # four reads of git, none waiting on another
            asked_status = pool.submit(git.run_z, root, *git.STATUS_Z)
            asked_index = pool.submit(_index_entries_and_sizes, root)
            asked_dirs = pool.submit(_untracked_dirs, root)
            asked_head = pool.submit(git.head_oid, root)
            status, (staged, sizes) = asked_status.result(), asked_index.result()
            untracked_dirs, head = asked_dirs.result(), asked_head.result()
        untracked, dirty = git.split_status(status)
        changed_on_disk = {e[3:] for e in status if not e.startswith("??") and (e[1] != " " or "U" in e[:2])}
        snapshot = cls(
            root=root,
            head=head,
            index_path=index_path,
            index_bytes=index_bytes,
            index_mtime_ns=mtime,
            index_lock_existed=index_path.with_name(index_path.name + ".lock").exists(),
            entries={},
            tracked=frozenset(p for p, _mode, _oid, _stage in staged),
            untracked=frozenset(untracked),
            dirty=frozenset(dirty),
            untracked_dirs=frozenset(untracked_dirs),
            index_entries={p: f"{mode} {oid}" for p, mode, oid, stage in staged if stage == "0"},
        )
        snapshot._record_tracked(staged, changed_on_disk, sizes)
        for rel in untracked:
            snapshot._record_copy(rel)
        return snapshot

    # --- recording ---------------------------------------------------------------------

    def _record_tracked(
        self, staged: list[tuple[str, str, str, str]], changed: set[str], sizes: dict[str, int]
    ) -> None:
        conflicted = {p for p, _m, _o, stage in staged if stage != "0"}
        blobs = {p: oid for p, mode, oid, stage in staged if stage == "0" and mode != "160000"}
        sizes = sizes or _blob_sizes(self.root, sorted(set(blobs.values())))
        filtered = _filtered_paths(self.root, sorted(blobs))
        verify: list[str] = []
        folders = _Folders(f"{self.root}{os.sep}")
        for rel, oid in blobs.items():
            st = folders.lstat(rel)  # a str, not a Path: this loop runs once per tracked file
            if st is None:
                self.entries[rel] = Entry("absent", "absent")
            elif stat.S_ISDIR(st.st_mode):
                continue  # a folder where git has a file: left alone
            elif rel in changed or rel in conflicted:
                self._record_copy(rel)
            elif stat.S_ISLNK(st.st_mode) or (st.st_size == sizes.get(oid) and rel not in filtered):
                self.entries[rel] = _entry("blob", st, oid=oid)
            else:
                verify.append(rel)
        self._verify_conversions(verify, blobs)

    def _verify_conversions(self, paths: list[str], blobs: dict[str, str]) -> None:
        """Files whose size differs from their blob: same bytes, CRLF of the blob, or kept as copies."""
        if not paths:
            return
        raw = dict(zip(paths, git.read_objects(self.root, [blobs[p] for p in paths]), strict=True))
        for rel in paths:
            path, oid = self.root / rel, blobs[rel]
            st, data = _lstat(path), path.read_bytes()
            assert st is not None
            if _blob_id(data, len(oid)) == oid:
                self.entries[rel] = _entry("blob", st, oid=oid)
            elif raw[rel] is not None and to_crlf(raw[rel] or b"") == data:
                self.entries[rel] = _entry("crlf", st, oid=oid, digest=_sha256(data))
            else:
                self._record_copy(rel, st, data)

    def _record_copy(self, rel: str, st: os.stat_result | None = None, data: bytes | None = None) -> None:
        path = self.root / rel
        st = st or _lstat(path)
        if st is None:
            self.entries[rel] = Entry("absent", "absent")
            return
        if stat.S_ISDIR(st.st_mode):
            return
        if data is None:
            data = os.fsencode(path.readlink()) if stat.S_ISLNK(st.st_mode) else path.read_bytes()
        digest = _sha256(data)
        self.copies[digest] = data
        self.entries[rel] = _entry("copy", st, digest=digest)

    # --- comparing -------------------------------------------------------------------

    def changes(self) -> TreeChanges:
        """What changed since the snapshot (ignored files and ``target/`` left out)."""
        sets: dict[str, set[str]] = {"created": set(self._new_paths()), "modified": set(), "deleted": set()}
        moved = self._moved()
        expected = self.before_many(moved)
        for rel in moved:
            kind = _change(FileState.read(self.root / rel), expected[rel])
            if kind is not None:
                sets[kind].add(rel)
        stirred = frozenset([*moved, *sets["created"]])
        return _tree_changes(sets, stirred)

    def updated(self, previous: TreeChanges, written: list[str]) -> TreeChanges:
        """:meth:`changes`, given ``previous`` (an earlier result) and ``written``: every path created,
        rewritten or removed since then (the others are taken from ``previous`` unread)."""
        sets = {"created": set(previous.created), "modified": set(previous.modified)}
        sets["deleted"] = set(previous.deleted)
        befores = self.before_many([p for p in written if p in self.entries])
        for rel in written:
            if rel not in self.entries and rel in self.tracked:
                return self.changes()  # a tracked path the snapshot holds no record of: ask git
            for paths in sets.values():
                paths.discard(rel)
            kind = _change(FileState.read(self.root / rel), befores.get(rel, ABSENT))
            if kind is not None:
                sets[kind].add(rel)
        stirred = None if previous.stirred is None else previous.stirred.union(written)
        return _tree_changes(sets, stirred)

    def _moved(self) -> list[str]:
        """Recorded paths whose identity on disk changed: written, replaced, removed or created."""
        moved = []
        folders = _Folders(f"{self.root}{os.sep}")
        for rel, entry in self.entries.items():
            st = folders.lstat(rel)
            now = identity_of(st) if st is not None else None
            if now != entry.identity:
                moved.append(rel)
        return moved

    def _new_paths(self) -> list[str]:
        """Files that were not there at the snapshot: untracked now, or added to the index since."""
        others = git.run_z(self.root, "ls-files", "-z", "-o", "--exclude-standard")
        cached = git.run_z(self.root, "ls-files", "-z") if self._index_changed() else []
        candidates = {*others, *cached}.difference(self.entries, self.tracked)
        return sorted(
            p for p in candidates if not p.startswith(IGNORED_PREFIXES) and _is_file_or_link(self.root, p)
        )

    def _index_changed(self) -> bool:
        """Whether the index file is not the one recorded (something may have been staged)."""
        st = _lstat(self.index_path)
        if st is None or self.index_bytes is None:
            return (st is None) != (self.index_bytes is None)
        return st.st_mtime_ns != self.index_mtime_ns or st.st_size != len(self.index_bytes)

    def before(self, path: str) -> FileState:
        """The state ``path`` had when the snapshot was taken."""
        return self.before_many([path])[path]

    def before_many(self, paths: list[str]) -> dict[str, FileState]:
        """:meth:`before` for many paths, reading the blobs they need in one ``cat-file --batch``."""
        needs_blob = [p for p in paths if p in self.entries and self.entries[p].source in ("blob", "crlf")]
        oids = sorted({self.entries[p].oid or "" for p in needs_blob})
        blobs = dict(zip(oids, git.read_objects(self.root, oids), strict=True)) if oids else {}
        states: dict[str, FileState] = {}
        for rel in paths:
            entry = self.entries.get(rel)
            if entry is None or entry.kind == "absent":
                states[rel] = ABSENT
                continue
            if entry.source == "copy":
                data = self._copy(entry.digest or "")
            else:
                found = blobs.get(entry.oid or "")
                if found is None:
                    raise ScaffoldError(f"the object {entry.oid} of {rel} is missing from the repository")
                data = to_crlf(found) if entry.source == "crlf" else found
            states[rel] = FileState(entry.kind, data, entry.mode if entry.kind == "file" else 0)
        return states

    def _copy(self, digest: str) -> bytes:
        if digest not in self.copies and self.load_copy is not None:
            self.copies[digest] = self.load_copy(digest)
        return self.copies[digest]

    def copy_sizes(self) -> int:
        """Bytes kept as copies (what a journal of this snapshot holds beside the index)."""
        return sum(len(data) for data in self.copies.values())

    # --- restoring -------------------------------------------------------------------

    def restore(self, *, stop_processes: bool = True) -> None:
        """Put every tracked and untracked file back and remove what the run created.

        Writes only what differs, into the existing file where there is one (so a full disk
        needs no more room than the file's growth back); files left with their bytes get their
        modification times back.
        """
        with interrupts.held(discard=True):
            if stop_processes:
                interrupts.stop_descendants()
            self._restore_index()
            moved = self._moved()
            wanted = self.before_many(moved)
            for rel in moved:
                self._put_back(rel, wanted[rel])
            removed_from = self._remove_created()
            durable.fsync_files(self.root / rel for rel in moved)  # before the journal may go
            for folder in removed_from:
                durable.fsync_dir(folder)
        left = self.changes()
        if left:
            raise ScaffoldError(
                f"could not put back {', '.join(left.touched()[:10])}",
                "compare with `git status` and restore those files by hand",
            )

    def _put_back(self, rel: str, want: FileState) -> None:
        path, entry = self.root / rel, self.entries[rel]
        now = FileState.read(path)
        if now != want:
            if now.kind == "dir":
                _remove_created_inside(self, path)
                path.rmdir()
            _write_state(path, want)
        if entry.times is not None and want.kind != "absent":
            os.utime(path, ns=entry.times, follow_symlinks=False)

    def _restore_index(self) -> None:
        lock = self.index_path.with_name(self.index_path.name + ".lock")
        if not self.index_lock_existed and lock.exists():
            lock.unlink()  # left by a git process of this run that was killed
        if self.index_bytes is None:
            self.index_path.unlink(missing_ok=True)
            return
        current = self.index_path.read_bytes() if self.index_path.exists() else None
        if current != self.index_bytes and not self._link_index_copy():
            durable.write_bytes(self.index_path, self.index_bytes, mtime_ns=self.index_mtime_ns)
        os.utime(self.index_path, ns=(self.index_mtime_ns, self.index_mtime_ns))

    def _link_index_copy(self) -> bool:
        """Put the journal's copy of the index in place by a hard link: no new disk space needed."""
        if self.index_copy is None or not self.index_copy.is_file():
            return False
        tmp = self.index_path.with_name("index.hs-scaffold-restore")
        try:
            tmp.unlink(missing_ok=True)
            os.link(self.index_copy, tmp)
            tmp.replace(self.index_path)
        except OSError:
            tmp.unlink(missing_ok=True)
            return False
        durable.fsync_dir(self.index_path.parent)
        return True

    def _remove_created(self) -> set[Path]:
        """Delete files created since the snapshot, then the folders that became empty or are new."""
        folders: set[Path] = set()
        for rel in self._new_paths():
            path = self.root / rel
            path.unlink()
            folders.update(path.parents)
        for rel in git.run_z(self.root, "ls-files", "-z", "-o", "--directory", "--exclude-standard"):
            if rel.endswith("/") and not rel.startswith(IGNORED_PREFIXES):
                folders.update(_folders_below(self.root / rel))
        self._prune(folders)
        return {f.parent for f in folders} | folders

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
        dirs: set[str] = set()
        starts = [*self.untracked_dirs, *(p.rpartition("/")[0] for p in (*self.tracked, *self.untracked))]
        for folder in starts:
            while folder and folder not in dirs:  # a folder in the set has its parents there too
                dirs.add(folder)
                folder = folder.rpartition("/")[0]
        return frozenset(dirs)

    # --- the journal's view ------------------------------------------------------------

    def as_json(self) -> dict[str, Any]:
        """Everything but the index bytes and the copies, for the journal (what the index copy
        says, the tracked paths and their blobs, is not repeated)."""
        staged = {p: v.split()[1] for p, v in self.index_entries.items()}
        return {
            "root": str(self.root),
            "head": self.head,
            "index_path": str(self.index_path),
            "index_exists": self.index_bytes is not None,
            "index_mtime_ns": self.index_mtime_ns,
            "index_lock_existed": self.index_lock_existed,
            "untracked": sorted(self.untracked),
            "dirty": sorted(self.dirty),
            "untracked_dirs": sorted(self.untracked_dirs),
            "entries": {p: e.as_list(staged.get(p)) for p, e in self.entries.items()},
        }

    @classmethod
    def from_json(
        cls, data: dict[str, Any], index_copy: Path | None, load_copy: Callable[[str], bytes]
    ) -> WorkTreeSnapshot:
        """A snapshot read back from a journal (copies are read when needed)."""
        root = Path(data["root"])
        index_bytes = index_copy.read_bytes() if data["index_exists"] and index_copy else None
        staged = _index_entries(root, index_copy) if index_bytes is not None and index_copy else []
        index_entries = {p: f"{mode} {oid}" for p, mode, oid, stage in staged if stage == "0"}
        oids = {p: v.split()[1] for p, v in index_entries.items()}
        return cls(
            root=root,
            head=data["head"],
            index_path=Path(data["index_path"]),
            index_bytes=index_bytes,
            index_mtime_ns=int(data["index_mtime_ns"]),
            index_lock_existed=bool(data["index_lock_existed"]),
            entries={p: Entry.from_list(raw, oids.get(p)) for p, raw in data["entries"].items()},
            tracked=frozenset(p for p, _mode, _oid, _stage in staged),
            untracked=frozenset(data["untracked"]),
            dirty=frozenset(data["dirty"]),
            untracked_dirs=frozenset(data["untracked_dirs"]),
            index_entries=index_entries,
            load_copy=load_copy,
            index_copy=index_copy,
        )


def _entry(source: str, st: os.stat_result, *, oid: str | None = None, digest: str | None = None) -> Entry:
    kind = "link" if stat.S_ISLNK(st.st_mode) else "file"
    return Entry(
        kind,
        source,
        stat.S_IMODE(st.st_mode) if kind == "file" else 0,
        identity_of(st),
        (st.st_atime_ns, st.st_mtime_ns),
        oid,
        digest,
        st.st_size,
    )


def _write_state(path: Path, want: FileState) -> None:
    """Make ``path`` hold ``want``, rewriting an existing single-link file in place."""
    st = _lstat(path)
    if want.kind == "file" and st is not None and stat.S_ISREG(st.st_mode) and st.st_nlink == 1:
        durable.overwrite_in_place(path, want.data)
        path.chmod(want.mode)
        return
    if st is not None:
        path.unlink()
    if want.kind == "absent":
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    if want.kind == "link":
        path.symlink_to(os.fsdecode(want.data))
        return
    durable.create_file(path, want.data, want.mode)
    path.chmod(want.mode)  # whatever the umask


def _tree_changes(sets: dict[str, set[str]], stirred: frozenset[str] | None) -> TreeChanges:
    return TreeChanges(sorted(sets["created"]), sorted(sets["modified"]), sorted(sets["deleted"]), stirred)


def _change(now: FileState, before: FileState) -> str | None:
    """How a path changed: created, modified or deleted (None: as it was, or only a folder now)."""
    if now == before or (now.kind == "dir" and before.kind == "absent"):
        return None
    if before.kind == "absent":
        return "created"
    return "deleted" if now.kind == "absent" else "modified"


def _is_file_or_link(root: Path, rel: str) -> bool:
    st = _lstat(f"{root}{os.sep}{rel}")
    return st is not None and (stat.S_ISREG(st.st_mode) or stat.S_ISLNK(st.st_mode))


class _Folders:
    """``lstat`` of many paths below ``prefix``, skipping those whose folder is not there (a
    sparse copy lacks thousands of tracked files: one ``stat`` per missing folder, not per file)."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.there: dict[str, bool] = {"": True}

    def lstat(self, rel: str) -> os.stat_result | None:
        folder = rel.rpartition("/")[0]
        return _lstat(self.prefix + rel) if self._there(folder) else None

    def _there(self, folder: str) -> bool:
        known = self.there.get(folder)
        if known is None:
            up = folder.rpartition("/")[0]
            known = self._there(up) and Path(self.prefix + folder).is_dir()
            self.there[folder] = known
        return known


def _lstat(path: Path | str) -> os.stat_result | None:
    try:
        return os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None


def _index_entries(root: Path, index_file: Path | None = None) -> list[tuple[str, str, str, str]]:
    """(path, mode, oid, stage) of every entry of the index (or of the copy ``index_file``)."""
    found = []
    env = {"GIT_INDEX_FILE": str(index_file)} if index_file is not None else None
    for line in git.run_z(root, "ls-files", "-s", "-z", env=env):
        meta, path = line.split("\t", 1)
        mode, oid, stage = meta.split()
        found.append((path, mode, oid, stage))
    return found


_WITH_SIZES = "--format=%(objectmode) %(objectname) %(stage) %(objectsize)%x09%(path)"


def _index_entries_and_sizes(root: Path) -> tuple[list[tuple[str, str, str, str]], dict[str, int]]:
    """The index entries and their blobs' raw sizes, in one ``ls-files --format`` (git 2.38+);
    with an older git, or where an object is missing (a submodule's commit), the sizes are {}."""
    try:
        lines = git.run_z(root, "ls-files", "-z", _WITH_SIZES)
    except ScaffoldError:
        return _index_entries(root), {}
    found, sizes = [], {}
    for line in lines:
        meta, path = line.split("\t", 1)
        mode, oid, stage, size = meta.split()
        found.append((path, mode, oid, stage))
        if size.isdigit():
            sizes[oid] = int(size)
    return found, sizes


def _blob_sizes(root: Path, oids: list[str]) -> dict[str, int]:
    """Raw sizes of objects (``cat-file --batch-check``): git's size, no filter applied."""
    if not oids:
        return {}
    feed = "".join(f"{oid}\n" for oid in oids).encode()
    out = git.run_bytes(root, "cat-file", "--batch-check=%(objectname) %(objectsize)", stdin=feed)
    sizes = {}
    for line in out.decode().splitlines():
        oid, _, size = line.partition(" ")
        if size.isdigit():
            sizes[oid] = int(size)
    return sizes


def _filtered_paths(root: Path, paths: list[str]) -> set[str]:
    """Paths with a ``filter``, ``ident`` or ``working-tree-encoding`` attribute (not EOL only)."""
    sources = [root / p for p in paths if p == ".gitattributes" or p.endswith("/.gitattributes")]
    sources += [git.git_path(root, "info/attributes"), *_global_attribute_files(root)]
    if not any(_mentions_filters(p) for p in sources):
        return set()
    feed = b"".join(p.encode("utf-8", "surrogateescape") + b"\0" for p in paths)
    raw = git.run_bytes(root, "check-attr", "-z", "--stdin", *_FILTER_ATTRS, stdin=feed).split(b"\0")
    found = set()
    for i in range(0, len(raw) - 2, 3):
        if raw[i + 2] not in (b"unspecified", b"unset"):
            found.add(raw[i].decode("utf-8", "surrogateescape"))
    return found


def _global_attribute_files(root: Path) -> list[Path]:
    configured = git.config_value(root, "core.attributesFile")
    xdg = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config") / "git/attributes"
    files = [xdg, Path("/etc/gitattributes")]
    return [Path(configured).expanduser(), *files] if configured else files


def _mentions_filters(path: Path) -> bool:
    try:
        text = path.read_bytes()
    except OSError:
        return False
    return any(word.encode() in text for word in _FILTER_ATTRS)


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


def _folders_below(top: Path) -> Iterator[Path]:
    """``top`` and every folder inside it (not following links)."""
    if not top.is_dir() or top.is_symlink():
        return
    yield top
    for folder, subdirs, _files in os.walk(top):
        for name in subdirs:
            yield Path(folder) / name


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
