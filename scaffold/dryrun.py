"""``new --dry-run``: the whole flow in a throwaway ``git worktree``, the user's tree untouched.

The worktree is a detached checkout of HEAD in a temporary folder, with the user's
uncommitted tracked changes applied and untracked files copied, all staged in the
worktree's own index, so that afterwards ``git diff`` there shows exactly what the run did.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

from scaffold import git
from scaffold.checkout import Checkout
from scaffold.errors import ScaffoldError, UsageError

T = TypeVar("T")
NO_HOOKS = ("-c", "core.hooksPath=/dev/null")


@dataclass
class DryRunResult(Generic[T]):
    """What the run would change, as found in the throwaway worktree."""

    created: list[str]
    modified: list[str]
    deleted: list[str]
    diffstat: str
    diff: str
    value: T | None = None

    def as_json(self) -> dict[str, object]:
        """The result as one JSON-ready dict."""
        data: dict[str, object] = {
            "dry_run": True,
            "files_created": self.created,
            "files_modified": self.modified,
            "files_deleted": self.deleted,
            "diffstat": self.diffstat,
        }
        if self.diff:
            data["diff"] = self.diff
        as_json = getattr(self.value, "as_json", None)
        if callable(as_json):
            data["run"] = as_json()
        return data


def dry_run(checkout: Checkout, run: Callable[[Checkout], T], *, diff: bool) -> DryRunResult[T]:
    """Call ``run`` on a throwaway worktree of ``checkout`` and report what it changed."""
    if git.head_oid(checkout.root) is None:
        raise UsageError("the checkout has no commit yet", "commit once, then use --dry-run")
    folder = Path(tempfile.mkdtemp(prefix="hs-scaffold-dry-run-"))
    if folder.resolve().is_relative_to(checkout.root):
        shutil.rmtree(folder)
        raise UsageError("the temporary folder lies inside the checkout", "set TMPDIR to a folder outside it")
    worktree = folder / checkout.root.name
    try:
        git.run(checkout.root, *NO_HOOKS, "worktree", "add", "--detach", "--quiet", str(worktree), "HEAD")
        _copy_user_changes(checkout.root, worktree)
        value = run(Checkout(worktree, checkout.layout))
        return _collect(worktree, diff=diff, value=value)
    finally:
        _remove_worktree(checkout.root, worktree)
        shutil.rmtree(folder, ignore_errors=True)


def _copy_user_changes(root: Path, worktree: Path) -> None:
    """Uncommitted tracked changes (``git diff HEAD``) and untracked files, staged there."""
    patch = git.run_bytes(root, "--no-optional-locks", "diff", "HEAD", "--binary", "--no-ext-diff")
    if patch.strip():
        git.run_bytes(worktree, "apply", "--index", "--binary", "--whitespace=nowarn", stdin=patch)
    untracked = git.untracked_paths(root)
    for rel in untracked:
        source, target = root / rel, worktree / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_symlink():
            target.symlink_to(source.readlink())
        elif source.is_file():
            shutil.copy2(source, target)
    if untracked:
        feed = b"".join(p.encode() + b"\0" for p in untracked)
        git.run_bytes(worktree, "add", "--force", "--pathspec-from-file=-", "--pathspec-file-nul", stdin=feed)


def _collect(worktree: Path, *, diff: bool, value: T) -> DryRunResult[T]:
    created = git.untracked_paths(worktree)
    if created:
        feed = b"".join(p.encode() + b"\0" for p in created)
        git.run_bytes(worktree, "add", "-N", "--pathspec-from-file=-", "--pathspec-file-nul", stdin=feed)
    status = git.run_z(worktree, "diff", "--name-status", "-z", "--no-renames")
    changed = dict(zip(status[1::2], status[0::2], strict=True))
    return DryRunResult(
        created=sorted(created),
        modified=sorted(p for p, s in changed.items() if s == "M" and p not in created),
        deleted=sorted(p for p, s in changed.items() if s == "D"),
        diffstat=git.run(worktree, "diff", "--stat", "--no-ext-diff"),
        diff=git.run(worktree, "diff", "--no-ext-diff") + "\n" if diff else "",
        value=value,
    )


def _remove_worktree(root: Path, worktree: Path) -> None:
    try:
        git.run(root, "worktree", "remove", "--force", "--force", str(worktree))
    except ScaffoldError:
        shutil.rmtree(worktree, ignore_errors=True)
    git.run(root, "worktree", "prune")
