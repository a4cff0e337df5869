"""A nearly full disk: a small tmpfs holding the checkout, filled to leave 0, 1, 3 and 10 MB, or
filled up while the run is under way. Each run ends with a complete scaffold and its undo record,
or with the tree byte for byte as before; never an internal error (exit 70), never a left lock.

Needs root (to mount the tmpfs); skipped with the reason otherwise.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fixtures.safety.builders import git
from tests.helpers import exact_state, hs_scaffold, make_sandbox

NAME, URL = "acmepay", "https://api.acmepay.test/"
CONN = "crates/hyperswitch_connectors/src/connectors"
MIB = 1024 * 1024


@pytest.fixture
def small_fs(tmp_path: Path) -> Iterator[Path]:
    """A 24 MB tmpfs of this test's own."""
    mount = tmp_path / "fs"
    mount.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a small file system needs root")
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", str(mount)], capture_output=True, text=True
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def free(path: Path) -> int:
    st = os.statvfs(path)
    return st.f_bavail * st.f_frsize


def fill(mount: Path, leave: int) -> Path:
    """Take the file system's room down to ``leave`` bytes (to the last byte for 0)."""
    filler = mount / f"filler-{len(list(mount.glob('filler-*')))}"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
    try:
        room = free(mount) - leave
        if room > 0:
            with contextlib.suppress(OSError):  # a run writing meanwhile: the loop takes the rest
                os.posix_fallocate(fd, 0, room)
        while leave == 0:
            try:
                os.write(fd, b"\0" * 4096)
            except OSError:
                break
    finally:
        os.close(fd)
    return filler


def scene(mount: Path) -> Path:
    repo = make_sandbox(mount / "hyperswitch")
    cargo = repo / "Cargo.toml"
    cargo.write_text(cargo.read_text() + "# my note\n")
    (repo / "notes.txt").write_text("mine\n")
    return repo


def assert_complete_or_untouched(repo: Path, before: dict[str, object], code: int, stderr: str) -> str:
    assert code not in (70, 6), stderr
    assert not (repo / ".git/hs-scaffold.lock").exists() and not (repo / ".git/hs-scaffold/journal").exists()
    if code == 0:
        assert (repo / CONN / f"{NAME}.rs").is_file()
        assert (repo / ".git/hs-scaffold/manifests" / f"{NAME}.json").is_file()
        return "complete"
    assert code == 1, stderr
    assert exact_state(repo) == before, stderr
    return "untouched"


@pytest.mark.parametrize("left_mb", [0, 1, 3, 10])
def test_a_nearly_full_disk(small_fs: Path, left_mb: int) -> None:
    repo = scene(small_fs)
    before = exact_state(repo)
    filler = fill(small_fs, left_mb * MIB)
    done = hs_scaffold("new", NAME, URL, "--no-build", cwd=repo)
    outcome = assert_complete_or_untouched(repo, before, done.returncode, done.stderr)
    if outcome == "untouched":  # refused before any change, with the figures or the errno's words
        assert "not enough free disk space" in done.stderr or "No space left on device" in done.stderr
        assert "nothing was changed" in done.stderr or "free some space" in done.stderr
    if left_mb == 10:
        assert outcome == "complete", done.stderr
    filler.unlink()
    if outcome == "complete":
        assert hs_scaffold("undo", NAME, cwd=repo).returncode == 0
        assert exact_state(repo, mtimes=False) == {
            k: (v[0], v[1], 0) if isinstance(v, tuple) else v for k, v in before.items()
        }


def _events(repo: Path) -> str:
    try:
        return (repo / ".git/hs-scaffold/journal/events.log").read_text()
    except OSError:
        return ""


@pytest.mark.parametrize("step", ["script", "files", "format", "spec", "manifest"])
def test_the_disk_fills_up_during_the_run(small_fs: Path, step: str) -> None:
    repo = scene(small_fs)
    before = exact_state(repo)
    run = subprocess.Popen(
        [sys.executable, "-m", "scaffold", "new", NAME, URL, "--no-build"],
        cwd=repo,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    filler = None
    try:
        deadline = time.monotonic() + 120
        while f'"step": "{step}"' not in _events(repo) and run.poll() is None and time.monotonic() < deadline:
            time.sleep(0.002)
        filler = fill(small_fs, 0)
        _, stderr = run.communicate(timeout=300)
    finally:
        if run.poll() is None:
            run.kill()
            run.wait()
    if filler is not None:
        filler.unlink()  # git needs a little room to report the status
    assert_complete_or_untouched(repo, before, run.returncode, stderr)
    assert "internal error" not in stderr


def test_the_roll_back_has_its_reserve(small_fs: Path) -> None:
    """Full to the last byte mid-script: the roll-back writes into the room the journal held."""
    repo = scene(small_fs)
    script = repo / "scripts/add_connector.sh"
    script.write_text(
        script.read_text().replace("\ncd $conn/\n", '\ntouch "$HS_TEST_MARKER"; sleep 1\ncd $conn/\n', 1)
    )
    git(repo, "commit", "-qam", "a script that pauses midway")
    before = exact_state(repo)
    marker = small_fs.parent / "marker"
    run = subprocess.Popen(
        [sys.executable, "-m", "scaffold", "new", NAME, URL, "--no-build"],
        cwd=repo,
        env={**os.environ, "HS_TEST_MARKER": str(marker)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        while not marker.exists() and run.poll() is None:
            time.sleep(0.01)
        reserve = (repo / ".git/hs-scaffold/journal/reserve").stat().st_size
        filler = fill(small_fs, 0)
        _, stderr = run.communicate(timeout=300)
    finally:
        if run.poll() is None:
            run.kill()
            run.wait()
    assert reserve > 0
    assert run.returncode == 1 and "No space left on device" in stderr and "put back" in stderr, stderr
    filler.unlink()
    assert exact_state(repo) == before
