"""The stubs ``new`` generated, kept as an added field of the connector's manifest.

``<git-dir>/hs-scaffold/manifests/<name>.json`` gets ``"generated_stubs": [{id, kind, file, flow}]``
once the scaffold is complete. The pre-commit hook tells those from stubs added by hand, and
``status`` counts how many are done. Read with plain ``json`` (the hook imports this module).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

FIELD = "generated_stubs"
MANIFESTS = "hs-scaffold/manifests"  # as manifest.FOLDER: under the worktree's own git dir

Key = tuple[str, str]  # (place: the id without its "#n", kind)


def place(stub_id: str) -> str:
    """``authorize.get_url#2`` -> ``authorize.get_url``: a stub's place, whatever its repeat number."""
    return re.sub(r"#\d+$", "", stub_id)


def key(stub_id: str, kind: str) -> Key:
    """What two stubs must share to be the same stub: place and kind."""
    return place(stub_id), kind


def manifest_path(git_dir: Path, name: str) -> Path:
    """The manifest of connector ``name`` in this git dir."""
    return git_dir / MANIFESTS / f"{name}.json"


def recorded_names(git_dir: Path) -> list[str]:
    """Connectors with a manifest (scaffolded here by ``new``), sorted."""
    folder = git_dir / MANIFESTS
    return sorted(p.stem for p in folder.glob("*.json")) if folder.is_dir() else []


def load(git_dir: Path, name: str) -> list[dict[str, Any]] | None:
    """The generated stubs of ``name``, or None without a manifest or without the field."""
    try:
        data = json.loads(manifest_path(git_dir, name).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    found = data.get(FIELD) if isinstance(data, dict) else None
    return [s for s in found if isinstance(s, dict)] if isinstance(found, list) else None


def counts(stubs: Iterable[dict[str, Any]]) -> Counter[Key]:
    """The generated set as a multiset of (place, kind)."""
    return Counter(key(str(s.get("id", "")), str(s.get("kind", ""))) for s in stubs)


def field(stubs: Iterable[Any]) -> dict[str, list[dict[str, Any]]]:
    """The manifest's added field for the generated stubs (objects with id, kind, file, flow)."""
    return {FIELD: [{"id": s.id, "kind": s.kind, "file": s.file, "flow": s.flow} for s in stubs]}
