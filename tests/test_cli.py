"""What users read: --help, one-line errors with documented exit codes, nothing changed on bad input."""

from __future__ import annotations

import subprocess
from pathlib import Path

from click.testing import CliRunner

from scaffold.cli import main
from tests.helpers import hs_scaffold, path_without, tree_state


def test_help_lists_every_command() -> None:
    result = CliRunner().invoke(main, ["--help"], prog_name="hs-scaffold")
    assert result.exit_code == 0
    for command in ("new", "demo", "build", "stubs", "spec", "undo"):
        assert f"  {command} " in result.output


def test_outside_a_checkout_is_one_line_and_exit_2(tmp_path: Path) -> None:
    done = hs_scaffold("new", "acmepay", "https://api.acmepay.test", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("error: ")
    assert "Traceback" not in done.stderr and done.stdout == ""


def test_a_git_repo_that_is_not_hyperswitch(tmp_path: Path) -> None:
    (tmp_path / "Cargo.toml").write_text("[workspace]\n")
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    done = hs_scaffold("new", "acmepay", "https://api.acmepay.test", cwd=tmp_path)
    assert done.returncode == 2
    assert "not a Hyperswitch checkout" in done.stderr and "hyperswitch_connectors" in done.stderr


def test_bad_name_changes_nothing(sandbox_repo: Path) -> None:
    before = tree_state(sandbox_repo)
    done = hs_scaffold("new", "Acme;rm -rf /", "https://api.acmepay.test", cwd=sandbox_repo)
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr
    assert tree_state(sandbox_repo) == before


def test_unknown_option_is_a_usage_error(sandbox_repo: Path) -> None:
    done = hs_scaffold("new", "acmepay", "https://x.test", "--frobnicate", cwd=sandbox_repo)
    assert done.returncode == 2 and "No such option" in done.stderr


def test_diff_without_dry_run_is_refused(sandbox_repo: Path) -> None:
    before = tree_state(sandbox_repo)
    done = hs_scaffold("new", "acmepay", "https://api.acmepay.test/", "--diff", cwd=sandbox_repo)
    assert done.returncode == 2 and "--diff only goes with --dry-run" in done.stderr
    assert tree_state(sandbox_repo) == before


def test_demo_checks_its_input_before_writing_anything(tmp_path: Path) -> None:
    target = tmp_path / "demo"
    for args in (["--name", "Bad"], ["--base-url", "ftp://x.test/"]):
        done = hs_scaffold("demo", "--dir", str(target), *args, cwd=tmp_path)
        assert done.returncode == 2 and done.stderr.startswith("error: invalid")
        assert not target.exists()


def test_build_of_an_unknown_connector_is_a_usage_error(sandbox_repo: Path) -> None:
    done = hs_scaffold("build", "nosuch", cwd=sandbox_repo)
    assert done.returncode == 2 and "nosuch" in done.stderr


def test_repo_option_pointing_nowhere_names_the_option(tmp_path: Path) -> None:
    done = hs_scaffold("stubs", "acmepay", "--repo", str(tmp_path), cwd=tmp_path)
    assert done.returncode == 2 and "point --repo at" in done.stderr


def test_a_missing_git_is_one_line_and_exit_2(sandbox_repo: Path, tmp_path: Path) -> None:
    """GitPython fails to import without git; hs-scaffold says so in one line instead."""
    search = path_without("git", dest=tmp_path / "bin")
    before = tree_state(sandbox_repo)
    for args in (["new", "acmepay", "https://api.acmepay.test"], ["stubs", "--all"], ["recover"]):
        done = hs_scaffold(*args, cwd=sandbox_repo, env={"PATH": search})
        assert done.returncode == 2, done.stderr
        assert done.stderr == "error: git is not on PATH; install git (https://git-scm.com) and run again\n"
    doctor = hs_scaffold("doctor", cwd=sandbox_repo, env={"PATH": search})
    assert "✗ git" in doctor.stderr and "Traceback" not in doctor.stderr
    assert tree_state(sandbox_repo) == before


def test_a_reader_that_goes_away_ends_the_command_quietly(sandbox_repo: Path) -> None:
    """stdout is a pipe whose reader has closed (as `| head` does once it has its lines): exit 141,
    like a process SIGPIPE ends, and no "internal error" on stderr."""
    import os
    import sys

    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "scaffold", "stubs", "--all"],
            cwd=sandbox_repo,
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
        )
    finally:
        os.close(write_end)
    assert done.returncode == 141, done.stderr
    assert "internal error" not in done.stderr and "Traceback" not in done.stderr
