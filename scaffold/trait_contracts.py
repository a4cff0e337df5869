"""The traits a connector implements, read from the checkout's own definitions, and template drift.

Traits are found by parsing (tree-sitter) a bounded set of crates, in order of preference, so the
2026 layout (``hyperswitch_interfaces``) and older ones (``router``) both work.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from tree_sitter import Node

from scaffold import rust_syntax
from scaffold.checkout import Checkout

TRAITS = (
    "ConnectorIntegration",
    "ConnectorCommon",
    "ConnectorCommonExt",
    "IncomingWebhook",
    "ConnectorValidation",
    "ConnectorSpecifications",
)
# Crates searched for the trait definitions, most specific first; pm_auth defines look-alikes.
SEARCH_CRATES = ("hyperswitch_interfaces", "router", "api_models", "hyperswitch_domain_models")

_PATH_PREFIX = re.compile(r"\b(?:[A-Za-z_]\w*::)+")
_LIFETIME = re.compile(r"'\w+\s*,?\s*")


# --- parsing helpers shared by the spec modules -------------------------------------------------


def parse_rust(source: bytes) -> Node:
    """The root node of ``source`` parsed as Rust (tree-sitter; tolerant of errors)."""
    return rust_syntax.parse(source).root_node


def node_text(node: Node | None) -> str:
    """The source text of ``node`` ("" for None)."""
    return rust_syntax.text(node) if node is not None else ""


line_of = rust_syntax.line


def doc_comment(node: Node) -> str:
    """The ``///`` (or ``/** */``) doc comment right above ``node``, attributes skipped."""
    lines: list[str] = []
    prev = node.prev_named_sibling
    while prev is not None and prev.type in ("line_comment", "block_comment", "attribute_item"):
        text = node_text(prev).strip()
        if prev.type == "line_comment" and text.startswith("///") and not text.startswith("////"):
            lines.append(text[3:].strip())
        elif prev.type == "block_comment" and text.startswith("/**"):
            lines.append(text[3:-2].strip(" *\n"))
        elif prev.type != "attribute_item":
            break
        prev = prev.prev_named_sibling
    return "\n".join(reversed(lines)).strip()


def short_type(text: str) -> str:
    """A type's text without paths, lifetimes or whitespace: ``&webhooks::X<'_>`` -> ``&X``."""
    text = _LIFETIME.sub("", _PATH_PREFIX.sub("", text))
    text = re.sub(r"\s+", "", text).replace(",>", ">").replace(",)", ")")
    return text.replace("<>", "")


def split_args(text: str) -> list[str]:
    """Top-level comma-separated items of ``A, B<C, D>, E``."""
    items, depth, current = [], 0, ""
    for char in text:
        depth += (char in "<([") - (char in ">)]")
        if char == "," and depth == 0:
            items.append(current.strip())
            current = ""
        else:
            current += char
    return [i for i in [*items, current.strip()] if i]


def trait_parts(trait_text: str) -> tuple[str, list[str]]:
    """``api::ConnectorIntegration<A, B, C>`` -> (``ConnectorIntegration``, [``A``, ``B``, ``C``])."""
    head, _, rest = trait_text.partition("<")
    args = split_args(rest.rsplit(">", 1)[0]) if rest else []
    return head.strip().split("::")[-1], args


def top_items(root: Node) -> Iterator[Node]:
    """Top-level items, also those inside inline modules."""
    for child in root.named_children:
        body = child.child_by_field_name("body")
        if child.type == "mod_item" and body is not None:
            yield from top_items(body)
        else:
            yield child


def impl_items(root: Node) -> Iterator[Node]:
    """Top-level ``impl`` items, also those inside inline modules."""
    return (item for item in top_items(root) if item.type == "impl_item")


def functions_of(impl: Node) -> Iterator[Node]:
    """The ``fn`` items (with or without body) directly inside an impl or trait body."""
    body = impl.child_by_field_name("body")
    for child in body.named_children if body is not None else ():
        if child.type in ("function_item", "function_signature_item"):
            yield child


# --- trait definitions ---------------------------------------------------------------------------


@dataclass(frozen=True)
class TraitMethod:
    """One method of a trait as the checkout defines it."""

    trait: str
    name: str
    signature: str  # source text up to the body, as written
    params: tuple[str, ...]  # parameter types (self excluded), normalised by short_type
    returns: str  # normalised return type ("" for unit)
    doc: str  # the /// doc comment, "" if none
    required: bool  # no default body
    file: str
    line: int
    param_names: tuple[str, ...] = ()  # as written, self excluded
    param_texts: tuple[str, ...] = ()  # parameter types as written in the trait's file
    return_text: str = ""  # the return type as written ("" for unit)


