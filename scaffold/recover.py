"""``hs-scaffold recover``: finish what a dead run left, from its journal.

A ``new`` run that was killed (``kill -9``, a crash, a power loss) or whose roll-back failed (a
full disk) leaves its journal (:mod:`scaffold.journal`). Recovering stops what is left of the
run's script, puts every file, the index and the untracked files back byte for byte as they were
before that run, removes what the run created and its half-written undo record, then removes the
journal with the run's temporary files. A run that had completed (its undo record was written)
is left as it is: only its journal is removed.
"""

from __future__ import annotations

from dataclasses import dataclass

from scaffold import interrupts, journal, lock, manifest
from scaffold.checkout import Checkout
from scaffold.errors import RecoveryNeededError, ScaffoldError


@dataclass(frozen=True)
class RecoverResult:
    """What ``recover`` did."""

    outcome: str  # nothing | complete | restored
    connector: str | None = None
    where: str = ""  # where the dead run had stopped
    stopped_processes: bool = False

    def summary(self) -> str:
        """One line for the user."""
        if self.outcome == "nothing":
            return "nothing to recover: no run left a journal in this checkout"
        if self.outcome == "complete":
            return (
                f"the run of {self.connector} had completed (its undo record is written); removed its "
                f"journal; `hs-scaffold undo {self.connector}` reverts the scaffold"
            )
        stopped = "; stopped its script, still running" if self.stopped_processes else ""
        return (
            f"put the tree back as it was before the run of {self.connector} that stopped {self.where}: "
            f"files, index and untracked files{stopped}"
        )


def recover(checkout: Checkout) -> RecoverResult:
    """Put the tree back from a dead run's journal (exit 6 with the reason when that fails)."""
    with lock.checkout_lock(checkout):  # a live run holds it: exit 5
        found = journal.load(checkout)
        if found is None:
            journal.clean_leftovers(checkout)  # a journal half written when its run died
            return RecoverResult("nothing")
        if not found.run:
            raise RecoveryNeededError(
                f"the journal {found.path} is unreadable (no run record)",
                "compare the tree with `git status`, then delete that folder",
            )
        if found.complete:
            found.remove()
            return RecoverResult("complete", found.connector)
        return _restore(checkout, found)


def _restore(checkout: Checkout, found: journal.Journal) -> RecoverResult:
    where = found.where()
    with interrupts.held(discard=True):
        stopped = any([interrupts.stop_group(identity) for identity in found.processes()])
        found.release_reserve()
        try:
            snapshot = found.snapshot(checkout.root)
            snapshot.restore(stop_processes=False)
        except (ScaffoldError, OSError, ValueError, KeyError) as exc:
            problem = exc.problem if isinstance(exc, ScaffoldError) else f"{type(exc).__name__}: {exc}"
            raise RecoveryNeededError(
                f"could not put the tree back from {found.path}: {problem}",
                "fix that (free space, permissions) and run `hs-scaffold recover` again",
            ) from exc
        manifest.discard_partial(checkout, found.connector, found.run_id)
        found.remove()
    return RecoverResult("restored", found.connector, where, stopped)
