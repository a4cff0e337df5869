"""The lists a connector is registered in, found by parsing: enum variants, match arms, struct
fields, ``use`` lists, item macros' argument lists, array literals, and TOML tables and keys.

Each :class:`Construct` is a list of :class:`Element` s with the connectors each one names, so
that :mod:`registration_complete` can tell a registration list (it names most connectors) from
code that singles out one or two, and model a new line on a neighbour's.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import tomli
from tree_sitter import Node, Query, QueryCursor

from scaffold import rust_syntax
from scaffold.naming import spellings

_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_TOML_HEADER = re.compile(r"^\s*\[\[?\s*([A-Za-z0-9_\-.\"' ]+?)\s*\]\]?\s*(?:#.*)?$")
_TOML_KEY = re.compile(r"^\s*([A-Za-z0-9_\-]+)\.([A-Za-z0-9_\-.]+)\s*=")


class Spellings:
    """Every spelling of every known connector, and which connector an identifier names."""

    def __init__(self, names: Iterable[str]) -> None:
        self.by_spelling: dict[str, str] = {}
        for name in names:
            for spelling in spellings(name):
                self.by_spelling.setdefault(spelling, name)

    def named_in(self, text: str) -> list[str]:
        """Connectors named by whole identifiers (or words in strings) of ``text``, in order."""
        found = [self.by_spelling[w] for w in _IDENT.findall(text) if w in self.by_spelling]
        return list(dict.fromkeys(found))


@dataclass(frozen=True)
class Element:
    """One entry of a list: its byte range (attributes included), text and the connectors it names."""

    start: int
    end: int
    text: str
    names: tuple[str, ...]
    line: int
    indent: str  # the leading whitespace of its first line
    alternatives: tuple[Element, ...] = ()  # or-pattern arms: each alternative of the pattern
    line_text: str = ""  # the whole source line it starts on, stripped


@dataclass
class Construct:
    """A list in a file: an enum's variants, a match's arms, a struct's fields, ..."""

    file: str
    kind: str  # enum | match | struct | use | macro | array | toml-table | toml-key
    owner: str  # "enum Connector", "match in fn convert_connector", "[connectors] base_url", ...
    line: int
    elements: list[Element] = field(default_factory=list)
    catch_all: bool = False  # a match with a `_` (or binding) arm
    enum: str | None = None  # for matches: the enum its arms' paths name (``Connector``)
    end: int = 0  # byte offset of the list's closing bracket (for appending)
    present: bool = False  # it already names the connector being registered (elements not read)

    def names(self) -> set[str]:
        """Every connector the list names."""
        return {n for e in self.elements for n in e.names}


# --- Rust -------------------------------------------------------------------------------------


def _indent_of(source: bytes, offset: int) -> str:
    line_start = source.rfind(b"\n", 0, offset) + 1
    prefix = source[line_start:offset].decode("utf-8", "replace")
    return prefix[: len(prefix) - len(prefix.lstrip())]


def _source_line(source: bytes, offset: int) -> str:
    start = source.rfind(b"\n", 0, offset) + 1
    end = source.find(b"\n", offset)
    return source[start : end if end >= 0 else len(source)].decode("utf-8", "replace").strip()


def _element(source: bytes, first: Node, last: Node, known: Spellings) -> Element:
    text = source[first.start_byte : last.end_byte].decode("utf-8", "replace")
    return Element(
        first.start_byte,
        last.end_byte,
        text,
        tuple(known.named_in(text)),
        rust_syntax.line(first),
        _indent_of(source, first.start_byte),
        line_text=_source_line(source, first.start_byte),
    )


def _listed(source: bytes, container: Node, kinds: set[str], known: Spellings) -> list[Element]:
    """Elements of a bracketed list, each with the attributes right above it."""
    elements, pending = [], None
    for child in container.named_children:
        if child.type == "attribute_item":
            pending = pending or child
        elif child.type in kinds:
            elements.append(_element(source, pending or child, child, known))
            pending = None
        elif not rust_syntax.is_comment(child):
            pending = None
    return elements


def _owner_fn(node: Node) -> str:
    for parent in rust_syntax.ancestors(node):
        if parent.type == "function_item":
            return f"fn {rust_syntax.item_name(parent)}"
        if parent.type == "impl_item":
            return rust_syntax.impl_header(parent)
    return "top level"


def _self_type(node: Node) -> str | None:
    for parent in rust_syntax.ancestors(node):
        if parent.type == "impl_item":
            return rust_syntax.type_name(parent.child_by_field_name("type"))  # type: ignore[arg-type]
    return None


