"""Code proposals for a connector's stubs, each grounded in the doc, the checkout's types and its siblings.

``propose(ctx, sources)`` returns one :class:`Proposal` per stub of ``ctx`` (the spec's context):
the code to write in its place, where it goes, the evidence for every choice, a confidence
(``derived``, ``sibling-majority`` or ``none``) and the questions still open. One module per kind of
stub: ``urls`` (``get_url`` and the method), ``requests`` (request structs, the capture body),
``responses``, ``statuses``, ``auth``, ``errors``, ``amounts`` (``get_currency_unit`` and the
RouterData wrapper), ``impls`` (empty impls, Void, trait defaults). ``hs-scaffold fill`` writes them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from scaffold.proposals import amounts, auth, errors, impls, requests, responses, statuses, urls
from scaffold.proposals.env import Env, build_env
from scaffold.proposals.model import ACCEPTED, DERIVED, NONE, SIBLING_MAJORITY, Proposal
from scaffold.proposals.targets import find
from scaffold.stubs import Stub

if TYPE_CHECKING:
    from scaffold.spec import Context

Proposer = Callable[[Env, Stub], Proposal | None]

BY_ROLE: dict[str, Proposer] = {
    "RouterData": amounts.router_data,
    "PaymentsRequest": requests.payments_request,
    "RefundRequest": requests.refund_request,
    "AuthType": auth.auth_type,
    "PaymentStatus": statuses.payment_status,
    "PaymentsResponse": responses.payments_response,
    "RefundStatus": statuses.refund_status,
    "RefundResponse": responses.refund_response,
    "ErrorResponse": errors.error_response,
}
BY_FUNCTION: dict[tuple[str, str], Proposer] = {
    ("ConnectorIntegration", "get_url"): urls.get_url,
    ("ConnectorIntegration", "get_request_body"): requests.capture_body,
    ("ConnectorCommon", "get_currency_unit"): amounts.currency_unit,
    ("ConnectorValidation", "validate_mandate_payment"): impls.trait_default,
}
WEBHOOKS = "hs-scaffold proposes no webhook code: implement it from the doc's webhook section (6.6)."


def _proposer(ctx: Context, stub: Stub) -> Proposer | None:
    from scaffold.spec import role_of  # spec imports this package

    trait = (stub.impl_trait or "").split("<")[0].split("::")[-1]
    if stub.kind == "empty_impl" and trait == "ConnectorIntegration":
        return impls.empty_impl
    if stub.function and (trait, stub.function) in BY_FUNCTION:
        if stub.function == "get_request_body" and stub.flow != "Capture":
            return None
        return BY_FUNCTION[(trait, stub.function)]
    role = role_of(stub, ctx.name)
    if role in ("RefundStatus",) and stub.function:  # the template's TODO sits inside the From impl
        return BY_ROLE[role]
    if role in BY_ROLE and stub.function is None:
        return BY_ROLE[role]
    return None


def _covered(env: Env, stub: Stub, made: dict[str, Proposal]) -> Proposal | None:
    """A proposal of another stub whose code replaces this one's place."""
    for other in made.values():
        for part in other.parts:
            source = env.main if part.region.file == env.main.rel else env.transformers
            if (
                source is None
                or part.region.file != stub.file
                or part.region.kind in ("use", "unuse", "rename", "end")
            ):
                continue
            for span in find(source.root, source.data, part.region):
                first = source.data.count(b"\n", 0, span.start) + 1
                last = source.data.count(b"\n", 0, span.end) + 1
                if first <= stub.line <= last:
                    return Proposal(
                        stub.id, other.confidence, covered_by=other.stub, summary=f"part of `{other.stub}`"
                    )
    return None


def _same_role(ctx: Context, stub: Stub, made: dict[str, Proposal]) -> Proposal | None:
    """A stub inside an item whose role another stub's proposal covers (``X.try_from`` of ``X``)."""
    from scaffold.spec import role_of

    role = role_of(stub, ctx.name)
    owner = next(
        (s for s in ctx.stubs if s.id in made and s.function is None and role_of(s, ctx.name) == role), None
    )
    if role is None or owner is None or role not in BY_ROLE:
        return None
    other = made[owner.id]
    return Proposal(stub.id, other.confidence, covered_by=owner.id, summary=f"part of `{owner.id}`")


def _safe(proposer: Proposer, env: Env, stub: Stub) -> Proposal | None:
    try:
        return proposer(env, stub)
    except Exception as exc:  # a proposal must never break `new` or `spec`: report it on the stub
        return Proposal(
            stub.id, NONE, open=[f"hs-scaffold could not make a proposal ({type(exc).__name__}: {exc})."]
        )


def propose(ctx: Context, sources: dict[str, bytes]) -> dict[str, Proposal]:
    """A proposal for every stub of ``ctx`` (``sources``: the connector's files, main first)."""
    env = build_env(ctx, sources)
    made: dict[str, Proposal] = {}
    if env is None:
        return {
            s.id: Proposal(s.id, NONE, open=["The connector has no files to propose for."]) for s in ctx.stubs
        }
    pending = []
    for stub in ctx.stubs:
        proposer = _proposer(ctx, stub)
        found = _safe(proposer, env, stub) if proposer is not None else None
        if found is not None:
            made[stub.id] = found
        else:
            pending.append(stub)
    for stub in pending:
        trait = (stub.impl_trait or "").split("<")[0].split("::")[-1]
        covered = _covered(env, stub, made) or _same_role(ctx, stub, made)
        if covered is not None:
            made[stub.id] = covered
        else:
            question = (
                WEBHOOKS if trait == "IncomingWebhook" else "hs-scaffold has no proposal for this stub."
            )
            made[stub.id] = Proposal(stub.id, NONE, open=[question])
    return {s.id: made[s.id] for s in ctx.stubs}


__all__ = ["ACCEPTED", "DERIVED", "NONE", "SIBLING_MAJORITY", "Proposal", "propose"]
