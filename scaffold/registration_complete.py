"""Complete a connector's registrations: every list that registers its neighbours gains its line.

The lists are found by parsing (:mod:`registration_constructs`), never from a list of files. A list
is a *registration list* when it names most connectors (``registration_share`` in
``data/registration.toml``); an exhaustive ``match`` over an enum that has (or gains) the
connector's variant is one whatever its size, since the build fails without the arm. Lists that
single out a few connectors (behaviour flags, special cases) are left alone.

Each new line is modelled on a peer's line in the same list, with the peer's name replaced
(snake, Pascal and upper case): the alphabetical neighbour when its line is an ordinary one (its
shape, name aside, is shared by other entries), else the nearest entry of the commonest shape. A
line naming items the new connector does not define (``XConnectorMetadataObject``) is reported
with the peer's line, not written. The line goes right after the entry of the connector sorting
just before it (its alphabetical place in a sorted list), and inside that entry's group in a match
arm that groups variants (``A | B => false``).
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

from scaffold import rust_syntax
from scaffold.checkout import Checkout
from scaffold.grep_cache import Ask, peer_files
from scaffold.naming import spellings
from scaffold.neighbours import default_peers
from scaffold.registration_constructs import (
    Construct,
    Element,
    Spellings,
    rust_constructs,
    toml_constructs,
    toml_valid,
)
from scaffold.resources import data_toml

_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# Modules of the old router connector folder that are not connectors.
_NOT_CONNECTORS = frozenset({"utils", "mod", "dummyconnector"})


@dataclass(frozen=True)
class Registration:
    """A list lacking the connector: where its line goes, modelled on which peer line."""

    file: str
    line: int  # 1-based line where the connector's entry goes (before the edit)
    construct: str  # "match in fn convert_connector"
    peer: str  # the connector whose entry the new one is modelled on (or sits beside)
    peer_text: str  # that entry's first line, stripped
    new_text: str | None  # what is written; None when only reported
    reason: str | None  # why it is only reported
    breaks_build: bool  # an exhaustive match: the build fails without it
    offset: int = 0  # byte offset of the insertion
    insert: str = ""  # the exact text inserted at ``offset``

    def as_json(self) -> dict[str, object]:
        """The row as JSON (without the byte-level edit)."""
        data = asdict(self)
        data.pop("offset")
        data.pop("insert")
        return data


@dataclass
class Plan:
    """Every registration a connector lacks, in file order."""

    connector: str
    peers: list[str] = field(default_factory=list)
    rows: list[Registration] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def writable(self) -> list[Registration]:
        """Rows the completion writes."""
        return [r for r in self.rows if r.new_text is not None]


def _config() -> dict[str, object]:
    return data_toml("registration.toml")


def glob_regex(pattern: str) -> re.Pattern[str]:
    """A path glob as a regex: ``**/`` any folders (or none), ``*`` and ``?`` within one name."""
    out, i = "", 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out, i = out + "(?:.*/)?", i + 3
        elif pattern.startswith("**", i):
            out, i = out + ".*", i + 2
        else:
            char = pattern[i]
            out += "[^/]*" if char == "*" else "[^/]" if char == "?" else re.escape(char)
            i += 1
    return re.compile(out + r"\Z")


def generated(checkout: Checkout, rel: str) -> bool:
    """Whether ``rel`` is generated or tool data (``data/registration.toml``), never a registration."""
    config = _config()
    if any(glob_regex(str(p)).match(rel) for p in config["generated"]):  # type: ignore[attr-defined]
        return True
    try:
        with checkout.path(rel).open("rb") as handle:
            head = handle.read(400).decode("utf-8", "replace")
    except OSError:
        return False
    return any(str(m) in head for m in config["generated_markers"])  # type: ignore[attr-defined]


# --- deciding --------------------------------------------------------------------------------------


def _threshold(known: int) -> int:
    share = float(_config()["registration_share"])  # type: ignore[arg-type]
    return max(2, math.ceil(share * known))


def _shape(element: Element, name: str) -> str:
    """The entry's text with its connector's name replaced by a placeholder, whitespace collapsed."""
    return " ".join(_substitute(element.text, name, "\x00").split())


def _substitute(text: str, old: str, new: str) -> str:
    """Replace every spelling of connector ``old`` by the same spelling of ``new``, also as the prefix
    of an identifier (``AciAuthType`` -> ``AcmepayAuthType``)."""
    pattern, mapping = _spelling_pattern(old, new)
    return pattern.sub(lambda m: mapping[m.group(0)], text)


@functools.cache
def _spelling_pattern(old: str, new: str) -> tuple[re.Pattern[str], dict[str, str]]:
    """One regex for every spelling of ``old`` (longest first), and what each becomes."""
    targets = spellings(new) if new != "\x00" else ["\x00"] * 4
    mapping = dict(zip(spellings(old), targets, strict=False))
    alternatives = []
    for before in sorted(mapping, key=len, reverse=True):
        follow = "(?![A-Z0-9])" if before.isupper() else "(?![a-z0-9])"
        alternatives.append(f"{re.escape(before)}{follow}")
    return re.compile(r"(?<![A-Za-z0-9_])(?:" + "|".join(alternatives) + ")"), mapping


def _entries(construct: Construct) -> list[tuple[str, Element, Element | None]]:
    """(connector, entry, group arm) for every entry naming one connector; alternatives of grouped
    arms are entries of their own, with the arm as their group."""
    found: list[tuple[str, Element, Element | None]] = []
    for element in construct.elements:
        if element.alternatives:
            found += [(a.names[0], a, element) for a in element.alternatives if len(a.names) == 1]
        elif len(element.names) == 1:
            found.append((element.names[0], element, None))
    return found


def _anchor(entries: list[tuple[str, Element, Element | None]], name: str) -> tuple[int, bool] | None:
    """Index of the entry the new one goes after (True) or before (False)."""
    before = [i for i, (n, _, _) in enumerate(entries) if n < name]
    if before:
        return max(before, key=lambda i: (entries[i][0], i)), True
    after = [i for i, (n, _, _) in enumerate(entries) if n > name]
    return (min(after, key=lambda i: (entries[i][0], i)), False) if after else None


# A list that need not name every connector gains an entry only when the model's shape (its text,
# name aside) is that of at least this share of its entries: the list's ordinary entry.
DOMINANT = 0.5


def _model(
    entries: list[tuple[str, Element, Element | None]], index: int, *, dominant: bool = False
) -> tuple[str, Element] | None:
    """The entry to model the new one on: the anchor if ordinary, else the nearest commonest-shaped.

    ``dominant``: the shape must also be that of at least ``DOMINANT`` of the entries.
    """
    singles = [(i, n, e) for i, (n, e, g) in enumerate(entries) if g is None]
    shapes = Counter(_shape(e, n) for _, n, e in singles)
    name, element, group = entries[index]
    if group is not None:
        return name, element
    if dominant:
        shape, count = shapes.most_common(1)[0] if shapes else ("", 0)
        if count < DOMINANT * len(singles):
            return None
        if _shape(element, name) == shape:
            return name, element
        nearest = min((i for i, n, e in singles if _shape(e, n) == shape), key=lambda i: abs(i - index))
        return entries[nearest][0], entries[nearest][1]
    if shapes[_shape(element, name)] >= 2:
        return name, element
    common = [s for s, count in shapes.most_common() if count >= 2]
    if not common:
        return None
    nearest = min((i for i, n, e in singles if _shape(e, n) == common[0]), key=lambda i: abs(i - index))
    return entries[nearest][0], entries[nearest][1]


def _undefined(text: str, name: str, defined: set[str]) -> list[str]:
    """Identifiers in ``text`` built on the connector's name that its files do not define."""
    stems = [s for s in spellings(name) if len(s) > 1]
    found = []
    for word in dict.fromkeys(_IDENT.findall(text)):
        if word in stems or not any(word.startswith(s) and len(word) > len(s) for s in stems):
            continue
        if word not in defined:
            found.append(word)
    return found


