"""The error body's shape: its fields, from error examples, field tables and prose in error sections."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from scaffold.docs.examples import Example
from scaffold.docs.markdown import plain
from scaffold.docs.model import Block, Document, ErrorField, Evidence, quote
from scaffold.docs.words import words

_FIELD_NAME = re.compile(r"^[A-Za-z_][\w.\-\[\]]{0,50}$")
_BODY_WORDS = re.compile(
    r"(?i)\b(?:body|object|fields?|json|contains?|carr(?:y|ies)|with|keys?|properties|includes?|returns?)\b"
)
_XML_ERROR_PART = re.compile(r"(?i)error|fault|message|code|reason|description|detail")
_CODE_TABLE = re.compile(r"(?i)^(?:(?:error|result|response|reason|decline|http)[ _]?)?codes?$")


@dataclass
class ErrorReading:
    """Fields of the error body, and the doc's sentences about errors."""

    fields: list[ErrorField] = field(default_factory=list)
    mentions: list[Evidence] = field(default_factory=list)
    codes_lines: list[int] = field(default_factory=list)  # error-code tables (codes, not fields)
    bodies: list[tuple[int, int]] = field(default_factory=list)  # (first, last line) of error examples

    def found(self) -> bool:
        return bool(self.fields or self.mentions or self.codes_lines)


def _error_section(block: Block) -> bool:
    return bool(words("errors", "context").search(block.section.title)) or (
        any(words("errors", "context").search(t) for t in block.section.path[:-1])
        and not words("webhooks", "context").search(block.section.title)
    )


def _table_fields(doc: Document, block: Block) -> Iterator[ErrorField]:
    header = [h.lower() for h in block.header]
    if not header or _CODE_TABLE.match(header[0]):
        return
    if not re.search(r"(?i)\b(?:field|name|parameter|property|attribute|key|element)s?\b", header[0]):
        return
    for row in block.rows:
        name = plain(row.cells[0]).split(" ")[0].strip("`") if row.cells else ""
        if _FIELD_NAME.match(name):
            yield ErrorField(name, Evidence(doc.where(row.line), quote(plain(" | ".join(row.cells)))))


def _prose_fields(doc: Document, block: Block) -> Iterator[ErrorField]:
    for sentence in re.split(r"(?<=[.!?])\s+", block.text):
        if not _BODY_WORDS.search(plain(sentence)):
            continue
        names = [
            c
            for c in re.findall(r"`([^`]+)`", sentence)
            if _FIELD_NAME.match(c) and c not in ("true", "false", "null") and not re.fullmatch(r"\d{3}", c)
        ]
        if len(names) >= 2:
            line = doc.line_with(block, f"`{names[0]}`")
            for name in names:
                yield ErrorField(name, doc.evidence(line))


def read_errors(doc: Document, examples: list[Example]) -> ErrorReading:
    """What the doc says an error response looks like."""
    reading = ErrorReading()
    seen: set[str] = set()

    def add(found: ErrorField) -> None:
        if found.name not in seen and len(reading.fields) < 30:
            seen.add(found.name)
            reading.fields.append(found)

    for example in examples:
        if example.role == "error" and example.format in ("json", "xml"):
            if example.values:
                reading.bodies.append((example.block.line, example.block.end))
            for value in example.values:
                if example.format == "xml" and not _XML_ERROR_PART.search(value.key.split(".")[0]):
                    continue  # the envelope's attributes, not the error's
                add(
                    ErrorField(
                        value.key, Evidence(doc.where(value.line), quote(f"{value.key}: {value.literal}"))
                    )
                )
    for block in doc.blocks:
        if not _error_section(block):
            continue
        if block.kind == "table":
            header = [h.lower() for h in block.header]
            if header and _CODE_TABLE.match(header[0]):
                reading.codes_lines.append(block.line)
            for found in _table_fields(doc, block):
                add(found)
        elif block.kind in ("text", "item"):
            for found in _prose_fields(doc, block):
                add(found)
            if len(reading.mentions) < 3:
                reading.mentions.append(doc.excerpt(block))
    return reading


def leaf_names(reading: ErrorReading) -> list[str]:
    """The fields' own names (``error.code`` -> ``code``), each once."""
    return list(dict.fromkeys(f.name.split(".")[-1] for f in reading.fields))
