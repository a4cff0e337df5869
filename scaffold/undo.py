"""``hs-scaffold undo <name>``: revert a recorded scaffold, keeping later edits where possible."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from scaffold import git, index_revert, journal
from scaffold.checkout import Checkout
from scaffold.errors import ScaffoldError
from scaffold.lock import checkout_lock
from scaffold.manifest import Entry, Manifest, digest, load_manifest
from scaffold.worktree_guard import ABSENT, FileState

BACKUPS = "hs-scaffold/undo-backups"


@dataclass
class UndoResult:
    """What ``undo`` did."""

    name: str
    removed: list[str] = field(default_factory=list)
    reverted: list[str] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)  # reversed with later edits kept
    unchanged: list[str] = field(default_factory=list)  # already as before the scaffold
    forced: list[str] = field(default_factory=list)
    unstaged: list[str] = field(default_factory=list)  # index entries put back as before the scaffold
    backup_dir: Path | None = None

    def summary(self) -> str:
        """One line for the user."""
        text = (
            f"undid {self.name}: {len(self.removed)} files removed, "
            f"{len(self.reverted) + len(self.merged)} restored"
        )
        if self.merged:
            text += f" ({len(self.merged)} keeping your later edits)"
        if self.forced:
            text += f"; forced {len(self.forced)}, your versions saved in {self.backup_dir}"
        return text


@dataclass(frozen=True)
class _Plan:
    entry: Entry
    action: str  # remove | restore | merge | none | conflict
    result: FileState = ABSENT
    reason: str = ""


def undo(checkout: Checkout, name: str, *, force: bool) -> UndoResult:
    """Revert the scaffold of ``name``; refuse if files changed since in ways that cannot be
    reversed cleanly, unless ``force`` (then the current versions are backed up first)."""
    journal.refuse_if_pending(checkout)
    with checkout_lock(checkout):
        journal.refuse_if_pending(checkout)
        record = load_manifest(checkout, name)
        plans = [_plan(checkout, record, entry) for entry in record.entries]
        index_plans = index_revert.plan(checkout, record)
        conflicts = [(p.entry.path, p.reason) for p in plans if p.action == "conflict"]
        conflicts += [(p.path, p.reason) for p in index_plans if p.action == "conflict"]
        if conflicts and not force:
            listed = ", ".join(f"{path} ({reason})" for path, reason in conflicts[:8])
            raise ScaffoldError(
                f"cannot undo {name} cleanly: changed since the scaffold: {listed}",
                "revert those edits first, or pass --force (it first saves your versions under .git/)",
            )
        result = UndoResult(name)
        if conflicts:
            result.backup_dir = _back_up(checkout, [path for path, _ in conflicts])
        for plan in plans:
            _apply(checkout, record, plan, result)
        if any(e.index_known for e in record.entries):
            result.unstaged = index_revert.apply(checkout, index_plans, force=force)
        else:  # a record from before the index was noted
            _unstage_created(checkout, [p.entry.path for p in plans if p.entry.before is None])
        _remove_dirs(checkout, record.data.get("created_dirs", []))
        record.remove()
        return result


def _plan(checkout: Checkout, record: Manifest, entry: Entry) -> _Plan:
    now = FileState.read(checkout.path(entry.path))
    current = digest(now)
    if current == entry.before:
        return _Plan(entry, "none")
    if current == entry.after:
        return _Plan(entry, "remove" if entry.before is None else "restore", record.before(entry))
    if entry.before is None:
        return _Plan(entry, "conflict", ABSENT, "created by the scaffold, edited since")
    before = record.before(entry)
    if now.kind != "file" or before.kind != "file" or entry.after is None:
        return _Plan(entry, "conflict", before, "deleted or replaced since")
    after = record.after(entry)
    if after is None:
        return _Plan(entry, "conflict", before, "edited since; the scaffold's version is unknown")
    merged, conflicts = git.merge_file(checkout.root, now.data, after, before.data)
    if conflicts:
        return _Plan(entry, "conflict", before, "edited since, overlapping the scaffold's lines")
    return _Plan(entry, "merge", FileState("file", merged, now.mode))


def _apply(checkout: Checkout, record: Manifest, plan: _Plan, result: UndoResult) -> None:
    path = checkout.path(plan.entry.path)
    if plan.action == "none":
        result.unchanged.append(plan.entry.path)
        return
    if plan.action == "conflict":
        target = ABSENT if plan.entry.before is None else record.before(plan.entry)
        _clear_folder(path)
        target.write(path)
        result.forced.append(plan.entry.path)
        return
    plan.result.write(path)
    bucket = {"remove": result.removed, "restore": result.reverted, "merge": result.merged}
    bucket[plan.action].append(plan.entry.path)


def _clear_folder(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        raise ScaffoldError(f"{path} is now a folder", "move it away and run undo again")


def _back_up(checkout: Checkout, paths: list[str]) -> Path:
    """Copies of the current versions of files --force overwrites."""
    folder = git.git_dir(checkout.root) / BACKUPS / time.strftime("%Y%m%d-%H%M%S")
    for rel in paths:
        source = checkout.path(rel)
        if source.is_file():
            target = folder / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(source.read_bytes())
    return folder


def _unstage_created(checkout: Checkout, paths: list[str]) -> None:
    """Files the scaffold created that were since staged leave the index too."""
    tracked = git.tracked_paths(checkout.root)
    staged = [p for p in paths if p in tracked]
    if staged:
        git.run(checkout.root, "rm", "-q", "--cached", "--ignore-unmatch", "--", *staged)


def _remove_dirs(checkout: Checkout, folders: list[str]) -> None:
    for rel in sorted(folders, key=lambda p: p.count("/"), reverse=True):
        try:
            checkout.path(rel).rmdir()
        except OSError:
            continue  # not empty, or already gone
