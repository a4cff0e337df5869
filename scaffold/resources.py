"""Files shipped with hs-scaffold: Jinja2 templates and data files."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Any

PACKAGE_DIR = Path(__file__).resolve().parent


def template_dir() -> Path:
    """The Jinja2 templates: ``scaffold/templates`` in a wheel, else the source tree's ``templates``."""
    for candidate in (PACKAGE_DIR / "templates", PACKAGE_DIR.parent / "templates"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"no templates folder beside {PACKAGE_DIR}")


@cache
def data_toml(name: str) -> dict[str, Any]:
    """A TOML file from ``scaffold/data``, parsed."""
    with (PACKAGE_DIR / "data" / name).open("rb") as handle:
        return tomllib.load(handle)
