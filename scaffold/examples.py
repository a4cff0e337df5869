"""Index of trait-method implementations in every connector, to pick sibling examples for a stub.

The index is built once per file content and cached under the repository's common git directory
(``<git-common-dir>/hs-scaffold/cache-examples-v<N>.json``, shared by its worktrees), never in the work tree.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from tree_sitter import Node

from scaffold import cache_files
from scaffold.amounts import connector_convertor
from scaffold.checkout import Checkout
from scaffold.trait_contracts import (
    functions_of,
    impl_items,
    node_text,
    parse_rust,
    short_type,
    trait_parts,
)

CACHE_VERSION = 4
ANY_FLOW = "*"  # flow key of generic impls such as ``impl<Flow, ..> ConnectorCommonExt<Flow, ..>``

_COMMENT = re.compile(r"//[^\n]*")
_STUB_BODY = re.compile(
    r"^\{(?:todo!|unimplemented!|Err\(.*NotImplemented|Err\(report!\(.*NotImplemented)",
)
_ITEM = re.compile(r"^[ \t]*(?:pub(?:\([^)]*\))?\s+)?(?:struct|enum)\s+(\w+)", re.MULTILINE)
_AUTH_VARIANT = re.compile(r"ConnectorAuthType::(\w+)")


@dataclass(frozen=True)
class Implementation:
    """One implementation of a trait method (or a whole impl) in a connector."""

    connector: str
    file: str
    line: int  # where the ``fn`` (or ``impl``) starts
    end_line: int
    is_stub: bool  # the body is itself a todo!/NotImplemented stub, or the impl is empty


@dataclass(frozen=True)
class ConnectorFacts:
    """What sets a connector apart when choosing examples."""

    name: str
    convertor: str | None  # e.g. "MinorUnitForConnector"
    amount_output: str | None  # e.g. "MinorUnit"
    auth: str | None  # "Bearer", "Basic", "ApiKey", "Signature"
    auth_types: tuple[str, ...]  # ConnectorAuthType variants it accepts
    transformers: str | None  # relative path of its transformers file
    items: dict[str, tuple[int, bool]]  # struct/enum in transformers -> (line, still a TODO)
    skeleton: bool  # still has todo!() or NotImplemented get_url bodies: a poor example


@dataclass
class ExampleIndex:
    """Implementations by key ``Trait|Flow|method`` and facts by connector."""

    impls: dict[str, list[Implementation]]
    connectors: dict[str, ConnectorFacts]


def key(trait: str, flow: str | None, method: str | None) -> str:
    """The index key of a trait method (method "" for the impl itself)."""
    return f"{trait}|{flow or ''}|{method or ''}"


# --- one connector --------------------------------------------------------------------------------


def is_stub_body(body: Node | None) -> bool:
    """True when a function body is only ``todo!()``, ``unimplemented!()`` or a NotImplemented error."""
    text = node_text(body)
    if not any(marker in text for marker in ("NotImplemented", "todo!", "unimplemented!")):
        return False
    compact = re.sub(r"\s+", "", _COMMENT.sub("", text))
    return bool(_STUB_BODY.match(compact)) and compact.count(";") <= 1


def _flow_of(impl: Node, args: list[str]) -> str:
    tparams = node_text(impl.child_by_field_name("type_parameters"))
    if not args:
        return ""
    flow = short_type(args[0])
    return ANY_FLOW if re.search(rf"\b{re.escape(flow)}\b", tparams) else flow


Entry = tuple[str, int, int, bool]  # (key, line, end line, is stub): one cached implementation


def _impl_entries(impl: Node) -> Iterator[Entry]:
    trait, args = trait_parts(node_text(impl.child_by_field_name("trait")))
    flow = _flow_of(impl, args)
    stubs = []
    for fn in functions_of(impl):
        stub = is_stub_body(fn.child_by_field_name("body"))
        stubs.append(stub)
        name = node_text(fn.child_by_field_name("name"))
        yield key(trait, flow, name), fn.start_point[0] + 1, fn.end_point[0] + 1, stub
    yield key(trait, flow, None), impl.start_point[0] + 1, impl.end_point[0] + 1, all(stubs)


def _auth_style(text: str) -> str | None:
    """The auth scheme code builds its header with (plain substring tests: this runs on whole files)."""
    if "Bearer" in text:
        return "Bearer"
    if "Basic" in text or "BASE64_ENGINE" in text or "base64" in text:
        return "Basic"
    lower = text.lower()
    if any(word in lower for word in ("hmac", "signature", "sha256", "sha512")):
        return "Signature"
    if any(word in lower for word in ("api_key", "api-key", "apikey", "authorization")):
        return "ApiKey"
    return None


def _auth_of(root: Node, text: str) -> str | None:
    """Auth style from ``ConnectorCommon::get_auth_header``, else from the whole file."""
    for impl in impl_items(root):
        if trait_parts(node_text(impl.child_by_field_name("trait")))[0] != "ConnectorCommon":
            continue
        for fn in functions_of(impl):
            if node_text(fn.child_by_field_name("name")) == "get_auth_header":
                return _auth_style(node_text(fn)) or _auth_style(text)
    return _auth_style(text)


def _todo_above(text: str, start: int) -> bool:
    """True if the attributes and comments right above the line at ``start`` carry a TODO."""
    for line in reversed(text[max(0, start - 2000) : start].split("\n")[:-1]):
        if not line.lstrip().startswith(("#[", "//")):
            return False
        if "todo" in line.lower():
            return True
    return False


def _items(text: str) -> dict[str, tuple[int, bool]]:
    line, pos = 0, 0
    items: dict[str, tuple[int, bool]] = {}
    for match in _ITEM.finditer(text):
        line += text.count("\n", pos, match.start())
        pos = match.start()
        items.setdefault(match.group(1), (line + 1, _todo_above(text, match.start())))
    return items


def index_connector(
    main: bytes, transformers: bytes | None, name: str, files: tuple[str, str]
) -> dict[str, Any]:
    """The cache record of one connector: its implementations and facts."""
    root = parse_rust(main)
    text = main.decode("utf-8", "replace")
    extra = transformers.decode("utf-8", "replace") if transformers is not None else ""
    convertor, output = connector_convertor(text)
    facts = ConnectorFacts(
        name=name,
        convertor=convertor,
        amount_output=output,
        auth=_auth_of(root, text),
        auth_types=tuple(sorted(set(_AUTH_VARIANT.findall(extra + text)))),
        transformers=files[1] if transformers is not None else None,
        items=_items(extra),
        skeleton=False,
    )
    traits = (impl for impl in impl_items(root) if impl.child_by_field_name("trait") is not None)
    impls = [entry for impl in traits for entry in _impl_entries(impl)]
    skeleton = "todo!(" in text or any(e[3] for e in impls if e[0].endswith("|get_url"))
    return {"facts": asdict(facts) | {"skeleton": skeleton}, "file": files[0], "impls": impls}


# --- the whole checkout, cached -------------------------------------------------------------------


def cache_path(checkout: Checkout) -> Path | None:
    """The cache file, in the repository's common git dir so that every worktree shares it."""
    return cache_files.cache_path(checkout, "examples", CACHE_VERSION)