class _Planner:
    """Plans the completion of one connector's registrations."""

    def __init__(self, checkout: Checkout, name: str, peers: list[str], base_url: str | None) -> None:
        self.checkout, self.name, self.peers, self.base_url = checkout, name, peers, base_url
        others = [n for n in checkout.all_connector_names() if n != name and n not in _NOT_CONNECTORS]
        self.known = Spellings([*others, name])
        self.threshold = _threshold(len([n for n in checkout.connector_names() if n != name]))
        self.defined = _defined_names(checkout, name)

    def has_self(self, construct: Construct) -> bool:
        return construct.present or self.name in construct.names()

    def is_list(self, construct: Construct) -> bool:
        """Names both neighbours and most connectors (a credential file: both neighbours)."""
        names = construct.names()
        if not set(self.peers) <= names:
            return False
        if construct.kind == "toml-table" and _credential_file(construct.file):
            return True
        return len(names) >= self.threshold

    def rows(self, constructs: list[Construct], source: bytes, enums: set[str]) -> list[Registration]:
        rows = []
        for construct in constructs:
            if self.has_self(construct):
                continue
            exhaustive = construct.kind == "match" and not construct.catch_all and construct.enum in enums
            if not exhaustive and not self.is_list(construct):
                continue
            row = self._row(construct, source, breaks=exhaustive)
            if row is not None:
                rows.append(row)
        return rows

    def _row(self, construct: Construct, source: bytes, *, breaks: bool) -> Registration | None:
        entries = _entries(construct)
        anchor = _anchor(entries, self.name)
        if anchor is None:
            return None
        index, after = anchor
        peer, element, group = entries[index]
        row = _Row(construct.file, construct.owner, peer, breaks)
        if construct.kind.startswith("toml"):
            return self._toml_row(construct, element, after, row)
        if construct.kind in _REVIEW_ONLY:
            return row.reported(element, f"entries of this {construct.kind} are data about each connector")
        model = _model(entries, index, dominant=not breaks)
        if model is None:
            return row.reported(element, f"the entries of this {construct.kind} differ beyond the name")
        model_name, model_element = model
        new = _substitute(model_element.text, model_name, self.name)
        missing = _undefined(new, self.name, self.defined)
        if missing:
            names = ", ".join(f"`{m}`" for m in missing)
            return row.reported(
                model_element, f"its line would name {names}, which {self.name} does not define"
            )
        offset, insert = _insertion(source, construct, element, group, new, after)
        lead = insert[: insert.find(new)] if new in insert else ""
        line = source[:offset].count(b"\n") + lead.count("\n") + 1
        return row.written(line, model_element, new, offset, insert)

    def _toml_row(self, construct: Construct, element: Element, after: bool, row: _Row) -> Registration:
        config = _config()
        if construct.kind == "toml-table":
            if not _credential_file(construct.file):
                return row.reported(element, "a per-connector TOML table: its content is the connector's own")
            section: dict[str, str] = config["credential_section"]  # type: ignore[assignment]
            text = f"[{self.name}]\n" + "".join(f'{k} = "{v}"\n' for k, v in section.items())
            return row.written(0, element, text.strip(), -1, "\n" + text)
        key = construct.owner.rsplit(" ", 1)[-1]
        if key not in config["base_url_keys"] or not self.base_url:  # type: ignore[operator]
            return row.reported(element, f"the value of `{key}` is the connector's own")
        text = f'{element.indent}{self.name}.{key} = "{self.base_url}"'
        offset = element.end + 1 if after else element.start
        return row.written(element.line + int(after), element, text.strip(), offset, text + "\n")


