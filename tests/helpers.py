"""Small helpers for tests: sandbox repositories, git state, running the CLI."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

IDENTITY = ["-c", "user.name=hs-scaffold tests", "-c", "user.email=tests@hs-scaffold.invalid"]


def make_sandbox(dest: Path, layout: str = "2026") -> Path:
    """The sandbox laid out as a committed git repository at ``dest``."""
    from scaffold.sandbox import materialize

    return materialize(dest, layout=layout)  # type: ignore[arg-type]


def git(repo: Path, *args: str) -> str:
    """Run git in ``repo`` with a fixed identity; return stdout."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    done = subprocess.run(
        ["git", *IDENTITY, *args], cwd=repo, env=env, check=True, capture_output=True, text=True
    )
    return done.stdout


def tree_state(repo: Path) -> dict[str, str]:
    """Every non-ignored file in the work tree (tracked or not) with its content hash, plus git status."""
    files = git(repo, "ls-files", "-z", "--cached", "--others", "--exclude-standard").split("\0")
    state = {
        f: hashlib.sha256((repo / f).read_bytes()).hexdigest() for f in files if f and (repo / f).is_file()
    }
    state["<git status>"] = git(repo, "status", "--porcelain")
    return state


def hs_scaffold(
    *args: str, cwd: Path, env: dict[str, str] | None = None, timeout: float = 600
) -> subprocess.CompletedProcess[str]:
    """Run the real CLI in a subprocess (``python -m scaffold``)."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "scaffold", *args],
        cwd=cwd,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def exact_state(repo: Path, *, mtimes: bool = True) -> dict[str, object]:
    """The tree as the safety promises mean it: every non-ignored file's bytes, mode (and mtime),
    every folder, the index entries (staged versions), the staged diff, git status."""
    listed = git(repo, "ls-files", "-z", "--cached", "--others", "--exclude-standard").split("\0")
    state: dict[str, object] = {}
    for rel in sorted({f for f in listed if f}):
        path = repo / rel
        if path.is_symlink() or path.is_file():
            st = path.lstat()
            data = os.fsencode(path.readlink()) if path.is_symlink() else path.read_bytes()
            state[rel] = (hashlib.sha256(data).hexdigest(), st.st_mode, st.st_mtime_ns if mtimes else 0)
    state["<folders>"] = sorted(
        p.relative_to(repo).as_posix()
        for p in repo.rglob("*")
        if p.is_dir() and not p.is_symlink() and p.relative_to(repo).parts[0] not in (".git", "target")
    )
    state["<index>"] = git(repo, "ls-files", "-s")
    state["<staged>"] = git(repo, "diff", "--cached", "--binary")
    state["<status>"] = git(repo, "status", "--porcelain", "--untracked-files=all")
    return state


def path_without(*programs: str, dest: Path) -> str:
    """A PATH holding every program of today's PATH except ``programs`` (a folder of links at ``dest``)."""
    dest.mkdir(parents=True, exist_ok=True)
    for folder in os.environ.get("PATH", "").split(os.pathsep):
        if not Path(folder).is_dir():
            continue
        for entry in Path(folder).iterdir():
            link = dest / entry.name
            if entry.name in programs or link.exists() or link.is_symlink():
                continue
            if entry.is_file() and os.access(entry, os.X_OK):
                link.symlink_to(entry.resolve())
    return str(dest)


def sparse_and_full_dry_runs(root: Path, name: str = "acmepay") -> tuple[int, int]:
    """``new --dry-run`` on the checkout at ``root`` with a sparse and with a full copy: asserts they
    report the same files and diff and leave the tree clean; returns the files each checked out."""
    import re

    from scaffold.checkout import Checkout, find_checkout
    from scaffold.dryrun import dry_run
    from scaffold.new import NewOptions, run_new
    from scaffold.report import Reporter

    checkout = find_checkout(root)
    options = NewOptions(name, f"https://api.{name}.test/", build=False, record=False)

    def run(copy: Checkout) -> object:
        return run_new(copy, options, Reporter(quiet=True))

    sparse = dry_run(checkout, run, diff=True, name=name)
    full = dry_run(checkout, run, diff=True, name=name, sparse=False)
    assert (sparse.created, sparse.modified, sparse.deleted) == (full.created, full.modified, full.deleted)
    strip = re.compile(r'"root": "[^"]*"|^index \S+', re.M)  # the spec's JSON names the copy's folder
    assert strip.sub("", sparse.diff) == strip.sub("", full.diff) and sparse.diff
    status = subprocess.run(["git", "-C", str(root), "status", "--porcelain"], capture_output=True, text=True)
    assert status.stdout == ""
    return sparse.files_checked_out, full.files_checked_out
