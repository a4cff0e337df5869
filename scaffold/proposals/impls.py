"""Whole impls: an empty flow impl (a flow the doc says is unsupported, or one it gives no endpoint
for and most siblings leave empty; or Void, built from the connector's own Capture impl, when the
doc gives its endpoint), and trait methods the siblings leave to the trait's default."""

from __future__ import annotations

import re

from scaffold.proposals.common import doc_evidence
from scaffold.proposals.doc_bodies import DocBodies
from scaffold.proposals.env import Env
from scaffold.proposals.model import DERIVED, NONE, SIBLING_MAJORITY, Evidence, Part, Proposal, Region
from scaffold.proposals.requests import body_fn, request_struct
from scaffold.proposals.urls import http_method_fn, method_variant, url_code, url_signature
from scaffold.rust_paths import module_path
from scaffold.rust_syntax import walk
from scaffold.stubs import Stub
from scaffold.trait_contracts import functions_of, node_text, parse_rust

INTERFACE_TYPES = "crates/hyperswitch_interfaces/src/types.rs"


def _impl_header(env: Env, owner: str) -> str | None:
    impl = env.main.impl(owner)
    body = impl.child_by_field_name("body") if impl is not None else None
    if impl is None or body is None:
        return None
    return env.main.data[impl.start_byte : body.start_byte].decode().strip()


def _empty_counts(env: Env, flow: str) -> tuple[int, int]:
    """(siblings whose impl of ``flow`` is empty or only stubs, siblings with an impl of it)."""
    from scaffold.examples import key

    found = env.ctx.index.impls.get(key("ConnectorIntegration", flow, None), [])
    siblings = [i for i in found if i.connector != env.name]
    return sum(i.is_stub for i in siblings), len(siblings)


def _comment_impl(header: str, lines: list[str]) -> str:
    return header + " {\n" + "\n".join(f"    // {line}" for line in lines) + "\n}"


def empty_impl(env: Env, stub: Stub) -> Proposal | None:
    flow = stub.flow
    owner = f"ConnectorIntegration<{flow}>"
    header = _impl_header(env, owner) if flow else None
    if flow is None or header is None:
        return None
    region = Region(env.main.rel, "impl", owner=owner)
    proposal = Proposal(stub.id, NONE)
    model = env.ctx.doc
    unsupported = model.unsupported_flow(flow) if model else None
    if unsupported is not None:
        where = unsupported.evidence.where
        said = f"doc {'line ' + str(where.line) if where.pointer is None else where.pointer}"
        lines = [
            f"{flow} is not supported by {env.pascal} ({said}): the trait's defaults apply.",
            f"{flow}, as the doc says: \u201c{unsupported.evidence.text}\u201d",
        ]
        proposal.parts.append(env.main.part(region, _comment_impl(header, lines)))
        proposal.evidence.append(doc_evidence(unsupported.evidence, f"{flow}: {unsupported.evidence.text}"))
        proposal.confidence, proposal.summary = DERIVED, f"{flow}: not supported by the API"
        proposal.facts = {"unsupported": True}
        return proposal
    docs = DocBodies(model)
    if docs.endpoints(flow):
        if flow == "Void":
            return void_impl(env, stub, header, region)
        named = ", ".join(f"`{e.method} {e.path}`" for e in docs.endpoints(flow))
        proposal.open.append(f"The doc gives {named} for {flow}: implement it like the other flows.")
        return proposal
    empty, total = _empty_counts(env, flow)
    if model is None or not total or empty * 2 <= total:
        proposal.open.append(
            f"Does {env.pascal} support {flow}? hs-scaffold read no endpoint for it from the doc"
            + (f", and {total - empty} of {total} connectors implement it." if total else ".")
        )
        return proposal
    lines = [
        f"{flow}: hs-scaffold read no endpoint for it from the doc; the trait's defaults apply,",
        f"as in {empty} of {total} connectors of this checkout.",
    ]
    proposal.parts.append(env.main.part(region, _comment_impl(header, lines)))
    proposal.evidence.append(
        Evidence(
            "sibling",
            env.ctx.checkout.layout.connectors_dir.as_posix(),
            f"{flow} impl empty in {empty} of {total} connectors",
        )
    )
    proposal.confidence, proposal.summary = SIBLING_MAJORITY, f"{flow}: left empty, as most siblings"
    proposal.facts = {"empty": True}
    return proposal


