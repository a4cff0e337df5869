"""Markdown into blocks (sections, paragraphs, list items, tables, code blocks) with their lines.

Parsed with markdown-it-py (CommonMark plus GitHub tables); nothing here reads Markdown syntax
by hand but the removal of inline markup from a heading or cell.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

from scaffold.docs.model import ROOT, Block, Document, Row, Section

# Tables on; of the inline rules only code spans (and the escapes around them) matter to the reader.
_PARSER = (
    MarkdownIt("commonmark", {"html": True})
    .enable("table")
    .disable(
        ["emphasis", "link", "image", "autolink", "html_inline", "entity", "linkify"], ignoreInvalid=True
    )
)
_LINK = re.compile(r"!?\[([^\]]*)\]\(([^)\s]*)[^)]*\)")
_CODE_SPAN = re.compile(r"(`+[^`]*`+)")
_STRONG = re.compile(r"(\*\*|__|~~)(.+?)\1")
_EMPHASIS = re.compile(r"(?<![\w*])[*_](?=\S)(.+?)(?<=\S)[*_](?![\w*])")
_TAG = re.compile(r"</?[A-Za-z][^<>]*>")


@lru_cache(maxsize=65536)
def plain(text: str) -> str:
    """Inline Markdown as plain text: no backticks, emphasis, HTML tags or link targets (code spans
    are kept as they are, ``<id>`` included)."""
    parts = _CODE_SPAN.split(text)
    out = []
    for index, part in enumerate(parts):
        if index % 2:
            out.append(part.strip("`"))
            continue
        part = _LINK.sub(r"\1", part)
        part = _STRONG.sub(r"\2", part)
        part = _EMPHASIS.sub(r"\1", part)
        part = _TAG.sub(" ", part)
        out.append(part)
    return " ".join("".join(out).split())


def _codes(token: Token) -> tuple[str, ...]:
    return tuple(c.content for c in token.children or () if c.type == "code_inline")


def _lines(token: Token) -> tuple[int, int]:
    start, end = token.map or (0, 1)
    return start + 1, max(start + 1, end)


class _Builder:
    """One pass over markdown-it's tokens, keeping the heading path and list depth."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.stack: list[Section] = []
        self.depth = 0

    @property
    def section(self) -> Section:
        return self.stack[-1] if self.stack else ROOT

    def add(self, block: Block) -> None:
        self.doc.blocks.append(replace(block, index=len(self.doc.blocks)))

    def heading(self, opening: Token, inline: Token) -> None:
        level = int(opening.tag[1:])
        line, _ = _lines(opening)
        while self.stack and self.stack[-1].level >= level:
            self.stack.pop()
        title = plain(inline.content)
        section = Section(title, level, line, (*(s.title for s in self.stack), title))
        self.stack.append(section)
        self.add(Block("heading", line, line, section, inline.content, _codes(inline)))

    def text(self, opening: Token, inline: Token) -> None:
        line, end = _lines(opening)
        kind = "item" if self.depth else "text"
        self.add(Block(kind, line, end, self.section, inline.content, _codes(inline), depth=self.depth))

    def fence(self, token: Token) -> None:
        first, last = _lines(token)
        content = token.content
        count = content.count("\n") or 1
        start = first + 1 if token.type == "fence" else first
        lang = token.info.strip().split()[0].lower() if token.info.strip() else ""
        self.add(Block("code", start, min(last, start + count - 1), self.section, content, lang=lang))

    def table(self, tokens: Sequence[Token], index: int) -> int:
        """Read the table starting at ``tokens[index]``; return the index after it."""
        line, end = _lines(tokens[index])
        header: list[str] = []
        rows: list[Row] = []
        cells: list[str] = []
        row_line = line
        in_head = False
        while index < len(tokens) and tokens[index].type != "table_close":
            token = tokens[index]
            if token.type == "thead_open":
                in_head = True
            elif token.type == "thead_close":
                in_head = False
            elif token.type == "tr_open":
                cells, row_line = [], _lines(token)[0]
            elif token.type == "inline":
                cells.append(token.content)
            elif token.type == "tr_close":
                if in_head:
                    header = [plain(c) for c in cells]
                else:
                    rows.append(Row(tuple(cells), row_line))
            index += 1
        self.add(Block("table", line, end, self.section, header=tuple(header), rows=tuple(rows)))
        return index + 1


def parse_markdown(text: str, name: str) -> Document:
    """The blocks of Markdown ``text`` (the doc shown as ``name``)."""
    doc = Document(name, "markdown", text.splitlines())
    tokens = _PARSER.parse(text)
    builder = _Builder(doc)
    index = 0
    while index < len(tokens):
        token = tokens[index]
        kind = token.type
        if kind == "table_open":
            index = builder.table(tokens, index)
            continue
        if kind == "heading_open":
            builder.heading(token, tokens[index + 1])
            index += 3
            continue
        if kind == "paragraph_open":
            builder.text(token, tokens[index + 1])
            index += 3
            continue
        if kind in ("bullet_list_open", "ordered_list_open"):
            builder.depth += 1
        elif kind in ("bullet_list_close", "ordered_list_close"):
            builder.depth -= 1
        elif kind in ("fence", "code_block"):
            builder.fence(token)
        elif kind == "html_block":
            line, end = _lines(token)
            builder.add(Block("html", line, end, builder.section, token.content))
        index += 1
    return doc
