"""The journal of a ``new`` run: everything needed to finish or undo it, on disk before the first change.

``<git-dir>/hs-scaffold/journal/`` holds the snapshot (:class:`WorkTreeSnapshot`), a copy of the
index file, the bytes of every file the snapshot keeps as a copy (your uncommitted edits and
untracked files), a room reservation for the roll-back, the run's temporary files (``tmp/``: the
script's shims), and ``events.log``: one line per step started and ended. It is written into a
new folder, every file fsynced, and renamed into place: it exists whole or not at all.

A run removes its journal when it completes (the undo record is written) or is rolled back. A
journal left behind means the run died (``kill -9``, power loss, a roll-back that failed):
:func:`pending` says so, and ``hs-scaffold recover`` (:mod:`scaffold.recover`) uses it to put the
tree back byte for byte.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import shutil
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scaffold import durable, git, process_identity
from scaffold.checkout import Checkout
from scaffold.errors import RecoveryNeededError, ScaffoldError, os_error_text
from scaffold.worktree_guard import WorkTreeSnapshot

FOLDER = "hs-scaffold/journal"
FORMAT = 1
RECOVER_FIX = "run `hs-scaffold recover` to put the tree back as it was before that run"


def journal_path(checkout: Checkout) -> Path:
    """Where the checkout's journal lives (its own git dir, beside the lock)."""
    return _git_dir(checkout.root) / FOLDER


@functools.lru_cache(maxsize=16)
def _git_dir(root: Path) -> Path:
    return git.git_dir(root)  # asked several times a run; a git dir does not move meanwhile


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S%z")


@dataclass
class Journal:
    """An existing journal folder and its run record."""

    path: Path
    run: dict[str, Any]

    @property
    def tmp(self) -> Path:
        """The run's folder for temporary files (removed with the journal)."""
        return self.path / "tmp"

    @property
    def run_id(self) -> str:
        """The run's unique id (also written into its manifest)."""
        return str(self.run["run_id"])

    @property
    def connector(self) -> str:
        """The connector the run scaffolds."""
        return str(self.run["connector"])

    # --- events ----------------------------------------------------------------------

    def event(self, kind: str, **fields: Any) -> None:
        """Append one event (``start``/``end`` of a step, ``process``, ``complete``...).

        Best effort: on a full disk the log may miss lines; a roll-back must not fail for them
        (what it restores from, the snapshot, was written whole before the run began).
        """
        line = json.dumps({"at": _now(), "event": kind, **fields})
        with contextlib.suppress(OSError):
            durable.append_line(self.path / "events.log", line)

    def step_started(self, step: str) -> None:
        """The run starts ``step``."""
        self.event("start", step=step)

    def step_ended(self, step: str, status: str) -> None:
        """The run ended ``step`` (ok or failed)."""
        self.event("end", step=step, status=status)

    def record_process(self, identity: dict[str, object]) -> None:
        """A process group the run started (the script), so that ``recover`` can stop it."""
        self.event("process", process=identity)

    def mark_complete(self) -> None:
        """The scaffold is complete (its undo record is written): nothing is to be put back."""
        self.event("complete")

    def events(self) -> list[dict[str, Any]]:
        """Every event recorded, in order (a torn last line is ignored)."""
        try:
            lines = (self.path / "events.log").read_text(encoding="utf-8").splitlines()
        except OSError:
            return []
        found = []
        for line in lines:
            with contextlib.suppress(ValueError):
                found.append(json.loads(line))
        return found

    @property
    def complete(self) -> bool:
        """Whether the run had completed: a ``complete`` event, or its manifest is in place."""
        if any(e.get("event") == "complete" for e in self.events()):
            return True
        manifest = self.path.parent / "manifests" / f"{self.connector}.json"
        try:
            return bool(json.loads(manifest.read_text(encoding="utf-8")).get("run_id") == self.run_id)
        except (OSError, ValueError, AttributeError):
            return False

    def processes(self) -> list[dict[str, object]]:
        """The process groups the run recorded."""
        return [e["process"] for e in self.events() if e.get("event") == "process"]

    def where(self) -> str:
        """Where the run was when it stopped, for messages."""
        started = ended = None
        for event in self.events():
            if event.get("event") == "start":
                started = event.get("step")
            elif event.get("event") == "end":
                ended = event.get("step")
            elif event.get("event") == "rollback":
                return "during its roll-back"
        if started is None:
            return "before its first step"
        return f"during step '{started}'" if started != ended else f"after step '{started}'"

    # --- the snapshot and the room ---------------------------------------------------

    def snapshot(self, root: Path | None = None) -> WorkTreeSnapshot:
        """The snapshot the journal holds (copies are read when needed); ``root`` is where the
        checkout is now, should it have moved since (the journal moves with its git dir)."""
        data = json.loads((self.path / "snapshot.json").read_text(encoding="utf-8"))
        if root is not None and Path(data["root"]) != root:
            data = {**data, "root": str(root), "index_path": str(git.git_path(root, "index"))}
        copies = self.path / "copies"
        return WorkTreeSnapshot.from_json(data, self.path / "index", lambda d: (copies / d).read_bytes())

    def release_reserve(self) -> None:
        """Free the room set aside for the roll-back (just before it writes)."""
        (self.path / "reserve").unlink(missing_ok=True)

    def put_back(self, snapshot: WorkTreeSnapshot, cause: str = "") -> None:
        """Roll the tree back to ``snapshot`` (the caller holds signals back): the reserve freed
        first, the event logged; RecoveryNeededError, this journal kept for ``recover``, when the
        restore fails (``cause``: what made the run roll back, for that message)."""
        self.release_reserve()
        self.event("rollback")
        try:
            snapshot.restore()
        except (ScaffoldError, OSError) as exc:
            problem = exc.problem if isinstance(exc, ScaffoldError) else os_error_text(exc)
            raise RecoveryNeededError(
                f"{cause}; then the roll-back failed: {problem}"
                if cause
                else f"the roll-back failed: {problem}",
                f"the journal {self.path} still holds the tree as it was: fix that, then run "
                "`hs-scaffold recover`",
            ) from exc

    def remove(self) -> None:
        """Delete the journal and the run's temporary files."""
        shutil.rmtree(self.path, ignore_errors=True)
        durable.fsync_dir(self.path.parent)

    def owner_running(self) -> bool:
        """Whether the run that wrote the journal is still running."""
        return process_identity.is_running_hs_scaffold(self.run.get("owner", {}))


