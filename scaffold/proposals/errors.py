"""The error response struct (the fields of the doc's error body that carry a code, a message and a
reason) and ``build_error_response`` reading them into the checkout's ``ErrorResponse``."""

from __future__ import annotations

import re

from scaffold.proposals.common import group, item_of_role
from scaffold.proposals.doc_bodies import Leaf, leaves_of
from scaffold.proposals.env import Env
from scaffold.proposals.model import DERIVED, NONE, Evidence, Proposal, Region
from scaffold.proposals.responses import _structs
from scaffold.proposals.rust_code import render_struct
from scaffold.rust_syntax import walk
from scaffold.stubs import Stub
from scaffold.trait_contracts import node_text

ROLES = {
    "code": re.compile(
        r"(?i)^(?:code|error_?code|err_?code|reason_?code|result_?code|return_?code|decline_?code)$"
    ),
    "message": re.compile(r"(?i)^(?:message|error_?message|msg|error_?description|description|title)$"),
    "reason": re.compile(
        r"(?i)^(?:reason|detail|details|error_?reason|error_?detail|description|explanation)$"
    ),
}


def _error_leaves(env: Env) -> list[Leaf]:
    model = env.ctx.doc
    if model is None:
        return []
    found: dict[str, Leaf] = {}
    for ref in model.examples:
        if ref.example.role == "error":
            for leaf in leaves_of(ref.example):
                found.setdefault(leaf.key, leaf)
    for item in model.errors.fields:
        path = tuple(item.name.split("."))
        found.setdefault(item.name, Leaf(path, '""', item.evidence.where.line or 0, "string"))
    return [leaf for leaf in found.values() if not leaf.in_array]


def _choose(leaves: list[Leaf]) -> dict[str, Leaf]:
    chosen: dict[str, Leaf] = {}
    for role, pattern in ROLES.items():
        leaf = next(
            (
                x
                for x in sorted(leaves, key=lambda x: len(x.path))
                if pattern.match(x.name) and x not in chosen.values()
            ),
            None,
        )
        if leaf is not None:
            chosen[role] = leaf
    return chosen


def _rewrite_literal(fn_text: str, values: dict[str, str]) -> str | None:
    """``fn_text`` with the ``ErrorResponse { .. }`` literal's fields set to ``values``."""
    from scaffold.trait_contracts import parse_rust

    source = fn_text.encode()
    root = parse_rust(source)
    literal = next(
        (
            n
            for n in walk(root)
            if n.type == "struct_expression"
            and node_text(n.child_by_field_name("name")).endswith("ErrorResponse")
        ),
        None,
    )
    body = literal.child_by_field_name("body") if literal is not None else None
    if body is None:
        return None
    edits = []
    for child in body.named_children:
        if child.type == "field_initializer":
            name = node_text(child.child_by_field_name("field"))
            value = child.child_by_field_name("value")
            if name in values and value is not None:
                edits.append((value.start_byte, value.end_byte, values[name]))
        elif child.type == "shorthand_field_initializer" and node_text(child) in values:
            edits.append(
                (child.start_byte, child.end_byte, f"{node_text(child)}: {values[node_text(child)]}")
            )
    out = source
    for start, end, text in sorted(edits, reverse=True):
        out = out[:start] + text.encode() + out[end:]
    return out.decode()


def error_response(env: Env, stub: Stub) -> Proposal | None:
    source, name = env.transformers, item_of_role(env, "ErrorResponse")
    fn = env.main.fn("ConnectorCommon", "build_error_response")
    if source is None or name is None or fn is None:
        return None
    proposal = Proposal(stub.id, NONE)
    chosen = _choose(_error_leaves(env))
    if "code" not in chosen and "message" not in chosen:
        proposal.open.append(
            "hs-scaffold read no field of the doc's error body (section 6.5) as a code or a message."
        )
        return proposal
    picked = []
    for role in ("code", "message", "reason"):
        leaf = chosen.get(role)
        if leaf is not None:
            rust_type = (
                "Option<String>" if role == "reason" else ("i64" if leaf.kind == "number" else "String")
            )
            picked.append((leaf, rust_type))
    structs, access = _structs(name, picked)
    values = {}
    for role in ("code", "message"):
        leaf = chosen.get(role) or chosen.get("message" if role == "code" else "code")
        assert leaf is not None
        path = f"response.{access[leaf.key]}"
        values[role] = f"{path}.to_string()" if leaf.kind == "number" else path
    if "code" not in chosen or "message" not in chosen:
        missing = "code" if "code" not in chosen else "message"
        proposal.open.append(
            f"hs-scaffold read no {missing} field in the doc's error body: "
            f"the {missing} repeats the other one."
        )
        if not values["code"].endswith(".to_string()"):
            values["code"] += ".clone()"  # the one field is read twice; the code comes first
    values["reason"] = f"response.{access[chosen['reason'].key]}" if "reason" in chosen else "None"
    fn_text = env.main.data[fn.start_byte : fn.end_byte].decode()
    rewritten = _rewrite_literal(fn_text, values)
    if rewritten is None:
        return None
    keys = group(source, name)
    code = "\n\n".join(render_struct(s, env.json_macros) for s in structs)
    proposal.parts.append(source.part(Region(source.rel, "items", names=tuple(keys)), code))
    region = Region(env.main.rel, "fn", owner="ConnectorCommon", name="build_error_response")
    proposal.parts.append(env.main.part(region, rewritten))
    for leaf in chosen.values():
        ref = f"{env.ctx.doc_rels[0] if env.ctx.doc_rels else 'doc'}:{leaf.line}"
        proposal.evidence.append(Evidence("doc", ref, f"error body field `{leaf.key}`"))
    definition = env.defs.get("ErrorResponse")
    if definition is not None:
        proposal.evidence.append(
            Evidence("types", definition.ref(), "`ErrorResponse` fields, as the checkout defines them")
        )
    proposal.confidence = DERIVED
    proposal.facts = {role: leaf.key for role, leaf in chosen.items()}
    proposal.summary = ", ".join(f"{role} from `{leaf.key}`" for role, leaf in chosen.items())
    return proposal
