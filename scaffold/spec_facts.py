"""The doc-facing part of the spec: what the doc model says for each stub, and the doc sections of
the stub map.

Every "the doc does not say X" sentence here is written only when the doc model has no candidate
for X at all; where candidates exist but are unclear, the question lists them with their lines.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from scaffold import amounts
from scaffold.docs.errors import leaf_names
from scaffold.docs.model import Endpoint, Evidence
from scaffold.docs.reader import DocModel

if TYPE_CHECKING:
    from scaffold.spec import Context

MAX_HINTS = 5
MAX_LISTED = 6  # candidates named in one question
REFUND_FLOWS = ("Execute", "RSync")

Found = tuple[list[dict[str, Any]], list[str]]  # (doc hints, open questions)


def hint(text: str, line: int | None, also: Sequence[int] = (), pointer: str | None = None) -> dict[str, Any]:
    """A doc hint: what the doc says, its line, and other lines saying the same (an OpenAPI fact's
    JSON pointer is named in its text)."""
    return {"text": f"{text} (`{pointer}`)" if pointer else text, "line": line, "also": list(also)}


def merged(hints: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One hint per text; repeats become "also line N"."""
    lines: dict[str, list[dict[str, Any]]] = {}
    for item in hints:
        lines.setdefault(item["text"], []).append(item)
    result = []
    for text, items in lines.items():
        first = items[0]
        also = sorted({i["line"] for i in items[1:] if i["line"]} - {first["line"]})
        result.append(hint(text, first["line"], also))
    return result


def at(evidence: Evidence) -> str:
    """``line 12`` or the JSON pointer (and line), with the doc's name when several docs were read."""
    return evidence.where.label()


def _ev_hint(text: str, evidence: Evidence) -> dict[str, Any]:
    return hint(text, evidence.where.line, (), evidence.where.pointer)


def listed(items: Iterable[str], limit: int = MAX_LISTED) -> str:
    found = list(items)
    shown = ", ".join(found[:limit])
    return shown + (f" and {len(found) - limit} more" if len(found) > limit else "")


def no_doc(what: str) -> str:
    """A short open question for a stub when there is no doc (the spec says once that it is missing)."""
    return f"{what[0].upper()}{what[1:]}: not in the docs."


# --- amounts and auth ---------------------------------------------------------------------------------


def conclude(ctx: Context) -> None:
    """Unit, convertor and auth scheme from the doc model; what stays open becomes a question."""
    model = ctx.doc
    if model is None or model.empty():
        ctx.amount_questions.append(no_doc(WHAT["amount"]))
        return
    reading = model.amount
    ctx.unit = reading.unit
    ctx.convertor = _convertor(ctx.convertors, reading)
    ctx.auth = model.auth.scheme
    ctx.amount_questions += amount_questions(model, bool(ctx.convertors), ctx.convertor)


def _convertor(convertors: list[amounts.Convertor], reading: Any) -> amounts.Convertor | None:
    named = next((c for c in convertors if c.name == reading.convertor), None)
    if named or reading.unit is None:
        return named
    representation = {
        "number": "integer" if reading.unit == "Minor" else "float",
        "string": "string",
        "form": "integer" if reading.unit == "Minor" else "string",
    }.get(reading.representation or "")
    return amounts.choose_convertor(convertors, amounts.AmountFormat(reading.unit, representation))


def amount_questions(model: DocModel, has_convertors: bool, chosen: amounts.Convertor | None) -> list[str]:
    reading = model.amount
    if reading.conflicts:
        return [
            f"The doc disagrees with itself about amounts: {at(a.evidence)} ({a.evidence.text}) against "
            f"{at(b.evidence)} ({b.evidence.text}): which is right?"
            for a, b in reading.conflicts[:2]
        ]
    if not reading.facts:
        seen = model.candidate_lines("amount")
        if seen:
            return [
                f"Are amounts in minor or base units, sent as numbers or strings? The doc mentions amounts "
                f"({seen}) but hs-scaffold read no unit, type or example value from them."
            ]
        return [
            "The doc gives no amount at all (no unit, no type, no example value): are amounts in minor "
            "or base units, and sent as numbers or strings?"
        ]
    lines = listed(at(f.evidence) for f in reading.facts)
    if reading.unit is None:
        return [
            f"The doc shows amounts ({lines}) and hs-scaffold could not tell their unit: minor units (cents) "
            "or base units?"
        ]
    questions = []
    if reading.inferred:
        questions.append(
            f"The doc's examples show whole-number amounts ({lines}) and hs-scaffold read no sentence "
            "calling them minor units: confirm before returning `Minor`."
        )
    if has_convertors and chosen is None:
        if reading.representation is None:
            questions.append(
                f"The doc gives amounts in {reading.unit.lower()} units ({lines}); hs-scaffold could not "
                "tell whether they travel as numbers or strings: which, so the matching convertor fits?"
            )
        else:
            questions.append(
                f"No convertor of `common_utils` in this checkout sends {reading.unit.lower()} units as "
                f"{reading.describe()}s ({lines}): which amount type should the connector send?"
            )
    return questions


