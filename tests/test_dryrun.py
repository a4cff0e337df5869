"""Dry run: the flow runs in a throwaway worktree; the user's tree is untouched down to mtimes."""

from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from scaffold.checkout import Checkout, find_checkout
from scaffold.dryrun import dry_run
from tests.fixtures.safety.builders import git, mini_checkout, write_files

CONN = "crates/hyperswitch_connectors/src/connectors"


CACHES = re.compile(r"\.git/hs-scaffold(/(cache-[\w-]+\.json|templates(/.*)?))?")


def fingerprint(root: Path) -> dict[str, tuple[int, bytes]]:
    """Every path under root with mtime and content (git's object store and worktree bookkeeping
    aside, and the caches hs-scaffold keeps in the git dir: a dry run warms them)."""
    found: dict[str, tuple[int, bytes]] = {}
    for path in root.rglob("*"):
        rel = path.relative_to(root).as_posix()
        if (
            rel == ".git"
            or rel.startswith(".git/worktrees")
            or rel.startswith(".git/objects")
            or rel.startswith(".git/logs")
            or rel == ".git/hs-scaffold.lock.guard"  # the lock's guard (the dry run holds the lock)
            or CACHES.fullmatch(rel)
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


def _new_in(copy: Checkout) -> object:
    from scaffold.new import NewOptions, run_new
    from scaffold.report import Reporter

    options = NewOptions("acmepay", "https://api.acmepay.test/", build=False, record=False)
    return run_new(copy, options, Reporter(quiet=True))


def test_the_sparse_copy_reports_what_a_full_one_does(tmp_path: Path) -> None:
    from tests.helpers import make_sandbox

    root = make_sandbox(tmp_path / "hyperswitch")
    unrelated = {f"crates/analytics/src/m{i}.rs": f"// {i}\n" for i in range(20)}
    unrelated["docs/guide.md"] = "# guide\n"
    write_files(root, unrelated)  # what a real checkout has plenty of: nothing the run reads
    git(root, "add", "-A")
    git(root, "commit", "-qm", "unrelated files")
    types = root / "crates/common_utils/src/types.rs"  # read by the spec, not touched by the script
    types.write_text(types.read_text() + "// mine\n")
    (root / "grace/references").mkdir(parents=True)
    (root / "grace/references/acmepay_doc.md").write_text("# Acmepay\n\nAmounts are in cents.\n")
    sibling = root / "crates/hyperswitch_connectors/src/connectors/lumapay/transformers.rs"
    sibling.write_text(sibling.read_text() + "// mine too\n")  # a dirty file where the copy reads
    checkout = find_checkout(root)
    before = fingerprint(root)
    left_out = "crates/hyperswitch_interfaces/src/api/payments.rs"  # the traits: read, never written
    held: list[bool] = []

    def new_noting_what_is_there(copy: Checkout) -> object:
        held.append(copy.path(left_out).is_file())
        held.append("// mine too" in copy.path(sibling.relative_to(root)).read_text())
        return _new_in(copy)

    sparse = dry_run(checkout, new_noting_what_is_there, diff=True, name="acmepay")
    full = dry_run(checkout, new_noting_what_is_there, diff=True, name="acmepay", sparse=False)
    assert held == [False, True, True, True]  # left out of the sparse copy; the user's edit in both
    assert fingerprint(root) == before
    total = len(git(root, "ls-files").splitlines())
    assert 0 < sparse.files_checked_out <= full.files_checked_out - len(unrelated)
    assert full.files_checked_out == total
    assert (sparse.created, sparse.modified, sparse.deleted) == (full.created, full.modified, full.deleted)
    assert "crates/router/tests/connectors/acmepay.rs" in sparse.created
    strip = re.compile(r'"root": "[^"]*"|^index \S+', re.M)  # the spec's JSON names the copy's folder
    assert strip.sub("", sparse.diff) == strip.sub("", full.diff) and sparse.diff


def test_a_dry_run_waits_for_no_one_and_refuses_during_a_live_run(checkout: Checkout) -> None:
    from scaffold import lock
    from scaffold.errors import CheckoutBusyError

    lock_file = lock.lock_path(checkout)
    # A live hs-scaffold process (a lock naming any other program is stale and taken over).
    live = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)  # hs-scaffold new"])
    try:
        lock_file.write_text(json.dumps({"pid": live.pid, "host": socket.gethostname(), "started": "now"}))
        with pytest.raises(CheckoutBusyError):
            dry_run(checkout, script, diff=False)
    finally:
        live.kill()
        live.wait()
    lock_file.unlink()
    assert dry_run(checkout, script, diff=False).value == "ran"
    assert not lock_file.exists()


