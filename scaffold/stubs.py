"""Finding the stubs left in a connector's Rust files, by parsing them (tree-sitter).

What is looked for (markers):

- ``todo!()``, ``unimplemented!()`` and ``panic!("not implemented")``-style macro calls;
- ``NotImplemented(..)`` and ``WebhooksNotImplemented`` errors, with whatever wraps them
  (``Err(..)``, ``.into()``, ``report!(..)``), however many lines rustfmt spreads them over;
- TODO/FIXME comments in any spelling (``TODO:``, ``TODO!``, ``Todo :``, ``//TODO``, ``FIXME``);
- empty trait impls (``impl ConnectorIntegration<Void, ..> for X {}``), maybe holding only comments.

How markers are classified (a marker is never reported twice):

- ``todo!()``, ``unimplemented!()``, ``panic!`` and TODO comments are always **stubs**.
- A ``NotImplemented``-style error is a **stub** when it is the whole body of its function
  (``fn get_url(..) { Err(NotImplemented(..).into()) }``), or when its function is still exactly
  the template's function for this connector name (same impl and fn, same code once layout,
  comments, commas and rustfmt's optional match-arm braces are ignored). So the template's own
  ``NotImplemented`` match arms in ``transformers.rs`` (``Card(_) => ..`` and ``_ => ..``) are stubs
  in a fresh scaffold, and both become ``unsupported`` as soon as the author edits that function:
  arms left after an edit are deliberate. Every other ``NotImplemented`` marker is **unsupported**
  (a payment method or flow the connector refuses on purpose): reported apart, never work to do.
- Comments belonging to a stub are its ``guidance``, not stubs of their own: comments right above
  a code stub, comments after it that end its block (the Minor/Base unit notes under ``todo!()``
  in ``get_currency_unit``), the comments inside an empty impl, and plain comments continuing a
  TODO comment.
- An empty trait impl is a **stub** (kind ``empty_impl``) when it holds a TODO comment. An empty
  ``ConnectorIntegration`` impl without one is a stub only in a fresh scaffold: it must be exactly
  the template's (comments included), and at least half of the template's functions holding a
  marker must still be unchanged in that file (``get_url`` of each flow, the webhook methods,
  ...). Otherwise it is intended (the flow falls back to the trait's defaults) and not reported.
  Why half rather than "any": finished connectors without webhooks keep the template's two
  webhook functions verbatim (37 of them in the 2026 checkout), and their empty impls are
  deliberate. To mark an empty impl as deliberate earlier, change or add the comment inside it.

Ids are stable across runs and formatting: ``<flow>.<fn>`` for ``ConnectorIntegration`` impls
(``authorize.get_url``, ``psync.get_url``), ``common.<fn>`` for ``ConnectorCommon``,
``webhooks.<fn>`` for ``IncomingWebhook``, ``<trait>.<fn>`` for other traits (``Connector`` prefix
dropped, snake case), ``<SelfType>.<fn>`` for inherent and conversion (``From``/``TryFrom``) impls,
``<flow>.impl`` for an empty impl, ``<Item>`` for a comment before a struct or enum. Files other
than the connector's main file prefix their module path (``transformers.AcmepayPaymentsRequest``).
When two markers share an id, later ones get ``#2``, ``#3``, ... in source order.

Finding is done on the syntax tree: a byte search for the names involved (``NotImplemented``,
``todo``, ``impl``, ...) only picks candidate offsets, and the node found there decides (an
identifier in code, a macro's name, a comment, an ``impl`` keyword), which keeps a full scan of
every connector well under the parse time.

Scope: the connector's main file and every file in its folder. The router test file
(``crates/router/tests/connectors/<name>.rs``) is not scanned: the template's test holds no
markers, and TODOs there are test setup, not connector code. ``locate`` handles it all the same
(ids prefixed ``test.``), so build errors there still get a name.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from tree_sitter import Node, Tree

from scaffold import rust_syntax as rs
from scaffold.checkout import Checkout
from scaffold.errors import ExitCode, ScaffoldError, UsageError
from scaffold.report import plural


@dataclass(frozen=True)
class Stub:
    """One unfinished place in a connector's code, located by parsing."""

    id: str  # stable across runs and formatting, e.g. "authorize.get_url"
    file: str  # relative to the checkout root, POSIX
    line: int  # 1-based, current position
    column: int  # 1-based
    # todo | unimplemented | panic | not_implemented | webhooks_not_implemented | todo_comment | empty_impl
    kind: str
    # e.g. "ConnectorIntegration<Authorize, PaymentsAuthorizeData, PaymentsResponseData>"
    impl_trait: str | None
    self_type: str | None  # e.g. "Acmepay"
    # Authorize, PSync, Capture, Void, Execute, RSync, Session, SetupMandate, AccessTokenAuth,
    # PaymentMethodToken (flows.KNOWN_FLOWS), else None
    flow: str | None
    function: str | None  # enclosing fn name
    target_item: str | None  # for a comment outside any fn: the struct/enum/impl it stands before
    text: str  # the stub's own source text (one line, whitespace collapsed)
    guidance: tuple[str, ...] = field(default=())  # comments that belong to this stub
    end_line: int = 0  # 1-based, last line of the stub's code
    end_column: int = 0  # 1-based, exclusive
    # why: macro | whole_body | template | todo_comment | empty_impl_todo | empty_impl_template,
    # or unsupported for the markers reported apart
    reason: str = ""


