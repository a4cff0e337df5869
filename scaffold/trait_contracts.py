"""The traits a connector implements, read from the checkout's own definitions, and template drift.

Traits are found by parsing (tree-sitter) a bounded set of crates, in order of preference, so the
2026 layout (``hyperswitch_interfaces``) and older ones (``router``) both work.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
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


def impl_items(root: Node) -> Iterator[Node]:
    """Top-level ``impl`` items, also those inside inline modules."""
    for child in root.named_children:
        if child.type == "impl_item":
            yield child
        elif child.type == "mod_item" and child.child_by_field_name("body") is not None:
            yield from impl_items(child.child_by_field_name("body"))  # type: ignore[arg-type]


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


def param_types(fn: Node) -> tuple[str, ...]:
    """Normalised types of the non-self parameters (cfg-excluded twins skipped)."""
    params = fn.child_by_field_name("parameters")
    kids = params.named_children if params is not None else []
    return tuple(
        short_type(node_text(p.child_by_field_name("type")))
        for p in kids
        if p.type == "parameter" and not _cfg_excluded(p)
    )


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
        src = checkout.path(f"crates/{crate}/src")
        if src.is_dir():
            yield from sorted(src.rglob("*.rs"))


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

    trait: str
    method: str | None
    line: int
    message: str


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
    source: bytes, traits: Mapping[str, TraitDef], expand: Callable[[str], str] = str
) -> list[Drift]:
    """Methods of ``source``'s trait impls whose signatures differ from the checkout's traits.

    ``expand`` rewrites router-data aliases into ``RouterData<..>`` so aliases compare equal.
    """
    drift: list[Drift] = []
    for impl in impl_items(parse_rust(source)):
        name, _ = trait_parts(node_text(impl.child_by_field_name("trait")))
        if name in traits:
            drift.extend(_impl_drift(impl, traits[name], expand))
    return drift + duplicate_imports(source)


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
