"""Formatting the files a run wrote, standing in for the script's ``cargo +nightly fmt --all``."""

from __future__ import annotations

import os
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from scaffold import proc


@dataclass(frozen=True)
class FormatResult:
    """Which rustfmt ran on which files, and any warning for the user."""

    toolchain: str | None  # "nightly", "stable", or None when rustfmt is missing
    files: tuple[str, ...]
    warning: str | None
    problem: str | None = None  # rustfmt failed on a file (the code does not parse): its first error

    @property
    def error(self) -> str | None:
        """The failure as one line, ``rustfmt failed: ...``."""
        return f"rustfmt failed: {self.problem}" if self.problem else None


def nightly_rustfmt() -> Path | None:
    """The nightly toolchain's rustfmt binary, found on disk (no rustup process started)."""
    home = Path(os.environ.get("RUSTUP_HOME") or Path.home() / ".rustup")
    found = sorted(home.glob("toolchains/nightly-*/bin/rustfmt"))
    return found[-1] if found else None


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


def format_files(
    root: Path, created: list[Path], edited: list[Path], meanwhile: Callable[[], object] | None = None
) -> FormatResult:
    """rustfmt on what a run wrote, as the script's ``cargo +nightly fmt --all`` would.

    Nightly rustfmt (the repository's config needs it) formats the created and the edited files,
    with ``skip_children`` so it does not follow ``mod x;`` into every other connector. Stable
    rustfmt cannot skip children, so it formats only the created files, with a warning.
    ``meanwhile`` is called while rustfmt runs (work that reads no Rust file), or without it.
    """
    nightly = nightly_rustfmt()
    targets = created + edited if nightly else created
    rust_files = sorted(f for f in targets if f.suffix == ".rs" and f.exists())
    rel = tuple(f.relative_to(root).as_posix() for f in rust_files)
    stable = proc.which("rustfmt")
    if not rust_files or (nightly is None and stable is None):
        if meanwhile is not None:
            meanwhile()
        warning = "rustfmt not found: the new files are left unformatted" if rust_files else None
        return FormatResult(None, rel, warning)
    edition = resolve_edition(rust_files[0], root)
    command = [str(nightly), "--config", "skip_children=true"] if nightly else [str(stable)]
    started = proc.start([*command, "--edition", edition, *map(str, rust_files)], root)
    try:
        if meanwhile is not None:
            meanwhile()
    finally:
        done = started.wait()
    warning = None if nightly else "no nightly rustfmt: formatted only the new files, with stable rustfmt"
    problem = (_first_error(done.stderr) or done.describe()) if done.returncode else None
    return FormatResult("nightly" if nightly else "stable", rel, warning, problem)


def _first_error(stderr: str) -> str:
    """rustfmt's first ``error:`` line and the ``-->`` location below it."""
    lines = [ln.strip() for ln in stderr.splitlines()]
    for index, line in enumerate(lines):
        if line.startswith("error"):
            where = next((ln for ln in lines[index + 1 : index + 4] if ln.startswith("-->")), "")
            return f"{line} {where}".strip()
    return ""
