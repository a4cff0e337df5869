"""``hs-scaffold fill``: write the spec's accepted code proposals into a connector's files."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import click

from scaffold import fill as fill_mod
from scaffold.checkout import Checkout
from scaffold.commands import print_json
from scaffold.errors import ExitCode
from scaffold.report import Reporter


def fill(
    checkout: Checkout,
    name: str,
    rep: Reporter,
    *,
    only: Sequence[str] = (),
    dry_run: bool = False,
    doc_paths: Sequence[Path] = (),
    as_json: bool = False,
) -> ExitCode:
    """The report on stderr (and the diff on stdout with --dry-run), or the JSON on stdout."""
    outcome = fill_mod.fill(checkout, name, only=only, dry_run=dry_run, doc_paths=doc_paths)
    if as_json:
        print_json(outcome.as_json())
    elif dry_run and outcome.diff:
        click.echo(outcome.diff, nl=False)  # the diff is the command's result: pipe it to a file
    for line in outcome.lines():
        rep.info(line)
    for drift in outcome.drift:
        rep.warn(f"template drift: {drift}")
    return ExitCode.OK
