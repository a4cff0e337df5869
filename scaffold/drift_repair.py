"""Rewrite generated connector code where the checkout's definitions contradict the template.

Everything is read from the checkout, never from a list of known drifts: method signatures are
compared with the traits' definitions (``trait_contracts``), struct literals with their types'
fields, and top-level imports with each other. A repair either follows from those definitions
alone (a parameter's type, a field the type no longer has, a name imported twice) or from what the
sibling connectors agree on (the value of a field the template does not set); anything else is
reported, not guessed.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path

from tree_sitter import Node

from scaffold import rust_paths, rust_syntax
from scaffold.checkout import Checkout
from scaffold.router_types import load_router_types
from scaffold.trait_contracts import (
    TRAITS,
    FieldGap,
    TraitDef,
    TraitMethod,
    field_gaps,
    functions_of,
    impl_items,
    load_traits,
    node_text,
    parameters,
    parse_rust,
    short_type,
    trait_parts,
)

# A field value the siblings agree on: at least this share of their literals, and a constant.
AGREEMENT = 0.9
_CONSTANT_WORDS = frozenset({"None", "true", "false", "new", "default", "vec", "Vec", "Box", "Default"})
_WORD = re.compile(r"[A-Za-z_]\w*")


@dataclass(frozen=True)
class Repair:
    """One rewrite of generated code, with both versions."""

    file: str
    line: int
    kind: str  # signature | field | import
    what: str  # what was rewritten, in words
    before: str
    after: str
    evidence: str  # where the new version comes from

    def as_json(self) -> dict[str, object]:
        """The repair as JSON."""
        return asdict(self)

    def one_line(self) -> str:
        """``acmepay.rs:579 `get_webhook_event_type` parameter 2: `A` -> `B```."""
        return f"{self.file.split('/')[-1]}:{self.line} {self.what}: `{self.before}` -> `{self.after}`"


@dataclass(frozen=True)
class Unrepaired:
    """A drift left as it is, and why."""

    file: str
    line: int
    message: str
    reason: str

    def as_json(self) -> dict[str, object]:
        """The drift as JSON."""
        return asdict(self)


@dataclass
class RepairReport:
    """What a repair pass changed and what it left."""

    repairs: list[Repair] = field(default_factory=list)
    unrepaired: list[Unrepaired] = field(default_factory=list)

    def as_json(self) -> dict[str, object]:
        """The report as JSON."""
        return {
            "repaired": [r.as_json() for r in self.repairs],
            "unrepaired": [u.as_json() for u in self.unrepaired],
        }


@dataclass(frozen=True)
class _Edit:
    start: int
    end: int
    text: str
    repair: Repair


# --- method signatures --------------------------------------------------------------------------


@dataclass
class _Resolver:
    """Spells a type taken from a trait's file so that it means the same in a connector file."""

    checkout: Checkout
    target: rust_paths.Scope
    aliases: dict[str, str]
    scopes: dict[str, rust_paths.Scope] = field(default_factory=dict)

    def respell(self, text: str, trait_file: str) -> str:
        if trait_file not in self.scopes:
            source = self.checkout.source(trait_file).read_bytes()
            self.scopes[trait_file] = rust_paths.Scope.of(source, trait_file)
        return rust_paths.respell_type(text, self.scopes[trait_file], self.target, aliases=self.aliases)


def _substitute(text: str, mapping: Mapping[str, str]) -> str:
    if not mapping:
        return text
    pattern = re.compile(r"(?<![\w:])(" + "|".join(map(re.escape, mapping)) + r")(?![\w:])")
    return pattern.sub(lambda m: mapping[m.group(1)], text)


def _closest(
    trait: TraitDef, fn: Node, subst: Mapping[str, str], expand: Callable[[str], str]
) -> TraitMethod:
    """The cfg variant of the trait's method that differs least from ``fn``."""
    have = [expand(short_type(node_text(p.child_by_field_name("type")))) for p in parameters(fn)]

    def distance(method: TraitMethod) -> int:
        want = [expand(_substitute(t, subst)) for t in method.params]
        return abs(len(want) - len(have)) * 10 + sum(w != h for w, h in zip(want, have, strict=False))

    return min(trait.variants[node_text(fn.child_by_field_name("name"))], key=distance)


