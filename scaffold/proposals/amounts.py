"""The amount: ``get_currency_unit`` from the doc's unit, and the RouterData wrapper carrying the amount
in the type of the convertor the doc calls for (renaming the convertor the connector holds)."""

from __future__ import annotations

import re

from scaffold.proposals.common import amount, doc_evidence, group, item_of_role
from scaffold.proposals.env import Env
from scaffold.proposals.model import DERIVED, NONE, Evidence, Part, Proposal, Region
from scaffold.stubs import Stub


def currency_unit(env: Env, stub: Stub) -> Proposal | None:
    fn = env.main.fn("ConnectorCommon", "get_currency_unit")
    body = fn.child_by_field_name("body") if fn is not None else None
    returns = fn.child_by_field_name("return_type") if fn is not None else None
    if fn is None or body is None or returns is None:
        return None
    proposal = Proposal(stub.id, NONE)
    unit = env.ctx.unit
    if unit is None or not env.defs.has_variant("CurrencyUnit", unit):
        proposal.open += env.ctx.amount_questions or [
            "hs-scaffold could not tell the amount unit from the doc (section 6.3)."
        ]
        return proposal
    signature = env.main.data[fn.start_byte : body.start_byte].decode().strip()
    spelled = env.main.data[returns.start_byte : returns.end_byte].decode().strip()
    code = f"{signature} {{\n    {spelled}::{unit}\n}}"
    proposal.parts.append(
        env.main.part(Region(env.main.rel, "fn", owner="ConnectorCommon", name="get_currency_unit"), code)
    )
    reading = env.ctx.doc.amount if env.ctx.doc else None
    proposal.evidence += [doc_evidence(f.evidence) for f in (reading.stated if reading else [])[:2]]
    proposal.evidence += [
        doc_evidence(f.evidence, f"example amount {f.evidence.text}")
        for f in (reading.shown if reading else [])[:1]
    ]
    definition = env.defs.get("CurrencyUnit")
    if definition is not None:
        proposal.evidence.append(Evidence("types", definition.ref(unit), f"`CurrencyUnit::{unit}`"))
    proposal.open += [q for q in env.ctx.amount_questions if "confirm" in q]
    proposal.confidence = DERIVED
    proposal.summary = f"CurrencyUnit::{unit}"
    proposal.facts = {"unit": unit}
    return proposal


def router_data(env: Env, stub: Stub) -> Proposal | None:
    """The RouterData wrapper with the amount in the wanted convertor's output type."""
    source, name = env.transformers, item_of_role(env, "RouterData")
    if source is None or name is None:
        return None
    plan = amount(env)
    proposal = Proposal(stub.id, NONE, open=list(plan.open))
    if plan.type is None or plan.convertor is None:
        return proposal
    keys = group(source, name)
    generic = re.search(rf"struct\s+{re.escape(name)}\s*<\s*(\w+)\s*>", source.text)
    param = generic.group(1) if generic else "T"
    code = (
        f"pub struct {name}<{param}> {{\n    pub amount: {plan.type},\n    pub router_data: {param},\n}}\n\n"
        f"impl<{param}> From<({plan.type}, {param})> for {name}<{param}> {{\n"
        f"    fn from((amount, item): ({plan.type}, {param})) -> Self {{\n"
        "        Self {\n            amount,\n            router_data: item,\n        }\n    }\n}"
    )
    proposal.parts.append(source.part(Region(source.rel, "items", names=tuple(keys)), code))
    proposal.evidence += plan.evidence
    if plan.changes and plan.held and plan.held_output:
        for file in (env.main, source):
            for old, new in ((plan.held, plan.convertor), (plan.held_output, plan.type)):
                proposal.parts.append(Part(Region(file.rel, "rename", name=old), new))
        proposal.evidence.append(
            Evidence(
                "types", env.main.rel, f"the connector holds `{plan.held}` (output `{plan.held_output}`)"
            )
        )
        proposal.summary = f"amounts as `{plan.type}`; `{plan.held}` -> `{plan.convertor}`"
    else:
        proposal.summary = f"amounts as `{plan.type}`"
    proposal.confidence = DERIVED
    proposal.facts = {"amount_type": plan.type, "convertor": plan.convertor, "held": plan.held}
    return proposal