def _arm_enum(pattern: Node, self_type: str | None) -> str | None:
    """The enum a pattern's path names: ``api_enums::Connector::Aci`` -> ``Connector``."""
    for node in rust_syntax.walk(pattern):
        if node.type == "scoped_identifier":
            parts = rust_syntax.text(node).replace(" ", "").split("::")
            if len(parts) >= 2:
                return self_type if parts[-2] == "Self" else parts[-2]
    return None


def _is_catch_all(pattern: Node) -> bool:
    inner = pattern.named_children[0] if pattern.named_children else pattern
    if inner.type in ("_", "identifier") or rust_syntax.text(inner).strip() == "_":
        return inner.type != "identifier" or rust_syntax.text(inner)[:1].islower()
    return False


def _match(source: bytes, node: Node, rel: str, known: Spellings) -> Construct:
    block = node.child_by_field_name("body")
    assert block is not None
    construct = Construct(
        rel, "match", f"match in {_owner_fn(node)}", rust_syntax.line(node), end=block.end_byte
    )
    self_type = _self_type(node)
    for arm in (c for c in block.named_children if c.type == "match_arm"):
        pattern = arm.child_by_field_name("pattern")
        if pattern is None:
            continue
        if _is_catch_all(pattern):
            construct.catch_all = True
        construct.enum = construct.enum or _arm_enum(pattern, self_type)
        element = _element(source, arm, arm, known)
        inner = pattern.named_children[0] if pattern.named_children else pattern
        if inner.type == "or_pattern":
            alts = tuple(_element(source, alt, alt, known) for alt in _alternatives(inner))
            element = Element(
                element.start, element.end, element.text, element.names, element.line, element.indent, alts
            )
        construct.elements.append(element)
    return construct


def _alternatives(pattern: Node) -> Iterator[Node]:
    """The alternatives of ``A | B | C`` (tree-sitter nests or-patterns pairwise)."""
    for child in pattern.named_children:
        if child.type == "or_pattern":
            yield from _alternatives(child)
        elif not rust_syntax.is_comment(child):
            yield child


def _macro_elements(source: bytes, tree: Node, known: Spellings) -> list[Element]:
    """A macro's arguments, split at its top-level commas."""
    elements: list[Element] = []
    tokens: list[Node] = []
    for child in tree.children[1:-1]:
        if child.type == ",":
            if tokens:
                elements.append(_element(source, tokens[0], tokens[-1], known))
            tokens = []
        elif not rust_syntax.is_comment(child):
            tokens.append(child)
    if tokens:
        elements.append(_element(source, tokens[0], tokens[-1], known))
    return elements


_LISTS = (
    "[(enum_item) (struct_item) (match_expression) (use_list) (array_expression) (macro_invocation)"
    " (source_file) (declaration_list)] @list"
)


@functools.cache
def _list_query() -> Query:
    return Query(rust_syntax.language(), _LISTS)


def rust_constructs(
    source: bytes,
    rel: str,
    known: Spellings,
    needle: re.Pattern[bytes] | None = None,
    present: re.Pattern[bytes] | None = None,
) -> Iterator[Construct]:
    """Every list in a Rust file that names at least one known connector.

    ``needle``: only lists whose text matches it are read (the peers' names: much faster).
    ``present``: lists whose text matches it (the new connector's names) are yielded without
    their elements, marked ``present``.
    """
    root = rust_syntax.parse(source).root_node
    nodes = QueryCursor(_list_query()).captures(root).get("list", [])
    for node in sorted(nodes, key=lambda n: n.start_byte):
        if needle is not None and not needle.search(source, node.start_byte, node.end_byte):
            continue
        if (
            present is not None
            and node.type != "source_file"
            and present.search(source, node.start_byte, node.end_byte)
        ):
            owner = f"enum {rust_syntax.item_name(node)}" if node.type == "enum_item" else node.type
            yield Construct(rel, node.type, owner, rust_syntax.line(node), present=True)
            continue
        construct = _construct(source, node, rel, known)
        if construct is not None and construct.names():
            yield construct


