"""The record of what a completed scaffold did, kept under the git dir for ``undo``.

``<git-dir>/hs-scaffold/manifests/<name>.json`` lists the files created (with hashes) and
the files modified or deleted (hashes before and after); the "before" bytes of each
modified or deleted file are kept beside it in ``<name>.before/`` and the "after" bytes of
each modified file in ``<name>.after/`` (to reverse the run's edits by a 3-way merge), and
for each file its index entry before the run and when the record was written (so that ``undo``
puts the index back too). Every file is written durably; the JSON, written last, is the commit
point of a run: with it in place the scaffold is complete.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scaffold import __version__, durable, git
from scaffold.checkout import Checkout
from scaffold.errors import UsageError
from scaffold.worktree_guard import FileState, TreeChanges, WorkTreeSnapshot

FOLDER = "hs-scaffold/manifests"
FORMAT = 1


def manifest_dir(checkout: Checkout) -> Path:
    """Where manifests live for this checkout (its own git dir)."""
    return git.git_dir(checkout.root) / FOLDER


def digest(state: FileState) -> str | None:
    """A hash of a file's content and kind (None when absent)."""
    if state.kind == "absent":
        return None
    return hashlib.sha256(state.kind.encode() + b"\0" + state.data).hexdigest()


@dataclass(frozen=True)
class Entry:
    """One file in a manifest."""

    path: str
    before: str | None  # digest before the run (None: did not exist)
    after: str | None  # digest after the run (None: deleted)
    mode: int = 0o644  # of the "before" file
    index_before: str | None = None  # "mode oid" staged before the run (None: not in the index)
    index_after: str | None = None  # "mode oid" staged when the record was written
    index_known: bool = False  # False in records written before the index was recorded

    def as_json(self) -> dict[str, Any]:
        """The entry as stored."""
        return {
            "path": self.path,
            "before": self.before,
            "after": self.after,
            "mode": self.mode,
            "index_before": self.index_before,
            "index_after": self.index_after,
        }


@dataclass(frozen=True)
class Manifest:
    """A loaded manifest."""

    name: str
    path: Path
    entries: list[Entry]
    data: dict[str, Any]

    @property
    def before_dir(self) -> Path:
        """Where the "before" bytes of modified and deleted files are kept."""
        return self.path.with_suffix(".before")

    def before(self, entry: Entry) -> FileState:
        """The file as it was before the run."""
        if entry.before is None:
            return FileState("absent")
        kept = self.before_dir / entry.path
        kind = "link" if self.data.get("links", {}).get(entry.path) else "file"
        return FileState(kind, kept.read_bytes(), entry.mode)

    @property
    def after_dir(self) -> Path:
        """Where the "after" bytes of modified files are kept (for a 3-way reverse)."""
        return self.path.with_suffix(".after")

    def after(self, entry: Entry) -> bytes | None:
        """The file as the run left it, when it was kept."""
        kept = self.after_dir / entry.path
        return kept.read_bytes() if kept.is_file() else None

    def remove(self) -> None:
        """Delete the manifest and its saved bytes."""
        shutil.rmtree(self.before_dir, ignore_errors=True)
        shutil.rmtree(self.after_dir, ignore_errors=True)
        self.path.unlink(missing_ok=True)


def write_manifest(
    checkout: Checkout,
    name: str,
    snapshot: WorkTreeSnapshot,
    changes: TreeChanges,
    extra: dict[str, Any] | None = None,
    *,
    run_id: str | None = None,
) -> Path:
    """Record what the run changed, versus ``snapshot``; returns the manifest's path.

    ``extra`` adds keys to the record (the drift repairs and registrations a run made);
    ``run_id`` is the run's (its journal's), so that a record can be told from an older one.
    """
    path = manifest_dir(checkout) / f"{name}.json"
    before_dir = path.with_suffix(".before")
    for folder in (before_dir, path.with_suffix(".after")):
        shutil.rmtree(folder, ignore_errors=True)
    entries, links = [], {}
    befores = snapshot.before_many(changes.touched())
    staged_now = index_entries(checkout.root, changes.touched())
    for rel in changes.touched():
        before = befores[rel]
        after = FileState.read(checkout.path(rel))
        if before.kind != "absent":
            _keep(before_dir / rel, before.data)
            links[rel] = before.kind == "link"
            if after.kind == "file":
                _keep(path.with_suffix(".after") / rel, after.data)
        entries.append(
            Entry(
                rel,
                digest(before),
                digest(after),
                before.mode or 0o644,
                snapshot.index_entries.get(rel),
                staged_now.get(rel),
                True,
            )
        )
    for folder in (before_dir, path.with_suffix(".after")):
        _sync_tree(folder)
    created_dirs = sorted(
        {
            p.as_posix()
            for rel in changes.created
            for p in Path(rel).parents
            if p.as_posix() != "." and p.as_posix() not in snapshot.existing_dirs
        }
    )
    record = {
        "format": FORMAT,
        "tool": f"hs-scaffold {__version__}",
        "connector": name,
        "recorded": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "head": snapshot.head,
        "run_id": run_id,
        "index_recorded": True,
        "files": [e.as_json() for e in entries],
        "created_dirs": created_dirs,
        "links": links,
        **(extra or {}),
    }
    durable.write_text(path, json.dumps(record, indent=2) + "\n")
    return path