# --- per need ------------------------------------------------------------------------------------------


def _flow_hint(endpoint: Endpoint, flow: str) -> dict[str, Any]:
    others = [f for f in endpoint.flows if f != flow]
    also = f" (also {', '.join(others)})" if others else ""
    return hint(
        f"`{endpoint.method} {endpoint.path}` serves {flow}{also}",
        endpoint.where.line,
        (),
        endpoint.where.pointer,
    )


def _endpoint_label(endpoint: Endpoint) -> str:
    return f"`{endpoint.method} {endpoint.path}` ({endpoint.where.label()})"


def _method_fits(flow: str, method: str) -> bool:
    """Whether an operation with ``method`` could serve ``flow`` (a sync by POST is an inquiry)."""
    if flow in ("PSync", "RSync"):
        return method in ("GET", "POST")
    return method in ("POST", "PUT", "PATCH") or (flow == "Void" and method == "DELETE")


def endpoint_facts(ctx: Context, model: DocModel, flow: str | None) -> Found:
    if flow is None:
        return [], []
    unsupported = model.unsupported_flow(flow)
    if unsupported is not None:
        text = (
            f"{flow} is not supported by the API, doc {at(unsupported.evidence)}: "
            f"{unsupported.evidence.text} (leave the {flow} impl empty, with a comment saying so)"
        )
        return [_ev_hint(text, unsupported.evidence)], []
    mine = model.serving(flow)
    hints = [_flow_hint(e, flow) for e in mine]
    if len(mine) > 1:
        named = listed(_endpoint_label(e) for e in mine)
        return hints, [f"The doc gives {len(mine)} endpoints for {flow}: {named}: which one serves it?"]
    if mine:
        return hints, []
    live = [e for e in model.endpoints if not e.deprecated]
    open_ = [e for e in live if not e.flows and _method_fits(flow, e.method)]
    if open_:
        named = listed(_endpoint_label(e) for e in open_)
        return [], [
            f"Which endpoint serves {flow}? Operations the doc gives without a clear flow: {named}; "
            f"or is {flow} unsupported?"
        ]
    if live:
        return [], [
            f"Which endpoint serves {flow}, or is it unsupported? hs-scaffold read none of the doc's "
            f"{len(live)} operations (section 6.1) as {flow}."
        ]
    if model.endpoints:
        return [], [
            f"Which endpoint serves {flow}? The doc gives only deprecated operations "
            f"({listed(_endpoint_label(e) for e in model.endpoints)})."
        ]
    seen = model.candidate_lines("endpoint")
    if seen:
        return [], [
            f"Which endpoint serves {flow}? hs-scaffold read no operation (method and path) from the "
            f"doc; it mentions requests or URLs at {seen}."
        ]
    return [], [f"The doc names no HTTP endpoint (method and path) at all: which one serves {flow}?"]


def amount_facts(ctx: Context, model: DocModel, flow: str | None) -> Found:
    reading = model.amount
    found = [_ev_hint(f.evidence.text, f.evidence) for f in reading.stated]
    found += [_ev_hint(f"example amount `{f.evidence.text}`", f.evidence) for f in reading.shown]
    found += [_ev_hint(c.text, c) for c in model.currencies]
    return merged(found), list(ctx.amount_questions)  # the convertor is hs-scaffold's inference: not a hint


def status_facts(ctx: Context, model: DocModel, flow: str | None) -> Found:
    """Status values the doc gives, refund ones for refund flows."""
    kind = "refund" if flow in REFUND_FLOWS else "payment"
    found = [s for s in model.statuses if s.kind == kind]
    if found:
        return merged([_ev_hint(f"status `{s.value}`", s.evidence) for s in found]), []
    if model.statuses:
        other = listed(f"`{s.value}`" for s in model.statuses)
        return [], [
            f"Which status values can a {kind} response carry, and what does each mean? The doc's "
            f"status values ({other}) read as {'payment' if kind == 'refund' else 'refund'} statuses."
        ]
    seen = model.candidate_lines("status")
    if seen:
        return [], [
            f"Which status values can a {kind} response carry, and what does each mean? The doc mentions "
            f"statuses ({seen}) but hs-scaffold read no list of values."
        ]
    return [], [
        f"The doc shows no status values at all: which can a {kind} response carry, and what does each mean?"
    ]


