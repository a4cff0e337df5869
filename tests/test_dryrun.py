"""Dry run: the flow runs in a throwaway worktree; the user's tree is untouched down to mtimes."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from scaffold.checkout import Checkout, find_checkout
from scaffold.dryrun import dry_run
from tests.fixtures.safety.builders import git, mini_checkout, write_files

CONN = "crates/hyperswitch_connectors/src/connectors"


def fingerprint(root: Path) -> dict[str, tuple[int, bytes]]:
    """Every path under root with mtime and content (git's object store and worktree bookkeeping aside)."""
    found: dict[str, tuple[int, bytes]] = {}
    for path in root.rglob("*"):
        rel = path.relative_to(root).as_posix()
        if (
            rel == ".git"
            or rel.startswith(".git/worktrees")
            or rel.startswith(".git/objects")
            or rel.startswith(".git/logs")
            or rel == ".git/hs-scaffold.lock.guard"  # the lock's guard (the dry run holds the lock)
        ):
            continue
        data = path.read_bytes() if path.is_file() and not path.is_symlink() else b""
        found[rel] = (path.lstat().st_mtime_ns, data)
    return found


@pytest.fixture
def checkout(tmp_path: Path) -> Checkout:
    root = mini_checkout(tmp_path / "hs")
    toml = root / "config/development.toml"
    write_files(
        root, {"config/development.toml": toml.read_text() + "\n[mine]\nk = 1\n", "notes.txt": "mine\n"}
    )
    write_files(root, {"Cargo.toml": "# staged\n[workspace]\nmembers = []\n"})
    git(root, "add", "Cargo.toml")
    return find_checkout(root)


def script(worktree: Checkout) -> str:
    assert (worktree.root / "notes.txt").read_text() == "mine\n"
    assert "[mine]" in (worktree.root / "config/development.toml").read_text()
    subprocess.run(
        ["bash", "scripts/add_connector.sh", "acmepay", "https://acme.example/"],
        cwd=worktree.root,
        check=True,
        capture_output=True,
    )
    return "ran"


def test_dry_run_reports_and_leaves_the_tree_alone(checkout: Checkout) -> None:
    status = git(checkout.root, "status", "--porcelain")
    before = fingerprint(checkout.root)
    result = dry_run(checkout, script, diff=True)
    assert result.value == "ran"
    assert result.created == [
        f"{CONN}/acmepay.rs",
        f"{CONN}/acmepay/transformers.rs",
        "crates/router/tests/connectors/acmepay.rs",
    ]
    assert result.modified == [
        "config/development.toml",
        f"{CONN}.rs",
        "crates/router/tests/connectors/main.rs",
    ]
    assert "config/development.toml" in result.diffstat
    assert '+acmepay.base_url = "https://acme.example/"' in result.diff
    assert "[mine]" not in result.diff  # the user's own changes are the baseline, not part of the diff
    assert fingerprint(checkout.root) == before
    assert git(checkout.root, "status", "--porcelain") == status
    assert git(checkout.root, "worktree", "list").count("\n") == 1
    assert result.as_json()["files_created"] == result.created


def test_dry_run_cleans_up_when_the_run_fails(checkout: Checkout) -> None:
    def failing(worktree: Checkout) -> None:
        raise RuntimeError(f"failed in {worktree.root}")

    with pytest.raises(RuntimeError) as info:
        dry_run(checkout, failing, diff=False)
    assert not Path(str(info.value).split(" in ")[1]).exists()
    assert git(checkout.root, "worktree", "list").count("\n") == 1


def test_dry_run_without_diff_has_no_diff(checkout: Checkout) -> None:
    assert dry_run(checkout, script, diff=False).diff == ""