def _interface_type(env: Env, flow: str) -> str | None:
    path = env.ctx.checkout.source(INTERFACE_TYPES)
    if not path.is_file():
        return None
    text = path.read_text(encoding="utf-8", errors="replace")
    match = re.search(rf"pub type (\w+)\s*=\s*dyn\s+ConnectorIntegration\s*<\s*{flow}\s*,", text)
    return match.group(1) if match else None


def _drop_set_body(text: str) -> str:
    source = text.encode()
    for node in walk(parse_rust(source)):
        callee = node.child_by_field_name("function") if node.type == "call_expression" else None
        field = (
            callee.child_by_field_name("field")
            if callee is not None and callee.type == "field_expression"
            else None
        )
        if callee is not None and field is not None and node_text(field) == "set_body":
            receiver = callee.child_by_field_name("value")
            assert receiver is not None
            return (
                source[: node.start_byte] + node_text(receiver).encode() + source[node.end_byte :]
            ).decode()
    return text


def void_impl(env: Env, stub: Stub, header: str, region: Region) -> Proposal:
    """The Void impl, modelled on this connector's Capture impl, with the doc's endpoint and method."""
    proposal = Proposal(stub.id, NONE)
    docs = DocBodies(env.ctx.doc)
    endpoint = docs.endpoint("Void")
    capture = env.main.impl("ConnectorIntegration<Capture>")
    void_alias, capture_alias = env.ctx.router.for_flow("Void"), env.ctx.router.for_flow("Capture")
    void_type, capture_type = _interface_type(env, "Void"), _interface_type(env, "Capture")
    method = method_variant(env, endpoint.method) if endpoint else None
    if (
        endpoint is None
        or capture is None
        or not (void_alias and capture_alias and void_type and capture_type and method)
    ):
        proposal.open.append(
            "The doc's Void endpoint is there, but this connector has no Capture impl to model it on."
        )
        return proposal
    made = url_code(env, "Void", endpoint)
    if made is None:
        proposal.open.append(f"Which router-data field holds the id in `{endpoint.path}` for Void?")
        return proposal
    body = docs.body("Void", "request")
    fns = []
    for fn in functions_of(capture):
        name = node_text(fn.child_by_field_name("name"))
        text = env.main.data[fn.start_byte : fn.end_byte].decode()
        text = re.sub(rf"\b{capture_alias}\b", void_alias, text)
        text = re.sub(rf"\b{capture_type}\b", void_type, text).replace("CaptureResponse", "VoidResponse")
        if name == "get_url":
            uses_req = "req." in made[0] or "req\n" in made[0]
            signature = re.sub(
                rf"\b{capture_alias}\b", void_alias, url_signature(env, "Capture", uses_req) or ""
            )
            text = signature + " {\n" + "\n".join(f"    {x}" for x in made[0].splitlines()) + "\n}"
            http_method = http_method_fn(env, "Void", endpoint)
            if http_method is not None:
                text += "\n\n" + http_method[0]
        elif name == "get_request_body":
            if body is None:
                continue
            signature = text[: text.index("{")].strip()
            form = body.example.format == "form"
            text = body_fn(env, "Void", f"{env.pascal}VoidRequest", None, signature, form)
        elif name == "build_request":
            text = re.sub(r"Method::\w+", f"Method::{method}", text)
            if body is None:
                text = _drop_set_body(text)
        fns.append(text)
    code = header + " {\n" + "\n\n".join(fns) + "\n}"
    proposal.parts.append(env.main.part(region, code))
    alias = env.ctx.router.alias(void_alias)
    module = module_path(alias.file) if alias else None
    if module:
        proposal.parts.append(env.main.part(Region(env.main.rel, "use", name=f"{module}::{void_alias}"), ""))
    proposal.parts += [env.main.part(Region(env.main.rel, "use", name=u), "") for u in made[2]]
    proposal.evidence.append(
        Evidence(
            "doc",
            f"{endpoint.where.doc}:{endpoint.where.line}",
            f"`{endpoint.method} {endpoint.path}` serves Void",
        )
    )
    proposal.evidence += made[1]
    capture_line = capture.start_point[0] + 1
    proposal.evidence.append(
        Evidence("sibling", f"{env.main.rel}:{capture_line}", "modelled on this connector's Capture impl")
    )
    if body is not None and env.transformers is not None:
        struct_proposal, struct_code = request_struct(env, stub.id, "Void", f"{env.pascal}VoidRequest", body)
        if struct_proposal.confidence == NONE:
            proposal.open += struct_proposal.open
            return proposal
        proposal.parts.append(env.transformers.part(Region(env.transformers.rel, "end"), struct_code))
        proposal.parts += [p for p in struct_proposal.parts if p.region.kind == "use"]
        proposal.evidence += struct_proposal.evidence
        proposal.open += struct_proposal.open
    else:
        proposal.open.append(
            f"hs-scaffold read no request body for `{endpoint.method} {endpoint.path}` from the doc: "
            "the call is sent without one."
        )
    proposal.confidence, proposal.summary = DERIVED, f"Void: {endpoint.method} {endpoint.path}"
    proposal.facts = {"method": endpoint.method, "path": endpoint.path}
    return proposal


