"""Manifest and undo: remove what the run created, reverse its edits, refuse unclear cases."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from scaffold.checkout import Checkout, find_checkout
from scaffold.errors import ScaffoldError, UsageError
from scaffold.manifest import load_manifest, record_rewrite, write_manifest
from scaffold.undo import undo
from scaffold.worktree_guard import WorkTreeSnapshot
from tests.fixtures.safety.builders import git, mini_checkout, write_files
from tests.helpers import hs_scaffold

CONN = "crates/hyperswitch_connectors/src/connectors"


@pytest.fixture
def checkout(tmp_path: Path) -> Checkout:
    root = mini_checkout(tmp_path / "hs")
    write_files(root, {"Cargo.toml": "# user edit\n[workspace]\nmembers = []\n", "notes.txt": "mine\n"})
    return find_checkout(root)


def scaffold(checkout: Checkout, name: str = "acmepay") -> Path:
    snapshot = WorkTreeSnapshot.take(checkout.root)
    subprocess.run(
        ["bash", "scripts/add_connector.sh", name, "https://acme.example/"],
        cwd=checkout.root,
        check=True,
        capture_output=True,
    )
    return write_manifest(checkout, name, snapshot, snapshot.changes())


def status(checkout: Checkout) -> str:
    return git(checkout.root, "status", "--porcelain", "--untracked-files=all")


def test_manifest_records_the_run(checkout: Checkout) -> None:
    path = scaffold(checkout)
    assert path == checkout.root / ".git/hs-scaffold/manifests/acmepay.json"
    data = json.loads(path.read_text())
    files = {f["path"]: f for f in data["files"]}
    assert files[f"{CONN}/acmepay.rs"]["before"] is None
    assert files["config/development.toml"]["before"] != files["config/development.toml"]["after"]
    assert data["created_dirs"] == [f"{CONN}/acmepay"]
    assert (path.with_suffix(".before") / "config/development.toml").is_file()


def test_undo_restores_the_tree(checkout: Checkout) -> None:
    before = status(checkout)
    contents = {
        p: checkout.path(p).read_bytes() for p in ("config/development.toml", "Cargo.toml", "notes.txt")
    }
    scaffold(checkout)
    result = undo(checkout, "acmepay", force=False)
    assert status(checkout) == before
    assert {p: checkout.path(p).read_bytes() for p in contents} == contents
    assert not checkout.path(f"{CONN}/acmepay").exists()
    assert "2 files removed" not in result.summary() and f"{CONN}/acmepay.rs" in result.removed
    with pytest.raises(UsageError, match="no record"):
        undo(checkout, "acmepay", force=False)


def test_undo_keeps_later_unrelated_edits(checkout: Checkout) -> None:
    scaffold(checkout)
    toml = checkout.path("config/development.toml")
    toml.write_text(toml.read_text() + '\n[later]\nkey = "kept"\n')
    result = undo(checkout, "acmepay", force=False)
    assert "config/development.toml" in result.merged
    assert "acmepay" not in toml.read_text() and '[later]\nkey = "kept"' in toml.read_text()


def test_undo_refuses_when_created_files_were_edited(checkout: Checkout) -> None:
    scaffold(checkout)
    main = checkout.path(f"{CONN}/acmepay.rs")
    main.write_text("// my implementation\n")
    with pytest.raises(ScaffoldError, match=r"acmepay\.rs \(created by the scaffold, edited since\)"):
        undo(checkout, "acmepay", force=False)
    assert main.read_text() == "// my implementation\n"
    result = undo(checkout, "acmepay", force=True)
    assert not main.exists() and result.backup_dir is not None
    assert (result.backup_dir / f"{CONN}/acmepay.rs").read_text() == "// my implementation\n"


def test_undo_refuses_overlapping_edits(checkout: Checkout) -> None:
    scaffold(checkout)
    toml = checkout.path("config/development.toml")
    toml.write_text(
        toml.read_text().replace(
            'acmepay.base_url = "https://acme.example/"', 'acmepay.base_url = "https://changed.example/"'
        )
    )
    with pytest.raises(ScaffoldError, match="overlapping"):
        undo(checkout, "acmepay", force=False)


def test_undo_unstages_created_files(checkout: Checkout) -> None:
    before = status(checkout)
    scaffold(checkout)
    git(checkout.root, "add", f"{CONN}/acmepay.rs")
    undo(checkout, "acmepay", force=False)
    assert status(checkout) == before


def test_manifest_is_removed_after_undo(checkout: Checkout) -> None:
    path = scaffold(checkout)
    undo(checkout, "acmepay", force=False)
    assert not path.exists() and not path.with_suffix(".before").exists()
    with pytest.raises(UsageError):
        load_manifest(checkout, "acmepay")


def test_files_rewritten_by_hs_scaffold_are_not_user_edits(checkout: Checkout) -> None:
    before = status(checkout)
    path = scaffold(checkout)
    created, modified = checkout.path(f"{CONN}/acmepay.rs"), checkout.path("config/development.toml")
    created.write_text(created.read_text() + "// rewritten by hs-scaffold\n")
    modified.write_text(modified.read_text() + "# rewritten by hs-scaffold\n")
    updated = record_rewrite(checkout, "acmepay", [created, "config/development.toml", "notes.txt"])
    assert updated == ["config/development.toml", f"{CONN}/acmepay.rs"]
    after = path.with_suffix(".after") / "config/development.toml"
    assert after.read_bytes() == modified.read_bytes()
    result = undo(checkout, "acmepay", force=False)
    assert not result.forced and "config/development.toml" in result.reverted
    assert status(checkout) == before


def test_record_rewrite_without_a_record_does_nothing(checkout: Checkout) -> None:
    assert record_rewrite(checkout, "acmepay", ["notes.txt"]) == []


# --- the index, end to end on the sandbox --------------------------------------------------------

SANDBOX_CONNECTORS = "crates/hyperswitch_connectors/src/connectors.rs"


def _stage_user_work(repo: Path) -> None:
    """Staged changes of the user's own: in a file the scaffold edits and in one it does not."""
    toml = repo / "config/development.toml"
    toml.write_text(toml.read_text() + '\n[mine]\nkey = "staged"\n')
    cargo = repo / "Cargo.toml"
    cargo.write_text(cargo.read_text() + "# a staged note\n")
    git(repo, "add", "config/development.toml", "Cargo.toml")


