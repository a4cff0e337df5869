"""Property: whatever fault hits `new` at whatever moment, on a sandbox holding random uncommitted
work, afterwards (or after `hs-scaffold recover` where the run died) the tree, the index and the
untracked files are exactly as before, or the scaffold is complete (and `undo` then gives the
tree back).

Faults are real: SIGINT, SIGTERM or SIGHUP sent to the process, a SIGKILL, or the file system
filled to the last byte (a tmpfs of the test's own, which needs root; without it that fault is
left out). Moments: a random delay after the start, or a random delay after a given step starts
(read from the run's journal), or after the undo record exists.

``HS_FAULT_EXAMPLES`` sets the number of examples (default 4; ``nox -s faults`` runs 200).
``HS_FAULT_REPORT`` names a JSON file for the outcome counts.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from scaffold.checkout import find_checkout
from scaffold.journal import pending
from tests.helpers import exact_state, git, hs_scaffold, make_sandbox
from tests.test_disk_full import fill

NAME, URL = "acmepay", "https://api.acmepay.test/"
CONN = "crates/hyperswitch_connectors/src/connectors"
MANIFEST = f".git/hs-scaffold/manifests/{NAME}.json"
EXAMPLES = int(os.environ.get("HS_FAULT_EXAMPLES", "4"))
FAULTS = ["SIGTERM", "SIGKILL", "ENOSPC", "SIGINT", "SIGHUP"]  # hypothesis favours the first
STEPS = ["script", "files", "format", "post-checks", "reapply", "spec", "manifest"]
EDITABLE = [  # tracked files: the first three are files the script overwrites (at risk)
    "config/development.toml",
    "crates/router/tests/connectors/main.rs",
    "crates/hyperswitch_connectors/src/connectors.rs",
    "Cargo.toml",
    "crates/router/src/lib.rs",
    "README.md",
]
AT_RISK = set(EDITABLE[:3])
NOTES = {".toml": "\n# a note of mine\n", ".rs": "\n// a note of mine\n", ".md": "\na note of mine\n"}


@dataclass(frozen=True)
class Work:
    """The user's uncommitted work: edited files, which of them staged, untracked files."""

    edited: tuple[str, ...]
    staged: tuple[str, ...]
    edited_again: tuple[str, ...]  # staged, then edited once more (staged and unstaged versions differ)
    untracked: tuple[str, ...]
    allow_dirty: bool


@st.composite
def works(draw: st.DrawFn) -> Work:
    edited = tuple(draw(st.lists(st.sampled_from(EDITABLE), unique=True, max_size=4)))
    staged = tuple(p for p in edited if draw(st.booleans()))
    again = tuple(p for p in staged if draw(st.booleans()))
    names = st.sampled_from(
        ["notes/plan.md", "scratch.txt", "crates/router/tests/connectors/mine.txt", "x y.txt"]
    )
    untracked = tuple(draw(st.lists(names, unique=True, max_size=3)))
    return Work(edited, staged, again, untracked, draw(st.sampled_from([True, True, True, False])))


# Delays drawn from lists ordered from the middle of a run outwards: hypothesis favours the first
# values (and 0.0 in a float range), which would put most faults in the instant Python starts.
DELAYS = sorted((i / 10 for i in range(41)), key=lambda d: abs(d - 1.2))
MOMENTS = st.one_of(
    st.tuples(st.sampled_from(STEPS), st.sampled_from([0.02, 0.0, 0.005, 0.05, 0.1, 0.2])),
    st.tuples(st.just("time"), st.sampled_from(DELAYS)),
    st.tuples(st.just("after"), st.sampled_from([0.05, 0.0, 0.02, 0.1, 0.2, 0.4])),
)


def apply(repo: Path, work: Work) -> None:
    for rel in work.edited:
        path = repo / rel
        path.write_text(path.read_text() + NOTES[path.suffix])
    if work.staged:
        git(repo, "add", "--", *work.staged)
    for rel in work.edited_again:
        path = repo / rel
        path.write_text(path.read_text() + NOTES[path.suffix].replace("note", "later note"))
    for rel in work.untracked:
        (repo / rel).parent.mkdir(parents=True, exist_ok=True)
        (repo / rel).write_text(f"mine: {rel}\n")


@pytest.fixture(scope="module")
def room(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, bool]]:
    """Where the sandboxes go: a tmpfs that can be filled (root only), else a plain folder."""
    folder = tmp_path_factory.mktemp("faults")
    mounted = os.geteuid() == 0 and (
        subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", str(folder)], capture_output=True
        ).returncode
        == 0
    )
    try:
        yield folder, mounted
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(folder)], check=False)


