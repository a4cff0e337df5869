"""Connector names as users type them: "did you mean", completion, and examples valid in this checkout."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

from scaffold.checkout import Checkout
from scaffold.errors import UsageError

EXAMPLE_NAMES = ("acmepay", "acme_pay", "zylopay", "examplepay", "newpay", "sample_pay")
_NAME = re.compile(r"[a-z][a-z0-9_]*")


def did_you_mean(name: str, known: Iterable[str]) -> str | None:
    """``did you mean `acmepay`?`` for the closest known name, or None."""
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return f"did you mean `{close[0]}`?" if close else None


def free_examples(checkout: Checkout | None, count: int = 2) -> list[str]:
    """Example names no connector of ``checkout`` already has."""
    taken = set(checkout.connector_names()) if checkout is not None else set()
    return [n for n in EXAMPLE_NAMES if n not in taken][:count]


def require_connector(checkout: Checkout, name: str, *, command: str = "stubs") -> None:
    """Refuse (exit 2) a name that is not a connector of ``checkout``, with the closest one."""
    if not _NAME.fullmatch(name):
        raise UsageError(f"invalid connector name {name!r}", "use lowercase letters, digits and '_'")
    if checkout.connector_files(name):
        return
    where = checkout.layout.connectors_dir.as_posix()
    hint = did_you_mean(name, checkout.connector_names())
    fix = hint or f"`hs-scaffold stubs --all` lists them; scaffold it with `hs-scaffold new {name} BASE_URL`"
    raise UsageError(f"no connector `{name}` in {where}/ for `{command}`", fix)


def complete(checkout: Checkout | None, incomplete: str) -> list[str]:
    """Connector names of ``checkout`` starting with ``incomplete``."""
    if checkout is None:
        return []
    return [n for n in checkout.connector_names() if n.startswith(incomplete)]
