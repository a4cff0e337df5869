"""Every git call hs-scaffold makes, through GitPython."""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

# GitPython raises ImportError at import when there is no git; hs-scaffold says so in one line instead.
os.environ.setdefault("GIT_PYTHON_REFRESH", "quiet")

import git as gitpython

from scaffold.errors import GitMissingError, NotACheckoutError, ScaffoldError

_IN_PROGRESS = {
    "MERGE_HEAD": "a merge",
    "REBASE_HEAD": "a rebase",
    "rebase-merge": "a rebase",
    "rebase-apply": "a rebase or am",
    "CHERRY_PICK_HEAD": "a cherry-pick",
    "REVERT_HEAD": "a revert",
    "BISECT_LOG": "a bisect",
}


@functools.lru_cache(maxsize=8)
def _git_on(search_path: str | None) -> bool:
    return shutil.which("git", path=search_path) is not None


def require_git() -> None:
    """GitMissingError (exit 2, one line) when there is no ``git`` on PATH."""
    if not _git_on(os.environ.get("PATH")):
        raise GitMissingError("git is not on PATH", "install git (https://git-scm.com) and run again")


def repo(path: Path) -> gitpython.Repo:
    """The git repository containing ``path``."""
    require_git()
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
    """Run ``git args`` in ``root`` and return raw stdout; ``env`` adds variables.

    ``stdin`` goes through a pipe, not a temporary file: a roll-back on a full disk needs git too.
    """
    feed, writer = _pipe_from(stdin) if stdin is not None else (None, None)
    try:
        out = repo(root).git.execute(
            ["git", *args],
            istream=feed,
            stdout_as_string=False,
            strip_newline_in_stdout=False,
            env=env,
        )
    except gitpython.GitCommandError as exc:
        detail = str(exc.stderr).strip().splitlines()
        raise ScaffoldError(f"git {' '.join(args)} failed: {detail[-1] if detail else exc}") from exc
    finally:
        if feed is not None:
            feed.close()
        if writer is not None:
            writer.join()
    return bytes(out)


def _pipe_from(data: bytes) -> tuple[BinaryIO, threading.Thread]:
    """A pipe's reading end that yields ``data`` (written by a thread, so no size limit applies)."""
    read_fd, write_fd = os.pipe()

    def feed() -> None:
        with os.fdopen(write_fd, "wb") as sink, contextlib.suppress(BrokenPipeError):
            sink.write(data)

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    return os.fdopen(read_fd, "rb"), writer


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


def merge_file(
    root: Path, current: bytes, base: bytes, other: bytes, *, work_dir: Path | None = None
) -> tuple[bytes, int]:
    """Three-way merge of file contents (``git merge-file -p``): (merged, conflict count).

    The three inputs are written to a temporary folder inside ``work_dir`` (a run's journal) when given.
    """
    import tempfile

    with tempfile.TemporaryDirectory(prefix="hs-scaffold-merge-", dir=work_dir) as tmp:
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


def hash_object(root: Path, data: bytes, *, path: str | None = None) -> str:
    """Write ``data`` as a blob and return its id: cleaned as ``git add`` would for ``path``
    (``core.autocrlf``, ``.gitattributes``), or as it is when ``path`` is None."""
    args = ["hash-object", "-w", "--stdin"] + ([f"--path={path}"] if path else ["--no-filters"])
    return run_bytes(root, *args, stdin=data).decode().strip()


def set_index_entries(root: Path, entries: dict[str, str | None]) -> None:
    """Set index entries at once: ``{path: "mode oid"}``, None to remove the path from the index."""
    sets = [f"{v}\t{p}".encode("utf-8", "surrogateescape") + b"\0" for p, v in entries.items() if v]
    removals = [p.encode("utf-8", "surrogateescape") + b"\0" for p, v in entries.items() if not v]
    if sets:
        run_bytes(root, "update-index", "-z", "--index-info", stdin=b"".join(sets))
    if removals:
        run_bytes(root, "update-index", "-z", "--force-remove", "--stdin", stdin=b"".join(removals))


def head_oid(root: Path) -> str | None:
    """HEAD's hash through plain ``git rev-parse`` (no long-lived helper process), or None."""
    status, out, _ = try_run(root, "rev-parse", "-q", "--verify", "HEAD^{commit}")
    return out.strip() if status == 0 else None


# --- inside a git hook (hook.py) ---