_UNRESOLVED = re.compile(r"\b\w+RouterData\b")


def _same_type(want: str, have: str) -> bool:
    """Equal, or not comparable (an alias we could not expand proves nothing)."""
    return want == have or bool(_UNRESOLVED.search(want + have))


def _signature_edits(
    rel: str, source: bytes, traits: Mapping[str, TraitDef], expand: Callable[[str], str], resolver: _Resolver
) -> Iterator[_Edit]:
    for impl in impl_items(parse_rust(source)):
        name, args = trait_parts(node_text(impl.child_by_field_name("trait")))
        trait = traits.get(name)
        if trait is None:
            continue
        short_subst = dict(zip(trait.generics, (short_type(a) for a in args), strict=False))
        raw_subst = dict(zip(trait.generics, args, strict=False))
        for fn in functions_of(impl):
            fn_name = node_text(fn.child_by_field_name("name"))
            if fn_name not in trait.variants:
                continue
            method = _closest(trait, fn, short_subst, expand)
            yield from _fn_edits(rel, fn, method, (short_subst, raw_subst), expand, resolver)


def _fn_edits(
    rel: str,
    fn: Node,
    method: TraitMethod,
    substs: tuple[Mapping[str, str], Mapping[str, str]],
    expand: Callable[[str], str],
    resolver: _Resolver,
) -> Iterator[_Edit]:
    short_subst, raw_subst = substs
    name = node_text(fn.child_by_field_name("name"))
    params = parameters(fn)
    evidence = f"{method.file}:{method.line} (`{method.trait}::{name}`)"

    def want_text(raw: str) -> str:
        return _substitute(resolver.respell(raw, method.file), raw_subst)

    if len(params) != len(method.params) and method.param_texts:
        node = fn.child_by_field_name("parameters")
        assert node is not None
        kept_self = [node_text(p) for p in node.named_children if p.type == "self_parameter"]
        names = [n if n.startswith("_") else f"_{n}" for n in method.param_names]
        typed = (f"{n}: {want_text(t)}" for n, t in zip(names, method.param_texts, strict=True))
        new = ", ".join([*kept_self, *typed])
        what = f"`{name}` parameters ({len(params)} -> {len(method.params)}, as the trait)"
        repair = Repair(rel, rust_syntax.line(node), "signature", what, node_text(node), f"({new})", evidence)
        yield _Edit(node.start_byte, node.end_byte, f"({new})", repair)
        return
    triples = zip(params, method.params, method.param_texts, strict=False)
    for index, (param, want_short, raw) in enumerate(triples):
        type_node = param.child_by_field_name("type")
        have = expand(short_type(node_text(type_node)))
        if type_node is None or _same_type(expand(_substitute(want_short, short_subst)), have):
            continue
        new = want_text(raw)
        what = f"`{name}` parameter {index + 1}"
        repair = Repair(
            rel, rust_syntax.line(type_node), "signature", what, node_text(type_node), new, evidence
        )
        yield _Edit(type_node.start_byte, type_node.end_byte, new, repair)
    ret = fn.child_by_field_name("return_type")
    want_ret = expand(_substitute(method.returns, short_subst))
    if (
        ret is not None
        and method.return_text
        and not _same_type(want_ret, expand(short_type(node_text(ret))))
    ):
        new = want_text(method.return_text)
        repair = Repair(
            rel, rust_syntax.line(ret), "signature", f"`{name}` return type", node_text(ret), new, evidence
        )
        yield _Edit(ret.start_byte, ret.end_byte, new, repair)


# --- imports ------------------------------------------------------------------------------------


def _bound_nodes(node: Node | None) -> Iterator[tuple[str, Node]]:
    """(bound name, the use-tree node binding it), list items individually."""
    if node is None:
        return
    if node.type == "use_as_clause":
        yield node_text(node.child_by_field_name("alias")), node
    elif node.type in ("identifier", "type_identifier"):
        yield node_text(node), node
    elif node.type == "scoped_identifier":
        yield node_text(node.child_by_field_name("name")), node
    elif node.type == "scoped_use_list":
        yield from _bound_nodes(node.child_by_field_name("list"))
    elif node.type == "use_list":
        for child in node.named_children:
            if child.type in ("scoped_use_list", "use_list"):
                yield from _bound_nodes(child)
            else:
                yield from ((n, child) for n, _ in _bound_nodes(child))


