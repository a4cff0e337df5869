"""The auth type and ``get_auth_header``, from the doc's scheme, header and credentials.

The ``ConnectorAuthType`` variant is the one with as many secrets as the credentials the doc names
(``credentials``): a key alone is ``HeaderKey``, a key and an entity id ``BodyKey``, a key id, a
shared secret and a merchant id ``SignatureKey``. A bearer token or a key in a named header is sent
as the doc says; Basic encoding, request signing and tokens from an access-token call stay with the
author (an open question).
"""

from __future__ import annotations

import re

from scaffold.proposals import credentials
from scaffold.proposals.common import doc_evidence, group, item_of_role
from scaffold.proposals.env import Env
from scaffold.proposals.model import DERIVED, NONE, Evidence, Proposal, Region
from scaffold.stubs import Stub
from scaffold.trait_contracts import node_text

HEADER = re.compile(r"^[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*$")


def _struct_code(env: Env, name: str, variant: str, fields: list[str], header: str, signature: str) -> str:
    members = "\n".join(f"    pub(super) {f}: Secret<String>," for f in fields)
    pattern = ", ".join(fields)
    inits = "\n".join(f"                {f}: {f}.to_owned()," for f in fields)
    return (
        f"pub struct {name} {{\n{members}\n}}\n\n{header} {{\n    type Error = {env.error_type};\n"
        f"    {signature} {{\n        match auth_type {{\n"
        f"            ConnectorAuthType::{variant} {{ {pattern} }} => Ok(Self {{\n{inits}\n            }}),\n"
        "            _ => Err(errors::ConnectorError::FailedToObtainAuthType.into()),\n        }\n    }\n}"
    )


def _header_code(env: Env, scheme: str, header: str) -> tuple[str, Evidence | None] | None:
    """The ``Ok(vec![..])`` of ``get_auth_header`` for a bearer token or a key header."""
    constant = env.defs.header_constants.get(header.lower())
    name = f"{constant[0]}.to_string()" if constant else f'"{header}".to_string()'
    evidence = (
        Evidence(
            "types",
            f"crates/hyperswitch_connectors/src/constants.rs:{constant[1]}",
            f'`{constant[0]}` is "{header}"',
        )
        if constant
        else None
    )
    value = (
        'format!("Bearer {}", auth.api_key.expose()).into_masked()'
        if scheme == "Bearer"
        else "auth.api_key.expose().into_masked()"
    )
    return f"Ok(vec![({name}, {value})])", evidence


def _auth_fn(env: Env, tail: str) -> tuple[str, str] | None:
    """``get_auth_header`` as it is, with its last expression (the header list) replaced by ``tail``."""
    fn = env.main.fn("ConnectorCommon", "get_auth_header")
    body = fn.child_by_field_name("body") if fn is not None else None
    if fn is None or body is None:
        return None
    statements = [c for c in body.named_children if c.type not in ("line_comment", "block_comment")]
    if not statements:
        return None
    last = statements[-1]
    text = (
        env.main.data[fn.start_byte : last.start_byte].decode()
        + tail
        + env.main.data[last.end_byte : fn.end_byte].decode()
    )
    return text, node_text(last)


def auth_type(env: Env, stub: Stub) -> Proposal | None:
    source, name = env.transformers, item_of_role(env, "AuthType")
    if source is None or name is None:
        return None
    proposal = Proposal(stub.id, NONE)
    reading = env.ctx.doc.auth if env.ctx.doc else None
    scheme, header = env.ctx.auth, reading.header if reading else None
    if reading is None or scheme is None:
        proposal.open.append(
            "hs-scaffold could not tell the auth scheme from the doc (section 6.2): which header or scheme?"
        )
        return proposal
    proposal.evidence += [
        doc_evidence(f.evidence) for f in sorted(reading.facts, key=lambda f: -f.strength)[:3]
    ]
    keys = group(source, name)
    impl_key = next((k for k in keys if k.startswith("impl TryFrom")), None)
    impl = source.items().get(impl_key or "")
    body = impl.child_by_field_name("body") if impl is not None else None
    fn = (
        next((c for c in body.named_children if c.type == "function_item"), None)
        if body is not None
        else None
    )
    fn_body = fn.child_by_field_name("body") if fn is not None else None
    if impl is None or body is None or fn is None or fn_body is None:
        return None
    impl_header = source.data[impl.start_byte : body.start_byte].decode().strip()
    signature = source.data[fn.start_byte : fn_body.start_byte].decode().strip()
    variants = env.defs.get("ConnectorAuthType")
    if variants is None:
        return None
    found = credentials.count(env.ctx.doc)
    fitting = [
        v
        for v, fields in variants.variant_fields.items()
        if fields and all(f.type.replace(" ", "") == "Secret<String>" for f in fields)
    ]
    variant = next((v for v in fitting if len(variants.variant_fields[v]) == found.count), None)
    if variant is None:
        proposal.open.append(
            f"The doc names {found.count} credentials; no `ConnectorAuthType` variant holds as many."
        )
        return proposal
    fields = [f.name for f in variants.variant_fields[variant]]
    named = ", ".join(found.found) or "one key (the doc's examples)"
    proposal.evidence += list(found.found.values())
    confidence = DERIVED
    issued = bool(env.ctx.doc and env.ctx.doc.serving("AccessTokenAuth"))
    one_key = scheme in ("Bearer", "ApiKey") and header and HEADER.match(header) and not issued
    proposal.evidence.append(
        Evidence("types", variants.ref(variant), f"`ConnectorAuthType::{variant} {{ {', '.join(fields)} }}`")
    )
    code = _struct_code(env, name, variant, fields, impl_header, signature)
    proposal.parts.append(source.part(Region(source.rel, "items", names=tuple(keys)), code))
    proposal.confidence = confidence
    proposal.summary = f"{scheme} auth, ConnectorAuthType::{variant} ({named})"
    proposal.facts = {"scheme": scheme, "auth_type": variant, "credentials": list(found.found)}
    if one_key and header:
        made = _header_code(env, scheme, header)
        fn_code = _auth_fn(env, made[0]) if made else None
        if made and fn_code:
            region = Region(env.main.rel, "fn", owner="ConnectorCommon", name="get_auth_header")
            proposal.parts.append(env.main.part(region, fn_code[0]))
            if made[1] is not None:
                proposal.evidence.append(made[1])
    else:
        how = "from the access token" if issued else f"from the auth type's fields ({', '.join(fields)})"
        proposal.open.append(
            f"`get_auth_header` is left as the template has it: build the {scheme} header the doc "
            f"describes {how}."
        )
    return proposal