def auth_facts(ctx: Context, model: DocModel, flow: str | None) -> Found:
    reading = model.auth
    found = merged(
        [
            _ev_hint(f"{f.scheme} ({f.header or 'scheme'}): {f.evidence.text}", f.evidence)
            for f in sorted(reading.facts, key=lambda f: -f.strength)
        ]
    )
    if reading.candidates:
        named = listed(
            f"{s} ({at(next(f.evidence for f in reading.facts if f.scheme == s))})"
            for s in reading.candidates
        )
        return found, [f"The doc mentions several auth schemes ({named}): which one applies?"]
    if found:
        return found, []
    seen = model.candidate_lines("auth")
    if seen:
        return [], [
            f"Which header or scheme authenticates {ctx.name}'s requests? The doc mentions credentials "
            f"({seen}) but hs-scaffold could not tell the scheme."
        ]
    return [], [
        f"The doc does not say how {ctx.name} authenticates requests (no header, key or scheme "
        "anywhere): which header or scheme?"
    ]


def error_facts(ctx: Context, model: DocModel, flow: str | None) -> Found:
    """The error body's fields, else what the doc says about errors."""
    errors = model.errors
    if errors.fields and errors.bodies:
        start, last = errors.bodies[0]
        inside = [f for f in errors.fields if start <= (f.evidence.where.line or 0) <= last]
        names = ", ".join(f"`{f.name}`" for f in (inside or errors.fields)[:12])
        span = f" (to line {last})" if last != start else ""
        return [hint(f"example error body{span}; fields: {names}", start)], []
    if errors.fields:
        lines = sorted({f.evidence.where.line for f in errors.fields if f.evidence.where.line})
        first = errors.fields[0].evidence
        names = ", ".join(f"`{f.name}`" for f in errors.fields[:12])
        return [hint(f"error body fields: {names}", first.where.line, lines[1:6], first.where.pointer)], []
    found = [_ev_hint(e.text, e) for e in errors.mentions]
    seen = model.candidate_lines("errors")
    if found or seen:
        return found, [
            f"Which fields of an error response carry the code and the message? The doc talks about "
            f"errors ({seen or 'see the hints'}) but hs-scaffold read no error body from it."
        ]
    return [], ["The doc does not describe error responses anywhere: what does an error body look like?"]


def webhook_facts(ctx: Context, model: DocModel, flow: str | None) -> Found:
    hooks = model.webhooks
    found = [_ev_hint(e.text, e) for e in hooks.mentions]
    found += [_ev_hint(f"event `{e.name}`", e.evidence) for e in hooks.events[:MAX_HINTS]]
    if hooks.signature_header:
        found.append(_ev_hint(f"signature header `{hooks.signature_header[0]}`", hooks.signature_header[1]))
    if hooks.algorithm:
        found.append(_ev_hint(f"signature algorithm {hooks.algorithm[0]}", hooks.algorithm[1]))
    if found:
        return merged(found), []
    seen = model.candidate_lines("webhook")
    if seen:
        return [], [
            f"Does {ctx.name} send webhooks, and how are they signed? The doc mentions notifications or "
            f"callbacks ({seen}) but hs-scaffold read nothing more about them."
        ]
    return [], [f"The doc never mentions webhooks: does {ctx.name} send them, and how are they signed?"]


EXAMPLE_FLOWS = {  # the flows whose example a request or response struct follows
    "PaymentsRequest": (("Authorize",), "request"),
    "PaymentsResponse": (("Authorize", "PSync"), "response"),
    "RefundRequest": (("Execute",), "request"),
    "RefundResponse": (("Execute", "RSync"), "response"),
}


def example_facts(ctx: Context, model: DocModel, role: str | None) -> Found:
    """The doc's example bodies for the struct's endpoint, as a line range and the fields they show."""
    wanted_flows, wanted = EXAMPLE_FLOWS.get(role or "", ((), None))
    found = []
    for ref in model.examples:
        endpoint, example = ref.endpoint, ref.example
        if (
            endpoint is None
            or not set(endpoint.flows) & set(wanted_flows)
            or example.role not in (wanted, None)
        ):
            continue
        if example.pointer:  # an OpenAPI schema: its fields with their types
            typed = [
                f"`{v.key}` ({v.schema_type}{', required' if v.required else ''})"
                for v in example.values[:14]
            ]
            text = f"{wanted} schema for `{endpoint.method} {endpoint.path}`; fields: {', '.join(typed)}"
            found.append(hint(text, example.block.line, (), example.pointer))
            continue
        what = f"example {wanted}" if example.role else "example body (not marked as a request or a response)"
        keys = f"; fields: {', '.join(f'`{k}`' for k in example.keys[:14])}" if example.keys else ""
        span = f" (to line {example.block.end})" if example.block.end != example.block.line else ""
        found.append(hint(f"{what} for `{endpoint.method} {endpoint.path}`{span}{keys}", example.block.line))
    return found[:MAX_HINTS], []


