"""Mending what the script gets wrong in the registrations it inserts.

- The type name: the script upper-cases the first letter (``acme_pay`` -> ``Acme_pay``), while
  the template's ``pascal_case`` gives ``AcmePay``; for any name with an ``_`` the build fails.
- Echoed newlines: ``echo "\n\n[name]\napi_key=..."`` without ``-e`` writes a literal ``\n``
  into ``sample_auth.toml``, which then no longer parses.
- Doubled commas: mid-2024 scripts append ``, name::Type,`` after a list whose last entry already
  ends with a comma, which does not parse.
- Broken lines: where a line the script added leaves a Rust file that no longer parses (early-2025
  scripts put `| Self::X` before a match arm that starts with an attribute), the line is dropped;
  the registration completion then adds the connector where it belongs.
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


_LEADING_COMMA = re.compile(r"^(\s*),\s*(?=\S)")


def fix_doubled_commas(checkout: Checkout, snapshot: WorkTreeSnapshot, changes: TreeChanges) -> list[str]:
    """Drop the leading comma of Rust lines the run added right after a line ending with ``,`` or ``{``."""
    suspects = [
        rel
        for rel in changes.modified
        if rel.endswith(".rs") and re.search(r"(?m)^\s*,", checkout.path(rel).read_text(encoding="utf-8"))
    ]
    befores = snapshot.before_many(suspects)
    fixed = []
    for rel in suspects:
        old_lines = set(befores[rel].data.decode("utf-8", "surrogateescape").splitlines())
        lines = checkout.path(rel).read_text(encoding="utf-8").splitlines(keepends=True)
        mended = list(lines)
        for index, line in enumerate(lines):
            previous = next((p for p in reversed(mended[:index]) if p.strip()), "")
            if line.rstrip("\r\n") in old_lines or not _LEADING_COMMA.match(line):
                continue
            if previous.rstrip().endswith((",", "{")):
                mended[index] = _LEADING_COMMA.sub(r"\1", line, count=1)
        if mended != lines:
            checkout.path(rel).write_text("".join(mended), encoding="utf-8")
            fixed.append(rel)
    return fixed


def drop_breaking_lines(
    checkout: Checkout, name: str, snapshot: WorkTreeSnapshot, changes: TreeChanges
) -> list[tuple[str, str]]:
    """Remove lines the run added that name ``name`` and alone make a Rust file unparseable, where it
    parsed before; returns (file, line removed)."""
    from scaffold import rust_syntax  # tree-sitter only for the rare file that needs it

    words = re.compile(r"(?<![A-Za-z0-9_])(?:" + "|".join(map(re.escape, spellings_of(name))) + r")\b")
    broken = [
        rel
        for rel in changes.modified
        if rel.endswith(".rs") and rust_syntax.parse(checkout.path(rel).read_bytes()).root_node.has_error
    ]
    befores = snapshot.before_many(broken)
    dropped = []
    for rel in broken:
        if rust_syntax.parse(befores[rel].data).root_node.has_error:
            continue  # broken before the run: not ours to mend
        old_lines = set(befores[rel].data.decode("utf-8", "surrogateescape").splitlines())
        lines = checkout.path(rel).read_text(encoding="utf-8").splitlines(keepends=True)
        suspects = [
            i for i, ln in enumerate(lines) if ln.rstrip("\r\n") not in old_lines and words.search(ln)
        ]
        for drop in [[i] for i in suspects] + [suspects]:
            kept = [ln for i, ln in enumerate(lines) if i not in drop]
            if drop and not rust_syntax.parse("".join(kept).encode()).root_node.has_error:
                checkout.path(rel).write_text("".join(kept), encoding="utf-8")
                dropped += [(rel, lines[i].strip()) for i in drop]
                break
    return dropped


def spellings_of(name: str) -> list[str]:
    """``acme_pay``, ``AcmePay``, ``Acme_pay``: the connector's names in code."""
    return list(dict.fromkeys([name, pascal_case(name), script_type_name(name)]))


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
