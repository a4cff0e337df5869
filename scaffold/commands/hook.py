"""``hs-scaffold hook``: the pre-commit hook (kept light: it runs before every commit)."""

from __future__ import annotations

from pathlib import Path

import click

from scaffold import git, hook
from scaffold.checkout import Checkout, find_checkout
from scaffold.errors import ExitCode, NotACheckoutError
from scaffold.report import Reporter


def hook_install(checkout: Checkout, rep: Reporter, *, force: bool = False) -> ExitCode:
    """``hs-scaffold hook install``: write the pre-commit hook, chaining a foreign one."""
    rep.info(hook.install(checkout.root, force=force))
    return ExitCode.OK


def hook_uninstall(checkout: Checkout, rep: Reporter) -> ExitCode:
    """``hs-scaffold hook uninstall``: remove the hook, put back the one it chained."""
    rep.info(hook.uninstall(checkout.root))
    return ExitCode.OK


def hook_run(repo: Path | None, rep: Reporter) -> ExitCode:
    """``hs-scaffold hook run``: exit 1 when the staged content adds stubs (git runs it before a commit).

    The ``GIT_*`` variables git gives the hook are taken out of the environment first, so finding
    the checkout runs git cleanly; only the reads of the staged content get them back (the index).
    """
    with git.hook_environment() as env:
        try:
            checkout = find_checkout((repo or Path.cwd()).resolve())
        except NotACheckoutError as exc:
            rep.warn(f"hs-scaffold hook: nothing checked, {exc.problem}")
            return ExitCode.OK
        verdict = hook.check_staged(checkout, env)
    if not verdict.files:
        return ExitCode.OK
    for line in verdict.lines():
        if verdict.new:
            click.echo(line, err=True)  # blocking or allowed, the list is shown even with -q
        else:
            rep.info(line)
    return ExitCode.FAILED if verdict.blocks else ExitCode.OK