@dataclass(frozen=True)
class TraitDef:
    """A trait found in the checkout, with its generic parameters and methods."""

    name: str
    generics: tuple[str, ...]
    doc: str
    file: str
    line: int
    variants: Mapping[str, tuple[TraitMethod, ...]] = field(default_factory=dict)

    @property
    def methods(self) -> dict[str, TraitMethod]:
        """Each method by name; the first when cfg attributes declare it more than once."""
        return {name: found[0] for name, found in self.variants.items()}


def signature_text(fn: Node, source: bytes) -> str:
    """A function's text up to its body (or the ``;``), indentation of later lines removed."""
    body = fn.child_by_field_name("body")
    end = body.start_byte if body is not None else fn.end_byte
    text = source[fn.start_byte : end].decode("utf-8", "replace").strip().rstrip(";").strip()
    indent = fn.start_point[1]
    return "\n".join(line[indent:] if line[:indent].isspace() else line for line in text.split("\n"))


def _cfg_excluded(param: Node) -> bool:
    """True for the ``#[cfg(not(..))]`` twin of a parameter declared twice under cfg."""
    prev = param.prev_named_sibling
    return prev is not None and prev.type == "attribute_item" and "cfg(not(" in node_text(prev)


def parameters(fn: Node) -> list[Node]:
    """The non-self ``parameter`` nodes of ``fn`` (cfg-excluded twins skipped)."""
    params = fn.child_by_field_name("parameters")
    kids = params.named_children if params is not None else []
    return [p for p in kids if p.type == "parameter" and not _cfg_excluded(p)]


def param_types(fn: Node) -> tuple[str, ...]:
    """Normalised types of the non-self parameters (cfg-excluded twins skipped)."""
    return tuple(short_type(node_text(p.child_by_field_name("type"))) for p in parameters(fn))


def return_type(fn: Node) -> str:
    """Normalised return type of ``fn``, "" when it returns unit."""
    return short_type(node_text(fn.child_by_field_name("return_type")))


def _method(trait: str, fn: Node, source: bytes, file: str) -> TraitMethod:
    return TraitMethod(
        trait=trait,
        name=node_text(fn.child_by_field_name("name")),
        signature=signature_text(fn, source),
        params=param_types(fn),
        returns=return_type(fn),
        doc=doc_comment(fn),
        required=fn.type == "function_signature_item",
        file=file,
        line=line_of(fn),
        param_names=tuple(node_text(p.child_by_field_name("pattern")) for p in parameters(fn)),
        param_texts=tuple(node_text(p.child_by_field_name("type")) for p in parameters(fn)),
        return_text=node_text(fn.child_by_field_name("return_type")),
    )


def _trait_def(node: Node, source: bytes, file: str) -> TraitDef:
    name = node_text(node.child_by_field_name("name"))
    tparams = node.child_by_field_name("type_parameters")
    generics = tuple(
        node_text(p.child_by_field_name("name") or p)
        for p in (tparams.named_children if tparams is not None else [])
        if p.type == "type_parameter"
    )
    variants: dict[str, tuple[TraitMethod, ...]] = {}
    for fn in functions_of(node):
        method = _method(name, fn, source, file)
        variants[method.name] = (*variants.get(method.name, ()), method)
    return TraitDef(name, generics, doc_comment(node), file, line_of(node), variants)


def _traits_in(source: bytes, wanted: set[str], file: str) -> Iterator[TraitDef]:
    for child in parse_rust(source).named_children:
        if child.type == "trait_item" and node_text(child.child_by_field_name("name")) in wanted:
            yield _trait_def(child, source, file)


def _candidate_files(checkout: Checkout) -> Iterator[Path]:
    for crate in SEARCH_CRATES:
        yield from checkout.source_files(f"crates/{crate}/src")


def load_traits(checkout: Checkout, names: Iterable[str] = TRAITS) -> dict[str, TraitDef]:
    """Definitions of the ``names`` traits found in the checkout (missing ones are left out)."""
    wanted, found = set(names), dict[str, TraitDef]()
    patterns = {n: re.compile(rf"\btrait\s+{n}\b".encode()) for n in wanted}
    for path in _candidate_files(checkout):
        source = path.read_bytes()
        here = {n for n in wanted if n not in found and patterns[n].search(source)}
        for trait in _traits_in(source, here, checkout.rel(path)) if here else ():
            found.setdefault(trait.name, trait)
        if len(found) == len(wanted):
            break
    return found


