"""Finding the regions a proposal rewrites in a connector file, fingerprinting them, and rewriting them.

Everything is found by parsing, so positions survive formatting and earlier edits: a function by
its impl and name, an item group by the items' names (with the comments and attributes right
above each), an empty impl by its header. A region's fingerprint ignores layout only: an author's
edit, comments included, changes it.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from tree_sitter import Node

from scaffold import rust_paths, rust_syntax
from scaffold.proposals.model import Part, Region
from scaffold.trait_contracts import functions_of, impl_items, node_text, parse_rust, short_type, trait_parts

JSON_MACROS = ("impl_json", "impl_to_json", "impl_from_json", "impl_json_enum")


def impl_key(impl: Node) -> str:
    """``ConnectorIntegration<Void>``, ``ConnectorCommon``, ``From<AcmepayPaymentStatus>``, ``Acmepay``."""
    trait = impl.child_by_field_name("trait")
    if trait is None:
        return short_type(node_text(impl.child_by_field_name("type"))).split("<")[0]
    name, args = trait_parts(node_text(trait))
    return f"{name}<{short_type(args[0]).lstrip('&')}>" if args else name


def item_key(item: Node) -> str | None:
    """How an item group names a top-level item: ``struct X``, ``enum X``, ``macro X``, ``impl K for X``."""
    if item.type in ("struct_item", "enum_item"):
        return f"{item.type.removesuffix('_item')} {node_text(item.child_by_field_name('name'))}"
    if item.type == "impl_item":
        self_type = short_type(node_text(item.child_by_field_name("type"))).split("<")[0]
        return f"impl {impl_key(item)} for {self_type}"
    macro = _macro(item)
    if macro is not None:
        name, first = macro
        return f"macro {first}" if name in JSON_MACROS else None
    return None


def _macro(item: Node) -> tuple[str, str] | None:
    node = item.named_children[0] if item.type == "expression_statement" and item.named_children else item
    if node.type != "macro_invocation":
        return None
    name = rust_syntax.last_segment(node_text(node.child_by_field_name("macro")))
    tokens = next((c for c in node.named_children if c.type == "token_tree"), None)
    first = (
        next((node_text(c) for c in tokens.named_children if c.type == "identifier"), "") if tokens else ""
    )
    return name, first


def _leading(node: Node) -> int:
    """Where ``node`` starts with the attributes and comments on the lines right above it."""
    start, first = node.start_byte, node.start_point[0]
    sibling = node.prev_named_sibling
    while (
        sibling is not None
        and (rust_syntax.is_comment(sibling) or sibling.type == "attribute_item")
        and sibling.end_point[0] >= first - 1
        and rust_syntax.trailing_owner(sibling) is None
    ):
        start, first = sibling.start_byte, sibling.start_point[0]
        sibling = sibling.prev_named_sibling
    return start


def _line_start(source: bytes, offset: int) -> int:
    return source.rfind(b"\n", 0, offset) + 1


def _line_end(source: bytes, offset: int) -> int:
    found = source.find(b"\n", offset)
    return len(source) if found == -1 else found + 1


@dataclass(frozen=True)
class Span:
    start: int
    end: int


def find(root: Node, source: bytes, region: Region) -> list[Span]:
    """The byte spans of ``region`` in ``source`` ([] when it is not there)."""
    if region.kind == "fn":
        for impl in impl_items(root):
            if impl_key(impl) == region.owner:
                for fn in functions_of(impl):
                    if node_text(fn.child_by_field_name("name")) == region.name:
                        return [Span(_leading(fn), fn.end_byte)]
        return []
    if region.kind == "impl":
        found = [i for i in impl_items(root) if impl_key(i) == region.owner]
        return [Span(_leading(found[0]), found[0].end_byte)] if len(found) == 1 else []
    if region.kind == "method":
        return [Span(n.start_byte, n.end_byte) for n in _method_nodes(root, region.owner)][:1]
    if region.kind == "items":
        spans = []
        for name in region.names:
            node = next((n for n in root.named_children if item_key(n) == name), None)
            if node is None:
                return []
            spans.append(Span(_leading(node), node.end_byte))
        return spans
    return []


def _method_nodes(root: Node, owner: str) -> Iterator[Node]:
    """The argument of ``.method(..)`` in ``build_request`` of impl ``owner``."""
    for impl in impl_items(root):
        if impl_key(impl) != owner:
            continue
        for fn in functions_of(impl):
            if node_text(fn.child_by_field_name("name")) != "build_request":
                continue
            for node in rust_syntax.walk(fn):
                if node.type == "call_expression":
                    callee = node.child_by_field_name("function")
                    field = callee.child_by_field_name("field") if callee is not None else None
                    args = node.child_by_field_name("arguments")
                    if field is not None and node_text(field) == "method" and args is not None:
                        inner = args.named_children
                        if len(inner) == 1:
                            yield inner[0]


def fingerprint(source: bytes, spans: list[Span]) -> str:
    """A hash of the spans' text with layout collapsed ("" for no span)."""
    if not spans:
        return ""
    text = "\n".join(source[s.start : s.end].decode("utf-8", "replace") for s in spans)
    return hashlib.sha256(" ".join(text.split()).encode()).hexdigest()[:16]


