"""``new --dry-run``: the whole flow on a private sparse copy of HEAD, the user's tree untouched.

The copy is a new repository in a temporary folder (in memory, ``/dev/shm``, when there is one
with room) that borrows the checkout's objects
(``objects/info/alternates``: nothing is copied), has HEAD's commit as its detached HEAD, and
checks out only what the run writes or the script reads (a cone-mode sparse checkout,
:mod:`scaffold.sparse_cone`): every tracked path the script names (:func:`script_mentioned_paths`),
the files registration completion may edit, the template, the router tests, the docs and the spec,
and the folders of the user's own changes. The crates the spec and the checks only read
(definitions, traits, sibling connectors) stay out: the copy's :class:`~scaffold.checkout.Reference`
sends those reads to the checkout itself, whose files there are HEAD's. The user's uncommitted
tracked changes are applied and untracked files copied, all staged in the copy's index, so that
afterwards ``git diff`` there shows exactly what the run did.

The checkout's lock is held meanwhile, so a dry run never reads a tree a live run is changing.
Nothing is written to the checkout but the lock file (no worktree entry, no config) and, after
the run, the caches it warmed (:func:`cache_files.share_caches`, content-keyed).
"""

from __future__ import annotations

import contextlib
import os
import posixpath
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Generic, TypeVar

from scaffold import cache_files, git, lock, shell_script
from scaffold.checkout import SPEC_DIR, Checkout, Reference
from scaffold.errors import ScaffoldError, UsageError
from scaffold.sparse_cone import FILES_ONLY, Cone, outermost

T = TypeVar("T")
ROOT_FOLDERS = (".cargo", "config", "scripts")  # cargo aliases for the shim, the configs, the script


@dataclass
class DryRunResult(Generic[T]):
    """What the run would change, as found in the throwaway copy."""

    created: list[str]
    modified: list[str]
    deleted: list[str]
    diffstat: str
    diff: str
    value: T | None = None
    files_checked_out: int = 0  # how many tracked files the sparse copy holds

    def as_json(self) -> dict[str, object]:
        """The result as one JSON-ready dict."""
        data: dict[str, object] = {
            "dry_run": True,
            "files_created": self.created,
            "files_modified": self.modified,
            "files_deleted": self.deleted,
            "diffstat": self.diffstat,
            "files_checked_out": self.files_checked_out,
        }
        if self.diff:
            data["diff"] = self.diff
        as_json = getattr(self.value, "as_json", None)
        if callable(as_json):
            data["run"] = as_json()
        return data


def dry_run(
    checkout: Checkout,
    run: Callable[[Checkout], T],
    *,
    diff: bool,
    name: str | None = None,
    sparse: bool = True,
) -> DryRunResult[T]:
    """Call ``run`` on a private copy of ``checkout`` and report what it changed.

    ``name``: the connector (its paths in the script are followed); ``sparse=False`` checks out
    every file (what the sparse copy is tested against).
    """
    head = git.head_oid(checkout.root)
    if head is None:
        raise UsageError("the checkout has no commit yet", "commit once, then use --dry-run")
    with lock.checkout_lock(checkout):
        folder = Path(tempfile.mkdtemp(prefix="hs-scaffold-dry-run-", dir=_scratch_dir()))
        try:
            if folder.resolve().is_relative_to(checkout.root):
                raise UsageError(
                    "the temporary folder lies inside the checkout", "set TMPDIR to a folder outside it"
                )
            copy = folder / checkout.root.name
            with ThreadPoolExecutor(max_workers=5) as pool:  # git's answers, asked all at once
                asked = _Asked(
                    pool.submit(_UserChanges.of, checkout.root),
                    pool.submit(_Tree.of, checkout, head),
                    pool.submit(_registration_candidates, checkout, name) if name and sparse else None,
                )
                patch = pool.submit(_user_patch, checkout.root, asked.mine)
                made = pool.submit(_init_copy, checkout.root, copy, head)  # needs no plan
                mine = asked.mine.result()
                cone = _cone(checkout, name, asked) if sparse else None
                made.result()
            count = _check_out(copy, cone)
            _copy_user_changes(checkout.root, copy, patch.result(), mine.untracked)
            left_out = Reference(checkout.root, Cone(tuple(cone)).covers) if cone is not None else None
            copied = Checkout(copy, checkout.layout, left_out)
            cache_files.share_caches(checkout, copied)  # spares a cold start
            value = run(copied)
            cache_files.share_caches(copied, checkout)  # warmed: the next run's
            result = _collect(copy, diff=diff, value=value)
            result.files_checked_out = count
            return result
        finally:
            shutil.rmtree(folder, ignore_errors=True)


