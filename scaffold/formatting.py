"""Formatting the files a run wrote, standing in for the script's ``cargo +nightly fmt --all``."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from scaffold import proc


@dataclass(frozen=True)
class FormatResult:
    """Which rustfmt ran on which files, and any warning for the user."""

    toolchain: str | None  # "nightly", "stable", or None when rustfmt is missing
    files: tuple[str, ...]
    warning: str | None


def nightly_available(root: Path) -> bool:
    """Whether ``rustfmt +nightly`` runs here."""
    if proc.which("rustup") is None:
        return False
    return proc.run(["rustup", "run", "nightly", "rustfmt", "--version"], root, check=False).returncode == 0


def resolve_edition(file: Path, root: Path) -> str:
    """The Rust edition ``file`` is compiled with, read from the nearest manifests."""
    inherited = False
    for folder in file.parents:
        manifest = folder / "Cargo.toml"
        if manifest.is_file():
            data = tomllib.loads(manifest.read_text(encoding="utf-8"))
            package = data.get("package", {})
            edition = package.get("edition")
            workspace = data.get("workspace", {}).get("package", {}).get("edition")
            if isinstance(edition, str) and not inherited:
                return edition
            if isinstance(edition, dict) or inherited:
                inherited = True
                if isinstance(workspace, str):
                    return workspace
        if folder == root:
            break
    return "2021"


def format_files(root: Path, files: list[Path]) -> FormatResult:
    """Run rustfmt on ``files``: nightly when present (the repository's config needs it), else stable."""
    rust_files = sorted(f for f in files if f.suffix == ".rs" and f.exists())
    rel = tuple(f.relative_to(root).as_posix() for f in rust_files)
    if not rust_files:
        return FormatResult(None, (), None)
    nightly = nightly_available(root)
    if not nightly and proc.which("rustfmt") is None:
        return FormatResult(None, rel, "rustfmt not found: the new files are left unformatted")
    edition = resolve_edition(rust_files[0], root)
    # skip_children keeps rustfmt from following `mod x;` into every other connector (nightly only).
    prefix = (
        ["rustup", "run", "nightly", "rustfmt", "--config", "skip_children=true"] if nightly else ["rustfmt"]
    )
    done = proc.run([*prefix, "--edition", edition, *map(str, rust_files)], root, check=False)
    warning = None if nightly else "nightly rustfmt not found: formatted the new files with stable rustfmt"
    if done.returncode != 0:
        warning = f"rustfmt could not format every file ({done.describe()})"
    return FormatResult("nightly" if nightly else "stable", rel, warning)
