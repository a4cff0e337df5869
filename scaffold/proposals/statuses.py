"""Status enums: one variant per status value the doc gives, read in the doc's spelling, and the
``From`` into ``AttemptStatus`` / ``RefundStatus`` with, for each value, what the sibling connectors
map it to (counted). Where they disagree, or none has the value, the arm is a ``todo!()`` and the
question says so."""

from __future__ import annotations

import re

from scaffold.proposals.common import group, item_of_role, stub_with_role
from scaffold.proposals.doc_bodies import DocBodies
from scaffold.proposals.env import Env, Source
from scaffold.proposals.model import NONE, SIBLING_MAJORITY, Evidence, Proposal, Region
from scaffold.proposals.rust_code import VariantSpec, render_enum, variant_name
from scaffold.stubs import Stub

MAJORITY = 0.5  # the top choice must have more than half of the siblings' plain choices for the value


def _impl_header(source: Source, key: str) -> tuple[str, str] | None:
    node = source.items().get(key)
    body = node.child_by_field_name("body") if node is not None else None
    if node is None or body is None:
        return None
    header = source.data[node.start_byte : body.start_byte].decode().strip()
    for child in body.named_children:
        inner = child.child_by_field_name("body") if child.type == "function_item" else None
        if inner is not None:
            return header, source.data[child.start_byte : inner.start_byte].decode().strip()
    return None


def _arm(
    env: Env, target: str, enum: str, value: str, variant: str
) -> tuple[str, Evidence | None, str | None]:
    """(the match arm, sibling evidence, an open question) for one status value."""
    plain, conditional, choices = env.votes.tally(target, value)
    connectors = len({c.connector for c in choices})
    if not plain:
        extra = f" ({conditional} decide it from other fields)" if conditional else ""
        return (
            f"{enum}::{variant} => todo!(),",
            None,
            f"No sibling connector maps the status `{value}` to a plain `{target}`{extra}: "
            "what does it mean?",
        )
    chosen, count = plain.most_common(1)[0]
    listed = ", ".join(f"{t} {n}" for t, n in plain.most_common(4))
    if conditional:
        listed += f", conditional {conditional}"
    example = next(c for c in choices if c.target == chosen)
    evidence = Evidence(
        "sibling",
        f"{example.file}:{example.line}",
        f"`{value}` -> {chosen} in {count} of {connectors} connectors ({listed}; e.g. {example.connector})",
    )
    if count <= MAJORITY * sum(plain.values()) or not env.defs.has_variant(target, chosen):
        return (
            f"// siblings disagree on `{value}`: {listed}\n{enum}::{variant} => todo!(),",
            evidence,
            f"Siblings disagree on what the status `{value}` means ({listed}): which `{target}` is it?",
        )
    return (
        f"{enum}::{variant} => Self::{chosen}, // {chosen} in {count} of {connectors} connectors",
        evidence,
        None,
    )


def _listed(values: list[tuple[str, Evidence]], kind: str) -> Evidence:
    """The doc's status values as one piece of evidence: the lines they are on (section 6.4 lists them)."""
    refs = [e.ref for _, e in values]
    doc = refs[0].split(":")[0].split("#")[0]
    lines = sorted({int(r.rsplit(":", 1)[1]) for r in refs if ":" in r and r.rsplit(":", 1)[1].isdigit()})
    ref = f"{doc}:{lines[0]}-{lines[-1]}" if lines and lines[0] != lines[-1] else refs[0]
    shown = ", ".join(f"`{v}`" for v, _ in values[:12]) + (" and more" if len(values) > 12 else "")
    return Evidence("doc", ref, f"the doc's {kind} statuses (section 6.4): {shown}")


def _proposal(env: Env, stub: Stub, kind: str, role: str, target: str, needs: str | None) -> Proposal | None:
    source, enum = env.transformers, item_of_role(env, role)
    if source is None or enum is None:
        return None
    values = DocBodies(env.ctx.doc).statuses(kind)
    proposal = Proposal(stub.id, NONE)
    if not values:
        proposal.open.append(f"hs-scaffold read no {kind} status values from the doc (section 6.4).")
        return proposal
    keys = group(source, enum)
    from_key = next((k for k in keys if k.startswith("impl From")), None)
    existing = _impl_header(source, from_key) if from_key else None
    if existing is None:
        return None
    variants: dict[str, VariantSpec] = {}
    arms, decided = [], 0
    mapping: dict[str, str | None] = {}
    for value, _ in values:
        variant = variant_name(value)
        if variant in variants:
            continue
        variants[variant] = VariantSpec(value, variant)
        arm, sibling, question = _arm(env, target, enum, value, variant)
        arms.append(arm)
        chosen = re.search(r"=> Self::(\w+)", arm)
        mapping[value] = chosen.group(1) if chosen else None
        if sibling is not None:
            proposal.evidence.append(sibling)
        if question is None:
            decided += 1
        else:
            proposal.open.append(question)
    proposal.evidence.insert(0, _listed(values, kind))
    header, signature = existing
    body = "match item {\n" + "\n".join(arms) + "\n}"
    code = (
        render_enum(enum, list(variants.values()), env.json_macros)
        + f"\n\n{header} {{\n{signature} {{\n{body}\n}}\n}}"
    )
    definition = env.defs.get(target)
    if definition is not None:
        proposal.evidence.append(
            Evidence("types", definition.ref(), f"`{target}` variants, as the checkout defines them")
        )
    proposal.parts.append(source.part(Region(source.rel, "items", names=tuple(keys)), code))
    proposal.confidence = SIBLING_MAJORITY if decided else NONE
    proposal.summary = f"{len(variants)} {kind} statuses, {decided} mapped as the siblings do"
    proposal.facts = {"target": target, "map": mapping}
    response = stub_with_role(env, needs) if needs else None
    if response is not None:
        proposal.requires.append(response.id)  # the template's response derives Default, which this drops
    return proposal


def payment_status(env: Env, stub: Stub) -> Proposal | None:
    return _proposal(env, stub, "payment", "PaymentStatus", "AttemptStatus", "PaymentsResponse")


def refund_status(env: Env, stub: Stub) -> Proposal | None:
    return _proposal(env, stub, "refund", "RefundStatus", "RefundStatus", "RefundResponse")
