"""One module per command: runs it, prints the human summary or the JSON, returns the exit code."""

from __future__ import annotations

import json

import click


def print_json(data: object) -> None:
    """One JSON document on stdout."""
    click.echo(json.dumps(data, indent=2, default=str))
