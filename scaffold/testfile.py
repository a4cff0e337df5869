"""Making sure the connector's router test file is where it belongs and registered once."""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import tomlkit
from tomlkit.exceptions import TOMLKitError

from scaffold.checkout import Checkout
from scaffold.errors import StepFailedError

_MOD_LINE = re.compile(r"^mod (\w+);\s*$")


@dataclass(frozen=True)
class TestFileResult:
    """What the step found and did."""

    path: Path
    moved_from: Path | None
    registered: bool  # True when this step added the `mod` line
    duplicates_removed: int


def finish_connector_files(checkout: Checkout, name: str) -> list[str]:
    """Move ``<name>/mod.rs`` to ``<name>.rs`` if the script stopped before doing it."""
    folder = checkout.path(checkout.layout.connectors_dir / name)
    main = folder.with_suffix(".rs")
    done: list[str] = []
    if not main.exists() and (folder / "mod.rs").exists():
        shutil.move(folder / "mod.rs", main)
        done.append(f"moved {checkout.rel(folder / 'mod.rs')} to {checkout.rel(main)}")
    if not main.exists():
        raise StepFailedError(
            "test-file",
            f"the script created no {checkout.rel(main)}",
            "check the script's output: the template was not generated",
        )
    return done


def place_test_file(checkout: Checkout, name: str) -> tuple[Path, Path | None]:
    """The test file at its home, moved there from the connector folder if needed."""
    target = checkout.test_file(name)
    stray = checkout.path(checkout.layout.connectors_dir / name / "test.rs")
    if stray.exists():
        if target.exists():
            raise StepFailedError(
                "test-file",
                f"both {checkout.rel(stray)} and {checkout.rel(target)} exist",
                "keep one of them and re-run",
            )
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(stray, target)
        return target, stray
    if not target.exists():
        raise StepFailedError(
            "test-file",
            f"no test file at {checkout.rel(target)} nor {checkout.rel(stray)}",
            "check connector-template/test.rs exists",
        )
    return target, None


def register_module(main_rs: Path, name: str) -> tuple[bool, int]:
    """Ensure exactly one ``mod <name>;`` in ``main.rs``; returns (added, duplicates removed)."""
    lines = main_rs.read_text(encoding="utf-8").splitlines(keepends=True)
    hits = [i for i, line in enumerate(lines) if (m := _MOD_LINE.match(line)) and m[1] == name]
    if len(hits) > 1:
        for i in reversed(hits[1:]):
            del lines[i]
        main_rs.write_text("".join(lines), encoding="utf-8")
        return False, len(hits) - 1
    if hits:
        return False, 0
    lines.insert(_insertion_index(lines, name), f"mod {name};\n")
    main_rs.write_text("".join(lines), encoding="utf-8")
    return True, 0


def _insertion_index(lines: list[str], name: str) -> int:
    """Alphabetical place among the ``mod x;`` lines (after the last one if none sorts later)."""
    mods = [(i, m[1]) for i, line in enumerate(lines) if (m := _MOD_LINE.match(line))]
    for i, existing in mods:
        if existing > name:
            return i
    return mods[-1][0] + 1 if mods else len(lines)


def written_paths(checkout: Checkout, name: str) -> list[str]:
    """Every path :func:`finish_connector_files` and :func:`ensure_test_file` may have written,
    moved or removed (relative): what a listing of the run's changes reads again after them."""
    folder = checkout.layout.connectors_dir / name
    paths = [folder / "mod.rs", folder.with_suffix(".rs"), folder / "test.rs"]
    paths += [checkout.test_file(name), checkout.layout.router_tests_dir / "main.rs"]
    return [checkout.rel(checkout.path(p)) for p in paths]


def sample_auth_path(checkout: Checkout) -> str:
    """The router tests' ``sample_auth.toml`` (relative), whether or not it exists."""
    return checkout.rel(checkout.path(checkout.layout.router_tests_dir / "sample_auth.toml"))


def ensure_sample_auth(checkout: Checkout, name: str) -> tuple[bool, str | None]:
    """Add ``[<name>]`` to the router tests' ``sample_auth.toml`` if the script missed it.

    The script appends it through a wrong relative path in recent Hyperswitch versions; the
    template's test reads the connector's key from this file. tomlkit keeps every existing
    byte as it was. A file that was already invalid TOML (some releases declare a section twice)
    gets the section appended as text, with a warning. Returns (added, warning).
    """
    path = checkout.path(sample_auth_path(checkout))
    if not path.is_file():
        return False, None
    text = path.read_text(encoding="utf-8")
    try:
        document = tomlkit.parse(text)
    except TOMLKitError as exc:
        if re.search(rf"(?m)^\s*\[\s*{re.escape(name)}\s*\]", text):
            return False, None
        path.write_text(text.rstrip("\n") + f'\n\n[{name}]\napi_key = "API Key"\n', encoding="utf-8")
        warning = f"{checkout.rel(path)} was already invalid TOML ({exc}); [{name}] was appended as text"
        return True, warning
    if name in document:
        return False, None
    section = tomlkit.table()
    section.add("api_key", "API Key")
    document.add(tomlkit.nl())
    document.add(name, section)
    path.write_text(tomlkit.dumps(document), encoding="utf-8")
    return True, None


def ensure_test_file(checkout: Checkout, name: str) -> TestFileResult:
    """Move the test file home if the script left it, and register it exactly once. Idempotent."""
    path, moved_from = place_test_file(checkout, name)
    main_rs = checkout.path(checkout.layout.router_tests_dir / "main.rs")
    if not main_rs.exists():
        raise StepFailedError(
            "test-file",
            f"{checkout.rel(main_rs)} does not exist",
            "the router tests folder needs its main.rs",
        )
    added, removed = register_module(main_rs, name)
    return TestFileResult(path, moved_from, added, removed)
