"""Room on disk for a ``new`` run: estimated and checked before anything is written (from the
snapshot, which only reads).

The figures are upper bounds from what is on disk before the run: the journal (a copy of the
index, one record per file, copies of uncommitted and untracked files), the room reserved for a
roll-back (the files the script rewrites, your edits it could discard), and what the run itself
writes (the script's edits and their temporary copies, the rendered template, the spec, the undo
record's copies of every file it touches).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from scaffold import git
from scaffold.checkout import Checkout
from scaffold.errors import ScaffoldError
from scaffold.worktree_guard import WorkTreeSnapshot

KIB, MIB = 1024, 1024 * 1024
PER_FILE_RECORD = 200  # bytes of the snapshot record per tracked or untracked file
SPEC_BYTES = 512 * KIB  # the spec's Markdown and JSON, generously
MARGIN = 1 * MIB


@dataclass(frozen=True)
class Needs:
    """Bytes a run needs: on the git dir's file system (journal, reserve, record) and the tree's."""

    journal: int
    reserve: int
    record: int
    tree: int

    @property
    def git_dir_side(self) -> int:
        """What goes under the git dir."""
        return self.journal + self.reserve + self.record

    def describe(self) -> str:
        """The breakdown, for the refusal."""
        parts = (
            ("journal", self.journal),
            ("roll-back reserve", self.reserve),
            ("undo record", self.record),
            ("new files and edits", self.tree),
        )
        return ", ".join(f"{name} {mib(size)}" for name, size in parts)


def mib(size: int) -> str:
    """``3.2 MB`` (MiB, one decimal)."""
    return f"{size / MIB:.1f} MB"


def _size(path: Path) -> int:
    """Bytes of a file, or of every file in a folder (not following links)."""
    try:
        if path.is_symlink() or path.is_file():
            return path.lstat().st_size
        if path.is_dir():
            return sum(p.lstat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())
    except OSError:
        return 0
    return 0


def estimate(checkout: Checkout, snapshot: WorkTreeSnapshot, touched: list[str]) -> Needs:
    """Upper bounds for a run whose script rewrites or removes ``touched`` (relative paths), from
    the snapshot taken before it (nothing written yet)."""
    root = checkout.root
    index = len(snapshot.index_bytes or b"")
    copies = snapshot.copy_sizes()
    at_risk = sum(_size(root / p) for p in touched)
    template = _size(checkout.path(checkout.layout.template_dir))
    journal = index + PER_FILE_RECORD * len(snapshot.entries) + copies + 64 * KIB
    reserve = at_risk + sum(_size(root / p) for p in snapshot.dirty if _under(p, touched))
    return Needs(
        journal=journal,
        reserve=reserve + 256 * KIB,
        record=2 * at_risk + 2 * template + SPEC_BYTES,
        tree=2 * at_risk + 4 * template + SPEC_BYTES + MARGIN,
    )


def _under(path: str, touched: list[str]) -> bool:
    return any(path == t or path.startswith(t + "/") for t in touched)


def free_bytes(path: Path) -> int:
    """Bytes an unprivileged writer may still use on the file system holding ``path``."""
    st = os.statvfs(path)
    return st.f_bavail * st.f_frsize


def require(checkout: Checkout, needs: Needs) -> None:
    """ScaffoldError (nothing written yet) when a file system lacks the room ``needs`` asks for."""
    git_dir = git.git_dir(checkout.root)
    same = git_dir.stat().st_dev == checkout.root.stat().st_dev
    demands = (
        [(checkout.root, needs.git_dir_side + needs.tree)]
        if same
        else [(git_dir, needs.git_dir_side), (checkout.root, needs.tree)]
    )
    for where, wanted in demands:
        free = free_bytes(where)
        if free < wanted:
            raise ScaffoldError(
                f"not enough free disk space for the run on the file system of {where}: it needs about "
                f"{mib(wanted)} ({needs.describe()}), {mib(free)} is free; nothing was changed",
                f"free at least {mib(wanted - free)} there and run again",
            )