MEMORY_DIR = Path("/dev/shm")
MEMORY_NEEDED = 512 * 1024 * 1024


def _scratch_dir() -> str | None:
    """Where the copy goes: memory (``/dev/shm``) when there is room, as creating its thousand-odd
    files on disk is most of the copy's cost; else the usual temporary folder."""
    try:
        stats = os.statvfs(MEMORY_DIR)
    except OSError:
        return None
    roomy = stats.f_bavail * stats.f_frsize >= MEMORY_NEEDED
    return str(MEMORY_DIR) if roomy and os.access(MEMORY_DIR, os.W_OK | os.X_OK) else None


@dataclass(frozen=True)
class _UserChanges:
    """The checkout's untracked files and its tracked files that differ from HEAD."""

    untracked: list[str]
    dirty: list[str]

    @classmethod
    def of(cls, root: Path) -> _UserChanges:
        """One ``git status`` (a single walk of the tree, faster than ``ls-files --others`` alone)."""
        return cls(*git.split_status(git.run_z(root, *git.STATUS_Z)))


@dataclass(frozen=True)
class _Asked:
    """What the sparse copy is planned from (git's answers, coming in)."""

    mine: Future[_UserChanges]
    tree: Future[_Tree]
    candidates: Future[list[str]] | None


def _cone(checkout: Checkout, name: str | None, asked: _Asked) -> list[str]:
    """The cone of the sparse copy: only the folders (or folders' own files) the run needs."""
    tree, mine = asked.tree.result(), asked.mine.result()
    wanted = set(needed_folders(checkout, name, tree, mine.untracked, mine.dirty))
    if asked.candidates is not None:
        wanted |= tree.folders_for(asked.candidates.result())
    return sorted(outermost(wanted))


@dataclass(frozen=True)
class _Tree:
    """HEAD's files and folders."""

    files: frozenset[str]
    folders: frozenset[str]

    @classmethod
    def of(cls, checkout: Checkout, head: str) -> _Tree:
        files = frozenset(git.run_z(checkout.root, "ls-tree", "-r", "-z", "--name-only", "--full-tree", head))
        folders: set[str] = set()
        for rel in files:  # string slicing: 13,000 paths, so no PurePosixPath here
            end = rel.rfind("/")
            while end > 0 and rel[:end] not in folders:
                folders.add(rel[:end])
                end = rel.rfind("/", 0, end)
        return cls(files, frozenset(folders))

    def folders_for(self, paths: Iterable[str]) -> set[str]:
        """The cone entry each path needs: a folder, with all below it; a file (or a new one in a
        folder of HEAD), its folder's own files only (never the root's: those always come)."""
        wanted = set()
        for raw in paths:
            rel = PurePosixPath(raw).as_posix()
            parent = PurePosixPath(rel).parent.as_posix()
            if rel in self.folders:
                wanted.add(rel)
            elif (rel in self.files or parent in self.folders) and parent != ".":
                wanted.add(f"{parent}/{FILES_ONLY}")
        return wanted


def needed_folders(
    checkout: Checkout, name: str | None, tree: _Tree, untracked: list[str], dirty: list[str]
) -> list[str]:
    """The folders (cone mode: with every file of their parents) the run reads or writes, the
    registration candidates aside (:func:`_registration_candidates`); ``dirty``: the tracked files
    that differ from HEAD."""
    script = checkout.path(checkout.layout.script)
    text = script.read_text(encoding="utf-8", errors="replace") if script.is_file() else ""
    wanted = tree.folders_for(
        [
            *script_mentioned_paths(text, checkout.layout.script.as_posix(), name or "<name>"),
            *_reader_paths(checkout),
            *dirty,
            *untracked,
        ]
    )
    return sorted(outermost(wanted))


