"""The stub map (JSON) and the connector spec (Markdown) for one connector.

Everything comes from the checkout (traits, router-data aliases, amount convertors, sibling
connectors) and from the connector's docs; what neither answers becomes an open question.

The stub map (``<name>_specs.json``, ``hs-scaffold spec NAME --json``, ``hs-scaffold stubs NAME --json``)
has the shape documented in README.md ("The stub map (JSON)"); its doc sections (``docs``, ``amount``,
``auth``, ``base_urls``, ``endpoints``, ``unsupported_flows``, ``statuses``, ``errors``, ``webhooks``)
come from ``scaffold.spec_facts``.
"""

from __future__ import annotations

import contextlib
import json
import re
import shlex
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jinja2
import tomli

from scaffold import (
    amounts,
    cache_files,
    drift_repair,
    examples,
    manifest,
    naming,
    proposals,
    render,
    resources,
    spec_facts,
)
from scaffold.checkout import SPEC_DIR, Checkout
from scaffold.docs.locate import default_doc, find_docs, is_default, shown_name
from scaffold.docs.reader import DocModel, read_docs
from scaffold.errors import UsageError
from scaffold.flows import KNOWN_FLOWS
from scaffold.router_types import RouterTypes, load_router_types
from scaffold.stubs import Stub, scan_connector
from scaffold.trait_contracts import (
    TRAITS,
    Drift,
    TraitDef,
    TraitMethod,
    impl_items,
    load_traits,
    node_text,
    parse_rust,
    short_type,
    template_drift,
    trait_parts,
)

FLOW_ORDER = KNOWN_FLOWS  # the order flows get their sections in
CONNECTOR_WIDE = ("ConnectorCommon", "ConnectorCommonExt", "ConnectorValidation", "ConnectorSpecifications")
MAX_HINTS = spec_facts.MAX_HINTS
MAX_DRIFT_WARNINGS = 5


@dataclass
class Context:
    """What the spec is built from, read once."""

    checkout: Checkout
    name: str
    stubs: list[Stub]
    traits: dict[str, TraitDef]
    router: RouterTypes
    index: examples.ExampleIndex
    convertors: list[amounts.Convertor]
    doc: DocModel | None
    doc_rels: list[str]
    unit: str | None = None
    convertor: amounts.Convertor | None = None
    held: amounts.HeldConvertor | None = None  # what the connector's code holds now
    auth: str | None = None
    amount_questions: list[str] = field(default_factory=list)
    drift: list[Drift] = field(default_factory=list)
    repairs: list[dict[str, Any]] = field(default_factory=list)  # what `new` rewrote (drift_repair)
    flows: list[str] = field(default_factory=list)
    main_text: str = ""
    picked: dict[str, list[examples.Implementation]] = field(default_factory=dict)
    proposed: dict[str, proposals.Proposal] = field(default_factory=dict)

    @property
    def doc_rel(self) -> str | None:
        """The docs as the spec names them (``a.md`` or ``a.md`, `b.yaml``), None without any."""
        return "`, `".join(self.doc_rels) if self.doc_rels else None


# --- reading the checkout ---------------------------------------------------------------------------


def _scan(checkout: Checkout, name: str) -> list[Stub]:
    return scan_connector(checkout, name).stubs


def connector_sources(checkout: Checkout, name: str) -> dict[str, bytes]:
    """The connector's files, main file first (or the template rendered in memory when it has none)."""
    files = checkout.connector_files(name)
    if files:
        return {checkout.rel(p): p.read_bytes() for p in files}
    template = checkout.path(checkout.layout.template_dir)
    if not template.is_dir():
        return {}
    rendered = render.render_tree(template, name)
    return {
        f"{checkout.layout.template_dir.as_posix()}/{rel} (rendered)": text.encode()
        for rel, text in rendered.items()
        if rel in ("mod.rs", "transformers.rs")
    }


def _drift(ctx: Context, sources: dict[str, bytes]) -> list[Drift]:
    if not ctx.traits:
        return []
    return template_drift(ctx.checkout, sources, ctx.traits, ctx.router.expand)


def _flows(source: bytes) -> list[str]:
    found = []
    for impl in impl_items(parse_rust(source)):
        trait, args = trait_parts(node_text(impl.child_by_field_name("trait")))
        if trait == "ConnectorIntegration" and args and short_type(args[0]) not in found:
            found.append(short_type(args[0]))
    return found