def create(
    checkout: Checkout, snapshot: WorkTreeSnapshot, *, connector: str, reserve: int, command: str = "new"
) -> Journal:
    """Write the journal of a run about to start (a new folder, fsynced, renamed into place);
    ``command`` is the hs-scaffold command the run is (``new``, ``fill``, ``audit --fix``)."""
    final = journal_path(checkout)
    if final.exists():
        raise RecoveryNeededError(f"a journal of an earlier run is in the way: {final}", RECOVER_FIX)
    staging = final.with_name(f"journal.new-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    run = {
        "format": FORMAT,
        "run_id": uuid.uuid4().hex,
        "connector": connector,
        "command": command,
        "owner": process_identity.current(),
        "started": _now(),
        "root": str(checkout.root),
    }
    try:
        _write_contents(staging, snapshot, run, reserve)
        staging.replace(final)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    durable.fsync_dir(final.parent)
    snapshot.index_copy = final / "index"
    return Journal(final, run)


def _write_contents(folder: Path, snapshot: WorkTreeSnapshot, run: dict[str, Any], reserve: int) -> None:
    (folder / "copies").mkdir(parents=True)
    (folder / "tmp").mkdir()
    for digest, data in snapshot.copies.items():
        durable.create_file(folder / "copies" / digest, data, 0o600)
    if snapshot.index_bytes is not None:
        durable.create_file(folder / "index", snapshot.index_bytes, 0o644)
        os.utime(folder / "index", ns=(snapshot.index_mtime_ns, snapshot.index_mtime_ns))
    durable.create_file(folder / "snapshot.json", json.dumps(snapshot.as_json()).encode(), 0o644)
    durable.create_file(folder / "events.log", b"", 0o644)
    durable.preallocate(folder / "reserve", reserve)
    durable.create_file(folder / "run.json", json.dumps(run, indent=2).encode(), 0o644)
    durable.fsync_files([*folder.glob("*"), *(folder / "copies").glob("*")])


def load(checkout: Checkout) -> Journal | None:
    """The checkout's journal, if there is one (its run record may be unreadable: then ``run`` is {})."""
    path = journal_path(checkout)
    if not path.is_dir():
        return None
    try:
        run = json.loads((path / "run.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        run = {}
    return Journal(path, run if isinstance(run, dict) else {})


def pending(checkout: Checkout) -> str | None:
    """A description of a dead run's journal that ``recover`` should handle, or None.

    None when there is no journal, when its run is still running (the lock tells that run
    apart), or when the run had completed and only its clean-up was cut short.
    """
    found = load(checkout)
    if found is None or found.owner_running() or (found.run and found.complete):
        return None
    if not found.run:
        return f"an unreadable journal of an earlier run is in {found.path}"
    owner, command = found.run.get("owner", {}), found.run.get("command", "new")
    return (
        f"a run of `hs-scaffold {command} {found.connector}` (pid {owner.get('pid')}, started "
        f"{found.run.get('started')}) stopped {found.where()} and left the tree changed"
    )


def refuse_if_pending(checkout: Checkout) -> None:
    """RecoveryNeededError (exit 6) while a dead run's journal waits for ``recover``."""
    found = pending(checkout)
    if found:
        raise RecoveryNeededError(found, RECOVER_FIX)


def clean_leftovers(checkout: Checkout) -> None:
    """Under the lock: drop half-written journals and the journal of a run that had completed."""
    path = journal_path(checkout)
    for staging in path.parent.glob("journal.new-*") if path.parent.is_dir() else []:
        shutil.rmtree(staging, ignore_errors=True)
    found = load(checkout)
    if found is not None and found.run and found.complete and not found.owner_running():
        found.remove()
