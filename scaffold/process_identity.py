"""Who a recorded pid is: the same hs-scaffold process, or a later one that reused the number.

A pid alone is not an identity: after a crash the number is soon given to another process. The
lock and the journal record the pid with its start time (``/proc/<pid>/stat``, clock ticks since
boot) and the boot id; a process counts as the recorded one only when all of them match and its
command line is hs-scaffold's.
"""

from __future__ import annotations

import os
import socket
import sys
from pathlib import Path

PROC = Path("/proc")
_MARKER = b"scaffold"  # `hs-scaffold ...`, `python -m scaffold ...`


def _stat_fields(pid: int) -> list[str] | None:
    try:
        text = (PROC / str(pid) / "stat").read_text()
    except OSError:
        return None
    return text.rsplit(")", 1)[1].split()


def start_ticks(pid: int) -> int | None:
    """When ``pid`` started (clock ticks since boot), None where /proc cannot tell."""
    fields = _stat_fields(pid)
    return int(fields[19]) if fields and len(fields) > 19 else None


def boot_id() -> str | None:
    """This boot's id (a reboot makes every recorded pid stale)."""
    try:
        return (PROC / "sys/kernel/random/boot_id").read_text().strip()
    except OSError:
        return None


def command_line(pid: int) -> bytes | None:
    """The raw command line of ``pid`` (NUL-separated), None where unreadable."""
    try:
        return (PROC / str(pid) / "cmdline").read_bytes()
    except OSError:
        return None


def current() -> dict[str, object]:
    """This process's identity, as recorded in the lock and the journal."""
    pid = os.getpid()
    return {
        "pid": pid,
        "host": socket.gethostname(),
        "start_ticks": start_ticks(pid),
        "boot_id": boot_id(),
        "argv": sys.argv[:6],
    }


def of_child(pid: int) -> dict[str, object]:
    """The identity of a process this one started (e.g. the script), to stop it later."""
    return {"pid": pid, "start_ticks": start_ticks(pid), "boot_id": boot_id()}


def _exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    fields = _stat_fields(pid)
    return fields is None or fields[0] != "Z"  # a zombie has finished


def same_process(record: dict[str, object]) -> bool:
    """Whether the process ``record`` describes is still running (same start time and boot)."""
    pid = record.get("pid")
    if not isinstance(pid, int) or pid <= 0 or not _exists(pid):
        return False
    if record.get("boot_id") not in (None, boot_id()):
        return False
    recorded, now = record.get("start_ticks"), start_ticks(pid)
    return recorded is None or now is None or recorded == now


def is_running_hs_scaffold(record: dict[str, object]) -> bool:
    """Whether ``record`` names a live hs-scaffold process: pid, start time, boot and command line."""
    if record.get("host") not in (None, socket.gethostname()):
        return True  # another machine's process cannot be checked: assume it runs
    if record.get("boot_id") not in (None, boot_id()):
        return False  # recorded before a reboot
    if record.get("pid") == os.getpid():  # this very process (a nested lock is a bug, never a takeover)
        return record.get("start_ticks") in (None, start_ticks(os.getpid()))
    if not same_process(record):
        return False
    pid = record["pid"]
    assert isinstance(pid, int)
    cmdline = command_line(pid)
    return cmdline is None or _MARKER in cmdline
