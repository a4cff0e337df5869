"""Operations the doc documents (method + path template), the flows each serves, and the flows the
doc says the API does not support.

An operation is documented by prose, a table row or a heading naming a method and a path.
Examples never create one (unless the doc documents none at all: then a request line in an
example under an operation's heading stands for it); they attach their section's flow to the
operation they target, which is how one shared endpoint gets every flow.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

from scaffold.docs import flows
from scaffold.docs.examples import Example
from scaffold.docs.markdown import plain
from scaffold.docs.model import (
    Block,
    Document,
    Endpoint,
    Evidence,
    Section,
    Unsupported,
    normalise_placeholders,
    quote,
)
from scaffold.docs.urls import (
    URL,
    BaseUrl,
    api_host,
    clean_url,
    domain_of,
    has_concrete_id,
    host_of,
    relative_path,
    template,
)
from scaffold.docs.words import FLOWS, unsupported_patterns, words

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
_FILLER = (
    r"(?:[\s`*:(\[]|\b(?i:a|an|the|request|requests|call|to|on|at|with|endpoint|method|verb|url|uri|path)\b)*"
)
_PATH = r"(?:https?://[\w.\-]+(?::\d+)?)?/[\w{}<>:.\-/~%\[\]$]*(?:\?[^\s`'\"|)]*)?|https?://[\w.\-]+(?::\d+)?"
MENTION = re.compile(rf"(?<![\w-])(GET|POST|PUT|PATCH|DELETE)\b{_FILLER}({_PATH})")
_DEPRECATED = re.compile(
    r"(?i)\b(?:deprecated|legacy|sunset|sunsetting|obsolete|no longer (?:supported|maintained)|"
    r"will be (?:removed|retired|switched off)|old(?:er)? (?:api|version)|previous (?:api|version))\b"
)
_VERSION_DEPRECATED = re.compile(
    r"(?i)\b(?:api )?(v\d+)\b[^.]{0,60}?\b(?:is|are|has been|was)\b[^.]{0,20}?"
    r"\b(?:deprecated|legacy|sunset|retired)"
)
_DISCRIMINATOR = re.compile(
    r"(?i)^(?:payment_?type|transaction_?type|txn_?type|trx_?type|tran_?type|type|action|operation|op|"
    r"intent|command|request_?type|operation_?type|transaction_?code|trans_?type|mode)$"
)
_NOT_PATH = re.compile(r"(?i)\.(?:md|html?|png|jpe?g|svg|gif|css|js|pdf|zip)$|^/+$|^//")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z`*(\"'\[])")


@dataclass
class _Mention:
    method: str
    path: str  # templated
    line: int
    block: Block
    clause: str  # plain text around it that describes it
    description: str = ""  # the paragraph after a bare mention
    deprecated: bool = False
    label: str = ""  # "Query URL": how the doc names an operation given by its URL alone


# --- finding mentions ---------------------------------------------------------------------------------


def _path_of(raw: str, bases: list[BaseUrl]) -> str | None:
    """The path template a mention's path or URL stands for; None for a decoy URL."""
    if raw.startswith("http"):
        host = host_of(raw)
        known = {domain_of(host_of(b.url)) for b in bases}
        if not api_host(host) or (known and domain_of(host) not in known):
            return None
        raw = relative_path(raw.split("?")[0], bases)
    path = template(raw)
    if _NOT_PATH.search(path) or (not re.search(r"[A-Za-z]", path) and path != "/"):
        return None
    return path


