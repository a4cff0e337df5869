"""``hs-scaffold recover``: put the tree back after a run that died."""

from __future__ import annotations

from scaffold import recover as recover_mod
from scaffold.checkout import Checkout
from scaffold.errors import ExitCode
from scaffold.report import Reporter


def recover(checkout: Checkout, rep: Reporter) -> ExitCode:
    """``hs-scaffold recover``: one line saying what was put back (or that nothing was needed)."""
    rep.info(recover_mod.recover(checkout).summary())
    return ExitCode.OK
