"""Status values a payment or a refund can carry, from tables, lists and enumerations in a status
context only (never query parameters, grant types, payment-method or error codes, event names).

A table with a column for payments and one for refunds gives each value the kinds whose cell is
filled; a paragraph narrating states ("a refund is `queued` when ..., `pending` until ...") lists
them too. Values a paragraph says are not statuses ("neither is the state of the payment") are left
out unless a status table lists them, and so is a ``state`` under an address.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from scaffold.docs.examples import Example
from scaffold.docs.markdown import plain
from scaffold.docs.model import Block, Document, Evidence, Section, Status, quote
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


_PATH_IN = re.compile(r"(?:^|\s)(/[\w{}\-./]+)")
_NONE_CELL = re.compile(r"(?i)^\s*(?:|n/a|na|-|\u2014|\u2013|no|none|not applicable)\s*\.?$")
_FIELD_HEADER = re.compile(
    r"(?i)^(?:fields?|parameters?|params?|attributes?|propert(?:y|ies)|elements?|keys?)$"
)
_PLAIN_ONE_OF = re.compile(
    r"(?i)\b(?:status|state)(?:es)?,?\s+(?:is\s+|are\s+)?(?:always\s+)?(?:one of|either)\s+"
    r"((?:[A-Za-z_]+,\s+)+[A-Za-z_]+,?\s+(?:or|and)\s+[A-Za-z_]+)"
)


def _named_kind(text: str) -> str | None:
    """``refund`` or ``payment`` when ``text`` names either (the first named when both are)."""
    lower = text.lower()
    path = _PATH_IN.search(lower)
    if path:  # a path names what its last segments do: /v2/payment/refund is a refund
        from scaffold.docs.flows import path_object

        found = path_object(path.group(1))
        if found:
            return found
    refund = re.search(r"\brefund\w*|\bcredits?\b(?![ _-]?cards?)", lower)
    payment = re.search(
        r"\b(?:payments?|charges?|transactions?|orders?|invoices?|authori[sz]ations?|operations?)\b", lower
    )
    if refund and payment:
        return "refund" if refund.start() < payment.start() else "payment"
    return "refund" if refund else "payment" if payment else None


def _kind(*texts: str) -> str:
    """``refund`` or ``payment``: the nearest text (first given) that names either."""
    for text in texts:
        named = _named_kind(text)
        if named:
            return named
    return "payment"


@lru_cache(maxsize=4096)
def _titled(title: str) -> bool:
    """Whether a heading is about statuses (asked once per section, not once per block)."""
    return _status_context(title)


def _status_context(text: str) -> bool:
    return bool(words("statuses", "context").search(text)) and not words("statuses", "not_context").search(
        text
    )


def _excluded(block: Block) -> bool:
    return _excluded_section(block.section)


@lru_cache(maxsize=4096)
def _excluded_section(section: Section) -> bool:
    context = section.context()
    return bool(words("statuses", "not_context").search(section.title)) or bool(
        words("webhooks", "context").search(context) and not re.search(r"(?i)status", section.title)
    )


def _field_path(value: str) -> bool:
    """``data.status``: a field, not a value."""
    return "." in value and bool(fullword("statuses", "fields").fullmatch(value.split(".")[-1]))


def _clean(cell: str) -> str | None:
    text = plain(cell).strip().strip("\"'*")
    ticked = _TICKED.search(cell) or _TICKED_WORDS.search(cell)
    if ticked:
        text = ticked.group(1).strip("\"'")
        if " " in text and re.fullmatch(r"[A-Za-z]+(?: [A-Za-z]+){1,2}", text) and len(text) <= 30:
            return text  # `Partially Captured`
    else:
        text = re.split(r"\s[-\u2013\u2014:(]\s?|\s\(|:\s", text)[0].strip().rstrip(".:,")
    if (
        not _VALUE.match(text)
        or text.lower() in _HEADER_WORDS
        or re.fullmatch(r"\d+", text)
        or _field_path(text)
    ):
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
    first = plain(block.header[0]).strip("` ") if block.header else ""
    field_table = bool(_FIELD_HEADER.match(first))
    in_context = not field_table and (
        _titled(block.section.title)
        or _status_context(before)
        or bool(fullword("statuses", "fields").fullmatch(first.split(".")[-1]))
        or re.search(r"(?i)^(?:status|state)", first) is not None
        or _status_context(first)  # "Refund `status`", "`data.status`"
    )
    if (
        not in_context
        or words("statuses", "not_context").search(header)
        or re.search(r"(?i)\bhttp\b", header)
    ):
        if not in_context:
            yield from _field_rows(doc, block)
        return
    kind = _kind(first, before, block.section.title, *reversed(block.section.path))
    columns = _kind_columns(block)
    mixed = not columns and len(block.rows) > 1 and _mixed(block)
    for row in block.rows:
        if not row.cells:
            continue
        value = _clean(row.cells[0])
        if not value:
            continue
        evidence = Evidence(doc.where(row.line), quote(plain(" | ".join(row.cells))))
        if columns:
            for column, column_kind in columns:
                if column < len(row.cells) and not _NONE_CELL.match(plain(row.cells[column])):
                    yield Status(value, column_kind, evidence)
            continue
        row_kind = (_named_kind(" ".join(row.cells[1:])) or kind) if mixed else kind
        yield Status(value, row_kind, evidence)


def _kind_columns(block: Block) -> list[tuple[int, str]]:
    """``[(1, "payment"), (2, "refund")]`` for a table with a column for each kind ("Meaning for a
    payment | Meaning for a refund"); empty unless both are there."""
    found = [(i, _named_kind(plain(h))) for i, h in enumerate(block.header) if i > 0]
    columns = [(i, k) for i, k in found if k]
    return columns if {k for _, k in columns} == {"payment", "refund"} else []


def _mixed(block: Block) -> bool:
    """A status table whose descriptions name both payments and refunds row by row."""
    kinds = {_named_kind(" ".join(r.cells[1:])) for r in block.rows if len(r.cells) > 1}
    return {"payment", "refund"} <= kinds


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
                and _titled(block.section.title)
                and not _excluded(block)
                and _clean(f"`{term.group(1)}`")
            ):
                kind = _kind(*reversed(block.section.path))
                yield Status(term.group(1), kind, doc.evidence(block.line))  # **APPROVED** — ...
                continue
            listing = _status_context(text) or _titled(block.section.title)
            intro = block if listing and text.rstrip().endswith(":") else None
            if intro is None:
                yield from _enumeration(doc, block)
            continue
        if block.kind != "item":
            intro = None
            continue
        if intro is not None and intro.section != block.section:
            intro = None
        if _excluded(block) or block.depth != 1 or (intro is None and not _titled(block.section.title)):
            continue
        value = _clean(block.text)
        if value:
            context = plain(intro.text) if intro else ""
            yield Status(value, _kind(context, *reversed(block.section.path)), doc.evidence(block.line))