@pytest.fixture(scope="module")
def tally() -> Iterator[Counter[str]]:
    """Outcome counts, printed (and written to HS_FAULT_REPORT) at the end."""
    counts: Counter[str] = Counter()
    yield counts
    summary = dict(sorted(counts.items()))
    examples = sum(v for k, v in counts.items() if k.startswith("fault "))
    print(f"\nfault outcomes over {examples} examples: {summary}")
    if os.environ.get("HS_FAULT_REPORT"):
        Path(os.environ["HS_FAULT_REPORT"]).write_text(json.dumps(summary, indent=2) + "\n")


def wait_for(repo: Path, run: subprocess.Popen[str], moment: tuple[str, float]) -> None:
    kind, delay = moment
    events = repo / ".git/hs-scaffold/journal/events.log"
    deadline = time.monotonic() + 120
    while kind != "time" and run.poll() is None and time.monotonic() < deadline:
        if kind == "after" and (repo / MANIFEST).is_file():
            break
        try:
            if f'"event": "start", "step": "{kind}"' in events.read_text():
                break
        except OSError:
            pass
        time.sleep(0.002)
    time.sleep(delay)


def default_signals() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGHUP, signal.SIG_DFL)


def without_mtimes(state: dict[str, object]) -> dict[str, object]:
    return {k: (v[0], v[1], 0) if isinstance(v, tuple) else v for k, v in state.items()}


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(work=works(), fault=st.sampled_from(FAULTS), moment=MOMENTS)
def test_any_fault_at_any_moment(
    room: tuple[Path, bool], tally: Counter[str], work: Work, fault: str, moment: tuple[str, float]
) -> None:
    folder, can_fill = room
    assume(fault != "ENOSPC" or can_fill)
    for leftover in folder.iterdir():  # an earlier example's, should one have been cut short
        subprocess.run(["rm", "-rf", str(leftover)], check=False)
    base = folder / f"ex-{time.monotonic_ns()}"
    repo = make_sandbox(base / "hyperswitch")
    try:
        apply(repo, work)
        before = exact_state(repo)
        outcome, code = run_with_fault(repo, folder, work, fault, moment, before)
        tally[f"fault {fault}"] += 1
        tally[f"outcome {outcome}"] += 1
        tally[f"exit {code}"] += 1
    finally:
        subprocess.run(["rm", "-rf", str(base)], check=False)


def run_with_fault(
    repo: Path, folder: Path, work: Work, fault: str, moment: tuple[str, float], before: dict[str, object]
) -> tuple[str, int]:
    args = ["new", NAME, URL, "--no-build", *(["--allow-dirty"] if work.allow_dirty else [])]
    run = subprocess.Popen(
        [sys.executable, "-m", "scaffold", *args],
        cwd=repo,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=default_signals,
    )
    filler = None
    try:
        wait_for(repo, run, moment)
        if run.poll() is None:
            if fault == "ENOSPC":
                filler = fill(folder, 0)
            else:
                run.send_signal(signal.Signals[fault])
        _, stderr = run.communicate(timeout=300)
    finally:
        if run.poll() is None:
            run.kill()
            run.wait()
        if filler is not None:
            filler.unlink()
    code = run.returncode
    # A signal can come while Python starts, before hs-scaffold's code runs, or as it exits: its
    # default action ends the process (a shell reports 128 + the signal). The checks below hold.
    by_signal = fault not in ("ENOSPC", "SIGKILL") and code == -signal.Signals[fault]
    assert code in (0, 1, 2, 6, 130, -9) or by_signal, stderr
    assert "internal error" not in stderr, stderr
    assert "Traceback" not in stderr or (by_signal and not (repo / MANIFEST).exists()), stderr
    recovered = ""
    if (repo / ".git/hs-scaffold/journal").exists():
        # Only a dead run, a roll-back that could not finish, or an interrupt as a completed run
        # removed its journal leave one; `new` would clean the last kind itself.
        assert code in (-9, 6) or pending(find_checkout(repo)) is None, stderr
        done = hs_scaffold("recover", cwd=repo)
        assert done.returncode == 0, done.stderr
        recovered = "+recover"
    if (repo / MANIFEST).is_file():
        assert (repo / CONN / f"{NAME}.rs").is_file(), stderr
        undone = hs_scaffold("undo", NAME, cwd=repo)
        assert undone.returncode == 0, undone.stderr
        assert without_mtimes(exact_state(repo, mtimes=False)) == without_mtimes(before), stderr
        return f"complete{recovered}", code
    assert exact_state(repo) == before, stderr
    return f"as-before{recovered}{' (python starting or exiting)' if by_signal else ''}", code