@dataclass(frozen=True)
class FileScan:
    """The stubs and the unsupported markers of one file."""

    file: str
    stubs: tuple[Stub, ...]
    unsupported: tuple[Stub, ...]


@dataclass(frozen=True)
class ConnectorScan:
    """Every scanned file of one connector."""

    connector: str
    files: tuple[FileScan, ...]

    @property
    def stubs(self) -> list[Stub]:
        """All stubs, file by file in source order."""
        return [s for f in self.files for s in f.stubs]

    @property
    def unsupported(self) -> list[Stub]:
        """All unsupported markers (deliberate NotImplemented arms)."""
        return [s for f in self.files for s in f.unsupported]


@dataclass(frozen=True)
class ConnectorCount:
    """``stubs --all``: how much is left in one connector."""

    connector: str
    files: int
    stubs: int
    unsupported: int


# ---------------------------------------------------------------------------------------------
# The template index: what the template rendered, keyed by enclosing item.

_SENTINEL = "zqxsentinel"  # a name no checkout uses: render once, then rename per connector


@dataclass(frozen=True)
class TemplateIndex:
    """The template's functions holding a marker, and its empty impls, by enclosing item."""

    units: frozenset[tuple[str, str]]  # (unit key, code key)
    empty_impls: frozenset[tuple[str, str]]  # (impl header key, comments inside)

    @functools.cached_property
    def wheres(self) -> frozenset[str]:
        """The unit keys alone."""
        return frozenset(where for where, _ in self.units)

    def renamed(self, old: str, new: str) -> TemplateIndex:
        """The index of the same template rendered for ``new`` instead of ``old`` (simple names only)."""
        pairs = ((old, new), (old.capitalize(), new[:1].upper() + new[1:]), (old.upper(), new.upper()))

        def swap(value: str) -> str:
            for before, after in pairs:
                value = value.replace(before, after)
            return value

        return TemplateIndex(
            frozenset((swap(a), swap(b)) for a, b in self.units),
            frozenset((swap(a), swap(b)) for a, b in self.empty_impls),
        )


@functools.lru_cache(maxsize=64)
def template_index(template_source: bytes) -> TemplateIndex:
    """Index the rendered template text of one file."""
    scan = _FileScanner(template_source, rs.parse(template_source), "", None)
    units = frozenset(scan.unit_key(m.node) for m in scan.markers())
    empties = frozenset((scan.impl_key(i), _comment_signature(i)) for i in scan.empty_impls())
    return TemplateIndex(frozenset(u for u in units if u is not None), empties)


def _comment_signature(impl: Node) -> str:
    body = impl.child_by_field_name("body")
    return "\n".join(rs.comment_text(c) for c in rs.comment_children(body)) if body is not None else ""


# ---------------------------------------------------------------------------------------------
# Finding markers in one parsed file.

_TODO_COMMENT = re.compile(r"^[^A-Za-z0-9]*(todo|fixme)\b", re.IGNORECASE)
_PANIC_TEXT = re.compile(r"not\s+(yet\s+)?implemented|unimplemented|\btodo\b", re.IGNORECASE)
_ERROR_NAMES = frozenset({"NotImplemented", "WebhooksNotImplemented"})
_ERROR_MACROS = frozenset({"report", "bail"})
_ERROR_WRAPPERS = frozenset({"Err", "from"})
_CLIMB_THROUGH = frozenset({"try_expression", "return_expression", "parenthesized_expression"})
_MACRO_KINDS = {"todo": "todo", "unimplemented": "unimplemented", "panic": "panic"}


@dataclass
class _Marker:
    node: Node  # the whole marker expression, e.g. the ``Err(..)`` call
    kind: str


def is_todo_comment(comment: str) -> bool:
    """Whether a comment's text (markers stripped) starts with TODO or FIXME, in any spelling."""
    return _TODO_COMMENT.match(comment) is not None


def _occurrences(data: bytes, needle: bytes) -> Iterator[int]:
    start = data.find(needle)
    while start != -1:
        yield start
        start = data.find(needle, start + len(needle))


def _callee_name(call: Node) -> str:
    function = call.child_by_field_name("function")
    return rs.last_segment(rs.text(function)) if function is not None else ""


def _macro_name(macro: Node) -> str:
    name = macro.child_by_field_name("macro")
    return rs.last_segment(rs.text(name)) if name is not None else ""


def _is_pattern_or_use(node: Node) -> bool:
    return (
        node.type.endswith("_pattern")
        or node.type.startswith("use_")
        or node.type
        in (
            "scoped_use_list",
            "use_list",
            "use_declaration",
        )
    )


def _climb_error(node: Node) -> Node:
    """From the error value out to the expression producing it: ``.into()``, ``Err(..)``, ``?``."""
    while (parent := node.parent) is not None:
        grand = parent.parent
        if grand is not None and _wraps(parent, grand):
            node = grand
        elif parent.type in _CLIMB_THROUGH:
            node = parent
        else:
            return node
    return node


def _wraps(parent: Node, grand: Node) -> bool:
    """A method call on the error (``.into()``) or a wrapper around it (``Err(..)``)."""
    if parent.type == "field_expression":
        return grand.type == "call_expression"
    return parent.type == "arguments" and _callee_name(grand) in _ERROR_WRAPPERS


