"""Snapshot of what users read first: `--help` of the tool and of every command.

Refresh with `HS_UPDATE_SNAPSHOTS=1 pytest tests/test_help_snapshot.py` after a deliberate change.
"""

from __future__ import annotations

import os
from pathlib import Path

from click.testing import CliRunner

from scaffold.cli import main

SNAPSHOT = Path(__file__).parent / "snapshots" / "help.txt"
COMMANDS = [
    [],
    ["new"],
    ["demo"],
    ["stubs"],
    ["spec"],
    ["build"],
    ["undo"],
    ["recover"],
    ["fill"],
    ["audit"],
    ["status"],
    ["test"],
    ["config"],
    ["doctor"],
    ["hook"],
    ["hook", "install"],
    ["hook", "run"],
    ["hook", "uninstall"],
]


def _all_help() -> str:
    runner = CliRunner()
    parts = []
    for command in COMMANDS:
        result = runner.invoke(main, [*command, "--help"], prog_name="hs-scaffold", terminal_width=100)
        assert result.exit_code == 0, result.output
        parts.append(f"$ hs-scaffold {' '.join([*command, '--help'])}\n{result.output}")
    return "\n".join(parts)


def test_help_matches_the_snapshot() -> None:
    text = _all_help()
    if os.environ.get("HS_UPDATE_SNAPSHOTS"):
        SNAPSHOT.write_text(text, encoding="utf-8")
    assert text == SNAPSHOT.read_text(encoding="utf-8"), "help changed: refresh with HS_UPDATE_SNAPSHOTS=1"
