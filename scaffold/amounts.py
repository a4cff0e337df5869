"""Amount convertors of ``common_utils`` and which one fits a connector's amount format."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from tree_sitter import Node

from scaffold.checkout import Checkout
from scaffold.rust_syntax import ancestors, walk
from scaffold.trait_contracts import (
    doc_comment,
    impl_items,
    line_of,
    node_text,
    parse_rust,
    trait_parts,
)

CONVERTOR_FILES = ("crates/common_utils/src/types.rs",)

_FIELD = re.compile(r"amount_convert\w*\s*:\s*&'static\s*\(\s*dyn\s+AmountConvertor\s*<\s*Output\s*=\s*(\w+)")
_INIT = re.compile(r"amount_convert\w*\s*:\s*&\s*(\w+)\s*[,}]")


@dataclass(frozen=True)
class Convertor:
    """An ``impl AmountConvertor for name { type Output = output; }`` in the checkout."""

    name: str
    output: str
    doc: str
    file: str
    line: int
    users: int = 0  # connectors whose main convertor this is


@dataclass(frozen=True)
class AmountFormat:
    """How the connector's API writes amounts: unit and representation."""

    unit: str | None  # "Minor", "Base" or None
    representation: str | None  # "integer", "string" or "float", None when not known


def _output_of(impl_body: str) -> str | None:
    match = re.search(r"type\s+Output\s*=\s*(\w+)\s*;", impl_body)
    return match.group(1) if match else None


def parse_convertors(source: bytes, file: str) -> list[Convertor]:
    """Every ``impl AmountConvertor for X`` in ``source`` with its ``Output`` type."""
    root, found = parse_rust(source), []
    docs = {
        node_text(item.child_by_field_name("name")): doc_comment(item)
        for item in root.named_children
        if item.type == "struct_item"
    }
    for impl in impl_items(root):
        name, _ = trait_parts(node_text(impl.child_by_field_name("trait")))
        output = _output_of(node_text(impl.child_by_field_name("body")))
        if name == "AmountConvertor" and output:
            self_type = node_text(impl.child_by_field_name("type"))
            found.append(Convertor(self_type, output, docs.get(self_type, ""), file, line_of(impl)))
    return found


def connector_convertor(source: str) -> tuple[str | None, str | None]:
    """(convertor, output type) a connector's main file initialises and declares."""
    init, field = _INIT.search(source), _FIELD.search(source)
    return (init.group(1) if init else None, field.group(1) if field else None)


@dataclass(frozen=True)
class Site:
    """A line of the connector's code that names its amount convertor or the convertor's output type."""

    file: str
    line: int
    what: str  # "field type", "new() initialiser", "import" or "type in `Item`" (or "type")
    text: str  # the line, stripped


@dataclass(frozen=True)
class HeldConvertor:
    """The convertor a connector holds (its ``amount_converter`` field and ``new()``), and where."""

    name: str | None
    output: str | None
    sites: tuple[Site, ...]


def _enclosing(node: Node) -> str:
    """Where a use of the output type sits: ``import``, ``type in `Name``` or ``type``."""
    kinds = ("use_declaration", "struct_item", "enum_item", "impl_item")
    parent = next((a for a in ancestors(node) if a.type in kinds), None)
    if parent is not None and parent.type == "use_declaration":
        return "import"
    if parent is None:
        return "type"
    name = parent.child_by_field_name("name" if parent.type != "impl_item" else "type")
    return f"type in `{node_text(name).split('<')[0]}`"


def _is_convertor_field(node: Node, kind: str) -> bool:
    name = node.child_by_field_name("name" if kind == "field_declaration" else "field")
    return node.type == kind and node_text(name).startswith("amount_convert")


def _site(file: str, lines: list[str], node: Node, what: str) -> Site:
    return Site(file, line_of(node), what, lines[line_of(node) - 1].strip())


def held_convertor(sources: Mapping[str, bytes]) -> HeldConvertor:
    """What the connector's files (``{path: source}``, main file first) hold, found by parsing.

    The field type and the ``new()`` initialiser come from the main file; every other line, in any
    of the files, that names the convertor or its output type (imports, struct fields, ``From``
    impls of the RouterData wrapper) is listed too: the lines to change with the convertor.
    """
    if not sources:
        return HeldConvertor(None, None, ())
    main_file, main = next(iter(sources.items()))
    lines = main.decode("utf-8", "replace").splitlines()
    name = output = None
    sites: list[Site] = []
    for node in walk(parse_rust(main)):
        if _is_convertor_field(node, "field_declaration") and output is None:
            found = re.search(r"Output\s*=\s*(\w+)", node_text(node.child_by_field_name("type")))
            if found and "AmountConvertor" in node_text(node):
                output = found.group(1)
                sites.append(_site(main_file, lines, node, "field type"))
        elif _is_convertor_field(node, "field_initializer") and name is None:
            value = node_text(node.child_by_field_name("value")).lstrip("&").strip()
            name = value.split("::")[-1]
            sites.append(_site(main_file, lines, node, "new() initialiser"))
    if name is None and output is None:
        return HeldConvertor(None, None, ())
    taken = {(s.file, s.line) for s in sites}
    for file, source in sources.items():
        lines = source.decode("utf-8", "replace").splitlines()
        for node in walk(parse_rust(source)):
            named = node.type in ("identifier", "type_identifier") and node_text(node) in (name, output)
            if named and (file, line_of(node)) not in taken:
                taken.add((file, line_of(node)))
                what = (
                    "import"
                    if any(a.type == "use_declaration" for a in ancestors(node))
                    else _enclosing(node)
                )
                sites.append(_site(file, lines, node, what))
    order = {file: index for index, file in enumerate(sources)}
    return HeldConvertor(name, output, tuple(sorted(sites, key=lambda s: (order[s.file], s.line))))


def load_convertors(checkout: Checkout, usage: Mapping[str, str | None]) -> list[Convertor]:
    """Convertors in ``common_utils`` with how many connectors (``usage``: name -> convertor) use each."""
    counts = Counter(c for c in usage.values() if c)
    found: list[Convertor] = []
    for rel in CONVERTOR_FILES:
        path = checkout.source(rel)
        if path.is_file():
            found.extend(parse_convertors(path.read_bytes(), rel))
    return [Convertor(c.name, c.output, c.doc, c.file, c.line, counts.get(c.name, 0)) for c in found]


def _output_fits(output: str, fmt: AmountFormat) -> bool:
    unit_word = {"Minor": "Minor", "Base": "Major"}.get(fmt.unit or "")
    if unit_word is None or unit_word not in output:
        return False
    has_string, has_float = "String" in output, "Float" in output
    return {
        "string": has_string,
        "float": has_float,
        "integer": not has_string and not has_float,
    }.get(fmt.representation or "", False)


def choose_convertor(convertors: Iterable[Convertor], fmt: AmountFormat) -> Convertor | None:
    """The convertor whose output fits ``fmt``, the most used one when several do."""
    fitting = [c for c in convertors if c.users and _output_fits(c.output, fmt)]
    return max(fitting, key=lambda c: (c.users, c.name), default=None)