def trait_default(env: Env, stub: Stub) -> Proposal | None:
    """A stubbed trait method most siblings do not define (the trait's default applies)."""
    trait, fn_name = "ConnectorValidation", stub.function
    impl = env.main.impl(trait)
    fn = env.main.fn(trait, fn_name or "")
    if impl is None or fn is None or fn_name is None:
        return None
    from scaffold.examples import key

    defining = {
        i.connector for i in env.ctx.index.impls.get(key(trait, "", fn_name), []) if i.connector != env.name
    }
    having = {
        i.connector for i in env.ctx.index.impls.get(key(trait, "", None), []) if i.connector != env.name
    }
    proposal = Proposal(stub.id, NONE)
    definition = env.ctx.traits.get(trait)
    method = definition.methods.get(fn_name) if definition is not None else None
    model = env.ctx.doc
    unsupported = model.unsupported_flow("SetupMandate") if model and "mandate" in fn_name else None
    region = Region(env.main.rel, "fn", owner=trait, name=fn_name)
    comment = f"// {fn_name}: the trait's default applies"
    if unsupported is not None:
        proposal.parts.append(
            env.main.part(
                region, f"{comment} (mandates are not supported: doc line {unsupported.evidence.where.line})."
            )
        )
        said = f"SetupMandate: {unsupported.evidence.text}"
        proposal.evidence.append(doc_evidence(unsupported.evidence, said))
        proposal.confidence = DERIVED
    elif having and len(defining) * 2 < len(having):
        proposal.parts.append(
            env.main.part(
                region, f"{comment}, as in {len(having) - len(defining)} of {len(having)} connectors."
            )
        )
        proposal.evidence.append(
            Evidence(
                "sibling",
                env.ctx.checkout.layout.connectors_dir.as_posix(),
                f"{len(having) - len(defining)} of {len(having)} connectors do not define `{fn_name}`",
            )
        )
        proposal.confidence = SIBLING_MAJORITY
    else:
        proposal.open.append(f"Which payment methods may {env.pascal} charge again without the customer?")
        return proposal
    params = fn.child_by_field_name("parameters")
    for name in re.findall(r":\s*&?([A-Z]\w*)", node_text(params) if params is not None else ""):
        proposal.parts.append(Part(Region(env.main.rel, "unuse", name=name), ""))
    if method is not None:
        proposal.evidence.append(
            Evidence(
                "trait",
                f"{method.file}:{method.line}",
                method.doc.split("\n")[0] if method.doc else f"`{trait}::{fn_name}`",
            )
        )
    proposal.summary = "the trait's default"
    return proposal