def _error_marker(ident: Node) -> Node | None:
    """The marker expression around a ``NotImplemented``/``WebhooksNotImplemented`` name, if any."""
    node = ident
    while node.parent is not None and node.parent.type == "scoped_identifier":
        node = node.parent
    parent = node.parent
    if parent is None or _is_pattern_or_use(parent):
        return None
    if parent.type == "token_tree":
        macro = next((a for a in rs.ancestors(parent) if a.type != "token_tree"), None)
        if macro is None or macro.type != "macro_invocation" or _macro_name(macro) not in _ERROR_MACROS:
            return None
        node = macro
    elif parent.type == "call_expression" and rs.same(parent.child_by_field_name("function"), node):
        node = parent
    return _climb_error(node)


def _macro_marker(ident: Node) -> _Marker | None:
    """``todo!``/``unimplemented!``/``panic!("not implemented")`` around a macro name."""
    node = ident.parent if ident.parent is not None and ident.parent.type == "scoped_identifier" else ident
    macro = node.parent
    if macro is None or macro.type != "macro_invocation":
        return None
    if not rs.same(macro.child_by_field_name("macro"), node):
        return None
    kind = _MACRO_KINDS[rs.text(ident)]
    if kind == "panic" and not any(
        n.type == "string_literal" and _PANIC_TEXT.search(rs.text(n)) for n in rs.walk(macro)
    ):
        return None
    return _Marker(macro, kind)


def _whole_body(marker: Node) -> bool:
    """Whether ``marker`` is all its function does."""
    function = next((a for a in rs.ancestors(marker) if a.type == "function_item"), None)
    body = function.child_by_field_name("body") if function is not None else None
    if body is None:
        return False
    inner = rs.code_children(body)
    if len(inner) != 1:
        return False
    only = inner[0]
    if only.type == "expression_statement":
        statement = rs.code_children(only)
        only = statement[0] if statement else only
    return rs.same(only, marker)


def _statement(node: Node) -> Node:
    """The ancestor of ``node`` that is a direct child of a block, match or item list."""
    while node.parent is not None and node.parent.type not in rs.CONTAINERS:
        node = node.parent
    return node


def _comments_after(anchor: Node) -> list[Node]:
    """Comments on the following lines that end the block (nothing but comments after them)."""
    found, last = [], anchor.end_point[0]
    sibling = anchor.next_named_sibling
    while sibling is not None and rs.is_comment(sibling) and sibling.start_point[0] <= last + 1:
        found.append(sibling)
        last, sibling = sibling.end_point[0], sibling.next_named_sibling
    if sibling is not None:  # code follows: those comments introduce it, except one on the same line
        return [c for c in found if c.start_point[0] == anchor.end_point[0]]
    return found


def _comments_before(anchor: Node) -> list[Node]:
    """Comments on the lines right above ``anchor`` (not trailing an earlier statement)."""
    found: list[Node] = []
    first, sibling = anchor.start_point[0], anchor.prev_named_sibling
    while (
        sibling is not None
        and rs.is_comment(sibling)
        and sibling.end_point[0] >= first - 1
        and rs.trailing_owner(sibling) is None
    ):
        found.insert(0, sibling)
        first, sibling = sibling.start_point[0], sibling.prev_named_sibling
    return found


def _continuation(comment: Node) -> list[Node]:
    """Plain comments continuing a TODO comment on the next lines."""
    found, last = [], comment.end_point[0]
    sibling = comment.next_named_sibling
    while (
        sibling is not None
        and rs.is_comment(sibling)
        and sibling.start_point[0] == last + 1
        and not is_todo_comment(rs.comment_text(sibling))
    ):
        found.append(sibling)
        last, sibling = sibling.end_point[0], sibling.next_named_sibling
    return found