def _read_docs(checkout: Checkout, name: str, doc_paths: Sequence[Path]) -> tuple[DocModel | None, list[str]]:
    paths = find_docs(checkout, name, doc_paths)
    if not paths:
        return None, []
    shown = [shown_name(checkout, p) for p in paths]
    return read_docs(paths, shown), shown


def collect(
    checkout: Checkout,
    name: str,
    *,
    doc_path: Path | None = None,
    doc_paths: Sequence[Path] = (),
    stubs: Sequence[Stub] | None = None,
) -> Context:
    """Read everything the stub map and the spec need (``doc_path``: one doc, ``doc_paths``: several)."""
    index = examples.load_index(checkout)
    usage = {n: f.convertor for n, f in index.connectors.items() if n != name}
    doc, doc_rels = _read_docs(checkout, name, [*doc_paths, *([doc_path] if doc_path else [])])
    ctx = Context(
        checkout=checkout,
        name=name,
        stubs=sorted(
            stubs if stubs is not None else _scan(checkout, name), key=lambda s: (s.file, s.line, s.column)
        ),
        traits=load_traits(checkout, TRAITS),
        router=load_router_types(checkout),
        index=index,
        convertors=amounts.load_convertors(checkout, usage),
        doc=doc,
        doc_rels=doc_rels,
    )
    sources = connector_sources(checkout, name)
    main = next(iter(sources.values()), b"")
    ctx.main_text = main.decode("utf-8", "replace")
    ctx.flows = sorted(_flows(main), key=_flow_rank)
    ctx.drift = _drift(ctx, sources)
    ctx.held = amounts.held_convertor(sources)
    spec_facts.conclude(ctx)
    return ctx


def regenerate_command(ctx: Context) -> str:
    """The command that writes this spec again (with ``--doc`` when the doc is not the default one)."""
    command = f"hs-scaffold spec {ctx.name}"
    if ctx.doc_rels and not is_default(ctx.checkout, ctx.name, ctx.doc_rels):
        command += "".join(f" --doc {shlex.quote(rel)}" for rel in ctx.doc_rels)
    return command


# --- one stub -------------------------------------------------------------------------------------


def _trait_of(stub: Stub) -> tuple[str | None, list[str]]:
    if not stub.impl_trait:
        return None, []
    return trait_parts(stub.impl_trait)


def role_of(stub: Stub, name: str) -> str | None:
    """The transformers role (``PaymentsRequest``, ``AuthType``, ...) of a stub outside trait impls."""
    item = stub.target_item or stub.self_type or ""
    item = item.split("<")[0].split("::")[-1]
    item = re.sub(rf"^{re.escape(naming.pascal_case(name))}", "", item, flags=re.IGNORECASE)
    roles = sorted(
        (r for r in resources.data_toml("contracts.toml")["transformers"] if r), key=len, reverse=True
    )
    return next((r for r in roles if item.endswith(r)), None)


def _method_of(ctx: Context, stub: Stub) -> TraitMethod | None:
    trait, _ = _trait_of(stub)
    if trait not in ctx.traits or not stub.function:
        return None
    return ctx.traits[trait].methods.get(stub.function)


def _summary(ctx: Context, stub: Stub) -> str | None:
    contracts = resources.data_toml("contracts.toml")
    trait, _ = _trait_of(stub)
    if trait in contracts and trait in ctx.traits:
        found = contracts[trait].get(stub.function or "")
    else:
        found = contracts["transformers"].get(role_of(stub, ctx.name) or "")
    if found and stub.kind == "empty_impl" and stub.function is None:
        return _unsupported_advice(str(found), stub.flow or "this flow", naming.pascal_case(ctx.name))
    return str(found) if found else None


_LEAVE_EMPTY = "if it does not, leave the impl empty."


def _unsupported_advice(summary: str, flow: str, pascal: str) -> str:
    """The empty-impl contract, plus how to mark the flow unsupported so ``stubs`` stops listing it."""
    advice = (
        f"leave the impl empty but for a one-line comment saying so (`// {flow} is not supported by "
        f"{pascal}`) and delete any TODO comment inside it; otherwise `hs-scaffold stubs` keeps listing it."
    )
    if summary.endswith(_LEAVE_EMPTY):
        return f"{summary[: -len(_LEAVE_EMPTY)]}if it does not, {advice}"
    return f"{summary} If the connector does not support the flow, {advice}"


