"""Facts read from a connector's API docs (``grace/references/<name>_doc.md``), each with its line.

Only what the doc states is recorded; mapping endpoints to flows is conservative and anything
unclear is left for the spec to list as an open question.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from scaffold.checkout import Checkout

DOC_DIR = Path("grace/references")
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")

_ENDPOINT = re.compile(
    r"\b(GET|POST|PUT|PATCH|DELETE)\b[^/\n]{0,40}?(?:[\s`'\"|(]|^)"
    r"((?:https?://[^\s/`'\"|)]+)?/[\w{}<>:.\-/~%]*)"
)
_URL = re.compile(r"https?://[\w.\-]+(?::\d+)?")
_FULL_URL = re.compile(r"https?://[\w.\-]+(?::\d+)?(?:/[\w.\-~%/{}:]*)?")
_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")
_AMOUNT_VALUE = re.compile(r"""["']?(\w*amount\w*)["']?\s*[:=]\s*("[^"]*"|'[^']*'|-?\d+(?:\.\d+)?)""", re.I)
_CURRENCY = re.compile(r"""["']?currency(?:_code)?["']?\s*[:=]\s*["']([A-Z]{3})["']""", re.I)
_STATUS = re.compile(r"""["']?(?:status|state)["']?\s*[:=]\s*["']([\w-]+)["']""", re.I)
_EVENT = re.compile(r"""["']?(?:type|event|event_type)["']?\s*[:=]\s*["']([a-z_]+[._][\w.]+)["']""", re.I)
_MINOR_PROSE = re.compile(
    r"(?i)minor units?|smallest (?:currency )?unit|in cents\b|in pence\b|lowest denomination"
)
_MAJOR_PROSE = re.compile(r"(?i)major units?|decimal (?:string|number|value)|with (?:two|2) decimal")
_WEBHOOK = re.compile(r"(?i)webhook|notification|callback")
_SIGNED = re.compile(r"(?i)\bhmac\b|request signature|sign(?:ed|s)? (?:each|every|the) request")
_STATUS_WORD = re.compile(r"(?i)\b(?:status(?:es)?|states?)\b")
_TICKED = re.compile(r"`([\w-]+)`")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+`?([\w-]+)`?")
_TABLE_ROW = re.compile(r"^\s*\|\s*`?([\w-]+)`?\s*\|")
_JSON_KEY = re.compile(r'"([\w-]+)"\s*:')
_HEADER_KEY = re.compile(r"(?i)\b((?:x-)?[\w-]*(?:api-?key|token|auth[\w-]*|secret)[\w-]*)\s*:\s*\S")


@dataclass(frozen=True)
class Fact:
    """One statement of the doc: what it says and the 1-based line it says it on."""

    text: str
    line: int
    section: str = ""  # the heading it sits under
    about: str = ""  # statuses: "payment" or "refund"; base URLs: "endpoint" when only a request's host


@dataclass(frozen=True)
class CodeBlock:
    """A fenced example (JSON or other): its content lines, the headings above it and what it shows."""

    start: int  # first content line (1-based)
    end: int  # last content line
    section: str
    text: str
    role: str | None  # "request", "response", "error" (under an errors heading) or None: not said
    endpoint: Endpoint | None  # the endpoint the doc names just above it, in the same section
    keys: tuple[str, ...]  # top-level keys of a JSON object, in order

    @property
    def lines(self) -> str:
        """``lines 12-18`` (or ``line 12``)."""
        return f"line {self.start}" if self.start == self.end else f"lines {self.start}-{self.end}"


@dataclass(frozen=True)
class Endpoint:
    """An HTTP endpoint named by the doc, with the flow it maps to (None: unclear)."""

    method: str
    path: str
    flow: str | None
    line: int
    section: str = ""


@dataclass(frozen=True)
class AuthFact:
    """A statement about authentication: ``Bearer``, ``Basic``, ``ApiKey`` or ``Signature``."""

    scheme: str
    detail: str  # e.g. the header name
    line: int
    text: str


@dataclass(frozen=True)
class AmountFact:
    """An amount in an example, or a sentence about the amount unit."""

    unit: str | None  # "Minor" or "Base" when the doc makes it plain
    representation: str | None  # "integer", "string" or "float" (examples only)
    line: int
    text: str


@dataclass
class ConnectorDoc:
    """Everything read from one doc file."""

    path: Path
    endpoints: list[Endpoint] = field(default_factory=list)
    auth: list[AuthFact] = field(default_factory=list)
    amounts: list[AmountFact] = field(default_factory=list)
    currencies: list[Fact] = field(default_factory=list)
    statuses: list[Fact] = field(default_factory=list)
    webhooks: list[Fact] = field(default_factory=list)
    events: list[Fact] = field(default_factory=list)
    errors: list[Fact] = field(default_factory=list)  # the body of the errors section, line by line
    base_urls: list[Fact] = field(default_factory=list)
    blocks: list[CodeBlock] = field(default_factory=list)


@dataclass(frozen=True)
class _Line:
    number: int
    text: str
    in_code: bool
    section: str
    path: tuple[str, ...] = ()  # the headings above the line, outermost first
    fence: bool = False  # the line opens or closes a fenced block


def find_doc(checkout: Checkout, name: str, doc_path: Path | None = None) -> Path | None:
    """``doc_path`` if given, else ``grace/references/<name>_doc.md`` when it exists."""
    if doc_path is not None:
        return doc_path
    default = checkout.path(DOC_DIR / f"{name}_doc.md")
    return default if default.is_file() else None


def _lines(text: str) -> Iterator[_Line]:
    in_code = False
    path: tuple[str, ...] = ()
    levels: tuple[int, ...] = ()
    for number, line in enumerate(text.splitlines(), start=1):
        section = path[-1] if path else ""
        if _FENCE.match(line):
            in_code = not in_code
            yield _Line(number, line, not in_code, section, path, fence=True)
            continue
        heading = None if in_code else _HEADING.match(line)
        if heading:
            level = len(heading.group(1))
            keep = len([lv for lv in levels if lv < level])
            path, levels = (*path[:keep], heading.group(2)), (*levels[:keep], level)
            section = heading.group(2)
        yield _Line(number, line, in_code, section, path)


# --- endpoints ------------------------------------------------------------------------------------


def _clean_path(raw: str) -> str:
    path = _URL.sub("", raw).rstrip(".,;:)`'\"") or "/"
    return path if path.startswith("/") else f"/{path}"


def _has_param(segment: str) -> bool:
    return bool(re.fullmatch(r"\{[^}]*\}|:\w+|<[^>]*>", segment))


def flow_for(method: str, path: str) -> str | None:
    """The flow an endpoint serves, judged from its method and path alone; None when unclear."""
    lower = path.lower()
    segments = [s for s in lower.split("/") if s]
    ends_with_id = bool(segments) and _has_param(segments[-1])
    checks: tuple[tuple[bool, str | None], ...] = (
        ("webhook" in lower, None),
        ("capture" in lower, "Capture" if method in ("POST", "PUT") else None),
        ("refund" in lower, {"POST": "Execute", "GET": "RSync"}.get(method)),
        (bool(re.search(r"void|cancel|revers", lower)), "Void" if method != "GET" else None),
        (bool(re.search(r"oauth|access[_-]?token|auth/token", lower)), "AccessTokenAuth"),
        ("session" in lower, "Session" if method == "POST" else None),
        (bool(re.search(r"mandate|setup", lower)), "SetupMandate" if method == "POST" else None),
        (
            bool(re.search(r"tokeni[sz]|/tokens?\b", lower)),
            "PaymentMethodToken" if method == "POST" else None,
        ),
    )
    for matched, flow in checks:
        if matched:
            return flow
    if re.search(r"payment|charge|transaction|order|authori[sz]", lower):
        if method == "POST" and not ends_with_id:
            return "Authorize"
        if method == "GET" and ends_with_id:
            return "PSync"
    return None


def _endpoints(line: _Line) -> Iterator[Endpoint]:
    for match in _ENDPOINT.finditer(line.text):
        path = _clean_path(match.group(2))
        if len(path) > 1 and re.search(r"[a-z]", path, re.I) and not path.endswith((".md", ".html")):
            yield Endpoint(match.group(1), path, flow_for(match.group(1), path), line.number, line.section)


# --- auth, amounts, the rest ----------------------------------------------------------------------


def _auth(line: _Line) -> Iterator[AuthFact]:
    text = line.text
    in_webhooks = bool(_WEBHOOK.search(line.section + text))
    if re.search(r"\bBearer\b", text):
        yield AuthFact("Bearer", "Authorization", line.number, text.strip())
    elif re.search(r"(?i)authorization:\s*basic|basic auth|\bcurl\b.*\s-u\s+\S+:", text):
        yield AuthFact("Basic", "Authorization", line.number, text.strip())
    elif (header := _HEADER_KEY.search(text)) and not in_webhooks and line.in_code:
        yield AuthFact("ApiKey", header.group(1), line.number, text.strip())
    elif re.search(r"(?i)api[ _-]?key", text) and re.search(r"(?i)header", text) and not in_webhooks:
        yield AuthFact("ApiKey", "", line.number, text.strip())
    elif not in_webhooks and _SIGNED.search(text):
        yield AuthFact("Signature", "", line.number, text.strip())


def _representation(value: str) -> tuple[str | None, str]:
    """(unit, representation) an example amount literal implies."""
    if value[0] in "\"'":
        inner = value[1:-1]
        if re.fullmatch(r"-?\d+", inner):
            return None, "string"
        return ("Base", "string") if re.fullmatch(r"-?\d+\.\d+", inner) else (None, "")
    return ("Base", "float") if "." in value else (None, "integer")


def _amounts(line: _Line) -> Iterator[AmountFact]:
    if line.in_code:
        for match in _AMOUNT_VALUE.finditer(line.text):
            unit, representation = _representation(match.group(2))
            if representation:
                yield AmountFact(unit, representation, line.number, match.group(0).strip())
    elif re.search(r"(?i)amount", line.text):
        if _MINOR_PROSE.search(line.text):
            yield AmountFact("Minor", None, line.number, line.text.strip())
        elif _MAJOR_PROSE.search(line.text):
            yield AmountFact("Base", None, line.number, line.text.strip())


def _other_facts(doc: ConnectorDoc, line: _Line) -> None:
    text, number, section = line.text, line.number, line.section
    doc.currencies += [Fact(m.group(1).upper(), number, section) for m in _CURRENCY.finditer(text)]
    if not line.in_code and (standard := re.search(r"ISO[ -]?4217|three-letter", text)):
        doc.currencies.append(Fact(f"{standard.group(0)} currency codes", number, section))
    kind = _status_kind(line.path)
    doc.statuses += [Fact(m.group(1), number, section, kind) for m in _STATUS.finditer(text)]
    doc.events += [Fact(m.group(1), number, section) for m in _EVENT.finditer(text)]
    is_heading = bool(_HEADING.match(text)) and not line.in_code
    if not line.in_code and not is_heading and text.strip() and _WEBHOOK.search(f"{text} {section}"):
        doc.webhooks.append(Fact(text.strip().lstrip("#").strip(), number, section))
    doc.base_urls += list(_base_urls(line))


def _base_urls(line: _Line) -> Iterator[Fact]:
    """Every URL on the line as the doc writes it (scheme, host, path); only the host of a request's URL
    (one after an HTTP method, or in an example)."""
    requests = [m.group(2) for m in _ENDPOINT.finditer(line.text) if m.group(2).startswith("http")]
    for match in _FULL_URL.finditer(line.text):
        url = match.group(0).rstrip(".,;:)`'\"")
        if line.in_code or any(r.startswith(url) or url.startswith(r.rstrip(".,;:)`'\"")) for r in requests):
            host = _URL.match(url)
            yield Fact(host.group(0) if host else url, line.number, line.section, "endpoint")
        else:
            yield Fact(url, line.number, line.section)


def _status_kind(*contexts: Iterable[str]) -> str:
    """``refund`` or ``payment``: the nearest of ``contexts`` (innermost last) that names either."""
    for text in reversed([t for group in contexts for t in group]):
        lower = text.lower()
        if "refund" in lower:
            return "refund"
        if re.search(r"payment|charge|transaction|order", lower):
            return "payment"
    return "payment"


def _in_errors(line: _Line) -> bool:
    return any(re.search(r"(?i)\berrors?\b", heading) for heading in line.path)


def _json_keys(text: str) -> tuple[str, ...]:
    """The keys of the JSON object ``text`` shows, nested ones dotted (``card.number``); only the
    top-level ones when it is not valid JSON (comments, ``...``, a curl line around it)."""
    try:
        value = json.loads(text)
    except ValueError:
        return _top_keys(text)
    if not isinstance(value, dict):
        return ()

    def walk(obj: dict[str, object], prefix: str) -> Iterator[str]:
        for key, inner in obj.items():
            yield f"{prefix}{key}"
            if isinstance(inner, dict) and not prefix:
                yield from walk(inner, f"{key}.")

    return tuple(walk(value, ""))


def _top_keys(text: str) -> tuple[str, ...]:
    opening = text.find("{")
    if opening < 0:
        return ()
    keys: list[str] = []
    depth, in_string, escaped = 0, False, False
    for index in range(opening, len(text)):
        char = text[index]
        if in_string:
            escaped = not escaped and char == "\\"
            in_string = escaped or char != '"'
            continue
        if char == '"':
            key = _JSON_KEY.match(text, index)
            if key and depth == 1 and key.group(1) not in keys:
                keys.append(key.group(1))
            in_string = True
        elif char in "{[":
            depth += 1
        elif char in "}]":
            depth -= 1
            if depth == 0:
                break
    return tuple(keys)


_REQUEST_WORDS = re.compile(r"(?i)\brequests?\b|\bsend\b|\bbody\b.*\bpost\b|\bcurl\b")
_RESPONSE_WORDS = re.compile(r"(?i)\brespon(?:se|ds)\b|\breturns?\b|\bresult\b")


def _role(*texts: str) -> str | None:
    """``request`` or ``response`` when the nearest text (first given) names exactly one."""
    for text in texts:
        request, response = bool(_REQUEST_WORDS.search(text)), bool(_RESPONSE_WORDS.search(text))
        if request != response:
            return "request" if request else "response"
    return None


@dataclass
class _Parser:
    """The state of one pass over the doc: the open block, the current section's endpoints, lists."""

    doc: ConnectorDoc
    section_key: tuple[str, ...] = ()
    section_endpoints: list[Endpoint] = field(default_factory=list)
    prose: list[str] = field(default_factory=list)  # non-blank prose lines of the section, in order
    block: list[_Line] = field(default_factory=list)
    block_open: _Line | None = None
    status_intro: str | None = None  # the line that opened a status list ("Payment statuses:")
    status_items: bool = False
    error_prose: list[Fact] = field(default_factory=list)
    error_headings: list[Fact] = field(default_factory=list)

    def feed(self, line: _Line, endpoints: list[Endpoint]) -> None:
        if line.path != self.section_key:
            self.section_key, self.section_endpoints, self.prose = line.path, [], []
            self.status_intro, self.status_items = None, False
        if line.fence:
            self._fence(line)
            return
        if line.in_code:
            self.block.append(line)
            self.section_endpoints += endpoints
            return
        self.section_endpoints += endpoints
        text = line.text.strip()
        if _HEADING.match(line.text):
            if re.search(r"(?i)\berrors?\b", line.section):
                self.error_headings.append(Fact(line.section, line.number, line.section))
            return
        self._statuses(line)
        if _in_errors(line) and _separator(text):  # the row above was the table's header
            if self.doc.errors and self.doc.errors[-1].line == line.number - 1:
                self.doc.errors.pop()
        elif _in_errors(line) and text:
            if _LIST_ITEM.match(line.text) or (_TABLE_ROW.match(line.text) and not _separator(text)):
                self.doc.errors.append(Fact(text, line.number, line.section))
            else:
                self.error_prose.append(Fact(text, line.number, line.section))
        if text:
            self.prose.append(text)

    def _fence(self, line: _Line) -> None:
        if self.block_open is None:
            self.block_open, self.block = line, []
            return
        opening, body = self.block_open, self.block
        self.block_open, self.block = None, []
        text = "\n".join(b.text for b in body)
        lang = opening.text.strip().lstrip("`~").strip().lower()
        keys = _json_keys(text)
        if not body or not (keys or lang == "json"):  # not a JSON example
            return
        in_block = [e for e in self.doc.endpoints if body[0].number <= e.line <= body[-1].number]
        distinct = {(e.method, e.path) for e in self.section_endpoints}
        endpoint = in_block[0] if in_block else (self.section_endpoints[-1] if len(distinct) == 1 else None)
        role = "request" if lang in ("bash", "sh", "shell", "curl") and "curl" in text else None
        role = "error" if _in_errors(opening) else role or _role(*self.prose[-1:], opening.section)
        found = CodeBlock(body[0].number, body[-1].number, opening.section, text, role, endpoint, keys)
        self.doc.blocks.append(found)
        if _in_errors(opening):
            shows = f"; keys: {', '.join(f'`{k}`' for k in found.keys)}" if found.keys else ""
            span = f" (to line {found.end})" if found.end != found.start else ""
            body_fact = Fact(f"example error body{span}{shows}", found.start, found.section)
            self.doc.errors.append(body_fact)

    def _statuses(self, line: _Line) -> None:
        text = line.text.strip()
        heading_lists = any(_STATUS_WORD.search(h) for h in line.path[-1:])
        item = _LIST_ITEM.match(line.text) or (_TABLE_ROW.match(line.text) if not _separator(text) else None)
        if item and (self.status_intro is not None or heading_lists):
            value = item.group(1)
            if not _STATUS_WORD.fullmatch(value) and value.lower() not in _HEADER_WORDS:
                kind = _status_kind(line.path, [self.status_intro or ""])
                self.doc.statuses.append(Fact(value, line.number, line.section, kind))
                self.status_items = True
            return
        if item or _separator(text):
            return
        if not text:
            if self.status_items:
                self.status_intro, self.status_items = None, False
            return
        self.status_intro, self.status_items = None, False
        found = _STATUS_WORD.search(text)
        if not found:
            return
        values = [v for v in _TICKED.findall(text[found.end() :]) if not _STATUS_WORD.fullmatch(v)]
        if len(values) >= 2:
            kind = _status_kind(line.path, [text])
            self.doc.statuses += [Fact(v, line.number, line.section, kind) for v in values]
        elif text.endswith(":"):
            self.status_intro = text

    def finish(self) -> None:
        if not self.doc.errors:  # no example or field list: the section's prose, else its heading
            self.doc.errors = self.error_prose[:3] or self.error_headings[:1]


_HEADER_WORDS = ("value", "name", "code", "meaning", "field", "description")


def _separator(text: str) -> bool:
    return bool(re.fullmatch(r"\|?[\s:|-]+\|?", text)) and "-" in text


def _unique(facts: list[Fact], key: Callable[[Fact], object] = lambda f: f.text) -> list[Fact]:
    seen: set[object] = set()
    return [f for f in facts if not (key(f) in seen or seen.add(key(f)))]  # type: ignore[func-returns-value]


def _own_base_urls(facts: list[Fact]) -> list[Fact]:
    """The base URLs the doc names, dropping a request's bare host when a named base URL has it."""
    named = {_URL.match(f.text).group(0) for f in facts if f.about != "endpoint" and _URL.match(f.text)}  # type: ignore[union-attr]
    return _unique([f for f in facts if f.about != "endpoint" or f.text not in named])


def parse_doc(text: str, path: Path) -> ConnectorDoc:
    """Every fact found in ``text`` (the doc at ``path``)."""
    doc = ConnectorDoc(path)
    parser = _Parser(doc)
    seen: set[tuple[str, str]] = set()
    for line in _lines(text):
        found = [] if line.fence else list(_endpoints(line))
        for endpoint in found:
            if (endpoint.method, endpoint.path) not in seen:
                seen.add((endpoint.method, endpoint.path))
                doc.endpoints.append(endpoint)
        parser.feed(line, found)
        if line.fence:
            continue
        doc.auth.extend(_auth(line))
        doc.amounts.extend(_amounts(line))
        _other_facts(doc, line)
    parser.finish()
    for name in ("currencies", "events"):
        setattr(doc, name, _unique(getattr(doc, name)))
    doc.statuses = _unique(doc.statuses, lambda f: (f.text.lower(), f.about))
    doc.base_urls = _own_base_urls(doc.base_urls)
    return doc


def read_doc(path: Path) -> ConnectorDoc:
    """Parse the doc file at ``path``."""
    return parse_doc(path.read_text(encoding="utf-8", errors="replace"), path)


# --- conclusions drawn from the facts -------------------------------------------------------------


@dataclass(frozen=True)
class AmountReading:
    """What the doc says about amounts, and whether the unit is only inferred from examples."""

    unit: str | None  # "Minor", "Base" or None
    representation: str | None  # "integer", "string", "float" or None
    inferred: bool  # unit taken from whole-number examples, not stated in prose
    evidence: tuple[AmountFact, ...]


def read_amounts(doc: ConnectorDoc) -> AmountReading:
    """Prose statements win over examples; whole-number examples suggest minor units."""
    stated = {a.unit for a in doc.amounts if a.representation is None and a.unit}
    shown = {a.representation for a in doc.amounts if a.representation}
    implied = {a.unit for a in doc.amounts if a.representation and a.unit}
    representation = shown.pop() if len(shown) == 1 else None
    if stated:
        unit = stated.pop() if len(stated) == 1 else None
        return AmountReading(unit, representation, False, tuple(doc.amounts))
    if implied:
        unit = implied.pop() if len(implied) == 1 and len(shown) <= 1 else None
        return AmountReading(unit, representation, False, tuple(doc.amounts))
    unit = "Minor" if representation in ("integer", "string") else None
    return AmountReading(unit, representation, unit is not None, tuple(doc.amounts))


def auth_scheme(doc: ConnectorDoc) -> str | None:
    """The one scheme the doc describes, None when it names none or several."""
    schemes = {a.scheme for a in doc.auth}
    return schemes.pop() if len(schemes) == 1 else None