class _FileScanner:
    """One file's markers, classified; ids and positions resolved."""

    def __init__(self, source: bytes, tree: Tree, module: str, template: TemplateIndex | None) -> None:
        self.source, self.tree, self.module, self.template = source, tree, module, template
        self._impl_keys: dict[int, str] = {}

    # -- finding ---------------------------------------------------------------------------

    def _nodes_named(self, needle: bytes, types: tuple[str, ...]) -> Iterator[Node]:
        root, seen = self.tree.root_node, set()
        for offset in _occurrences(self.source, needle):
            node = root.descendant_for_byte_range(offset, offset + len(needle))
            if node is not None and node.type in types and node.id not in seen:
                seen.add(node.id)
                yield node

    def markers(self) -> list[_Marker]:
        """Every code marker, in source order."""
        found: dict[int, _Marker] = {}
        for ident in self._nodes_named(b"NotImplemented", ("identifier",)):
            name = rs.text(ident)
            marker = _error_marker(ident) if name in _ERROR_NAMES else None
            if marker is not None:
                kind = "webhooks_not_implemented" if name.startswith("Webhooks") else "not_implemented"
                found.setdefault(marker.id, _Marker(marker, kind))
        for needle in _MACRO_KINDS:
            for ident in self._nodes_named(needle.encode(), ("identifier",)):
                macro = _macro_marker(ident) if rs.text(ident) == needle else None
                if macro is not None:
                    found.setdefault(macro.node.id, macro)
        return sorted(found.values(), key=lambda m: m.node.start_byte)

    def todo_comments(self) -> list[Node]:
        """Every TODO/FIXME comment, in source order."""
        lowered, root, found = self.source.lower(), self.tree.root_node, {}
        for needle in (b"todo", b"fixme"):
            for offset in _occurrences(lowered, needle):
                node = root.descendant_for_byte_range(offset, offset + len(needle))
                while (
                    node is not None
                    and not rs.is_comment(node)
                    and node.parent is not None
                    and node.parent.type in rs.COMMENTS
                ):
                    node = node.parent
                if node is not None and rs.is_comment(node) and is_todo_comment(rs.comment_text(node)):
                    found[node.start_byte] = node
        return [found[k] for k in sorted(found)]

    def empty_impls(self) -> list[Node]:
        """Trait impls whose body holds nothing but comments."""
        impls = []
        for keyword in self._nodes_named(b"impl", ("impl",)):
            impl = keyword.parent
            if impl is None or impl.type != "impl_item" or impl.child_by_field_name("trait") is None:
                continue
            body = impl.child_by_field_name("body")
            if body is not None and not rs.code_children(body):
                impls.append(impl)
        return impls

    # -- template comparison ---------------------------------------------------------------

    def impl_key(self, impl: Node) -> str:
        """Formatting-proof key of an impl's header."""
        if impl.id not in self._impl_keys:
            body = impl.child_by_field_name("body")
            self._impl_keys[impl.id] = rs.code_key(impl, body.start_byte if body is not None else None)
        return self._impl_keys[impl.id]

    def _unit(self, node: Node) -> tuple[str, Node] | None:
        """(which item, the item) for the fn or top-level item holding ``node``."""
        around = rs.enclosing(node)
        unit = around.function or around.item
        if unit is None:
            return None
        header = self.impl_key(around.impl) if around.impl is not None and _is_impl(around.impl) else ""
        return f"{header}|{unit.type}:{rs.item_name(unit) or ''}", unit

    def unit_key(self, node: Node) -> tuple[str, str] | None:
        """(which item, its code) of the fn or top-level item holding ``node``."""
        found = self._unit(node)
        return (found[0], rs.code_key(found[1])) if found is not None else None

    def from_template(self, node: Node) -> str | None:
        """The item key of the code around ``node`` when it is still exactly the template's."""
        found = self._unit(node) if self.template is not None else None
        if found is None or self.template is None or found[0] not in self.template.wheres:
            return None
        return found[0] if (found[0], rs.code_key(found[1])) in self.template.units else None

    # -- classification --------------------------------------------------------------------

    def findings(self) -> list[_Finding]:
        """Every stub and unsupported marker, classified, guidance attached."""
        consumed: set[int] = set()
        found: list[_Finding] = []
        unchanged: set[str] = set()
        for marker in self.markers():
            where = self.from_template(marker.node)
            if where is not None:
                unchanged.add(where)
            found.append(self._classify(marker, where is not None, consumed))
        fresh = self.template is not None and 0 < 2 * len(unchanged) >= len(self.template.wheres)
        found.extend(self._empty_impl_findings(fresh, consumed))
        for comment in self.todo_comments():
            if comment.id not in consumed:
                consumed.add(comment.id)
                found.append(
                    _Finding(
                        comment,
                        "todo_comment",
                        True,
                        "todo_comment",
                        self._take(_continuation(comment), consumed),
                    )
                )
        return sorted(found, key=lambda f: f.node.start_byte)

    def _classify(self, marker: _Marker, template: bool, consumed: set[int]) -> _Finding:
        if marker.kind in ("todo", "unimplemented", "panic"):
            reason = "macro"
        elif _whole_body(marker.node):
            reason = "whole_body"
        elif template:
            reason = "template"
        else:
            return _Finding(marker.node, marker.kind, False, "unsupported", [])
        anchor = _statement(marker.node)
        near = _comments_before(anchor) + _comments_after(anchor)
        return _Finding(marker.node, marker.kind, True, reason, self._take(near, consumed))

    def _empty_impl_findings(self, fresh: bool, consumed: set[int]) -> Iterator[_Finding]:
        for impl in self.empty_impls():
            body = impl.child_by_field_name("body")
            comments = rs.comment_children(body) if body is not None else []
            if any(is_todo_comment(rs.comment_text(c)) for c in comments):
                reason = "empty_impl_todo"
            elif fresh and self._template_empty_impl(impl):
                reason = "empty_impl_template"
            else:
                continue
            yield _Finding(impl, "empty_impl", True, reason, self._take(comments, consumed))

    def _template_empty_impl(self, impl: Node) -> bool:
        info = rs.impl_info(impl)
        if self.template is None or info.trait_name not in rs.INTEGRATION_TRAITS:
            return False
        return (self.impl_key(impl), _comment_signature(impl)) in self.template.empty_impls

    @staticmethod
    def _take(comments: Iterable[Node], consumed: set[int]) -> list[Node]:
        taken = [c for c in comments if c.id not in consumed]
        consumed.update(c.id for c in taken)
        return taken

    # -- naming ----------------------------------------------------------------------------

    def path_of(self, node: Node) -> list[str]:
        """Id segments of the item holding ``node`` (module prefix excluded)."""
        around = rs.enclosing(node)
        segments = list(around.modules)
        if around.impl is not None:
            segments.append(_owner(around.impl))
            inner = around.function
            if (
                inner is None
                and node.parent is not None
                and node.parent.parent is not None
                and rs.same(node.parent.parent, around.impl)
            ):
                inner = node
            segments.append(rs.item_name(inner) or "impl" if inner is not None else "impl")
        elif around.function is not None:
            segments.append(rs.item_name(around.function) or "fn")
        elif around.item is not None:
            segments.append(_item_segment(around.item))
        return segments

    def base_id(self, finding: _Finding) -> str:
        """The id before collision suffixes."""
        if finding.kind == "empty_impl":
            segments = [*self.path_of(finding.node)[:-1], "impl"]
        elif finding.kind == "todo_comment" and rs.enclosing(finding.node).function is None:
            segments = self.comment_path(finding.node)
        else:
            segments = self.path_of(finding.node)
        return ".".join(s for s in (self.module, *segments) if s)

    def comment_path(self, comment: Node) -> list[str]:
        target = _comment_target(comment)
        if target is None:
            around = rs.enclosing(comment)
            return [*around.modules, _owner(around.impl), "impl"] if around.impl is not None else ["file"]
        return self.path_of(target)

    def stub(self, finding: _Finding, stub_id: str, rel_path: str) -> Stub:
        """The public record of one finding."""
        node, around = finding.node, rs.enclosing(finding.node)
        info = rs.impl_info(around.impl) if around.impl is not None and _is_impl(around.impl) else None
        target = _comment_target(node) if finding.kind == "todo_comment" and around.function is None else None
        line_no, column = self._position(node.start_byte)
        end_line, end_column = self._position(node.end_byte)
        return Stub(
            id=stub_id,
            file=rel_path,
            line=line_no,
            column=column,
            kind=finding.kind,
            impl_trait=info.trait if info else None,
            self_type=info.self_type if info else None,
            flow=info.flow if info else None,
            function=rs.item_name(around.function) if around.function is not None else None,
            target_item=_target_name(target) if target is not None else None,
            text=_stub_text(node, finding.kind),
            guidance=tuple(rs.comment_text(c) for c in finding.guidance),
            end_line=end_line,
            end_column=end_column,
            reason=finding.reason,
        )

    def _position(self, offset: int) -> tuple[int, int]:
        line_start = self.source.rfind(b"\n", 0, offset) + 1
        column = len(self.source[line_start:offset].decode("utf-8", errors="replace")) + 1
        return self.source.count(b"\n", 0, offset) + 1, column


