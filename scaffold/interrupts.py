"""Signals and the processes a run started: SIGTERM and SIGHUP behave like Ctrl-C, critical
sections hold them back, and everything the run started is stopped before a roll-back.

SIGINT raises ``KeyboardInterrupt`` (Python's own handler); :func:`as_keyboard_interrupt` makes
SIGTERM and SIGHUP raise :class:`Interrupted`, a ``KeyboardInterrupt`` too, so every ``except
Exception`` lets them through and one handler serves all three. A signal that was ignored when
hs-scaffold started (``nohup`` ignores SIGHUP, a background job SIGINT) stays ignored.
"""

from __future__ import annotations

import contextlib
import functools
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Any

from scaffold import process_identity

TERMINATING = tuple(s for s in (signal.SIGTERM, getattr(signal, "SIGHUP", None)) if s is not None)
ALL = (signal.SIGINT, *TERMINATING)


class Interrupted(KeyboardInterrupt):
    """SIGTERM or SIGHUP, raised where the program was (like Ctrl-C's KeyboardInterrupt)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


def signal_name(exc: BaseException) -> str:
    """``SIGTERM`` for an :class:`Interrupted`, ``SIGINT`` for a plain KeyboardInterrupt."""
    return signal.Signals(exc.signum).name if isinstance(exc, Interrupted) else "SIGINT"


_unanswered: list[int] = []  # signals raised whose exception may have been swallowed
_catching = 0  # depth of nested as_keyboard_interrupt() blocks


def _raise(signum: int, _frame: FrameType | None) -> None:
    _unanswered.append(signum)
    raise KeyboardInterrupt if signum == signal.SIGINT else Interrupted(signum)


def checkpoint() -> None:
    """Raise again an interrupt whose exception never reached hs-scaffold's handlers.

    A signal's exception is raised wherever Python happens to be; when that is a finalizer (a
    library object's ``__del__``, run by the garbage collector), Python prints it and goes on.
    The run calls this between its steps, so such an interrupt is answered there.
    """
    if _unanswered:
        signum = _unanswered[0]
        answered()
        raise KeyboardInterrupt if signum == signal.SIGINT else Interrupted(signum)


def answered() -> None:
    """The interrupt raised reached a handler that acts on it (no :func:`checkpoint` repeats it)."""
    _unanswered.clear()


def _main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


@contextmanager
def as_keyboard_interrupt() -> Iterator[None]:
    """While active, SIGTERM and SIGHUP raise :class:`Interrupted` and SIGINT KeyboardInterrupt
    (as Python's own handler does, but noted for :func:`checkpoint`), unless they were ignored."""
    if not _main_thread():
        yield
        return
    previous = {}
    for sig in ALL:
        if signal.getsignal(sig) not in (signal.SIG_IGN, None):
            previous[sig] = signal.signal(sig, _raise)
    global _catching
    hook = sys.unraisablehook
    sys.unraisablehook = functools.partial(_unraisable, hook)
    if not _catching:
        answered()  # what an earlier block left (in one process, e.g. tests) is not this one's
    _catching += 1
    try:
        yield
    finally:
        _catching -= 1
        if not _catching:
            answered()
        sys.unraisablehook = hook
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _unraisable(hook: Callable[[Any], object], unraisable: Any) -> None:
    """An interrupt raised in a finalizer is no traceback to print: :func:`checkpoint` answers it."""
    if not isinstance(unraisable.exc_value, KeyboardInterrupt):
        hook(unraisable)


_holding = 0  # depth of nested held() blocks: the outermost one decides


@contextmanager
def held(*, discard: bool = False) -> Iterator[list[int]]:
    """Hold SIGINT, SIGTERM and SIGHUP back for the block, so it cannot stop halfway.

    While active, those signals are only recorded (by handlers of their own: a mask would not
    do, since a process-directed signal may go to any thread, e.g. of an fsync pool). On
    leaving, the first one recorded is raised where the block ended, or, with ``discard``,
    dropped and only listed in the yielded list (for a roll-back that is already the answer to
    an interrupt). Ignored signals stay ignored. Nested blocks leave the decision to the outermost.
    """
    global _holding
    received: list[int] = []
    if not _main_thread() or _holding:
        yield received
        return
    previous = {s: signal.getsignal(s) for s in ALL}
    for sig, handler in previous.items():
        if handler is not signal.SIG_IGN:
            signal.signal(sig, lambda signum, _frame: received.append(signum))
    _holding += 1
    try:
        yield received
    finally:
        _holding -= 1
        for sig, handler in previous.items():
            if handler is not signal.SIG_IGN:
                signal.signal(sig, handler if handler is not None else signal.SIG_DFL)
    if received and not discard:
        raise KeyboardInterrupt if received[0] == signal.SIGINT else Interrupted(received[0])


# --- processes ---------------------------------------------------------------------------


def descendants(pid: int | None = None) -> list[int]:
    """Every live process below ``pid`` (this one by default); empty where /proc is missing."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        parents.setdefault(int(fields[1]), []).append(int(entry.name))
    found, todo = [], [pid or os.getpid()]
    while todo:
        children = parents.get(todo.pop(), [])
        found.extend(children)
        todo.extend(children)
    return found


def stop_descendants(grace: float = 2.0) -> list[int]:
    """Terminate (then kill) processes this run started, e.g. a script still running after an
    interrupt, so that nothing writes to the tree while or after it is restored."""
    pids = descendants()
    _stop(pids, grace)
    return pids


def stop_group(identity: dict[str, object], grace: float = 2.0) -> bool:
    """Stop what is left of the process group a dead run's script led (``identity`` is the
    script's, as recorded when it started); True when something was stopped.

    The group id is the script's pid; Linux does not hand out a pid that is still some group's
    id, so members left with that group id are the script's, provided the pid itself is gone or
    is still the recorded process.
    """
    pid = identity.get("pid")
    if not isinstance(pid, int) or pid <= 1:
        return False
    leader_alive = _running(pid)
    if leader_alive and not process_identity.same_process(identity):
        return False  # the number now belongs to another process
    members = [p for p in _all_pids() if _group_of(p) == pid]
    if not members:
        return False
    for sig in (signal.SIGTERM, signal.SIGKILL):
        with contextlib.suppress(OSError):
            os.killpg(pid, sig)
        deadline = time.monotonic() + grace
        while time.monotonic() < deadline and any(_running(p) for p in members):
            time.sleep(0.02)
    return True


def _all_pids() -> list[int]:
    return [int(entry.name) for entry in Path("/proc").glob("[0-9]*")]


def _group_of(pid: int) -> int | None:
    try:
        return os.getpgid(pid)
    except OSError:
        return None


def _stop(pids: list[int], grace: float) -> None:
    for sig in (signal.SIGTERM, signal.SIGKILL):
        for pid in pids:
            with contextlib.suppress(OSError):
                os.kill(pid, sig)
        deadline = time.monotonic() + grace
        while time.monotonic() < deadline and any(_running(p) for p in pids):
            time.sleep(0.02)


def _running(pid: int) -> bool:
    try:
        reaped, _ = os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:  # not our child: ask the kernel whether it exists
        try:
            state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            return False
        return state != "Z"
    return reaped == 0