def contract(ctx: Context, stub: Stub) -> dict[str, Any] | None:
    """What the stub must implement: the package's contract, completed from the checkout."""
    summary, method = _summary(ctx, stub), _method_of(ctx, stub)
    if summary is None and method is None:
        return None
    trait, _ = _trait_of(stub)
    drift = [d.message for d in ctx.drift if d.trait == trait and d.method == stub.function]
    return {
        "summary": summary,
        "trait": trait if trait in ctx.traits else None,
        "signature": method.signature if method else None,
        "doc": method.doc if method else None,
        "defined_in": f"{method.file}:{method.line}" if method else None,
        "drift": drift,
    }


def router_data(ctx: Context, stub: Stub) -> str | None:
    """The router-data alias of the stub's flow (the impl's exact triple when it has one)."""
    trait, args = _trait_of(stub)
    if trait == "ConnectorIntegration" and len(args) == 3:
        return ctx.router.resolve(args[0], args[1], args[2], prefer=ctx.main_text)
    return ctx.router.for_flow(stub.flow) if stub.flow else None


def _example_flow(stub: Stub) -> str | None:
    _, args = _trait_of(stub)
    return stub.flow or (short_type(args[0]) if args else None)


def pick_examples(ctx: Context, stub: Stub) -> list[examples.Implementation]:
    """Up to three real sibling implementations of what the stub must do."""
    trait, _ = _trait_of(stub)
    convertor = ctx.convertor.name if ctx.convertor else None
    if trait in ctx.traits:
        flow = _example_flow(stub)
        return examples.pick(
            ctx.index, trait, flow, stub.function, exclude=ctx.name, convertor=convertor, auth=ctx.auth
        )
    role = role_of(stub, ctx.name)
    if role is None:
        return []
    return examples.pick_items(ctx.index, role, exclude=ctx.name, convertor=convertor, auth=ctx.auth)


# --- doc hints and open questions -------------------------------------------------------------------

NEEDS_BY_FUNCTION = {
    "get_url": ("endpoint",),
    "build_request": ("endpoint",),
    "get_request_body": ("amount",),
    "handle_response": ("status",),
    "get_error_response": ("errors",),
    "build_error_response": ("errors",),
    "get_currency_unit": ("amount",),
    "get_auth_header": ("auth",),
}
NEEDS_BY_ROLE = {
    "RouterData": ("amount",),
    "PaymentsRequest": ("endpoint", "amount"),
    "RefundRequest": ("endpoint", "amount"),
    "AuthType": ("auth",),
    "PaymentStatus": ("status",),
    "PaymentsResponse": ("status",),
    "RefundStatus": ("status",),
    "RefundResponse": ("status",),
    "ErrorResponse": ("errors",),
}
ROLE_FLOWS = {
    "PaymentsRequest": "Authorize",
    "PaymentsResponse": "Authorize",
    "PaymentStatus": "Authorize",
    "RefundRequest": "Execute",
    "RefundResponse": "Execute",
    "RefundStatus": "Execute",
}
REFUND_FLOWS = ("Execute", "RSync")


def _needs(ctx: Context, stub: Stub) -> tuple[tuple[str, ...], str | None]:
    """(what the stub needs from the doc, the flow it concerns)."""
    trait, _ = _trait_of(stub)
    if trait == "IncomingWebhook":
        return ("webhook",), None
    if trait in ctx.traits:
        if stub.function is None and stub.flow:
            return ("endpoint",), stub.flow
        return NEEDS_BY_FUNCTION.get(stub.function or "", ()), stub.flow
    role = role_of(stub, ctx.name) or ""
    return NEEDS_BY_ROLE.get(role, ()), stub.flow or ROLE_FLOWS.get(role)


def hints_and_questions(ctx: Context, stub: Stub) -> tuple[list[dict[str, Any]], list[str]]:
    """Doc facts that concern the stub, and what the doc leaves open for it."""
    needs, flow = _needs(ctx, stub)
    hints: list[dict[str, Any]] = []
    questions: list[str] = []
    role = None if _trait_of(stub)[0] in ctx.traits else role_of(stub, ctx.name)
    if role in spec_facts.EXAMPLE_FLOWS:
        needs = (*needs, "example")
    for need in needs:
        found, open_ = spec_facts.facts_for(ctx, need, role if need == "example" else flow)
        hints += found[:MAX_HINTS]
        questions += [q for q in open_ if q not in questions]
    return hints, questions


