"""Mending what the script gets wrong in the registrations it inserts.

- The type name: the script upper-cases the first letter (``acme_pay`` -> ``Acme_pay``), while
  the template's ``pascal_case`` gives ``AcmePay``; for any name with an ``_`` the build fails.
- Echoed newlines: ``echo "\n\n[name]\napi_key=..."`` without ``-e`` writes a literal ``\n``
  into ``sample_auth.toml``, which then no longer parses.
- Swallowed quotes: early-2023 scripts write ``base_url = ""`` inside a double-quoted ``sed``
  replacement, so the shell drops the quotes and the TOML gets ``base_url =`` with no value.

Only lines this run added are changed.
"""

from __future__ import annotations

import re

from scaffold.checkout import Checkout
from scaffold.naming import pascal_case
from scaffold.postchecks import toml_parses
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


_EMPTY_VALUE = re.compile(r"^(\s*[A-Za-z0-9_.\-]+\s*=)\s*$")


def fix_empty_values(
    checkout: Checkout, snapshot: WorkTreeSnapshot, changes: TreeChanges, base_url: str
) -> list[str]:
    """Give ``key =`` lines the run added their value (the base URL for ``base_url``, else ``""``),
    where the TOML file parsed before and does only with the fix."""
    texts = {
        rel: checkout.path(rel).read_text(encoding="utf-8")
        for rel in changes.modified
        if rel.endswith(".toml")
    }
    suspects = [rel for rel, text in texts.items() if any(map(_EMPTY_VALUE.match, text.splitlines()))]
    befores = snapshot.before_many(suspects)
    fixed = []
    for rel in suspects:
        old_lines = set(befores[rel].data.decode("utf-8", "surrogateescape").splitlines())
        lines = texts[rel].splitlines(keepends=True)
        mended = "".join(
            ln if ln.rstrip("\r\n") in old_lines or not _EMPTY_VALUE.match(ln) else _with_value(ln, base_url)
            for ln in lines
        )
        if mended != texts[rel] and not toml_parses(texts[rel]) and toml_parses(mended):
            checkout.path(rel).write_text(mended, encoding="utf-8")
            fixed.append(rel)
    return fixed


def _with_value(line: str, base_url: str) -> str:
    key = line.split("=", 1)[0].strip().split(".")[-1]
    value = base_url if key == "base_url" else ""
    return f'{line.rstrip().rstrip("=").rstrip()} = "{value}"\n'


def fix_echoed_newlines(checkout: Checkout, snapshot: WorkTreeSnapshot, changes: TreeChanges) -> list[str]:
    """Turn literal ``\\n`` in TOML lines the run added into line breaks, where that makes it parse."""
    texts = {
        rel: checkout.path(rel).read_text(encoding="utf-8")
        for rel in changes.modified
        if rel.endswith(".toml")
    }
    suspects = [rel for rel, text in texts.items() if "\\n" in text]  # cheap test before any parsing
    befores = snapshot.before_many(suspects)
    fixed = []
    for rel in suspects:
        old_lines = set(befores[rel].data.decode("utf-8", "surrogateescape").splitlines())
        lines = texts[rel].splitlines(keepends=True)
        mended = "".join(ln if ln.rstrip("\r\n") in old_lines else ln.replace("\\n", "\n") for ln in lines)
        if mended != texts[rel] and not toml_parses(texts[rel]) and toml_parses(mended):
            checkout.path(rel).write_text(mended, encoding="utf-8")
            fixed.append(rel)
    return fixed