@dataclass(frozen=True)
class _Row:
    """What every row of one list shares."""

    file: str
    construct: str
    peer: str
    breaks_build: bool

    def reported(self, element: Element, reason: str) -> Registration:
        return Registration(
            self.file,
            element.line,
            self.construct,
            self.peer,
            _first(element),
            None,
            reason,
            self.breaks_build,
        )

    def written(self, line: int, model: Element, new: str, offset: int, insert: str) -> Registration:
        return Registration(
            self.file,
            line,
            self.construct,
            self.peer,
            _first(model),
            new,
            None,
            self.breaks_build,
            offset,
            insert,
        )


# Lists whose entries carry per-connector data: reported for review, never written.
_REVIEW_ONLY = frozenset({"array"})


def _credential_file(rel: str) -> bool:
    return Path(rel).name in _config()["credential_files"]  # type: ignore[operator]


def _first(element: Element) -> str:
    return element.line_text or element.text.strip().split("\n")[0].strip()


def _insertion(
    source: bytes, construct: Construct, element: Element, group: Element | None, new: str, after: bool
) -> tuple[int, str]:
    """Where the new entry goes and the exact text to insert there: on a line of its own in a list
    written one entry per line, else on the same line; a comma wherever the list has one."""
    if group is not None:  # inside a grouped match arm: `A | B` -> `A | New | B`
        return (element.end, f" | {new}") if after else (element.start, f"{new} | ")
    if construct.kind == "mod":  # `pub mod x;` lines: no separator
        return (
            (element.end, f"\n{element.indent}{new}")
            if after
            else (element.start, f"{new}\n{element.indent}")
        )
    own = "" if construct.kind == "match" and new.rstrip().endswith((",", "}")) else ","
    if not after:
        line_start = source.rfind(b"\n", 0, element.start) + 1
        alone = not source[line_start : element.start].strip()
        return element.start, f"{new}{own}\n{element.indent}" if alone else f"{new}{own} "
    offset, comma = element.end, construct.kind == "match" and element.text.rstrip().endswith((",", "}"))
    rest = source[offset:]
    if rest.lstrip(b" \t").startswith(b","):
        offset += len(rest) - len(rest.lstrip(b" \t")) + 1
        comma = True
    line_rest = source[offset : (source.find(b"\n", offset) + 1 or len(source))].strip()
    alone = not line_rest or line_rest.startswith((b"//", b"/*"))
    lead = "" if comma else ","
    tail = own if comma and construct.kind != "match" else ""
    if construct.kind == "match":
        tail = "" if new.rstrip().endswith((",", "}")) or not comma else ","
    return offset, f"{lead}\n{element.indent}{new}{tail}" if alone else f"{lead} {new}{tail}"


