"""``undo`` and the index: put back what was staged before ``new`` for every file it touched.

The manifest records each touched file's index entry before the run and when the record was
written. If the entry changed since (you staged the scaffold, ``git add -A``), the scaffold's
edit is reversed in the staged version too: the entry goes back to what it was before the run
when you staged exactly the scaffold's version, else the staged content is merged three-way
(reversing the scaffold's lines, keeping yours). Overlapping changes are a conflict.
"""

from __future__ import annotations

from dataclasses import dataclass

from scaffold import git
from scaffold.checkout import Checkout
from scaffold.manifest import Entry, Manifest, digest, index_entries
from scaffold.worktree_guard import FileState


@dataclass(frozen=True)
class IndexPlan:
    """What to do with one path's index entry."""

    path: str
    action: str  # keep | set | conflict
    value: str | None = None  # "mode oid" to set, None to remove from the index
    reason: str = ""


def plan(checkout: Checkout, record: Manifest) -> list[IndexPlan]:
    """The index changes that undo ``record``; empty for records that did not note the index."""
    entries = [e for e in record.entries if e.index_known]
    now = index_entries(checkout.root, [e.path for e in entries])
    return [_plan_one(checkout, record, e, now.get(e.path)) for e in entries]


def _plan_one(checkout: Checkout, record: Manifest, entry: Entry, staged: str | None) -> IndexPlan:
    if staged == entry.index_before:
        return IndexPlan(entry.path, "keep")
    if staged == entry.index_after or staged is None:
        return IndexPlan(entry.path, "set", entry.index_before)
    ours = _scaffold_blob(checkout, record, entry)
    mode, oid = staged.split()
    if oid == ours or (ours is None and _holds_the_scaffold(checkout, entry, oid)):
        return IndexPlan(entry.path, "set", entry.index_before)
    if ours is None:
        return IndexPlan(
            entry.path, "conflict", entry.index_before, "staged since with other content than the scaffold's"
        )
    merged, conflicts = git.merge_file(
        checkout.root,
        _blob(checkout, oid),
        _blob(checkout, ours),
        _blob_of_entry(checkout, entry.index_before),
    )
    if conflicts:
        return IndexPlan(
            entry.path, "conflict", entry.index_before, "staged since, overlapping the scaffold's lines"
        )
    return IndexPlan(entry.path, "set", f"{mode} {git.hash_object(checkout.root, merged)}")


def _scaffold_blob(checkout: Checkout, record: Manifest, entry: Entry) -> str | None:
    """The blob ``git add`` made of the scaffold's version of the file (None when unknown)."""
    after = record.after(entry)
    if after is None:  # a created file: its "after" bytes are the file itself while unchanged
        now = FileState.read(checkout.path(entry.path))
        after = now.data if now.kind == "file" and digest(now) == entry.after else None
    return None if after is None else git.hash_object(checkout.root, after, path=entry.path)


def _holds_the_scaffold(checkout: Checkout, entry: Entry, oid: str) -> bool:
    """Whether the staged blob ``oid`` is the scaffold's version of a file the user edited since
    (the record keeps only its hash): e.g. the scaffold committed, then an unstaged edit."""
    return entry.after is not None and digest(FileState("file", _blob(checkout, oid))) == entry.after


def _blob(checkout: Checkout, oid: str) -> bytes:
    found = git.read_objects(checkout.root, [oid])[0]
    return found or b""


def _blob_of_entry(checkout: Checkout, value: str | None) -> bytes:
    return _blob(checkout, value.split()[1]) if value else b""


def apply(checkout: Checkout, plans: list[IndexPlan], *, force: bool = False) -> list[str]:
    """Carry out the plans (conflicts too, to the entry before the run, when ``force``); the paths set."""
    wanted = {p.path: p.value for p in plans if p.action == "set" or (p.action == "conflict" and force)}
    git.set_index_entries(checkout.root, wanted)
    return sorted(wanted)
