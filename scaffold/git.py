"""Every git call hs-scaffold makes, through GitPython (plain subprocesses on the hook's path)."""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import subprocess
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

# GitPython raises ImportError when there is no git; hs-scaffold says so in one line instead.
os.environ.setdefault("GIT_PYTHON_REFRESH", "quiet")

from scaffold.errors import GitMissingError, NotACheckoutError, ScaffoldError

if TYPE_CHECKING:
    import git as gitpython
else:

    class _LazyGitPython:
        """GitPython, imported on first use: the pre-commit hook never needs it (70 ms of imports)."""

        def __getattr__(self, name: str) -> Any:
            import git

            return getattr(git, name)

    gitpython = _LazyGitPython()

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


_NO_GIT, _INSTALL_GIT = "git is not on PATH", "install git (https://git-scm.com) and run again"


def require_git() -> None:
    """GitMissingError (exit 2, one line) when there is no ``git`` on PATH."""
    if not _git_on(os.environ.get("PATH")):
        raise GitMissingError(_NO_GIT, _INSTALL_GIT)


def repo(path: Path) -> gitpython.Repo:
    """The git repository containing ``path`` (one object per folder: a run asks git some 25
    times, and each new ``Repo`` walked the folders and read the config again, 4 ms)."""
    require_git()
    return _repo_at(str(path))


@functools.lru_cache(maxsize=16)
def _repo_at(path: str) -> gitpython.Repo:
    try:
        return gitpython.Repo(path, search_parent_directories=True)
    except (gitpython.InvalidGitRepositoryError, gitpython.NoSuchPathError) as exc:
        raise _outside_a_repository(path) from exc


def toplevel(path: Path) -> Path:
    """The root of the work tree containing ``path`` (one plain ``git rev-parse``: no GitPython)."""
    found = locate(path)
    if found is not None:
        return found[0]
    bare = plain(path, "rev-parse", "--is-bare-repository", check=False)
    if bare.returncode == 0 and bare.stdout.strip() == b"true":
        raise NotACheckoutError(f"{path} is in a bare repository", "use a checkout with a work tree")
    raise _outside_a_repository(path)


def _outside_a_repository(path: Path | str) -> NotACheckoutError:
    return NotACheckoutError(
        f"{path} is not inside a git repository",
        "run hs-scaffold inside a Hyperswitch checkout or pass --repo PATH",
    )


def git_dir(root: Path) -> Path:
    """The repository's private folder (``.git``, or the worktree's own git dir): one plain
    ``git rev-parse``, so that a run's first question does not wait for GitPython's import."""
    done = plain(root, "rev-parse", "--absolute-git-dir", check=False) if root.is_dir() else None
    if done is None or done.returncode != 0:
        raise _outside_a_repository(root)
    return Path(done.stdout.decode("utf-8", "surrogateescape").rstrip("\n")).resolve()


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


# Every change and untracked file, one NUL-terminated ``XY path`` entry each (paths from the root;
# no renames, so one path per entry; no optional locks: the index is only read).
STATUS_Z = (
    "--no-optional-locks",
    "status",
    "--porcelain=v1",
    "-z",
    "--untracked-files=all",
    "--no-renames",
    "--ignore-submodules=none",
)


def split_status(entries: list[str]) -> tuple[list[str], list[str]]:
    """(untracked, changed) paths of :data:`STATUS_Z` entries."""
    untracked = [e[3:] for e in entries if e.startswith("??")]
    return untracked, [e[3:] for e in entries if not e.startswith("??")]


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
    """The git dir shared by every worktree of the repository (one plain ``git rev-parse``: the
    hook and a dry run's planning threads ask it before GitPython is imported)."""
    out = plain(root, "rev-parse", "--git-common-dir").stdout.decode("utf-8", "surrogateescape")
    return (root / out.rstrip("\n")).resolve()


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


def config_value(root: Path, key: str) -> str | None:
    """``git config --get key`` in ``root``, or None when unset."""
    status, out, _ = try_run(root, "config", "--get", key)
    return out.strip() if status == 0 else None


def config_values(root: Path, keys: tuple[str, ...]) -> dict[str, str]:
    """The set ones of ``keys`` in ``root`` (the last value of a repeated key), in one plain
    ``git config -z --get-regexp``."""
    wanted = "^(" + "|".join(key.replace(".", "\\.") for key in keys) + ")$"
    done = plain(root, "config", "-z", "--get-regexp", wanted, check=False)
    found: dict[str, str] = {}
    for entry in done.stdout.decode("utf-8", "surrogateescape").split("\0"):
        key, _, value = entry.partition("\n")
        if key:
            found[key] = value
    return found


# --- the registration audit (registration_audit.py) ---