@dataclass
class _Finding:
    node: Node
    kind: str
    is_stub: bool
    reason: str
    guidance: list[Node]


def _is_impl(node: Node | None) -> bool:
    return node is not None and node.type == "impl_item"


def _owner(impl: Node) -> str:
    if impl.type == "trait_item":
        return rs.item_name(impl) or "trait"
    return rs.impl_info(impl).owner


def _item_segment(item: Node) -> str:
    if item.type == "use_declaration":
        return "imports"
    if item.type == "macro_invocation":
        return _macro_name(item)
    return rs.item_name(item) or item.type


def _comment_target(comment: Node) -> Node | None:
    """The item a comment outside any fn concerns: the one it trails, stands before, or sits in."""
    parent = comment.parent
    if parent is not None and parent.type in ("source_file", "declaration_list"):
        return rs.trailing_owner(comment) or rs.next_item(comment)
    return rs.enclosing(comment).item


def _target_name(target: Node) -> str:
    if target.type == "impl_item":
        return rs.impl_header(target)
    if target.type == "use_declaration":
        return "imports"
    return rs.item_name(target) or rs.tidy(rs.text(target))[:80]


_SPACE_DOT = re.compile(r" \.(?=[A-Za-z_])")


def _stub_text(node: Node, kind: str) -> str:
    if kind == "todo_comment":
        return " ".join(rs.comment_text(node).split())[:200]
    if kind == "empty_impl":
        return rs.impl_header(node) + " {}"
    return _SPACE_DOT.sub(".", rs.tidy(rs.text(node)))[:200]


def _assign_ids(bases: list[str]) -> list[str]:
    """``#2``, ``#3``, ... on repeated ids, in order."""
    seen: dict[str, int] = {}
    ids = []
    for base in bases:
        seen[base] = seen.get(base, 0) + 1
        ids.append(base if seen[base] == 1 else f"{base}#{seen[base]}")
    return ids


# ---------------------------------------------------------------------------------------------
# Public API: one file.


def module_for(rel_path: str) -> str:
    """Id prefix of a connector file: ``""`` for the main file, ``transformers`` for its transformers."""
    parts = PurePosixPath(rel_path).with_suffix("").parts
    anchors = [i for i, p in enumerate(parts) if p in ("connectors", "connector")]
    fallback = parts[-1:] if parts[-1:] == ("transformers",) else ()
    inner = parts[anchors[-1] + 2 :] if anchors else fallback
    return "" if inner == ("mod",) else ".".join(inner)


def _scan_tree(
    source: bytes,
    tree: Tree,
    rel_path: str,
    module: str,
    template: TemplateIndex | None,
) -> FileScan:
    scanner = _FileScanner(source, tree, module, template)
    findings = scanner.findings()
    ids = _assign_ids([scanner.base_id(f) for f in findings])
    stubs = [scanner.stub(f, i, rel_path) for f, i in zip(findings, ids, strict=True)]
    return FileScan(
        rel_path,
        tuple(s for s, f in zip(stubs, findings, strict=True) if f.is_stub),
        tuple(s for s, f in zip(stubs, findings, strict=True) if not f.is_stub),
    )


