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
