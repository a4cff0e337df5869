"""Finding the Hyperswitch checkout and reading its layout from the files present."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from scaffold import git, shell_script
from scaffold.errors import NotACheckoutError

CONNECTORS_2026 = Path("crates/hyperswitch_connectors/src/connectors")
CONNECTORS_LEGACY = Path("crates/router/src/connector")
TEMPLATE_DIR = Path("connector-template")
SCRIPT = Path("scripts/add_connector.sh")
ROUTER_TESTS = Path("crates/router/tests/connectors")
SPEC_DIR = Path("grace/connector_integration")  # where hs-scaffold writes each connector's spec


@dataclass(frozen=True)
class Layout:
    """Where a checkout keeps its connectors (relative paths)."""

    name: str  # "2026" (hyperswitch_connectors crate) or "legacy" (router crate)
    connectors_dir: Path
    template_dir: Path
    script: Path
    router_tests_dir: Path

    @property
    def connectors_module(self) -> Path:
        """The file declaring ``pub mod <name>;`` for every connector."""
        return self.connectors_dir.with_suffix(".rs")


@dataclass(frozen=True)
class Reference:
    """The tree a sparse copy was made from, for the files the copy left out (read only).

    Outside the copy's cone that tree holds what HEAD does (its changed and untracked paths are
    all in the cone), so a reader finds there what a full copy would hold; the run's own new files
    at such paths are in the copy and win.
    """

    root: Path
    covers: Callable[[str], bool]  # whether the copy checked out a relative path
    _listed: dict[tuple[str, str], list[Path]] = field(default_factory=dict, compare=False, repr=False)
    _names: dict[str, frozenset[str]] = field(default_factory=dict, compare=False, repr=False)

    def files_below(self, folder: Path | str, pattern: str) -> list[Path]:
        """The tree's files matching ``pattern`` below ``folder`` (listed once: it does not change)."""
        key = (Path(folder).as_posix(), pattern)
        if key not in self._listed:
            self._listed[key] = _walk(self.root / folder, pattern)
        return self._listed[key]

    def left_out_names(self, folder: Path) -> set[str]:
        """Connector names in ``folder`` whose files the copy left out (a name whose place it
        covers is the copy's to show or not)."""
        rel = folder.as_posix()
        if rel not in self._names:
            there = self.root / folder
            names = {n for n in _names_at(there, dirs=False) if not self.covers(f"{rel}/{n}.rs")}
            names |= {n for n in _names_at(there, files=False) if not self.covers(f"{rel}/{n}/{n}.rs")}
            self._names[rel] = frozenset(names)
        return set(self._names[rel])


@dataclass(frozen=True)
class Checkout:
    """A Hyperswitch work tree: its root and its layout (and, for a dry run's sparse copy, the
    tree it reads left-out files from: every write goes through :meth:`path`, to the root)."""

    root: Path
    layout: Layout
    reference: Reference | None = None

    def path(self, relative: Path | str) -> Path:
        """Absolute path of a file given relative to the root."""
        return self.root / relative

    def source(self, relative: Path | str) -> Path:
        """Where to read ``relative`` from: the root, or the reference tree for a path the sparse
        copy left out (never to be written)."""
        here = self.path(relative)
        ref = self.reference
        if ref is None or ref.covers(Path(relative).as_posix()) or os.path.lexists(here):
            return here
        return ref.root / relative

    def source_files(self, folder: Path | str, pattern: str = "*.rs") -> list[Path]:
        """The files matching ``pattern`` anywhere below ``folder``, as :meth:`source` finds them,
        in the order of their relative paths."""
        return list(self.sources_by_rel(folder, pattern).values())

    def sources_by_rel(self, folder: Path | str, pattern: str = "*.rs") -> dict[str, Path]:
        """:meth:`source_files` keyed by relative path."""
        found = {p.relative_to(self.root).as_posix(): p for p in _walk(self.path(folder), pattern)}
        ref = self.reference
        if ref is not None:
            for path in ref.files_below(folder, pattern):
                rel = path.relative_to(ref.root).as_posix()
                if rel not in found and not ref.covers(rel):
                    found[rel] = path
        return {rel: found[rel] for rel in sorted(found)}

    def rel(self, path: Path) -> str:
        """``path`` (under the root or the reference tree) relative to the root, POSIX style."""
        resolved = path.resolve()
        if self.reference is not None and not resolved.is_relative_to(self.root):
            return resolved.relative_to(self.reference.root).as_posix()
        return resolved.relative_to(self.root).as_posix()

    def connector_files(self, name: str) -> list[Path]:
        """The connector's main file and every file in its folder that exist."""
        main = self.source(self.layout.connectors_dir / f"{name}.rs")
        extra = self.source_files(self.layout.connectors_dir / name)
        return [p for p in [main, *extra] if p.is_file()]

    def test_file(self, name: str) -> Path:
        """Where the connector's router test must live."""
        return self.path(self.layout.router_tests_dir / f"{name}.rs")

    def connector_names(self) -> list[str]:
        """Names of the connectors present (a ``<name>.rs`` file or a ``<name>/`` folder)."""
        return sorted(self._names_in(self.layout.connectors_dir))

    def all_connector_names(self) -> list[str]:
        """Connectors in either layout's folder: in mid-2024 and early 2025 connectors lived in both
        (moving from the router crate to the connectors crate one by one)."""
        names = set(self.connector_names())
        for _, folder in _LAYOUTS:
            if folder != self.layout.connectors_dir:
                names |= self._names_in(folder)
        return sorted(names)

    def _names_in(self, folder: Path) -> set[str]:
        names = _names_at(self.path(folder))
        return names | self.reference.left_out_names(folder) if self.reference is not None else names

    def commit(self) -> str | None:
        """HEAD's hash, or None before the first commit."""
        return git.head_oid(self.root)