def _error_section(block: Block) -> bool:
    return _error_title(block.section.title)


@lru_cache(maxsize=4096)
def _error_title(title: str) -> bool:
    return bool(words("errors", "context").search(title))


def _enumeration(doc: Document, block: Block) -> Iterator[Status]:
    """``A refund's `status` is one of `queued`, `done` or `rejected`.`` (or the same in plain words)"""
    text = block.text
    if _error_section(block):
        return
    yield from _plain_enumeration(doc, block)
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        plain_sentence = plain(sentence)
        found = words("statuses", "context").search(plain_sentence)
        titled = _titled(block.section.title) or any(
            fullword("statuses", "fields").fullmatch(c) for c in re.findall(r"`([^`]+)`", sentence)[:1]
        )
        if (
            not (found or titled)
            or words("statuses", "not_context").search(plain_sentence)
            or _excluded(block)
        ):
            continue
        start = sentence.find(found.group(0)) if found and found.group(0) in sentence and not titled else 0
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


def _plain_enumeration(doc: Document, block: Block) -> Iterator[Status]:
    """ "Its status is one of successful, pending or failed": values in plain words."""
    text = plain(block.text)
    if not re.search(r"(?i)\b(?:one of|either)\b", text):
        return
    for match in _PLAIN_ONE_OF.finditer(text):
        values = [v for v in re.split(r",\s+(?:or\s+|and\s+)?|,?\s+(?:or|and)\s+", match.group(1)) if v]
        sentence = next((s for s in re.split(r"(?<=[.!?])\s+", text) if match.group(0) in s), match.group(0))
        kind = _kind(sentence, block.section.title, *reversed(block.section.path))
        line = doc.line_with(block, values[0])
        for value in values:
            if _clean(f"`{value}`"):
                yield Status(value, kind, doc.evidence(line))