def test_undo_after_git_add_all_puts_the_index_back(sandbox_repo: Path) -> None:
    _stage_user_work(sandbox_repo)
    status, index = git(sandbox_repo, "status", "--porcelain"), git(sandbox_repo, "ls-files", "-s")
    done = hs_scaffold(
        "new", "acmepay", "https://api.acmepay.test/", "--no-build", "--allow-dirty", cwd=sandbox_repo
    )
    assert done.returncode == 0, done.stderr
    git(sandbox_repo, "add", "-A")
    assert "acmepay" in git(sandbox_repo, "show", f":{SANDBOX_CONNECTORS}")
    undone = hs_scaffold("undo", "acmepay", cwd=sandbox_repo)
    assert undone.returncode == 0, undone.stderr
    assert git(sandbox_repo, "status", "--porcelain") == status
    assert git(sandbox_repo, "ls-files", "-s") == index
    assert "acmepay" not in git(sandbox_repo, "show", f":{SANDBOX_CONNECTORS}")
    assert 'key = "staged"' in git(sandbox_repo, "show", ":config/development.toml")


def test_undo_reverses_the_scaffold_in_a_staged_version_with_more_edits(sandbox_repo: Path) -> None:
    done = hs_scaffold("new", "acmepay", "https://api.acmepay.test/", "--no-build", cwd=sandbox_repo)
    assert done.returncode == 0, done.stderr
    module = sandbox_repo / SANDBOX_CONNECTORS
    module.write_text(module.read_text() + "// my later note\n")
    git(sandbox_repo, "add", "-A")
    undone = hs_scaffold("undo", "acmepay", cwd=sandbox_repo)
    assert undone.returncode == 0, undone.stderr
    staged = git(sandbox_repo, "show", f":{SANDBOX_CONNECTORS}")
    assert "acmepay" not in staged and "// my later note" in staged
    assert module.read_text() == staged
    assert git(sandbox_repo, "status", "--porcelain") == f"M  {SANDBOX_CONNECTORS}\n"


def test_undo_refuses_a_staged_version_it_cannot_reverse(sandbox_repo: Path) -> None:
    done = hs_scaffold("new", "acmepay", "https://api.acmepay.test/", "--no-build", cwd=sandbox_repo)
    assert done.returncode == 0, done.stderr
    module = sandbox_repo / SANDBOX_CONNECTORS
    scaffolded = module.read_text()
    module.write_text(scaffolded.replace("pub mod acmepay;", "pub mod acmepay; // renamed by me"))
    git(sandbox_repo, "add", SANDBOX_CONNECTORS)
    module.write_text(scaffolded)  # the work tree is the scaffold's again; the staged version is not
    refused = hs_scaffold("undo", "acmepay", cwd=sandbox_repo)
    assert refused.returncode == 1 and "staged since, overlapping" in refused.stderr, refused.stderr
    assert (sandbox_repo / "crates/hyperswitch_connectors/src/connectors/acmepay.rs").is_file()


def test_an_edited_created_file_is_refused_for_that_reason_only(sandbox_repo: Path) -> None:
    """The scaffold committed, then an unstaged edit of a file it created: `undo` refuses, naming
    the edit; the staged version is the scaffold's, so that is no second reason."""
    done = hs_scaffold("new", "acmepay", "https://api.acmepay.test/", "--no-build", cwd=sandbox_repo)
    assert done.returncode == 0, done.stderr
    git(sandbox_repo, "add", "-A")
    git(sandbox_repo, "commit", "-qm", "scaffold acmepay")
    created = sandbox_repo / "crates/hyperswitch_connectors/src/connectors/acmepay.rs"
    created.write_text(created.read_text() + "// mine\n")
    refused = hs_scaffold("undo", "acmepay", cwd=sandbox_repo)
    assert refused.returncode == 1 and "created by the scaffold, edited since" in refused.stderr
    assert "staged since" not in refused.stderr, refused.stderr
