"""Settings: a checkout's ``hs-scaffold.toml`` (or ``[tool.hs-scaffold]`` in its ``pyproject.toml``)
over the user's file over the defaults of the schema in ``scaffold/data/settings.toml``.

Light on purpose (``tomllib`` only): the pre-commit hook loads settings before every commit.
An unknown key or a wrong type is a :class:`~scaffold.errors.UsageError` naming the file.
"""

from __future__ import annotations

import difflib
import os
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from scaffold.errors import UsageError

SCHEMA_FILE = Path(__file__).resolve().parent / "data" / "settings.toml"
PROJECT_FILE = "hs-scaffold.toml"
PYPROJECT = "pyproject.toml"
USER_FILE = "config.toml"
DEFAULT = "default"


@dataclass(frozen=True)
class Key:
    """One setting of the schema."""

    name: str
    type: str  # bool | string | list
    default: Any
    choices: tuple[str, ...] = ()
    help: str = ""


@cache
def schema() -> dict[str, Key]:
    """Every known setting, by dotted name, in the schema's order."""
    with SCHEMA_FILE.open("rb") as handle:
        data = tomllib.load(handle)
    return {
        name: Key(name, spec["type"], spec["default"], tuple(spec.get("choices", ())), spec.get("help", ""))
        for name, spec in data["keys"].items()
    }


@dataclass
class Settings:
    """Merged values and, for each key, where its value came from (a file, or ``default``)."""

    values: dict[str, Any]
    sources: dict[str, str]
    files: list[str] = field(default_factory=list)  # the files read, lowest first

    def __getitem__(self, key: str) -> Any:
        return self.values[key]

    def as_json(self) -> dict[str, object]:
        """``{"settings": {key: {value, source}}, "files": [...]}``."""
        return {
            "settings": {k: {"value": v, "source": self.sources[k]} for k, v in self.values.items()},
            "files": self.files,
        }


def user_file() -> Path:
    """``$XDG_CONFIG_HOME/hs-scaffold/config.toml`` (``~/.config`` when the variable is unset)."""
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "hs-scaffold" / USER_FILE


def project_files(root: Path) -> list[tuple[Path, tuple[str, ...]]]:
    """The checkout's settings files, lowest first: (path, table path inside the file)."""
    return [(root / PYPROJECT, ("tool", "hs-scaffold")), (root / PROJECT_FILE, ())]


def load(checkout: Any = None) -> Settings:
    """The settings in force for ``checkout`` (a Checkout, a root Path, or None outside one)."""
    keys = schema()
    merged = Settings({k: v.default for k, v in keys.items()}, dict.fromkeys(keys, DEFAULT))
    root = checkout if isinstance(checkout, Path) or checkout is None else checkout.root
    layers: list[tuple[Path, tuple[str, ...]]] = [(user_file(), ())]
    if isinstance(root, Path):
        layers += project_files(root)
    for path, table in layers:
        found = _read(path, table)
        if found is None:
            continue
        merged.files.append(str(path))
        for key, value in _flatten(found, path).items():
            merged.values[key] = _checked(key, value, path)
            merged.sources[key] = str(path)
    return merged


def _read(path: Path, table: tuple[str, ...]) -> dict[str, Any] | None:
    """The settings table of one file, or None when the file (or its table) is absent."""
    try:
        with path.open("rb") as handle:
            data: Any = tomllib.load(handle)
    except FileNotFoundError:
        return None
    except OSError as exc:
        problem = f"cannot read the settings file {path}: {exc.strerror}"
        raise UsageError(problem, "check its permissions") from exc
    except tomllib.TOMLDecodeError as exc:
        problem = f"{path} is not valid TOML ({exc})"
        raise UsageError(problem, "fix the file; `hs-scaffold config` checks it") from exc
    for part in table:
        data = data.get(part) if isinstance(data, dict) else None
        if data is None:
            return None
    if not isinstance(data, dict):
        raise UsageError(f"{path}: [{'.'.join(table)}] must be a table", "write it as a TOML table")
    return data


def _flatten(table: dict[str, Any], path: Path, prefix: str = "") -> dict[str, Any]:
    """``{"hook": {"kinds": {"todo": "warn"}}}`` -> ``{"hook.kinds.todo": "warn"}``; unknown keys refused."""
    keys = schema()
    flat: dict[str, Any] = {}
    for name, value in table.items():
        dotted = f"{prefix}{name}"
        if dotted in keys:
            flat[dotted] = value
        elif isinstance(value, dict) and any(k.startswith(dotted + ".") for k in keys):
            flat.update(_flatten(value, path, dotted + "."))
        else:
            raise UsageError(f"{path}: unknown setting `{dotted}`", _known_hint(dotted))
    return flat


def _known_hint(dotted: str) -> str:
    close = difflib.get_close_matches(dotted, list(schema()), n=1)
    if close:
        return f"did you mean `{close[0]}`? (`hs-scaffold config` lists every setting)"
    return "`hs-scaffold config` lists every setting"


def _checked(key: str, value: Any, path: Path) -> Any:
    """``value`` when it fits the schema of ``key``; else a one-line UsageError."""
    spec = schema()[key]
    where = f"{path}: `{key}`"
    if spec.type == "bool" and not isinstance(value, bool):
        leaf = key.rsplit(".", 1)[-1]
        raise UsageError(f"{where} must be true or false, not {value!r}", f"write {leaf} = true")
    if spec.type == "string" and not isinstance(value, str):
        raise UsageError(f"{where} must be a string, not {value!r}", _choices_hint(spec))
    if spec.type == "list" and not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
        raise UsageError(f"{where} must be a list of strings, not {value!r}", 'e.g. ["*.orig"]')
    items = value if isinstance(value, list) else [value]
    bad = [v for v in items if spec.choices and v not in spec.choices]
    if bad:
        raise UsageError(f"{where} cannot be {bad[0]!r}", _choices_hint(spec))
    return value


def _choices_hint(spec: Key) -> str:
    return f"use one of {', '.join(repr(c) for c in spec.choices)}" if spec.choices else "use a string"


def render(value: Any) -> str:
    """A value as TOML writes it (``true``, ``"pass"``, ``["*-e"]``)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(render(v) for v in value) + "]"
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'
