"""All or nothing for the commands that edit a scaffolded connector later (``fill``, ``audit --fix``).

The same protection as ``new``: the caller holds the checkout's lock; a dead run's journal must
go back with ``recover`` first; the tree is snapshotted and journalled (durably, with the room
for a roll-back checked and reserved) before the first write; any failure or interrupt puts it
back byte for byte, index included; a ``kill -9`` leaves the journal for ``hs-scaffold recover``.
On success the edits join the connector's undo record, so ``hs-scaffold undo NAME`` reverts them.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from scaffold import diskspace, interrupts, journal, manifest
from scaffold.checkout import Checkout
from scaffold.errors import InterruptedRunError, ScaffoldError
from scaffold.worktree_guard import WorkTreeSnapshot


@dataclass
class Guard:
    """The snapshot the edit is guarded by, and whether its undo record took the edits."""

    snapshot: WorkTreeSnapshot
    recorded: bool = False


@contextmanager
def guarded_edit(checkout: Checkout, name: str, command: str, touched: Sequence[str]) -> Iterator[Guard]:
    """Guard the edits of connector ``name`` made in the block (``touched``: files it rewrites)."""
    journal.refuse_if_pending(checkout)
    journal.clean_leftovers(checkout)
    snapshot = WorkTreeSnapshot.take(checkout.root)
    needs = diskspace.estimate(checkout, snapshot, list(touched))
    diskspace.require(checkout, needs)
    try:
        run = journal.create(checkout, snapshot, connector=name, reserve=needs.reserve, command=command)
    except OSError as exc:
        raise ScaffoldError(
            f"cannot write the run's journal under {journal.journal_path(checkout).parent}: "
            f"{exc.strerror}; nothing was changed",
            "free some space there and run again",
        ) from exc
    guard = Guard(snapshot)
    run.step_started(command)
    try:
        yield guard
    except KeyboardInterrupt as exc:
        _roll_back(run, snapshot)
        interrupts.answered()
        raise InterruptedRunError(
            f"interrupted by {interrupts.signal_name(exc)}", "the work tree was put back as it was"
        ) from exc
    except BaseException:
        _roll_back(run, snapshot)
        raise
    with interrupts.held():  # the record and "complete" land together
        guard.recorded = _record(checkout, name, snapshot)
        run.step_ended(command, "ok")
        run.mark_complete()
    with interrupts.held():
        run.remove()


def _roll_back(run: journal.Journal, snapshot: WorkTreeSnapshot) -> None:
    with interrupts.held(discard=True):
        run.put_back(snapshot)
        run.remove()


def _record(checkout: Checkout, name: str, snapshot: WorkTreeSnapshot) -> bool:
    """Add the edits to ``new``'s undo record of ``name``, when there is one."""
    try:
        return manifest.extend_manifest(checkout, name, snapshot, snapshot.changes())
    except ScaffoldError:
        return False
