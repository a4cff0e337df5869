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
from pathlib import Path, PurePosixPath
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
    from scaffold.checkout import Checkout
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

    def spell(
        self, type_text: str, defined_in: str, target: Source | None = None
    ) -> tuple[str, list[str]] | None:
        """``type_text`` (written in file ``defined_in``) spelled for ``target``, and the imports it needs;
        None when it names a crate the connector's crate cannot reach."""
        target = target or self.transformers or self.main
        source = _scope(defined_in, self.ctx.checkout.source(defined_in).read_bytes())
        spelled = rust_paths.respell_type(type_text, source, target.scope)
        uses: list[str] = []
        unreachable: list[str] = []
        reachable = self._dependencies(target.rel)

        def shorten(match: re.Match[str]) -> str:
            path = match.group(0)
            head, last = path.split("::")[0], path.rsplit("::", 1)[-1]
            if head in ("crate", "self", "super") or head in target.scope.bindings or not last[:1].isupper():
                return path
            if last in target.scope.bindings or last in target.scope.defined:
                return path
            via = self._bound_module(target, last)
            if via is not None:
                return f"{via}::{last}"
            if head not in reachable:
                home = self.defs.get(last)
                module = rust_paths.module_path(home.file) if home is not None else None
                if module is None or module.split("::")[0] not in reachable:
                    unreachable.append(path)
                    return path
                path = f"{module}::{last}"
            uses.append(path)
            return last

        spelled = re.sub(r"\b(?:[a-z_]\w*::)+[A-Z]\w*", shorten, spelled)
        return None if unreachable else (spelled, uses)

    def _bound_module(self, target: Source, name: str) -> str | None:
        """A module the file has bound (``enums`` for ``common_enums::enums``) that declares ``name``."""
        for bound, full in sorted(target.scope.bindings.items()):
            if bound[:1].isupper() or "::" not in full:
                continue
            path = _module_file(self.ctx.checkout, full)
            if path is not None and _declares(path, name):
                return bound
        return None

    def _dependencies(self, rel: str) -> frozenset[str]:
        """The crates ``rel``'s crate may name: its own, its dependencies (as it names them), std."""
        crate = rust_paths.crate_of(rel)
        return _crate_dependencies(self.ctx.checkout, crate)


def _crate_dependencies_uncached(checkout: Checkout, crate: str | None) -> frozenset[str]:
    """The crates ``crate`` may name: itself, its dependencies (as it names them), std."""
    manifest = checkout.source(f"crates/{crate}/Cargo.toml") if crate else None
    names = {"std", "core", "alloc", *([crate] if crate else [])}
    if manifest is not None and manifest.is_file():
        names |= set(
            rust_paths.dependency_aliases(manifest.read_text(encoding="utf-8", errors="replace")).values()
        )
    return frozenset(names)


_crate_dependencies = functools.lru_cache(maxsize=16)(_crate_dependencies_uncached)


def _module_file(checkout: Checkout, full: str) -> Path | None:
    """The file of module ``crate::a::b`` in the checkout (``crates/crate/src/a/b.rs`` or ``../b/mod.rs``)."""
    crate, *inner = full.split("::")
    base = PurePosixPath("crates", crate, "src")
    module = base.joinpath(*inner)
    options = [module.with_suffix(".rs"), module / "mod.rs"] if inner else [base / "lib.rs"]
    return next((p for p in (checkout.source(o.as_posix()) for o in options) if p.is_file()), None)


@functools.lru_cache(maxsize=256)
def _declares(path: Path, name: str) -> bool:
    text = path.read_text(encoding="utf-8", errors="replace")
    return re.search(rf"\bpub\s+(?:struct|enum|type)\s+{re.escape(name)}\b", text) is not None


@functools.lru_cache(maxsize=32)
def _scope(rel: str, data: bytes) -> rust_paths.Scope:
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
        error_type=" ".join(error.group(1).split())
        if error
        else "error_stack::Report<errors::ConnectorError>",
    )
