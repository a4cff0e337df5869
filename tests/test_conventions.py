"""The conventions users expect: colour switches, global options anywhere, --json everywhere (errors
included), completion, "did you mean", examples valid in this checkout, plurals, honest errors."""

from __future__ import annotations

import io
import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from scaffold import script_runner
from scaffold.report import Reporter, plural, use_color
from tests.helpers import git, hs_scaffold, tree_state

URL = "https://api.acmepay.test/"


def run_in_pty(args: list[str], cwd: Path, env: dict[str, str]) -> bytes:
    """The CLI with stdin, stdout and stderr on a pseudo-terminal; everything it wrote."""
    leader, follower = pty.openpty()
    full_env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")} | env
    process = subprocess.Popen(
        [sys.executable, "-m", "scaffold", *args],
        cwd=cwd,
        env=full_env,
        stdin=follower,
        stdout=follower,
        stderr=follower,
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the terminal closed: the process is done
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=120)
    os.close(leader)
    return b"".join(chunks)


# -- colour -----------------------------------------------------------------------------------------


def test_no_color_under_a_terminal_leaves_no_escape_byte(sandbox_repo: Path) -> None:
    args = ["stubs", "zentar"]  # an error line: red on a terminal
    coloured = run_in_pty(args, sandbox_repo, {})
    assert b"\x1b[" in coloured and b"did you mean" in coloured
    plain = run_in_pty(args, sandbox_repo, {"NO_COLOR": "1"})
    assert b"\x1b" not in plain and b"error: no connector named 'zentar'" in plain
    assert b"\x1b" not in run_in_pty([*args, "--color", "never"], sandbox_repo, {})
    assert b"\x1b[" in run_in_pty(["--color", "always", *args], sandbox_repo, {"NO_COLOR": "1"})


def test_force_color_and_color_always_without_a_terminal(sandbox_repo: Path) -> None:
    assert "\x1b[" not in hs_scaffold("stubs", "zentar", cwd=sandbox_repo).stderr
    assert "\x1b[31m" in hs_scaffold("stubs", "zentar", cwd=sandbox_repo, env={"FORCE_COLOR": "1"}).stderr
    assert "\x1b[31m" in hs_scaffold("stubs", "zentar", "--color", "always", cwd=sandbox_repo).stderr
    doctor = hs_scaffold("doctor", "--color", "always", cwd=sandbox_repo).stderr
    assert "\x1b[32m✓" in doctor, doctor  # each check's line in its colour
    assert "\x1b[" not in hs_scaffold("doctor", cwd=sandbox_repo).stderr


def test_colour_decision(monkeypatch: pytest.MonkeyPatch) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    assert use_color(Terminal()) and not use_color(io.StringIO())
    monkeypatch.setenv("NO_COLOR", "1")
    assert not use_color(Terminal()) and use_color(Terminal(), "always")
    monkeypatch.setenv("NO_COLOR", "")  # an empty NO_COLOR does not count
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert use_color(io.StringIO()) and not use_color(io.StringIO(), "never")


def test_progress_without_colour_has_no_escape_and_counts_right(monkeypatch: pytest.MonkeyPatch) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setenv("NO_COLOR", "1")
    stream = Terminal()
    rep = Reporter(stream=stream)
    rep.progress(1, "common_utils")
    rep.info("done")
    assert "\x1b" not in stream.getvalue() and "compiling: 1 unit done" in stream.getvalue()
    assert stream.getvalue().endswith("done\n")
    assert (plural(1, "unit"), plural(2, "unit"), plural(0, "stub")) == ("1 unit", "2 units", "0 stubs")


# -- global options, --json, completion -----------------------------------------------------------


