"""``get_url`` of each flow: the base URL joined with the doc's path for the flow, each placeholder
filled from the router-data field that holds that id, and the HTTP method where the doc's differs
from what ``build_request`` sends."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from scaffold.docs.model import Endpoint
from scaffold.proposals.common import endpoint_evidence
from scaffold.proposals.doc_bodies import DocBodies
from scaffold.proposals.env import Env
from scaffold.proposals.model import DERIVED, NONE, Evidence, Proposal, Region
from scaffold.stubs import Stub
from scaffold.trait_contracts import node_text

PLACEHOLDER = re.compile(r"\{([^}/]*)\}|:([A-Za-z_]\w*)|<([^>/]*)>")
REFUND_WORDS = re.compile(r"(?i)refund|credit|return")
REFERENCE_WORDS = re.compile(r"(?i)reference|order|merchant|invoice")


@dataclass
class IdSource:
    """How one placeholder is filled: a ``let`` binding (or an inline expression) and its evidence."""

    binding: str | None  # ``let x = ..;`` lines, or None for an inline expression
    expr: str
    evidence: list[Evidence] = field(default_factory=list)
    uses: list[str] = field(default_factory=list)


def _request_type(env: Env, flow: str) -> str | None:
    alias = env.ctx.router.alias(env.ctx.router.for_flow(flow) or "")
    return alias.request if alias else None


def _field_source(env: Env, flow: str, field_name: str, var: str) -> IdSource | None:
    """A router-data request field (``connector_transaction_id``...) as a URL id, spelled by its type."""
    request = _request_type(env, flow)
    definition = env.defs.get(request or "")
    found = definition.field(field_name) if definition else None
    if definition is None or found is None:
        return None
    evidence = [env.type_evidence(definition, field_name)]
    bare = found.type.replace(" ", "").split("::")[-1]
    if bare == "String":
        return IdSource(None, f"req.request.{field_name}", evidence)
    if bare == "ResponseId":
        getter = env.defs.method("ResponseId", "get_connector_transaction_id")
        if getter is None or not env.defs.has_variant("ConnectorError", "MissingConnectorTransactionID"):
            return None
        evidence.append(
            Evidence("types", f"{getter.file}:{getter.line}", "`ResponseId::get_connector_transaction_id`")
        )
        binding = (
            f"let {var} = req\n    .request\n    .{field_name}\n    .get_connector_transaction_id()\n"
            "    .change_context(errors::ConnectorError::MissingConnectorTransactionID)?;"
        )
        return IdSource(binding, var, evidence)
    if found.optional and field_name == "connector_refund_id":
        getter = env.defs.method(request or "", "get_connector_refund_id")
        if getter is not None and getter.trait:
            evidence.append(
                Evidence(
                    "types", f"{getter.file}:{getter.line}", f"`{getter.trait}::get_connector_refund_id`"
                )
            )
            return IdSource(
                f"let {var} = req.request.get_connector_refund_id()?;",
                var,
                evidence,
                [f"crate::utils::{getter.trait}"],
            )
        if env.defs.has_variant("ConnectorError", "MissingConnectorRefundID"):
            binding = (
                f"let {var} = req\n    .request\n    .{field_name}\n    .clone()\n"
                "    .ok_or(errors::ConnectorError::MissingConnectorRefundID)?;"
            )
            return IdSource(binding, var, evidence)
    return None


def _reference_source(env: Env) -> IdSource | None:
    definition = env.defs.get("RouterData")
    if definition is None or definition.field("connector_request_reference_id") is None:
        return None
    return IdSource(
        None,
        "req.connector_request_reference_id",
        [env.type_evidence(definition, "connector_request_reference_id")],
    )


def id_source(env: Env, flow: str, name: str, index: int, count: int) -> IdSource | None:
    """What fills placeholder ``name`` (the ``index``-th of ``count``) in ``flow``'s path."""
    var = re.sub(r"\W", "_", name).lower() or "id"
    var = var if var[:1].isalpha() else f"id_{var}"
    if REFERENCE_WORDS.search(name) and not re.search(r"(?i)id$", name):
        return _reference_source(env)
    if flow == "RSync" and (REFUND_WORDS.search(name) or index == count - 1):
        return _field_source(env, flow, "connector_refund_id", var)
    if flow in ("PSync", "Capture", "Void", "Execute", "RSync"):
        return _field_source(env, flow, "connector_transaction_id", var)
    return None


def _path(endpoint: Endpoint) -> list[tuple[str, str | None]]:
    """The path in pieces: literal text, and placeholder names."""
    pieces: list[tuple[str, str | None]] = []
    last = 0
    for match in PLACEHOLDER.finditer(endpoint.path):
        pieces.append((endpoint.path[last : match.start()], None))
        pieces.append(("", next(g for g in match.groups() if g is not None) or "id"))
        last = match.end()
    pieces.append((endpoint.path[last:], None))
    return pieces


def _base_slash(env: Env) -> bool:
    """Whether the configured base URL ends with ``/`` (most do)."""
    from scaffold.spec import _configured_base_url  # spec imports this package

    url = _configured_base_url(env.ctx)
    return url is None or url.endswith("/")


