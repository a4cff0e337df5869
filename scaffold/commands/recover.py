"""``hs-scaffold recover``: put the tree back after a run that died."""

from __future__ import annotations

from dataclasses import asdict

from scaffold import recover as recover_mod
from scaffold.checkout import Checkout
from scaffold.commands import print_json
from scaffold.errors import ExitCode
from scaffold.report import Reporter


def recover(checkout: Checkout, rep: Reporter, *, as_json: bool = False) -> ExitCode:
    """``hs-scaffold recover``: one line saying what was put back (or that nothing was needed)."""
    result = recover_mod.recover(checkout)
    rep.info(result.summary())
    if as_json:
        print_json({**asdict(result), "summary": result.summary()})
    return ExitCode.OK