def test_global_options_go_before_or_after_the_command(sandbox_repo: Path, tmp_path: Path) -> None:
    for args in (["-q", "stubs", "abacus"], ["stubs", "abacus", "-q"], ["stubs", "-q", "abacus"]):
        done = hs_scaffold(*args, cwd=sandbox_repo)
        assert done.returncode == 3 and done.stderr == "", args
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    before = hs_scaffold("--repo", str(sandbox_repo), "stubs", "abacus", cwd=elsewhere)
    after = hs_scaffold("stubs", "abacus", "--repo", str(sandbox_repo), cwd=elsewhere)
    assert before.returncode == after.returncode == 3 and before.stdout == after.stdout != ""
    done = hs_scaffold("new", "Bad", URL, "-v", cwd=sandbox_repo)
    assert (
        done.returncode == 2
        and "No such option" not in done.stderr
        and "invalid connector name" in done.stderr
    )
    assert hs_scaffold("hook", "install", "-q", cwd=sandbox_repo).stderr == ""


def test_a_failing_json_command_prints_a_json_error(sandbox_repo: Path) -> None:
    for args in (["stubs", "nosuch"], ["audit", "nosuch"], ["undo", "nosuch"], ["status", "nosuch"]):
        done = hs_scaffold(*args, "--json", cwd=sandbox_repo)
        error = json.loads(done.stdout)
        assert done.returncode == 2 and error["exit_code"] == 2, args
        assert error["problem"] and "error" in error and error["error"].startswith(error["problem"])
    usage = hs_scaffold("new", "acmepay", "--json", cwd=sandbox_repo)  # BASE_URL missing: Click's usage error
    assert usage.returncode == 2 and json.loads(usage.stdout)["exit_code"] == 2
    assert json.loads(usage.stdout)["fix"] == "see `hs-scaffold new --help`"
    assert usage.stderr.count("\n") == 1 and "Missing argument 'BASE_URL'" in usage.stderr, usage.stderr


def test_every_command_takes_json(sandbox_repo: Path) -> None:
    install = json.loads(hs_scaffold("hook", "install", "--json", cwd=sandbox_repo).stdout)
    assert install["action"] == "install" and install["hook"].endswith("pre-commit")
    run = json.loads(hs_scaffold("hook", "run", "--json", cwd=sandbox_repo).stdout)
    assert run["blocked"] is False and run["connectors"] == []
    assert (
        json.loads(hs_scaffold("hook", "uninstall", "--json", cwd=sandbox_repo).stdout)["status"]
        == "not installed"
    )
    assert hs_scaffold("new", "acmepay", URL, "--no-build", cwd=sandbox_repo).returncode == 0
    undone = json.loads(hs_scaffold("undo", "acmepay", "--json", cwd=sandbox_repo).stdout)
    assert undone["name"] == "acmepay" and undone["removed"]
    assert "settings" in json.loads(hs_scaffold("config", "--json", cwd=sandbox_repo).stdout)


def _complete(cwd: Path, words: str, shell: str = "bash") -> list[str]:
    env = {
        "_HS_SCAFFOLD_COMPLETE": f"{shell}_complete",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(words.split()) - 1),
    }
    if shell == "zsh":
        env = {
            "_HS_SCAFFOLD_COMPLETE": "zsh_complete",
            "COMP_WORDS": words,
            "COMP_CWORD": str(len(words.split()) - 1),
        }
    done = hs_scaffold(cwd=cwd, env=env)
    assert done.returncode == 0, done.stderr
    return [line for line in done.stdout.splitlines() if line]


def test_completion_of_connector_names_and_stub_ids(sandbox_repo: Path) -> None:
    assert _complete(sandbox_repo, "hs-scaffold stubs a") == ["plain,abacus"]
    assert _complete(sandbox_repo, "hs-scaffold status z") == ["plain,zentra"]
    assert _complete(sandbox_repo, "hs-scaffold audit l") == ["plain,lumapay"]
    zsh = _complete(sandbox_repo, "hs-scaffold build ab", "zsh")
    assert "abacus" in zsh
    ids = _complete(sandbox_repo, "hs-scaffold status abacus --stub webhooks.")
    assert ids and all(line.startswith("plain,webhooks.") for line in ids)


