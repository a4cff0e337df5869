"""One hs-scaffold run per checkout: a lock file in the git dir, created atomically.

The lock names its process by pid, start time, boot id and command line
(:mod:`scaffold.process_identity`): a lock whose pid now belongs to another program, or to a
later process, is stale and taken over.
"""

from __future__ import annotations

import fcntl
import json
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from scaffold import durable, git, process_identity
from scaffold.checkout import Checkout
from scaffold.errors import CheckoutBusyError, ScaffoldError

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
    try:
        _take(path)
    except OSError as exc:
        raise ScaffoldError(
            f"cannot create the lock file {path}: {exc.strerror}",
            "free some space on that file system (or fix its permissions) and run again",
        ) from exc


def _take(path: Path) -> None:
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
                "(that hs-scaffold process is gone)",
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
    """Write the record to a temporary file, then link it into place: the lock appears complete or
    not at all (a full disk leaves no empty lock), and never over another run's (link refuses)."""
    record = {**process_identity.current(), "started": time.strftime("%Y-%m-%dT%H:%M:%S%z")}
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        durable.create_file(tmp, json.dumps(record).encode(), 0o644)
        try:
            os.link(tmp, path)
        except FileExistsError as exc:
            raise CheckoutBusyError(f"lock file {path} appeared meanwhile", "try again") from exc
    finally:
        tmp.unlink(missing_ok=True)
    durable.fsync_dir(path.parent)


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
    """Whether the lock's owner is still running: that pid, started then, running hs-scaffold."""
    return process_identity.is_running_hs_scaffold(holder)


def _release(path: Path) -> None:
    holder = _read(path)
    if holder is not None and holder.get("pid") == os.getpid():
        path.unlink(missing_ok=True)


def holder(checkout: Checkout) -> tuple[Path, dict[str, object], bool] | None:
    """The checkout's lock, if any: (path, record, whether its process may still run)."""
    path = lock_path(checkout)
    record = _read(path)
    return None if record is None else (path, record, _alive(record))
