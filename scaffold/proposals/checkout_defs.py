"""What the checkout defines that proposals may use, read by parsing its crates (never assumed).

Enums (``AttemptStatus``, ``ConnectorAuthType``, ``CurrencyUnit``, ``Method``, ``ConnectorError``),
structs and struct variants (the flows' request data, ``Card``, ``TransactionResponse``,
``ErrorResponse``) with their fields' types, the methods a type has (inherent, or from a helper
trait of the connectors crate's ``utils``, which then must be imported), and the header-name
constants connectors share. A proposal names only what is found here.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from tree_sitter import Node

from scaffold.checkout import Checkout
from scaffold.trait_contracts import (
    functions_of,
    line_of,
    node_text,
    parse_rust,
    top_items,
    trait_parts,
)

# Crates searched for definitions, most specific first (the connectors folder itself is skipped).
CRATES = ("hyperswitch_domain_models", "common_enums", "common_utils", "hyperswitch_interfaces", "router")
UTILS = "crates/hyperswitch_connectors/src/utils.rs"
_DECLARED = re.compile(rb"\b(?:struct|enum)\s+([A-Z]\w*)")
CONSTANTS = "crates/hyperswitch_connectors/src/constants.rs"


@dataclass(frozen=True)
class Field:
    """A struct field (or a struct variant's): name, type text, its serde attributes."""

    name: str
    type: str
    attrs: tuple[str, ...] = ()
    line: int = 0

    @property
    def optional(self) -> bool:
        return self.type.replace(" ", "").startswith("Option<")


@dataclass(frozen=True)
class Definition:
    """A struct, or an enum with its variants (each variant's fields when it has some)."""

    name: str
    kind: str  # "struct" | "enum"
    file: str
    line: int
    fields: tuple[Field, ...] = ()  # structs
    variants: tuple[str, ...] = ()  # enums
    variant_fields: dict[str, tuple[Field, ...]] = field(default_factory=dict)
    variant_lines: dict[str, int] = field(default_factory=dict)
    derives: tuple[str, ...] = ()

    def ref(self, member: str | None = None) -> str:
        found = self.field(member) if member else None
        line = found.line if found is not None else self.variant_lines.get(member or "", self.line)
        return f"{self.file}:{line}"

    def field(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)


@dataclass(frozen=True)
class Method:
    """A method a type has: where it is defined and the trait that brings it (None: inherent)."""

    name: str
    receiver: str
    returns: str
    file: str
    line: int
    trait: str | None = None  # the helper trait (imported as ``crate::utils::<trait>``)

    @property
    def fallible(self) -> bool:
        return bool(re.match(r"\s*(?:Result|CustomResult|RouterResult)\b", self.returns))


def _fields(body: Node | None) -> tuple[Field, ...]:
    found: list[Field] = []
    attrs: list[str] = []
    for child in body.named_children if body is not None else ():
        if child.type == "attribute_item":
            attrs.append(node_text(child))
        elif child.type == "field_declaration":
            name = node_text(child.child_by_field_name("name"))
            found.append(
                Field(name, node_text(child.child_by_field_name("type")), tuple(attrs), line_of(child))
            )
            attrs = []
    return tuple(found)


def _derives(item: Node) -> tuple[str, ...]:
    found: list[str] = []
    prev = item.prev_named_sibling
    while prev is not None and prev.type in ("attribute_item", "line_comment", "block_comment"):
        match = re.search(r"derive\s*\(([^)]*)\)", node_text(prev))
        if match:
            found += [d.strip().split("::")[-1] for d in match.group(1).split(",") if d.strip()]
        prev = prev.prev_named_sibling
    return tuple(found)


def _definition(item: Node, rel: str) -> Definition | None:
    name = node_text(item.child_by_field_name("name"))
    body = item.child_by_field_name("body")
    if item.type == "struct_item":
        return Definition(name, "struct", rel, line_of(item), _fields(body), derives=_derives(item))
    if item.type != "enum_item" or body is None:
        return None
    variants, fields, lines = [], {}, {}
    for variant in body.named_children:
        if variant.type != "enum_variant":
            continue
        vname = node_text(variant.child_by_field_name("name"))
        variants.append(vname)
        lines[vname] = line_of(variant)
        inner = variant.child_by_field_name("body")
        if inner is not None and inner.type == "field_declaration_list":
            fields[vname] = _fields(inner)
    return Definition(name, "enum", rel, line_of(item), (), tuple(variants), fields, lines, _derives(item))


class CheckoutDefs:
    """Definitions of one checkout, looked up by name on demand and kept."""

    def __init__(self, checkout: Checkout) -> None:
        self.checkout = checkout
        self._found: dict[str, Definition | None] = {}
        self._trees: dict[str, Node] = {}

    def _files(self) -> Iterator[Path]:
        skip = f"{self.checkout.layout.connectors_dir.as_posix()}/"
        for crate in CRATES:
            found = self.checkout.sources_by_rel(f"crates/{crate}/src")
            yield from (path for rel, path in found.items() if not rel.startswith(skip))

    @functools.cached_property
    def _where(self) -> dict[str, list[Path]]:
        """Type name -> the files declaring a struct or enum of that name, in crate order (one read each)."""
        found: dict[str, list[Path]] = {}
        for path in self._files():
            for match in _DECLARED.finditer(path.read_bytes()):
                found.setdefault(match.group(1).decode(), []).append(path)
        return found

    def lookup(self, *names: str) -> dict[str, Definition]:
        """The definitions of ``names`` (the first crate defining each wins)."""
        for name in names:
            if name in self._found:
                continue
            self._found[name] = None
            for path in self._where.get(name, []):
                rel = self.checkout.rel(path)
                item = next(
                    (
                        i
                        for i in top_items(self._parsed(path))
                        if i.type in ("struct_item", "enum_item")
                        and node_text(i.child_by_field_name("name")) == name
                    ),
                    None,
                )
                if item is not None:
                    self._found[name] = _definition(item, rel)
                    break
        return {n: d for n in names if (d := self._found.get(n)) is not None}

    def _parsed(self, path: Path) -> Node:
        key = path.as_posix()
        if key not in self._trees:
            self._trees[key] = parse_rust(path.read_bytes())
        return self._trees[key]

    def get(self, name: str) -> Definition | None:
        return self.lookup(name).get(name)

    def variants(self, enum: str) -> tuple[str, ...]:
        found = self.get(enum)
        return found.variants if found is not None and found.kind == "enum" else ()

    def has_variant(self, enum: str, variant: str) -> bool:
        return variant in self.variants(enum)

    def is_copy(self, type_text: str) -> bool:
        """Whether a type is ``Copy``: a primitive, or a checkout type deriving it."""
        bare = type_text.replace(" ", "").split("::")[-1]
        if bare in (
            "bool",
            "i8",
            "i16",
            "i32",
            "i64",
            "u8",
            "u16",
            "u32",
            "u64",
            "f32",
            "f64",
            "usize",
            "char",
        ):
            return True
        found = self.get(bare.split("<")[0]) if bare[:1].isupper() and "<" not in bare else None
        return found is not None and "Copy" in found.derives

    # --- methods ---------------------------------------------------------------------------

    @functools.cached_property
    def _helper_methods(self) -> dict[tuple[str, str], Method]:
        """(receiver type, method) -> the helper trait of ``utils.rs`` implementing it for that type."""
        path = self.checkout.source(UTILS)
        if not path.is_file():
            return {}
        root = parse_rust(path.read_bytes())
        declared: dict[str, dict[str, tuple[str, int]]] = {}
        for item in top_items(root):
            if item.type == "trait_item":
                name = node_text(item.child_by_field_name("name"))
                declared[name] = {
                    node_text(fn.child_by_field_name("name")): (
                        node_text(fn.child_by_field_name("return_type")),
                        line_of(fn),
                    )
                    for fn in functions_of(item)
                }
        found: dict[tuple[str, str], Method] = {}
        for item in top_items(root):
            trait_node = item.child_by_field_name("trait") if item.type == "impl_item" else None
            if trait_node is None:
                continue
            trait, _ = trait_parts(node_text(trait_node))
            receiver = node_text(item.child_by_field_name("type")).split("<")[0].split("::")[-1]
            for fn_name, (returns, line) in declared.get(trait, {}).items():
                found.setdefault((receiver, fn_name), Method(fn_name, receiver, returns, UTILS, line, trait))
        return found

    def method(self, receiver: str, name: str) -> Method | None:
        """How ``receiver`` (a type's name) gets method ``name``: inherent first, else a helper trait."""
        inherent = self._inherent(receiver).get(name)
        return inherent if inherent is not None else self._helper_methods.get((receiver, name))

    @functools.lru_cache(maxsize=64)  # noqa: B019 (one instance per spec run)
    def _inherent(self, receiver: str) -> dict[str, Method]:
        found = self.get(receiver)
        if found is None:
            return {}
        source = self.checkout.source(found.file).read_bytes()
        methods: dict[str, Method] = {}
        for item in top_items(parse_rust(source)):
            if item.type != "impl_item" or item.child_by_field_name("trait") is not None:
                continue
            if node_text(item.child_by_field_name("type")).split("<")[0] != receiver:
                continue
            for fn in functions_of(item):
                name = node_text(fn.child_by_field_name("name"))
                returns = node_text(fn.child_by_field_name("return_type"))
                methods[name] = Method(name, receiver, returns, found.file, line_of(fn))
        return methods

    # --- constants -------------------------------------------------------------------------

    @functools.cached_property
    def header_constants(self) -> dict[str, tuple[str, int]]:
        """Header name (lowercase) -> (``headers::CONST``, line) from the connectors crate's constants."""
        path = self.checkout.source(CONSTANTS)
        if not path.is_file():
            return {}
        text = path.read_text(encoding="utf-8", errors="replace")
        found: dict[str, tuple[str, int]] = {}
        inside = False
        for number, line in enumerate(text.splitlines(), 1):
            if re.match(r"\s*pub(?:\([^)]*\))?\s+mod\s+headers\b", line):
                inside = True
            elif inside and re.match(r"^\}", line):
                inside = False
            match = re.search(r'const\s+([A-Z_0-9]+)\s*:\s*&str\s*=\s*"([^"]+)"', line) if inside else None
            if match:
                found.setdefault(match.group(2).lower(), (f"headers::{match.group(1)}", number))
        return found
