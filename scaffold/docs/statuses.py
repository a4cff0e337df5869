"""Status values a payment or a refund can carry, from tables, lists and enumerations in a status
context only (never query parameters, grant types, payment-method or error codes, event names).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from scaffold.docs.examples import Example
from scaffold.docs.markdown import plain
from scaffold.docs.model import Block, Document, Evidence, Status, quote
from scaffold.docs.words import fullword, words

_VALUE = re.compile(r"^[A-Za-z][A-Za-z0-9_.\-]{0,39}$")
_HEADER_WORDS = {
    "value",
    "values",
    "name",
    "code",
    "meaning",
    "field",
    "description",
    "status",
    "state",
    "type",
    "notes",
    "note",
    "example",
    "yes",
    "no",
    "true",
    "false",
    "null",
    "none",
    "string",
}
_TICKED = re.compile(r"`([^`\s]{1,40})`")
_TERM = re.compile(r"\s*(?:\*\*|`)([A-Za-z][\w.\- ]{0,30}?)(?:\*\*|`)\s*[-\u2013\u2014:]")
_TICKED_WORDS = re.compile(r"`([A-Za-z]+(?: [A-Za-z]+){1,2})`")
_ONE_OF = re.compile(r"(?i)\b(?:one of|any of|either|values?|possible values|can be|takes|enum)\b")


def _kind(*texts: str) -> str:
    """``refund`` or ``payment``: the nearest text (first given) that names either."""
    for text in texts:
        lower = text.lower()
        refund = re.search(r"\brefund\w*|\bcredits?\b(?![ _-]?cards?)", lower)
        payment = re.search(
            r"\b(?:payments?|charges?|transactions?|orders?|invoices?|authori[sz]ations?|operations?)\b",
            lower,
        )
        if refund and not payment:
            return "refund"
        if payment and not refund:
            return "payment"
        if refund and payment:
            return "refund" if refund.start() < payment.start() else "payment"
    return "payment"


def _status_context(text: str) -> bool:
    return bool(words("statuses", "context").search(text)) and not words("statuses", "not_context").search(
        text
    )


def _excluded(block: Block) -> bool:
    context = block.section.context()
    return bool(words("statuses", "not_context").search(block.section.title)) or bool(
        words("webhooks", "context").search(context) and not re.search(r"(?i)status", block.section.title)
    )


def _clean(cell: str) -> str | None:
    text = plain(cell).strip().strip("\"'*")
    ticked = _TICKED.search(cell) or _TICKED_WORDS.search(cell)
    if ticked:
        text = ticked.group(1).strip("\"'")
        if " " in text and re.fullmatch(r"[A-Za-z]+(?: [A-Za-z]+){1,2}", text) and len(text) <= 30:
            return text  # `Partially Captured`
    else:
        text = re.split(r"\s[-\u2013\u2014:(]\s?|\s\(|:\s", text)[0].strip().rstrip(".:,")
    if not _VALUE.match(text) or text.lower() in _HEADER_WORDS or re.fullmatch(r"\d+", text):
        return None
    return text


def _previous_text(doc: Document, block: Block) -> str:
    index = block.index
    for earlier in reversed(doc.blocks[max(0, index - 2) : index]):
        if earlier.section != block.section:
            return ""
        if earlier.kind == "text":
            return plain(earlier.text)
    return ""


def _tables(doc: Document, block: Block) -> Iterator[Status]:
    header = " ".join(block.header)
    before = _previous_text(doc, block)
    first = block.header[0] if block.header else ""
    in_context = (
        _status_context(block.section.title)
        or _status_context(before)
        or (
            bool(fullword("statuses", "fields").fullmatch(first.strip()))
            or re.search(r"(?i)^(?:status|state)", first) is not None
        )
    )
    if (
        not in_context
        or words("statuses", "not_context").search(header)
        or re.search(r"(?i)\bhttp\b", header)
    ):
        if not in_context:
            yield from _field_rows(doc, block)
        return
    kind = _kind(before, block.section.title, *reversed(block.section.path))
    mixed = len(block.rows) > 1 and _mixed(block)
    for row in block.rows:
        if not row.cells:
            continue
        value = _clean(row.cells[0])
        if value:
            row_kind = _kind(" ".join(row.cells[1:]), "") if mixed else kind
            yield Status(value, row_kind, Evidence(doc.where(row.line), quote(plain(" | ".join(row.cells)))))


def _mixed(block: Block) -> bool:
    """A status table whose descriptions name both payments and refunds row by row."""
    kinds = {_kind(" ".join(r.cells[1:]), "") for r in block.rows if len(r.cells) > 1}
    return (
        False
        if len(kinds) < 2
        else any(re.search(r"(?i)\brefund", " ".join(r.cells[1:])) for r in block.rows)
    )


def _field_rows(doc: Document, block: Block) -> Iterator[Status]:
    """A parameter table's ``status`` row listing its values ("one of `a`, `b`")."""
    for row in block.rows:
        if not row.cells:
            continue
        name = plain(row.cells[0]).split(" ")[0].strip("`")
        if not fullword("statuses", "fields").fullmatch(name.split(".")[-1]):
            continue
        text = " ".join(row.cells[1:])
        values = [v for v in _TICKED.findall(text) if _clean(f"`{v}`")]
        if len(values) >= 2:
            kind = _kind(name, plain(text), block.section.title, *reversed(block.section.path))
            for value in values:
                yield Status(
                    value.strip("\"'"),
                    kind,
                    Evidence(doc.where(row.line), quote(plain(" | ".join(row.cells)))),
                )