# --- drift between generated code and the traits --------------------------------------------------


@dataclass(frozen=True)
class Drift:
    """A place where generated code no longer matches the checkout's trait."""

    trait: str  # the trait, or "use", or the literal's type path
    method: str | None
    line: int
    message: str
    file: str = ""  # relative path of the file the line is in


def _substitute(text: str, mapping: Mapping[str, str]) -> str:
    if not mapping:
        return text
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, mapping)) + r")\b")
    return pattern.sub(lambda m: mapping[m.group(1)], text)


_UNKNOWN_ALIAS = re.compile(r"\b\w+RouterData\b")


def _differs(want: str, have: str) -> bool:
    """Both sides fully resolved and different (an alias we could not expand proves nothing)."""
    return want != have and not _UNKNOWN_ALIAS.search(want + have)


def _compare(
    method: TraitMethod, fn: Node, subst: Mapping[str, str], expand: Callable[[str], str]
) -> list[str]:
    want = [expand(_substitute(t, subst)) for t in method.params]
    have = [expand(t) for t in param_types(fn)]
    if len(want) != len(have):
        return [f"takes {len(have)} parameters, the trait's `{method.name}` takes {len(want)}"]
    problems = [
        f"parameter {index + 1} is `{h}`, the trait now takes `{w}`"
        for index, (w, h) in enumerate(zip(want, have, strict=True))
        if _differs(w, h)
    ]
    want_ret, have_ret = expand(_substitute(method.returns, subst)), expand(return_type(fn))
    if _differs(want_ret, have_ret):
        problems.append(f"returns `{have_ret}`, the trait now returns `{want_ret}`")
    return problems


def _method_drift(
    trait: TraitDef, fn: Node, subst: Mapping[str, str], expand: Callable[[str], str]
) -> list[str]:
    """Problems against the closest declaration (none if any cfg variant matches)."""
    found = [
        _compare(m, fn, subst, expand) for m in trait.variants[node_text(fn.child_by_field_name("name"))]
    ]
    return min(found, key=len)


def _impl_drift(impl: Node, trait: TraitDef, expand: Callable[[str], str]) -> Iterator[Drift]:
    _, args = trait_parts(node_text(impl.child_by_field_name("trait")))
    subst = dict(zip(trait.generics, (short_type(a) for a in args), strict=False))
    present = set()
    for fn in functions_of(impl):
        name = node_text(fn.child_by_field_name("name"))
        present.add(name)
        if name not in trait.methods:
            yield Drift(trait.name, name, line_of(fn), f"`{name}` is not a method of `{trait.name}`")
            continue
        for message in _method_drift(trait, fn, subst, expand):
            yield Drift(trait.name, name, line_of(fn), f"`{name}` {message}")
    for name, method in trait.methods.items():
        if method.required and name not in present:
            yield Drift(trait.name, name, line_of(impl), f"required method `{name}` is missing")


def signature_drift(
    source: bytes, traits: Mapping[str, TraitDef], expand: Callable[[str], str] = str, file: str = ""
) -> list[Drift]:
    """Methods of ``source``'s trait impls whose signatures differ from the checkout's traits.

    ``expand`` rewrites router-data aliases into ``RouterData<..>`` so aliases compare equal.
    """
    drift: list[Drift] = []
    for impl in impl_items(parse_rust(source)):
        name, _ = trait_parts(node_text(impl.child_by_field_name("trait")))
        if name in traits:
            drift.extend(_impl_drift(impl, traits[name], expand))
    return [replace(d, file=file) for d in [*drift, *duplicate_imports(source)]]


def _use_names(node: Node) -> Iterator[str]:
    kind = node.type
    if kind == "use_as_clause":
        yield node_text(node.child_by_field_name("alias"))
    elif kind in ("identifier", "type_identifier"):
        yield node_text(node)
    elif kind == "scoped_identifier":
        yield node_text(node.child_by_field_name("name"))
    elif kind == "scoped_use_list":
        yield from _use_names(node.child_by_field_name("list"))  # type: ignore[arg-type]
    elif kind == "use_list":
        for child in node.named_children:
            yield from _use_names(child)