def extend_manifest(checkout: Checkout, name: str, snapshot: WorkTreeSnapshot, changes: TreeChanges) -> bool:
    """Add a later run's edits (``audit --fix``) to the undo record of ``name``; False without one.

    Files the record already lists keep their "before"; their "after" becomes what is there now.
    Files it did not list are added with their state at ``snapshot`` as "before".
    """
    path = manifest_dir(checkout) / f"{name}.json"
    if not path.is_file():
        return False
    record = load_manifest(checkout, name)
    known = {item["path"]: item for item in record.data["files"]}
    added = [p for p in changes.touched() if p not in known]
    befores = snapshot.before_many(added)
    staged_now = index_entries(checkout.root, added)
    for rel in changes.touched():
        now = FileState.read(checkout.path(rel))
        item = known.get(rel)
        if item is None:
            before = befores[rel]
            if before.kind != "absent":
                _keep(record.before_dir / rel, before.data)
                record.data.setdefault("links", {})[rel] = before.kind == "link"
            index = (snapshot.index_entries.get(rel), staged_now.get(rel))
            item = Entry(rel, digest(before), None, before.mode or 0o644, *index).as_json()
            record.data["files"].append(item)
        item["after"] = digest(now)
        if item["before"] is not None and now.kind == "file":
            _keep(record.after_dir / rel, now.data)
    durable.write_text(path, json.dumps(record.data, indent=2) + "\n")
    return True


def index_entries(root: Path, paths: list[str]) -> dict[str, str]:
    """``{path: "mode oid"}`` of the stage-0 index entries of ``paths`` now."""
    if not paths:
        return {}
    found: dict[str, str] = {}
    for line in git.run_z(root, "ls-files", "-s", "-z", "--", *[f":(literal){p}" for p in paths]):
        meta, rel = line.split("\t", 1)
        mode, oid, stage = meta.split()
        if stage == "0":
            found[rel] = f"{mode} {oid}"
    return found


def _keep(path: Path, data: bytes) -> None:
    durable.write_plain(path, data)


def _sync_tree(folder: Path) -> None:
    """fsync every file and folder under ``folder``, before the JSON that refers to them."""
    if folder.is_dir():
        durable.fsync_files(folder.rglob("*"))
        durable.fsync_dir(folder)
        durable.fsync_dir(folder.parent)


def discard_partial(checkout: Checkout, name: str, run_id: str) -> None:
    """After a roll-back: remove what the run wrote of its record (the JSON only if it is this run's)."""
    path = manifest_dir(checkout) / f"{name}.json"
    try:
        ours = json.loads(path.read_text(encoding="utf-8")).get("run_id") == run_id
    except FileNotFoundError:
        ours = True  # no record: any saved bytes beside it are this run's, half written
    except (OSError, ValueError, AttributeError):
        ours = False
    if ours:
        shutil.rmtree(path.with_suffix(".before"), ignore_errors=True)
        shutil.rmtree(path.with_suffix(".after"), ignore_errors=True)
        path.unlink(missing_ok=True)


def load_manifest(checkout: Checkout, name: str) -> Manifest:
    """The manifest of connector ``name``; UsageError when there is none."""
    path = manifest_dir(checkout) / f"{name}.json"
    if not path.is_file():
        raise UsageError(
            f"no record of a scaffold of {name!r} in this checkout ({path})",
            "undo reverts only connectors scaffolded here by `hs-scaffold new`",
        )
    data = json.loads(path.read_text(encoding="utf-8"))
    known = bool(data.get("index_recorded"))
    entries = [
        Entry(
            f["path"],
            f["before"],
            f["after"],
            int(f.get("mode", 0o644)),
            f.get("index_before"),
            f.get("index_after"),
            known,
        )
        for f in data["files"]
    ]
    return Manifest(name, path, entries, data)


def record_rewrite(checkout: Checkout, name: str, paths: Iterable[Path | str]) -> list[str]:
    """Files hs-scaffold itself rewrote after the run (``hs-scaffold spec``) are not user edits.

    For each of ``paths`` the manifest of ``name`` records, its "after" hash (and kept "after"
    bytes) become the file as it is now, so ``undo`` treats it as the scaffold's own version.
    Returns the paths updated; does nothing when there is no manifest.
    """
    try:
        path = manifest_dir(checkout) / f"{name}.json"
    except UsageError:  # not a git repository: no manifest can exist
        return []
    if not path.is_file():
        return []
    record = load_manifest(checkout, name)
    wanted = {checkout.rel(p) if p.is_absolute() else p.as_posix() for p in map(Path, paths)}
    updated = []
    for item in record.data["files"]:
        if item["path"] not in wanted:
            continue
        now = FileState.read(checkout.path(item["path"]))
        if item["before"] is not None:
            kept = record.after_dir / item["path"]
            if now.kind == "file":
                _keep(kept, now.data)
            else:
                kept.unlink(missing_ok=True)
        item["after"] = digest(now)
        updated.append(item["path"])
    if updated:
        durable.write_text(path, json.dumps(record.data, indent=2) + "\n")
    return updated
