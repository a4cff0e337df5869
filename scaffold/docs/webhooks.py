"""Webhooks: event names, the payload's fields, the signature header and algorithm."""

from __future__ import annotations

import re
from collections.abc import Iterator

from scaffold.docs.examples import Example
from scaffold.docs.markdown import plain
from scaffold.docs.model import Block, Document, Event, Evidence, Webhooks, quote
from scaffold.docs.words import words

_EVENT = re.compile(
    r"^(?:[a-z][a-z0-9]*(?:[._][a-z0-9]+)+|[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+|[a-z]+(?:[A-Z][a-z0-9]+)+)$"
)
_EVENT_KEYS = re.compile(
    r"(?i)^(?:type|event|event_?type|event_?name|notification_?type|eventcode|event_?code|kind|topic|action)$"
)
_ALGORITHM = re.compile(
    r"(?i)\bHMAC[- ]?(SHA[- ]?(?:1|224|256|384|512)|MD5)\b|\b(SHA[- ]?(?:1|256|384|512))[- ]HMAC\b|"
    r"\bHMAC\b[^.]{0,30}?\b(SHA[- ]?(?:1|256|384|512)|MD5)\b|\b(RSA[- ]SHA[- ]?256|ECDSA|Ed25519)\b"
)
_SIGNATURE_WORDS = re.compile(r"(?i)\bsign(?:ature|ed|s|ing)?\b|\bhmac\b|\bverif(?:y|ies|ication)\b")
_HEADER_NAME = re.compile(r"^(?:X-)?[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)+$")
_FIELDS_WORDS = re.compile(r"(?i)\b(?:fields?|keys?|propert(?:y|ies)|attributes?|parameters?|headers?)\b")


def webhook_section(block: Block) -> bool:
    return bool(words("webhooks", "context").search(block.section.context()))


def _algorithm(text: str) -> str | None:
    match = _ALGORITHM.search(text)
    if not match:
        return None
    hashed = next(g for g in match.groups() if g)
    name = re.sub(r"[- ]", "", hashed).upper()
    return (
        name.replace("RSASHA256", "RSA-SHA256")
        if name.startswith(("RSA", "ECDSA", "ED25519"))
        else f"HMAC-{name}"
    )


def _events_in_table(doc: Document, block: Block) -> Iterator[Event]:
    first = block.header[0].lower() if block.header else ""
    if block.header and not re.search(r"(?i)event|type|name|topic|notification|code", first):
        return
    for row in block.rows:
        cell = plain(row.cells[0]).strip("`\"' ") if row.cells else ""
        cell = cell.split()[0] if cell else ""
        if _EVENT.match(cell) or (
            cell and re.search(r"(?i)event", first) and re.fullmatch(r"[A-Za-z][\w.\-]+", cell)
        ):
            yield Event(cell, Evidence(doc.where(row.line), quote(plain(" | ".join(row.cells)))))


def _events_in_text(doc: Document, block: Block) -> Iterator[Event]:
    text = plain(block.text)
    if block.kind == "item":
        ticked = re.match(r"\s*`([^`]+)`", block.text)
        name = ticked.group(1) if ticked else text.split(" ")[0].rstrip(":,")
        if _EVENT.match(name):
            yield Event(name, doc.evidence(block.line))
        return
    if not re.search(r"(?i)\bevents?\b|\btypes?\b|\btopics?\b|event_?(?:code|type|name)", text):
        return
    listing = re.search(
        r"(?i)\bevent[ _]?(?:types?|names?|codes?)\b|\bevents? (?:include|are|such as|like)\b|\bsuch as\b",
        text,
    )
    names = [
        n
        for n in re.findall(r"`([^`]+)`", block.text)
        if (_EVENT.match(n) or (listing and re.fullmatch(r"[A-Z][A-Z0-9_]{2,}", n)))
        and not _HEADER_NAME.match(n)
        and not _EVENT_KEYS.match(n)
    ]
    for name in names:
        if "." in name or re.fullmatch(r"[A-Z]+(?:_[A-Z]+)+", name) or (listing and len(names) >= 2):
            yield Event(name, doc.evidence(doc.line_with(block, f"`{name}`")))


def _signature_header(block: Block) -> str | None:
    text = block.text
    if not _SIGNATURE_WORDS.search(plain(text)):
        return None
    found: list[str] = [*block.codes, *re.findall(r"\b((?:X-)?[A-Z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)+)\b", text)]
    for candidate in found:
        name = candidate.split(":")[0].strip()
        if _HEADER_NAME.match(name) and re.search(r"(?i)sig|hmac|auth|hash|token", name):
            return name
    return None


def read_webhooks(doc: Document, examples: list[Example]) -> Webhooks:
    """What the doc says about the webhooks it sends."""
    found = Webhooks()
    names: set[str] = set()

    def add(event: Event) -> None:
        if event.name not in names and len(found.events) < 60:
            names.add(event.name)
            found.events.append(event)

    for block in doc.blocks:
        in_section = webhook_section(block)
        about = re.search(
            r"(?i)webhook|notif|callback|\bevents?\b|\bsign(?:ed|ature|atures|ing)\b", block.text
        )
        mentioned = (in_section and about) or re.search(r"(?i)\bwebhooks?\b", block.text)
        if block.kind == "text" and mentioned and len(found.mentions) < 5:
            found.mentions.append(doc.excerpt(block))
        if not in_section:
            continue
        if block.kind == "table":
            for event in _events_in_table(doc, block):
                add(event)
            for row in block.rows:
                _signature_from(
                    found,
                    doc,
                    Block(
                        "text",
                        row.line,
                        row.line,
                        block.section,
                        " | ".join(row.cells),
                        tuple(c for cell in row.cells for c in re.findall(r"`([^`]+)`", cell)),
                    ),
                )
        elif block.kind in ("text", "item", "heading"):
            for event in _events_in_text(doc, block):
                add(event)
            _signature_from(found, doc, block)
    for example in examples:
        if not webhook_section(example.block) or (example.role == "request" and example.requests):
            continue
        named = {v.key.split(".")[-1].lower() for v in example.values}
        for value in example.values:
            key = value.key.split(".")[-1]
            if key.lower() == "type" and named & {"event", "event_type", "eventtype", "event_name"}:
                continue  # the resource's type beside the event's name
            if _EVENT_KEYS.match(key) and value.kind in ("string", "xml"):
                literal = value.literal.strip('"')
                if re.fullmatch(r"[A-Za-z][\w.\-]{2,60}", literal):
                    add(
                        Event(
                            literal, Evidence(doc.where(value.line), quote(f"{value.key}: {value.literal}"))
                        )
                    )
        if not found.payload_fields and example.format == "json" and example.top_keys:
            found.payload_fields = list(example.top_keys)
            found.payload_evidence = Evidence(
                doc.where(example.block.line), quote(", ".join(example.top_keys))
            )
    return found


def _signature_from(found: Webhooks, doc: Document, block: Block) -> None:
    header = _signature_header(block)
    if header and found.signature_header is None:
        found.signature_header = (header, doc.evidence(doc.line_with(block, header)))
    algorithm = _algorithm(plain(block.text))
    if algorithm and found.algorithm is None:
        line = doc.line_with(block, "HMAC") if "HMAC" in block.text else block.line
        found.algorithm = (algorithm, doc.evidence(line))
