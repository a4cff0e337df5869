"""Mending the registrations the script inserts with the wrong type name.

The script derives the type name by upper-casing the first letter (``acme_pay`` ->
``Acme_pay``), while the template's ``pascal_case`` gives ``AcmePay``: for any name with an
``_`` the build then fails on unresolved imports. Only lines this run added are changed.
"""

from __future__ import annotations

import re

from scaffold.checkout import Checkout
from scaffold.render import pascal_case
from scaffold.worktree_guard import TreeChanges, WorkTreeSnapshot


def script_type_name(name: str) -> str:
    """What the script calls the connector's type: ``acme_pay`` -> ``Acme_pay``."""
    return name[:1].upper() + name[1:]


def fix_type_names(
    checkout: Checkout, name: str, snapshot: WorkTreeSnapshot, changes: TreeChanges
) -> list[str]:
    """Rename the script's type name to the template's in lines the run added; the files changed."""
    wrong, right = script_type_name(name), pascal_case(name)
    if wrong == right:
        return []
    pattern = re.compile(rf"\b{re.escape(wrong)}\b")
    befores = snapshot.before_many(changes.modified)
    fixed = []
    for rel in changes.modified:
        path = checkout.path(rel)
        text = path.read_text(encoding="utf-8", errors="surrogateescape")
        if not pattern.search(text):
            continue
        old_lines = set(befores[rel].data.decode("utf-8", "surrogateescape").splitlines())
        lines = text.splitlines(keepends=True)
        mended = [ln if ln.rstrip("\r\n") in old_lines else pattern.sub(right, ln) for ln in lines]
        if mended != lines:
            path.write_text("".join(mended), encoding="utf-8", errors="surrogateescape")
            fixed.append(rel)
    return fixed