# --- the map ----------------------------------------------------------------------------------------


def stub_entry(ctx: Context, stub: Stub) -> dict[str, Any]:
    """One stub of the map, in the documented shape (its proposal from ``ctx.proposed``)."""
    hints, questions = hints_and_questions(ctx, stub)
    contract_ = contract(ctx, stub)
    for message in contract_["drift"] if contract_ else ():
        questions.append(f"The generated code no longer matches the trait: {message}; fix that first.")
    ctx.picked[stub.id] = pick_examples(ctx, stub)  # kept for the spec's excerpts
    return {
        "id": stub.id,
        "file": stub.file,
        "line": stub.line,
        "column": stub.column,
        "kind": stub.kind,
        "impl_trait": stub.impl_trait,
        "self_type": stub.self_type,
        "flow": stub.flow,
        "function": stub.function,
        "target_item": stub.target_item,
        "router_data": router_data(ctx, stub),
        "contract": contract_,
        "examples": [{"connector": e.connector, "file": e.file, "line": e.line} for e in ctx.picked[stub.id]],
        "doc_hints": hints,
        "open_questions": questions,
        "proposal": ctx.proposed[stub.id].as_json() if stub.id in ctx.proposed else None,
    }


def stub_map(ctx: Context) -> dict[str, Any]:
    """The JSON stub map of the connector, a code proposal for each stub."""
    ctx.proposed = proposals.propose(ctx, connector_sources(ctx.checkout, ctx.name))
    return {
        "connector": ctx.name,
        "checkout": {
            "root": str(ctx.checkout.root),
            "layout": ctx.checkout.layout.name,
            "commit": ctx.checkout.commit(),
        },
        **spec_facts.map_sections(ctx),
        "stubs": [stub_entry(ctx, s) for s in ctx.stubs],
        "drift": {
            "repaired": ctx.repairs,
            "remaining": [{"file": d.file, "line": d.line, "message": d.message} for d in ctx.drift],
        },
    }


def recorded_repairs(checkout: Checkout, name: str) -> list[dict[str, Any]]:
    """The drift repairs ``hs-scaffold new`` made, from its undo record ([] without one)."""
    try:
        if not (manifest.manifest_dir(checkout) / f"{name}.json").is_file():
            return []
        record = manifest.load_manifest(checkout, name)
    except (UsageError, ValueError, KeyError):
        return []
    drift = record.data.get("drift") or {}
    return list(drift.get("repaired", []))


def build_stub_map(
    checkout: Checkout, name: str, *, doc_path: Path | None = None, doc_paths: Sequence[Path] = ()
) -> dict[str, Any]:
    """The stub map of connector ``name``: every stub with what it must implement."""
    return stub_map(collect(checkout, name, doc_path=doc_path, doc_paths=doc_paths))


# --- the Markdown spec ------------------------------------------------------------------------------


def section_of(entry: dict[str, Any]) -> str:
    """The spec section a stub belongs to: its flow, connector-wide, webhooks or types."""
    trait, _ = trait_parts(entry["impl_trait"]) if entry["impl_trait"] else (None, [])
    if entry["flow"]:
        return str(entry["flow"])
    if trait in CONNECTOR_WIDE:
        return "Connector-wide"
    if trait == "IncomingWebhook":
        return "Webhooks"
    return "Request and response types"


def _flow_rank(flow: str) -> tuple[int, str]:
    return (FLOW_ORDER.index(flow) if flow in FLOW_ORDER else len(FLOW_ORDER), flow)


def _sections(entries: list[dict[str, Any]]) -> list[tuple[str, list[dict[str, Any]]]]:
    grouped: dict[str, list[dict[str, Any]]] = {}
    for entry in entries:
        grouped.setdefault(section_of(entry), []).append(entry)
    tail = ("Connector-wide", "Request and response types", "Webhooks")
    flows = sorted((k for k in grouped if k not in tail), key=_flow_rank)
    return [(k, grouped[k]) for k in [*flows, *tail] if k in grouped]


def _excerpt(ctx: Context, entry: dict[str, Any]) -> str | None:
    picked = ctx.picked.get(entry["id"])
    if not picked:
        return None
    return examples.excerpt(ctx.checkout, picked[0], outline=entry["function"] is None)


MAX_EVIDENCE_TEXT = 110


