"""Webhooks: event names, the payload's fields, the signature header and algorithm.

Events come from tables, lists, code in sentences listing them, plain ``UPPER_SNAKE`` names in such
a sentence, and a payload table's event-type row; the algorithm may be an HMAC or a plain digest a
checksum uses (``SHA-512``). Outside the webhook sections (when the doc has any) nothing is read.
"""

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


_DIGEST = re.compile(r"(?i)\b(SHA[- ]?(?:1|256|384|512))\b")
_DIGEST_WORDS = re.compile(r"(?i)\b(?:signature|checksum|digest|hash|verif\w*|compare\w*)\b")


def _algorithm(text: str) -> str | None:
    """``HMAC-SHA256``, ``RSA-SHA256``, or a plain digest (``SHA-512``) a checksum or signature uses."""
    match = _ALGORITHM.search(text)
    if not match:
        digest = _DIGEST.search(text)
        if digest and _DIGEST_WORDS.search(text):
            return re.sub(r"(?i)SHA[- ]?", "SHA-", digest.group(1)).upper()
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
        r"(?i)\bevent[ _]?(?:types?|names?|codes?)\b|\bevents? (?:include|are|such as|like)\b|\bsuch as\b|"
        r"\btypes? (?:we|you) (?:receive|get|send)\b|\btypes? (?:are|include)\b|"
        r"\b(?:send|sends|post|posts|deliver|delivers|emit|emits|fire|fires|raise|raises)\b[^.]*\bevents\b",
        text,
    )
    sentence = next((s for s in re.split(r"(?<=[.!?])\s+", text) if listing and listing.group(0) in s), "")
    spans = re.findall(r"`([^`]+)`", block.text)
    listed = set(re.findall(r"`([^`]+)`", _raw_sentence(block.text, sentence))) if sentence else set()
    if not spans and listing:  # "The types we receive are CHARGE_SUCCEEDED, CHARGE_FAILED and ..."
        spans = re.findall(
            r"(?<![\w.-])([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+|[a-z][a-z0-9]*(?:\.[a-z0-9_]+)+)(?![\w-])", sentence
        )
        listed = set(spans)
    names = [
        n
        for n in spans
        if (_EVENT.match(n) or (n in listed and re.fullmatch(r"[A-Z][A-Z0-9_]{2,}", n)))
        and not _HEADER_NAME.match(n)
        and not _EVENT_KEYS.match(n)
    ]
    for name in names:  # a one-word or camelCase name only from the sentence listing events
        if "." in name or re.fullmatch(r"[A-Z]+(?:_[A-Z]+)+", name) or (name in listed and len(listed) >= 2):
            yield Event(name, doc.evidence(doc.line_with(block, name)))


def _raw_sentence(raw: str, sentence: str) -> str:
    """The inline source of a plain-text ``sentence`` of ``raw`` (its code spans kept)."""
    words_of = sentence.split()
    if not words_of:
        return ""
    start = raw.find(words_of[0].strip("`"))
    end = raw.find(words_of[-1].strip("`"), max(start, 0))
    return raw[max(start, 0) : end + len(words_of[-1]) + 1] if end >= 0 else raw


def _events_in_field_rows(doc: Document, block: Block) -> Iterator[Event]:
    """A payload table's event-type row listing its values: ``| `event.type` | String | `PAYMENT`, ... |``."""
    for row in block.rows:
        name = plain(row.cells[0]).split(" ")[0].strip("`") if row.cells else ""
        if not _EVENT_KEYS.match(name.split(".")[-1]) or not re.search(
            r"(?i)event", name + block.section.title
        ):
            continue
        values = [v for c in row.cells[1:] for v in re.findall(r"`([^`]+)`", c)]
        if len(values) >= 2:
            for value in values:
                if re.fullmatch(r"[A-Za-z][\w.\-]{1,60}", value):
                    yield Event(value, Evidence(doc.where(row.line), quote(plain(" | ".join(row.cells)))))


def _signature_header(block: Block) -> str | None:
    return signature_header(block.text, block.codes)


def signature_header(text: str, codes: tuple[str, ...]) -> str | None:
    """The header a webhook's signature travels in, as ``text`` (and its code spans) names it; an
    algorithm's name (``HMAC-SHA256``) is none, a one-word header only when called a header."""
    if not _SIGNATURE_WORDS.search(plain(text)):
        return None
    found: list[str] = [*codes, *re.findall(r"\b((?:X-)?[A-Z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)+)\b", text)]
    headers_named = re.search(r"(?i)\bheaders?\b", text)
    for candidate in found:
        name = candidate.split(":")[0].strip()
        if _ALGORITHM.fullmatch(name) or re.fullmatch(r"(?i)(?:HMAC-)?SHA-?\d+|RSA-SHA\d+", name):
            continue
        shaped = _HEADER_NAME.match(name) or (headers_named and re.fullmatch(r"[A-Za-z][\w-]*", name))
        if shaped and re.search(r"(?i)sig|hmac|auth|hash|token|checksum", name):
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

    sections = any(webhook_section(b) for b in doc.blocks if b.kind == "text")
    for block in doc.blocks:
        in_section = webhook_section(block)
        about = re.search(
            r"(?i)webhook|notif|callback|\bevents?\b|\bsign(?:ed|ature|atures|ing)\b", block.text
        )
        mentioned = (in_section and about) or (not sections and re.search(r"(?i)\bwebhooks?\b", block.text))
        if block.kind == "text" and mentioned and len(found.mentions) < 5:
            found.mentions.append(_mention(doc, block) if not in_section else doc.excerpt(block))
        if not in_section:
            continue
        if block.kind == "table":
            for event in [*_events_in_table(doc, block), *_events_in_field_rows(doc, block)]:
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


def _mention(doc: Document, block: Block) -> Evidence:
    """The sentence of a paragraph outside the webhook sections that mentions webhooks."""
    text = plain(block.text)
    sentence = next((s for s in re.split(r"(?<=[.;:!?])\s+", text) if re.search(r"(?i)webhook", s)), text)
    return Evidence(doc.where(doc.line_with(block, sentence[:20])), quote(sentence))


def _signature_from(found: Webhooks, doc: Document, block: Block) -> None:
    header = _signature_header(block)
    if header and found.signature_header is None:
        found.signature_header = (header, doc.evidence(doc.line_with(block, header)))
    algorithm = _algorithm(plain(block.text))
    if algorithm and found.algorithm is None:
        line = doc.line_with(block, "HMAC") if "HMAC" in block.text else block.line
        found.algorithm = (algorithm, doc.evidence(line))
