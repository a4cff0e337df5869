"""Amount convertors of ``common_utils`` and which one fits a connector's amount format."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from scaffold.checkout import Checkout
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


def load_convertors(checkout: Checkout, usage: Mapping[str, str | None]) -> list[Convertor]:
    """Convertors in ``common_utils`` with how many connectors (``usage``: name -> convertor) use each."""
    counts = Counter(c for c in usage.values() if c)
    found: list[Convertor] = []
    for rel in CONVERTOR_FILES:
        path = checkout.path(rel)
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