def _short_ref(ref: str) -> str:
    """``crates/x/src/a/b.rs:12`` -> ``x/a/b.rs:12`` (the crate, then the file and its folder,
    ``src`` left out); a doc's line as it is."""
    where, sep, line = ref.rpartition(":") if ":" in ref and "#" not in ref else (ref, "", "")
    parts = where.split("/")
    if not where.startswith("crates/") or len(parts) < 3:
        return ref
    tail = [p for p in parts[2:] if p != "src"][-2:]
    return "/".join([parts[1], *tail]) + sep + line


def evidence_lines(items: list[dict[str, Any]]) -> list[str]:
    """A proposal's evidence for the Markdown: one line each, or one line per kind when many."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for item in items:
        groups.setdefault(item["kind"], []).append(item)
    lines = []
    for kind, group in groups.items():
        if len(group) <= 3:
            for item in group:
                text = item["text"]
                if len(text) > MAX_EVIDENCE_TEXT:
                    text = text[: MAX_EVIDENCE_TEXT - 1] + "…"
                lines.append(f"{kind} `{_short_ref(item['ref'])}`: {text}")
            continue
        refs = ", ".join(f"`{_short_ref(i['ref'])}`" for i in group[:8])
        more = f" and {len(group) - 8} more" if len(group) > 8 else ""
        lines.append(f"{kind}: {refs}{more} (what each says: the JSON stub map)")
    return lines


def _has_code(entry: dict[str, Any]) -> bool:
    proposal = entry.get("proposal") or {}
    return bool(proposal.get("code"))


def first_mentions(
    ctx: Context, sections: list[tuple[str, list[dict[str, Any]]]]
) -> dict[str, dict[str, Any]]:
    """Per stub: its excerpt, and the earlier stub that already shows the same signature or excerpt;
    the proposal's evidence not shown yet in its section, and where the rest was shown.

    Each trait signature and each example excerpt is printed once, where it first appears; a stub
    with proposed code shows neither (the code has the signature, its evidence the siblings).
    """
    seen_signature: dict[str, str] = {}
    seen_example: dict[tuple[str, int], str] = {}
    found: dict[str, dict[str, Any]] = {}
    for _, entries in sections:
        seen_evidence: dict[tuple[str, str, str], str] = {}
        for entry in entries:
            contract_ = entry["contract"] or {}
            signature_key = f"{contract_.get('trait')}.{entry['function']}"
            best = entry["examples"][0] if entry["examples"] else None
            example_key = (best["file"], best["line"]) if best else ("", 0)
            coded = _has_code(entry)
            evidence = (entry.get("proposal") or {}).get("evidence", [])
            keys = [(e["kind"], e["ref"], e["text"]) for e in evidence]
            fresh = [e for e, key in zip(evidence, keys, strict=True) if key not in seen_evidence]
            earlier = sorted({seen_evidence[key] for key in keys if key in seen_evidence})
            found[entry["id"]] = {
                "signature_ref": seen_signature.get(signature_key),
                "excerpt_ref": seen_example.get(example_key) if best else None,
                "excerpt": None if example_key in seen_example or coded else _excerpt(ctx, entry),
                "coded": coded,
                "evidence": evidence_lines(fresh),
                "evidence_refs": earlier,
            }
            for e in fresh:
                seen_evidence.setdefault((e["kind"], e["ref"], e["text"]), entry["id"])
            if not coded:
                seen_signature.setdefault(signature_key, entry["id"])
                seen_example.setdefault(example_key, entry["id"])
    return found


def _configured_base_url(ctx: Context) -> str | None:
    path = ctx.checkout.path("config/development.toml")
    if not path.is_file():
        return None
    pattern = re.compile(rf'^\s*{re.escape(ctx.name)}\.base_url\s*=\s*"([^"]*)"', re.MULTILINE)
    match = pattern.search(path.read_text(encoding="utf-8", errors="replace"))
    return match.group(1) if match else None


def _sibling_base_urls(ctx: Context) -> dict[str, str]:
    """``<connector>.base_url`` of every other connector under ``[connectors]`` in config/development.toml."""
    try:
        text = ctx.checkout.path("config/development.toml").read_text(encoding="utf-8", errors="replace")
        table = tomli.loads(text).get("connectors", {})
    except (OSError, tomli.TOMLDecodeError):
        return {}
    return {
        name: entry["base_url"]
        for name, entry in table.items()
        if name != ctx.name and isinstance(entry, dict) and isinstance(entry.get("base_url"), str)
    }


def _bare_host(url: str) -> bool:
    return urlsplit(url).path in ("", "/")


def base_url_note(ctx: Context, url: str | None, data: dict[str, Any]) -> dict[str, Any] | None:
    """When ``url`` lacks the trailing ``/`` that most alike siblings' base URLs have: the facts to say so.

    Siblings are compared like for like (a bare host with bare hosts, a URL with a path with those
    with a path), since many of the latter are full endpoint URLs.
    """
    if not url or url.endswith("/"):
        return None
    alike = [u for u in _sibling_base_urls(ctx).values() if _bare_host(u) == _bare_host(url)]
    slashed = sum(u.endswith("/") for u in alike)
    if slashed * 2 <= len(alike):
        return None
    endpoints = data["endpoints"]
    chosen = next((e for e in endpoints if "Authorize" in e["flows"]), endpoints[0] if endpoints else None)
    path = chosen["path"].lstrip("/") if chosen else "v1/payments"
    return {"slashed": slashed, "alike": len(alike), "bare": _bare_host(url), "path": path or "v1/payments"}


def doc_url_note(ctx: Context, url: str | None) -> dict[str, Any] | None:
    """When ``url`` (the configured base URL) is none of the base URLs the doc names (a trailing ``/``
    aside): the facts to say so."""
    named: list[dict[str, Any]] = [
        {"text": b.url, "line": b.evidence.where.line} for b in (ctx.doc.base_urls if ctx.doc else [])
    ]
    if not url or not named or any(url.rstrip("/") == f["text"].rstrip("/") for f in named):
        return None
    configured = _configured_base_url(ctx) == url
    where = "The base URL given to hs-scaffold"
    if configured:
        where = f"`{ctx.name}.base_url` in `config/development.toml`"
    paths = sorted({urlsplit(f["text"]).path.rstrip("/") for f in named} - {""})
    return {"where": where, "urls": named, "paths": paths}


def _amount_sample(output: str) -> str:
    """How 10.50 looks in the JSON a convertor's ``output`` type serialises to, read from its name."""
    number = "1050" if "Minor" in output else "10.5" if "Float" in output else "10.50"
    return f'"{number}"' if "String" in output else number