def duplicate_imports(source: bytes) -> list[Drift]:
    """Names imported twice at the top level (stable rustfmt keeps both; rustc rejects E0252)."""
    seen: dict[str, int] = {}
    drift: list[Drift] = []
    for use in parse_rust(source).named_children:
        if use.type != "use_declaration":
            continue
        for name in _use_names(use.child_by_field_name("argument")):  # type: ignore[arg-type]
            if name in ("self", "*", "_", "") or name not in seen:
                seen.setdefault(name, line_of(use))
                continue
            message = f"`{name}` is imported twice (lines {seen[name]} and {line_of(use)})"
            drift.append(Drift("use", None, line_of(use), message))
    return drift


# --- struct literals that no longer match their definitions ----------------------------------------

# Crates whose structs and enums connector code builds with literals, most specific first.
# The connectors folder itself is skipped: connectors define look-alike types of their own.
DEFINITION_CRATES = (
    "hyperswitch_domain_models",
    "hyperswitch_connectors",
    "hyperswitch_interfaces",
    "router",
    "api_models",
)


@dataclass(frozen=True)
class Literal:
    """A struct (or struct-variant) literal without ``..base``: every field must be named."""

    path: str  # "ErrorResponse" or "PaymentsResponseData::TransactionResponse"
    fields: frozenset[str]
    line: int
    crate: str | None  # the definition crate the literal names (``api_models::x::Y {..}``), if any
    module: str | None  # the first path segment when it is a lowercase module (``adyen::Amount``)
    start_byte: int = 0  # where the literal (the struct expression) sits in its source


def _literal_path(parts: list[str]) -> str | None:
    """The type path of a struct expression; None for ``Self`` and the like."""
    if parts[-1] == "Self" or not parts[-1][:1].isupper():
        return None
    if len(parts) >= 2 and parts[-2][:1].isupper():
        return "::".join(parts[-2:]) if parts[-2] != "Self" else None
    return parts[-1]


def struct_literals(source: bytes) -> list[Literal]:
    """The literals in ``source`` that name every field (no ``..base``)."""
    found = []
    for node in rust_syntax.walk(parse_rust(source)):
        if node.type != "struct_expression":
            continue
        body = node.child_by_field_name("body")
        kids = body.named_children if body is not None else []
        parts = node_text(node.child_by_field_name("name")).split("<")[0].replace(" ", "").split("::")
        path = _literal_path(parts)
        module = parts[0] if len(parts) > 1 and parts[0][:1].islower() else None
        if path is None or any(k.type == "base_field_initializer" for k in kids):
            continue
        names = {
            node_text(k.child_by_field_name("field") or k.named_children[-1])
            for k in kids
            if k.type in ("field_initializer", "shorthand_field_initializer")
        }
        crate = module if module in DEFINITION_CRATES else None
        found.append(Literal(path, frozenset(names), line_of(node), crate, module, node.start_byte))
    return found


def _declared_fields(fields: Node) -> tuple[frozenset[str], frozenset[str]]:
    """(every field, the cfg-gated ones) of a ``field_declaration_list``."""
    names, gated, after_cfg = set(), set(), False
    for child in fields.named_children:
        if child.type == "attribute_item":
            after_cfg = after_cfg or "cfg(" in node_text(child)
        elif child.type == "field_declaration":
            name = node_text(child.child_by_field_name("name"))
            names.add(name)
            if after_cfg:
                gated.add(name)
            after_cfg = False
    return frozenset(names), frozenset(gated)


def _definitions_in(source: bytes, wanted: set[str]) -> Iterator[tuple[str, Node]]:
    """(path, field list) of wanted structs and struct variants defined in ``source``."""
    for item in top_items(parse_rust(source)):
        name = node_text(item.child_by_field_name("name"))
        body = item.child_by_field_name("body")
        if item.type == "struct_item" and name in wanted and body is not None:
            yield name, body
        elif item.type == "enum_item" and body is not None and any(w.startswith(f"{name}::") for w in wanted):
            for variant in body.named_children:
                fields = variant.child_by_field_name("body")
                path = f"{name}::{node_text(variant.child_by_field_name('name'))}"
                if variant.type == "enum_variant" and path in wanted and fields is not None:
                    yield path, fields


Fields = tuple[frozenset[str], frozenset[str]]  # (every field, the cfg-gated ones)


def _crate_definitions(files: list[Path], wanted: set[str]) -> dict[str, list[Fields]]:
    heads = {p.split("::")[0] for p in wanted}
    pattern = re.compile(rb"\b(?:struct|enum)\s+(?:" + b"|".join(h.encode() for h in heads) + rb")\b")
    found: dict[str, list[Fields]] = {}
    for path in files:
        source = path.read_bytes()
        for name, fields in _definitions_in(source, wanted) if pattern.search(source) else ():
            found.setdefault(name, []).append(_declared_fields(fields))
    return found


