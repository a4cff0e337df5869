"""Human output on stderr: steps, warnings, build progress and summaries.

No Click here: the pre-commit hook imports this module and must start fast. Colour follows
``--color auto|always|never``; with ``auto``, a non-empty ``NO_COLOR`` turns it off, a non-empty
``FORCE_COLOR`` turns it on, and otherwise it is on only when the stream is a terminal.
Without colour no escape sequence is written at all (progress lines are cleared with spaces).
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from typing import TextIO

COLOR_CHOICES = ("auto", "always", "never")
_CODES = {"red": "31", "green": "32", "yellow": "33", "dim": "2", "bold": "1"}


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


def plural(count: int, word: str, many: str | None = None) -> str:
    """``1 stub``, ``2 stubs`` (``many`` for irregular plurals)."""
    return f"{count} {word if count == 1 else (many or word + 's')}"


def use_color(stream: TextIO, choice: str = "auto") -> bool:
    """Whether to colour ``stream``: the ``--color`` choice, then NO_COLOR, FORCE_COLOR, a terminal."""
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return bool(getattr(stream, "isatty", lambda: False)())


def paint(text: str, color: bool, *styles: str) -> str:
    """``text`` wrapped in ANSI codes for ``styles`` (red, green, yellow, dim, bold) when ``color``."""
    codes = [_CODES[s] for s in styles if s in _CODES]
    return f"\x1b[{';'.join(codes)}m{text}\x1b[0m" if color and codes else text


_MARKS = {"ok": "✓", "failed": "✗", "skipped": "-", "rolled-back": "↺"}


class Reporter:
    """Writes what a person reads; never touches stdout, which is kept for data."""

    def __init__(
        self,
        *,
        verbose: bool = False,
        quiet: bool = False,
        stream: TextIO | None = None,
        color: str = "auto",
    ) -> None:
        self.verbose = verbose
        self.quiet = quiet
        self.stream = stream or sys.stderr
        self.color = use_color(self.stream, color)
        self._progress_width = 0

    @property
    def interactive(self) -> bool:
        """Whether stderr is a terminal (progress lines only then)."""
        return bool(getattr(self.stream, "isatty", lambda: False)())

    def _write(self, text: str) -> None:
        self.stream.write(text)
        self.stream.flush()

    def _clear_progress(self) -> None:
        if self._progress_width:
            blank = "\r\x1b[2K" if self.color else "\r" + " " * self._progress_width + "\r"
            self._write(blank)
            self._progress_width = 0

    def _echo(self, text: str, *styles: str) -> None:
        self._clear_progress()
        self._write(paint(text, self.color, *styles) + "\n")

    def info(self, text: str) -> None:
        """A plain line of information."""
        if not self.quiet:
            self._echo(text)

    def detail(self, text: str) -> None:
        """A line shown only with ``--verbose`` (e.g. the script's own output)."""
        if self.verbose:
            self._echo(f"    {text}", "dim")

    def warn(self, text: str) -> None:
        """A warning, always shown."""
        self._echo(f"warning: {text}", "yellow")

    def error(self, text: str) -> None:
        """The one-line error, always shown."""
        self._echo(f"error: {text}", "red")

    def always(self, text: str) -> None:
        """A line shown even with ``--quiet`` (a blocking hook's list)."""
        self._echo(text)

    def step(self, result: StepResult) -> None:
        """One finished step: mark, name, seconds, detail."""
        if self.quiet and result.status == "ok":
            return
        mark = _MARKS.get(result.status, "?")
        colour = {"ok": "green", "failed": "red", "rolled-back": "yellow"}.get(result.status)
        line = f"{mark} {result.name:<12} {result.seconds:6.2f}s  {result.detail}".rstrip()
        self._echo(line, *([colour] if colour else []))

    def progress(self, units: int, current: str) -> None:
        """Build progress on one rewritten line, only when stderr is a terminal."""
        if self.interactive and not self.quiet:
            self._clear_progress()
            text = f"  compiling: {plural(units, 'unit')} done, last {current}"
            self._write(text)
            self._progress_width = len(text)