# Variables git gives a hook that name a location; made absolute, since git may give them
# relative to the hook's folder (``GIT_INDEX_FILE=.git/index`` for a plain ``git commit``).
_HOOK_PATH_VARS = ("GIT_INDEX_FILE", "GIT_DIR", "GIT_WORK_TREE", "GIT_COMMON_DIR", "GIT_OBJECT_DIRECTORY")


@contextmanager
def hook_environment() -> Iterator[dict[str, str]]:
    """Take the ``GIT_*`` variables out of ``os.environ`` for the block, and yield them.

    git runs a hook with ``GIT_INDEX_FILE`` (a temporary index for ``git commit -a`` and
    ``git commit <path>``), ``GIT_DIR`` in a worktree, ``GIT_PREFIX`` and more. GitPython and
    plumbum read ``os.environ``, so inside the block every git command runs cleanly; the ones that
    must see what the hook was given (the staged content) pass the yielded variables with ``env=``.
    """
    given = {k: v for k, v in os.environ.items() if k.startswith("GIT_")}
    for key in given:
        del os.environ[key]
    try:
        yield {k: str(Path(v).absolute()) if k in _HOOK_PATH_VARS and v else v for k, v in given.items()}
    finally:
        os.environ.update(given)


def staged_changes(root: Path, env: dict[str, str]) -> list[tuple[str, str | None]]:
    """Files added, copied, modified or renamed in the index against HEAD: (path, path in HEAD or None).

    ``env`` is the hook's environment (its ``GIT_INDEX_FILE``); a path added or copied has no
    HEAD version to compare with; a renamed one has its old path.
    """
    fields = run_z(
        root, "diff", "--cached", "--name-status", "-z", "-M", "--diff-filter=ACMR", "--no-ext-diff", env=env
    )
    changes: list[tuple[str, str | None]] = []
    while fields:
        status = fields.pop(0)
        if status[:1] in ("R", "C"):
            old, new = fields.pop(0), fields.pop(0)
            changes.append((new, old if status[0] == "R" else None))
        else:
            path = fields.pop(0)
            changes.append((path, path if status == "M" else None))
    return changes


def read_objects(root: Path, names: list[str], env: dict[str, str]) -> list[bytes | None]:
    """Blob contents for object names (``:path`` in the index, ``HEAD:path``), None when missing.

    One ``git cat-file --batch`` for all of them; ``env`` decides which index ``:path`` reads.
    """
    if any("\n" in name for name in names):
        raise ScaffoldError("a path holding a newline cannot be read from the index")
    raw = run_bytes(root, "cat-file", "--batch", stdin="".join(f"{n}\n" for n in names).encode(), env=env)
    found: list[bytes | None] = []
    offset = 0
    for _ in names:
        end = raw.index(b"\n", offset)
        header = raw[offset:end].split(b" ")
        offset = end + 1
        if len(header) != 3 or header[1] in (b"missing", b"ambiguous"):
            found.append(None)
            continue
        size = int(header[2])
        found.append(raw[offset : offset + size] if header[1] == b"blob" else None)
        offset += size + 1
    return found


def config_value(root: Path, key: str) -> str | None:
    """``git config --get key`` in ``root``, or None when unset."""
    status, out, _ = try_run(root, "config", "--get", key)
    return out.strip() if status == 0 else None


# --- the registration audit (registration_audit.py) ---


def grep_files(root: Path, pattern: str, paths: list[str] | None = None) -> list[str]:
    """Tracked files (work-tree content) holding a match of ``pattern`` (ERE) as a whole word.

    One ``git grep -l -w -E``; ``paths`` limits it to those files (literal paths); binary files
    are skipped. Paths are relative to ``root``.
    """
    if paths is not None and not paths:
        return []
    args = ["--literal-pathspecs", "grep", "-l", "-z", "-I", "-w", "-E", "--full-name", "--no-color"]
    args += ["-e", pattern, "--", *(paths or [])]
    status, out, err = repo(root).git.execute(
        ["git", *args],
        with_extended_output=True,
        with_exceptions=False,
        stdout_as_string=False,
        strip_newline_in_stdout=False,
    )
    if int(status) not in (0, 1):  # 1: no match
        text = err.decode("utf-8", "replace") if isinstance(err, bytes) else str(err)
        detail = text.strip().splitlines()
        raise ScaffoldError(f"git grep failed: {detail[-1] if detail else f'status {status}'}")
    return [p.decode("utf-8", "surrogateescape") for p in bytes(out).split(b"\0") if p]