def load_definitions(
    checkout: Checkout, paths: set[str], crates: Iterable[str] = DEFINITION_CRATES
) -> dict[str, Fields]:
    """Fields of each of ``paths``, from the first of ``crates`` defining it, if defined once there."""
    wanted, resolved = set(paths), dict[str, Fields]()
    skip = f"{checkout.layout.connectors_dir.as_posix()}/"
    for crate in crates:
        if not wanted:
            continue
        found = checkout.sources_by_rel(f"crates/{crate}/src")
        files = [path for rel, path in found.items() if not rel.startswith(skip)]
        for name, defs in _crate_definitions(files, wanted).items():
            wanted.discard(name)
            if len(set(defs)) == 1:
                resolved[name] = defs[0]
    return resolved


def _foreign_names(source: bytes) -> set[str]:
    """Names a file imports from crates outside the definition crates (``use crc::Algorithm``)."""
    home = {*DEFINITION_CRATES, "crate", "super", "self"}
    names: set[str] = set()
    for use in parse_rust(source).named_children:
        argument = use.child_by_field_name("argument") if use.type == "use_declaration" else None
        if argument is not None and node_text(argument).split("::")[0].strip("{ ") not in home:
            names.update(_use_names(argument))
    return names


@dataclass(frozen=True)
class FieldGap:
    """A struct literal whose fields differ from the checkout's definition of its type."""

    file: str
    literal: Literal
    missing: tuple[str, ...]  # fields the type has and the literal does not set
    unknown: tuple[str, ...]  # fields the literal sets and the type no longer has


def field_gaps(checkout: Checkout, sources: Mapping[str, bytes]) -> list[FieldGap]:
    """Struct literals in ``sources`` (file -> text) lacking fields their checkout definition has, or
    naming fields it no longer has.

    Types the sources define themselves or import from other crates are skipped: the literal may
    mean one of those.
    """
    local = {
        node_text(n.child_by_field_name("name"))
        for s in sources.values()
        for n in parse_rust(s).named_children
        if n.type in ("struct_item", "enum_item")
    }
    local.update(*(_foreign_names(s) for s in sources.values()))
    siblings = set(checkout.connector_names())  # ``adyen::Amount``: another connector's own type
    literals = [
        (file, lit)
        for file, s in sources.items()
        for lit in struct_literals(s)
        if lit.path.split("::")[0] not in local and lit.module not in siblings
    ]
    definitions = {
        (crate, path): fields
        for crate in {lit.crate for _, lit in literals}
        for path, fields in load_definitions(
            checkout,
            {lit.path for _, lit in literals if lit.crate == crate},
            DEFINITION_CRATES if crate is None else (crate,),
        ).items()
    }
    gaps = []
    for file, lit in literals:
        if (lit.crate, lit.path) not in definitions:
            continue
        declared, gated = definitions[lit.crate, lit.path]
        missing, unknown = sorted(declared - gated - lit.fields), sorted(lit.fields - declared)
        if missing or unknown:
            gaps.append(FieldGap(file, lit, tuple(missing), tuple(unknown)))
    return gaps


def template_drift(
    checkout: Checkout,
    sources: Mapping[str, bytes],
    traits: Mapping[str, TraitDef],
    expand: Callable[[str], str] = str,
) -> list[Drift]:
    """All template drift in ``sources`` (relative path -> bytes): trait-impl signatures against
    ``traits``, then struct literals against the checkout's definitions."""
    found = [d for rel, source in sources.items() for d in signature_drift(source, traits, expand, rel)]
    return found + field_drift(checkout, sources)


def field_drift(checkout: Checkout, sources: Mapping[str, bytes]) -> list[Drift]:
    """:func:`field_gaps` as drift messages."""
    drift = []
    for gap in field_gaps(checkout, sources):
        path, line = gap.literal.path, gap.literal.line
        if gap.missing:
            message = (
                f"the `{path}` literal lacks field(s) {_names(list(gap.missing))} the checkout's type has"
            )
            drift.append(Drift(path, None, line, message, gap.file))
        if gap.unknown:
            message = (
                f"the `{path}` literal sets field(s) {_names(list(gap.unknown))} "
                "the checkout's type no longer has"
            )
            drift.append(Drift(path, None, line, message, gap.file))
    return drift


def _names(fields: list[str]) -> str:
    return ", ".join(f"`{f}`" for f in fields)
