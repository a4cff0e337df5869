"""scaffold.git: where a repository keeps its private files, and one GitPython handle per folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from scaffold import git as scaffold_git
from scaffold.errors import NotACheckoutError
from tests.helpers import git


def _repo(path: Path) -> Path:
    path.mkdir()
    git(path, "init", "-q")
    git(path, "commit", "-q", "--allow-empty", "-m", "first")
    return path


def test_git_dir_of_a_checkout_and_of_its_worktree(tmp_path: Path) -> None:
    main = _repo(tmp_path / "main")
    git(main, "worktree", "add", "-q", "--detach", str(tmp_path / "wt"))
    assert scaffold_git.git_dir(main) == (main / ".git").resolve()
    assert scaffold_git.git_dir(tmp_path / "wt") == (main / ".git" / "worktrees" / "wt").resolve()
    assert scaffold_git.git_dir(main / ".git") == (main / ".git").resolve()


@pytest.mark.parametrize("where", ["plain folder", "missing folder"])
def test_git_dir_outside_a_repository_is_one_clear_error(tmp_path: Path, where: str) -> None:
    outside = tmp_path / "nothing-here"
    if where == "plain folder":
        outside.mkdir()
    with pytest.raises(NotACheckoutError, match="is not inside a git repository") as caught:
        scaffold_git.git_dir(outside)
    assert "--repo PATH" in (caught.value.fix or "")


def test_one_gitpython_handle_per_folder_that_runs_git_there(tmp_path: Path) -> None:
    first, second = _repo(tmp_path / "a"), _repo(tmp_path / "b")
    assert scaffold_git.repo(first) is scaffold_git.repo(first)
    assert scaffold_git.repo(first) is not scaffold_git.repo(second)
    (second / "new.txt").write_text("x\n")
    assert scaffold_git.untracked_paths(second) == ["new.txt"]
    assert scaffold_git.untracked_paths(first) == []
