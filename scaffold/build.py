"""``cargo build`` at the repository root: progress, JSON diagnostics, errors pointed at stubs."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from scaffold import proc
from scaffold.errors import ScaffoldError

Locator = Callable[[str, int], "str | None"]


@dataclass(frozen=True)
class Diagnostic:
    """One compiler error, located in the tree."""

    file: str  # relative to the workspace root
    line: int
    column: int
    message: str
    code: str | None
    stub_id: str | None = None


@dataclass
class BuildResult:
    """The outcome of one cargo build."""

    ok: bool
    seconds: float
    units_compiled: int
    errors: list[Diagnostic] = field(default_factory=list)
    warnings: int = 0
    command: tuple[str, ...] = ()
    stderr_tail: list[str] = field(default_factory=list)  # cargo's own last words, e.g. a manifest error

    def reason(self) -> str:
        """Why a build failed: its errors, or cargo's own words when it never reached the compiler."""
        if self.ok:
            return ""
        if self.errors:
            return f"{len(self.errors)} compiler errors"
        tail = " ".join(self.stderr_tail).lower()
        if any(
            word in tail
            for word in ("network", "failed to fetch", "failed to download", "offline", "resolve")
        ):
            return "cargo could not fetch the dependencies (network or registry), not a code error"
        return "cargo stopped before the compiler ran (see its last words below)"

    def by_file(self) -> dict[str, list[Diagnostic]]:
        """Errors grouped by file, in first-seen order."""
        grouped: dict[str, list[Diagnostic]] = {}
        for error in self.errors:
            grouped.setdefault(error.file, []).append(error)
        return grouped


def build_command(extra_args: Iterable[str] = ()) -> list[str]:
    """The exact command run: plain ``cargo build`` plus JSON messages and user extras."""
    cargo = proc.which("cargo")
    if cargo is None:
        raise ScaffoldError("cargo is not on PATH", "install Rust with rustup (https://rustup.rs)")
    return [cargo, "build", "--message-format=json-diagnostic-short", *extra_args]


def _primary_span(message: dict[str, object]) -> dict[str, object] | None:
    spans = message.get("spans") or []
    assert isinstance(spans, list)
    primary = [s for s in spans if isinstance(s, dict) and s.get("is_primary")]
    return primary[0] if primary else (spans[0] if spans else None)


def parse_diagnostic(message: dict[str, object], root: Path, locate: Locator | None) -> Diagnostic | None:
    """An error diagnostic from one cargo ``compiler-message``, or None for non-errors."""
    if message.get("level") not in ("error", "error: internal compiler error"):
        return None
    span = _primary_span(message)
    code = message.get("code")
    code_text = code.get("code") if isinstance(code, dict) else None
    text = str(message.get("message", ""))
    if span is None:
        return Diagnostic("", 0, 0, text, str(code_text) if code_text else None)
    file = _relative(str(span["file_name"]), root)
    line, column = int(str(span["line_start"])), int(str(span["column_start"]))
    stub = locate(file, line) if locate else None
    return Diagnostic(file, line, column, text, str(code_text) if code_text else None, stub)


def _relative(file: str, root: Path) -> str:
    path = Path(file)
    if not path.is_absolute():
        return path.as_posix()
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def run_build(
    root: Path,
    *,
    extra_args: Iterable[str] = (),
    locate: Locator | None = None,
    on_progress: Callable[[int, str], None] | None = None,
) -> BuildResult:
    """Run cargo build in ``root``, reading its JSON messages as they come."""
    argv = build_command(extra_args)
    started = time.monotonic()
    reader = _MessageReader(root, locate, on_progress)
    done = proc.run_streaming(argv, root, reader.feed)
    tail = [line for line in done.stderr.splitlines() if line.strip()][-5:]
    return BuildResult(
        done.returncode == 0,
        time.monotonic() - started,
        reader.units,
        reader.errors,
        reader.warnings,
        tuple(argv[1:]),
        tail,
    )


@dataclass
class _MessageReader:
    """Counts artifacts and warnings and collects errors from cargo's JSON lines."""

    root: Path
    locate: Locator | None
    on_progress: Callable[[int, str], None] | None
    units: int = 0
    warnings: int = 0
    errors: list[Diagnostic] = field(default_factory=list)

    def feed(self, raw: str) -> None:
        """Take one line of cargo's stdout."""
        event = _json(raw)
        if event.get("reason") == "compiler-artifact":
            self.units += 1
            target = event.get("target")
            if self.on_progress and isinstance(target, dict):
                self.on_progress(self.units, str(target.get("name", "")))
        message = event.get("message")
        if event.get("reason") == "compiler-message" and isinstance(message, dict):
            self.warnings += message.get("level") == "warning"
            diagnostic = parse_diagnostic(message, self.root, self.locate)
            if diagnostic is not None and not diagnostic.message.startswith("aborting due to"):
                self.errors.append(diagnostic)


def _json(raw: str) -> dict[str, object]:
    try:
        value = json.loads(raw)
    except json.JSONDecodeError:
        return {}
    return value if isinstance(value, dict) else {}