def _connector_files(checkout: Checkout, name: str) -> tuple[Path, Path]:
    folder = checkout.layout.connectors_dir
    return checkout.source(folder / f"{name}.rs"), checkout.source(folder / name / "transformers.rs")


def _record(checkout: Checkout, name: str, cached: dict[str, Any]) -> dict[str, Any] | None:
    main_path, extra_path = _connector_files(checkout, name)
    if not main_path.is_file():
        return None
    main = main_path.read_bytes()
    extra = extra_path.read_bytes() if extra_path.is_file() else None
    digest = hashlib.blake2b(main + b"\0" + (extra or b""), digest_size=16).hexdigest()
    old = cached.get(name)
    if isinstance(old, dict) and old.get("hash") == digest:
        return old
    rel = (checkout.rel(main_path), checkout.rel(extra_path))
    return {"hash": digest, **index_connector(main, extra, name, rel)}


Built = tuple[ConnectorFacts, list[tuple[str, Implementation]]]
# A record's objects, by connector, file and content hash: built once per process (a dry run
# builds them while the script runs, :mod:`scaffold.prefetch`; both are frozen, so shared).
_BUILT: dict[tuple[str, str, str], Built] = {}


def _built(name: str, record: dict[str, Any]) -> Built:
    key = (name, str(record["file"]), str(record["hash"]))
    if key not in _BUILT:
        facts = dict(record["facts"])
        facts["auth_types"] = tuple(facts["auth_types"])
        facts["items"] = {k: (v[0], v[1]) for k, v in facts["items"].items()}
        impls = [
            (k, Implementation(name, record["file"], line, end, stub))
            for k, line, end, stub in record["impls"]
        ]
        _BUILT[key] = (ConnectorFacts(**facts), impls)
    return _BUILT[key]


def _from_records(records: dict[str, Any]) -> ExampleIndex:
    index = ExampleIndex({}, {})
    for name, record in records.items():
        facts, impls = _built(name, record)
        index.connectors[name] = facts
        for k, found in impls:
            index.impls.setdefault(k, []).append(found)
    return index


