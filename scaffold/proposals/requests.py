"""Request proposals: the payment and refund request structs with their ``TryFrom``, and the capture body.

Fields, wire names and order come from the doc's example request for the flow; each field's value
and type from the flow's request data in the checkout (``fields``); the amount's type from the
convertor the doc calls for. Fields nothing fills stay out, with a TODO and an open question.
"""

from __future__ import annotations

import re

from scaffold.proposals import bodies
from scaffold.proposals.common import Amount, amount, endpoint_evidence, group, item_of_role, stub_with_role
from scaffold.proposals.doc_bodies import Body, DocBodies
from scaffold.proposals.env import Env, Source
from scaffold.proposals.fields import FieldFiller
from scaffold.proposals.model import DERIVED, NONE, Evidence, Proposal, Region
from scaffold.rust_paths import module_path
from scaffold.rust_syntax import walk
from scaffold.stubs import Stub
from scaffold.trait_contracts import node_text

FALLBACK_ARM = 'Err(errors::ConnectorError::NotImplemented("Payment method".to_string()).into())'


def _no_body(env: Env, stub: Stub, flow: str, docs: DocBodies) -> Proposal:
    endpoint = docs.endpoint(flow)
    proposal = Proposal(stub.id, NONE)
    if endpoint is None:
        proposal.open.append(
            f"hs-scaffold read no single endpoint for {flow} from the doc (section 6.1), so no request body."
        )
    else:
        proposal.evidence.append(endpoint_evidence(endpoint, flow))
        proposal.open.append(
            f"hs-scaffold read no example request for `{endpoint.method} {endpoint.path}` from the doc: "
            "which fields does it take?"
        )
    return proposal


def _router_data_stub(env: Env, plan: Amount) -> list[str]:
    """The RouterData proposal's stub, when the amount type changes with it."""
    stub = stub_with_role(env, "RouterData")
    return [stub.id] if plan.changes and stub is not None else []


def _existing_fn_header(source: Source, item_key: str, fn: str) -> tuple[str, str] | None:
    """(impl header, fn signature) of ``fn`` in the impl ``item_key``, as the file has them."""
    node = source.items().get(item_key)
    if node is None:
        return None
    body = node.child_by_field_name("body")
    header = source.data[node.start_byte : body.start_byte].decode().strip() if body is not None else ""
    for child in body.named_children if body is not None else ():
        if child.type == "function_item" and node_text(child.child_by_field_name("name")) == fn:
            inner = child.child_by_field_name("body")
            if inner is not None:
                return header, source.data[child.start_byte : inner.start_byte].decode().strip()
    return None


def _fallback_arm(source: Source, item_key: str) -> str:
    node = source.items().get(item_key)
    for arm in walk(node) if node is not None else ():
        pattern = arm.child_by_field_name("pattern") if arm.type == "match_arm" else None
        if pattern is not None and node_text(pattern).strip() == "_":
            value = node_text(arm.child_by_field_name("value")).strip().rstrip(",")
            if "NotImplemented" in value:
                return value
    return FALLBACK_ARM


def _try_from_body(env: Env, built: bodies.BuiltBody, fallback: str) -> str:
    if not built.card:
        return f"Ok({built.literal})"
    data = "item.router_data.request.payment_method_data.clone()"
    card = f"PaymentMethodData::Card(card) => Ok({built.literal})"
    return f"match {data} {{\n    {card},\n    _ => {fallback},\n}}"


def _impl(header: str, signature: str, error_type: str, body: str) -> str:
    return f"{header} {{\n    type Error = {error_type};\n    {signature} {{\n{body}\n    }}\n}}"


