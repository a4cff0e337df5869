"""The doc reader: a connector's API docs (Markdown or OpenAPI) into facts with their provenance.

``read_docs(paths)`` parses each doc (``markdown`` or ``openapi``), reads every kind of fact
(``endpoints``, ``amounts``, ``auth``, ``statuses``, ``errors``, ``webhooks``) and returns one
``DocModel``: what the spec may state, each fact citing its doc lines or JSON pointers.
``DocModel.examples`` holds the example bodies (Markdown code blocks, OpenAPI request and response
schemas with their fields' types, ``required`` and enums) and the endpoint each belongs to.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from scaffold.docs import amounts, auth, endpoints, errors, statuses, webhooks
from scaffold.docs.candidates import find_candidates
from scaffold.docs.examples import Example, read_examples
from scaffold.docs.inputs import MAX_BYTES, check_docs, read_doc_text
from scaffold.docs.markdown import parse_markdown
from scaffold.docs.model import (
    Document,
    Endpoint,
    Evidence,
    Status,
    Unsupported,
    Webhooks,
    normalise_placeholders,
)
from scaffold.docs.openapi import looks_like_openapi, parse_openapi, prose_document, read_openapi
from scaffold.docs.urls import BaseUrl, base_urls

MAX_ENDPOINTS = 120
MAX_STATUSES = 60
MAX_EVIDENCE = 12


@dataclass(frozen=True)
class ExampleRef:
    """An example body and the endpoint it belongs to (when the doc makes it plain): a Markdown doc's
    code block, or an OpenAPI operation's request or response schema (``example.pointer`` set)."""

    doc: str
    example: Example
    endpoint: Endpoint | None


@dataclass
class DocModel:
    """Every fact read from the connector's docs."""

    documents: list[Document]
    base_urls: list[BaseUrl] = field(default_factory=list)
    endpoints: list[Endpoint] = field(default_factory=list)
    unsupported: list[Unsupported] = field(default_factory=list)
    amount: amounts.AmountReading = field(default_factory=lambda: amounts.conclude([]))
    auth: auth.AuthReading = field(default_factory=lambda: auth.conclude([]))
    statuses: list[Status] = field(default_factory=list)
    errors: errors.ErrorReading = field(default_factory=errors.ErrorReading)
    webhooks: Webhooks = field(default_factory=Webhooks)
    examples: list[ExampleRef] = field(default_factory=list)
    currencies: list[Evidence] = field(default_factory=list)
    candidates: dict[str, list[Evidence]] = field(default_factory=dict)  # lines touching each topic

    def candidate_lines(self, topic: str) -> str | None:
        """``lines 3, 8`` of the doc that touch ``topic`` (None when none does)."""
        found = self.candidates.get(topic, [])
        if not found:
            return None
        labels = [e.where.label() for e in found]
        return ("line " if len(labels) == 1 else "lines ") + ", ".join(
            label.removeprefix("line ") for label in labels
        )

    @property
    def names(self) -> list[str]:
        return [d.name for d in self.documents]

    def empty(self) -> bool:
        """Whether the docs gave no fact at all (a marketing page, a table of contents)."""
        return not (
            self.endpoints
            or self.unsupported
            or self.amount.facts
            or self.auth.facts
            or self.statuses
            or self.errors.found()
            or self.webhooks.found()
            or self.base_urls
        )

    def serving(self, flow: str) -> list[Endpoint]:
        return [e for e in self.endpoints if flow in e.flows]

    def unsupported_flow(self, flow: str) -> Unsupported | None:
        return next((u for u in self.unsupported if u.flow == flow), None)


def _currencies(doc: Document, examples: list[Example]) -> list[Evidence]:
    found: dict[str, Evidence] = {}
    for example in examples:
        for value in example.values:
            if re.search(r"(?i)currency(?:_?code)?$", value.key) and re.fullmatch(
                r'"?[A-Z]{3}"?', value.literal
            ):
                found.setdefault(
                    value.literal.strip('"'),
                    Evidence(doc.where(value.line), f"currency {value.literal.strip(chr(34))}"),
                )
    for block in doc.blocks:
        if block.kind in ("text", "item", "table") and re.search(r"ISO[ -]?4217", block.text):
            found.setdefault("ISO 4217", doc.evidence(block.line, "ISO 4217 currency codes"))
            break
    return list(found.values())[:6]


def _example_refs(doc: Document, examples: list[Example], found: list[Endpoint]) -> list[ExampleRef]:
    refs = []
    by_section: dict[str, list[Endpoint]] = {}
    for endpoint in found:
        for section in endpoint.sections if endpoint.where.doc == doc.name else ():
            by_section.setdefault(section, []).append(endpoint)
    for example in examples:
        if example.format not in ("json", "form", "xml") or not example.values:
            continue
        target = None
        for request in example.requests:
            path = (
                endpoints._path_of(request.target, []) if request.target.startswith(("http", "/")) else None
            )
            if path:
                target = next((e for e in found if endpoints._same_shape(e, request.method, path)), None)
        if target is None:
            mine = by_section.get(example.block.section.title, [])
            distinct = {e.key() for e in mine}
            target = mine[0] if len(distinct) == 1 else None
        if example.role is None and target is not None and target.method in ("GET", "DELETE"):
            example.role = "response"  # such a request carries no body
        refs.append(ExampleRef(doc.name, example, target))
    return refs


