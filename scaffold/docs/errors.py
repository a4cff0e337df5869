"""The error body's shape: its fields, from error examples, field tables and prose in error sections.

Prose gives the field names in code a sentence about the body describes (not the values after "is"
or "for example"), the keys of a form or JSON body written inline, and bare ``snake_case`` names.
An XML example's fields are those inside an element named for the error (``reply.error.@code``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from scaffold.docs.examples import Example, Value
from scaffold.docs.markdown import plain
from scaffold.docs.model import Block, Document, ErrorField, Evidence, quote
from scaffold.docs.words import words

_FIELD_NAME = re.compile(r"^[A-Za-z_][\w.\-\[\]]{0,50}$")
_BODY_WORDS = re.compile(
    r"(?i)\b(?:body|object|fields?|json|contains?|carr(?:y|ies)|with|keys?|properties|includes?|returns?)\b"
)
_XML_ERROR_PART = re.compile(r"(?i)error|fault|message|code|reason|description|detail")
_CODE_TABLE = re.compile(r"(?i)^(?:(?:error|result|response|reason|decline|http)[ _]?)?codes?$")
_XML_ERROR_ELEMENT = re.compile(r"(?i)error|fault|problem")


def _in_error_element(key: str, part: re.Pattern[str] = _XML_ERROR_ELEMENT) -> bool:
    """Whether an XML value sits in (or is) an element named for the error (attributes aside)."""
    return any(part.search(segment) for segment in key.split(".") if not segment.startswith("@"))


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


_FIELD_VERB = re.compile(
    r"`[^`]+`\s+(?:names?|explains?|gives?|identif(?:y|ies)|says|describes?|holds?|carr(?:y|ies)|contains?|"
    r"tells?|is|are)\b"
)
_VALUE_BEFORE = re.compile(
    r"(?i)(?:\b(?:is|are|equals?|be|example|e\.g\.|eg|such as|like|either|or)\s*[:,(]?\s*|=\s*)$"
)
_BARE_NAME = re.compile(r"(?<![\w.`-])([a-z][a-z0-9]*(?:_[a-z0-9]+)+|[a-z]+[A-Z][A-Za-z0-9]+)(?![\w`-])")


def _prose_fields(doc: Document, block: Block) -> Iterator[ErrorField]:
    """Field names a sentence about the error body gives: in code (not the values after "is" or "for
    example"), the keys of an inline form or JSON body, and bare ``snake_case`` names."""
    for sentence in re.split(r"(?<=[.!?])\s+(?=[A-Z`(])", block.text):
        described = bool(_BODY_WORDS.search(plain(sentence)) or _FIELD_VERB.search(sentence))
        names: list[str] = []
        bodies = False
        for match in re.finditer(r"`([^`]+)`", sentence):
            code = match.group(1)
            if re.search(r"[=&]", code) or code.lstrip().startswith("{"):
                keys = [v.key for v in _inline_body(code)]  # `response=3&responsetext=...`: a body
                names, bodies = names + keys, bodies or bool(keys)
            elif described and (
                _FIELD_NAME.match(code)
                and code not in ("true", "false", "null")
                and not re.fullmatch(r"\d{3}", code)
                and not _VALUE_BEFORE.search(sentence[: match.start()])
            ):
                names.append(code)
        if not names and described and "`" not in sentence:
            names = _BARE_NAME.findall(plain(sentence))
        names = list(dict.fromkeys(names))
        if len(names) >= 2 or bodies:
            line = doc.line_with(block, names[0])
            for name in names:
                yield ErrorField(name, doc.evidence(line))


def _inline_body(code: str) -> list[Value]:
    """The keys of a form or JSON body written inline."""
    from scaffold.docs.examples import _json_values

    if code.lstrip().startswith("{"):
        return _json_values(code, 0)
    return [
        Value(m.group(1), "", 0, "form") for m in re.finditer(r"(?:^|&)\s*([A-Za-z_][\w.\[\]\-]*)=", code)
    ]


def read_errors(doc: Document, examples: list[Example]) -> ErrorReading:
    """What the doc says an error response looks like."""
    reading = ErrorReading()
    seen: set[str] = set()

    def add(found: ErrorField, prose: bool = False) -> None:
        leaves = {f.name.split(".")[-1].lstrip("@") for f in reading.fields}
        if prose and found.name.split(".")[-1] in leaves:
            return  # "its `code` attribute" names a field an example already shows
        if found.name not in seen and len(reading.fields) < 30:
            seen.add(found.name)
            reading.fields.append(found)

    for example in examples:
        if example.role == "error" and example.format in ("json", "xml"):
            if example.values:
                reading.bodies.append((example.block.line, example.block.end))
            part = (
                _XML_ERROR_ELEMENT
                if any(_in_error_element(v.key) for v in example.values)
                else _XML_ERROR_PART
            )
            for value in example.values:
                if example.format == "xml" and not _in_error_element(value.key, part):
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
                add(found, prose=True)
            if len(reading.mentions) < 3:
                reading.mentions.append(doc.excerpt(block))
    return reading


def leaf_names(reading: ErrorReading) -> list[str]:
    """The fields' own names (``error.code`` -> ``code``), each once."""
    return list(dict.fromkeys(f.name.split(".")[-1] for f in reading.fields))
