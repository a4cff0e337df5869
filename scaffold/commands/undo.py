"""``hs-scaffold undo``: revert a recorded scaffold."""

from __future__ import annotations

from scaffold import undo as undo_mod
from scaffold.checkout import Checkout
from scaffold.errors import ExitCode
from scaffold.report import Reporter


def undo(checkout: Checkout, name: str, rep: Reporter, *, force: bool = False) -> ExitCode:
    """``hs-scaffold undo``: revert a recorded scaffold."""
    rep.info(undo_mod.undo(checkout, name, force=force).summary())
    return ExitCode.OK