def test_completion_outside_a_checkout_offers_nothing(tmp_path: Path) -> None:
    assert _complete(tmp_path, "hs-scaffold stubs a") == []


# -- names: did you mean, examples valid here ---------------------------------------------------------


def test_did_you_mean_for_connector_names(sandbox_repo: Path) -> None:
    for args in (["stubs", "zentar"], ["spec", "zentar"], ["build", "zentar"], ["audit", "zentar"]):
        done = hs_scaffold(*args, cwd=sandbox_repo)
        assert done.returncode == 2 and "did you mean `zentra`?" in done.stderr, args
        assert done.stderr.count("\n") == 1


def test_examples_in_errors_are_valid_in_this_checkout(sandbox_repo: Path) -> None:
    assert hs_scaffold("new", "acmepay", URL, "--no-build", cwd=sandbox_repo).returncode == 0
    done = hs_scaffold("new", "abacus", URL, cwd=sandbox_repo)
    assert done.returncode == 2 and "already exists" in done.stderr
    assert "`acmepay`" not in done.stderr and "`zylopay`" in done.stderr


def test_audit_of_an_unknown_connector_exits_2(sandbox_repo: Path) -> None:
    done = hs_scaffold("audit", "nosuch", cwd=sandbox_repo)
    assert done.returncode == 2 and done.stdout == "" and "no connector `nosuch`" in done.stderr


# -- honest errors and less noise ---------------------------------------------------------------------


def test_cargo_usage_errors_exit_2_and_change_nothing(sandbox_repo: Path) -> None:
    done = hs_scaffold("build", "--cargo-arg", "--bogus", cwd=sandbox_repo)
    assert done.returncode == 2 and "--bogus" in done.stderr and done.stderr.count("\n") == 1
    before = tree_state(sandbox_repo)
    done = hs_scaffold("new", "acmepay", URL, "--cargo-arg", "--bogus", cwd=sandbox_repo)
    assert done.returncode == 2 and "cargo rejected --cargo-arg --bogus" in done.stderr
    assert tree_state(sandbox_repo) == before


def test_a_failing_script_refers_only_to_output_that_was_shown(sandbox_repo: Path) -> None:
    script = sandbox_repo / "scripts/add_connector.sh"
    first, rest = script.read_text().split("\n", 1)
    script.write_text(f"{first}\necho broken; exit 3\n{rest}")
    git(sandbox_repo, "commit", "-qam", "a script that fails")
    quiet = hs_scaffold("new", "acmepay", URL, "--no-build", cwd=sandbox_repo)
    assert quiet.returncode == 1 and "run again with -v to see its whole output" in quiet.stderr
    assert "above" not in quiet.stderr
    loud = hs_scaffold("new", "acmepay", URL, "--no-build", "-v", cwd=sandbox_repo)
    assert loud.returncode == 1 and "    broken" in loud.stderr and "its whole output is above" in loud.stderr


def test_known_script_noise_is_one_line() -> None:
    lines = ["sed: can't read : No such file or directory"] * 2 + [
        "real problem",
        "rm: cannot remove 'x-e': gone",
    ]
    noise = script_runner.known_noise(lines)
    assert noise == [lines[0], lines[1], lines[3]]
    assert script_runner.noise_line(noise) == (
        "script: 3 known harmless messages from this version of the script; -v shows them"
    )
    assert script_runner.noise_line(noise[:1]).startswith("script: 1 known harmless message from")


def test_a_new_run_shows_no_warning_about_the_script_quirks(sandbox_repo: Path) -> None:
    done = hs_scaffold("new", "acmepay", URL, "--no-build", cwd=sandbox_repo)
    assert done.returncode == 0
    assert "warning: script:" not in done.stderr
    assert len([line for line in done.stderr.splitlines() if line.startswith("script: ")]) <= 1
