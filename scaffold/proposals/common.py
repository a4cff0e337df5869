"""Pieces several proposers share: item groups in the connector's files, the amount type, doc evidence."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from scaffold.docs.model import Endpoint
from scaffold.docs.model import Evidence as DocEvidence
from scaffold.proposals.env import Env, Source
from scaffold.proposals.model import Evidence
from scaffold.stubs import Stub
from scaffold.trait_contracts import node_text, short_type, split_args, trait_parts


def doc_evidence(doc_fact: DocEvidence, text: str | None = None) -> Evidence:
    """A doc fact's provenance as proposal evidence (``doc.md:12`` or ``doc.yaml#/pointer``)."""
    where = doc_fact.where
    ref = f"{where.doc}:{where.line}" if where.pointer is None else f"{where.doc}#{where.pointer}"
    return Evidence("doc", ref, text if text is not None else doc_fact.text)


def endpoint_evidence(endpoint: Endpoint, flow: str) -> Evidence:
    where = endpoint.where
    ref = f"{where.doc}:{where.line}" if where.pointer is None else f"{where.doc}#{where.pointer}"
    return Evidence("doc", ref, f"`{endpoint.method} {endpoint.path}` serves {flow}")


def _mentions(impl_arg: str, name: str) -> bool:
    """Whether a trait argument is ``name`` itself or a response wrapper around it."""
    bare = short_type(impl_arg).lstrip("&")
    if bare == name:
        return True
    head, _, rest = bare.partition("<")
    return head.endswith("ResponseRouterData") and name in split_args(rest.rstrip(">"))


def group(source: Source, name: str) -> list[str]:
    """Item keys of type ``name`` in ``source``: its definition, its JSON macro, the impls for it or
    converting it, and the helper structs only it uses, in file order."""
    keys: list[str] = []
    helpers: set[str] = set()
    defined = {n.split(" ", 1)[1] for n in source.items() if n.startswith(("struct ", "enum "))}
    for key, node in source.items().items():
        kind, _, rest = key.partition(" ")
        if kind in ("struct", "enum", "macro") and rest == name:
            keys.append(key)
            if kind == "struct":
                helpers |= _field_types(node) & defined
        elif kind == "impl":
            trait_text = node_text(node.child_by_field_name("trait"))
            self_type = short_type(node_text(node.child_by_field_name("type"))).split("<")[0]
            _, args = trait_parts(trait_text)
            if self_type == name or (args and _mentions(args[0], name)):
                keys.append(key)
    used_elsewhere = _used_outside(source, name, helpers)
    for helper in sorted(helpers - used_elsewhere):
        if f"struct {helper}" in source.items():
            keys += [k for k in (f"struct {helper}", f"macro {helper}") if k in source.items()]
    order = {k: i for i, k in enumerate(source.items())}
    return sorted(dict.fromkeys(keys), key=lambda k: order.get(k, 0))


def _field_types(struct: object) -> set[str]:
    text = node_text(struct.child_by_field_name("body"))  # type: ignore[attr-defined]
    return set(re.findall(r"\b([A-Z]\w*)\b", text))


def _used_outside(source: Source, name: str, helpers: set[str]) -> set[str]:
    used: set[str] = set()
    for key, node in source.items().items():
        kind, _, rest = key.partition(" ")
        if kind == "struct" and rest not in helpers and rest != name:
            used |= _field_types(node) & helpers
    return used


def stub_with_role(env: Env, role: str) -> Stub | None:
    """The stub standing before the transformers item playing ``role`` (``PaymentsRequest``...)."""
    from scaffold.spec import role_of  # spec imports this package

    return next(
        (s for s in env.ctx.stubs if role_of(s, env.name) == role and s.function is None and s.target_item),
        None,
    )


def item_of_role(env: Env, role: str) -> str | None:
    """The name of the transformers item playing ``role`` (the stub's target, else by name)."""
    stub = stub_with_role(env, role)
    if stub is not None and stub.target_item:
        return stub.target_item
    if env.transformers is None:
        return None
    for key in env.transformers.items():
        kind, _, rest = key.partition(" ")
        if kind in ("struct", "enum") and rest in (f"{env.pascal}{role}", role):
            return rest
    return None


@dataclass
class Amount:
    """The amount type the proposals write, and whether the connector's convertor must change for it."""

    type: str | None  # the wanted convertor's output (None when the doc does not say)
    convertor: str | None
    held: str | None
    held_output: str | None
    evidence: list[Evidence] = field(default_factory=list)
    open: list[str] = field(default_factory=list)

    @property
    def changes(self) -> bool:
        return bool(self.convertor and self.held and self.convertor != self.held)


def amount(env: Env) -> Amount:
    """The convertor the doc calls for (the spec's reading) against the one the connector holds."""
    ctx = env.ctx
    held = ctx.held
    wanted = ctx.convertor
    found = Amount(
        wanted.output if wanted else None,
        wanted.name if wanted else None,
        held.name if held else None,
        held.output if held else None,
    )
    if wanted is None:
        found.open.append(
            "The amount unit and format are not known from the doc (see section 6.3): which convertor fits?"
        )
        return found
    reading = ctx.doc.amount if ctx.doc else None
    for fact in (reading.facts if reading else [])[:3]:
        found.evidence.append(doc_evidence(fact.evidence))
    found.evidence.append(
        Evidence("types", f"{wanted.file}:{wanted.line}", f"`{wanted.name}` outputs `{wanted.output}`")
    )
    return found