def _sentences(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for match in _SENTENCE.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return spans


def _prose_mentions(doc: Document, block: Block, bases: list[BaseUrl]) -> Iterator[_Mention]:
    text = block.text
    matches = list(MENTION.finditer(text))
    for index, match in enumerate(matches):
        path = _path_of(match.group(2), bases)
        if path is None:
            continue
        start, end = next(((s, e) for s, e in _sentences(text) if s <= match.start() < e + 1), (0, len(text)))
        left = max(start, matches[index - 1].end() if index else start)
        right = min(end, matches[index + 1].start() if index + 1 < len(matches) else end)
        clause = plain(text[left : match.start()] + " " + text[match.end() : right])
        line = doc.line_with(block, match.group(2))
        deprecated = bool(_DEPRECATED.search(clause))
        yield _Mention(match.group(1), path, line, block, clause, deprecated=deprecated)


def _column(header: tuple[str, ...], pattern: str) -> int | None:
    return next((i for i, h in enumerate(header) if re.search(pattern, h, re.I)), None)


def _table_mentions(doc: Document, block: Block, bases: list[BaseUrl]) -> Iterator[_Mention]:
    method_col = _column(block.header, r"\b(?:method|verb|http)\b")
    path_col = _column(block.header, r"\b(?:path|endpoint|url|uri|resource|route)s?\b")
    for row in block.rows:
        cells = list(row.cells)
        if method_col is not None and path_col is not None and max(method_col, path_col) < len(cells):
            method = plain(cells[method_col]).upper()
            raw = plain(cells[path_col]).split()[0] if plain(cells[path_col]) else ""
            found = [(method, raw)] if method in METHODS and raw else []
            rest = [c for i, c in enumerate(cells) if i not in (method_col, path_col)]
        else:
            found, rest = [], []
            for index, cell in enumerate(cells):
                hits = list(MENTION.finditer(cell))
                if hits:
                    found += [(m.group(1), m.group(2)) for m in hits]
                    rest = [c for i, c in enumerate(cells) if i != index]
        for method, raw in found:
            path = _path_of(raw, bases)
            if path is None:
                continue
            clause = plain(" ".join(rest))
            deprecated = bool(_DEPRECATED.search(clause))
            yield _Mention(method, path, row.line, block, clause, deprecated=deprecated)


_LABEL = re.compile(r"(?i)\b(?:url|uri|endpoint)\s*[:=]?\s*[`*\[]*$")
_NOT_LABEL = re.compile(
    r"(?i)\b(?:base|host|root|prefix|return|redirect|callback|webhook|notification|success|cancel)"
)
_SCRIPT = re.compile(r"(?i)\.(?:php|do|jsp|aspx?|asmx|cgi|dll|svc)$")


_LEADING_METHOD = re.compile(r"^\W*(GET|POST|PUT|PATCH|DELETE)\b\W*")


def _path_heading(doc: Document, block: Block, bases: list[BaseUrl]) -> Iterator[_Mention]:
    """``## /payments/{id}/captures`` over "**POST** — Capture an authorised payment."."""
    title = plain(block.text).strip()
    if not title.startswith("/") or " " in title:
        return
    for later in doc.blocks[block.index + 1 : block.index + 3]:
        if later.kind not in ("text", "item"):
            continue
        method = _LEADING_METHOD.match(plain(later.text))
        path = _path_of(title, bases)
        if method and path:
            clause = plain(later.text)[method.end() :]
            yield _Mention(method.group(1), path, block.line, block, clause)
        return


_SIGNATURE = re.compile(r"^\s*(GET|POST|PUT|PATCH|DELETE)\s+(\S+)\s*$")


def _signature_mention(doc: Document, block: Block, bases: list[BaseUrl]) -> Iterator[_Mention]:
    """A code block that is nothing but ``POST /v1/payments/{id}/capture``: the operation's
    signature under its heading, not an example (an example has a body, headers or concrete ids)."""
    match = _SIGNATURE.match(block.text.strip())
    if not match or "\n" in block.text.strip() or has_concrete_id(match.group(2)):
        return
    path = _path_of(match.group(2), bases) if match.group(2).startswith(("/", "http")) else None
    if path:
        yield _Mention(match.group(1), path, block.line, block, "")


def _labelled_mentions(doc: Document, block: Block, bases: list[BaseUrl], posts: bool) -> Iterator[_Mention]:
    """``Transaction URL: https://host/api/transact.php``: an operation named by its URL alone (its
    method POST when the doc says requests are posted, GET when the label says so)."""
    text = block.text
    for match in URL.finditer(text):
        start = max(text.rfind("\n", 0, match.start()), text.rfind(". ", 0, match.start()), -1) + 1
        label = plain(text[start : match.start()])
        path = urlsplit(clean_url(match.group(0))).path
        if not _LABEL.search(label) or _NOT_LABEL.search(label) or len(label) > 60:
            continue
        if not path.strip("/") or not (
            _SCRIPT.search(path) or re.search(r"(?i)transaction|query|payment|order", label)
        ):
            continue
        method = "GET" if re.search(r"\bGET\b", label) else "POST" if posts else None
        templated = _path_of(clean_url(match.group(0)), bases)
        if method and templated:
            yield _Mention(method, templated, doc.line_with(block, match.group(0)), block, label, label=label)


def _mentions(doc: Document, bases: list[BaseUrl]) -> list[_Mention]:
    found: list[_Mention] = []
    posts = any(
        re.search(r"(?i)\bpost(?:s|ed|ing)?\b", b.text) for b in doc.blocks if b.kind in ("text", "item")
    )
    for block in doc.blocks:
        if block.kind in ("text", "item", "heading"):
            mentioned = list(_prose_mentions(doc, block, bases))
            if not mentioned and block.kind == "heading":
                mentioned = list(_path_heading(doc, block, bases))
            found += mentioned or list(_labelled_mentions(doc, block, bases, posts))
        elif block.kind == "table":
            found += _table_mentions(doc, block, bases)
        elif block.kind == "code":
            found += _signature_mention(doc, block, bases)
    for mention in found:
        if mention.block.kind != "table" and not flows.classify(mention.clause, mention.method, True).decided:
            mention.description = _description(doc, mention.block)
    return found


def _description(doc: Document, block: Block) -> str:
    """The prose right after ``block`` in its section (what a bare ``POST /x`` line does)."""
    index = block.index
    for later in doc.blocks[index + 1 : index + 4]:
        if later.section != block.section or later.kind == "heading":
            break
        if later.kind in ("text", "item") and not MENTION.search(later.text):
            return plain(later.text)
    return ""


# --- flows of a mention ---------------------------------------------------------------------------------


def _section_flags(doc: Document) -> dict[Section, tuple[bool, bool]]:
    """Per section: (deprecated, about webhooks), from its headings and its first paragraph."""
    flags: dict[Section, tuple[bool, bool]] = {}
    first_text: dict[Section, str] = {}
    for block in doc.blocks:
        if block.kind == "text" and block.section not in first_text:
            first_text[block.section] = plain(block.text)
    for block in doc.blocks:
        section = block.section
        if section in flags:
            continue
        headings = " / ".join(section.path)
        intro = first_text.get(section, "")
        said = bool(_DEPRECATED.search(intro)) and len(intro) < 400 and not _VERSION_DEPRECATED.search(intro)
        deprecated = bool(_DEPRECATED.search(headings)) or said  # "API v1 is deprecated": that version only
        webhook = bool(words("webhooks", "context").search(section.title)) and not re.search(
            r"(?i)\b(?:payments?|refunds?|captures?)\b", section.title
        )
        flags[section] = (deprecated, webhook)
    # a deprecated section's subsections are deprecated too
    marked = {s.path for s, (d, _) in flags.items() if d}
    return {s: (d or any(s.path[: len(p)] == p for p in marked), w) for s, (d, w) in flags.items()}


def _headings(section: Section) -> list[str]:
    return list(reversed(section.path))


def _reading(mention: _Mention) -> tuple[flows.Reading, str]:
    """The flows of ``mention`` and the text that decided them."""
    trailing = bool(re.search(r"\{[^}]*\}$", mention.path))
    sources: list[tuple[flows.Reading, str]] = [
        (flows.classify(mention.clause, mention.method, trailing), "clause"),
        (flows.classify(mention.description, mention.method, trailing), "description"),
        (flows.classify_path(mention.method, mention.path), "path"),
    ]
    for title in _headings(mention.block.section):
        sources.append((flows.classify(title, mention.method, trailing), "heading"))
    for reading, source in sources:
        if reading.strength == "verb":
            return reading, source
    for reading, source in sources:
        if reading.decided:
            return reading, source
    return flows.UNDECIDED, ""


# --- discriminators ------------------------------------------------------------------------------------


def _value_flows(description: str) -> tuple[str, ...]:
    """The flows a discriminator value's description names ("capture", "reversal", "refund")."""
    for method in ("POST",):
        reading = flows.classify(description, method, False)
        if reading.strength == "verb" and reading.flows:
            return reading.flows
        reading = flows.classify(description, method, True)
        if reading.strength == "verb" and reading.flows:
            return reading.flows
    return ()


_VALUE_ITEM = re.compile(r"`([^`]{1,40})`\s*(?:\(([^)]{2,80})\)|[-\u2013\u2014:=]\s*([^,;`]{2,80}))")


def _discriminator_values(
    doc: Document, rows: dict[Section, int]
) -> dict[Section, dict[str, tuple[str, ...]]]:
    """Per section: the discriminator field's values and the flows each names (``rows``: the line of
    the field's row, per section)."""
    found: dict[Section, dict[str, tuple[str, ...]]] = {}
    for block in doc.blocks:
        if block.kind != "table":
            continue
        name_col = _column(
            block.header, r"\b(?:field|parameter|param|name|attribute|property|key|variable|element)s?\b"
        )
        if name_col is None:
            continue
        for row in block.rows:
            if name_col >= len(row.cells):
                continue
            field_name = plain(row.cells[name_col]).split()[0] if plain(row.cells[name_col]) else ""
            if not _DISCRIMINATOR.match(field_name.split(".")[-1]):
                continue
            description = " ".join(c for i, c in enumerate(row.cells) if i != name_col)
            values = {
                m.group(1): _value_flows(m.group(2) or m.group(3) or m.group(1))
                for m in _VALUE_ITEM.finditer(description)
            }
            values = {v: f for v, f in values.items() if f}
            if values:
                found.setdefault(block.section, {}).update(values)
                rows.setdefault(block.section, row.line)
    return found


# --- putting it together -----------------------------------------------------------------------------


def _merge(
    endpoints: dict[tuple[str, str], Endpoint],
    mention: _Mention,
    doc: Document,
    flows_: tuple[str, ...],
    evidence: list[Evidence],
    deprecated: bool,
) -> Endpoint:
    probe = Endpoint(mention.method, mention.path, doc.where(mention.line), mention.block.section.title)
    endpoint = endpoints.setdefault(probe.key(), probe)
    if mention.block.section.title not in endpoint.sections:
        endpoint.sections.append(mention.block.section.title)
    for flow in flows_:
        if flow not in endpoint.flows:
            endpoint.flows.append(flow)
    for item in evidence:
        if len(endpoint.evidence) < 4 and item.where.line not in {e.where.line for e in endpoint.evidence}:
            endpoint.evidence.append(item)
    endpoint.deprecated = endpoint.deprecated or deprecated
    return endpoint


def _version_deprecations(doc: Document) -> set[str]:
    found = set()
    for block in doc.blocks:
        if block.kind in ("text", "item", "heading"):
            for match in _VERSION_DEPRECATED.finditer(plain(block.text)):
                found.add(match.group(1).lower())
    return found


def read_endpoints(doc: Document, bases: list[BaseUrl], examples: list[Example]) -> list[Endpoint]:
    """Every operation the doc documents, with its flows (deprecated and webhook ones get none)."""
    flags = _section_flags(doc)
    rows: dict[Section, int] = {}
    discriminators = _discriminator_values(doc, rows)
    endpoints: dict[tuple[str, str], Endpoint] = {}
    labels: dict[tuple[str, str], str] = {}
    mentions = _mentions(doc, bases)
    section_paths: dict[Section, set[str]] = {}
    for mention in mentions:
        section_paths.setdefault(mention.block.section, set()).add(mention.path)
    for mention in mentions:
        deprecated, webhook = flags.get(mention.block.section, (False, False))
        deprecated = deprecated or mention.deprecated
        reading, source = _reading(mention)
        found = () if deprecated or webhook else reading.flows
        if found == ("PSync",) and mention.method == "GET" and flows.BOTH.search(plain(mention.block.text)):
            found = ("PSync", "RSync")  # "use it for payments and for refunds alike", later in the paragraph
        described = reading.strength == "verb" and source in ("clause", "description")
        evidence = [doc.evidence(mention.line)]
        if not described and not deprecated:  # what the body's discriminator field says it does
            extra = _discriminated(mention, discriminators, section_paths[mention.block.section])
            found = found + tuple(f for f in extra if f not in found)
            if extra:
                evidence += [
                    doc.evidence(line) for s, line in rows.items() if _related(s, mention.block.section)
                ]
        if source == "heading":
            evidence.append(doc.evidence(mention.block.section.line))
        endpoint = _merge(endpoints, mention, doc, found, evidence, deprecated)
        if reading.strength == "noun":
            endpoint.guessed.extend(f for f in reading.flows if f not in endpoint.guessed)
        if mention.label:
            labels[endpoint.key()] = mention.label
        if reading.strength == "verb" and source in ("clause", "description"):
            endpoint.stated_flows.extend(f for f in found if f not in endpoint.stated_flows)
    result = list(endpoints.values())
    old_versions = _version_deprecations(doc)
    versions = {e.path.strip("/").split("/")[0].lower() for e in result}
    for endpoint in result:
        first = endpoint.path.strip("/").split("/")[0].lower()
        if first in old_versions and versions - old_versions:
            endpoint.deprecated = True
        if endpoint.deprecated:
            endpoint.flows = []
    _drop_guesses(result)
    _prefer_dedicated(result)
    _attach_operation_sections(doc, result, examples, flags, bases)
    _attach_labelled(doc, result, labels, flags)
    for endpoint in result:
        endpoint.flows = [f for f in FLOWS if f in endpoint.flows]
    return result


def _prefer_dedicated(found: list[Endpoint]) -> None:
    """An endpoint said to do several things ("refund or cancel a payment") gives each of them up
    where another endpoint does only that one."""
    dedicated = {e.flows[0] for e in found if len(e.flows) == 1 and not e.deprecated}
    for endpoint in found:
        if len(endpoint.flows) > 1 and set(endpoint.flows) <= dedicated:
            endpoint.flows = []


def _drop_guesses(found: list[Endpoint]) -> None:
    """A flow read only from a noun ("Payments", ``/orders``) gives way where another endpoint is
    described as doing it."""
    for endpoint in found:
        for flow in list(endpoint.flows):
            described = [e for e in found if e is not endpoint and flow in e.flows and flow not in e.guessed]
            if flow in endpoint.guessed and flow not in endpoint.stated_flows and described:
                endpoint.flows.remove(flow)


def _related(one: Section, other: Section) -> bool:
    """Whether one section holds the other (or is it)."""
    return one.path[: len(other.path)] == other.path or other.path[: len(one.path)] == one.path


def _discriminated(
    mention: _Mention, discriminators: dict[Section, dict[str, tuple[str, ...]]], paths_in_section: set[str]
) -> tuple[str, ...]:
    section = mention.block.section
    values: dict[str, tuple[str, ...]] = {}
    for other, found in discriminators.items():
        if _related(other, section):
            values.update(found)
    trailing = bool(re.search(r"\{[^}]*\}$", mention.path))
    siblings = {bool(re.search(r"\{[^}]*\}$", p)) for p in paths_in_section}
    split = len(siblings) > 1  # a create endpoint and a by-id one: creating goes to the first only
    result: list[str] = []
    for flow_list in values.values():
        for flow in flow_list:
            if flow in result or (split and (flow == "Authorize") == trailing):
                continue
            result.append(flow)
    return tuple(result)


def _example_targets(example: Example, endpoints: list[Endpoint], bases: list[BaseUrl]) -> list[Endpoint]:
    found = []
    for request in example.requests:
        path = _path_of(request.target, bases) if request.target.startswith(("http", "/")) else None
        if path is None:
            continue
        key = (request.method, normalise_placeholders(path))
        found += [e for e in endpoints if e.key() == key or _same_shape(e, request.method, path)]
    return found


def _same_shape(endpoint: Endpoint, method: str, path: str) -> bool:
    """``/v1/payments/{id}`` matches an example's ``/v1/payments/pay_123`` (already templated)."""
    if endpoint.method != method:
        return False
    mine = [s for s in endpoint.path.strip("/").split("/")]
    theirs = [s for s in path.strip("/").split("/")]
    if len(mine) != len(theirs):
        return False
    return all(a == b or a.startswith("{") or b.startswith("{") for a, b in zip(mine, theirs, strict=True))


def _attach_operation_sections(
    doc: Document,
    endpoints: list[Endpoint],
    examples: list[Example],
    flags: dict[Section, tuple[bool, bool]],
    bases: list[BaseUrl],
) -> None:
    """A section named for a flow, with a request example and no endpoint of its own, serves that flow
    on the endpoint its example targets (or the doc's only endpoint)."""
    live = [e for e in endpoints if not e.deprecated]
    with_mentions = {s for e in endpoints for s in e.sections}
    intros = _section_intros(doc)
    for example in examples:
        section = example.block.section
        if example.role == "error" or section.title in with_mentions:
            continue
        if flags.get(section, (False, False)) != (False, False):
            continue
        targets = _example_targets(example, live, bases) or (live if len(live) == 1 else [])
        for target in targets:
            trailing = bool(re.search(r"\{[^}]*\}$", target.path))
            found: list[str] = []
            for text in (section.title, intros.get(section, "")):
                reading = flows.classify(text, target.method, trailing)
                if reading.strength == "verb":
                    found += reading.flows
            for flow in found:
                if flow not in target.flows:
                    target.flows.append(flow)
                    target.evidence.append(doc.evidence(section.line))


def _attach_labelled(
    doc: Document,
    found: list[Endpoint],
    labels: dict[tuple[str, str], str],
    flags: dict[Section, tuple[bool, bool]],
) -> None:
    """A section whose first paragraph names an operation by its label ("post it to the query URL")
    adds the flows its heading and that paragraph describe."""
    intros = _section_intros(doc)
    for endpoint in found:
        label = labels.get(endpoint.key(), "").lower().rstrip(": `*")
        if not label:
            continue
        for section, intro in intros.items():
            if label not in intro.lower() or flags.get(section, (False, False)) != (False, False):
                continue
            trailing = bool(re.search(r"\{[^}]*\}$", endpoint.path))
            for text in (section.title, intro):
                reading = flows.classify(text, endpoint.method, trailing)
                extra = ("RSync",) if reading.flows == ("PSync",) and flows.BOTH.search(text) else ()
                for flow in (*reading.flows, *extra) if reading.strength == "verb" else ():
                    if flow not in endpoint.flows:
                        endpoint.flows.append(flow)
                        endpoint.evidence.append(doc.evidence(section.line))
            endpoint.flows = [f for f in FLOWS if f in endpoint.flows]


def _section_intros(doc: Document) -> dict[Section, str]:
    """Each section's first paragraph, as plain text."""
    found: dict[Section, str] = {}
    for block in doc.blocks:
        if block.kind == "text" and block.section not in found:
            found[block.section] = plain(block.text)
    return found


def from_examples(doc: Document, bases: list[BaseUrl], examples: list[Example]) -> list[Endpoint]:
    """When no doc documents an operation in prose or tables: the request lines of the examples."""
    flags = _section_flags(doc)
    endpoints: dict[tuple[str, str], Endpoint] = {}
    for example in examples:
        deprecated, webhook = flags.get(example.block.section, (False, False))
        if webhook:
            continue
        for request in example.requests:
            if not request.target.startswith(("http", "/")):
                continue
            path = _path_of(request.target, bases)
            if path is None:
                continue
            block = example.block
            mention = _Mention(request.method, path, request.line, block, "")
            reading, _ = _reading(mention)
            endpoint = _merge(
                endpoints,
                mention,
                doc,
                () if deprecated else reading.flows,
                [doc.evidence(request.line), doc.evidence(block.section.line)],
                deprecated,
            )
            endpoint.from_example = True
    result = list(endpoints.values())
    for endpoint in result:
        endpoint.flows = [f for f in FLOWS if f in endpoint.flows]
    return result


# --- unsupported flows -------------------------------------------------------------------------------


_NEGATION = re.compile(r"(?i)\bno\b|\bnot\b|n[o']t\b|\bcannot\b|unsupported|\bnothing\b|\bn/a\b|\bnever\b")
_NO_CELL = re.compile(
    r"(?i)^\s*(?:no|not supported|unsupported|not available|n/a|\u2717|\u274c|\u2718|\u00d7)\s*\.?$"
)


def _prose_units(doc: Document) -> Iterator[tuple[str, int]]:
    for block in doc.blocks:
        if block.kind in ("text", "item", "heading"):
            text = plain(block.text)
            for start, end in _sentences(text):
                sentence = text[start:end]
                yield sentence, doc.line_with(block, sentence[:30]) if sentence else block.line
        elif block.kind == "table":
            for row in block.rows:
                yield plain(" | ".join(row.cells)), row.line


def _table_unsupported(doc: Document) -> Iterator[Unsupported]:
    for block in doc.blocks:
        if block.kind != "table":
            continue
        for row in block.rows:
            cells = [plain(c) for c in row.cells]
            if len(cells) < 2 or not any(_NO_CELL.match(c) for c in cells[1:]):
                continue
            for flow, pattern in _flow_names():
                if pattern.fullmatch(cells[0].strip().rstrip(".")):
                    yield Unsupported(flow, Evidence(doc.where(row.line), quote(" | ".join(cells))))


def _flow_names() -> list[tuple[str, re.Pattern[str]]]:
    from scaffold.docs.words import _data

    return [
        (flow, re.compile(rf"(?i){'|'.join(names)}"))
        for flow, names in _data()["unsupported"]["flows"].items()
    ]


def _clause_around(text: str, start: int, end: int) -> str:
    """The clause (between ``.;:`` or a comma) holding ``text[start:end]``."""
    left = max(text.rfind(c, 0, start) for c in ".;:,") + 1
    rights = [i for i in (text.find(c, end) for c in ".;:,") if i >= 0]
    return text[left : min(rights) if rights else len(text)]


def read_unsupported(doc: Document) -> list[Unsupported]:
    """Flows the doc says the API does not offer, each with the line saying so (the first one)."""
    limits = words("unsupported", "limits")
    found: dict[str, Unsupported] = {}
    for text, line in _prose_units(doc):
        if not _NEGATION.search(text):
            continue
        for flow, pattern in unsupported_patterns():
            match = pattern.search(text)
            if not match or flow in found:
                continue
            if limits.search(_clause_around(text, match.start(), match.end())):
                continue
            found[flow] = Unsupported(flow, Evidence(doc.where(line), quote(text)))
    for item in _table_unsupported(doc):
        found.setdefault(item.flow, item)
    return list(found.values())


__all__ = ["MENTION", "has_concrete_id", "read_endpoints", "read_unsupported"]