_LAYOUTS = (("2026", CONNECTORS_2026), ("legacy", CONNECTORS_LEGACY))


def _names_at(folder: Path, *, files: bool = True, dirs: bool = True) -> set[str]:
    """Connector names in ``folder``: ``<name>.rs`` files and ``<name>/`` folders."""
    if not folder.is_dir():
        return set()
    found = {p.stem for p in folder.glob("*.rs")} if files else set()
    return found | ({p.name for p in folder.iterdir() if p.is_dir()} if dirs else set())


def _walk(folder: Path, pattern: str) -> list[Path]:
    return list(folder.rglob(pattern)) if folder.is_dir() else []


def script_connectors_dir(root: Path) -> Path | None:
    """Where the checkout's ``add_connector.sh`` renders connectors, read from the script itself."""
    script = root / SCRIPT
    try:
        text = script.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    found = shell_script.generation_dir(text, SCRIPT.as_posix())
    if found is None or found == ".":
        found = shell_script.variables_after(text, SCRIPT.as_posix(), "<name>").get("conn")
    return Path(found) if found and "$" not in found else None


def detect_layout(root: Path) -> Layout | None:
    """The layout of the checkout at ``root``, or None if it is not Hyperswitch.

    Where the script writes connectors decides (in mid-2024 the new connectors crate already
    existed while the script still wrote into the router crate); the folders present decide only
    when the script does not say.
    """
    if not (root / "Cargo.toml").is_file():
        return None
    present = [
        (name, folder)
        for name, folder in _LAYOUTS
        if (root / folder).is_dir() and (root / folder.with_suffix(".rs")).is_file()
    ]
    written = script_connectors_dir(root)
    chosen = next(((n, f) for n, f in present if f == written), present[0] if present else None)
    if chosen is None:
        return None
    return Layout(chosen[0], chosen[1], TEMPLATE_DIR, SCRIPT, ROUTER_TESTS)


def find_checkout(start: Path) -> Checkout:
    """The Hyperswitch checkout containing ``start``; a clear error when there is none."""
    if not start.exists():
        raise NotACheckoutError(f"{start} does not exist", "pass --repo PATH to a Hyperswitch checkout")
    root = git.toplevel(start)
    layout = detect_layout(root)
    if layout is None:
        raise NotACheckoutError(
            f"{root} is not a Hyperswitch checkout: found neither {CONNECTORS_2026}/ "
            f"nor {CONNECTORS_LEGACY}/ (with their .rs module file) beside a Cargo.toml",
            "run inside a Hyperswitch checkout, pass --repo PATH, or try `hs-scaffold demo`",
        )
    return Checkout(root, layout)


def require_scaffolding_files(checkout: Checkout) -> None:
    """Fail unless the checkout has the script and template that `new` drives."""
    for needed in (checkout.layout.script, checkout.layout.template_dir):
        if not checkout.path(needed).exists():
            raise NotACheckoutError(
                f"{checkout.root} has no {needed}",
                "use a Hyperswitch checkout that ships scripts/add_connector.sh and connector-template/",
            )
