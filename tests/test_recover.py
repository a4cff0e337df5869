"""`kill -9` at eleven points of a `new` run, then `hs-scaffold recover`: the tree, the index (staged
and unstaged versions both) and the untracked files come back byte for byte; meanwhile `new`,
`undo`, `doctor` and `status` point at `recover`."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from scaffold.checkout import find_checkout
from scaffold.journal import journal_path, pending
from tests.helpers import exact_state, git, hs_scaffold, make_sandbox

NAME, URL = "acmepay", "https://api.acmepay.test/"
CONN = "crates/hyperswitch_connectors/src/connectors"
HARNESS = Path(__file__).with_name("fault_harness.py")
POINTS = [
    "start:script",  # after --allow-dirty reset your at-risk file, before the script
    "spawned",  # the script's process started, not yet in the journal: it must never run
    "script",  # mid-script: its sed edits done, and it goes on running after the kill
    "start:files",
    "start:format",
    "start:post-checks",
    "start:reapply",
    "start:spec",
    "start:manifest",
    "rollback:3",  # a failure, then a kill in the middle of the roll-back
    "complete",  # the undo record written, the journal not yet removed
]


def scene(tmp_path: Path) -> Path:
    """A sandbox whose script pauses midway, with all kinds of uncommitted work in it."""
    repo = make_sandbox(tmp_path / "hyperswitch")
    script = repo / "scripts/add_connector.sh"
    pause = '\ntouch "$HS_TEST_MARKER"; sleep "${HS_TEST_PAUSE:-1}"\ncd $conn/\n'
    text = script.read_text().replace("\ncd $conn/\n", pause, 1)
    script.write_text(text)
    git(repo, "commit", "-qam", "a script that pauses midway")
    toml = repo / "config/development.toml"
    toml.write_text(toml.read_text() + '\n[mine]\nstaged = "yes"\n')
    git(repo, "add", "config/development.toml")  # staged ...
    toml.write_text(toml.read_text() + 'unstaged = "too"\n')  # ... and a different unstaged version
    cargo = repo / "Cargo.toml"
    cargo.write_text(cargo.read_text() + "# my note\n")
    (repo / "notes").mkdir()
    (repo / "notes/plan.md").write_text("my plan\n")
    (repo / "empty-folder-of-mine").mkdir()
    time.sleep(0.01)
    return repo


def harness(repo: Path, point: str, tmp: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HS_TEST_MARKER": str(tmp / "marker"), "TMPDIR": str(tmp / "tmpdir")}
    if point == "script":
        env["HS_TEST_PAUSE"] = "120"  # still running when `recover` comes, however slow the machine
    (tmp / "tmpdir").mkdir()
    return subprocess.run(
        [sys.executable, str(HARNESS), point, "new", NAME, URL, "--no-build", "--allow-dirty"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.parametrize("point", POINTS)
def test_kill_9_then_recover_gives_the_tree_back(tmp_path: Path, point: str) -> None:
    repo = scene(tmp_path)
    before = exact_state(repo)
    died = harness(repo, point, tmp_path)
    assert died.returncode == -9, died.stderr
    assert not list((tmp_path / "tmpdir").iterdir()), "temporary files left outside the journal"
    checkout = find_checkout(repo)
    if point == "complete":
        assert pending(checkout) is None  # a completed run is no unfinished one
        recovered = hs_scaffold("recover", cwd=repo)
        assert recovered.returncode == 0 and "had completed" in recovered.stderr, recovered.stderr
        assert (repo / CONN / f"{NAME}.rs").is_file() and not journal_path(checkout).exists()
        undone = hs_scaffold("undo", NAME, cwd=repo)
        assert undone.returncode == 0, undone.stderr
        assert exact_state(repo, mtimes=False) == exact_state_of(before)
        return
    assert exact_state(repo) != before
    for args in (["new", NAME, URL, "--no-build"], ["undo", NAME]):
        refused = hs_scaffold(*args, cwd=repo)
        assert refused.returncode == 6, refused.stderr
        assert "hs-scaffold recover" in refused.stderr and "stopped" in refused.stderr
    doctor = hs_scaffold("doctor", cwd=repo)
    assert doctor.returncode == 1 and "fix: hs-scaffold recover" in doctor.stderr
    status = hs_scaffold("status", cwd=repo)
    assert "run `hs-scaffold recover`" in status.stderr, status.stderr
    recovered = hs_scaffold("recover", cwd=repo)
    assert recovered.returncode == 0, recovered.stderr
    assert "put the tree back" in recovered.stderr
    if point == "script":
        assert "stopped its script" in recovered.stderr
    if point in ("script", "spawned"):
        time.sleep(1.5)  # the script, had it survived or been let through, would now go on writing
        assert not (tmp_path / "marker").exists() or point == "script", "the unrecorded script ran"
    assert exact_state(repo) == before
    assert not journal_path(checkout).exists()
    again = hs_scaffold("recover", cwd=repo)
    assert again.returncode == 0 and "nothing to recover" in again.stderr


def exact_state_of(state: dict[str, object]) -> dict[str, object]:
    """``state`` without modification times (after `undo`, which rewrites files)."""
    return {k: (v[0], v[1], 0) if isinstance(v, tuple) else v for k, v in state.items()}


def test_after_recover_the_scaffold_can_run_again(tmp_path: Path) -> None:
    repo = scene(tmp_path)
    assert harness(repo, "start:format", tmp_path).returncode == -9
    assert hs_scaffold("recover", cwd=repo).returncode == 0
    done = hs_scaffold("new", NAME, URL, "--no-build", "--allow-dirty", cwd=repo)
    assert done.returncode == 0, done.stderr
    assert (repo / CONN / f"{NAME}.rs").is_file()
    assert 'unstaged = "too"' in (repo / "config/development.toml").read_text()
    assert 'staged = "yes"' in git(repo, "show", ":config/development.toml")


def test_recover_waits_for_a_live_run(tmp_path: Path) -> None:
    repo = scene(tmp_path)
    marker = tmp_path / "marker"
    live = subprocess.Popen(
        [sys.executable, "-m", "scaffold", "new", NAME, URL, "--no-build", "--allow-dirty"],
        cwd=repo,
        env={**os.environ, "HS_TEST_MARKER": str(marker)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while not marker.exists() and time.monotonic() < deadline:
            time.sleep(0.02)
        assert pending(find_checkout(repo)) is None  # the journal of a live run is not a dead one
        busy = hs_scaffold("recover", cwd=repo)
        assert busy.returncode == 5 and str(live.pid) in busy.stderr
    finally:
        _, stderr = live.communicate(timeout=300)
    assert live.returncode == 0, stderr


def test_recover_in_a_checkout_moved_since(tmp_path: Path) -> None:
    repo = scene(tmp_path)
    before = exact_state(repo)
    assert harness(repo, "start:spec", tmp_path).returncode == -9
    moved = repo.rename(tmp_path / "moved")
    recovered = hs_scaffold("recover", cwd=moved)
    assert recovered.returncode == 0, recovered.stderr
    assert exact_state(moved) == before
