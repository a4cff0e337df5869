"""Finding the Hyperswitch checkout and reading its layout from the files present."""

from __future__ import annotations

from dataclasses import dataclass
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
class Checkout:
    """A Hyperswitch work tree: its root and its layout."""

    root: Path
    layout: Layout

    def path(self, relative: Path | str) -> Path:
        """Absolute path of a file given relative to the root."""
        return self.root / relative

    def rel(self, path: Path) -> str:
        """``path`` relative to the root, POSIX style."""
        return path.resolve().relative_to(self.root).as_posix()

    def connector_files(self, name: str) -> list[Path]:
        """The connector's main file and every file in its folder that exist."""
        main = self.path(self.layout.connectors_dir / f"{name}.rs")
        folder = self.path(self.layout.connectors_dir / name)
        extra = sorted(folder.rglob("*.rs")) if folder.is_dir() else []
        return [p for p in [main, *extra] if p.is_file()]

    def test_file(self, name: str) -> Path:
        """Where the connector's router test must live."""
        return self.path(self.layout.router_tests_dir / f"{name}.rs")

    def connector_names(self) -> list[str]:
        """Names of the connectors present (a ``<name>.rs`` file or a ``<name>/`` folder)."""
        folder = self.path(self.layout.connectors_dir)
        names = {p.stem for p in folder.glob("*.rs")} | {p.name for p in folder.iterdir() if p.is_dir()}
        return sorted(names)

    def all_connector_names(self) -> list[str]:
        """Connectors in either layout's folder: in mid-2024 and early 2025 connectors lived in both
        (moving from the router crate to the connectors crate one by one)."""
        names = set(self.connector_names())
        for _, folder in _LAYOUTS:
            path = self.path(folder)
            if folder != self.layout.connectors_dir and path.is_dir():
                names |= {p.stem for p in path.glob("*.rs")} | {p.name for p in path.iterdir() if p.is_dir()}
        return sorted(names)

    def commit(self) -> str | None:
        """HEAD's hash, or None before the first commit."""
        return git.head_oid(self.root)


_LAYOUTS = (("2026", CONNECTORS_2026), ("legacy", CONNECTORS_LEGACY))


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