def _removal(node: Node) -> tuple[int, int]:
    """The byte range that removes a use-list item with one of its commas."""
    nxt, prev = node.next_sibling, node.prev_sibling
    if nxt is not None and nxt.type == ",":
        end = nxt.end_byte
        after = nxt.next_sibling
        return node.start_byte, after.start_byte if after is not None and after.type != "}" else end
    if prev is not None and prev.type == ",":
        return prev.start_byte, node.end_byte
    return node.start_byte, node.end_byte


def _import_edits(rel: str, source: bytes) -> Iterator[_Edit]:
    seen: dict[str, int] = {}
    for use in parse_rust(source).named_children:
        if use.type != "use_declaration":
            continue
        for name, node in _bound_nodes(use.child_by_field_name("argument")):
            if name in ("self", "*", "_", ""):
                continue
            if name not in seen:
                seen[name] = rust_syntax.line(use)
                continue
            whole = node.parent is not None and node.parent.type == "use_declaration"
            start, end = (use.start_byte, use.end_byte) if whole else _removal(node)
            what = f"`{name}` imported twice (lines {seen[name]} and {rust_syntax.line(use)})"
            before = node_text(use) if whole else node_text(node)
            repair = Repair(rel, rust_syntax.line(node), "import", what, before, "", f"line {seen[name]}")
            yield _Edit(start, end, "", repair)


# --- struct literal fields ------------------------------------------------------------------------


def _initializer(text: str, start: int) -> str:
    """The expression starting at ``start`` up to the ``,`` or ``}`` that ends it."""
    depth, i = 0, start
    while i < len(text):
        char = text[i]
        if char in "([{":
            depth += 1
        elif char in ")]}":
            if depth == 0:
                break
            depth -= 1
        elif char == "," and depth == 0:
            break
        elif char == '"':
            i = text.find('"', i + 1)
            if i < 0:
                break
        i += 1
    return " ".join(text[start:i].split())


def sibling_values(checkout: Checkout, name: str, field_name: str) -> Counter[str]:
    """How the other connectors initialise ``field_name:`` in their literals (``x`` for shorthand)."""
    # The name first, so that the regex engine scans for it (a leading look-behind would make it
    # try every position of some 10 MB of connectors); the character before is checked by hand.
    pattern = re.compile(rf"{re.escape(field_name)}\s*(:(?!:)|,|\s*}})")
    counts: Counter[str] = Counter()
    for other in checkout.connector_names():
        if other == name:
            continue
        for path in checkout.connector_files(other):
            text = path.read_text(encoding="utf-8", errors="replace")
            if field_name not in text:
                continue
            for match in pattern.finditer(text):
                before = text[match.start() - 1 : match.start()]
                if before and (before.isalnum() or before in "_."):
                    continue  # the tail of a longer name, or a method or field access
                shorthand = not match.group(1).startswith(":")
                counts[field_name if shorthand else _initializer(text, match.end())] += 1
    return counts


def agreed_value(counts: Counter[str]) -> str | None:
    """The value the siblings agree on: a constant used by at least ``AGREEMENT`` of them."""
    if not counts:
        return None
    value, used = counts.most_common(1)[0]
    if used < AGREEMENT * sum(counts.values()):
        return None
    words = set(_WORD.findall(value))
    constant = all(w in _CONSTANT_WORDS or w[:1].isupper() for w in words) and '"' not in value
    return value if constant else None


def _literal_node(root: Node, start: int) -> Node | None:
    return next(
        (n for n in rust_syntax.walk(root) if n.type == "struct_expression" and n.start_byte == start), None
    )