def region_text(source: bytes, spans: list[Span]) -> str:
    return "\n".join(source[s.start : s.end].decode("utf-8", "replace") for s in spans)


# --- rewriting ----------------------------------------------------------------------------------


class RegionMissingError(Exception):
    """A region is not (or no longer) in the file."""


def _edits(root: Node, source: bytes, part: Part) -> list[tuple[int, int, str]]:
    region = part.region
    if region.kind == "end":
        return [(len(source), len(source), "\n" + part.code.strip("\n") + "\n")]
    spans = find(root, source, region)
    if not spans:
        raise RegionMissingError(region.label())
    first, *rest = spans
    column = first.start - _line_start(source, first.start)
    lines = part.code.strip("\n").split("\n")
    code = "\n".join([lines[0], *((" " * column + line) if line else line for line in lines[1:])])
    edits = [(first.start, first.end, code)]
    for span in rest:  # the group's other items go; their text is part of the code
        edits.append((_line_start(source, span.start), _line_end(source, span.end), ""))
    return edits


def apply(source: bytes, parts: list[Part]) -> bytes:
    """``source`` with every part written (regions, then renames, then imports)."""
    root = parse_rust(source)
    edits = [
        e for p in parts if p.region.kind not in ("rename", "use", "unuse") for e in _edits(root, source, p)
    ]
    edits.sort(key=lambda e: (e[0], e[1]))
    for (_, end_a, _), (start_b, _, _) in itertools.pairwise(edits):
        if start_b < end_a:
            raise RegionMissingError("two proposals rewrite the same code")
    out = source
    for start, end, text in reversed(edits):
        out = out[:start] + text.encode() + out[end:]
    renames = {p.region.name: p.code for p in parts if p.region.kind == "rename"}
    if renames:
        out = rename(out, renames)
    unused = [p.region.name for p in parts if p.region.kind == "unuse"]
    if unused:
        out = drop_unused(out, unused)
    uses = [p.region.name for p in parts if p.region.kind == "use"]
    return add_uses(out, uses, parts[0].region.file) if uses else out


def drop_unused(source: bytes, names: list[str]) -> bytes:
    """Imports of ``names`` removed where nothing else in the file names them any more."""
    root = parse_rust(source)
    edits = []
    for name in names:
        nodes = [
            n
            for n in rust_syntax.walk(root)
            if n.type in ("identifier", "type_identifier") and node_text(n) == name
        ]
        in_use = [n for n in nodes if any(a.type == "use_declaration" for a in rust_syntax.ancestors(n))]
        if in_use and len(in_use) == len(nodes):
            edits += [_use_item_removal(n) for n in in_use]
    out = source
    for start, end, text in sorted(set(edits), reverse=True):
        out = out[:start] + text.encode() + out[end:]
    return out