def script_mentioned_paths(text: str, script: str, name: str) -> list[str]:
    """Every word of the script resolved as a path from where its ``cd``s leave it (from the root).

    A superset: the files it edits (``sed``, ``awk``, ``>>``) as well as those it discards, and many
    words that are no path at all; the caller keeps those that name a tracked file or folder.
    """
    found: list[str] = []
    for cwd, words in shell_script.commands(text, script, name):
        for word in words:
            word = word.lstrip("<>")
            if word and "$" not in word and "*" not in word and not word.startswith("/"):
                joined = posixpath.normpath(posixpath.join(cwd, word))
                if not joined.startswith("..") and joined != ".":
                    found.append(joined)
    return list(dict.fromkeys(found))


def _reader_paths(checkout: Checkout) -> Iterable[str]:
    """What the steps after the script read or write besides the script's own paths: template,
    router tests, docs, spec, the connectors folder's own files (new ones go there). The crates
    the spec and the checks read definitions from stay out: their readers take what the copy
    leaves out from the checkout itself (:meth:`Checkout.source`)."""
    from scaffold import amounts, router_types, validate
    from scaffold.docs.locate import DOC_DIR

    layout = checkout.layout
    yield from (layout.template_dir.as_posix(), layout.router_tests_dir.as_posix(), *ROOT_FOLDERS)
    yield from (f"{layout.connectors_dir.as_posix()}/{FILES_ONLY}", layout.script.parent.as_posix())
    yield from (*amounts.CONVERTOR_FILES, *router_types.ALIAS_FILES, *map(str, validate.ENUM_FILES))
    yield from (DOC_DIR.as_posix(), SPEC_DIR.as_posix())


def _registration_candidates(checkout: Checkout, name: str) -> list[str]:
    """The files registration completion reads: those naming the neighbours (as
    ``registration_complete`` finds them: one ``git grep`` for their spellings, Rust and TOML)."""
    from scaffold.grep_cache import any_spelling
    from scaffold.neighbours import default_peers

    peers = default_peers(checkout, name)
    if not peers:
        return []
    pattern = "|".join(
        any_spelling(p) for p in peers
    )  # any of them: a superset, as the copy's own may differ
    return git.grep_files(checkout.root, pattern, suffixes=(".rs", ".toml"))


def _init_copy(root: Path, copy: Path, head: str) -> None:
    """A new repository at ``copy`` borrowing the checkout's objects, HEAD detached at ``head``."""
    objects = git.common_dir(root) / "objects"
    git.plain(copy.parent, "init", "-q", str(copy))
    (copy / ".git" / "objects" / "info" / "alternates").write_text(f"{objects}\n", encoding="utf-8")
    git.plain(copy, "update-ref", "--no-deref", "HEAD", head)
    for key, value in _copied_config(root):
        git.plain(copy, "config", key, value)


def _check_out(copy: Path, cone: list[str] | None) -> int:
    """Check out HEAD in the copy (only ``cone`` when given), settled; how many files it holds."""
    if cone is not None:
        git.plain(copy, "sparse-checkout", "set", "--cone", "--stdin", stdin="\n".join(cone).encode())
    git.plain(copy, "-c", "checkout.workers=0", "reset", "-q", "--hard", "HEAD")  # one per core
    return _settle(copy)


SETTLED_S = 2


def _settle(copy: Path) -> int:
    """Make the copy's index trustworthy by file times, as a checkout's is after a second; how many
    files the copy holds (all checked out just now: nothing else is there yet).

    Files written in the second the index is written are "racily clean" to git: each later command
    that looks at the work tree (the snapshot's ``git status``, the script's ``git checkout``) hashes
    every one of them again (about 0.3 s each on a real checkout). Their times set two seconds back,
    one refresh records them: after it, git trusts the times as it does in the user's checkout.
    Nothing but this module has touched the copy yet, so no change can hide behind the old times.
    One ``find`` touches them all: a loop of ``os.utime`` here would trade the interpreter lock
    with the thread importing the run's modules at every call (five times slower).
    """
    then = time.time() - SETTLED_S
    count = _touch_all(copy, then)
    if count is None:  # no find or touch here: file by file
        count = 0
        for path in _files_in(copy):
            count += 1
            with contextlib.suppress(OSError):  # gone already: nothing to settle
                os.utime(path, (then, then), follow_symlinks=False)
    git.plain(copy, "update-index", "-q", "--refresh", check=False)
    return count