def url_code(
    env: Env, flow: str, endpoint: Endpoint
) -> tuple[str, list[Evidence], list[str], list[str]] | None:
    """(the body of ``get_url``, evidence, imports, open questions), or None when an id has no source."""
    pieces = _path(endpoint)
    names = [n for _, n in pieces if n is not None]
    bindings, evidence, uses = [], [], []
    template, args = "{}", ["self.base_url(connectors)"]
    text = "".join(lit if n is None else "\0" for lit, n in pieces)
    text = text.lstrip("/") if _base_slash(env) else "/" + text.lstrip("/")
    index = 0
    for chunk in text.split("\0"):
        template += chunk.replace("{", "{{").replace("}", "}}")
        if index < len(names):
            source = id_source(env, flow, names[index], index, len(names))
            if source is None:
                return None
            if source.binding:
                bindings.append(source.binding)
                template += "{" + source.expr + "}"
            else:
                template += "{}"
                args.append(source.expr)
            evidence += source.evidence
            uses += source.uses
            index += 1
    call = f'Ok(format!("{template}", {", ".join(args)}))'
    body = "\n".join([*bindings, call])
    return body, evidence, uses, []


def url_signature(env: Env, flow: str, uses_req: bool = True) -> str | None:
    """``get_url``'s signature as the file has it, its parameters named as the body uses them."""
    fn = env.main.fn(f"ConnectorIntegration<{flow}>", "get_url")
    inner = fn.child_by_field_name("body") if fn is not None else None
    if fn is None or inner is None:
        return None
    text = env.main.data[fn.start_byte : inner.start_byte].decode().strip()
    text = re.sub(r"\b_connectors\b", "connectors", text)
    return re.sub(r"\b_req\b", "req", text) if uses_req else re.sub(r"\breq:", "_req:", text)


def method_variant(env: Env, method: str) -> str | None:
    """``DELETE`` -> ``Delete`` when the checkout's ``Method`` has it."""
    variant = method.capitalize()
    return variant if env.defs.has_variant("Method", variant) else None


def method_part(env: Env, flow: str, endpoint: Endpoint) -> tuple[str, str] | None:
    """(what ``build_request`` sends now, the doc's method) when they differ."""
    from scaffold.proposals.targets import _method_nodes

    nodes = list(_method_nodes(env.main.root, f"ConnectorIntegration<{flow}>"))
    wanted = method_variant(env, endpoint.method)
    if not nodes or wanted is None:
        return None
    now = node_text(nodes[0]).replace(" ", "")
    spelled = now.rsplit("::", 1)[0] + "::" + wanted if "::" in now else f"Method::{wanted}"
    return (now, spelled) if now.rsplit("::", 1)[-1] != wanted else None


def http_method_fn(env: Env, flow: str, endpoint: Endpoint) -> tuple[str, Evidence] | None:
    """``get_http_method`` for a flow whose doc method is not POST, where the trait has the method
    (it tells request signing which method is sent) and the impl does not define it yet."""
    trait = env.ctx.traits.get("ConnectorIntegration")
    method = trait.methods.get("get_http_method") if trait is not None else None
    variant = method_variant(env, endpoint.method)
    if method is None or variant is None or endpoint.method == "POST":
        return None
    if env.main.fn(f"ConnectorIntegration<{flow}>", "get_http_method") is not None:
        return None
    code = f"fn get_http_method(&self) -> Method {{\n    Method::{variant}\n}}"
    return code, Evidence(
        "trait", f"{method.file}:{method.line}", "`ConnectorIntegration::get_http_method` (default POST)"
    )


def get_url(env: Env, stub: Stub) -> Proposal | None:
    """``<flow>.get_url``, and the method of that flow's ``build_request`` when the doc's differs."""
    flow = stub.flow
    signature = url_signature(env, flow or "")
    if flow is None or signature is None:
        return None
    docs = DocBodies(env.ctx.doc)
    endpoint = docs.endpoint(flow)
    proposal = Proposal(stub.id, NONE)
    if endpoint is None:
        several = docs.endpoints(flow)
        if several:
            proposal.open.append(
                f"The doc labels {len(several)} endpoints with {flow}: "
                + ", ".join(f"`{e.method} {e.path}`" for e in several)
                + ": which one?"
            )
        else:
            proposal.open.append(f"hs-scaffold read no endpoint for {flow} from the doc (section 6.1).")
        return proposal
    proposal.evidence.append(endpoint_evidence(endpoint, flow))
    others = docs.alternatives(flow)
    if others:
        proposal.open.append(
            f"The doc also labels {', '.join(f'`{e.method} {e.path}`' for e in others)} with {flow}; "
            f"`{endpoint.method} {endpoint.path}` fits it best: check."
        )
    made = url_code(env, flow, endpoint)
    if made is None:
        proposal.open.append(
            f"Which router-data field holds the id in `{endpoint.path}` for {flow}? "
            "hs-scaffold knows none for it."
        )
        return proposal
    body, evidence, uses, _ = made
    signature = url_signature(env, flow, "req." in body or "req\n" in body) or signature
    code = signature + " {\n" + "\n".join(f"    {line}" for line in body.splitlines()) + "\n}"
    http_method = http_method_fn(env, flow, endpoint)
    if http_method is not None:
        code += "\n\n" + http_method[0]
        proposal.evidence.append(http_method[1])
    region = Region(env.main.rel, "fn", owner=f"ConnectorIntegration<{flow}>", name="get_url")
    proposal.parts.append(env.main.part(region, code))
    proposal.parts += [env.main.part(Region(env.main.rel, "use", name=u), "") for u in uses]
    proposal.evidence += evidence
    proposal.confidence = DERIVED
    proposal.summary = f"{endpoint.method} {endpoint.path}"
    proposal.facts = {"method": endpoint.method, "path": endpoint.path}
    change = method_part(env, flow, endpoint)
    if change is not None:
        now, wanted = change
        method_region = Region(env.main.rel, "method", owner=f"ConnectorIntegration<{flow}>")
        proposal.parts.append(env.main.part(method_region, wanted))
        proposal.evidence.append(
            Evidence(
                "doc",
                endpoint_evidence(endpoint, flow).ref,
                f"the doc's method is {endpoint.method}; build_request sends `{now}`",
            )
        )
    return proposal
