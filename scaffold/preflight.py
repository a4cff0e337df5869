"""Before the script runs: no unfinished git operation, no uncommitted work it would discard.

The list of files at risk is read from the checkout's own ``add_connector.sh``: every path
it ``git checkout``s, ``rm``s, or overwrites with ``mv``/``cp``, with its variables and
``cd``s followed.
"""

from __future__ import annotations

import os
import posixpath
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from scaffold import git, script_edits, shell_script
from scaffold.checkout import Checkout
from scaffold.errors import ScaffoldError, StepFailedError, UsageError
from scaffold.worktree_guard import ABSENT, FileState, WorkTreeSnapshot

NAME_PLACEHOLDER = "<name>"
BACKUPS = "hs-scaffold/saved"
BACKUP_DAYS = 30
UNSTAGED = "-"


# --- reading the script ------------------------------------------------------------------


def script_touched_paths(script_text: str, checkout: Checkout, *, name: str | None = None) -> list[str]:
    """Paths (relative to the root) the script discards: ``git checkout``, ``rm``, ``mv``/``cp`` targets."""
    script = checkout.layout.script.as_posix()
    found: list[str] = []
    for cwd, words in shell_script.commands(script_text, script, name or NAME_PLACEHOLDER):
        found.extend(_targets(words, cwd))
    return list(dict.fromkeys(p for p in found if p))


def _targets(words: list[str], cwd: str) -> list[str]:
    command, args = words[0], words[1:]
    if command == "git" and args[:1] == ["checkout"]:
        paths = [a for a in args[1:] if not a.startswith("-")]
    elif command == "rm":
        paths = [a for a in args if not a.startswith("-")]
    elif command in ("mv", "cp") and len([a for a in args if not a.startswith("-")]) >= 2:
        paths = [[a for a in args if not a.startswith("-")][-1]]
    else:
        return []
    return [_resolve(cwd, p) for p in paths]


def _resolve(cwd: str, path: str) -> str:
    """``path`` relative to the root, or "" when it is unknown or outside the checkout."""
    if "$" in path or "*" in path or path.startswith("/"):
        return ""
    joined = posixpath.normpath(posixpath.join(cwd, path))
    return "" if joined.startswith("..") or joined == "." else joined


# --- the checks ----------------------------------------------------------------------------


@dataclass(frozen=True)
class SavedChange:
    """A user's uncommitted change to a file the script overwrites."""

    path: str
    head: bytes | None  # the file at HEAD (None: not in HEAD)
    yours: FileState  # the file in the work tree
    index_entry: str | None  # "mode oid" staged, when it differs from HEAD; UNSTAGED: not in the index


@dataclass
class Preflight:
    """Result of the checks; with ``--allow-dirty`` it carries the user's changes to re-apply."""

    checkout: Checkout
    touched: list[str]
    saved: list[SavedChange] = field(default_factory=list)
    backup_dir: Path | None = None
    work_dir: Path | None = None  # the run's folder for temporary files (in its journal)

    def summary(self) -> str:
        """One line for the step report."""
        text = f"{len(self.touched)} files the script overwrites are clean"
        if self.saved:
            text = f"saved your changes to {len(self.saved)} of the {len(self.touched)} files it overwrites"
        return text

    def prepare(self) -> None:
        """Back the saved changes up under the git dir, then reset those files to HEAD."""
        if not self.saved:
            return
        self.backup_dir = _write_backups(self.checkout, self.saved)
        for change in self.saved:
            at_head = FileState("file", change.head, change.yours.mode or 0o644) if change.head else ABSENT
            at_head.write(self.checkout.path(change.path))
        git.run(self.checkout.root, "reset", "-q", "HEAD", "--", *[c.path for c in self.saved])

    def reapply(self) -> str:
        """Merge the saved changes into the script's result (raises on a conflict)."""
        if not self.saved:
            return "no saved changes to re-apply"
        merged = {c.path: _merge(self.checkout, c, self.work_dir) for c in self.saved}
        for change in self.saved:
            merged[change.path].write(self.checkout.path(change.path))
            _restage(self.checkout, change)
        if self.backup_dir is not None:
            shutil.rmtree(self.backup_dir, ignore_errors=True)
        return f"re-applied your changes to {len(self.saved)} files: {', '.join(merged)}"


