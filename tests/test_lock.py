"""The checkout lock: one run at a time, stale locks taken over, two real processes."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from scaffold.checkout import Checkout, find_checkout
from scaffold.errors import CheckoutBusyError, ExitCode
from scaffold.lock import checkout_lock, lock_path
from tests.fixtures.safety.builders import mini_checkout

HOLDER = """
import sys, time
from pathlib import Path
from scaffold.checkout import find_checkout
from scaffold.lock import checkout_lock
with checkout_lock(find_checkout(Path(sys.argv[1]))):
    print("locked", flush=True)
    time.sleep(float(sys.argv[2]))
"""


@pytest.fixture
def checkout(tmp_path: Path) -> Checkout:
    return find_checkout(mini_checkout(tmp_path / "hs"))


def test_lock_is_created_and_released(checkout: Checkout) -> None:
    path = lock_path(checkout)
    with checkout_lock(checkout):
        record = json.loads(path.read_text())
        assert record["pid"] > 0 and path.parent.name == ".git"
    assert not path.exists()


def test_lock_is_released_on_error(checkout: Checkout) -> None:
    with pytest.raises(RuntimeError), checkout_lock(checkout):
        raise RuntimeError("boom")
    assert not lock_path(checkout).exists()


def test_second_lock_in_one_process_is_refused(checkout: Checkout) -> None:
    with checkout_lock(checkout), pytest.raises(CheckoutBusyError), checkout_lock(checkout):
        pass


def test_stale_lock_is_taken_over_with_a_message(
    checkout: Checkout, capsys: pytest.CaptureFixture[str]
) -> None:
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    lock_path(checkout).write_text(json.dumps({"pid": int(dead.stdout), "started": "earlier"}))
    with checkout_lock(checkout):
        assert json.loads(lock_path(checkout).read_text())["pid"] != int(dead.stdout)
    assert "stale lock" in capsys.readouterr().err


def test_garbage_lock_is_taken_over(checkout: Checkout) -> None:
    lock_path(checkout).write_text("not json")
    with checkout_lock(checkout):
        pass


def test_two_real_processes(checkout: Checkout) -> None:
    first = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(checkout.root), "5"], stdout=subprocess.PIPE, text=True
    )
    try:
        assert first.stdout is not None and first.stdout.readline().strip() == "locked"
        second = subprocess.run(
            [sys.executable, "-c", HOLDER, str(checkout.root), "0"], capture_output=True, text=True
        )
        assert second.returncode != 0
        assert "CheckoutBusyError" in second.stderr and f"pid {first.pid}" in second.stderr
        assert str(lock_path(checkout)) in second.stderr
    finally:
        first.kill()
        first.wait()
        if first.stdout is not None:
            first.stdout.close()
    # the killed holder left its lock behind: the next run takes it over
    started = time.monotonic()
    third = subprocess.run(
        [sys.executable, "-c", HOLDER, str(checkout.root), "0"], capture_output=True, text=True
    )
    assert third.returncode == 0 and "stale lock" in third.stderr
    assert time.monotonic() - started < 30


def test_busy_error_maps_to_exit_5() -> None:
    assert CheckoutBusyError("x").exit_code == ExitCode.BUSY


def test_a_lock_naming_a_live_unrelated_process_is_taken_over(
    checkout: Checkout, capsys: pytest.CaptureFixture[str]
) -> None:
    other = subprocess.Popen(["sleep", "60"])
    try:
        lock_path(checkout).write_text(json.dumps({"pid": other.pid, "started": "earlier"}))
        with checkout_lock(checkout):
            assert json.loads(lock_path(checkout).read_text())["pid"] != other.pid
    finally:
        other.kill()
        other.wait()
    assert "stale lock" in capsys.readouterr().err


def test_a_reused_pid_is_taken_over(checkout: Checkout) -> None:
    """The pid runs hs-scaffold, but it started at another time than the lock says: not the owner."""
    first = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(checkout.root), "30"], stdout=subprocess.PIPE, text=True
    )
    try:
        assert first.stdout is not None and first.stdout.readline().strip() == "locked"
        record = json.loads(lock_path(checkout).read_text())
        assert record["start_ticks"] and record["boot_id"] and "scaffold" in " ".join(record["argv"]) + HOLDER
        with pytest.raises(CheckoutBusyError), checkout_lock(checkout):
            pass  # the real owner: refused
        record["start_ticks"] -= 1
        lock_path(checkout).write_text(json.dumps(record))
        with checkout_lock(checkout):
            pass  # same pid, another start time: a stale lock
    finally:
        first.kill()
        first.wait()
        if first.stdout is not None:
            first.stdout.close()


def test_a_lock_from_before_a_reboot_is_stale(checkout: Checkout) -> None:
    alike = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)  # hs-scaffold"])
    try:
        lock_path(checkout).write_text(json.dumps({"pid": alike.pid, "boot_id": "another-boot"}))
        with checkout_lock(checkout):
            pass
        lock_path(checkout).write_text(json.dumps({"pid": alike.pid}))
        with pytest.raises(CheckoutBusyError), checkout_lock(checkout):
            pass  # an hs-scaffold command line, this boot: it may be the owner
    finally:
        alike.kill()
        alike.wait()