def _construct(source: bytes, node: Node, rel: str, known: Spellings) -> Construct | None:
    kind = node.type
    line = rust_syntax.line(node)
    if kind in ("source_file", "declaration_list"):
        mods = [
            c for c in node.named_children if c.type == "mod_item" and c.child_by_field_name("body") is None
        ]
        if not mods:
            return None
        elements = _listed(source, node, {"mod_item"}, known)
        elements = [e for e in elements if e.text.rstrip().endswith(";")]
        return Construct(rel, "mod", "module declarations", rust_syntax.line(mods[0]), elements)
    if kind == "enum_item" and (body := node.child_by_field_name("body")) is not None:
        owner = f"enum {rust_syntax.item_name(node)}"
        elements = _listed(source, body, {"enum_variant"}, known)
        return Construct(rel, "enum", owner, line, elements, end=body.end_byte)
    if kind == "struct_item" and (body := node.child_by_field_name("body")) is not None:
        if body.type != "field_declaration_list":
            return None
        owner = f"struct {rust_syntax.item_name(node)}"
        elements = _listed(source, body, {"field_declaration"}, known)
        return Construct(rel, "struct", owner, line, elements, end=body.end_byte)
    if kind == "match_expression" and node.child_by_field_name("body") is not None:
        return _match(source, node, rel, known)
    if kind == "use_list":
        kinds = {"identifier", "scoped_identifier", "use_as_clause", "scoped_use_list"}
        return Construct(rel, "use", "use list", line, _listed(source, node, kinds, known), end=node.end_byte)
    if kind == "array_expression":
        kinds = {c.type for c in node.named_children if not rust_syntax.is_comment(c)}
        return Construct(
            rel,
            "array",
            f"array in {_owner_fn(node)}",
            line,
            _listed(source, node, kinds, known),
            end=node.end_byte,
        )
    if kind == "macro_invocation" and node.parent is not None and _item_level(node):
        tree = next((c for c in node.children if c.type == "token_tree"), None)
        if tree is None:
            return None
        owner = f"macro {rust_syntax.text(node.child_by_field_name('macro') or node.children[0])}!"
        return Construct(rel, "macro", owner, line, _macro_elements(source, tree, known), end=tree.end_byte)
    return None


def _item_level(node: Node) -> bool:
    """A macro invoked as an item (``default_imp_for_x!(..);`` at the top or in a module)."""
    parent = node.parent
    if parent is not None and parent.type == "expression_statement":
        parent = parent.parent
    return parent is not None and parent.type in ("source_file", "declaration_list")


# --- TOML -------------------------------------------------------------------------------------


def _toml_key_name(raw: str) -> str:
    return raw.strip().strip("\"'")


def toml_constructs(text: str, rel: str, known: Spellings) -> Iterator[Construct]:
    """Top-level tables named by a connector (``[aci]``, ``[aci.connector_auth]``) and dotted keys
    per connector within a table (``aci.base_url = ...`` under ``[connectors]``)."""
    tables = Construct(rel, "toml-table", "top-level tables", 1)
    keyed: dict[tuple[str, str], Construct] = {}
    current, table_start, section = "", 0, ""
    for number, start, line in _toml_candidate_lines(text):
        header = _TOML_HEADER.match(line)
        if header:
            current = _toml_key_name(header.group(1).split(".")[0])
            table_start, section = number, line.strip()
            if current in known.by_spelling:
                names = (known.by_spelling[current],)
                tables.elements.append(Element(start, start + _byte_len(line), line, names, number + 1, ""))
            continue
        key = _TOML_KEY.match(line)
        if key and key.group(1) in known.by_spelling:
            where = section if table_start or current else "(top)"
            construct = keyed.setdefault(
                (where, key.group(2)), Construct(rel, "toml-key", f"{where} {key.group(2)}", number + 1)
            )
            indent = line[: len(line) - len(line.lstrip())]
            names = (known.by_spelling[key.group(1)],)
            end = start + _byte_len(line)
            construct.elements.append(Element(start, end, line, names, number + 1, indent))
    if tables.elements:
        tables.line = tables.elements[0].line
        yield tables
    yield from keyed.values()


# The lines that may be a table header or a dotted key (the others are skipped unread: a config
# file has thousands of lines and few of either).
_TOML_CANDIDATE = re.compile(r"^[^\S\n]*(?:\[|[A-Za-z0-9_\-]+\.)", re.MULTILINE)


def _toml_candidate_lines(text: str) -> Iterator[tuple[int, int, str]]:
    """(0-based number, byte offset, text) of each line of ``text`` that :data:`_TOML_CANDIDATE`
    finds, in order."""
    ascii_only = text.isascii()
    number, counted_to, byte_at = 0, 0, 0
    for match in _TOML_CANDIDATE.finditer(text):
        begin = match.start()
        number += text.count("\n", counted_to, begin)
        byte_at += begin - counted_to if ascii_only else _byte_len(text[counted_to:begin])
        counted_to = begin
        end = text.find("\n", begin)
        yield number, byte_at, text[begin : end if end >= 0 else len(text)]


def _byte_len(text: str) -> int:
    return len(text.encode())


def toml_valid(text: str) -> str | None:
    """None when ``text`` parses as TOML, else the parser's message (with its line)."""
    try:
        tomli.loads(text)
    except tomli.TOMLDecodeError as exc:
        return str(exc)
    return None