def run_preflight(
    checkout: Checkout, name: str, *, allow_dirty: bool, snapshot: WorkTreeSnapshot | None = None
) -> Preflight:
    """Refuse to start mid-merge/rebase, or over uncommitted work the script would discard.
    ``snapshot``: the work tree as just recorded (its dirty and untracked files; else git is asked)."""
    busy = git.operation_in_progress(checkout.root)
    if busy:
        raise UsageError(
            f"the checkout is in the middle of {busy}", "finish or abort it, then run hs-scaffold again"
        )
    _prune_backups(checkout)
    script = checkout.path(checkout.layout.script).read_text(encoding="utf-8", errors="replace")
    touched = script_touched_paths(script, checkout, name=name)
    dirty_now = snapshot.dirty if snapshot is not None else git.dirty_paths(checkout.root)
    untracked_now = snapshot.untracked if snapshot is not None else git.untracked_paths(checkout.root)
    dirty = {p for p in dirty_now if _at_risk(p, touched)}
    untracked = sorted(p for p in untracked_now if _at_risk(p, touched))
    if untracked:
        raise UsageError(
            f"untracked files the script would delete or overwrite: {_listed(untracked)}",
            "move them out of the way and run again",
        )
    if dirty and not allow_dirty:
        raise UsageError(
            f"uncommitted changes in files the script overwrites: {_listed(sorted(dirty))}",
            "commit or stash them (git stash), or pass --allow-dirty to have them saved and re-applied",
        )
    script_edits.check_tools(checkout.path(checkout.layout.script), checkout.layout.script.as_posix())
    return Preflight(checkout, touched, [_save(checkout, p) for p in sorted(dirty)])


def _at_risk(path: str, touched: list[str]) -> bool:
    """``path`` is one of the touched paths or lies in a touched folder (``rm -rf dir``)."""
    return any(path == t or path.startswith(t + "/") for t in touched)


def _listed(paths: list[str], limit: int = 8) -> str:
    more = f" and {len(paths) - limit} more" if len(paths) > limit else ""
    return ", ".join(paths[:limit]) + more


def _save(checkout: Checkout, path: str) -> SavedChange:
    head = git.head_oid(checkout.root)
    head_bytes: bytes | None = None
    if head is not None:
        status, _, _ = git.try_run(checkout.root, "cat-file", "-e", f"HEAD:{path}")
        head_bytes = git.run_bytes(checkout.root, "show", f"HEAD:{path}") if status == 0 else None
    staged = git.run(checkout.root, "ls-files", "-s", "--", path).split()
    head_entry = git.run(checkout.root, "ls-tree", "HEAD", "--", path).split() if head else []
    index_entry = None
    if staged[:2] != head_entry[:1] + head_entry[2:3]:
        index_entry = " ".join(staged[:2]) if staged else UNSTAGED
    return SavedChange(path, head_bytes, FileState.read(checkout.path(path)), index_entry)


def _restage(checkout: Checkout, change: SavedChange) -> None:
    """Put back what the user had staged for the file (the script's edits stay unstaged)."""
    if change.index_entry == UNSTAGED:
        git.run(checkout.root, "rm", "-q", "--cached", "--", change.path)
    elif change.index_entry:
        mode, oid = change.index_entry.split()
        git.run(checkout.root, "update-index", "--add", "--cacheinfo", f"{mode},{oid},{change.path}")


def _merge(checkout: Checkout, change: SavedChange, work_dir: Path | None = None) -> FileState:
    now = FileState.read(checkout.path(change.path))
    head = change.head or b""
    if change.yours.kind != "file" or now.kind != "file":
        if now.kind != "file" and change.yours.kind != "file":
            return change.yours
        if now.data == head and now.kind == "file":
            return change.yours  # the script left it alone: your version stands
        raise _conflict(change.path)
    merged, conflicts = git.merge_file(checkout.root, now.data, head, change.yours.data, work_dir=work_dir)
    if conflicts:
        raise _conflict(change.path)
    return FileState("file", merged, change.yours.mode)


def _conflict(path: str) -> ScaffoldError:
    return StepFailedError(
        "reapply",
        f"your uncommitted changes to {path} conflict with the script's edits",
        "commit or stash them and run again",
    )


def _write_backups(checkout: Checkout, saved: list[SavedChange]) -> Path:
    """Copies of the user's versions under ``<git-dir>/hs-scaffold/saved/<time>/``."""
    folder = git.git_dir(checkout.root) / BACKUPS / f"{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}"
    for change in saved:
        if change.yours.kind == "file":
            target = folder / change.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(change.yours.data)
    return folder


def _prune_backups(checkout: Checkout) -> None:
    """Drop backups of earlier runs whose every file is back in the work tree, or that are old."""
    base = git.git_dir(checkout.root) / BACKUPS
    for folder in sorted(base.glob("*")) if base.is_dir() else []:
        files = [p for p in folder.rglob("*") if p.is_file()]
        old = time.time() - folder.stat().st_mtime > BACKUP_DAYS * 86400
        if old or all(_same(checkout.path(p.relative_to(folder).as_posix()), p) for p in files):
            shutil.rmtree(folder, ignore_errors=True)


def _same(a: Path, b: Path) -> bool:
    return a.is_file() and a.read_bytes() == b.read_bytes()