def amount_note(ctx: Context) -> dict[str, Any] | None:
    """When the convertor the doc calls for is not the one the connector holds: what to say and the
    lines to change (found by parsing the connector's files)."""
    held, wanted = ctx.held, ctx.convertor
    if ctx.doc is None or held is None or wanted is None or held.name in (None, wanted.name):
        return None
    reading = ctx.doc.amount
    stated = [
        {"line": f.evidence.where.line, "text": f.evidence.text, "example": False} for f in reading.stated
    ]
    shown = [{"line": f.evidence.where.line, "text": f.evidence.text, "example": True} for f in reading.shown]
    return {
        "held": held.name,
        "held_output": held.output,
        "held_sample": _amount_sample(held.output or held.name or ""),
        "wanted": wanted.name,
        "wanted_output": wanted.output,
        "wanted_sample": _amount_sample(wanted.output),
        "unit": reading.unit,
        "representation": reading.describe(),
        "inferred": reading.inferred,
        "stated": stated[:2],
        "shown": shown[:3],
        "sites": held.sites,
    }


def amount_inferences(ctx: Context, note: dict[str, Any] | None) -> dict[str, str]:
    """Per stub that converts or declares amounts: hs-scaffold's reading of the doc (kept apart from
    what the doc says)."""
    if ctx.convertor is None:
        return {}
    convertor = ctx.convertor
    text = f"convert with `{convertor.name}` (output `{convertor.output}`), which fits the doc's amounts"
    if note:
        text += f"; the connector holds `{note['held']}` now: change it first (see the overview)"
    return {stub.id: text + "." for stub in ctx.stubs if "amount" in _needs(ctx, stub)[0]}


def recorded_files(checkout: Checkout, name: str) -> tuple[list[str], list[str]] | None:
    """(created, modified) as the undo record of ``hs-scaffold new`` lists them, the spec files
    themselves left out (as ``new`` wrote the spec before they existed); None without a record."""
    try:
        if not (manifest.manifest_dir(checkout) / f"{name}.json").is_file():
            return None
    except UsageError:  # not a git repository
        return None
    try:
        record = manifest.load_manifest(checkout, name)
    except (ValueError, KeyError):  # an unreadable record: list what the checkout shows instead
        return None
    own = {(SPEC_DIR / f"{name}_specs.{ext}").as_posix() for ext in ("md", "json")}
    entries = [e for e in record.entries if e.path not in own]
    created = [e.path for e in entries if e.before is None and e.after is not None]
    modified = [e.path for e in entries if e.before is not None and e.after is not None]
    return created, modified


