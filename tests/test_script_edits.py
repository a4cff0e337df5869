"""Success means the script's edits happened: its programs exist (checked before anything runs),
and an edit that did not land fails the run, naming the command and the file."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from scaffold.script_edits import SedCall, audit, read_calls, required_tools
from tests.fixtures.safety.builders import git
from tests.helpers import exact_state, hs_scaffold, make_sandbox, path_without

NAME, URL = "acmepay", "https://api.acmepay.test/"
SCRIPT = "scripts/add_connector.sh"
MODULE = "crates/hyperswitch_connectors/src/connectors.rs"
SANDBOX_SCRIPT = Path(__file__).parents[1] / "scaffold/sandbox/scripts/add_connector.sh"


def test_required_tools_are_read_from_the_script() -> None:
    found = required_tools(SANDBOX_SCRIPT.read_text())
    assert set(found) == {"git", "cp", "sort", "sed", "mv", "rm", "tr", "dirname", "awk", "mkdir"}
    lines = SANDBOX_SCRIPT.read_text().splitlines()
    assert "sed" in lines[found["sed"] - 1] and "awk" in lines[found["awk"] - 1]


def test_required_tools_skip_what_is_no_program() -> None:
    script = """#!/usr/bin/env bash
function helper() { echo "$1"; }
other() { printf '%s' x; }
list=(alpha beta "$(gamma --version)")
for item in one two; do helper "$item"; done
case "$1" in +*) shift;; esac
x=$(echo hi | tr a-z A-Z) && cat <<<"$x" | sort -u
awk '
  $1 == "x" { print $(NF) }
  sed_in_awk_text
' file > out
if [ -z "$x" ]; then exit 1; fi
"""
    assert set(required_tools(script)) == {"gamma", "tr", "cat", "sort", "awk"}


def test_the_sed_log_is_read_back_exactly(tmp_path: Path) -> None:
    log = tmp_path / "sed-calls.log"
    args = [b"-i", b"-e", b"\nstarts with a newline", b"a file"]
    record = b"sed\0" + b"0\0" + str(tmp_path).encode() + b"\0" + b"4\0" + b"".join(a + b"\0" for a in args)
    record += b"-\n-\n-\n1 2\0-\n-\n-\n3 4\0sed: odd\nsecond line\0\n"
    log.write_bytes(record * 2)
    calls = read_calls(log)
    assert len(calls) == 2
    assert calls[0].argv == ["-i", "-e", "\nstarts with a newline", "a file"]
    assert calls[0].changed == ["a file"] and calls[0].errors == ["sed: odd", "second line"]


def test_an_edit_that_changed_nothing_is_a_warning(tmp_path: Path) -> None:
    call = SedCall(["-i", "-e", "s/x/y/", "f.rs"], tmp_path, 0, [("f.rs", "1 2", "1 2")])
    warnings = audit(tmp_path, [call], [])
    assert len(warnings) == 1 and "f.rs" in warnings[0] and "changed nothing" in warnings[0]


# --- end to end on the sandbox ----------------------------------------------------------------


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    repo = make_sandbox(tmp_path / "hyperswitch")
    cargo = repo / "Cargo.toml"
    cargo.write_text(cargo.read_text() + "# my note\n")
    (repo / "notes.txt").write_text("mine\n")
    return repo


@pytest.mark.parametrize("program", ["sed", "awk", "tr"])
def test_a_program_missing_from_path_stops_the_run_first(repo: Path, tmp_path: Path, program: str) -> None:
    before = exact_state(repo)
    search = path_without(program, dest=tmp_path / "bin")
    done = hs_scaffold("new", NAME, URL, "--no-build", cwd=repo, env={"PATH": search})
    assert done.returncode == 2, done.stderr
    assert f"`{program}` ({SCRIPT}:" in done.stderr and "nothing was changed" in done.stderr
    assert exact_state(repo) == before


def _immutable(path: Path, on: bool) -> bool:
    if shutil.which("chattr") is None:
        return False
    done = subprocess.run(["chattr", "+i" if on else "-i", str(path)], capture_output=True)
    return done.returncode == 0


def test_an_edit_of_an_immutable_file_fails_and_rolls_back(repo: Path) -> None:
    target = repo / MODULE
    before = exact_state(repo)
    if not _immutable(target, True):
        pytest.skip("chattr +i is not available here (needs root and a file system that supports it)")
    try:
        done = hs_scaffold("new", NAME, URL, "--no-build", cwd=repo)
    finally:
        _immutable(target, False)
    assert done.returncode == 1, done.stderr
    assert "the script's edit did not land" in done.stderr and f"left {MODULE} unchanged" in done.stderr
    assert "sed -i" in done.stderr and "put back" in done.stderr
    assert exact_state(repo) == before


def test_a_sed_that_misses_one_of_its_files_is_a_warning(repo: Path) -> None:
    """One of the files a `sed` edits lacks the anchor line (as config files of 2024 releases do):
    the script is out of date there, not failing; the run goes on and names the file."""
    config = repo / "config/deployments/sandbox.toml"
    config.write_text("\n".join(ln for ln in config.read_text().splitlines() if "abacus." not in ln) + "\n")
    git(repo, "commit", "-qam", "a config without the anchor connector")
    done = hs_scaffold("new", NAME, URL, "--no-build", cwd=repo)
    assert done.returncode == 0, done.stderr
    assert "changed nothing" in done.stderr and "config/deployments/sandbox.toml" in done.stderr
    assert (repo / f"crates/hyperswitch_connectors/src/connectors/{NAME}.rs").is_file()


def test_a_stale_sed_is_a_warning_not_a_failure(repo: Path) -> None:
    script = repo / SCRIPT
    stale = "sed -i'' -e \"s/^pub enum Connector {/&\\n    Moved,/\" crates/router/src/connector.rs\n"
    script.write_text(script.read_text().replace("\ncd $conn/\n", f"\n{stale}cd $conn/\n", 1))
    git(repo, "commit", "-qam", "a script with an out-of-date edit")
    done = hs_scaffold("new", NAME, URL, "--no-build", cwd=repo)
    assert done.returncode == 0, done.stderr
    assert "edit(s) changed nothing" in done.stderr and "crates/router/src/connector.rs" in done.stderr
