"""Every git call hs-scaffold makes, through GitPython."""

from __future__ import annotations

from pathlib import Path

import git as gitpython

from scaffold.errors import NotACheckoutError, ScaffoldError

_IN_PROGRESS = {
    "MERGE_HEAD": "a merge",
    "REBASE_HEAD": "a rebase",
    "rebase-merge": "a rebase",
    "rebase-apply": "a rebase or am",
    "CHERRY_PICK_HEAD": "a cherry-pick",
    "REVERT_HEAD": "a revert",
    "BISECT_LOG": "a bisect",
}


def repo(path: Path) -> gitpython.Repo:
    """The git repository containing ``path``."""
    try:
        return gitpython.Repo(path, search_parent_directories=True)
    except (gitpython.InvalidGitRepositoryError, gitpython.NoSuchPathError) as exc:
        raise NotACheckoutError(
            f"{path} is not inside a git repository",
            "run hs-scaffold inside a Hyperswitch checkout or pass --repo PATH",
        ) from exc


def toplevel(path: Path) -> Path:
    """The root of the work tree containing ``path``."""
    work_tree = repo(path).working_tree_dir
    if work_tree is None:
        raise NotACheckoutError(f"{path} is in a bare repository", "use a checkout with a work tree")
    return Path(work_tree).resolve()


def git_dir(root: Path) -> Path:
    """The repository's private folder (``.git``, or the worktree's own git dir)."""
    return Path(repo(root).git_dir).resolve()


def run(root: Path, *args: str) -> str:
    """Run ``git args`` in ``root`` and return stdout (stripped of the final newline)."""
    try:
        return str(repo(root).git.execute(["git", *args], strip_newline_in_stdout=True))
    except gitpython.GitCommandError as exc:
        detail = str(exc.stderr).strip().splitlines()
        raise ScaffoldError(f"git {' '.join(args)} failed: {detail[-1] if detail else exc}") from exc


def operation_in_progress(root: Path) -> str | None:
    """Name of an unfinished merge/rebase/cherry-pick/revert, or None."""
    folder = git_dir(root)
    for marker, what in _IN_PROGRESS.items():
        if (folder / marker).exists():
            return what
    return None


def dirty_paths(root: Path) -> list[str]:
    """Tracked paths with staged or unstaged changes, relative to ``root``."""
    out = run(root, "status", "--porcelain=v1", "-z", "--untracked-files=no")
    return [entry[3:] for entry in out.split("\0") if len(entry) > 3]


def untracked_paths(root: Path) -> list[str]:
    """Untracked, non-ignored files, relative to ``root``."""
    out = run(root, "ls-files", "--others", "--exclude-standard", "-z")
    return [p for p in out.split("\0") if p]


def tracked_paths(root: Path) -> set[str]:
    """Every path in the index."""
    return {p for p in run(root, "ls-files", "-z").split("\0") if p}


# --- helpers for protecting the work tree (worktree_guard, preflight, dryrun, undo) ---


def run_bytes(root: Path, *args: str, stdin: bytes | None = None, env: dict[str, str] | None = None) -> bytes:
    """Run ``git args`` in ``root`` and return raw stdout; ``env`` adds variables."""
    import tempfile

    with tempfile.TemporaryFile() as feed:
        if stdin is not None:
            feed.write(stdin)
            feed.seek(0)
        try:
            out = repo(root).git.execute(
                ["git", *args],
                istream=feed if stdin is not None else None,
                stdout_as_string=False,
                strip_newline_in_stdout=False,
                env=env,
            )
        except gitpython.GitCommandError as exc:
            detail = str(exc.stderr).strip().splitlines()
            raise ScaffoldError(f"git {' '.join(args)} failed: {detail[-1] if detail else exc}") from exc
    return bytes(out)


def run_z(root: Path, *args: str, env: dict[str, str] | None = None) -> list[str]:
    """Run a ``-z`` git command and split its NUL-separated output."""
    raw = run_bytes(root, *args, env=env)
    return [p.decode("utf-8", "surrogateescape") for p in raw.split(b"\0") if p]


def git_path(root: Path, name: str) -> Path:
    """Absolute path of ``name`` inside the git dir (``git rev-parse --git-path``)."""
    return (root / run(root, "rev-parse", "--git-path", name)).resolve()


def common_dir(root: Path) -> Path:
    """The git dir shared by every worktree of the repository."""
    return (root / run(root, "rev-parse", "--git-common-dir")).resolve()


def try_run(root: Path, *args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    """Run ``git args`` without raising: (status, stdout, stderr)."""
    status, out, err = repo(root).git.execute(
        ["git", *args], with_extended_output=True, with_exceptions=False, env=env
    )
    return int(status), str(out), str(err)


def merge_file(root: Path, current: bytes, base: bytes, other: bytes) -> tuple[bytes, int]:
    """Three-way merge of file contents (``git merge-file -p``): (merged, conflict count)."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="hs-scaffold-merge-") as tmp:
        names = []
        for label, data in (("script", current), ("HEAD", base), ("yours", other)):
            path = Path(tmp) / label
            path.write_bytes(data)
            names.append(str(path))
        status, out, err = repo(root).git.execute(
            ["git", "merge-file", "-p", "-L", "script", "-L", "HEAD", "-L", "yours", *names],
            with_extended_output=True,
            with_exceptions=False,
            stdout_as_string=False,
            strip_newline_in_stdout=False,
        )
    if int(status) < 0:
        raise ScaffoldError(f"git merge-file failed: {err!s}")
    return bytes(out), int(status)


def head_oid(root: Path) -> str | None:
    """HEAD's hash through plain ``git rev-parse`` (no long-lived helper process), or None."""
    status, out, _ = try_run(root, "rev-parse", "-q", "--verify", "HEAD^{commit}")
    return out.strip() if status == 0 else None
