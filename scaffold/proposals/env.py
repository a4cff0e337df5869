"""What every proposal is made from: the spec's reading of the checkout and the doc, the checkout's
definitions, the connector's own files as they are now, and how those files write Rust.

The dialect is read from the connector's generated ``transformers.rs``: serde derives (a real
Hyperswitch) or the ``impl_json!`` macros of a checkout without serde (the built-in sandbox), its
``type Error`` and the types its template items use, so proposals write what the file already writes.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tree_sitter import Node

from scaffold import naming, rust_paths
from scaffold.proposals.checkout_defs import CheckoutDefs, Definition
from scaffold.proposals.model import Evidence, Part, Region
from scaffold.proposals.rust_code import tidy
from scaffold.proposals.siblings import StatusVotes, load_votes
from scaffold.proposals.targets import find, fingerprint, impl_key, item_key
from scaffold.trait_contracts import functions_of, impl_items, node_text, parse_rust

if TYPE_CHECKING:
    from scaffold.spec import Context


@dataclass
class Source:
    """One connector file as it is now."""

    rel: str
    data: bytes
    root: Node
    scope: rust_paths.Scope

    @property
    def text(self) -> str:
        return self.data.decode("utf-8", "replace")

    def items(self) -> dict[str, Node]:
        """Top-level items by :func:`targets.item_key`."""
        found: dict[str, Node] = {}
        for node in self.root.named_children:
            key = item_key(node)
            if key is not None:
                found.setdefault(key, node)
        return found

    def impl(self, owner: str) -> Node | None:
        return next((i for i in impl_items(self.root) if impl_key(i) == owner), None)

    def fn(self, owner: str, name: str) -> Node | None:
        impl = self.impl(owner)
        for fn in functions_of(impl) if impl is not None else ():
            if node_text(fn.child_by_field_name("name")) == name:
                return fn
        return None

    def part(self, region: Region, code: str) -> Part:
        """A part for ``region`` of this file, fingerprinted as the region is now."""
        shown = tidy(code) if region.kind in ("fn", "items", "impl", "end") else code
        return Part(region, shown, fingerprint(self.data, find(self.root, self.data, region)))


@dataclass
class Env:
    """The inputs of every proposal for one connector."""

    ctx: Context
    defs: CheckoutDefs
    main: Source
    transformers: Source | None
    pascal: str
    json_macros: bool  # the checkout writes JSON through impl_json! macros, not serde
    error_type: str  # ``type Error = ..;`` as the transformers file writes it
    _votes: StatusVotes | None = field(default=None, repr=False)

    @property
    def name(self) -> str:
        return self.ctx.name

    @property
    def votes(self) -> StatusVotes:
        if self._votes is None:
            self._votes = load_votes(self.ctx.checkout, self.ctx.name)
        return self._votes

    def doc_ref(self, evidence_where_doc: str, line: int | None, pointer: str | None = None) -> str:
        return f"{evidence_where_doc}:{line}" if pointer is None else f"{evidence_where_doc}#{pointer}"

    def type_evidence(self, definition: Definition, member: str | None = None) -> Evidence:
        what = f"{definition.name}.{member}" if member else definition.name
        typed = definition.field(member) if member else None
        text = f"`{what}: {typed.type}`" if typed else f"`{what}`"
        return Evidence("types", definition.ref(member), text)

    def spell(self, type_text: str, defined_in: str, target: Source | None = None) -> tuple[str, list[str]]:
        """``type_text`` (written in file ``defined_in``) spelled for ``target``, and the imports it needs."""
        target = target or self.transformers or self.main
        source = _scope(self.ctx.checkout.root.as_posix(), defined_in, self.ctx.checkout.path(defined_in).read_bytes())
        spelled = rust_paths.respell_type(type_text, source, target.scope)
        uses: list[str] = []

        def shorten(match: re.Match[str]) -> str:
            path = match.group(0)
            head, last = path.split("::")[0], path.rsplit("::", 1)[-1]
            if head in ("crate", "self", "super") or head in target.scope.bindings or not last[:1].isupper():
                return path
            if last in target.scope.bindings or last in target.scope.defined:
                return path
            uses.append(path)
            return last

        spelled = re.sub(r"\b(?:[a-z_]\w*::)+[A-Z]\w*", shorten, spelled)
        return spelled, uses


@functools.lru_cache(maxsize=32)
def _scope(_root: str, rel: str, data: bytes) -> rust_paths.Scope:
    return rust_paths.Scope.of(data, rel)


def _source(rel: str, data: bytes) -> Source:
    return Source(rel, data, parse_rust(data), rust_paths.Scope.of(data, rel))


def build_env(ctx: Context, sources: dict[str, bytes]) -> Env | None:
    """The proposal inputs for ``ctx``'s connector, from its files (``{rel: bytes}``, main first)."""
    files = [(rel, data) for rel, data in sources.items() if "(rendered)" not in rel]
    if not files:
        return None
    main = _source(*files[0])
    extra = next((_source(r, d) for r, d in files[1:] if r.endswith("/transformers.rs")), None)
    text = (extra or main).text
    json_macros = bool(re.search(r"\bimpl_(?:to_)?json(?:_enum)?!", text)) and "Serialize" not in text
    error = re.search(r"type\s+Error\s*=\s*([^;]+);", text)
    return Env(
        ctx=ctx,
        defs=CheckoutDefs(ctx.checkout),
        main=main,
        transformers=extra,
        pascal=naming.pascal_case(ctx.name),
        json_macros=json_macros,
        error_type=" ".join(error.group(1).split()) if error else "error_stack::Report<errors::ConnectorError>",
    )
