"""Human output on stderr: steps, warnings, build progress and summaries."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import TextIO

import click


@dataclass
class StepResult:
    """How one named step of a run ended."""

    name: str
    status: str  # ok | failed | skipped | rolled-back
    seconds: float
    detail: str = ""

    def as_json(self) -> dict[str, object]:
        """The step as it appears in ``--json`` output."""
        return {
            "name": self.name,
            "status": self.status,
            "seconds": round(self.seconds, 3),
            "detail": self.detail,
        }


def plural(count: int, word: str) -> str:
    """``1 stub``, ``2 stubs``."""
    return f"{count} {word}{'' if count == 1 else 's'}"


_MARKS = {"ok": "✓", "failed": "✗", "skipped": "-", "rolled-back": "↺"}


class Reporter:
    """Writes what a person reads; never touches stdout, which is kept for data."""

    def __init__(self, *, verbose: bool = False, quiet: bool = False, stream: TextIO | None = None) -> None:
        self.verbose = verbose
        self.quiet = quiet
        self.stream = stream or sys.stderr
        self._progress_shown = False

    @property
    def interactive(self) -> bool:
        """Whether stderr is a terminal (progress lines only then)."""
        return bool(getattr(self.stream, "isatty", lambda: False)())

    def _echo(self, text: str, **style: object) -> None:
        if self._progress_shown:
            click.echo("\r\x1b[2K", file=self.stream, nl=False)
            self._progress_shown = False
        click.echo(click.style(text, **style) if style else text, file=self.stream)  # type: ignore[arg-type]

    def info(self, text: str) -> None:
        """A plain line of information."""
        if not self.quiet:
            self._echo(text)

    def detail(self, text: str) -> None:
        """A line shown only with ``--verbose`` (e.g. the script's own output)."""
        if self.verbose:
            self._echo(f"    {text}", dim=True)

    def warn(self, text: str) -> None:
        """A warning, always shown."""
        self._echo(f"warning: {text}", fg="yellow")

    def error(self, text: str) -> None:
        """The one-line error, always shown."""
        self._echo(f"error: {text}", fg="red")

    def step(self, result: StepResult) -> None:
        """One finished step: mark, name, seconds, detail."""
        if self.quiet and result.status == "ok":
            return
        mark = _MARKS.get(result.status, "?")
        colour = {"ok": "green", "failed": "red", "rolled-back": "yellow"}.get(result.status)
        line = f"{mark} {result.name:<12} {result.seconds:6.2f}s  {result.detail}".rstrip()
        self._echo(line, fg=colour) if colour else self._echo(line)

    def progress(self, units: int, current: str) -> None:
        """Build progress on one rewritten line, only when stderr is a terminal."""
        if self.interactive and not self.quiet:
            click.echo(
                f"\r\x1b[2K  compiling: {units} units done, last {current}", file=self.stream, nl=False
            )
            self._progress_shown = True