def load_index(checkout: Checkout, *, save: bool = True) -> ExampleIndex:
    """The example index of every connector, re-parsing only files whose content changed
    (``save``: the cache is rewritten when it was not current)."""
    path = cache_path(checkout)
    cached = cache_files.read_cache(path)
    records = {}
    for name in checkout.connector_names():
        record = _record(checkout, name, cached)
        if record is not None:
            records[name] = record
    if save and records != cached:
        cache_files.write_cache(path, records)
    return _from_records(records)


# --- choosing and quoting examples ----------------------------------------------------------------


def _rank(
    index: ExampleIndex, impl: Implementation, convertor: str | None, auth: str | None
) -> tuple[int, int, int, str]:
    """Sort key: finished connectors first, then alike ones, then short bodies, then by name."""
    facts = index.connectors.get(impl.connector)
    alike, skeleton = 0, False
    if facts is not None:
        alike += 2 * bool(convertor and facts.convertor == convertor)
        alike += bool(auth and facts.auth == auth)
        skeleton = facts.skeleton
    too_long = impl.end_line - impl.line >= 15
    return (int(skeleton), -alike, int(too_long), impl.connector)


def pick(
    index: ExampleIndex,
    trait: str,
    flow: str | None,
    method: str | None,
    *,
    exclude: str,
    convertor: str | None = None,
    auth: str | None = None,
    limit: int = 3,
) -> list[Implementation]:
    """Up to ``limit`` real (non-stub) implementations, connectors alike in amount and auth first."""
    found = index.impls.get(key(trait, flow, method)) or index.impls.get(key(trait, ANY_FLOW, method), [])
    real = [i for i in found if not i.is_stub and i.connector != exclude]
    real.sort(key=lambda i: _rank(index, i, convertor, auth))
    return real[:limit]


def pick_items(
    index: ExampleIndex,
    role: str,
    *,
    exclude: str,
    convertor: str | None = None,
    auth: str | None = None,
    limit: int = 3,
) -> list[Implementation]:
    """Sibling transformer types playing ``role`` (``PaymentsRequest`` -> ``StripePaymentsRequest``)."""
    found = []
    for name, facts in index.connectors.items():
        wanted = {role.lower(), (name.replace("_", "") + role).lower()}
        for item, (line, todo) in facts.items.items():
            if name != exclude and facts.transformers and not todo and item.lower() in wanted:
                found.append(Implementation(name, facts.transformers, line, 0, False))
                break
    found.sort(key=lambda i: _rank(index, i, convertor, auth))
    return found[:limit]


def _item_end(lines: list[str], start: int) -> int:
    """Index of the line closing the item opened at ``lines[start]`` (brace counting)."""
    depth = 0
    for offset, line in enumerate(lines[start:]):
        depth += line.count("{") - line.count("}")
        if depth <= 0 and ("}" in line or line.rstrip().endswith(";")):
            return start + offset
    return len(lines) - 1


def _outline(body: list[str]) -> list[str]:
    """An impl cut down to its header and one ``fn name(…) { … }`` line per method."""
    fns = [(len(m.group(1)), m.group(2), m.group(1)) for m in map(_FN_LINE.match, body) if m]
    if not fns:
        return body
    depth = min(indent for indent, _, _ in fns)
    header = next((i for i, s in enumerate(body) if s.rstrip().endswith("{")), 0)
    methods = [f"{pad}fn {name}(…) {{ … }}" for indent, name, pad in fns if indent == depth]
    return [*body[: header + 1], *methods, "}"]


_FN_LINE = re.compile(r"^(\s*)(?:pub(?:\([^)]*\))?\s+)?(?:async\s+)?fn\s+(\w+)")


def excerpt(checkout: Checkout, impl: Implementation, max_lines: int = 15, *, outline: bool = False) -> str:
    """The implementation's source, dedented and cut to ``max_lines`` with a marker for the rest.

    ``outline`` shows a whole impl as its header and one line per method instead.
    """
    lines = checkout.source(impl.file).read_text(encoding="utf-8", errors="replace").splitlines()
    start = impl.line - 1
    end = impl.end_line - 1 if impl.end_line else _item_end(lines, start)
    body = lines[start : end + 1]
    body = _outline(body) if outline else body
    indent = min((len(s) - len(s.lstrip()) for s in body if s.strip()), default=0)
    body = [s[indent:] for s in body]
    if len(body) > max_lines:
        rest = len(body) - (max_lines - 1)
        body = [*body[: max_lines - 1], f"// … {rest} more lines"]
    return "\n".join(body)
