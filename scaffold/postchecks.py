"""Checks after the script: TOML still parses, base_url entries in place, no leftovers,
every registration line inserted exactly once."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tomli

from scaffold import git
from scaffold.checkout import Checkout
from scaffold.errors import StepFailedError
from scaffold.naming import pascal_case
from scaffold.worktree_guard import TreeChanges

STEP = "post-checks"
_LEFTOVER = re.compile(r"(-e|\.tmp|\.tmp-e|\.orig|\.bak)$|(^|/)temp$")
_OPEN, _CLOSE = "{([", "})]"


def check_after_script(
    checkout: Checkout,
    name: str,
    base_url: str,
    changes: TreeChanges,
    ahead: Mapping[str, ParsedToml] | None = None,
) -> list[str]:
    """Warnings for what is odd; StepFailedError for what would leave a broken tree. ``ahead``:
    TOML files parsed earlier (:func:`parse_ahead`), taken where their text is still the same."""
    warnings = remove_leftovers(checkout, changes)
    documents: dict[str, Any] = {}
    for rel in changed_tomls(changes):
        if checkout.path(rel).is_file():
            parsed = parse_toml(checkout, rel, (ahead or {}).get(rel))
            if parsed.document is not None:
                documents[rel] = parsed.document
            elif parsed.broken_before:
                warnings.append(f"{rel} does not parse as TOML, as already before the run")
            else:
                raise _no_longer_parses(rel, parsed.error)
    warnings += check_base_urls(name, base_url, documents)
    for path in changes.modified:  # registrations live in shared files; created files are the template's
        if checkout.path(path).is_file() and not _LEFTOVER.search(path):
            duplicates = duplicate_registrations(checkout.path(path), name)
            if duplicates:
                raise StepFailedError(
                    STEP,
                    f"{path} registers {name} more than once: {duplicates[0]!r}",
                    "the script inserted a line twice (a re-run?)",
                )
    warnings += missing_registrations(checkout, name)
    return warnings


def is_leftover(rel: str) -> bool:
    """Whether ``rel`` is named like the script's temporary files (``*-e``, ``*.tmp``, ``temp``)."""
    return bool(_LEFTOVER.search(rel))


def remove_leftovers(checkout: Checkout, changes: TreeChanges) -> list[str]:
    """Delete the script's temporary files (``*-e``, ``*.tmp``, ``temp``) that this run created."""
    found = [p for p in changes.created if is_leftover(p)]
    for rel in found:
        checkout.path(rel).unlink(missing_ok=True)
    return [f"removed {len(found)} leftover file(s) of the script: {', '.join(found)}"] if found else []


def changed_tomls(changes: TreeChanges) -> list[str]:
    """The TOML files a run created or changed (the ones the post-checks parse)."""
    return [p for p in [*changes.created, *changes.modified] if p.endswith(".toml")]


def parse_ahead(checkout: Checkout, rels: list[str]) -> dict[str, ParsedToml]:
    """``rels`` parsed now, for the post-checks to take while their text is the same (``new``
    parses them while rustfmt runs: nothing it formats is TOML); files that cannot be read are
    left out."""
    parsed = {}
    for rel in rels:
        with contextlib.suppress(OSError):
            parsed[rel] = parse_toml(checkout, rel)
    return parsed


@dataclass(frozen=True)
class ParsedToml:
    """A TOML file's text and document; or, when it does not parse, why, and whether its staged
    (or committed) version did not either."""

    text: str | None
    document: dict[str, Any] | None
    error: str = ""
    broken_before: bool = False


def parse_toml(checkout: Checkout, rel: str, ahead: ParsedToml | None = None) -> ParsedToml:
    """``rel`` read and parsed; ``ahead`` (an earlier result) is taken when the text is the same.

    tomli (compiled), a strict TOML 1.0 parser: 25 times faster than tomlkit and 2.4 times faster
    than tomllib on the real checkout's 8,000-line connector configs; nothing here needs
    tomlkit's round-tripping.
    """
    try:
        text = checkout.path(rel).read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        return ParsedToml(None, None, str(exc), _broken_before(checkout, rel))
    if ahead is not None and ahead.text == text:
        return ahead
    try:
        return ParsedToml(text, tomli.loads(text))
    except tomli.TOMLDecodeError as exc:
        return ParsedToml(text, None, str(exc), _broken_before(checkout, rel))


def _no_longer_parses(rel: str, error: str) -> StepFailedError:
    return StepFailedError(STEP, f"{rel} no longer parses as TOML: {error}", "the script broke it")


def _broken_before(checkout: Checkout, rel: str) -> bool:
    """Whether the committed (or staged) version already failed to parse."""
    for spec in (f":{rel}", f"HEAD:{rel}"):
        status, text, _ = git.try_run(checkout.root, "show", spec)
        if status == 0:
            return not toml_parses(text)
    return False


def toml_parses(text: str) -> bool:
    """Whether ``text`` is valid TOML."""
    try:
        tomli.loads(text)
    except tomli.TOMLDecodeError:
        return False
    return True


