"""How requests authenticate: Bearer, Basic, a key in a named header or body field, or a signature.

Webhook sections are left out (a webhook's signature is not how requests authenticate). Prose in
an authentication section weighs most, then prose and tables elsewhere, then examples.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from scaffold.docs.markdown import plain
from scaffold.docs.model import AuthFact, Block, Document, Evidence, quote
from scaffold.docs.words import words

_AUTH_SECTION = re.compile(
    r"(?i)\b(?:auth\w*|security|credentials?|api[ -]?keys?|keys|signing|signatures?|access|headers?)\b"
)
_BEARER = re.compile(r"\bBearer\b|(?i:\bbearer tokens?\b)")
_BASIC = re.compile(
    r"(?i)\bbasic[ -]auth\w*|\bhttp basic\b|authorization:\s*basic\b|\bbasic\s+(?:<|base64|scheme|\$)|"
    r"\buse?r?name and (?:the )?password\b|\bas the (?:user ?name|login)\b|(?:^|\s)-u\s+['\"]?[\w$<>{}-]+:"
)
_SIGNATURE = re.compile(
    r"(?i)\bhmac\b|\brequest signatures?\b|"
    r"\bsign(?:ed|s|ing)? (?:each|every|all|the|your)? ?(?:api )?requests?\b|"
    r"\bsignatures? (?:header|of the request|over the)\b|\bsigned requests?\b|"
    r"\bsigning (?:key|secret|string)\b|\bmessage signature\b|\bdigital signature\b"
)
_KEY_WORDS = re.compile(
    r"(?i)(?<![a-z])(?:api[ _-]?keys?|keys?|tokens?|secrets?|credentials?|passwords?|access[ _-]?codes?)"
    r"(?![a-z])"
)
_HEADER = re.compile(
    r"(?<![\w-])((?:X-)?[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)+|Authorization|apikey|api_key)(?=\s*:|\s+header|`)",
    re.I,
)
_HEADER_LINE = re.compile(r"(?i)(?:-H\s*['\"]|^\s*)((?:x-)?[a-z][\w-]*)\s*:\s*(\S+)(?:\s+(\S+))?")
_BODY_FIELD = re.compile(
    r"(?i)\b(?:in|inside|as part of|to) (?:the |every |each )?(?:request )?"
    r"(?:body|payload|form|post data|xml)\b|\bbody (?:fields?|parameters?)\b|\bquery (?:string|parameters?)\b"
)
_ABOUT_WEBHOOKS = re.compile(r"(?i)webhook|notification|callback|\bevents?\b|postback|ipn\b")
_NOT_AUTH_HEADER = re.compile(
    r"(?i)^(?:content-type|accept|idempotency-key|user-agent|content-length|host|x-request-id|x-correlation-id|x-idempotency-key|date|cache-control)$"
)


def _auth_context(block: Block) -> bool:
    return bool(_AUTH_SECTION.search(block.section.context()))


def _webhook_context(block: Block) -> bool:
    return bool(words("webhooks", "context").search(block.section.context()))


def _header_in(text: str, codes: tuple[str, ...] = ()) -> str:
    for code in codes:
        name = code.split(":")[0].strip()
        named = re.fullmatch(r"(?:X-)?[A-Za-z]\w*(?:-\w+)+|Authorization|api[_-]?key", name, re.I)
        if named and not _NOT_AUTH_HEADER.match(name):
            return name
    for match in _HEADER.finditer(text):
        if not _NOT_AUTH_HEADER.match(match.group(1)):
            return match.group(1)
    return ""


def _from_text(text: str, codes: tuple[str, ...], strength: int, evidence: Evidence) -> Iterator[AuthFact]:
    if _SIGNATURE.search(text) and not _ABOUT_WEBHOOKS.search(text):
        header = _header_in(text, codes)
        yield AuthFact(
            "Signature", header if re.search(r"(?i)sign|auth|hmac", header) else "", strength, evidence
        )
    if _BEARER.search(text) and not re.search(r"(?i)\bnot\b[^.]{0,20}\bbearer\b", text):
        yield AuthFact("Bearer", "Authorization", strength, evidence)
    elif _BASIC.search(text):
        yield AuthFact("Basic", "Authorization", strength, evidence)
    elif _KEY_WORDS.search(text):
        header = _header_in(text, codes)
        raw_authorization = re.search(
            r"(?i)authorization\W{1,4}(?:header\W+)?(?:set to |containing |with )?(?:your |the )?"
            r"(?:api[ _-]?key|secret|key)\b",
            text,
        )
        if header and header.lower() != "authorization":
            yield AuthFact("ApiKey", header, strength, evidence)
        elif header and re.search(r"(?i)access[ _-]?token|oauth", text):
            yield AuthFact("Bearer", "Authorization", strength, evidence)
        elif raw_authorization or header:  # the key itself in Authorization, with no scheme
            yield AuthFact("ApiKey", "Authorization", strength, evidence)
        elif _BODY_FIELD.search(text) and codes:
            yield AuthFact("ApiKey", codes[0], strength, evidence)


def _prose(doc: Document) -> Iterator[AuthFact]:
    for block in doc.blocks:
        if block.kind not in ("text", "item", "table") or _webhook_context(block):
            continue
        strength = 3 if _auth_context(block) else 2
        if block.kind == "table":
            for row in block.rows:
                text = plain(" | ".join(row.cells))
                codes = tuple(c for cell in row.cells for c in re.findall(r"`([^`]+)`", cell)) or (
                    plain(row.cells[0]),
                )
                yield from _from_text(text, codes, strength, doc.evidence(row.line))
            continue
        for raw in re.split(r"(?<=[.!?])\s+(?=[A-Z`*(])", block.text):
            sentence = plain(raw)
            codes = tuple(re.findall(r"`([^`]+)`", raw))
            line = doc.line_with(block, raw[:25])
            yield from _from_text(sentence, codes, strength, doc.evidence(line))


def _examples(doc: Document) -> Iterator[AuthFact]:
    for block in doc.blocks:
        if block.kind != "code" or _webhook_context(block):
            continue
        for offset, line in enumerate(block.text.splitlines()):
            number = block.line + offset
            evidence = Evidence(doc.where(number), quote(line.strip()))
            if re.search(r"(?i)authorization:\s*bearer\b", line):
                yield AuthFact("Bearer", "Authorization", 1, evidence)
            elif re.search(r"(?i)authorization:\s*basic\b", line) or re.search(
                r"(?:^|\s)(?:-u|--user)\s+\S+:", line
            ):
                yield AuthFact("Basic", "Authorization", 1, evidence)
            elif re.search(r"(?i)authorization:\s*(?:hmac|signature)\b", line):
                yield AuthFact("Signature", "Authorization", 1, evidence)
            else:
                match = _HEADER_LINE.search(line)
                if (
                    match
                    and re.search(r"(?i)key|token|secret|auth", match.group(1))
                    and not _NOT_AUTH_HEADER.match(match.group(1))
                ):
                    scheme = "Signature" if re.search(r"(?i)sign", match.group(1)) else "ApiKey"
                    yield AuthFact(scheme, match.group(1), 1, evidence)


def read_auth_facts(doc: Document) -> list[AuthFact]:
    """Every statement and example header about request authentication."""
    return [*_prose(doc), *_examples(doc)]


@dataclass
class AuthReading:
    """The scheme the facts add up to (None: none, or several equally plain), and its header."""

    scheme: str | None
    header: str | None
    facts: list[AuthFact] = field(default_factory=list)
    candidates: list[str] = field(default_factory=list)  # when ambiguous


def conclude(facts: list[AuthFact], access_token: bool = False) -> AuthReading:
    """Signing stated in prose wins (a signed request also carries its key); else the one scheme of the
    strongest level; a Bearer token obtained from an access-token endpoint wins over that endpoint's
    own credentials."""
    reading = AuthReading(None, None, facts)
    if not facts:
        return reading
    signed = [f for f in facts if f.scheme == "Signature" and f.strength >= 2]
    if signed:
        return _chosen(reading, "Signature", facts)
    for level in (3, 2, 1):
        schemes = Counter(f.scheme for f in facts if f.strength == level)
        if not schemes:
            continue
        if len(schemes) == 1:
            return _chosen(reading, next(iter(schemes)), facts)
        if access_token and "Bearer" in schemes:
            return _chosen(reading, "Bearer", facts)
        reading.candidates = sorted(schemes)
        return reading
    return reading


def _chosen(reading: AuthReading, scheme: str, facts: list[AuthFact]) -> AuthReading:
    reading.scheme = scheme
    named = [f.header for f in sorted(facts, key=lambda f: -f.strength) if f.scheme == scheme and f.header]
    if scheme == "Signature" and not named:
        named = [f.header for f in facts if f.header and f.scheme == "ApiKey"]
    reading.header = named[0] if named else ("Authorization" if scheme in ("Bearer", "Basic") else None)
    return reading
