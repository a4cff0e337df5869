"""The built-in sandbox: a miniature, dependency-free Hyperswitch-shaped Cargo workspace.

It is the test suite's fixture and the ``hs-scaffold demo`` playground. :func:`materialize` lays it
out as a fresh git repository with one commit, in one of two layouts:

``"2026"``
    Connectors in ``crates/hyperswitch_connectors/src/connectors/`` (the current upstream shape).
``"legacy"``
    The pre-mid-2024 shape: connectors in ``crates/router/src/connector/``, declared in
    ``crates/router/src/connector.rs``, and the default flow implementations in
    ``crates/router/src/core/payments/flows.rs``. Built from the 2026 tree by moving the connector
    modules into the router crate, dropping the ``hyperswitch_connectors`` crate and
    ``config/deployments/``, then copying the files of ``sandbox_legacy/`` over the result.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Literal

from scaffold.errors import ScaffoldError, UsageError

SANDBOX_DIR: Path = Path(__file__).parent / "sandbox"
"""The packaged 2026-layout sandbox tree."""

LEGACY_OVERLAY_DIR: Path = Path(__file__).parent / "sandbox_legacy"
"""Files copied over the transformed tree to produce the legacy layout."""

Layout = Literal["2026", "legacy"]

SCRIPT = "scripts/add_connector.sh"
COMMIT_MESSAGE = "Hyperswitch sandbox"
IDENTITY = {"user.name": "hs-scaffold sandbox", "user.email": "sandbox@hs-scaffold.invalid"}

_CONNECTORS_CRATE = "crates/hyperswitch_connectors"
_ROUTER_SRC = "crates/router/src"
# Variables that would point git at another repository than the one being created.
_GIT_LOCATION_VARS = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY", "GIT_COMMON_DIR")


def materialize(dest: Path, *, layout: Layout = "2026") -> Path:
    """Copy the sandbox to ``dest`` and commit it as a new git repository; return ``dest``.

    ``dest`` must not exist or be an empty directory. The repository gets branch ``main``, a fixed
    local identity, one commit (:data:`COMMIT_MESSAGE`), and ``scripts/add_connector.sh`` with
    mode 755 both on disk and in git.
    """
    if layout not in ("2026", "legacy"):
        raise UsageError(f"unknown sandbox layout {layout!r}", "use '2026' or 'legacy'")
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise UsageError(f"{dest} is not empty", "choose a new or empty folder for the sandbox")
    shutil.copytree(
        SANDBOX_DIR, dest, ignore=shutil.ignore_patterns("target", "__pycache__"), dirs_exist_ok=True
    )
    if layout == "legacy":
        _to_legacy(dest)
    _ensure_gitignore(dest)
    (dest / SCRIPT).chmod(0o755)
    _git(dest, "init", "--quiet", "--initial-branch=main")
    for key, value in IDENTITY.items():
        _git(dest, "config", key, value)
    _git(dest, "add", "--all")
    _git(dest, "update-index", "--chmod=+x", SCRIPT)
    _git(dest, "commit", "--quiet", "--no-verify", "--no-gpg-sign", "-m", COMMIT_MESSAGE)
    return dest


def _to_legacy(root: Path) -> None:
    """Rewrite the 2026 tree at ``root`` into the legacy layout, in place."""
    crate_src = root / _CONNECTORS_CRATE / "src"
    router_src = root / _ROUTER_SRC
    shutil.move(crate_src / "connectors", router_src / "connector")
    for helper in ("utils.rs", "constants.rs"):
        shutil.move(crate_src / helper, router_src / helper)
    flows = (crate_src / "default_implementations.rs").read_text()
    flows = flows.replace("use crate::connectors;", "use crate::connector;")
    flows = flows.replace("connectors::", "connector::")
    (router_src / "core" / "payments").mkdir(parents=True)
    (router_src / "core" / "payments" / "flows.rs").write_text(flows)
    shutil.rmtree(root / _CONNECTORS_CRATE)
    shutil.rmtree(root / "config" / "deployments")
    shutil.copytree(
        LEGACY_OVERLAY_DIR, root, ignore=shutil.ignore_patterns("__pycache__"), dirs_exist_ok=True
    )


def _ensure_gitignore(root: Path) -> None:
    """Keep ``target/`` out of git even if packaging dropped the sandbox's dotfiles."""
    gitignore = root / ".gitignore"
    if not gitignore.exists():
        gitignore.write_text("/target\n")


def _git(repo: Path, *args: str) -> None:
    """Run one git command in ``repo``; raise :class:`ScaffoldError` with git's message on failure."""
    env = {key: value for key, value in os.environ.items() if key not in _GIT_LOCATION_VARS}
    done = subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        lines = (done.stderr or done.stdout).strip().splitlines()
        detail = lines[-1] if lines else f"exit status {done.returncode}"
        raise ScaffoldError(
            f"git {args[0]} failed in the sandbox at {repo}: {detail}",
            "check that git (2.28 or newer) is installed and working",
        )
