"""Exit codes that tell the truth: SIGINT, SIGTERM and SIGHUP in every window of a `new` run.

Before the undo record: the tree is put back (or nothing had changed yet) and the exit code is
130. After it: the scaffold is complete, stays, and the exit code is 130 with "scaffold complete,
interrupted during <step>". A signal ignored when hs-scaffold starts (SIGHUP under nohup) stays
ignored. Signals are real, sent to the real process; the harness only times them.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.fixtures.safety.builders import git
from tests.helpers import exact_state, make_sandbox

NAME, URL = "acmepay", "https://api.acmepay.test/"
CONN = "crates/hyperswitch_connectors/src/connectors"
MANIFEST = f".git/hs-scaffold/manifests/{NAME}.json"
HARNESS = str(Path(__file__).with_name("fault_harness.py"))


def default_signals() -> None:
    """As from a terminal: runners such as nox may start us with SIGINT ignored."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGHUP, signal.SIG_DFL)


def nohup() -> None:
    default_signals()
    signal.signal(signal.SIGHUP, signal.SIG_IGN)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    repo = make_sandbox(tmp_path / "hyperswitch")
    (repo / "notes.txt").write_text("mine\n")
    return repo


def harness(repo: Path, point: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, HARNESS, point, "new", NAME, URL, *args],
        cwd=repo,
        capture_output=True,
        text=True,
        timeout=600,
        preexec_fn=default_signals,
    )


def assert_untouched(repo: Path, before: dict[str, object]) -> None:
    assert exact_state(repo) == before
    assert not (repo / ".git/hs-scaffold.lock").exists() and not (repo / ".git/hs-scaffold/journal").exists()


@pytest.mark.parametrize("sig", ["SIGINT", "SIGTERM", "SIGHUP"])
def test_before_anything_changed(repo: Path, sig: str) -> None:
    before = exact_state(repo)
    done = harness(repo, f"{sig}@preflight", "--no-build")
    assert done.returncode == 130, done.stderr
    assert f"interrupted by {sig}; nothing was changed" in done.stderr
    assert_untouched(repo, before)


@pytest.mark.parametrize("sig", ["SIGINT", "SIGTERM", "SIGHUP"])
def test_as_the_undo_record_is_written_the_scaffold_is_complete(repo: Path, sig: str) -> None:
    done = harness(repo, f"{sig}@complete", "--no-build")
    assert done.returncode == 130, done.stderr
    assert f"scaffold complete, interrupted during manifest ({sig})" in done.stderr
    assert (repo / CONN / f"{NAME}.rs").is_file() and (repo / MANIFEST).is_file()
    assert not (repo / ".git/hs-scaffold/journal").exists() and "roll-back" not in done.stderr


@pytest.mark.parametrize("sig", ["SIGINT", "SIGTERM"])
def test_a_signal_swallowed_by_a_finalizer_is_still_answered(repo: Path, sig: str) -> None:
    """Python prints and drops an exception raised in `__del__`; the run answers it at its next step."""
    before = exact_state(repo)
    done = harness(repo, f"{sig}@finalizer", "--no-build")
    assert done.returncode == 130, done.stderr
    assert f"interrupted by {sig}; the work tree was put back" in done.stderr
    assert "Traceback" not in done.stderr
    assert_untouched(repo, before)


@pytest.mark.parametrize("sig", ["SIGINT", "SIGTERM", "SIGHUP"])
def test_a_signal_during_the_roll_back_waits_for_it(repo: Path, sig: str) -> None:
    before = exact_state(repo)
    done = harness(repo, f"{sig}@rollback", "--no-build")
    assert done.returncode == 1, done.stderr
    assert "injected failure; the work tree was put back as it was" in done.stderr
    assert_untouched(repo, before)


def _start(
    repo: Path, *args: str, marker: Path | None = None, preexec: object = default_signals
) -> subprocess.Popen[str]:
    env = {**os.environ, "HS_TEST_MARKER": str(marker)} if marker else None
    return subprocess.Popen(
        [sys.executable, "-m", "scaffold", "new", NAME, URL, *args],
        cwd=repo,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=preexec,  # type: ignore[arg-type]
    )


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP])
def test_during_the_build_the_scaffold_stays(repo: Path, sig: signal.Signals) -> None:
    build_rs = repo / "crates/router/build.rs"  # a build that takes its time, so there is a build to stop
    build_rs.write_text("fn main() { std::thread::sleep(std::time::Duration::from_secs(60)); }\n")
    git(repo, "add", "crates/router/build.rs")
    git(repo, "commit", "-qm", "a slow build script")
    run = _start(repo)
    try:
        deadline = time.monotonic() + 300
        while not (repo / MANIFEST).is_file() and run.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        while (repo / ".git/hs-scaffold/journal").exists() and run.poll() is None:
            time.sleep(0.02)
        time.sleep(1.0)  # cargo is running
        started = time.monotonic()
        run.send_signal(sig)
        _, stderr = run.communicate(timeout=60)
    finally:
        if run.poll() is None:
            run.kill()
            run.wait()
    assert run.returncode == 130, stderr
    assert f"scaffold complete, interrupted during build ({sig.name})" in stderr
    assert time.monotonic() - started < 20, "the run waited for the build instead of stopping it"
    assert (repo / CONN / f"{NAME}.rs").is_file() and (repo / MANIFEST).is_file()


def test_under_nohup_a_sighup_is_ignored(repo: Path, tmp_path: Path) -> None:
    script = repo / "scripts/add_connector.sh"
    script.write_text(
        script.read_text().replace("\ncd $conn/\n", '\ntouch "$HS_TEST_MARKER"; sleep 1\ncd $conn/\n', 1)
    )
    git(repo, "commit", "-qam", "a script that pauses midway")
    marker = tmp_path / "marker"
    run = _start(repo, "--no-build", marker=marker, preexec=nohup)
    try:
        while not marker.exists() and run.poll() is None:
            time.sleep(0.02)
        run.send_signal(signal.SIGHUP)
        _, stderr = run.communicate(timeout=300)
    finally:
        if run.poll() is None:
            run.kill()
            run.wait()
    assert run.returncode == 0, stderr
    assert (repo / CONN / f"{NAME}.rs").is_file() and "roll-back" not in stderr


def test_sighup_mid_script_rolls_back(repo: Path, tmp_path: Path) -> None:
    script = repo / "scripts/add_connector.sh"
    script.write_text(
        script.read_text().replace("\ncd $conn/\n", '\ntouch "$HS_TEST_MARKER"; sleep 4\ncd $conn/\n', 1)
    )
    git(repo, "commit", "-qam", "a script that pauses midway")
    before = exact_state(repo)
    marker = tmp_path / "marker"
    run = _start(repo, "--no-build", marker=marker)
    try:
        while not marker.exists() and run.poll() is None:
            time.sleep(0.02)
        run.send_signal(signal.SIGHUP)
        _, stderr = run.communicate(timeout=60)
    finally:
        if run.poll() is None:
            run.kill()
            run.wait()
    assert run.returncode == 130 and "interrupted by SIGHUP; the work tree was put back" in stderr, stderr
    time.sleep(4.5)  # the script, had it survived, would go on writing now
    assert_untouched(repo, before)
