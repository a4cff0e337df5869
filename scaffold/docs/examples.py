"""What a code block shows: its request line, its body's fields and values (JSON, form, XML), its role.

Code blocks are examples: they give field names and value types and back facts read elsewhere.
Field lines come from a scan of JSON-ish tokens rather than a JSON parser, since doc examples are
often partial (comments, ``...``, a curl line around them) and a parser gives no lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from scaffold.docs.markdown import plain
from scaffold.docs.model import Block, Document

_FORM = re.compile(r"(?:^|[&\s'\"?])([A-Za-z_][\w.\[\]\-]{0,60})=([^&\s'\"\\]*)")
_XML_TEXT = re.compile(r"<([\w:.\-]+)(?:\s[^<>]*)?>([^<>]*)</\1>")
_XML_TAG = re.compile(r"<([\w:.\-]+)((?:\s+[\w:.\-]+\s*=\s*\"[^\"]*\")+)\s*/?>")
_XML_ATTR = re.compile(r"([\w:.\-]+)\s*=\s*\"([^\"]*)\"")
_RAW_REQUEST = re.compile(r"^\s*(GET|POST|PUT|PATCH|DELETE)\s+(\S+)(?:\s+HTTP/[\d.]+)?\s*$")
_RAW_RESPONSE = re.compile(r"^\s*HTTP/[\d.]+\s+(\d{3})")
_CURL_METHOD = re.compile(r"(?:-X|--request)\s*['\"]?(GET|POST|PUT|PATCH|DELETE)\b", re.I)
_CURL_URL = re.compile(r"['\"]?(https?://[^\s'\"\\]+)")
_SDK_CALL = re.compile(
    r"\.(get|post|put|patch|delete)\(\s*[fr]?['\"`](https?://[^'\"`]+)['\"`]|"
    r"(?:fetch|axios)\(\s*['\"`](https?://[^'\"`]+)['\"`]",
    re.I,
)
_SDK_METHOD = re.compile(r"method\s*[:=]\s*['\"](GET|POST|PUT|PATCH|DELETE)['\"]", re.I)
_REQUEST_WORDS = re.compile(r"(?i)\b(?:requests?|send|sends|sent|post|body|payload|call|example call)\b")
_RESPONSE_WORDS = re.compile(r"(?i)\b(?:respon(?:se|ds|d)|returns?|returned|result|answers?|reply|replies)\b")
_ERROR_WORDS = re.compile(r"(?i)\b(?:errors?|fail(?:s|ed|ure)?|declined?|invalid|rejected|problem)\b")


@dataclass(frozen=True)
class Value:
    """A field's value in an example: dotted key, the literal as written, its line, its kind."""

    key: str
    literal: str
    line: int
    kind: str  # "number" | "string" | "bool" | "null" | "form" | "xml" | "xml-attr"


@dataclass(frozen=True)
class RequestLine:
    """``POST https://api.acme.test/v1/payments`` in an example (curl, raw HTTP, an SDK call)."""

    method: str
    target: str  # a URL or a path, as written
    line: int


@dataclass
class Example:
    """One code block, read."""

    block: Block
    format: str  # "json" | "form" | "xml" | "other"
    values: list[Value] = field(default_factory=list)
    requests: list[RequestLine] = field(default_factory=list)
    role: str | None = None  # "request" | "response" | "error" | None
    status_code: int | None = None

    @property
    def keys(self) -> tuple[str, ...]:
        """The fields shown, nested ones dotted, in order, each once."""
        return tuple(dict.fromkeys(v.key for v in self.values))

    @property
    def top_keys(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(k.split(".")[0] for k in self.keys))


_JSON_TOKEN = re.compile(
    r'"(?:[^"\\\n]|\\.)*"|[{}\[\]:]|(?<![\w.])-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?(?![\w.])|\b(?:true|false|null)\b|\n'
)


def _json_values(text: str, first: int) -> list[Value]:
    """Every ``key: value`` of JSON-ish ``text`` with its dotted key and line (``first``: its first
    line). A lexer, not a parser: partial examples (``...``, comments) still give their fields."""
    tokens = [(m.group(0), m.start()) for m in _JSON_TOKEN.finditer(text)]
    values: list[Value] = []
    stack: list[str] = []  # the keys of the open containers ("" for an array or an unnamed object)
    line, pending = first, ""
    for index, (token, _) in enumerate(tokens):
        if token == "\n":
            line += 1
            continue
        following = next((t for t, _ in tokens[index + 1 :] if t != "\n"), "")
        if token.startswith('"') and following == ":":
            pending = token[1:-1]
        elif token in ("{", "["):
            stack.append(pending)
            pending = ""
        elif token in ("}", "]"):
            if stack:
                stack.pop()
        elif token == ":":
            continue
        else:
            key = pending or (stack[-1] if stack else "")
            if key:
                prefix = (
                    ".".join(k for k in stack[:-1] if k) if not pending else ".".join(k for k in stack if k)
                )
                dotted = f"{prefix}.{key}" if prefix else key
                values.append(Value(dotted, token, line, _json_kind(token)))
            pending = ""
    return values


def _json_kind(literal: str) -> str:
    if literal.startswith('"'):
        return "string"
    if literal in ("true", "false"):
        return "bool"
    return "null" if literal == "null" else "number"