def test_the_copy_is_settled_for_git(checkout: Checkout) -> None:
    """The copy's files precede its index by over a second, so that git trusts their times (no
    "racily clean" entry for the snapshot and the script's `git checkout` to hash again)."""

    def look(copy: Checkout) -> None:
        index = copy.root / ".git" / "index"
        yours = set(git(copy.root, "diff", "--cached", "--name-only", "HEAD").splitlines())  # staged there
        assert yours == {"Cargo.toml", "config/development.toml", "notes.txt"}
        listed = [p for p in git(copy.root, "ls-files").splitlines() if p not in yours]
        files = [copy.root / p for p in listed if (copy.root / p).is_file()]
        assert files
        assert all(f.stat().st_mtime_ns <= index.stat().st_mtime_ns - 1_000_000_000 for f in files)
        assert git(copy.root, "diff", "--name-only") == ""  # the work tree is the index

    dry_run(checkout, look, diff=False)


def test_a_dry_run_leaves_the_caches_it_warmed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The sibling index a dry run builds comes back to the checkout's git dir (keyed by content, so
    the next run reads it), and nothing else of the copy's bookkeeping does (no manifest, no journal)."""
    from scaffold import examples
    from tests.helpers import make_sandbox

    checkout = find_checkout(make_sandbox(tmp_path / "hyperswitch"))
    cache = examples.cache_path(checkout)
    assert cache is not None and not cache.exists()
    dry_run(checkout, _new_in, diff=False, name="acmepay")
    records = json.loads(cache.read_text())
    assert set(records) >= set(checkout.connector_names()) and records

    def parse_again(*args: object) -> object:
        raise AssertionError(f"re-indexed {args[2]}")

    monkeypatch.setattr(examples, "index_connector", parse_again)
    index = examples.load_index(checkout)  # a run in the checkout finds every sibling's record current
    assert set(index.connectors) == set(checkout.connector_names())
    assert sorted(p.name for p in cache.parent.iterdir()) == sorted(
        p.name for p in cache.parent.iterdir() if CACHES.fullmatch(f".git/hs-scaffold/{p.name}")
    )


@pytest.mark.parametrize("with_touch", [True, False])
def test_settling_backdates_the_files_with_or_without_touch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, with_touch: bool
) -> None:
    """The files go two seconds back by one `find`, or file by file where there is none."""
    import os
    import shutil

    from scaffold import dryrun

    root = tmp_path / "repo"
    write_files(root, {"a.txt": "a\n", "-dash.txt": "d\n", "sub/b.rs": "b\n"})
    git(root, "init", "-q")
    git(root, "add", "-A")
    if not with_touch:  # a PATH holding git and nothing else
        only_git = tmp_path / "bin"
        only_git.mkdir()
        (only_git / "git").symlink_to(shutil.which("git") or "git")
        monkeypatch.setenv("PATH", str(only_git))
    (root / "link").symlink_to("a.txt")
    git(root, "add", "link")
    assert dryrun._settle(root) == 4
    index = (root / ".git/index").stat().st_mtime
    for rel in ("-dash.txt", "a.txt", "sub/b.rs", "link"):
        assert os.lstat(root / rel).st_mtime <= index - 1
    assert git(root, "diff", "--name-only") == ""
