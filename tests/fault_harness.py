"""Run the hs-scaffold CLI and ``kill -9`` the process at a chosen point of a ``new`` run.

usage: python tests/fault_harness.py POINT [hs-scaffold arguments...]

POINT is one of
- ``start:<step>``: as the journal records that the step starts;
- ``script``: while the script runs (once it has touched ``$HS_TEST_MARKER``);
- ``spawned``: the script's process exists but is not yet recorded in the journal (it waits at
  its gate and must never run);
- ``rollback:<n>``: the spec step fails (injected), and the roll-back is killed after it has
  put back ``n`` files;
- ``complete``: once the undo record and the journal's "complete" mark are written, before the
  journal is removed;
- ``SIG<NAME>@<where>``: instead of a kill, that real signal, sent to itself during preflight
  (``@preflight``), as the "complete" mark is written (``@complete``), in the middle of a
  roll-back after an injected failure (``@rollback``), or so that its exception is raised inside
  a finalizer, which Python prints and swallows (``@finalizer``, during the spec step).

The kill is a real SIGKILL of the real process; only its timing is arranged here, by wrapping
the journal's event writer (and, for ``rollback:<n>``, the per-file restore) of this process.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from pathlib import Path
from typing import Any


def die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def die_when_marked() -> None:
    marker = Path(os.environ["HS_TEST_MARKER"])
    while not marker.exists():
        time.sleep(0.005)
    die()


def arm_signal(point: str) -> None:
    from scaffold import journal, preflight, spec
    from scaffold.errors import StepFailedError
    from scaffold.worktree_guard import FileState, WorkTreeSnapshot

    name, where = point.split("@")
    signum = signal.Signals[name]

    def send() -> None:
        os.kill(os.getpid(), signum)

    if where == "preflight":
        check = preflight.run_preflight

        def checked(*args: Any, **kwargs: Any) -> Any:
            send()
            return check(*args, **kwargs)

        preflight.run_preflight = checked  # type: ignore[assignment]
    elif where == "complete":
        mark = journal.Journal.mark_complete

        def marked(self: journal.Journal) -> None:
            send()  # held back until the undo record and this mark are both written
            mark(self)

        journal.Journal.mark_complete = marked  # type: ignore[method-assign]
    elif where == "finalizer":
        write_spec = spec.write_spec

        class Doomed:
            def __del__(self) -> None:
                send()
                for _ in range(1000):  # the handler runs here, inside __del__
                    pass

        def with_finalizer(*args: Any, **kwargs: Any) -> Any:
            Doomed()  # collected at once: its __del__ runs now
            return write_spec(*args, **kwargs)

        spec.write_spec = with_finalizer  # type: ignore[assignment]
    elif where == "rollback":
        put_back = WorkTreeSnapshot._put_back

        def broken(*_args: Any, **_kwargs: Any) -> Any:
            raise StepFailedError("spec", "injected failure")

        def signalled(self: WorkTreeSnapshot, rel: str, want: FileState) -> None:
            send()
            put_back(self, rel, want)

        spec.write_spec = broken  # type: ignore[assignment]
        WorkTreeSnapshot._put_back = signalled  # type: ignore[method-assign]


def arm(point: str) -> None:
    if "@" in point:
        arm_signal(point)
        return
    from scaffold import journal, spec
    from scaffold.errors import StepFailedError
    from scaffold.worktree_guard import FileState, WorkTreeSnapshot

    record = journal.Journal.event

    def event(self: journal.Journal, kind: str, **fields: Any) -> None:
        record(self, kind, **fields)
        if (kind == "start" and point == f"start:{fields.get('step')}") or (kind == point == "complete"):
            die()
        if kind == "process" and point == "script":
            threading.Thread(target=die_when_marked, daemon=True).start()

    journal.Journal.event = event  # type: ignore[method-assign]
    if point == "spawned":

        def unrecorded(self: journal.Journal, identity: dict[str, object]) -> None:
            die()

        journal.Journal.record_process = unrecorded  # type: ignore[method-assign]
    if point.startswith("rollback:"):
        limit, done = int(point.split(":")[1]), [0]

        def broken(*_args: Any, **_kwargs: Any) -> Any:
            raise StepFailedError("spec", "injected failure")

        put_back = WorkTreeSnapshot._put_back

        def counted(self: WorkTreeSnapshot, rel: str, want: FileState) -> None:
            put_back(self, rel, want)
            done[0] += 1
            if done[0] >= limit:
                die()

        spec.write_spec = broken  # type: ignore[assignment]
        WorkTreeSnapshot._put_back = counted  # type: ignore[method-assign]


if __name__ == "__main__":
    arm(sys.argv[1])
    from scaffold.cli import main

    main(sys.argv[2:], prog_name="hs-scaffold")
