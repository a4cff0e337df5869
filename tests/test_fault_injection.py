"""Fault injection: each scaffolding step of `hs-scaffold new` fails for real in turn, in a
sandbox repository holding uncommitted user edits and untracked user files; afterwards the
tree is exactly as before. Also: interrupts, a failing build, two runs at once, dry run, undo."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers import git, hs_scaffold, make_sandbox, tree_state

NAME = "acmepay"
URL = "https://api.acmepay.test/"
SCRIPT = "scripts/add_connector.sh"
CONN = "crates/hyperswitch_connectors/src/connectors"
USER_EDITS = {
    "Cargo.toml": "\n# the user's uncommitted note\n",  # appended: a file the script does not touch
}
USER_FILES = {
    "notes/plan.md": "my plan\n",
    "crates/router/tests/connectors/scratch.txt": "scratch\n",
    "config/local.toml": "[mine]\nkey = 1\n",
}


# --- building the scene -----------------------------------------------------------------------


def with_user_work(repo: Path) -> Path:
    """Uncommitted edits to tracked files and untracked files, as a user has them."""
    for rel, extra in USER_EDITS.items():
        path = repo / rel
        path.write_text(path.read_text() + extra)
    for rel, text in USER_FILES.items():
        (repo / rel).parent.mkdir(parents=True, exist_ok=True)
        (repo / rel).write_text(text)
    return repo


def snapshot(repo: Path) -> dict[str, object]:
    """Content of every non-ignored file, git status, and the modes of tracked files."""
    state: dict[str, object] = dict(tree_state(repo))
    state["<untracked>"] = git(repo, "ls-files", "--others", "--exclude-standard")
    state["<staged>"] = git(repo, "diff", "--cached")
    return state


def edit_script(repo: Path, edit: Callable[[list[str]], list[str]], message: str) -> None:
    """Commit a variant of the sandbox's script (it `git checkout`s itself, so it must be committed)."""
    path = repo / SCRIPT
    lines = path.read_text().splitlines()
    path.write_text("\n".join(edit(lines)) + "\n")
    git(repo, "commit", "-qam", message)


def insert_before(pattern: str, *new: str) -> Callable[[list[str]], list[str]]:
    """An edit that inserts lines before the first line matching ``pattern``."""
    regex = re.compile(pattern)

    def edit(lines: list[str]) -> list[str]:
        at = next(i for i, line in enumerate(lines) if regex.search(line))
        return lines[:at] + list(new) + lines[at:]

    return edit


def replace_line(pattern: str, new: str) -> Callable[[list[str]], list[str]]:
    regex = re.compile(pattern)
    return lambda lines: [new if regex.search(line) else line for line in lines]


GENERATE = r"^cd \$conn"
MOVE_TEST = r"^\s*mv .*test\.rs"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return make_sandbox(tmp_path / "hyperswitch")