def _lists(doc: Document) -> Iterator[Status]:
    """List items under a status heading, or after a paragraph like "Payment statuses:"."""
    intro: Block | None = None
    for block in doc.blocks:
        if block.kind == "text":
            text = plain(block.text)
            term = _TERM.match(block.text)
            if (
                term
                and _status_context(block.section.title)
                and not _excluded(block)
                and _clean(f"`{term.group(1)}`")
            ):
                kind = _kind(*reversed(block.section.path))
                yield Status(term.group(1), kind, doc.evidence(block.line))  # **APPROVED** — ...
                continue
            listing = _status_context(text) or _status_context(block.section.title)
            intro = block if listing and text.rstrip().endswith(":") else None
            if intro is None:
                yield from _enumeration(doc, block)
            continue
        if block.kind != "item":
            intro = None
            continue
        if intro is not None and intro.section != block.section:
            intro = None
        if (
            _excluded(block)
            or block.depth != 1
            or (intro is None and not _status_context(block.section.title))
        ):
            continue
        value = _clean(block.text)
        if value:
            context = plain(intro.text) if intro else ""
            yield Status(value, _kind(context, *reversed(block.section.path)), doc.evidence(block.line))


def _enumeration(doc: Document, block: Block) -> Iterator[Status]:
    """``A refund's `status` is one of `queued`, `done` or `rejected`.``"""
    text = block.text
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        plain_sentence = plain(sentence)
        found = words("statuses", "context").search(plain_sentence)
        titled = _status_context(block.section.title) or any(
            fullword("statuses", "fields").fullmatch(c) for c in re.findall(r"`([^`]+)`", sentence)[:1]
        )
        if (
            not (found or titled)
            or words("statuses", "not_context").search(plain_sentence)
            or _excluded(block)
        ):
            continue
        start = sentence.find(found.group(0)) if found and found.group(0) in sentence else 0
        values = [
            m.group(1)
            for m in re.finditer(r"`([^`]{1,40})`", sentence)
            if m.end() > start
            and _clean(m.group(0))
            and not fullword("statuses", "fields").fullmatch(m.group(1))
        ]
        if (len(values) >= 2 and _ONE_OF.search(plain_sentence)) or len(values) >= 3:
            kind = _kind(plain_sentence, block.section.title, *reversed(block.section.path))
            line = doc.line_with(block, values[0])
            for value in values:
                yield Status(value, kind, doc.evidence(line))


def _examples(doc: Document, examples: list[Example]) -> Iterator[Status]:
    """``"status": "authorized"`` in a response example (not an error's, not a webhook's)."""
    for example in examples:
        if example.role not in ("response", None) or words("webhooks", "context").search(
            example.block.section.context()
        ):
            continue
        for value in example.values:
            name = value.key.split(".")[-1]
            if value.kind not in ("string", "xml") or not fullword("statuses", "fields").fullmatch(name):
                continue
            literal = value.literal.strip('"')
            if _clean(f"`{literal}`"):
                kind = _kind(value.key, example.block.section.title, *reversed(example.block.section.path))
                yield Status(literal, kind, Evidence(doc.where(value.line), quote(f'"{name}": "{literal}"')))


def read_statuses(doc: Document, examples: list[Example]) -> list[Status]:
    """Every payment and refund status value, each once per kind (the first line that gives it)."""
    found: dict[tuple[str, str], Status] = {}
    listed: list[Status] = []
    for block in doc.blocks:
        if block.kind == "table" and not _excluded(block):
            listed += _tables(doc, block)
    listed += _lists(doc)
    for status in [*listed, *_examples(doc, examples)]:
        found.setdefault((status.value.lower(), status.kind), status)
    return sorted(found.values(), key=lambda s: s.evidence.where.line or 0)