def parse_lines(name: str, text: str) -> Document:
    """A bare ``Document`` (lines only) for the candidate scan."""
    return Document(name, "lines", text.splitlines())


def _add_candidates(model: DocModel, found: dict[str, list[Evidence]]) -> None:
    for topic, evidence in found.items():
        model.candidates.setdefault(topic, []).extend(evidence)
        model.candidates[topic] = model.candidates[topic][:5]


def _merge_endpoints(found: list[Endpoint]) -> list[Endpoint]:
    merged: dict[tuple[str, str], Endpoint] = {}
    for endpoint in found:
        key = (endpoint.method, normalise_placeholders(endpoint.path))
        if key not in merged:
            merged[key] = endpoint
            continue
        kept = merged[key]
        kept.flows += [f for f in endpoint.flows if f not in kept.flows]
        kept.stated_flows += [f for f in endpoint.stated_flows if f not in kept.stated_flows]
        kept.evidence += endpoint.evidence[: max(0, 4 - len(kept.evidence))]
    return list(merged.values())


def _resolve_unsupported(model: DocModel) -> None:
    """A flow both said unsupported and described on an endpoint keeps the endpoint; a flow only
    guessed for an endpoint (from its path or heading) gives way to the doc's "not supported"."""
    stated = {f for e in model.endpoints for f in e.stated_flows}
    model.unsupported = [u for u in model.unsupported if u.flow not in stated]
    gone = {u.flow for u in model.unsupported}
    for endpoint in model.endpoints:
        endpoint.flows = [f for f in endpoint.flows if f not in gone]


def read_texts(docs: Sequence[tuple[str, str]]) -> DocModel:
    """The facts of the docs given as (name, text) pairs."""
    documents: list[Document] = []
    all_endpoints: list[Endpoint] = []
    amount_facts, auth_facts, status_list = [], [], []
    model = DocModel(documents)
    access_token = False
    markdown_docs: list[tuple[Document, list[Example], list[BaseUrl]]] = []
    for name, text in docs:
        _add_candidates(model, find_candidates(parse_lines(name, text)))
        if looks_like_openapi(text):
            doc = parse_openapi(text, name)
            facts = read_openapi(doc)
            documents.append(doc)
            model.base_urls += facts.base_urls
            all_endpoints += facts.endpoints
            amount_facts += facts.amounts
            auth_facts += facts.auth
            status_list += facts.statuses
            model.errors.fields += facts.error_fields
            access_token = access_token or facts.access_token
            if facts.webhooks.found() and not model.webhooks.found():
                model.webhooks = facts.webhooks
            model.examples += [
                ExampleRef(doc.name, example, endpoint) for example, endpoint in facts.examples
            ]
            model.unsupported += [
                u
                for u in endpoints.read_unsupported(prose_document(doc))
                if u.flow not in {x.flow for x in model.unsupported}
            ]
            continue
        doc = parse_markdown(text, name)
        documents.append(doc)
        examples = read_examples(doc)
        bases = base_urls(doc)
        model.base_urls += bases
        found = endpoints.read_endpoints(doc, bases, examples)
        markdown_docs.append((doc, examples, bases))
        all_endpoints += found
        model.unsupported += [
            u for u in endpoints.read_unsupported(doc) if u.flow not in {x.flow for x in model.unsupported}
        ]
        amount_facts += amounts.read_amount_facts(doc, examples)
        auth_facts += auth.read_auth_facts(doc)
        status_list += statuses.read_statuses(doc, examples)
        read = errors.read_errors(doc, examples)
        model.errors.fields += [f for f in read.fields if f.name not in {x.name for x in model.errors.fields}]
        model.errors.mentions += read.mentions
        model.errors.codes_lines += read.codes_lines
        model.errors.bodies += read.bodies
        hooks = webhooks.read_webhooks(doc, examples)
        if hooks.found() and not model.webhooks.found():
            model.webhooks = hooks
        model.examples += _example_refs(doc, examples, found)
        model.currencies += _currencies(doc, examples)
    if not all_endpoints:  # nothing documented anywhere: the examples' request lines stand in
        for doc, examples, bases in markdown_docs:
            all_endpoints += endpoints.from_examples(doc, bases, examples)
    model.endpoints = _merge_endpoints(all_endpoints)[:MAX_ENDPOINTS]
    kept = {e.key(): e for e in model.endpoints}
    model.examples = [
        ExampleRef(r.doc, r.example, kept.get(r.endpoint.key()) if r.endpoint else None)
        for r in model.examples
    ]
    access_token = access_token or any("AccessTokenAuth" in e.flows for e in model.endpoints)
    model.amount = amounts.conclude(amount_facts)
    model.auth = auth.conclude(auth_facts, access_token=access_token)
    unique: dict[tuple[str, str], Status] = {}
    for status in status_list:
        unique.setdefault((status.value.lower(), status.kind), status)
    model.statuses = list(unique.values())[:MAX_STATUSES]
    _resolve_unsupported(model)
    return model


def read_docs(paths: Sequence[Path], shown: Sequence[str] | None = None) -> DocModel:
    """The facts of the doc files ``paths`` (``shown``: how the spec names each)."""
    names = list(shown) if shown else [str(p) for p in paths]
    return read_texts([(name, read_doc_text(path, name)) for path, name in zip(paths, names, strict=True)])


__all__ = ["MAX_BYTES", "DocModel", "ExampleRef", "check_docs", "read_docs", "read_texts"]