def find_stubs(
    source: bytes,
    rel_path: str,
    *,
    template_source: bytes | None,
    module: str | None = None,
) -> FileScan:
    """Stubs and unsupported markers of one file.

    ``template_source`` is the template file rendered for this connector (``mod.rs`` for the main
    file, ``transformers.rs`` for its transformers), or None; ``module`` the id prefix (default:
    guessed from ``rel_path``).
    """
    template = template_index(template_source) if template_source is not None else None
    module = module_for(rel_path) if module is None else module
    return _scan_tree(source, rs.parse(source), rel_path, module, template)


def scan_source(source: bytes, rel_path: str, module: str, template: TemplateIndex | None) -> FileScan:
    """Stubs of one file's content read from anywhere (the index, HEAD), against a template index."""
    return _scan_tree(source, rs.parse(source), rel_path, module, template)


def _in_range(stub: Stub, line: int, column: int | None) -> bool:
    if column is None:
        return stub.line <= line <= stub.end_line
    return (stub.line, stub.column) <= (line, column) < (stub.end_line, stub.end_column)


def locate_in(scan: FileScan, tree: Tree, module: str, line: int, column: int | None = None) -> str | None:
    """The id of the stub at a position, else of the item holding it (fn in impl: ``<owner>.<fn>``)."""
    hits = [s for s in (*scan.stubs, *scan.unsupported) if _in_range(s, line, column)]
    if hits:
        return min(hits, key=lambda s: (s.end_line - s.line, s.end_column - s.column)).id
    node = rs.node_at(tree, line, column)
    if node.type == "source_file":
        return None
    scanner = _FileScanner(b"", tree, module, None)
    outside = rs.is_comment(node) and rs.enclosing(node).function is None
    segments = scanner.comment_path(node) if outside else scanner.path_of(node)
    return ".".join(s for s in (module, *segments) if s) or None


# ---------------------------------------------------------------------------------------------
# Connectors in a checkout: which files, which template, cache.

_SIMPLE_NAME = re.compile(r"[a-z][a-z0-9]*")
_CODE_FILES = (Path(__file__), Path(rs.__file__))


@dataclass(frozen=True)
class SourceFile:
    """One connector file with its id prefix and the template file it was rendered from."""

    path: Path
    rel: str
    module: str
    template_file: str | None  # key in the rendered template, e.g. "mod.rs"


def connector_sources(checkout: Checkout, name: str) -> list[SourceFile]:
    """The connector's main file and the files in its folder."""
    folder = checkout.path(checkout.layout.connectors_dir)
    files = []
    for path in checkout.connector_files(name):
        inner = path.relative_to(folder).parts[1:]
        if not inner or inner == ("mod.rs",):
            module, template_file = "", "mod.rs"
        else:
            module = ".".join(PurePosixPath(*inner).with_suffix("").parts)
            template_file = PurePosixPath(*inner).as_posix()
        files.append(SourceFile(path, checkout.rel(path), module, template_file))
    return files


class Templates:
    """The checkout's connector template, rendered and indexed per connector name on demand."""

    def __init__(self, checkout: Checkout) -> None:
        self.folder = checkout.path(checkout.layout.template_dir)
        files = sorted(p for p in self.folder.iterdir() if p.is_file()) if self.folder.is_dir() else []
        self.raw = {p.name.removesuffix(".liquid"): p.read_bytes() for p in files}
        digest = hashlib.sha256()
        for name, data in sorted(self.raw.items()):
            digest.update(name.encode() + b"\0" + data)
        self.fingerprint = digest.hexdigest()[:16]
        self._rendered: dict[str, dict[str, str] | None] = {}

    def rendered(self, name: str) -> dict[str, str] | None:
        """Every template file rendered for ``name`` (None when the template cannot be rendered)."""
        if name not in self._rendered:
            from scaffold.render import render_tree  # liquid is only needed on a cache miss

            try:
                self._rendered[name] = render_tree(self.folder, name) if self.raw else None
            except ScaffoldError:
                self._rendered[name] = None
        return self._rendered[name]

    def source(self, name: str, template_file: str | None) -> bytes | None:
        """One template file rendered for ``name``."""
        rendered = self.rendered(name) if template_file in self.raw else None
        text = rendered.get(template_file or "") if rendered else None
        return text.encode("utf-8") if text is not None else None

    def index(self, name: str, template_file: str | None) -> TemplateIndex | None:
        """The template index for ``name``: renamed from one sentinel rendering when that is exact."""
        if template_file not in self.raw:
            return None
        if _SIMPLE_NAME.fullmatch(name):
            base = self.source(_SENTINEL, template_file)
            return template_index(base).renamed(_SENTINEL, name) if base is not None else None
        source = self.source(name, template_file)
        return template_index(source) if source is not None else None


@functools.cache
def _code_fingerprint() -> str:
    digest = hashlib.sha256()
    for path in _CODE_FILES:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


