"""``hs-scaffold stubs``: the stubs left in connectors."""

from __future__ import annotations

import click

from scaffold import stubs as stub_finder
from scaffold.checkout import Checkout
from scaffold.commands import print_json
from scaffold.errors import ExitCode
from scaffold.report import Reporter


def stubs(
    checkout: Checkout, names: tuple[str, ...], rep: Reporter, *, all_connectors: bool, as_json: bool
) -> ExitCode:
    """``hs-scaffold stubs``: the table on stderr, the stub map (or counts) as JSON on stdout."""
    output = stub_finder.stubs_command_output(checkout, names, all_connectors=all_connectors)
    if as_json:
        print_json(output.data)
    elif output.table:
        click.echo(output.table)  # the rows are the command's result: pipe them to grep
    rep.info(output.summary)
    return ExitCode(int(output.exit_code))
