"""``cargo build`` at the repository root: progress, JSON diagnostics, errors pointed at stubs."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from scaffold import proc
from scaffold.errors import ScaffoldError, UsageError

RECORD = "hs-scaffold/last-build.json"  # under the worktree's git dir

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
    label: str | None = None  # the primary span's label: "expected `u8`, found `&str`"
    notes: tuple[str, ...] = ()  # rustc's notes ("expected signature ... found signature ...")
    help: tuple[str, ...] = ()  # rustc's help lines, with the suggested code when it gives one

    def headline(self) -> str:
        """``error[E0308]: mismatched types: expected `u8`, found `&str```."""
        code = f"[{self.code}]" if self.code else ""
        label = f": {self.label}" if self.label and self.label not in self.message else ""
        return f"error{code}: {self.message}{label}"


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

    def by_stub(self) -> dict[str, dict[str | None, list[Diagnostic]]]:
        """Errors grouped by file, then by the stub (or item) they fall in, in first-seen order."""
        grouped: dict[str, dict[str | None, list[Diagnostic]]] = {}
        for error in self.errors:
            grouped.setdefault(error.file, {}).setdefault(error.stub_id, []).append(error)
        return grouped


def result_json(result: BuildResult | None) -> dict[str, object] | None:
    """A build result as JSON (None when the build was skipped)."""
    if result is None:
        return None
    return {
        "status": "ok" if result.ok else "failed",
        "seconds": round(result.seconds, 3),
        "units_compiled": result.units_compiled,
        "warnings": result.warnings,
        "command": ["cargo", *result.command],
        "reason": result.reason() or None,
        "errors": [vars(e) for e in result.errors],
    }


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
    notes, helps = _children(message)
    code_text = str(code_text) if code_text else None
    if span is None:
        return Diagnostic("", 0, 0, text, code_text, None, None, notes, helps)
    file = _relative(str(span["file_name"]), root)
    line, column = int(str(span["line_start"])), int(str(span["column_start"]))
    stub = locate(file, line) if locate else None
    label = span.get("label")
    return Diagnostic(file, line, column, text, code_text, stub, str(label) if label else None, notes, helps)


def _children(message: dict[str, object]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """rustc's notes and help lines; a help line gets its suggested code when rustc gives one."""
    notes: list[str] = []
    helps: list[str] = []
    children = message.get("children") or []
    for child in children if isinstance(children, list) else []:
        if not isinstance(child, dict):
            continue
        text = str(child.get("message", "")).strip()
        spans = child.get("spans") or []
        suggested = [
            str(s["suggested_replacement"]).strip()
            for s in (spans if isinstance(spans, list) else [])
            if isinstance(s, dict) and s.get("suggested_replacement")
        ]
        if suggested and len(suggested[0]) <= 80 and "\n" not in suggested[0]:
            text += f": `{suggested[0]}`"
        if child.get("level") == "note" and text:
            notes.append(text)
        elif child.get("level") == "help" and text:
            helps.append(text)
    return tuple(notes), tuple(helps)


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
    if done.returncode != 0 and not reader.units and not reader.errors and _usage_error(done.stderr):
        raise UsageError(f"cargo rejected the arguments: {_first_error(done.stderr)}", _ARGS_FIX)
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


_ARGS_FIX = "check the --cargo-arg values (`cargo build --help` lists cargo's options)"


def _usage_error(stderr: str) -> bool:
    """Whether cargo stopped on its command line (clap's usage error), not on the workspace."""
    return "For more information, try '--help'" in stderr or "\nUsage: cargo " in f"\n{stderr}"


def _first_error(stderr: str) -> str:
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    return next((line.removeprefix("error: ") for line in lines if line.startswith("error")), lines[0])


def check_args(root: Path, extra_args: Iterable[str]) -> None:
    """Refuse (exit 2) extra cargo build arguments cargo would reject, before anything runs."""
    args = list(extra_args)
    if not args:
        return
    cargo = build_command()[0]
    done = proc.run([cargo, "build", *args, "--help"], root, check=False, timeout=60)
    if done.returncode != 0:
        raise UsageError(
            f"cargo rejected --cargo-arg {' '.join(args)}: {_first_error(done.stderr)}", _ARGS_FIX
        )


def save_record(root: Path, result: BuildResult) -> Path | None:
    """Keep the outcome under the git dir, for ``status`` (the build is the workspace's: one record)."""
    from scaffold import git

    try:
        path = git.git_dir(root) / RECORD
        path.parent.mkdir(parents=True, exist_ok=True)
        record = {
            "recorded": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "ok": result.ok,
            "seconds": round(result.seconds, 3),
            "units": result.units_compiled,
            "warnings": result.warnings,
            "command": ["cargo", *result.command],
            "reason": result.reason() or None,
            "errors": [
                {"file": e.file, "line": e.line, "message": e.message, "stub_id": e.stub_id}
                for e in result.errors
            ],
        }
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
        temporary.replace(path)
    except (ScaffoldError, OSError):
        return None  # status then says no build was recorded
    return path


def load_record(git_dir: Path) -> dict[str, object] | None:
    """The last recorded build of this worktree, or None."""
    try:
        data = json.loads((git_dir / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None
