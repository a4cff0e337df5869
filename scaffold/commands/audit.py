"""``hs-scaffold audit``: registration lists that name a connector's peers but not the connector."""

from __future__ import annotations

import click

from scaffold import names, registration_audit, registration_fix
from scaffold.checkout import Checkout
from scaffold.commands import print_json
from scaffold.errors import ExitCode
from scaffold.report import Reporter


def audit(
    checkout: Checkout,
    name: str,
    peers: tuple[str, ...],
    rep: Reporter,
    *,
    as_json: bool = False,
    fix: bool = False,
    base_url: str | None = None,
) -> ExitCode:
    """Rows (or JSON) on stdout, a summary on stderr; exit 1 while a registration is missing."""
    names.require_connector(checkout, name, command="audit")
    if fix:
        outcome = registration_fix.fix(checkout, name, peers=list(peers) or None, base_url=base_url)
        for line in outcome.lines():
            rep.info(line)
    result = registration_audit.audit(checkout, name, peers=list(peers) or None)
    if as_json:
        print_json(result.as_json())
    else:
        for row in result.missing:  # the rows are the command's result: pipe them to grep
            click.echo(f"{row.file}:{row.line}  {row.status:<7}  {row.construct}: {row.text}")
    for warning in result.warnings:
        rep.warn(warning)
    rep.info(result.summary())
    return ExitCode.FAILED if result.blocking() else ExitCode.OK