FACTS: dict[str, Callable[[Context, DocModel, str | None], Found]] = {
    "endpoint": endpoint_facts,
    "amount": amount_facts,
    "status": status_facts,
    "auth": auth_facts,
    "errors": error_facts,
    "webhook": webhook_facts,
    "example": example_facts,
}
WHAT = {
    "endpoint": "endpoint (method and path) for {flow}",
    "amount": "amount unit and format",
    "auth": "authentication scheme",
    "status": "statuses a {what} response can carry",
    "errors": "error response format",
    "webhook": "whether and how webhooks are sent and signed",
    "example": "",
}


def facts_for(ctx: Context, need: str, flow: str | None) -> Found:
    """Hints and questions of one need (``endpoint``, ``amount``...) for ``flow``."""
    model = ctx.doc
    if (model is None or model.empty()) and need == "example":
        return [], []
    if model is None or model.empty():
        what = "refund" if flow in REFUND_FLOWS else "payment"
        return [], [no_doc(WHAT[need].format(flow=flow or "this flow", what=what))]
    return FACTS[need](ctx, model, flow)


# --- the stub map's doc sections ---------------------------------------------------------------------


def evidence_json(items: Iterable[Evidence], limit: int = 12) -> list[dict[str, Any]]:
    """The evidence as JSON, each line (or pointer) of each doc once, at most ``limit`` of them."""
    unique: dict[tuple[str, int | None, str | None], Evidence] = {}
    for item in items:
        unique.setdefault((item.where.doc, item.where.line, item.where.pointer), item)
    return [e.as_json() for e in list(unique.values())[:limit]]


def map_sections(ctx: Context) -> dict[str, Any]:
    """``docs``, ``amount``, ``auth``, ``base_urls``, ``endpoints``, ``unsupported_flows``, ``statuses``,
    ``errors`` and ``webhooks`` of the stub map."""
    model = ctx.doc or DocModel([])
    reading = model.amount
    hooks = model.webhooks
    return {
        "docs": model.names,
        "amount": {
            "currency_unit": ctx.unit,
            "convertor": ctx.convertor.name if ctx.convertor else None,
            "representation": reading.describe() if ctx.unit else None,
            "evidence": evidence_json(f.evidence for f in reading.facts),
            "conflicts": [[a.evidence.as_json(), b.evidence.as_json()] for a, b in reading.conflicts],
        },
        "auth": {
            "scheme": ctx.auth,
            "header": model.auth.header if ctx.auth else None,
            "evidence": evidence_json(
                f.evidence for f in sorted(model.auth.facts, key=lambda f: -f.strength)
            ),
        },
        "base_urls": [{"url": b.url, **b.evidence.as_json()} for b in model.base_urls[:8]],
        "endpoints": [
            {
                "method": e.method,
                "path": e.path,
                "flows": list(e.flows),
                "deprecated": e.deprecated,
                "doc": e.where.doc,
                "line": e.where.line,
                "pointer": e.where.pointer,
                "section": e.section,
                "evidence": evidence_json(e.evidence, 4),
            }
            for e in model.endpoints
        ],
        "unsupported_flows": [{"flow": u.flow, **u.evidence.as_json()} for u in model.unsupported],
        "statuses": {
            kind: [{"value": s.value, **s.evidence.as_json()} for s in model.statuses if s.kind == kind]
            for kind in ("payment", "refund")
        },
        "errors": {
            "fields": [f.name for f in model.errors.fields],
            "names": leaf_names(model.errors),
            "lines": sorted({f.evidence.where.line for f in model.errors.fields if f.evidence.where.line}),
            "evidence": evidence_json([f.evidence for f in model.errors.fields] or model.errors.mentions, 6),
        },
        "webhooks": {
            "events": [{"name": e.name, **e.evidence.as_json()} for e in hooks.events[:40]],
            "signature_header": {"name": hooks.signature_header[0], **hooks.signature_header[1].as_json()}
            if hooks.signature_header
            else None,
            "algorithm": {"name": hooks.algorithm[0], **hooks.algorithm[1].as_json()}
            if hooks.algorithm
            else None,
            "payload_fields": hooks.payload_fields[:30],
            "evidence": evidence_json(hooks.mentions, 5),
        },
    }