def _field_edits(
    checkout: Checkout, name: str, gap: FieldGap, source: bytes, unrepaired: list[Unrepaired]
) -> Iterator[_Edit]:
    literal = _literal_node(parse_rust(source), gap.literal.start_byte)
    body = literal.child_by_field_name("body") if literal is not None else None
    if body is None:
        return
    inits = [k for k in body.named_children if k.type in ("field_initializer", "shorthand_field_initializer")]
    for child in inits:
        field_name = node_text(child.child_by_field_name("field") or child.named_children[-1])
        if field_name in gap.unknown:
            start, end = _removal(child)
            what = f"`{gap.literal.path}` field `{field_name}` (the type no longer has it)"
            repair = Repair(
                gap.file, rust_syntax.line(child), "field", what, node_text(child), "", "the type"
            )
            yield _Edit(start, end, "", repair)
    added = []
    for missing in gap.missing:
        counts = sibling_values(checkout, name, missing)
        value = agreed_value(counts)
        if value is None:
            seen = ", ".join(f"`{v}` {n}x" for v, n in counts.most_common(3)) or "no sibling sets it"
            message = f"the `{gap.literal.path}` literal lacks field `{missing}`"
            unrepaired.append(Unrepaired(gap.file, gap.literal.line, message, f"siblings disagree: {seen}"))
            continue
        added.append((missing, value, counts[value], sum(counts.values())))
    if not added or not inits:
        return
    last = inits[-1]
    indent = " " * last.start_point[1]
    comma = last.next_sibling is not None and last.next_sibling.type == ","
    anchor = last.next_sibling.end_byte if comma and last.next_sibling is not None else last.end_byte
    text = ("" if comma else ",") + "".join(f"\n{indent}{f}: {v}," for f, v, _, _ in added)
    for field_name, value, used, total in added:
        what = f"`{gap.literal.path}` field `{field_name}` added"
        evidence = f"{used} of {total} sibling literals set `{field_name}: {value}`"
        repair = Repair(gap.file, gap.literal.line, "field", what, "", f"{field_name}: {value}", evidence)
        yield _Edit(anchor, anchor, text if field_name == added[0][0] else "", repair)


# --- putting it together ---------------------------------------------------------------------------


def _apply(source: bytes, edits: list[_Edit]) -> tuple[bytes, list[Repair]]:
    """Apply non-overlapping edits (later ones first); an edit overlapping an applied one is dropped."""
    out, last_start, applied = source, len(source) + 1, []
    for edit in sorted(edits, key=lambda e: (e.start, e.end), reverse=True):
        if edit.end > last_start:
            continue
        out = out[: edit.start] + edit.text.encode() + out[edit.end :]
        last_start = edit.start
        applied.append(edit.repair)
    return out, applied


def _aliases(checkout: Checkout, rel: str) -> dict[str, str]:
    crate = rust_paths.crate_of(rel)
    manifest = checkout.path(f"crates/{crate}/Cargo.toml") if crate else None
    if manifest is None or not manifest.is_file():
        return {}
    return rust_paths.dependency_aliases(manifest.read_text(encoding="utf-8", errors="replace"))


def repair_files(checkout: Checkout, name: str, paths: list[Path]) -> RepairReport:
    """Repair the drift in the connector's files ``paths`` in place; returns what was done and left."""
    traits = load_traits(checkout, TRAITS)
    expand = load_router_types(checkout).expand
    report = RepairReport()
    sources = {checkout.rel(p): p.read_bytes() for p in paths}
    gaps: dict[str, list[FieldGap]] = {}
    for gap in field_gaps(checkout, sources):
        gaps.setdefault(gap.file, []).append(gap)
    for rel, source in sources.items():
        scope = rust_paths.Scope.of(source, rel)
        resolver = _Resolver(checkout, scope, _aliases(checkout, rel))
        edits = [
            *_signature_edits(rel, source, traits, expand, resolver),
            *_import_edits(rel, source),
            *(
                e
                for g in gaps.get(rel, [])
                for e in _field_edits(checkout, name, g, source, report.unrepaired)
            ),
        ]
        if not edits:
            continue
        repaired, applied = _apply(source, edits)
        checkout.path(rel).write_bytes(repaired)
        report.repairs.extend(sorted(applied, key=lambda r: r.line))
    return report
