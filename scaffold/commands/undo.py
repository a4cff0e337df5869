"""``hs-scaffold undo``: revert a recorded scaffold."""

from __future__ import annotations

from dataclasses import asdict

from scaffold import undo as undo_mod
from scaffold.checkout import Checkout
from scaffold.commands import print_json
from scaffold.errors import ExitCode
from scaffold.report import Reporter


def undo(
    checkout: Checkout, name: str, rep: Reporter, *, force: bool = False, as_json: bool = False
) -> ExitCode:
    """``hs-scaffold undo``: revert a recorded scaffold."""
    result = undo_mod.undo(checkout, name, force=force)
    rep.info(result.summary())
    if as_json:
        print_json(asdict(result))
    return ExitCode.OK