def _struct_proposal(env: Env, stub: Stub, flow: str, role: str) -> Proposal | None:
    """The payment (Authorize) or refund (Execute) request struct and its ``TryFrom``."""
    source, name = env.transformers, item_of_role(env, role)
    if source is None or name is None:
        return None
    docs = DocBodies(env.ctx.doc)
    body = docs.body(flow, "request")
    if body is None:
        return _no_body(env, stub, flow, docs)
    keys = group(source, name)
    impl_key = next((k for k in keys if k.startswith("impl TryFrom") and k.endswith(f" for {name}")), None)
    existing = _existing_fn_header(source, impl_key, "try_from") if impl_key else None
    if existing is None:
        return None
    plan = amount(env)
    built = bodies.build(FieldFiller(env, flow, plan.type), body, name, f"{body.doc}:{body.lines}")
    if not built.filled:
        proposal = _no_body(env, stub, flow, docs)
        proposal.open.append("hs-scaffold could fill none of the example's fields from the router data.")
        return proposal
    header, signature = existing
    fallback = _fallback_arm(source, impl_key) if impl_key else FALLBACK_ARM
    code = (
        built.render(env.json_macros)
        + "\n\n"
        + _impl(header, signature, env.error_type, _try_from_body(env, built, fallback))
    )
    proposal = Proposal(stub.id, DERIVED, summary=f"{name} from the doc's example request")
    proposal.parts.append(source.part(Region(source.rel, "items", names=tuple(keys)), code))
    if body.example.format == "form":
        _form_encoded(env, proposal, flow)
    _finish(env, proposal, source, built, body, flow, plan)
    return proposal


def _form_encoded(env: Env, proposal: Proposal, flow: str) -> None:
    """The flow's ``get_request_body`` sending the struct form-encoded, as the doc's example is."""
    fn = env.main.fn(f"ConnectorIntegration<{flow}>", "get_request_body")
    text = env.main.data[fn.start_byte : fn.end_byte].decode() if fn is not None else ""
    if "RequestContent::Json(" not in text or not env.defs.has_variant("RequestContent", "FormUrlEncoded"):
        proposal.open.append(f"The doc's {flow} body is form-encoded: send it so in `get_request_body`.")
        return
    region = Region(env.main.rel, "fn", owner=f"ConnectorIntegration<{flow}>", name="get_request_body")
    proposal.parts.append(
        env.main.part(region, text.replace("RequestContent::Json(", "RequestContent::FormUrlEncoded("))
    )
    proposal.open.append(
        "The doc's bodies are form-encoded: should `common_get_content_type` say "
        "`application/x-www-form-urlencoded`?"
    )


def _finish(
    env: Env, proposal: Proposal, source: Source, built: bodies.BuiltBody, body: Body, flow: str, plan: Amount
) -> None:
    proposal.facts = {"flow": flow, "fields": list(built.filled), "missing": list(built.missing)}
    proposal.parts += [source.part(Region(source.rel, "use", name=u), "") for u in dict.fromkeys(built.uses)]
    shown = ", ".join(f"`{k}`" for k in built.filled[:12])
    proposal.evidence.append(body.evidence(f"example request for {flow}; fields filled: {shown}"))
    if body.endpoint is not None:
        proposal.evidence.append(endpoint_evidence(body.endpoint, flow))
    proposal.evidence += built.evidence + plan.evidence
    proposal.open += built.open + plan.open
    proposal.requires += _router_data_stub(env, plan)


def payments_request(env: Env, stub: Stub) -> Proposal | None:
    return _struct_proposal(env, stub, "Authorize", "PaymentsRequest")


def refund_request(env: Env, stub: Stub) -> Proposal | None:
    return _struct_proposal(env, stub, "Execute", "RefundRequest")


# --- capture: a body the template does not define ----------------------------------------------


def _module_alias(env: Env) -> str:
    found = re.search(r"use\s+transformers\s+as\s+(\w+)\s*;", env.main.text)
    return found.group(1) if found else "transformers"


def body_fn(env: Env, flow: str, struct: str, amount_field: str | None, signature: str, form: bool) -> str:
    """``get_request_body`` building ``struct`` (converting ``amount_field`` when there is one)."""
    alias = _module_alias(env)
    content = "FormUrlEncoded" if form else "Json"
    signature = re.sub(r"\b_req\b", "req", signature)
    if amount_field:
        lines = [
            "let amount = utils::convert_amount(",
            "    self.amount_converter,",
            f"    req.request.{amount_field},",
            "    req.request.currency,",
            ")?;",
            f"let connector_router_data = {alias}::{env.pascal}RouterData::from((amount, req));",
            f"let connector_req = {alias}::{struct}::try_from(&connector_router_data)?;",
        ]
    else:
        lines = [f"let connector_req = {alias}::{struct}::try_from(req)?;"]
    lines.append(f"Ok(RequestContent::{content}(Box::new(connector_req)))")
    return signature + " {\n" + "\n".join(f"    {line}" for line in lines) + "\n}"