def _defined_names(checkout: Checkout, name: str) -> set[str]:
    """Names of the items the connector's own files define (structs, enums, fns, ...)."""
    names: set[str] = set()
    for path in checkout.connector_files(name):
        root = rust_syntax.parse(path.read_bytes()).root_node
        for node in rust_syntax.walk(root):
            if node.type.endswith("_item") and (item := rust_syntax.item_name(node)):
                names.add(item)
    return names


def _candidate_files(checkout: Checkout, name: str, peers: list[str], ask: Ask | None) -> list[str]:
    own = {checkout.rel(p) for p in checkout.connector_files(name)}
    own.add(checkout.rel(checkout.test_file(name)))
    query = peer_files(peers)
    files = ask(query) if ask is not None else query.run(checkout.root)
    found = []
    for rel in files:
        if rel in own or generated(checkout, rel):
            continue
        if _peer_own(checkout, rel, peers):
            continue
        found.append(rel)
    return found


def _peer_own(checkout: Checkout, rel: str, peers: list[str]) -> bool:
    connectors = checkout.layout.connectors_dir.as_posix()
    tests = checkout.layout.router_tests_dir.as_posix()
    return any(
        rel in (f"{connectors}/{p}.rs", f"{tests}/{p}.rs") or rel.startswith(f"{connectors}/{p}/")
        for p in peers
    )


def plan(
    checkout: Checkout,
    name: str,
    *,
    base_url: str | None = None,
    peers: list[str] | None = None,
    ask: Ask | None = None,
) -> Plan:
    """Every registration list (by parsing) that names the connector's neighbours but not it.
    ``ask`` answers the ``git grep`` for the candidate files (e.g. from an early answer)."""
    chosen = peers or default_peers(checkout, name)
    result = Plan(name, chosen)
    if not chosen:
        return result
    planner = _Planner(checkout, name, chosen, base_url)
    needle, present = _words_pattern(chosen), _words_pattern([name])
    parsed: list[tuple[str, bytes, list[Construct]]] = []
    for rel in _candidate_files(checkout, name, chosen, ask):
        source = checkout.path(rel).read_bytes()
        if rel.endswith(".rs"):
            constructs = list(rust_constructs(source, rel, planner.known, needle, present))
        else:
            constructs = list(toml_constructs(source.decode("utf-8", "replace"), rel, planner.known))
        picked = [c for c in constructs if c.present or set(chosen) & c.names()]
        parsed.append((rel, source, picked))
    enums = _enums_with(parsed, planner)
    for _rel, source, constructs in parsed:
        result.rows.extend(planner.rows(constructs, source, enums))
    for rel in sorted({r.file for r in result.writable() if r.file.endswith(".toml")}):
        problem = toml_valid(checkout.path(rel).read_text(encoding="utf-8", errors="replace"))
        if problem:
            result.warnings.append(f"{rel} was already invalid TOML ({problem}); its entry is added as text")
    return result


def _words_pattern(names: list[str]) -> re.Pattern[bytes]:
    """Any spelling of any of ``names`` as a whole word (or an identifier's start), as bytes."""
    words = sorted({w for n in names for w in spellings(n)}, key=len, reverse=True)
    follow = {w: rb"(?![A-Z0-9])" if w.isupper() else rb"(?![a-z0-9])" for w in words}
    alternatives = b"|".join(re.escape(w.encode()) + follow[w] for w in words)
    return re.compile(rb"(?<![A-Za-z0-9_])(?:" + alternatives + rb")")


def _enums_with(parsed: list[tuple[str, bytes, list[Construct]]], planner: _Planner) -> set[str]:
    """Enums that have the connector's variant, or gain it (registration lists)."""
    enums = set()
    for _rel, _source, constructs in parsed:
        for construct in constructs:
            if construct.kind not in ("enum", "enum_item"):
                continue
            if planner.has_self(construct) or planner.is_list(construct):
                enums.add(construct.owner.split(" ", 1)[1])
    return enums


def apply(checkout: Checkout, plan_: Plan) -> list[str]:
    """Write every writable row of ``plan_``; returns the files changed (relative paths)."""
    by_file: dict[str, list[Registration]] = {}
    for row in plan_.writable():
        by_file.setdefault(row.file, []).append(row)
    for rel, rows in by_file.items():
        path = checkout.path(rel)
        data = path.read_bytes()
        appended = [r for r in rows if r.offset < 0]
        for row in sorted((r for r in rows if r.offset >= 0), key=lambda r: r.offset, reverse=True):
            data = data[: row.offset] + row.insert.encode() + data[row.offset :]
        for row in appended:
            data = data.rstrip(b"\n") + b"\n" + row.insert.encode()
        path.write_bytes(data)
    return sorted(by_file)
