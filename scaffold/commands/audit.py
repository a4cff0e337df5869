"""``hs-scaffold audit``: files that mention a connector's peers but not the connector."""

from __future__ import annotations

import click

from scaffold import names, registration_audit
from scaffold.checkout import Checkout
from scaffold.commands import print_json
from scaffold.errors import ExitCode
from scaffold.report import Reporter


def audit(
    checkout: Checkout, name: str, peers: tuple[str, ...], rep: Reporter, *, as_json: bool = False
) -> ExitCode:
    """``hs-scaffold audit``: rows (or JSON) on stdout, a summary on stderr; exit 1 when files are missing."""
    names.require_connector(checkout, name, command="audit")
    result = registration_audit.audit(checkout, name, peers=list(peers) or None)
    if as_json:
        print_json(result.as_json())
    else:
        for missing in result.missing:  # the rows are the command's result: pipe them to grep
            click.echo(f"{missing.file}:{missing.line}  {missing.text}")
    rep.info(result.summary())
    return ExitCode.FAILED if result.missing else ExitCode.OK
