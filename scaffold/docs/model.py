"""The parsed structure of a connector doc, and the facts read from it, each with its provenance.

A Markdown doc becomes a list of blocks (paragraphs and list items, tables, code blocks) under
their sections; every block knows its 1-based lines. An OpenAPI document becomes facts directly,
each citing a JSON pointer (and its line when the parser gives one).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

MAX_QUOTE = 160  # characters of doc text quoted per piece of evidence


def quote(text: str, limit: int = MAX_QUOTE) -> str:
    """``text`` on one line, cut to ``limit`` characters."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


@dataclass(frozen=True)
class Where:
    """Where a fact was read: the doc (as the user named it), its line, and a JSON pointer for OpenAPI."""

    doc: str
    line: int | None
    pointer: str | None = None

    def label(self) -> str:
        """``line 12``, ``/paths/~1v1~1payments/post (line 40)``."""
        if self.pointer is None:
            return f"line {self.line}"
        return f"`{self.pointer}`" + (f" (line {self.line})" if self.line else "")


@dataclass(frozen=True)
class Evidence:
    """One piece of doc text backing a fact."""

    where: Where
    text: str

    def as_json(self) -> dict[str, object]:
        return {
            "doc": self.where.doc,
            "line": self.where.line,
            "pointer": self.where.pointer,
            "text": self.text,
        }


@dataclass(frozen=True)
class Section:
    """A heading and the headings above it (outermost first)."""

    title: str
    level: int
    line: int
    path: tuple[str, ...]

    def context(self) -> str:
        """The heading path as one lowercase string, innermost last."""
        return " / ".join(self.path).lower()


ROOT = Section("", 0, 0, ())


@dataclass(frozen=True)
class Block:
    """A paragraph, list item, table or code block under ``section``, lines ``line``..``end``."""

    kind: str  # "text" | "item" | "table" | "code" | "heading"
    line: int
    end: int
    section: Section
    text: str = ""  # the inline source (text, items, headings) or the code
    codes: tuple[str, ...] = ()  # inline code spans (text, items, headings)
    lang: str = ""  # code blocks: the fence's info word, lowercased
    header: tuple[str, ...] = ()  # tables
    rows: tuple[Row, ...] = ()  # tables
    depth: int = 0  # items: list nesting
    index: int = -1  # its place in ``Document.blocks``


@dataclass(frozen=True)
class Row:
    """A table row: its cells (inline source) and line."""

    cells: tuple[str, ...]
    line: int


@dataclass
class Document:
    """One doc file, parsed."""

    name: str  # as shown in the spec (relative to the checkout when inside it)
    kind: str  # "markdown" | "openapi"
    lines: list[str]
    blocks: list[Block] = field(default_factory=list)
    openapi: dict[str, object] | None = None  # the parsed OpenAPI document
    pointer_lines: dict[str, int] = field(default_factory=dict)  # JSON pointer -> 1-based line

    def where(self, line: int | None, pointer: str | None = None) -> Where:
        return Where(self.name, line, pointer)

    def evidence(self, line: int, text: str | None = None) -> Evidence:
        """The doc's own ``line`` (or ``text``) as evidence."""
        shown = text if text is not None else (self.lines[line - 1] if 0 < line <= len(self.lines) else "")
        return Evidence(self.where(line), quote(shown.strip()))

    def excerpt(self, block: Block) -> Evidence:
        """The block's own lines, joined and cut, as evidence."""
        text = " ".join(
            self.lines[n - 1].strip() for n in range(block.line, min(block.end, len(self.lines)) + 1)
        )
        return Evidence(self.where(block.line), quote(text))

    def line_with(self, block: Block, needle: str) -> int:
        """The first line of ``block`` that contains ``needle`` (the block's first line otherwise)."""
        for number in range(block.line, min(block.end, len(self.lines)) + 1):
            if needle in self.lines[number - 1]:
                return number
        return block.line


# --- facts ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AmountFact:
    """What one piece of the doc says or shows about amounts.

    ``unit``: "Minor" | "Base" | None. ``representation``: "number" (a JSON number or an integer
    type), "string" (a JSON string, text in a form body) or None. ``strength``: "stated" (prose or a
    table's description), "typed" (a type column or schema type), "example" (a value in an example).
    ``decimals``: whether the value or format shows decimals (a decimal rules out minor units).
    """

    unit: str | None
    representation: str | None
    strength: str
    evidence: Evidence
    decimals: bool | None = None
    field: str = ""


@dataclass(frozen=True)
class AuthFact:
    """A statement about request authentication."""

    scheme: str  # "Bearer" | "Basic" | "ApiKey" | "Signature"
    header: str  # the header (or body field) named, "" when none
    strength: int  # 3: an auth section's prose or a security scheme; 2: prose/table elsewhere; 1: an example
    evidence: Evidence


@dataclass
class Endpoint:
    """An operation the doc documents: method, path template and the flows it serves."""

    method: str
    path: str
    where: Where
    section: str
    flows: list[str] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    deprecated: bool = False
    from_example: bool = False  # found only in an example (the doc documents no endpoint otherwise)
    stated_flows: list[str] = field(default_factory=list)  # flows its own description names
    sections: list[str] = field(default_factory=list)  # every section that mentions it
    guessed: list[str] = field(default_factory=list)  # flows read only from a noun ("Payments", "/orders")

    def key(self) -> tuple[str, str]:
        return self.method, normalise_placeholders(self.path)


@dataclass(frozen=True)
class Unsupported:
    """A flow the doc says the API does not support."""

    flow: str
    evidence: Evidence


@dataclass(frozen=True)
class Status:
    """A status value and whether it is a payment's or a refund's."""

    value: str
    kind: str  # "payment" | "refund"
    evidence: Evidence


@dataclass(frozen=True)
class ErrorField:
    """A field of the error body."""

    name: str  # dotted for nested fields: ``error.code``
    evidence: Evidence


@dataclass(frozen=True)
class Event:
    """A webhook event name."""

    name: str
    evidence: Evidence


@dataclass
class Webhooks:
    """What the doc says about webhooks."""

    mentions: list[Evidence] = field(default_factory=list)  # sentences about webhooks
    events: list[Event] = field(default_factory=list)
    signature_header: tuple[str, Evidence] | None = None
    algorithm: tuple[str, Evidence] | None = None
    payload_fields: list[str] = field(default_factory=list)
    payload_evidence: Evidence | None = None

    def found(self) -> bool:
        return bool(self.mentions or self.events or self.signature_header or self.algorithm)


def normalise_placeholders(path: str) -> str:
    """``/v1/payments/{id}``, ``/v1/payments/:id`` and ``/v1/payments/<id>`` all as ``/v1/payments/{}``."""
    path = re.sub(r"\{[^}/]*\}|<[^>/]*>|(?<=/):[A-Za-z_]\w*|\[[^\]/]*\]", "{}", path)
    return path.rstrip("/") or "/"
