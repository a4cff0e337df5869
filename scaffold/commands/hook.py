"""``hs-scaffold hook``: the pre-commit hook (its check lives in :mod:`scaffold.hook`, kept light)."""

from __future__ import annotations

from pathlib import Path

from scaffold import hook
from scaffold.checkout import Checkout
from scaffold.commands import print_json
from scaffold.errors import ExitCode
from scaffold.report import Reporter


def hook_install(
    checkout: Checkout, rep: Reporter, *, force: bool = False, as_json: bool = False
) -> ExitCode:
    """``hs-scaffold hook install``: write the pre-commit hook, chaining a foreign one."""
    done = hook.install(checkout.root, force=force)
    rep.info(done)
    if as_json:
        print_json(
            {"action": "install", "result": done, "hook": str(hook.hooks_dir(checkout.root) / hook.HOOK)}
        )
    return ExitCode.OK


def hook_uninstall(checkout: Checkout, rep: Reporter, *, as_json: bool = False) -> ExitCode:
    """``hs-scaffold hook uninstall``: remove the hook, put back the one it chained."""
    done = hook.uninstall(checkout.root)
    rep.info(done)
    if as_json:
        print_json({"action": "uninstall", "result": done, "status": hook.status(checkout.root)})
    return ExitCode.OK


def hook_run(repo: Path | None, rep: Reporter, *, as_json: bool = False) -> ExitCode:
    """``hs-scaffold hook run``: exit 1 when the staged content adds stubs (git runs it before a commit)."""
    return hook.run(repo, rep, as_json=as_json)
