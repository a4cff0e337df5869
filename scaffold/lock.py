"""One hs-scaffold run per checkout: a lock file in the git dir, created atomically."""

from __future__ import annotations

import fcntl
import json
import os
import socket
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from scaffold import git
from scaffold.checkout import Checkout
from scaffold.errors import CheckoutBusyError

LOCK_NAME = "hs-scaffold.lock"


def lock_path(checkout: Checkout) -> Path:
    """Where the checkout's lock lives (its own git dir, so worktrees lock separately)."""
    return git.git_dir(checkout.root) / LOCK_NAME


@contextmanager
def checkout_lock(checkout: Checkout) -> Iterator[None]:
    """Hold the checkout's lock for the block; CheckoutBusyError if a live run holds it."""
    path = lock_path(checkout)
    _acquire(path)
    try:
        yield
    finally:
        _release(path)


def _acquire(path: Path) -> None:
    with _guard(path):
        holder = _read(path)
        if holder is not None and _alive(holder):
            raise CheckoutBusyError(
                f"another hs-scaffold run (pid {holder.get('pid')}, started "
                f"{holder.get('started', '?')}) is working on this checkout; lock file {path}",
                "wait for it to finish; delete the lock file only if that process is gone",
            )
        if holder is not None:
            print(
                f"hs-scaffold: taking over the stale lock {path} of pid {holder.get('pid')} "
                "(that process is gone)",
                file=sys.stderr,
            )
            path.unlink(missing_ok=True)
        _create(path)


@contextmanager
def _guard(path: Path) -> Iterator[None]:
    """Serialise check-and-create between runs (the kernel drops it if a process dies)."""
    guard = path.with_name(path.name + ".guard")
    with guard.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _create(path: Path) -> None:
    """Create the lock file with our pid; O_EXCL so a run outside the guard cannot be overwritten."""
    record = {
        "pid": os.getpid(),
        "host": socket.gethostname(),
        "started": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "argv": sys.argv[:6],
    }
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError as exc:
        raise CheckoutBusyError(f"lock file {path} appeared meanwhile", "try again") from exc
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(json.dumps(record))


def _read(path: Path) -> dict[str, object] | None:
    """The lock's record, None if there is no lock; an unreadable one counts as stale."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (ValueError, OSError):
        return {"pid": None}
    return data if isinstance(data, dict) else {"pid": None}


def _alive(holder: dict[str, object]) -> bool:
    """Whether the lock's owner may still be running (same host, pid exists)."""
    pid = holder.get("pid")
    if not isinstance(pid, int):
        return False
    if holder.get("host") not in (None, socket.gethostname()):
        return True  # cannot check another machine's processes: assume it runs
    if pid == os.getpid():
        return True  # a second lock attempt inside one run is a bug, never a takeover
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _release(path: Path) -> None:
    holder = _read(path)
    if holder is not None and holder.get("pid") == os.getpid():
        path.unlink(missing_ok=True)


def holder(checkout: Checkout) -> tuple[Path, dict[str, object], bool] | None:
    """The checkout's lock, if any: (path, record, whether its process may still run)."""
    path = lock_path(checkout)
    record = _read(path)
    return None if record is None else (path, record, _alive(record))
