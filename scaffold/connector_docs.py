"""Facts read from a connector's API docs (``grace/references/<name>_doc.md``), each with its line.

Only what the doc states is recorded; mapping endpoints to flows is conservative and anything
unclear is left for the spec to list as an open question.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
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
_HEADER_KEY = re.compile(r"(?i)\b((?:x-)?[\w-]*(?:api-?key|token|auth[\w-]*|secret)[\w-]*)\s*:\s*\S")


@dataclass(frozen=True)
class Fact:
    """One statement of the doc: what it says and the 1-based line it says it on."""

    text: str
    line: int
    section: str = ""  # the heading it sits under


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
    errors: list[Fact] = field(default_factory=list)
    base_urls: list[Fact] = field(default_factory=list)


@dataclass(frozen=True)
class _Line:
    number: int
    text: str
    in_code: bool
    section: str


def find_doc(checkout: Checkout, name: str, doc_path: Path | None = None) -> Path | None:
    """``doc_path`` if given, else ``grace/references/<name>_doc.md`` when it exists."""
    if doc_path is not None:
        return doc_path
    default = checkout.path(DOC_DIR / f"{name}_doc.md")
    return default if default.is_file() else None


def _lines(text: str) -> Iterator[_Line]:
    in_code, section = False, ""
    for number, line in enumerate(text.splitlines(), start=1):
        if _FENCE.match(line):
            in_code = not in_code
            continue
        heading = None if in_code else _HEADING.match(line)
        if heading:
            section = heading.group(2)
        yield _Line(number, line, in_code, section)


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
    doc.statuses += [Fact(m.group(1), number, section) for m in _STATUS.finditer(text)]
    doc.events += [Fact(m.group(1), number, section) for m in _EVENT.finditer(text)]
    is_heading = bool(_HEADING.match(text)) and not line.in_code
    if not line.in_code and not is_heading and text.strip() and _WEBHOOK.search(f"{text} {section}"):
        doc.webhooks.append(Fact(text.strip().lstrip("#").strip(), number, section))
    if is_heading and re.search(r"(?i)error", text):
        doc.errors.append(Fact(section, number, section))
    doc.base_urls += [Fact(u, number, section) for u in _URL.findall(text)]


def _unique(facts: list[Fact]) -> list[Fact]:
    seen: set[str] = set()
    return [f for f in facts if not (f.text in seen or seen.add(f.text))]  # type: ignore[func-returns-value]


def parse_doc(text: str, path: Path) -> ConnectorDoc:
    """Every fact found in ``text`` (the doc at ``path``)."""
    doc = ConnectorDoc(path)
    seen: set[tuple[str, str]] = set()
    for line in _lines(text):
        for endpoint in _endpoints(line):
            if (endpoint.method, endpoint.path) not in seen:
                seen.add((endpoint.method, endpoint.path))
                doc.endpoints.append(endpoint)
        doc.auth.extend(_auth(line))
        doc.amounts.extend(_amounts(line))
        _other_facts(doc, line)
    for name in ("currencies", "statuses", "events", "base_urls"):
        setattr(doc, name, _unique(getattr(doc, name)))
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
