"""JSON caches of what hs-scaffold reads from a checkout's connectors (keyed by file content).

One file per kind and version, ``cache-<kind>-v<N>.json`` in the repository's common git dir, so
every worktree of the repository (and a dry run's copy, which is given them) shares them. Reading
and writing are best effort: a missing, unreadable or unwritable cache only costs time.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
from pathlib import Path
from typing import Any

from scaffold import git
from scaffold.checkout import Checkout
from scaffold.errors import ScaffoldError

PATTERN = "cache-*.json"
FOLDERS = ("templates",)  # caches that are folders of files (compiled Jinja templates)


def _folder(checkout: Checkout) -> Path | None:
    try:
        return git.common_dir(checkout.root) / "hs-scaffold"
    except ScaffoldError:
        return None


def cache_path(checkout: Checkout, kind: str, version: int) -> Path | None:
    """Where the cache of ``kind`` lives (None outside a git repository)."""
    folder = _folder(checkout)
    return folder / f"cache-{kind}-v{version}.json" if folder is not None else None


def cache_folder(checkout: Checkout, kind: str) -> Path | None:
    """A folder for a cache of many files (one of ``FOLDERS``), made if need be; None when there
    is no git repository or it cannot be made."""
    folder = _folder(checkout)
    if folder is None:
        return None
    try:
        (folder / kind).mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return folder / kind


def read_cache(path: Path | None) -> dict[str, Any]:
    """The cached records, or {} when there are none or they are unreadable."""
    if path is None or not path.is_file():
        return {}
    with contextlib.suppress(OSError, ValueError):
        data = json.loads(path.read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    return {}


def write_cache(path: Path | None, records: dict[str, Any]) -> None:
    """Replace the cache whole (a temporary file renamed); other versions of the kind go."""
    if path is None:
        return
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(records, separators=(",", ":")), encoding="utf-8")
        tmp.replace(path)
        stem = path.name.rsplit("-v", 1)[0]
        for old in path.parent.glob(f"{stem}-v*.json"):
            if old != path:
                old.unlink()


def share_caches(source: Checkout, target: Checkout) -> None:
    """Copy ``source``'s caches to ``target`` (a private copy of it)."""
    mine, theirs = _folder(source), _folder(target)
    if mine is None or theirs is None or not mine.is_dir():
        return
    with contextlib.suppress(OSError):
        theirs.mkdir(parents=True, exist_ok=True)
        for path in mine.glob(PATTERN):
            shutil.copyfile(path, theirs / path.name)
        for kind in FOLDERS:
            if (mine / kind).is_dir():
                shutil.copytree(mine / kind, theirs / kind, dirs_exist_ok=True)