def _form_values(text: str, first: int) -> list[Value]:
    values: list[Value] = []
    for offset, line in enumerate(text.splitlines()):
        stripped = line.strip()
        is_data = re.search(r"(?:^|\s)(?:-d|--data(?:-urlencode|-raw|-binary)?|-F|--form)\b", line)
        bare = re.fullmatch(
            r"[A-Za-z_][\w.\[\]\-]*=[^\s&]*(?:&[A-Za-z_][\w.\[\]\-]*=[^\s&]*)*\s*\\?", stripped
        )
        if not (is_data or bare):
            continue
        for match in _FORM.finditer(line):
            key = match.group(1)
            if key.lower() in ("content-type", "-x", "-h") or key.startswith("-"):
                continue
            values.append(Value(key, match.group(2), first + offset, "form"))
    return values


def _xml_values(text: str, first: int) -> list[Value]:
    values: list[Value] = []
    for offset, line in enumerate(text.splitlines()):
        for match in _XML_TEXT.finditer(line):
            name = match.group(1).split(":")[-1]
            values.append(Value(name, match.group(2).strip(), first + offset, "xml"))
        for match in _XML_TAG.finditer(line):
            element = match.group(1).split(":")[-1]
            for attr in _XML_ATTR.finditer(match.group(2)):
                values.append(Value(f"{element}.{attr.group(1)}", attr.group(2), first + offset, "xml-attr"))
    return values


def _requests(text: str, first: int) -> list[RequestLine]:
    found: list[RequestLine] = []
    lines = text.splitlines()
    joined: list[tuple[int, str]] = []
    buffer, start = "", 0
    for offset, line in enumerate(lines):
        if not buffer:
            start = offset
        buffer += " " + line.rstrip().rstrip("\\")
        if not line.rstrip().endswith("\\"):
            joined.append((start, buffer.strip()))
            buffer = ""
    if buffer:
        joined.append((start, buffer.strip()))
    for offset, line in joined:
        raw = _RAW_REQUEST.match(line)
        if raw:
            found.append(RequestLine(raw.group(1), raw.group(2), first + offset))
            continue
        if re.match(r"\s*(?:\$\s*)?curl\b", line):
            url = _CURL_URL.search(line)
            if url:
                method = _CURL_METHOD.search(line)
                posting = re.search(r"\s(?:-d|--data\S*|-F|--form)\b", line)
                verb = method.group(1).upper() if method else ("POST" if posting else "GET")
                found.append(RequestLine(verb, url.group(1), first + offset))
            continue
        for call in _SDK_CALL.finditer(line):
            if call.group(1):
                found.append(RequestLine(call.group(1).upper(), call.group(2), first + offset))
            else:
                method = _SDK_METHOD.search(text)
                found.append(
                    RequestLine(method.group(1).upper() if method else "GET", call.group(3), first + offset)
                )
    return found


def _format(block: Block, text: str) -> str:
    lang = block.lang
    body = text.strip()
    if lang in ("json", "json5", "jsonc") or re.search(r'[{\[]\s*"', body):
        return "json"
    if lang in ("xml", "soap", "html") or body.startswith("<") or re.search(r"<\?xml|</\w+>", body):
        return "xml"
    if re.search(r"[A-Za-z_]\w*=[^&\s]*&[A-Za-z_]", body) or re.search(r"\s(?:-d|--data\S*)\s", body):
        return "form"
    return "other"


def _preceding_text(doc: Document, block: Block) -> str:
    """The prose just above ``block`` in its section (the last paragraph or item before it)."""
    index = block.index
    for earlier in reversed(doc.blocks[max(0, index - 3) : index]):
        if earlier.section != block.section:
            break
        if earlier.kind in ("text", "item"):
            return plain(earlier.text)
        if earlier.kind == "code":
            continue
    return ""


def _role(doc: Document, block: Block, example: Example) -> str | None:
    first_line = block.text.lstrip().splitlines()[0] if block.text.strip() else ""
    response = _RAW_RESPONSE.match(first_line)
    if response:
        example.status_code = int(response.group(1))
    before = _preceding_text(doc, block)
    section = block.section.context()
    errorish = (
        re.search(r"(?i)\berrors?\b", section)
        or (example.status_code or 0) >= 400
        or (_ERROR_WORDS.search(before) and _RESPONSE_WORDS.search(before))
        or (
            example.format == "json"
            and set(example.top_keys) & {"error", "errors"}
            and len(example.top_keys) <= 3
        )
    )
    if errorish and not example.requests:
        return "error"
    if example.requests or _RAW_REQUEST.match(first_line) or re.match(r"\s*(?:\$\s*)?curl\b", first_line):
        return "request"
    if response:
        return "response"
    for text in (before, block.section.title):
        request, answer = bool(_REQUEST_WORDS.search(text)), bool(_RESPONSE_WORDS.search(text))
        if request != answer:
            return "request" if request else "response"
    return None


def read_example(doc: Document, block: Block) -> Example:
    """The request line, fields and role of code ``block``."""
    text = block.text
    example = Example(block, _format(block, text))
    example.requests = _requests(text, block.line)
    if example.format == "json":
        body_start = text.find("{") if "{" in text else text.find("[")
        prefix_lines = text[: max(body_start, 0)].count("\n")
        example.values = _json_values(text[max(body_start, 0) :], block.line + prefix_lines)
        if not example.values:
            example.values = _form_values(text, block.line)
    elif example.format == "xml":
        example.values = _xml_values(text, block.line)
    elif example.format == "form":
        example.values = _form_values(text, block.line)
    example.role = _role(doc, block, example)
    return example


def read_examples(doc: Document) -> list[Example]:
    """Every code block of ``doc``, read."""
    return [read_example(doc, b) for b in doc.blocks if b.kind == "code"]
