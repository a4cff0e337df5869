"""``hs-scaffold config``: the merged settings and where each came from."""

from __future__ import annotations

from pathlib import Path

import click

from scaffold import settings
from scaffold.checkout import Checkout, find_checkout
from scaffold.commands import print_json
from scaffold.errors import ExitCode, NotACheckoutError
from scaffold.report import Reporter


def config(repo: Path | None, rep: Reporter, *, as_json: bool = False) -> ExitCode:
    """Settings on stdout (``key = value  # source``), or JSON; outside a checkout, the user's file only."""
    checkout: Checkout | None
    try:
        checkout = find_checkout((repo or Path.cwd()).resolve())
    except NotACheckoutError:
        if repo is not None:
            raise
        checkout = None
    found = settings.load(checkout)
    if as_json:
        print_json({**found.as_json(), "checkout": str(checkout.root) if checkout else None})
        return ExitCode.OK
    rows = [(f"{key} = {settings.render(value)}", found.sources[key]) for key, value in found.values.items()]
    width = max(len(left) for left, _ in rows)
    for left, source in rows:
        click.echo(f"{left:<{width}}  # {source}")
    read = ", ".join(found.files) or "no settings file (defaults only)"
    rep.info(f"settings read from: {read}")
    _hook_hint(checkout, rep)
    return ExitCode.OK


def _hook_hint(checkout: Checkout | None, rep: Reporter) -> None:
    """The installed hook keeps the leftover patterns and hook.if_missing it was installed with."""
    if checkout is None:
        return
    from scaffold import hook

    if hook.outdated(checkout.root):
        rep.warn("the installed pre-commit hook predates these settings: run `hs-scaffold hook install`")
