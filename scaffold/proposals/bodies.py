"""A request struct (with its nested structs) and the literal that fills it, from a doc example body."""

from __future__ import annotations

from dataclasses import dataclass, field

from scaffold.proposals.doc_bodies import Body, Leaf
from scaffold.proposals.fields import FieldFiller, Filled
from scaffold.proposals.model import Evidence
from scaffold.proposals.rust_code import FieldSpec, StructSpec, render_struct, type_name
from scaffold.proposals.targets import rust_ident

Tree = dict[str, "Leaf | Tree"]


@dataclass
class BuiltBody:
    """The structs to write (root first), the literal building the root, and what is still open."""

    structs: list[StructSpec] = field(default_factory=list)
    literal: str = ""
    card: bool = False
    uses: list[str] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    open: list[str] = field(default_factory=list)
    filled: list[str] = field(default_factory=list)  # wire paths filled
    missing: list[str] = field(default_factory=list)  # wire paths left as TODO
    unfilled: list[Leaf] = field(default_factory=list)

    def render(self, json_macros: bool) -> str:
        return "\n\n".join(render_struct(s, json_macros) for s in self.structs)


def _tree(leaves: list[Leaf]) -> tuple[Tree, list[Leaf]]:
    root: Tree = {}
    arrays: list[Leaf] = []
    for leaf in leaves:
        if leaf.in_array:
            arrays.append(leaf)
            continue
        node = root
        for segment in leaf.path[:-1]:
            child = node.setdefault(segment, {})
            if not isinstance(child, dict):
                break
            node = child
        else:
            node.setdefault(leaf.path[-1], leaf)
    return root, arrays


def build(filler: FieldFiller, body: Body, root_name: str, doc_line: str) -> BuiltBody:
    """The request types for ``body`` (an example request of the flow), rooted at ``root_name``."""
    built = BuiltBody()
    tree, arrays = _tree(body.leaves)
    built.literal = _node(filler, tree, root_name, "Self", built, body)
    first_array: dict[str, Leaf] = {}
    for leaf in arrays:
        first_array.setdefault(leaf.path[0], leaf)
    if built.structs:
        for key, leaf in first_array.items():
            built.structs[0].todos.append(
                f"`{key}` (doc line {leaf.line}) is a list in the example; hs-scaffold writes no list fields"
            )
            built.missing.append(key)
            built.open.append(f"`{key}` ({doc_line}) is a list: which router-data values fill its items?")
    if built.unfilled:
        named = ", ".join(f"`{leaf.key}` (line {leaf.line})" for leaf in built.unfilled[:8])
        more = f" and {len(built.unfilled) - 8} more" if len(built.unfilled) > 8 else ""
        built.open.append(
            f"The doc's example request ({doc_line}) sends {named}{more}, which nothing in the router data "
            "is known to fill: which values fill them, or are they optional? (left out, with a TODO)"
        )
    return built


def _node(filler: FieldFiller, tree: Tree, name: str, spelled: str, built: BuiltBody, body: Body) -> str:
    spec = StructSpec(name)
    built.structs.append(spec)
    inits: list[str] = []
    for key, child in tree.items():
        ident = rust_ident(key)
        if isinstance(child, dict):
            nested = type_name(name, key)
            index = len(built.structs)
            literal = _node(filler, child, nested, nested, built, body)
            if not built.structs[index].fields:
                del built.structs[index]
                continue
            spec.fields.append(FieldSpec(key, ident, nested, literal))
            inits.append(f"{ident}: {literal}")
            continue
        found = filler.fill(child)
        if found is None:
            _missing(spec, built, child, body)
            continue
        _filled(spec, built, child, key, ident, found)
        inits.append(f"{ident}: {found.expr}")
    return f"{spelled} {{\n" + "".join(f"{i},\n" for i in inits) + "}" if inits else f"{spelled} {{}}"


def _filled(spec: StructSpec, built: BuiltBody, leaf: Leaf, key: str, ident: str, found: Filled) -> None:
    spec.fields.append(FieldSpec(key, ident, found.type, found.expr, found.optional))
    built.filled.append(leaf.key)
    built.card = built.card or found.card
    built.uses += found.uses
    built.evidence += found.evidence


def _missing(spec: StructSpec, built: BuiltBody, leaf: Leaf, body: Body) -> None:
    spec.todos.append(f"`{leaf.key}` (doc line {leaf.line}): what fills it?")
    built.missing.append(leaf.key)
    built.unfilled.append(leaf)