def grep_files(
    root: Path,
    pattern: str,
    paths: list[str] | None = None,
    *,
    also: tuple[str, ...] = (),
    suffixes: tuple[str, ...] = (),
    excluding: tuple[str, ...] = (),
) -> list[str]:
    """Tracked files (work-tree content) holding a match of ``pattern`` (ERE) as a whole word, and of
    every pattern in ``also`` too.

    One ``git grep -l -w -E``; ``paths`` limits it to those files (literal paths), ``suffixes`` to
    files whose names end so and ``excluding`` to those whose names do not (``.rs``: git then
    skips the rest unread); binary files are skipped. Paths are relative to ``root``.
    """
    if paths is not None:
        paths = [p for p in paths if not p.endswith(excluding)] if excluding else paths
        if not paths:
            return []
    globs = [f":(glob)**/*{suffix}" for suffix in suffixes] if paths is None else []
    if paths is None and excluding:
        globs = [*(globs or [":/"]), *(f":(exclude,glob)**/*{suffix}" for suffix in excluding)]
    args = [] if globs else ["--literal-pathspecs"]
    args += ["grep", "-l", "-z", "-I", "-w", "-E", "--full-name", "--no-color"]
    if also:
        args.append("--all-match")
    for each in (pattern, *also):
        args += ["-e", each]
    args += ["--", *(paths or globs)]
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


# --- plain subprocess calls, for the pre-commit hook's fast path (no GitPython) ---


def plain(
    root: Path, *args: str, env: dict[str, str] | None = None, stdin: bytes | None = None, check: bool = True
) -> subprocess.CompletedProcess[bytes]:
    """``git args`` in ``root`` as a plain subprocess; ``env`` is the whole environment when given."""
    try:
        done = subprocess.run(
            ["git", *args], cwd=root, env=env, input=stdin, capture_output=True, check=False
        )
    except FileNotFoundError as exc:
        raise GitMissingError(_NO_GIT, _INSTALL_GIT) from exc
    if check and done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ScaffoldError(f"git {' '.join(args)} failed: {detail[-1] if detail else done.returncode}")
    return done


def locate(start: Path, env: dict[str, str] | None = None) -> tuple[Path, Path] | None:
    """(work tree root, git dir) of the repository holding ``start``, or None outside one (one git call)."""
    done = plain(start, "rev-parse", "--show-toplevel", "--absolute-git-dir", env=env, check=False)
    lines = done.stdout.decode("utf-8", "surrogateescape").splitlines()
    if done.returncode != 0 or len(lines) < 2:
        return None
    return Path(lines[0]).resolve(), Path(lines[1]).resolve()


def staged_changes_plain(root: Path, env: dict[str, str]) -> list[tuple[str, str | None, str, str, str]]:
    """Like :func:`staged_changes`, with blob ids: (path, HEAD path or None, status, HEAD blob, staged blob).

    One ``git diff --cached --raw``; the HEAD blob is "" when there is no HEAD version to compare with.
    """
    raw = plain(
        root,
        "diff",
        "--cached",
        "--raw",
        "-z",
        "-M",
        "--diff-filter=ACMR",
        "--no-ext-diff",
        "--no-abbrev",
        env=env,
    ).stdout
    fields = [p.decode("utf-8", "surrogateescape") for p in raw.split(b"\0") if p]
    changes: list[tuple[str, str | None, str, str, str]] = []
    while fields:
        _, _, old_oid, new_oid, status = fields.pop(0).lstrip(":").split(" ")
        if status[:1] in ("R", "C"):
            old, new = fields.pop(0), fields.pop(0)
            kept = status[0] == "R"
            changes.append((new, old if kept else None, status[0], old_oid if kept else "", new_oid))
        else:
            path = fields.pop(0)
            modified = status == "M"
            changes.append(
                (path, path if modified else None, status[0], old_oid if modified else "", new_oid)
            )
    return changes


def read_objects(root: Path, names: list[str]) -> list[bytes | None]:
    """Raw contents (no filter applied) of objects (blob ids, ``HEAD:path``), None when missing.

    One ``git cat-file --batch`` for all of them.
    """
    if not names:
        return []
    if any("\n" in name for name in names):
        raise ScaffoldError("a path holding a newline cannot be read from the index")
    raw = run_bytes(root, "cat-file", "--batch", stdin="".join(f"{n}\n" for n in names).encode())
    return _split_batch(raw, len(names))


def read_objects_plain(root: Path, names: list[str], env: dict[str, str]) -> list[bytes | None]:
    """Like :func:`read_objects`, through a plain subprocess."""
    if not names:
        return []
    if any("\n" in name for name in names):
        raise ScaffoldError("a path holding a newline cannot be read from the index")
    raw = plain(root, "cat-file", "--batch", env=env, stdin="".join(f"{n}\n" for n in names).encode()).stdout
    return _split_batch(raw, len(names))


def _split_batch(raw: bytes, count: int) -> list[bytes | None]:
    found: list[bytes | None] = []
    offset = 0
    for _ in range(count):
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


def index_entries_plain(root: Path, prefixes: list[str], env: dict[str, str]) -> list[tuple[str, str]]:
    """(path, blob id) of the index entries (the hook's index) under ``prefixes`` (paths or folders)."""
    if not prefixes:
        return []
    raw = plain(root, "--literal-pathspecs", "ls-files", "-s", "-z", "--", *prefixes, env=env).stdout
    entries = []
    for item in (p.decode("utf-8", "surrogateescape") for p in raw.split(b"\0") if p):
        meta, _, path = item.partition("\t")
        entries.append((path, meta.split(" ")[1]))
    return entries