def amount_field_of(env: Env, flow: str) -> str | None:
    """The request data's minor amount for ``flow``: ``minor_amount_to_capture`` and the like."""
    filler = FieldFiller(env, flow, None)
    definition = env.defs.get(filler.request_type or "")
    if definition is None:
        return None
    wanted = {"Capture": "minor_amount_to_capture", "Execute": "minor_refund_amount", "Void": "minor_amount"}
    name = wanted.get(flow, "minor_amount")
    found = definition.field(name)
    return name if found is not None and "Option" not in found.type else None


def capture_body(env: Env, stub: Stub) -> Proposal | None:
    """``capture.get_request_body``: a capture request struct from the doc's example, and the body."""
    return flow_body(env, stub, "Capture", f"{env.pascal}CaptureRequest")


def flow_body(env: Env, stub: Stub, flow: str, struct: str) -> Proposal | None:
    source, docs = env.transformers, DocBodies(env.ctx.doc)
    fn = env.main.fn(f"ConnectorIntegration<{flow}>", "get_request_body")
    if source is None or fn is None:
        return None
    body = docs.body(flow, "request")
    if body is None:
        return _no_body(env, stub, flow, docs)
    proposal, code = request_struct(env, stub.id, flow, struct, body)
    if proposal.confidence == NONE:
        return proposal
    inner = fn.child_by_field_name("body")
    signature = env.main.data[fn.start_byte : inner.start_byte].decode().strip() if inner is not None else ""
    amount_field = amount_field_of(env, flow) if amount(env).type else None
    region = Region(env.main.rel, "fn", owner=f"ConnectorIntegration<{flow}>", name="get_request_body")
    proposal.parts.insert(
        0,
        env.main.part(
            region, body_fn(env, flow, struct, amount_field, signature, body.example.format == "form")
        ),
    )
    proposal.parts.insert(1, source.part(Region(source.rel, "end"), code))
    return proposal


def request_struct(env: Env, stub_id: str, flow: str, struct: str, body: Body) -> tuple[Proposal, str]:
    """A new request struct for ``flow`` (appended to transformers.rs) and its ``TryFrom``."""
    source = env.transformers
    assert source is not None
    plan = amount(env)
    carried = plan.type if amount_field_of(env, flow) else None  # the wrapper brings the amount
    built = bodies.build(FieldFiller(env, flow, carried), body, struct, f"{body.doc}:{body.lines}")
    proposal = Proposal(stub_id, DERIVED, summary=f"{struct} from the doc's example request")
    if not built.filled:
        proposal.confidence = NONE
        proposal.open.append("hs-scaffold could fill none of the example's fields from the router data.")
        return proposal, ""
    alias = env.ctx.router.for_flow(flow) or ""
    wrapped = f"&{env.pascal}RouterData<&{alias}>" if carried else f"&{alias}"
    header = f"impl TryFrom<{wrapped}> for {struct}"
    signature = f"fn try_from(item: {wrapped}) -> Result<Self, Self::Error>"
    code = (
        built.render(env.json_macros)
        + "\n\n"
        + _impl(header, signature, env.error_type, f"Ok({built.literal})")
    )
    if not carried:
        code = code.replace("item.router_data.", "item.")
    found = env.ctx.router.alias(alias)
    alias_module = module_path(found.file) if found is not None else None
    if alias_module:
        built.uses.append(f"{alias_module}::{alias}")
    _finish(env, proposal, source, built, body, flow, plan)
    return proposal, code


def evidence_of_body(body: Body, flow: str) -> Evidence:
    return body.evidence(f"example request for {flow}")