_NARRATED = re.compile(
    r"(?i)^\W*(?:a|an|the|each|every)\s+(?:payments?|refunds?|charges?|transactions?|orders?|credits?)\s+"
    r"(?:is|are|starts?|becomes?|goes|stays?|moves?|remains?)\b"
)


def _narratives(doc: Document) -> Iterator[Status]:
    """A paragraph narrating states: "A refund is `queued` when ..., `pending` until ..., and `refunded`
    once ...; it can also end `failed`, or `canceled` if ..." (three values at least)."""
    follow = words("statuses", "narrative")
    for block in doc.blocks:
        if block.kind != "text" or block.text.count("`") < 6 or _excluded(block) or _error_section(block):
            continue
        spans = list(re.finditer(r"`([^`]{1,40})`", block.text))
        chosen: list[re.Match[str]] = []
        run: list[re.Match[str]] = []
        for index, span in enumerate(spans):
            after = plain(block.text[span.end() : span.end() + 14]).lstrip(" ,")
            joined = index + 1 < len(spans) and re.fullmatch(
                r"\s*(?:,|or|and|, or|, and)\s*", block.text[span.end() : spans[index + 1].start()]
            )
            run.append(span)
            if follow.match(after):
                chosen += run
                run = []
            elif not joined:
                run = []
        values = [m.group(1) for m in chosen if _clean(m.group(0))]
        text = plain(block.text)
        if len(values) >= 3 and (_status_context(text) or _NARRATED.match(text)):
            kind = _kind(plain(block.text), block.section.title, *reversed(block.section.path))
            for match in chosen:
                if _clean(match.group(0)):
                    yield Status(match.group(1), kind, doc.evidence(doc.line_with(block, match.group(0))))


def _denied(doc: Document) -> set[str]:
    """Code values of paragraphs (and table rows) that say they are not statuses."""
    denied_words = words("statuses", "denied")
    found: set[str] = set()
    texts = [b.text for b in doc.blocks if b.kind in ("text", "item")]
    texts += [" | ".join(r.cells) for b in doc.blocks if b.kind == "table" for r in b.rows]
    for text in texts:
        lower = text.lower()
        if "`" not in text or not any(w in lower for w in ("not", "neither", "only", "none", "nor")):
            continue
        if denied_words.search(plain(text)):
            found.update(re.findall(r"`([^`]{1,40})`", text))
    return found


_KIND_KEY = re.compile(r"(?i)^(?:type|kind|object|resource|transaction_?type|txn_?type|trx_?type)$")


def _examples(doc: Document, examples: list[Example]) -> Iterator[Status]:
    """``"status": "authorized"`` in a response example (not an error's, not a webhook's, not an
    address's ``state``); a refund's when the example says it is one (``"type": "refund"``)."""
    not_parents = fullword("statuses", "not_parents")
    for example in examples:
        if example.role not in ("response", None) or words("webhooks", "context").search(
            example.block.section.context()
        ):
            continue
        kinds = {
            kind
            for v in example.values
            if _KIND_KEY.match(v.key.split(".")[-1])
            and v.kind in ("string", "xml")
            and (kind := _named_kind(v.literal.strip('"')))
        }
        for value in example.values:
            parts = value.key.split(".")
            name = parts[-1]
            if value.kind not in ("string", "xml") or not fullword("statuses", "fields").fullmatch(name):
                continue
            if any(not_parents.fullmatch(p) for p in parts[:-1]):
                continue
            literal = value.literal.strip('"')
            if _clean(f"`{literal}`"):
                kind = (
                    next(iter(kinds))
                    if len(kinds) == 1
                    else _kind(value.key, example.block.section.title, *reversed(example.block.section.path))
                )
                yield Status(literal, kind, Evidence(doc.where(value.line), quote(f'"{name}": "{literal}"')))


def read_statuses(doc: Document, examples: list[Example]) -> list[Status]:
    """Every payment and refund status value, each once per kind (the first line that gives it)."""
    found: dict[tuple[str, str], Status] = {}
    listed: list[Status] = []
    for block in doc.blocks:
        if block.kind == "table" and not _excluded(block):
            listed += _tables(doc, block)
    denied = _denied(doc) - {s.value for s in listed}
    others = [*_lists(doc), *_narratives(doc), *_examples(doc, examples)]
    for status in [*listed, *(s for s in others if s.value not in denied)]:
        found.setdefault((status.value.lower(), status.kind), status)
    return sorted(found.values(), key=lambda s: s.evidence.where.line or 0)