class StubCache:
    """File scans keyed on file content (and template, name, finder code), under the git dir."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.entries: dict[str, dict[str, Any]] = {}
        self.dirty = False
        if path is not None and path.is_file():
            with contextlib.suppress(OSError, ValueError):
                data = json.loads(path.read_text(encoding="utf-8"))
                if data.get("code") == _code_fingerprint():
                    self.entries = data.get("files", {})

    @classmethod
    def for_checkout(cls, checkout: Checkout) -> StubCache:
        """The cache of ``checkout`` (``<git-dir>/hs-scaffold/stub-cache.json``), or an in-memory one."""
        from scaffold import git

        try:
            return cls(git.git_dir(checkout.root) / "hs-scaffold" / "stub-cache.json")
        except ScaffoldError:
            return cls(None)

    def get(self, rel: str, key: str) -> FileScan | None:
        """The cached scan of ``rel`` if its key still matches."""
        entry = self.entries.get(rel)
        if entry is None or entry.get("key") != key:
            return None
        return FileScan(rel, _stubs_from(entry["stubs"]), _stubs_from(entry["unsupported"]))

    def keep_only(self, rels: set[str]) -> None:
        """Forget files no longer present."""
        stale = set(self.entries) - rels
        for rel in stale:
            del self.entries[rel]
        self.dirty = self.dirty or bool(stale)

    def put(self, rel: str, key: str, scan: FileScan) -> None:
        """Remember one scan."""
        self.entries[rel] = {
            "key": key,
            "stubs": [asdict(s) for s in scan.stubs],
            "unsupported": [asdict(s) for s in scan.unsupported],
        }
        self.dirty = True

    def save(self) -> None:
        """Write the cache if anything changed (atomically; failures only cost speed next time)."""
        if not self.dirty or self.path is None:
            return
        with contextlib.suppress(OSError):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.path.with_suffix(f".{os.getpid()}.tmp")
            payload = {"code": _code_fingerprint(), "files": self.entries}
            temporary.write_text(json.dumps(payload), encoding="utf-8")
            temporary.replace(self.path)
            self.dirty = False


def _stubs_from(items: list[dict[str, Any]]) -> tuple[Stub, ...]:
    return tuple(Stub(**{**item, "guidance": tuple(item.get("guidance", ()))}) for item in items)


class Scanner:
    """Scans connectors of one checkout, sharing the template and the cache."""

    def __init__(self, checkout: Checkout, cache: StubCache | None = None) -> None:
        self.checkout = checkout
        self.templates = Templates(checkout)
        self.cache = cache if cache is not None else StubCache.for_checkout(checkout)

    def scan_file(self, name: str, source_file: SourceFile) -> FileScan:
        """One file, from the cache when its content is unchanged."""
        data = source_file.path.read_bytes()
        key = self._key(name, source_file, data)
        cached = self.cache.get(source_file.rel, key)
        if cached is not None:
            return cached
        template = self.templates.index(name, source_file.template_file)
        scan = _scan_tree(data, rs.parse(data), source_file.rel, source_file.module, template)
        self.cache.put(source_file.rel, key, scan)
        return scan

    def _key(self, name: str, source_file: SourceFile, data: bytes) -> str:
        digest = hashlib.sha256(data)
        digest.update(f"\0{name}\0{source_file.module}\0{source_file.template_file}".encode())
        digest.update(self.templates.fingerprint.encode())
        return digest.hexdigest()[:32]

    def scan(self, name: str) -> ConnectorScan:
        """Every file of connector ``name``."""
        files = connector_sources(self.checkout, name)
        if not files:
            from scaffold.names import did_you_mean

            folder = self.checkout.layout.connectors_dir
            raise UsageError(
                f"no connector named '{name}' in {folder}/",
                did_you_mean(name, self.checkout.connector_names())
                or "check the name, or run `hs-scaffold stubs --all` to see them all",
            )
        return ConnectorScan(name, tuple(self.scan_file(name, f) for f in files))


def scan_connector(checkout: Checkout, name: str) -> ConnectorScan:
    """Stubs and unsupported markers of every file of connector ``name``."""
    scanner = Scanner(checkout)
    result = scanner.scan(name)
    scanner.cache.save()
    return result


def scan_all(checkout: Checkout) -> list[ConnectorCount]:
    """Per-connector counts of stubs and unsupported markers, for every connector in the checkout."""
    scanner = Scanner(checkout)
    counts: list[ConnectorCount] = []
    seen: set[str] = set()
    for name in checkout.connector_names():
        files = [scanner.scan_file(name, f) for f in connector_sources(checkout, name)]
        seen.update(f.file for f in files)
        if files:
            counts.append(
                ConnectorCount(
                    name, len(files), sum(len(f.stubs) for f in files), sum(len(f.unsupported) for f in files)
                )
            )
    scanner.cache.keep_only(seen)
    scanner.cache.save()
    return counts


# ---------------------------------------------------------------------------------------------
# Build errors -> stub ids (item 7).


def _file_role(checkout: Checkout, path: Path) -> tuple[str, str, str | None] | None:
    """(connector, module, template file) of a connector source or router test file."""
    try:
        rel = PurePosixPath(checkout.rel(path))
    except ValueError:
        return None
    tests = PurePosixPath(checkout.layout.router_tests_dir.as_posix())
    if rel.parent == tests and rel.suffix == ".rs":
        return rel.stem, "test", None
    folder = PurePosixPath(checkout.layout.connectors_dir.as_posix())
    if folder not in rel.parents or rel.suffix != ".rs":
        return None
    inner = rel.relative_to(folder).with_suffix("").parts
    if len(inner) == 1 or inner[1:] == ("mod",):
        return inner[0], "", "mod.rs"
    return inner[0], ".".join(inner[1:]), PurePosixPath(*inner[1:]).with_suffix(".rs").as_posix()


def connector_of(checkout: Checkout, rel: str) -> tuple[str, SourceFile] | None:
    """The connector a path (relative to the root, present or not) belongs to, and the file's role.

    None outside the connectors folder, router tests included. Used on files that exist only in
    the index or in HEAD (the pre-commit hook), where :func:`connector_sources` cannot list them.
    """
    path = checkout.path(rel)
    role = _file_role(checkout, path)
    if role is None or role[2] is None:
        return None
    name, module, template_file = role
    return name, SourceFile(path, rel, module, template_file)


class Locator:
    """``(file, line) -> id``: names compiler error positions after stubs or items."""

    def __init__(self, checkout: Checkout, name: str | None = None) -> None:
        self.checkout, self.name = checkout, name
        self.templates = Templates(checkout)
        self._files: dict[Path, tuple[bytes, FileScan, Tree, str]] = {}

    def __call__(self, rel_file: str, line: int, column: int | None = None) -> str | None:
        """The id at ``rel_file:line[:column]``, or None outside connector files."""
        path = Path(rel_file) if Path(rel_file).is_absolute() else self.checkout.path(rel_file)
        role = _file_role(self.checkout, path)
        if role is None or (self.name is not None and role[0] != self.name) or not path.is_file():
            return None
        scan, tree, module = self._scan(path, role)
        return locate_in(scan, tree, module, line, column)

    def _scan(self, path: Path, role: tuple[str, str, str | None]) -> tuple[FileScan, Tree, str]:
        data = path.read_bytes()
        known = self._files.get(path)
        if known is None or known[0] != data:
            name, module, template_file = role
            tree, template = rs.parse(data), self.templates.index(name, template_file)
            scan = _scan_tree(data, tree, self.checkout.rel(path), module, template)
            known = (data, scan, tree, module)
            self._files[path] = known
        return known[1], known[2], known[3]


def locator(checkout: Checkout, name: str | None = None) -> Callable[[str, int], str | None]:
    """A reusable ``locate`` for the build: only files of connector ``name`` when given."""
    return Locator(checkout, name)


def locate(checkout: Checkout, rel_file: str, line: int, column: int | None = None) -> str | None:
    """Id of the stub or item at a compiler error position in a connector file (None elsewhere)."""
    return Locator(checkout)(rel_file, line, column)


# ---------------------------------------------------------------------------------------------
# The `stubs` command.


@dataclass(frozen=True)
class CommandOutput:
    """What ``hs-scaffold stubs`` prints and returns."""

    exit_code: ExitCode
    table: str  # one row per stub (or per connector with --all): stdout without --json
    summary: str  # the totals: stderr
    data: Any  # stdout with --json


def stubs_json(checkout: Checkout, scans: list[ConnectorScan]) -> Any:
    """``--json`` payload for named connectors: the full stub map (a list of maps for several)."""
    from scaffold import spec  # spec imports this module

    maps = [spec.stub_map(spec.collect(checkout, s.connector, stubs=s.stubs)) for s in scans]
    return maps[0] if len(maps) == 1 else maps


def _table(scans: list[ConnectorScan]) -> tuple[str, str]:
    rows = [
        (f"{stub.file}:{stub.line}:{stub.column}", stub.kind, stub.id)
        for scan in scans
        for stub in scan.stubs
    ]
    width = max([0, *(len(where) for where, _, _ in rows)])
    table = "\n".join(f"{where:<{width}}  {kind:<24} {ident}" for where, kind, ident in rows)
    summary = "\n".join(
        f"{scan.connector}: {plural(len(scan.stubs), 'stub')}, "
        f"{plural(len(scan.unsupported), 'unsupported marker')} (deliberate, not counted)"
        for scan in scans
    )
    return table, summary


def _counts_table(counts: list[ConnectorCount]) -> tuple[str, str]:
    width = max([len("connector"), *(len(c.connector) for c in counts)])
    lines = [f"{'connector':<{width}}  files  stubs  unsupported"]
    lines += [f"{c.connector:<{width}}  {c.files:>5}  {c.stubs:>5}  {c.unsupported:>11}" for c in counts]
    total_stubs, total_unsupported = sum(c.stubs for c in counts), sum(c.unsupported for c in counts)
    with_stubs = sum(1 for c in counts if c.stubs)
    summary = (
        f"{plural(len(counts), 'connector')}, {plural(sum(c.files for c in counts), 'file')}: "
        f"{plural(total_stubs, 'stub')} in {plural(with_stubs, 'connector')}, "
        f"{plural(total_unsupported, 'unsupported marker')}"
    )
    return "\n".join(lines), summary


def stubs_command_output(
    checkout: Checkout,
    names: Iterable[str],
    *,
    all_connectors: bool = False,
) -> CommandOutput:
    """``hs-scaffold stubs [NAME ...] [--all]``: the table, the JSON data and the exit code."""
    names = list(dict.fromkeys(names))
    if all_connectors and names:
        raise UsageError("--all scans every connector, so it takes no names", "drop the names or --all")
    if all_connectors:
        counts = scan_all(checkout)
        code = ExitCode.STUBS_REMAIN if any(c.stubs for c in counts) else ExitCode.OK
        return CommandOutput(code, *_counts_table(counts), [asdict(c) for c in counts])
    if not names:
        raise UsageError("no connector given", "pass one or more connector names, or --all")
    scanner = Scanner(checkout)
    scans = [scanner.scan(name) for name in names]
    scanner.cache.save()
    code = ExitCode.STUBS_REMAIN if any(s.stubs for s in scans) else ExitCode.OK
    return CommandOutput(code, *_table(scans), stubs_json(checkout, scans))
