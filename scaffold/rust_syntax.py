"""Small helpers over tree-sitter's Rust grammar: parsing, walking, and naming enclosing items."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

import tree_sitter_rust
from tree_sitter import Language, Node, Parser, Tree

from scaffold.flows import KNOWN_FLOWS

INTEGRATION_TRAITS = frozenset({"ConnectorIntegration", "ConnectorIntegrationV2"})
# Traits whose name says nothing about the impl: the impl is named after its self type instead.
CONVERSION_TRAITS = frozenset(
    {
        "From",
        "TryFrom",
        "Into",
        "TryInto",
        "FromStr",
        "Default",
        "Display",
        "Debug",
        "Clone",
        "AsRef",
        "Deref",
        "Drop",
        "PartialEq",
        "Eq",
        "Hash",
        "Serialize",
        "Deserialize",
        "ForeignFrom",
        "ForeignTryFrom",
    }
)
OWNER_ALIASES = {"IncomingWebhook": "webhooks", "IncomingWebhookV2": "webhooks"}
COMMENTS = frozenset({"line_comment", "block_comment"})
CONTAINERS = frozenset({"source_file", "declaration_list", "block", "match_block"})
_STATEMENTS = frozenset({"expression_statement", "let_declaration", "empty_statement"})


@functools.cache
def language() -> Language:
    """The Rust grammar."""
    return Language(tree_sitter_rust.language())


@functools.cache
def parser() -> Parser:
    """One shared parser (tree-sitter parsers are reusable and cheap to keep)."""
    return Parser(language())


@functools.lru_cache(maxsize=128)
def parse(source: bytes) -> Tree:
    """The syntax tree of ``source``. Trees are kept (nothing here edits one): a run of ``new``
    reads the same file in several steps (the connector's own file about ten times)."""
    return parser().parse(source)


def text(node: Node) -> str:
    """The node's source text."""
    return (node.text or b"").decode("utf-8", errors="replace")


def line(node: Node) -> int:
    """1-based first line."""
    return node.start_point[0] + 1


def end_line(node: Node) -> int:
    """1-based last line."""
    return node.end_point[0] + 1


def walk(node: Node) -> Iterator[Node]:
    """Every node under ``node`` (itself included), in source order."""
    cursor = node.walk()
    while True:
        current = cursor.node
        assert current is not None
        yield current
        if cursor.goto_first_child():
            continue
        while not cursor.goto_next_sibling():
            if not cursor.goto_parent() or cursor.node == node:
                return


def ancestors(node: Node) -> Iterator[Node]:
    """The parents of ``node``, nearest first."""
    parent = node.parent
    while parent is not None:
        yield parent
        parent = parent.parent


def same(a: Node | None, b: Node | None) -> bool:
    """Whether two handles name the same node."""
    return a is not None and b is not None and a.id == b.id


def is_comment(node: Node) -> bool:
    """A line or block comment (doc comments included)."""
    return node.type in COMMENTS


def code_children(node: Node) -> list[Node]:
    """Named children that are not comments."""
    return [c for c in node.named_children if not is_comment(c)]


def comment_children(node: Node) -> list[Node]:
    """Comments directly inside ``node``."""
    return [c for c in node.named_children if is_comment(c)]


_SPACES = re.compile(r"\s+")
_AFTER_OPEN = re.compile(r"([<(\[]) ")
_BEFORE_CLOSE = re.compile(r" ?,? ?([>)\]])")
_COMMA = re.compile(r" ?, ?")


def tidy(source: str) -> str:
    """One-line form of a type or path: single spaces, ``, `` between arguments, no trailing commas."""
    flat = _SPACES.sub(" ", source).strip()
    flat = _AFTER_OPEN.sub(r"\1", flat)
    flat = _BEFORE_CLOSE.sub(r"\1", flat)
    return _COMMA.sub(", ", flat).replace(" ::", "::").replace(":: ", "::")


def comment_text(node: Node) -> str:
    """A comment's text without its markers (``//``, ``///``, ``/* */``)."""
    body = text(node).strip()
    body = body[2:-2] if body.startswith("/*") else body.lstrip("/")
    return body.lstrip("!").strip()


def _droppable_braces(arm: Node) -> list[tuple[int, int]]:
    """Braces of a match arm's block holding one expression (rustfmt adds or removes them)."""
    value = arm.child_by_field_name("value")
    if value is None or value.type != "block":
        return []
    inner = code_children(value)
    if len(inner) != 1 or inner[0].type in _STATEMENTS or inner[0].type.endswith("_item"):
        return []
    first, last = value.children[0], value.children[-1]
    return [(first.start_byte, first.end_byte), (last.start_byte, last.end_byte)]


_NOISE = re.compile(rb"[\s,]+")


def code_key(node: Node, stop: int | None = None) -> str:
    """Formatting-proof form of ``node``'s code (up to byte ``stop``): no comments, spaces or commas.

    Two texts that differ only by what rustfmt changes (layout, trailing commas, braces around a
    single-expression match arm) get the same key.
    """
    end = node.end_byte if stop is None else stop
    holes: list[tuple[int, int]] = []
    for child in walk(node):
        if child.start_byte >= end:
            break
        if is_comment(child):
            holes.append((child.start_byte, child.end_byte))
        elif child.type == "match_arm":
            holes.extend(_droppable_braces(child))
    source = node.text or b""
    base, pieces, position = node.start_byte, [], node.start_byte
    for start, stop_byte in sorted(holes):
        if start >= position:
            pieces.append(source[position - base : start - base])
            position = stop_byte
    pieces.append(source[position - base : end - base])
    return _NOISE.sub(b"", b"".join(pieces)).decode("utf-8", errors="replace")


def words(name: str) -> list[str]:
    """``AccessTokenAuth`` -> ``[Access, Token, Auth]``; a lone capital joins the next word: ``[PSync]``."""
    found = re.findall(r"[A-Z]+(?![a-z])|[A-Z]?[a-z0-9]+|[0-9]+", name)
    merged: list[str] = []
    for word in found:
        if merged and len(merged[-1]) == 1 and merged[-1].isupper():
            merged[-1] += word
        else:
            merged.append(word)
    return merged or [name]


def slug(name: str) -> str:
    """Snake-case id segment: ``PSync`` -> ``psync``, ``SetupMandate`` -> ``setup_mandate``."""
    return "_".join(w.lower() for w in words(name))


def last_segment(path: str) -> str:
    """``api::Authorize<T>`` -> ``Authorize``."""
    return path.split("<", 1)[0].rsplit("::", 1)[-1].strip()


def type_name(node: Node) -> str:
    """The base name of a type: ``&RefundsRouterData<F>`` -> ``RefundsRouterData``."""
    while node.type in ("reference_type", "generic_type", "pointer_type"):
        inner = node.child_by_field_name("type")
        if inner is None:
            break
        node = inner
    if node.type == "scoped_type_identifier":
        name = node.child_by_field_name("name")
        return text(name) if name is not None else tidy(text(node))
    return tidy(text(node))


def _first_type_argument(trait: Node) -> Node | None:
    arguments = trait.child_by_field_name("type_arguments")
    if arguments is None:
        return None
    found = code_children(arguments)
    return found[0] if found else None


@dataclass(frozen=True)
class ImplInfo:
    """What an ``impl`` block implements, for which type, and the id segment naming it."""

    trait: str | None  # tidy trait path with generic arguments, e.g. "ConnectorIntegration<Authorize, ...>"
    trait_name: str | None  # last path segment without generics, e.g. "ConnectorIntegration"
    self_type: str  # tidy self type, e.g. "Acmepay"
    flow: str | None  # a KNOWN_FLOWS name for ConnectorIntegration impls, else None
    owner: str  # id segment: "authorize", "common", "webhooks", "AcmepayPaymentsRequest", ...


def impl_info(impl: Node) -> ImplInfo:
    """Describe an ``impl_item`` node."""
    trait = impl.child_by_field_name("trait")
    self_node = impl.child_by_field_name("type")
    self_type = tidy(text(self_node)) if self_node is not None else ""
    base_type = type_name(self_node) if self_node is not None else ""
    if trait is None:
        return ImplInfo(None, None, self_type, None, base_type)
    trait_name = last_segment(text(trait))
    first = _first_type_argument(trait) if trait_name in INTEGRATION_TRAITS else None
    flow_arg = last_segment(text(first)) if first is not None else None
    flow = flow_arg if flow_arg in KNOWN_FLOWS else None
    return ImplInfo(tidy(text(trait)), trait_name, self_type, flow, _owner(trait_name, flow_arg, base_type))


def flow_of(trait_path: str | None) -> str | None:
    """The flow of a tidy trait path: ``ConnectorIntegration<api::PSync, ..>`` -> ``PSync``, else None."""
    if not trait_path or last_segment(trait_path) not in INTEGRATION_TRAITS or "<" not in trait_path:
        return None
    first = trait_path.split("<", 1)[1].split(",", 1)[0].rstrip(">")
    flow = last_segment(first)
    return flow if flow in KNOWN_FLOWS else None


def _owner(trait_name: str, flow_arg: str | None, base_type: str) -> str:
    if flow_arg:
        return slug(flow_arg)
    if trait_name in OWNER_ALIASES:
        return OWNER_ALIASES[trait_name]
    if trait_name in CONVERSION_TRAITS:
        return base_type
    stripped = trait_name.removeprefix("Connector") or trait_name
    return slug(stripped)


def impl_header(impl: Node) -> str:
    """Tidy one-line header of an impl: ``impl X<A, B> for Y``."""
    body = impl.child_by_field_name("body")
    stop = body.start_byte if body is not None else impl.end_byte
    source = (impl.text or b"")[: stop - impl.start_byte].decode("utf-8", errors="replace")
    return tidy(source)


def item_name(node: Node) -> str | None:
    """The declared name of a struct, enum, fn, const, mod, ... node."""
    name = node.child_by_field_name("name")
    return text(name) if name is not None else None


@dataclass(frozen=True)
class Enclosing:
    """The items around a node, innermost relevant ones."""

    function: Node | None  # the item-level fn (outermost fn below the impl or module)
    impl: Node | None  # the impl or trait block holding that fn (or the node)
    item: Node | None  # the top-level item (struct, enum, impl, fn, static, ...) holding the node
    modules: tuple[str, ...]  # names of inline modules around it, outermost first


def enclosing(node: Node) -> Enclosing:
    """The fn, impl, top-level item and modules around ``node`` (``node`` itself counts)."""
    function = impl = item = None
    modules: list[str] = []
    child: Node | None = None
    for current in (node, *ancestors(node)):
        parent = current.parent
        if current.type == "function_item" and impl is None:
            function = current
        elif current.type in ("impl_item", "trait_item") and impl is None:
            impl = current
        elif current.type == "mod_item" and child is not None and child.type == "declaration_list":
            modules.append(item_name(current) or "mod")
        child = current
        if (
            parent is not None
            and item is None
            and (
                parent.type == "source_file"
                or (parent.type == "declaration_list" and _is_module_body(parent))
            )
        ):
            item = current
    return Enclosing(function, impl, item, tuple(reversed(modules)))


def _is_module_body(node: Node) -> bool:
    return node.parent is not None and node.parent.type == "mod_item"


def next_item(comment: Node) -> Node | None:
    """The code item a comment stands before (skipping other comments and attributes), if any."""
    sibling = comment.next_named_sibling
    skipped = ("attribute_item", "inner_attribute_item")
    while sibling is not None and (is_comment(sibling) or sibling.type in skipped):
        sibling = sibling.next_named_sibling
    return sibling


def trailing_owner(comment: Node) -> Node | None:
    """The code sibling a comment trails on the same line (``x, // TODO``), if any."""
    previous = comment.prev_named_sibling
    if previous is not None and not is_comment(previous) and previous.end_point[0] == comment.start_point[0]:
        return previous
    return None


def node_at(tree: Tree, line_number: int, column: int | None = None) -> Node:
    """The smallest named node at a 1-based line and character column (default: first non-blank)."""
    row = line_number - 1
    lines = (tree.root_node.text or b"").split(b"\n")
    current = lines[row] if 0 <= row < len(lines) else b""
    if column is None:
        col = len(current) - len(current.lstrip())
    else:
        col = len(current.decode("utf-8", errors="replace")[: column - 1].encode("utf-8"))
    found = tree.root_node.named_descendant_for_point_range((row, col), (row, col))
    return found if found is not None else tree.root_node