def _touch_all(copy: Path, then: float) -> int | None:
    """``touch`` every file of the work tree (symlinks themselves) to ``then``: how many, or None
    when that could not be done."""
    stamp = time.strftime("%Y%m%d%H%M.%S", time.localtime(then))
    kinds = ["(", "-type", "f", "-o", "-type", "l", ")"]
    touch = ["-exec", "touch", "-c", "-h", "-t", stamp, "{}", "+", "-print0"]
    argv = ["find", ".", "-path", "./.git", "-prune", "-o", *kinds, *touch]
    try:
        done = subprocess.run(argv, cwd=copy, capture_output=True, check=False)
    except OSError:
        return None
    return done.stdout.count(b"\0") if done.returncode == 0 else None


def _files_in(copy: Path) -> Iterator[Path]:
    for folder, dirs, files in os.walk(copy):
        if folder == str(copy):
            dirs[:] = [d for d in dirs if d != ".git"]
        yield from (Path(folder) / name for name in files)
        yield from (link for link in (Path(folder) / d for d in dirs) if link.is_symlink())


COPIED_CONFIG = ("core.autocrlf", "core.eol", "core.filemode", "core.symlinks", "user.name", "user.email")


def _copied_config(root: Path) -> list[tuple[str, str]]:
    """Settings that change how files are checked out or diffed (line endings, file modes), and who
    commits: the checkout's values."""
    found = git.config_values(root, COPIED_CONFIG)
    return [(key, found[key]) for key in COPIED_CONFIG if key in found]


def _user_patch(root: Path, mine: Future[_UserChanges]) -> bytes:
    """The user's uncommitted tracked changes (``git diff HEAD``), binary-safe; asked only when
    ``mine`` has some."""
    if not mine.result().dirty:
        return b""
    return git.plain(root, "--no-optional-locks", "diff", "HEAD", "--binary", "--no-ext-diff").stdout


def _copy_user_changes(root: Path, copy: Path, patch: bytes, untracked: list[str]) -> None:
    """Uncommitted tracked changes (``patch``: :func:`_user_patch`) and untracked files, staged there."""
    if patch.strip():
        git.plain(copy, "apply", "--index", "--binary", "--whitespace=nowarn", stdin=patch)
    for rel in untracked:
        source, target = root / rel, copy / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_symlink():
            target.symlink_to(source.readlink())
        elif source.is_file():
            shutil.copy2(source, target)
    if untracked:
        feed = b"".join(p.encode() + b"\0" for p in untracked)
        git.plain(
            copy, "add", "--force", "--sparse", "--pathspec-from-file=-", "--pathspec-file-nul", stdin=feed
        )


def _collect(copy: Path, *, diff: bool, value: T) -> DryRunResult[T]:
    created = git.untracked_paths(copy)
    if created:
        feed = b"".join(p.encode() + b"\0" for p in created)
        git.plain(copy, "add", "-N", "--sparse", "--pathspec-from-file=-", "--pathspec-file-nul", stdin=feed)
    with ThreadPoolExecutor(max_workers=3) as pool:  # three reads of one index, side by side
        asked = pool.submit(git.run_z, copy, "diff", "--name-status", "-z", "--no-renames")
        stat = pool.submit(git.run, copy, "diff", "--stat", "--no-ext-diff")
        patch = pool.submit(git.run, copy, "diff", "--no-ext-diff") if diff else None
        status = asked.result()
    changed = dict(zip(status[1::2], status[0::2], strict=True))
    return DryRunResult(
        created=sorted(created),
        modified=sorted(p for p, s in changed.items() if s == "M" and p not in created),
        deleted=sorted(p for p, s in changed.items() if s == "D"),
        diffstat=stat.result(),
        diff=patch.result() + "\n" if patch is not None else "",
        value=value,
    )


__all__ = ["DryRunResult", "ScaffoldError", "dry_run"]
