"""WorkTreeSnapshot: record, compare, restore byte for byte; signals as exceptions."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from scaffold.interrupts import Interrupted, as_keyboard_interrupt, held
from scaffold.worktree_guard import WorkTreeSnapshot
from tests.fixtures.safety.builders import git, make_repo, write_files


def state(root: Path) -> dict[str, object]:
    """Every file under root except .git (content hash, mode, mtime) plus git status and the index."""
    files: dict[str, object] = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if rel.startswith(".git/") or rel == ".git":
            continue
        if path.is_symlink():
            files[rel] = ("link", str(path.readlink()))
        elif path.is_dir():
            files[rel] = "dir"
        else:
            files[rel] = (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mode)
    files["<index>"] = hashlib.sha256((root / ".git/index").read_bytes()).hexdigest()
    files["<status>"] = git(root, "--no-optional-locks", "status", "--porcelain", "--untracked-files=all")
    return files


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = make_repo(
        tmp_path / "repo",
        {
            ".gitignore": "target/\n*.log\n",
            "a.txt": "alpha\n",
            "b.txt": "beta\n",
            "run.sh": "#!/bin/sh\n",
            "deep/nested/c.rs": "fn c() {}\n",
            "keep/k.txt": "k\n",
            "staged.txt": "head\n",
        },
    )
    (root / "run.sh").chmod(0o755)
    git(root, "add", "run.sh")
    git(root, "commit", "-q", "-m", "exec")
    # the user's uncommitted work: edits, a staged change, a deletion, untracked files
    write_files(root, {"a.txt": "alpha edited by the user\n", "staged.txt": "staged\n"})
    git(root, "add", "staged.txt")
    write_files(root, {"staged.txt": "staged then edited\n", "notes/todo.md": "mine\n", "u.txt": "u\n"})
    (root / "b.txt").unlink()
    (root / "empty_user_dir").mkdir()
    write_files(root, {"build.log": "ignored\n"})
    return root


def vandalise(root: Path) -> None:
    """What a bad script might do: revert, edit, delete, create, chmod, git add."""
    git(root, "checkout", "a.txt")
    write_files(root, {"keep/k.txt": "changed\n", "u.txt": "overwritten\n", "b.txt": "back\n"})
    (root / "deep/nested/c.rs").unlink()
    (root / "notes/todo.md").unlink()
    write_files(root, {"new/dir/x.rs": "x\n", "new.rs": "n\n", "keep/more.txt": "m\n", "a.txt-e": "tmp\n"})
    (root / "run.sh").chmod(0o644)
    (root / "empty_user_dir/created.txt").write_text("c\n")
    git(root, "add", "new.rs")
    write_files(root, {"target/debug/out": "build\n"})


def test_changes_lists_what_a_run_did(repo: Path) -> None:
    snapshot = WorkTreeSnapshot.take(repo)
    assert not snapshot.changes()
    vandalise(repo)
    changes = snapshot.changes()
    assert changes.created == [
        "a.txt-e",
        "b.txt",
        "empty_user_dir/created.txt",
        "keep/more.txt",
        "new.rs",
        "new/dir/x.rs",
    ]
    assert changes.modified == ["a.txt", "keep/k.txt", "run.sh", "u.txt"]
    assert changes.deleted == ["deep/nested/c.rs", "notes/todo.md"]


def test_updated_agrees_with_a_full_listing(repo: Path) -> None:
    """After a first listing, later writes named to updated() give what changes() would find:
    edits, reverts to the recorded bytes, new files, removals, a created file removed again."""
    snapshot = WorkTreeSnapshot.take(repo)
    vandalise(repo)
    first = snapshot.changes()
    write_files(repo, {"keep/k.txt": "k\n", "a.txt": "again\n", "late.rs": "l\n", "x.txt": "x\n"})
    (repo / "a.txt-e").unlink()
    (repo / "staged.txt").unlink()
    written = ["keep/k.txt", "a.txt", "late.rs", "x.txt", "a.txt-e", "staged.txt"]
    assert snapshot.updated(first, written) == snapshot.changes()
    assert snapshot.updated(first, []) == first


def test_restore_puts_everything_back(repo: Path) -> None:
    before = state(repo)
    snapshot = WorkTreeSnapshot.take(repo)
    vandalise(repo)
    snapshot.restore()
    after = state(repo)
    after.pop("target", None), after.pop("target/debug", None), after.pop("target/debug/out", None)
    assert after == before
    assert (repo / "empty_user_dir").is_dir()
    assert not (repo / "new").exists()
    assert (repo / "build.log").read_text() == "ignored\n"


def test_restore_keeps_mtimes_of_untouched_files(repo: Path) -> None:
    snapshot = WorkTreeSnapshot.take(repo)
    stamps = {p: (repo / p).stat().st_mtime_ns for p in ("a.txt", "u.txt", "deep/nested/c.rs")}
    write_files(repo, {"keep/k.txt": "changed\n", "new.rs": "n\n"})
    snapshot.restore()
    assert {p: (repo / p).stat().st_mtime_ns for p in stamps} == stamps
    assert (repo / "keep/k.txt").read_text() == "k\n"


def test_files_rewritten_with_the_same_bytes_get_their_mtimes_back(repo: Path) -> None:
    """`sed -i` of a line that is not there, `git checkout` of a clean file: same bytes, new
    mtime, and cargo would rebuild those crates; the roll-back puts the mtime back."""
    stamps = {p: (repo / p).stat().st_mtime_ns for p in ("keep/k.txt", "deep/nested/c.rs", "u.txt")}
    snapshot = WorkTreeSnapshot.take(repo)
    time.sleep(0.02)
    subprocess.run(["sed", "-i", "-e", "s/never there/x/", "keep/k.txt", "u.txt"], cwd=repo, check=True)
    git(repo, "checkout", "--", "deep/nested/c.rs")
    (repo / "deep/nested/c.rs").touch()
    assert {p: (repo / p).stat().st_mtime_ns for p in stamps} != stamps
    assert not snapshot.changes()  # same bytes: nothing changed
    snapshot.restore()
    assert {p: (repo / p).stat().st_mtime_ns for p in stamps} == stamps


def test_restore_never_removes_preexisting_files(repo: Path) -> None:
    snapshot = WorkTreeSnapshot.take(repo)
    # an ignored file made visible by the run editing .gitignore must survive
    write_files(repo, {".gitignore": "target/\n"})
    snapshot.restore()
    assert (repo / "build.log").exists()
    assert (repo / "u.txt").read_text() == "u\n"


def test_restore_when_a_file_became_a_folder(repo: Path) -> None:
    snapshot = WorkTreeSnapshot.take(repo)
    (repo / "keep/k.txt").unlink()
    write_files(repo, {"keep/k.txt/inner.rs": "x\n"})
    snapshot.restore()
    assert (repo / "keep/k.txt").read_text() == "k\n"


def test_restore_removes_created_empty_folders_only(repo: Path) -> None:
    snapshot = WorkTreeSnapshot.take(repo)
    (repo / "made/by/the/run").mkdir(parents=True)
    (repo / "keep/new-empty").mkdir()
    snapshot.restore()
    assert not (repo / "made").exists() and not (repo / "keep/new-empty").exists()
    assert (repo / "empty_user_dir").is_dir()


def test_restore_removes_a_stale_index_lock(repo: Path) -> None:
    snapshot = WorkTreeSnapshot.take(repo)
    (repo / ".git/index.lock").write_text("")
    snapshot.restore()
    assert not (repo / ".git/index.lock").exists()
    assert git(repo, "status", "--porcelain")


def test_snapshot_of_a_repository_without_commits(tmp_path: Path) -> None:
    root = tmp_path / "fresh"
    root.mkdir()
    git(root, "init", "-q")
    write_files(root, {"mine.txt": "m\n"})
    snapshot = WorkTreeSnapshot.take(root)
    write_files(root, {"new.txt": "n\n"})
    assert snapshot.changes().created == ["new.txt"]
    snapshot.restore()
    assert sorted(p.name for p in root.iterdir()) == [".git", "mine.txt"]


def test_before_gives_the_recorded_content(repo: Path) -> None:
    snapshot = WorkTreeSnapshot.take(repo)
    write_files(repo, {"keep/k.txt": "changed\n", "a.txt": "x\n"})
    assert snapshot.before("keep/k.txt").data == b"k\n"
    assert snapshot.before("a.txt").data == b"alpha edited by the user\n"
    assert snapshot.before("nope").kind == "absent"


def test_sigterm_becomes_a_keyboard_interrupt() -> None:
    with pytest.raises(Interrupted) as caught, as_keyboard_interrupt():
        os.kill(os.getpid(), signal.SIGTERM)
    assert isinstance(caught.value, KeyboardInterrupt) and caught.value.signum == signal.SIGTERM
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL


def test_an_ignored_sighup_stays_ignored() -> None:
    previous = signal.signal(signal.SIGHUP, signal.SIG_IGN)
    try:
        with as_keyboard_interrupt():
            assert signal.getsignal(signal.SIGHUP) is signal.SIG_IGN
            os.kill(os.getpid(), signal.SIGHUP)  # as under nohup: nothing happens
    finally:
        signal.signal(signal.SIGHUP, previous)


def test_held_signals_finish_the_block_first() -> None:
    done = []
    with pytest.raises(Interrupted), as_keyboard_interrupt(), held():
        os.kill(os.getpid(), signal.SIGTERM)
        done.append("finished")
    assert done == ["finished"]


def test_held_signals_can_be_discarded() -> None:
    with as_keyboard_interrupt(), held(discard=True) as received:
        os.kill(os.getpid(), signal.SIGTERM)
    assert received == [signal.SIGTERM]


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
def test_restore_stops_a_script_still_running(repo: Path) -> None:
    """After an interrupt the script may still run: restore stops it before putting files back."""
    snapshot = WorkTreeSnapshot.take(repo)
    late = subprocess.Popen(["bash", "-c", "sleep 1; echo late > late.txt"], cwd=repo)
    write_files(repo, {"early.txt": "e\n"})
    snapshot.restore()
    time.sleep(1.5)
    assert late.poll() is not None
    assert not (repo / "late.txt").exists() and not (repo / "early.txt").exists()


def test_tracked_files_in_a_missing_folder_are_absent_and_seen_when_they_come_back(repo: Path) -> None:
    """A sparse copy lacks whole folders of tracked files: recorded absent (a folder checked
    once, not each file), and a file the run writes there is still a change."""
    import shutil

    shutil.rmtree(repo / "deep")  # deep/nested/c.rs: tracked, its folders gone
    snapshot = WorkTreeSnapshot.take(repo)
    assert snapshot.entries["deep/nested/c.rs"].source == "absent"
    assert "deep/nested/c.rs" not in snapshot.changes().created
    write_files(repo, {"deep/nested/c.rs": "fn c() { 1 }\n"})
    assert "deep/nested/c.rs" in [*snapshot.changes().created, *snapshot.changes().modified]
    snapshot.restore()
    assert not (repo / "deep/nested/c.rs").exists()
