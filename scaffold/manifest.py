"""The record of what a completed scaffold did, kept under the git dir for ``undo``.

``<git-dir>/hs-scaffold/manifests/<name>.json`` lists the files created (with hashes) and
the files modified or deleted (hashes before and after); the "before" bytes of each
modified or deleted file are kept beside it in ``<name>.before/`` and the "after" bytes of
each modified file in ``<name>.after/`` (to reverse the run's edits by a 3-way merge).
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

from scaffold import __version__, git
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

    def as_json(self) -> dict[str, Any]:
        """The entry as stored."""
        return {"path": self.path, "before": self.before, "after": self.after, "mode": self.mode}


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
) -> Path:
    """Record what the run changed, versus ``snapshot``; returns the manifest's path.

    ``extra`` adds keys to the record (the drift repairs and registrations a run made).
    """
    path = manifest_dir(checkout) / f"{name}.json"
    before_dir = path.with_suffix(".before")
    for folder in (before_dir, path.with_suffix(".after")):
        shutil.rmtree(folder, ignore_errors=True)
    entries, links = [], {}
    befores = snapshot.before_many(changes.touched())
    for rel in changes.touched():
        before = befores[rel]
        after = FileState.read(checkout.path(rel))
        if before.kind != "absent":
            _keep(before_dir / rel, before.data)
            links[rel] = before.kind == "link"
            if after.kind == "file":
                _keep(path.with_suffix(".after") / rel, after.data)
        entries.append(Entry(rel, digest(before), digest(after), before.mode or 0o644))
    created_dirs = sorted(
        {
            p.as_posix()
            for rel in changes.created
            for p in Path(rel).parents
            if p.as_posix() not in (".", *snapshot.existing_dirs)
        }
    )
    record = {
        "format": FORMAT,
        "tool": f"hs-scaffold {__version__}",
        "connector": name,
        "recorded": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "head": snapshot.head,
        "files": [e.as_json() for e in entries],
        "created_dirs": created_dirs,
        "links": links,
        **(extra or {}),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    tmp.replace(path)
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
    befores = snapshot.before_many([p for p in changes.touched() if p not in known])
    for rel in changes.touched():
        now = FileState.read(checkout.path(rel))
        item = known.get(rel)
        if item is None:
            before = befores[rel]
            if before.kind != "absent":
                _keep(record.before_dir / rel, before.data)
                record.data.setdefault("links", {})[rel] = before.kind == "link"
            item = Entry(rel, digest(before), None, before.mode or 0o644).as_json()
            record.data["files"].append(item)
        item["after"] = digest(now)
        if item["before"] is not None and now.kind == "file":
            _keep(record.after_dir / rel, now.data)
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(record.data, indent=2) + "\n", encoding="utf-8")
    tmp.replace(path)
    return True


def _keep(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def load_manifest(checkout: Checkout, name: str) -> Manifest:
    """The manifest of connector ``name``; UsageError when there is none."""
    path = manifest_dir(checkout) / f"{name}.json"
    if not path.is_file():
        raise UsageError(
            f"no record of a scaffold of {name!r} in this checkout ({path})",
            "undo reverts only connectors scaffolded here by `hs-scaffold new`",
        )
    data = json.loads(path.read_text(encoding="utf-8"))
    entries = [Entry(f["path"], f["before"], f["after"], int(f.get("mode", 0o644))) for f in data["files"]]
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
        tmp = path.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(record.data, indent=2) + "\n", encoding="utf-8")
        tmp.replace(path)
    return updated
