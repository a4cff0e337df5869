"""Content as git stores it: the snapshot and the restore see the bytes on disk, whatever
`core.autocrlf`, `core.eol` and `.gitattributes` say (the snapshot once read `cat-file --batch
--filters`, whose header gives the unconverted size, and misread everything after)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from scaffold.worktree_guard import WorkTreeSnapshot
from tests.fixtures.safety.builders import git, make_repo, write_files
from tests.helpers import exact_state, hs_scaffold, make_sandbox

NAME, URL = "acmepay", "https://api.acmepay.test/"
CONN = "crates/hyperswitch_connectors/src/connectors"


def lf_repo(tmp_path: Path) -> Path:
    return make_repo(
        tmp_path / "repo",
        {"a.txt": "one\ntwo\n", "b.rs": "fn b() {}\n", "c.toml": "[t]\nk = 1\n", "keep.txt": "k\n"},
    )


def recheckout(repo: Path) -> None:
    """Check every file out again under the current configuration (a CRLF checkout, say)."""
    git(repo, "rm", "-q", "--cached", "-r", ".")
    git(repo, "reset", "-q", "--hard")


@pytest.mark.parametrize("autocrlf", ["true", "input"])
def test_autocrlf_set_after_the_checkout(tmp_path: Path, autocrlf: str) -> None:
    repo = lf_repo(tmp_path)
    git(repo, "config", "core.autocrlf", autocrlf)  # the files on disk stay LF
    write_files(repo, {"u.txt": "untracked\r\n", "a.txt": "one\ntwo\nmine\n"})
    before = exact_state(repo)
    snapshot = WorkTreeSnapshot.take(repo)
    git(repo, "checkout", "--", "b.rs")  # what the script does: git writes CRLF under autocrlf=true
    write_files(repo, {"c.toml": b"[t]\r\nk = 1\r\n", "keep.txt": "changed\n", "new.rs": "n\n"})
    assert set(snapshot.changes().touched()) >= {"c.toml", "keep.txt", "new.rs"}
    snapshot.restore()
    assert exact_state(repo) == before


def test_a_crlf_checkout(tmp_path: Path) -> None:
    repo = lf_repo(tmp_path)
    git(repo, "config", "core.autocrlf", "true")
    recheckout(repo)
    assert (repo / "a.txt").read_bytes() == b"one\r\ntwo\r\n"
    before = exact_state(repo)
    snapshot = WorkTreeSnapshot.take(repo)
    assert snapshot.entries["a.txt"].source == "crlf"  # rebuilt from the blob, not copied
    write_files(repo, {"a.txt": b"one\ntwo\n", "b.rs": b"fn b() {}\r\nfn c() {}\r\n"})
    git(repo, "config", "core.autocrlf", "false")  # even if the configuration changes meanwhile
    snapshot.restore()
    git(repo, "config", "core.autocrlf", "true")  # (git's own view depends on it)
    assert exact_state(repo) == before


def test_gitattributes_eol_and_a_filter(tmp_path: Path) -> None:
    repo = make_repo(
        tmp_path / "repo",
        {
            ".gitattributes": "*.txt text eol=crlf\n*.up filter=upper\n",
            "a.txt": "one\ntwo\n",
            "s.up": "shout\n",
        },
    )
    git(repo, "config", "filter.upper.smudge", "tr a-z A-Z")
    git(repo, "config", "filter.upper.clean", "tr A-Z a-z")
    recheckout(repo)
    assert (repo / "s.up").read_bytes() == b"SHOUT\n" and (repo / "a.txt").read_bytes() == b"one\r\ntwo\r\n"
    before = exact_state(repo)
    snapshot = WorkTreeSnapshot.take(repo)
    assert snapshot.entries["s.up"].source == "copy"  # a filter: its bytes are kept
    write_files(repo, {"s.up": "shout\n", "a.txt": "x\n"})
    snapshot.restore()
    assert exact_state(repo) == before


def test_a_line_ending_change_is_seen_and_put_back(tmp_path: Path) -> None:
    repo = lf_repo(tmp_path)
    git(repo, "config", "core.autocrlf", "true")  # after the checkout: the files on disk are LF
    snapshot = WorkTreeSnapshot.take(repo)
    (repo / "a.txt").write_bytes(b"one\r\ntwo\r\n")  # the same text to git, not the same bytes
    assert snapshot.changes().modified == ["a.txt"]
    snapshot.restore()
    assert (repo / "a.txt").read_bytes() == b"one\ntwo\n"


def user_work(repo: Path) -> None:
    cargo = repo / "Cargo.toml"
    cargo.write_text(cargo.read_text() + "# my note\n")
    (repo / "notes.txt").write_text("mine\r\n")


@pytest.mark.parametrize("autocrlf", ["true", "input"])
def test_new_with_autocrlf_succeeds_and_undo_gives_the_bytes_back(tmp_path: Path, autocrlf: str) -> None:
    repo = make_sandbox(tmp_path / "hyperswitch")
    git(repo, "config", "core.autocrlf", autocrlf)
    user_work(repo)
    before = exact_state(repo, mtimes=False)
    done = hs_scaffold("new", NAME, URL, "--no-build", cwd=repo)
    assert done.returncode == 0, done.stderr
    assert (repo / CONN / f"{NAME}.rs").is_file()
    undone = hs_scaffold("undo", NAME, cwd=repo)
    assert undone.returncode == 0, undone.stderr
    assert exact_state(repo, mtimes=False) == before


@pytest.mark.parametrize("autocrlf", ["true", "input"])
def test_new_with_autocrlf_that_fails_rolls_back_byte_for_byte(tmp_path: Path, autocrlf: str) -> None:
    repo = make_sandbox(tmp_path / "hyperswitch")
    script = repo / "scripts/add_connector.sh"
    script.write_text(script.read_text().replace("\ncd $conn/\n", "\nexit 3\ncd $conn/\n", 1))
    git(repo, "commit", "-qam", "a script that fails after its edits")
    git(repo, "config", "core.autocrlf", autocrlf)
    user_work(repo)
    before = exact_state(repo)
    done = hs_scaffold("new", NAME, URL, "--no-build", cwd=repo)
    assert done.returncode == 1 and "put back" in done.stderr, done.stderr
    assert exact_state(repo) == before


def test_new_in_a_crlf_checkout(tmp_path: Path) -> None:
    """Every file CRLF but the script (bash needs LF): new succeeds, undo gives the bytes back."""
    repo = make_sandbox(tmp_path / "hyperswitch")
    (repo / ".gitattributes").write_text("*.sh text eol=lf\n")
    git(repo, "add", ".gitattributes")
    git(repo, "commit", "-qm", "scripts stay LF")
    git(repo, "config", "core.autocrlf", "true")
    recheckout(repo)
    assert (repo / f"{CONN}.rs").read_bytes().count(b"\r\n") > 0
    user_work(repo)
    before = exact_state(repo, mtimes=False)
    done = hs_scaffold("new", NAME, URL, "--no-build", cwd=repo)
    assert done.returncode == 0, done.stderr
    undone = hs_scaffold("undo", NAME, cwd=repo)
    assert undone.returncode == 0, undone.stderr
    assert exact_state(repo, mtimes=False) == before


def test_new_in_a_crlf_checkout_of_the_script_too_fails_with_the_tree_intact(tmp_path: Path) -> None:
    repo = make_sandbox(tmp_path / "hyperswitch")
    git(repo, "config", "core.autocrlf", "true")
    recheckout(repo)
    user_work(repo)
    before = exact_state(repo)
    done = hs_scaffold("new", NAME, URL, "--no-build", cwd=repo)
    assert done.returncode == 1 and "\\r" in done.stderr and "put back" in done.stderr, done.stderr
    assert exact_state(repo) == before


def test_git_itself_still_reads_the_tree_as_before(tmp_path: Path) -> None:
    repo = lf_repo(tmp_path)
    git(repo, "config", "core.autocrlf", "true")
    snapshot = WorkTreeSnapshot.take(repo)
    write_files(repo, {"a.txt": "changed\n"})
    snapshot.restore()
    done = subprocess.run(["git", "diff", "--stat"], cwd=repo, capture_output=True, text=True, check=True)
    assert done.stdout == ""