def run_new(repo: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return hs_scaffold("new", NAME, URL, "--no-build", *args, cwd=repo, env=env, timeout=300)


def assert_rolled_back(repo: Path, before: dict[str, object], done: subprocess.CompletedProcess[str]) -> None:
    assert done.returncode not in (0, 4), done.stderr
    assert snapshot(repo) == before, done.stderr
    assert not (repo / CONN / f"{NAME}.rs").exists()
    assert not list(repo.glob("**/*-e")), "script leftovers remain"


# --- each step fails in turn ------------------------------------------------------------------

FAULTS: dict[str, tuple[Callable[[list[str]], list[str]], str]] = {
    # the script exits non-zero halfway, after its sed edits and before the template
    "script": (insert_before(GENERATE, 'echo "injected failure" >&2', "exit 3"), "script"),
    # the template move is replaced by a deletion: no test file anywhere, the files step fails
    "move": (replace_line(MOVE_TEST, 'rm -f "$payment_gateway/test.rs"'), "test"),
    # the script writes invalid TOML
    "post-check-toml": (
        insert_before(GENERATE, "echo 'broken = \"unterminated' >> config/development.toml"),
        "TOML",
    ),
    # the script inserts a registration twice
    "post-check-duplicate": (
        insert_before(
            GENERATE, r'sed -i -e "s|^pub mod ${payment_gateway};|&\npub mod ${payment_gateway};|" $conn.rs'
        ),
        "more than once",
    ),
}


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_failing_step_rolls_everything_back(repo: Path, fault: str) -> None:
    edit, words = FAULTS[fault]
    edit_script(repo, edit, f"inject {fault}")
    with_user_work(repo)
    before = snapshot(repo)
    done = run_new(repo)
    assert_rolled_back(repo, before, done)
    assert done.returncode == 1
    assert words in done.stderr and "put back" in done.stderr


def test_failing_render_rolls_everything_back(repo: Path) -> None:
    template = repo / "connector-template/mod.rs"
    template.write_text(template.read_text() + "\n{% if %}broken liquid{% endif\n")
    git(repo, "commit", "-qam", "broken template")
    with_user_work(repo)
    before = snapshot(repo)
    done = run_new(repo)
    assert_rolled_back(repo, before, done)
    assert done.returncode == 1


def test_allow_dirty_conflict_rolls_back_and_keeps_the_users_edit(repo: Path) -> None:
    with_user_work(repo)
    toml = repo / "config/development.toml"
    anchor = next(line for line in toml.read_text().splitlines() if ".base_url" in line)
    toml.write_text(toml.read_text().replace(anchor, anchor + "  # mine"))
    before = snapshot(repo)
    refused = run_new(repo)
    assert refused.returncode == 2 and "config/development.toml" in refused.stderr
    assert snapshot(repo) == before
    done = run_new(repo, "--allow-dirty")
    if done.returncode == 0:  # no overlap with the script's edit: the edit survives next to it
        assert "# mine" in toml.read_text() and f"{NAME}.base_url" in toml.read_text()
    else:
        assert_rolled_back(repo, before, done)


# --- interrupts ---------------------------------------------------------------------------------


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_interrupt_mid_script_rolls_back(repo: Path, tmp_path: Path, sig: signal.Signals) -> None:
    marker = tmp_path / "script-reached-sleep"
    edit_script(repo, insert_before(GENERATE, 'touch "$HS_TEST_MARKER"', "sleep 4"), "sleep midway")
    with_user_work(repo)
    before = snapshot(repo)
    proc = subprocess.Popen(
        [sys.executable, "-m", "scaffold", "new", NAME, URL, "--no-build"],
        cwd=repo,
        env={**os.environ, "HS_TEST_MARKER": str(marker)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # As from a terminal: runners such as nox may start us with SIGINT ignored, which a child inherits.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    try:
        deadline = time.monotonic() + 60
        while not marker.exists() and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.05)
        assert marker.exists(), "the script never reached its sleep"
        assert git(repo, "status", "--porcelain") != before["<git status>"]  # the script did edit
        proc.send_signal(sig)
        _, stderr = proc.communicate(timeout=60)
    finally:
        proc.kill() if proc.poll() is None else None
    assert proc.returncode == 130, stderr
    assert snapshot(repo) == before, stderr
    time.sleep(5)  # the script, had it survived, would now go on writing: it must not
    assert snapshot(repo) == before


# --- the build ----------------------------------------------------------------------------------


def test_failing_build_keeps_the_complete_scaffold(repo: Path) -> None:
    template = repo / "connector-template/mod.rs"
    template.write_text(template.read_text() + '\nfn injected_build_failure() -> u8 { "not a number" }\n')
    git(repo, "commit", "-qam", "template that does not compile")
    with_user_work(repo)
    done = hs_scaffold("new", NAME, URL, cwd=repo, timeout=900)
    assert done.returncode == 4, done.stderr
    assert (repo / CONN / f"{NAME}.rs").is_file()
    assert (repo / "crates/router/tests/connectors" / f"{NAME}.rs").is_file()
    assert (repo / ".git/hs-scaffold/manifests" / f"{NAME}.json").is_file()
    for rel, text in USER_FILES.items():
        assert (repo / rel).read_text() == text


# --- two runs at once -----------------------------------------------------------------------------


def test_two_runs_at_once_one_waits_out(repo: Path, tmp_path: Path) -> None:
    marker = tmp_path / "first-is-running"
    edit_script(repo, insert_before(GENERATE, 'touch "$HS_TEST_MARKER"', "sleep 3"), "slow script")
    with_user_work(repo)
    env = {**os.environ, "HS_TEST_MARKER": str(marker)}
    first = subprocess.Popen(
        [sys.executable, "-m", "scaffold", "new", NAME, URL, "--no-build"],
        cwd=repo,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while not marker.exists() and time.monotonic() < deadline and first.poll() is None:
            time.sleep(0.05)
        second = hs_scaffold("new", "otherpay", URL, "--no-build", cwd=repo)
        _, first_err = first.communicate(timeout=300)
    finally:
        first.kill() if first.poll() is None else None
    assert second.returncode == 5, second.stderr
    assert "another hs-scaffold run" in second.stderr and str(first.pid) in second.stderr
    assert first.returncode == 0, first_err
    assert not (repo / CONN / "otherpay.rs").exists()
    assert (repo / CONN / f"{NAME}.rs").is_file()


# --- dry run and undo end to end ----------------------------------------------------------------


def mtimes(repo: Path) -> dict[str, int]:
    return {
        p.relative_to(repo).as_posix(): p.lstat().st_mtime_ns
        for p in repo.rglob("*")
        if ".git" not in p.relative_to(repo).parts or p.name == "index"
    }


def test_dry_run_end_to_end(repo: Path) -> None:
    with_user_work(repo)
    before, stamps = snapshot(repo), mtimes(repo)
    done = run_new(repo, "--dry-run", "--diff")
    assert done.returncode == 0, done.stderr
    assert f"{CONN}/{NAME}.rs" in done.stderr + done.stdout
    assert f"+{NAME}.base_url" in done.stdout
    assert snapshot(repo) == before and mtimes(repo) == stamps
    assert git(repo, "worktree", "list").count("\n") == 1


def test_new_then_undo_end_to_end(repo: Path) -> None:
    with_user_work(repo)
    before = snapshot(repo)
    done = run_new(repo)
    assert done.returncode == 0, done.stderr
    assert snapshot(repo) != before
    undone = hs_scaffold("undo", NAME, cwd=repo)
    assert undone.returncode == 0, undone.stderr
    assert snapshot(repo) == before


# --- any input: accepted and scaffolded, or refused in one line with the tree unchanged -----------

INPUTS = st.tuples(
    st.one_of(
        st.sampled_from(
            ["$(touch canary)", "`touch canary`", "a;touch canary", "self", "abacus", "x" * 41, ""]
        ),
        st.text(alphabet=st.sampled_from(list("ab_$`;'\"|&\\ é\n")), min_size=1, max_size=12),
    ),
    st.sampled_from([URL, "https://x.test/$(touch canary)", "https://x.test/`touch canary`", "ftp://x", ""]),
)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(INPUTS)
def test_hostile_input_through_the_cli(
    tmp_path_factory: pytest.TempPathFactory, value: tuple[str, str]
) -> None:
    name, url = value
    repo = make_sandbox(tmp_path_factory.mktemp("hostile") / "hyperswitch")
    before = snapshot(repo)
    done = hs_scaffold("new", name, url, "--no-build", cwd=repo, timeout=300)
    assert not list(repo.parent.rglob("canary")) and not (Path.cwd() / "canary").exists()
    if done.returncode == 0:
        assert (repo / CONN / f"{name}.rs").is_file()
        return
    assert done.returncode == 2, done.stderr
    assert len([ln for ln in done.stderr.splitlines() if ln.strip()]) == 1, done.stderr
    assert snapshot(repo) == before


# --- a real checkout (opt-in) ---------------------------------------------------------------------


@pytest.mark.real_checkout
def test_real_checkout_dry_run_and_undo(real_checkout: Path, tmp_path: Path) -> None:
    before = git(real_checkout, "status", "--porcelain")
    done = hs_scaffold("new", NAME, URL, "--no-build", "--dry-run", cwd=real_checkout, timeout=900)
    assert done.returncode == 0, done.stderr
    assert git(real_checkout, "status", "--porcelain") == before
    clone = tmp_path / "hs"
    subprocess.run(["git", "clone", "-q", "--local", str(real_checkout), str(clone)], check=True)
    clean = snapshot(clone)
    done = hs_scaffold("new", NAME, URL, "--no-build", cwd=clone, timeout=900)
    assert done.returncode == 0, done.stderr
    undone = hs_scaffold("undo", NAME, cwd=clone)
    assert undone.returncode == 0, undone.stderr
    assert snapshot(clone) == clean