def _sample_auth(ctx: Context) -> dict[str, Any]:
    path = ctx.checkout.path(ctx.checkout.layout.router_tests_dir / "sample_auth.toml")
    text = path.read_text(encoding="utf-8", errors="replace") if path.is_file() else ""
    return {
        "path": ctx.checkout.rel(path)
        if path.is_file()
        else str(ctx.checkout.layout.router_tests_dir / "sample_auth.toml"),
        "exists": path.is_file(),
        "has_section": bool(re.search(rf"^\[{re.escape(ctx.name)}\]", text, re.MULTILINE)),
    }


class _CompiledTemplates(jinja2.FileSystemBytecodeCache):
    """Compiled templates kept between runs (the spec's takes about 0.15 s to compile); a cache
    that cannot be written only costs that time again."""

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def _environment(checkout: Checkout | None = None) -> jinja2.Environment:
    folder = cache_files.cache_folder(checkout, "templates") if checkout is not None else None
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(resources.template_dir())),
        bytecode_cache=_CompiledTemplates(str(folder)) if folder is not None else None,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["code"] = lambda text: f"`{text}`" if text else "—"
    env.filters["count"] = counted
    return env


def counted(number: int, word: str, plural: str | None = None) -> str:
    """``1 stub``, ``2 stubs`` (``plural`` for irregular words)."""
    return f"{number} {word if number == 1 else plural or word + 's'}"


def render_markdown(
    ctx: Context,
    data: dict[str, Any],
    *,
    base_url: str | None = None,
    files_created: Sequence[str] = (),
    files_modified: Sequence[str] = (),
) -> str:
    """The spec Markdown for ``data`` (the stub map built from ``ctx``)."""
    sections = _sections(data["stubs"])
    created = list(files_created) or [ctx.checkout.rel(p) for p in _connector_paths(ctx)]
    url = _configured_base_url(ctx) or base_url
    note = amount_note(ctx)
    text = (
        _environment(ctx.checkout)
        .get_template("spec.md.j2")
        .render(
            ctx=ctx,
            data=data,
            pascal=naming.pascal_case(ctx.name),
            base_url=url,
            base_note=base_url_note(ctx, url, data),
            url_note=doc_url_note(ctx, url),
            amount_note=note,
            inferences=amount_inferences(ctx, note),
            amount_inferred=bool(ctx.doc and ctx.doc.amount.inferred),
            regenerate=regenerate_command(ctx),
            fill_command=f"hs-scaffold fill {ctx.name}",
            default_doc=default_doc(ctx.name),
            sections=sections,
            mentions=first_mentions(ctx, sections),
            guidance={stub.id: stub.guidance for stub in ctx.stubs},
            traits=ctx.traits,
            files_created=created,
            files_modified=list(files_modified),
            tracked=bool(files_created or files_modified),
            sample_auth=_sample_auth(ctx),
            test_file=str(ctx.checkout.layout.router_tests_dir / f"{ctx.name}.rs"),
            flow_aliases={f: ctx.router.for_flow(f) for f in ctx.flows},
            alias_file=ctx.router.aliases[0].file if ctx.router.aliases else None,
            convertors=sorted(ctx.convertors, key=lambda c: -c.users),
            empty_doc=bool(ctx.doc and ctx.doc.empty()),
            seen={t: ctx.doc.candidate_lines(t) for t in ctx.doc.candidates} if ctx.doc else {},
            multi=len(ctx.doc_rels) > 1,
            has_openapi=bool(ctx.doc and any(d.kind == "openapi" for d in ctx.doc.documents)),
        )
    )
    return re.sub(r"\n{3,}", "\n\n", text).rstrip() + "\n"


def _connector_paths(ctx: Context) -> list[Path]:
    test = ctx.checkout.test_file(ctx.name)
    return [*ctx.checkout.connector_files(ctx.name), *([test] if test.is_file() else [])]