def check_base_urls(name: str, base_url: str, documents: dict[str, Any]) -> list[str]:
    """``<name>.base_url`` must sit under ``[connectors]`` and nowhere else."""
    warnings: list[str] = []
    for rel, doc in documents.items():
        for where in _base_url_paths(doc, name):
            if where != ("connectors", name, "base_url"):
                raise StepFailedError(
                    STEP,
                    f"{rel}: {name}.base_url landed under [{'.'.join(where[:-2]) or 'top level'}] "
                    "instead of [connectors]",
                    "the script's anchor line matched in the wrong table",
                )
        connectors = doc.get("connectors")
        if not isinstance(connectors, dict) or not _has_peers(connectors):
            continue
        entry = connectors.get(name)
        value = entry.get("base_url") if isinstance(entry, dict) else None
        if value is None:
            warnings.append(f"{rel}: no {name}.base_url under [connectors]; add it by hand")
        elif value != base_url:
            warnings.append(f"{rel}: {name}.base_url is {value!r}, not {base_url!r}")
    return warnings


def _has_peers(connectors: dict[str, Any]) -> bool:
    return sum(isinstance(v, dict) and "base_url" in v for v in connectors.values()) >= 2


def _base_url_paths(node: Any, name: str, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    if isinstance(node, dict):
        for key, value in node.items():
            here = (*path, str(key))
            if key == "base_url" and path[-1:] == (name,):
                yield here
            yield from _base_url_paths(value, name, here)


def duplicate_registrations(path: Path, name: str) -> list[str]:
    """Lines naming the connector that occur twice in the same block (macro, enum, table...)."""
    forms = {name, pascal_case(name), name[:1].upper() + name[1:]}  # the script's own capitalisation
    words = re.compile(rf"\b({'|'.join(map(re.escape, sorted(forms)))})\b")
    text = path.read_text(encoding="utf-8", errors="replace")
    naming: set[int] = set()  # the numbers of the lines naming it
    line, counted_to = 0, 0
    for match in words.finditer(text):
        line += text.count("\n", counted_to, match.start())
        counted_to = match.start()
        naming.add(line)
    lines = text.split("\n")
    shown = [" ".join(lines[n].split()) for n in sorted(naming)]
    if len(shown) == len(set(shown)):
        return []  # no line naming it repeats anywhere in the file; block tracking is the slow part
    blocks = _toml_blocks(lines) if path.suffix == ".toml" else _code_blocks(text)
    seen: set[tuple[int, str]] = set()
    duplicates: list[str] = []
    for number in sorted(naming):
        stripped = lines[number].strip()
        if not stripped.startswith(("//", "#", "echo")):
            key = (blocks[number], re.sub(r"\s+", " ", stripped))
            if key in seen:
                duplicates.append(stripped)
            seen.add(key)
    return duplicates


def _toml_blocks(lines: list[str]) -> list[int]:
    """For each line, the number of the line of the table header above it (-1: top)."""
    blocks: list[int] = []
    table = -1
    for number, line in enumerate(lines):
        if line.lstrip().startswith("["):
            table = number
        blocks.append(table)
    return blocks


# What matters for brackets: string and character literals, `//` comments, brackets, line ends.
_TOKENS = re.compile(r'"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])\'|//[^\n]*|[{}()\[\]\n]')


def _code_blocks(text: str) -> list[int]:
    """For each line (split at ``\\n``), the number of the line that opened the innermost bracket
    still open where it starts (-1: top). Good enough for brackets, not a Rust parser."""
    blocks, number = [-1], 0
    stack: list[int] = []
    for token in _TOKENS.findall(text):
        if token == "\n":
            number += 1
            blocks.append(stack[-1] if stack else -1)
        elif len(token) == 1 and token in _OPEN:
            stack.append(number)
        elif len(token) == 1 and token in _CLOSE and stack:
            stack.pop()
    return blocks


def require_module_declared(checkout: Checkout, name: str) -> None:
    """Fail unless the connectors module names ``name`` (else the connector is never compiled)."""
    module = checkout.path(checkout.layout.connectors_module)
    text = module.read_text(encoding="utf-8", errors="replace") if module.is_file() else ""
    if not re.search(rf"\bmod\s+{re.escape(name)}\s*[;{{]", text):
        raise StepFailedError(
            "register",
            f"{checkout.rel(module)} does not declare `pub mod {name};`",
            "the connector would never be compiled: declare its module there",
        )


def missing_registrations(checkout: Checkout, name: str) -> list[str]:
    """Warnings for the two registrations every connector needs and the script may miss."""
    module = checkout.path(checkout.layout.connectors_module)
    tests_main = checkout.path(checkout.layout.router_tests_dir / "main.rs")
    warnings: list[str] = []
    for path, line in ((module, f"pub mod {name};"), (tests_main, f"mod {name};")):
        if path.is_file() and line not in {ln.strip() for ln in path.read_text().splitlines()}:
            warnings.append(f"{checkout.rel(path)} has no `{line}`")
    return warnings
