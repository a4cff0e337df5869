"""Response proposals: the payment and refund response structs (the fields holding the connector's id,
the status and the merchant's reference, as the doc's example responses show them) and the
``TryFrom`` impls building ``TransactionResponse`` / ``RefundsResponseData`` from them.

The ``TryFrom`` impls are the connector's own (the template's, drift-repaired by ``new``), with the
response's fields read where the doc puts them; every field of the checkout's ``TransactionResponse``
keeps the value it has there, which is checked against the checkout's definition.
"""

from __future__ import annotations

import re

from scaffold.proposals.common import endpoint_evidence, group, item_of_role
from scaffold.proposals.doc_bodies import ID_KEY, REFERENCE_KEY, Body, DocBodies, Leaf
from scaffold.proposals.env import Env
from scaffold.proposals.model import DERIVED, NONE, Evidence, Proposal, Region
from scaffold.proposals.rust_code import FieldSpec, StructSpec, render_struct, type_name
from scaffold.proposals.targets import rust_ident
from scaffold.stubs import Stub
from scaffold.trait_contracts import struct_literals


def _structs(name: str, picked: list[tuple[Leaf, str]]) -> tuple[list[StructSpec], dict[str, str]]:
    """Structs holding the picked leaves (nested where the doc nests them), and each leaf's access path."""
    root = StructSpec(name, serialize=True, deserialize=True)
    structs, access = [root], {}
    by_name = {name: root}
    for leaf, rust_type in picked:
        owner, path = root, []
        for segment in leaf.path[:-1]:
            nested = type_name(owner.name, segment)
            ident = rust_ident(segment)
            path.append(ident)
            if nested not in by_name:
                spec = StructSpec(nested, serialize=True, deserialize=True)
                by_name[nested] = spec
                structs.append(spec)
                owner.fields.append(FieldSpec(segment, ident, nested))
            owner = by_name[nested]
        ident = rust_ident(leaf.name)
        owner.fields.append(FieldSpec(leaf.name, ident, rust_type, optional=rust_type.startswith("Option<")))
        access[leaf.key] = ".".join([*path, ident])
    return structs, access


def _pick(docs: DocBodies, body: Body, kind: str) -> tuple[Leaf | None, Leaf | None, Leaf | None]:
    return body.find(ID_KEY), docs.status_leaf(body, kind), body.find(REFERENCE_KEY)


def _missing_fields(env: Env, code: str, variant: str) -> list[str]:
    enum, _, name = variant.partition("::")
    definition = env.defs.get(enum)
    fields = definition.variant_fields.get(name, ()) if definition else ()
    if not fields:
        definition = env.defs.get(variant)
        fields = definition.fields if definition else ()
    wanted = {f.name for f in fields if not any("cfg(" in a for a in f.attrs)}
    have: set[str] = set()
    for literal in struct_literals(code.encode()):
        if literal.path == variant:
            have |= set(literal.fields)
    return sorted(wanted - have)


def _response(
    env: Env, stub: Stub, role: str, flows: tuple[str, ...], kind: str, status_role: str
) -> Proposal | None:
    source, name = env.transformers, item_of_role(env, role)
    status_enum = item_of_role(env, status_role)
    if source is None or name is None or status_enum is None:
        return None
    docs = DocBodies(env.ctx.doc)
    body = next((b for flow in flows if (b := docs.body(flow, "response")) is not None), None)
    proposal = Proposal(stub.id, NONE)
    if body is None:
        proposal.open.append(
            f"hs-scaffold read no example response for {' or '.join(flows)} from the doc: "
            "which fields hold the id and status?"
        )
        return proposal
    id_leaf, status_leaf, reference = _pick(docs, body, kind)
    if id_leaf is None or status_leaf is None:
        what = "id" if id_leaf is None else "status"
        proposal.evidence.append(
            body.evidence(
                f"example response; fields {', '.join(f'`{leaf.key}`' for leaf in body.leaves[:10])}"
            )
        )
        proposal.open.append(
            f"Which field of the example response ({body.doc}:{body.lines}) holds the {what}?"
        )
        return proposal
    picked = [(id_leaf, "String"), (status_leaf, status_enum)]
    if reference is not None and role == "PaymentsResponse":
        picked.append((reference, "Option<String>"))
    structs, access = _structs(name, picked)
    keys = group(source, name)
    impls = [source.items()[k] for k in keys if k.startswith("impl ")]
    if not impls:
        return None
    impl_text = "\n\n".join(source.data[n.start_byte : n.end_byte].decode() for n in impls)
    numeric_id = id_leaf.kind == "number"
    impl_text = re.sub(r"\bitem\.response\.id\b", f"item.response.{access[id_leaf.key]}", impl_text)
    if numeric_id:
        impl_text = impl_text.replace(
            f"item.response.{access[id_leaf.key]})", f"item.response.{access[id_leaf.key]}.to_string())"
        )
        structs[0].fields[0].type = "i64"
    impl_text = re.sub(r"\bitem\.response\.status\b", f"item.response.{access[status_leaf.key]}", impl_text)
    if reference is not None and reference.key in access:
        impl_text = re.sub(
            r"connector_response_reference_id:\s*[^,\n]+,",
            f"connector_response_reference_id: item.response.{access[reference.key]},",
            impl_text,
        )
    code = "\n\n".join(render_struct(s, env.json_macros) for s in structs) + "\n\n" + impl_text
    keep = [k for k in keys if not k.startswith(("enum ", "macro ")) or k.endswith(f" {name}")]
    keep = [k for k in keep if k != f"macro {status_enum}"]
    proposal.parts.append(source.part(Region(source.rel, "items", names=tuple(keep)), code))
    proposal.confidence = DERIVED
    proposal.summary = f"{name}: id `{id_leaf.key}`, status `{status_leaf.key}`"
    proposal.facts = {
        "id": id_leaf.key,
        "status": status_leaf.key,
        "reference": reference.key if reference else None,
    }
    what = f"example response; the id is `{id_leaf.key}`, the status `{status_leaf.key}`"
    if reference is not None and role == "PaymentsResponse":
        what += f", the merchant's reference `{reference.key}`"
    proposal.evidence.append(body.evidence(what))
    if body.endpoint is not None:
        proposal.evidence.append(endpoint_evidence(body.endpoint, flows[0]))
    variant = (
        "PaymentsResponseData::TransactionResponse" if role == "PaymentsResponse" else "RefundsResponseData"
    )
    definition = env.defs.get(variant.split("::")[0])
    if definition is not None:
        proposal.evidence.append(
            Evidence(
                "types",
                definition.ref(variant.partition("::")[2] or None),
                f"`{variant}` fields, as the checkout defines them",
            )
        )
    missing = _missing_fields(env, impl_text, variant)
    if missing:
        proposal.confidence = NONE
        proposal.open.append(
            f"The `{variant}` literal lacks {', '.join(missing)}: run `hs-scaffold new`'s repair first."
        )
    return proposal


def payments_response(env: Env, stub: Stub) -> Proposal | None:
    return _response(
        env, stub, "PaymentsResponse", ("Authorize", "PSync", "Capture"), "payment", "PaymentStatus"
    )


def refund_response(env: Env, stub: Stub) -> Proposal | None:
    return _response(env, stub, "RefundResponse", ("Execute", "RSync"), "refund", "RefundStatus")
