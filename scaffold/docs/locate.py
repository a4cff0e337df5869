"""Where a connector's docs are: the ``--doc`` files, else ``grace/references/<name>_doc.md`` and an
OpenAPI document beside it (``<name>_openapi.yaml``, ``.yml`` or ``.json``); and the refusal of
unusable ones, before anything is written (this module does not import the doc reader)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from scaffold.checkout import Checkout
from scaffold.docs import inputs

DOC_DIR = Path("grace/references")
OPENAPI_SUFFIXES = (".yaml", ".yml", ".json")


def default_doc(name: str) -> str:
    """Where the connector's Markdown doc is looked for when ``--doc`` is not given."""
    return (DOC_DIR / f"{name}_doc.md").as_posix()


def find_docs(checkout: Checkout, name: str, given: Sequence[Path] = ()) -> list[Path]:
    """The docs to read, resolved: ``given`` when any, else the default files that exist."""
    if given:
        return [p.resolve() for p in given]
    found = [checkout.path(default_doc(name))]
    found += [checkout.path(DOC_DIR / f"{name}_openapi{suffix}") for suffix in OPENAPI_SUFFIXES]
    return [p.resolve() for p in found if p.is_file()]


def shown_name(checkout: Checkout, path: Path) -> str:
    """``path`` relative to the checkout's root when inside it, else as given."""
    return checkout.rel(path) if path.is_relative_to(checkout.root) else str(path)


def is_default(checkout: Checkout, name: str, shown: Sequence[str]) -> bool:
    """Whether ``shown`` are exactly the files ``find_docs`` finds without ``--doc``."""
    return list(shown) == [shown_name(checkout, p) for p in find_docs(checkout, name)]


def check_connector_docs(checkout: Checkout, name: str, given: Sequence[Path] = ()) -> None:
    """Refuse (exit 2) a doc that is too big, binary, not a regular file or not UTF-8."""
    paths = find_docs(checkout, name, given)
    inputs.check_docs(paths, [shown_name(checkout, p) for p in paths])