@dataclass(frozen=True)
class SpecFiles:
    """What ``write_spec`` wrote, the stub map it wrote, and the template drift it found.

    Unpacks as ``(markdown, json, data)``.
    """

    markdown: Path
    json: Path
    data: dict[str, Any]
    drift: tuple[Drift, ...] = ()

    def __iter__(self) -> Iterator[Any]:
        return iter((self.markdown, self.json, self.data))

    @property
    def paths(self) -> tuple[Path, Path]:
        """The two files written."""
        return self.markdown, self.json

    def summary(self, checkout: Checkout) -> str:
        """One line for the user: where the spec is and what is left."""
        stubs = self.data["stubs"]
        questions = {q for s in stubs for q in s["open_questions"]}
        return (
            f"spec: {checkout.rel(self.markdown)} (and .json): {counted(len(stubs), 'stub')}, "
            f"{counted(len(questions), 'open question')}"
        )


def drift_warnings(
    found: SpecFiles | Context | Mapping[str, Any], limit: int = MAX_DRIFT_WARNINGS
) -> list[str]:
    """One line per template drift (deduplicated), at most ``limit`` of them and an "and N more".

    From what ``write_spec`` returned or a ``Context`` (every drift: signatures, imports, struct
    literals), or from a stub map alone (only the drift of stubbed methods, which is all it holds).
    """
    if isinstance(found, SpecFiles | Context):
        items = [(d.file, d.line, d.message) for d in found.drift]
    else:
        items = [
            (s["file"], s["line"], message)
            for s in found["stubs"]
            for message in (s["contract"] or {}).get("drift", [])
        ]
    lines: dict[str, str] = {}
    for file, line, message in sorted(items, key=lambda item: (item[0], item[1])):
        where = f"{file.split('/')[-1]}:{line}"
        lines.setdefault(message, f"template drift: {message} ({where}; see spec §5)")
    shown = list(lines.values())
    if len(shown) <= limit:
        return shown
    return [*shown[:limit], f"template drift: and {len(shown) - limit} more (see spec §5)"]


def stored_spec(checkout: Checkout, name: str) -> dict[str, Any]:
    """The spec's JSON as the author last saw it ({} without one)."""
    path = checkout.path(SPEC_DIR / f"{name}_specs.json")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def recorded_docs(checkout: Checkout, stored: dict[str, Any]) -> list[Path]:
    """The docs the stored spec was written from that still exist (``--doc`` given to ``new``)."""
    paths = [checkout.path(d) if not Path(d).is_absolute() else Path(d) for d in stored.get("docs", [])]
    return [p for p in paths if p.is_file()]


def require_connector(checkout: Checkout, name: str) -> None:
    """Refuse a malformed name or a connector without files in the checkout."""
    if not re.fullmatch(r"[a-z][a-z0-9_]*", name):
        raise UsageError(f"invalid connector name {name!r}", "use lowercase letters, digits and '_'")
    if not checkout.connector_files(name):
        from scaffold.names import did_you_mean

        where = checkout.layout.connectors_dir.as_posix()
        hint = did_you_mean(name, checkout.connector_names())
        raise UsageError(
            f"no connector `{name}` in {where}", hint or f"scaffold it first: hs-scaffold new {name} BASE_URL"
        )


def write_spec(
    checkout: Checkout,
    name: str,
    *,
    base_url: str | None = None,
    doc_path: Path | None = None,
    doc_paths: Sequence[Path] = (),
    files_created: Sequence[str] = (),
    files_modified: Sequence[str] = (),
    repairs: drift_repair.RepairReport | None = None,
) -> SpecFiles:
    """Write ``grace/connector_integration/<name>_specs.md`` and ``.json`` (the stub map).

    ``repairs``: the drift repairs of this run (else those the undo record lists).
    """
    ctx = collect(checkout, name, doc_path=doc_path, doc_paths=doc_paths)
    ctx.repairs = (
        [r.as_json() for r in repairs.repairs] if repairs is not None else recorded_repairs(checkout, name)
    )
    data = stub_map(ctx)
    markdown = render_markdown(
        ctx, data, base_url=base_url, files_created=files_created, files_modified=files_modified
    )
    folder = checkout.path(SPEC_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    md_path, json_path = folder / f"{name}_specs.md", folder / f"{name}_specs.json"
    md_path.write_text(markdown, encoding="utf-8")
    json_path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    return SpecFiles(md_path, json_path, data, tuple(ctx.drift))