def rename(source: bytes, names: dict[str, str]) -> bytes:
    """Every identifier in ``names`` replaced; an import of a name the file already binds is dropped."""
    root = parse_rust(source)
    bound = set(rust_paths.Scope.of(source, "").bindings)
    edits: list[tuple[int, int, str]] = []
    for node in rust_syntax.walk(root):
        if node.type not in ("identifier", "type_identifier") or node_text(node) not in names:
            continue
        new = names[node_text(node)]
        in_use = any(a.type == "use_declaration" for a in rust_syntax.ancestors(node))
        if in_use and new in bound:
            edits.append(_use_item_removal(node))
        else:
            edits.append((node.start_byte, node.end_byte, new))
    out = source
    for start, end, text in sorted(set(edits), reverse=True):
        out = out[:start] + text.encode() + out[end:]
    return out


def _use_item_removal(node: Node) -> tuple[int, int, str]:
    item = node
    while item.parent is not None and item.parent.type == "scoped_identifier":
        item = item.parent
    nxt, prev = item.next_sibling, item.prev_sibling
    if nxt is not None and nxt.type == ",":
        return item.start_byte, nxt.end_byte, ""
    if prev is not None and prev.type == ",":
        return prev.start_byte, item.end_byte, ""
    return item.start_byte, item.end_byte, ""


def add_uses(source: bytes, paths: list[str], rel: str) -> bytes:
    """``use <path>;`` for each path whose last segment the file does not bind yet."""
    scope = rust_paths.Scope.of(source, rel)
    full = set(scope.bindings.values()) | {
        f"crate::{v.split('::', 1)[1]}" for v in scope.bindings.values() if "::" in v
    }
    wanted = []
    for path in dict.fromkeys(paths):
        bare = path.removesuffix(" as _")
        name = bare.rsplit("::", 1)[-1]
        if bare in full or _glob_bound(source, bare):
            continue
        if path.endswith(" as _") or (name not in scope.bindings and name not in scope.defined):
            wanted.append(path)
    if not wanted:
        return source
    root = parse_rust(source)
    uses = [n for n in root.named_children if n.type == "use_declaration"]
    at = uses[-1].end_byte if uses else 0
    text = "".join(f"\nuse {p};" for p in wanted)
    return source[:at] + text.encode() + (b"" if uses else b"\n") + source[at:]


def _glob_bound(source: bytes, path: str) -> bool:
    """Whether ``use <path> as _;`` (or the path itself) is already written in the file."""
    text = source.decode("utf-8", "replace")
    return re.search(rf"\buse\s+{re.escape(path)}\s+as\s+_\s*;", text) is not None


def rust_ident(text: str) -> str:
    """A Rust identifier for a wire name (``expMonth`` -> ``exp_month``; keywords get ``r#``)."""
    from scaffold.naming import snake_case

    name = snake_case(text) or "field"
    if name[0].isdigit():
        name = f"field_{name}"
    return f"r#{name}" if name in _KEYWORDS else name


_KEYWORDS = frozenset(
    [
        "as",
        "break",
        "const",
        "continue",
        "crate",
        "else",
        "enum",
        "extern",
        "false",
        "fn",
        "for",
        "if",
        "impl",
        "in",
        "let",
        "loop",
        "match",
        "mod",
        "move",
        "mut",
        "pub",
        "ref",
        "return",
        "self",
        "static",
        "struct",
        "super",
        "trait",
        "true",
        "type",
        "unsafe",
        "use",
        "where",
        "while",
        "async",
        "await",
        "dyn",
        "abstract",
        "become",
        "box",
        "do",
        "final",
        "macro",
        "override",
        "priv",
        "typeof",
        "unsized",
        "virtual",
        "yield",
        "try",
    ]
)


def pascal_ident(text: str) -> str:
    """A Rust type or variant name for a wire name (``partially_captured`` -> ``PartiallyCaptured``)."""
    from scaffold.naming import pascal_case

    name = pascal_case(text) or "Unknown"
    return f"V{name}" if name[0].isdigit() else name


def strip_r(name: str) -> str:
    return re.sub(r"^r#", "", name)
