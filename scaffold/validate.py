"""Checking the connector name and base URL before anything runs.

Both values end up inside the script's ``sed`` expressions, an ``eval`` and TOML strings,
so anything that is not plainly safe is refused with a one-line UsageError.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import urlsplit

import tomli
from tree_sitter import Node

from scaffold import cache_files
from scaffold.checkout import Checkout
from scaffold.errors import UsageError
from scaffold.rust_syntax import text as node_text
from scaffold.rust_syntax import walk

NAME_RULE = "a lowercase ASCII letter, then 1 to 39 lowercase letters, digits or '_'"
NAME_EXAMPLE = "e.g. `acmepay` or `acme_pay`"
URL_EXAMPLE = "e.g. `https://api.sandbox.acmepay.com/`"
_NAME = re.compile(r"[a-z][a-z0-9_]{1,39}")

# Rust 2021/2024 strict and reserved keywords, weak keywords usable as module names only
# with trouble (`union`, `macro_rules`, `raw`, `safe`), and crate names a `pub mod` would
# shadow or collide with.
STRICT_KEYWORDS = (
    "as async await break const continue crate dyn else enum extern false fn for if impl in let loop "
    "match mod move mut pub ref return self static struct super trait true type unsafe use where while"
)
RESERVED_KEYWORDS = "abstract become box do final gen macro override priv try typeof unsized virtual yield"
WEAK_KEYWORDS = "union macro_rules raw safe"
RUST_KEYWORDS = frozenset(f"{STRICT_KEYWORDS} {RESERVED_KEYWORDS} {WEAK_KEYWORDS}".split(" "))
RESERVED_MODULES = frozenset({"std", "core", "alloc", "proc_macro", "test", "main", "utils"})

# Characters that would end or escape the script's `sed "s|..|..|"`, its `eval`, a shell
# word, or a TOML basic string.
_URL_FORBIDDEN = set(" \t\"'`\\|&;$<>(){}[]^*!#")
ENUM_FILES = (
    Path("crates/common_enums/src/connector_enums.rs"),
    Path("crates/api_models/src/enums.rs"),
    Path("crates/common_enums/src/enums.rs"),
)
_ENUM_START = re.compile(r"\bpub\s+enum\s+Connector\s*\{")
_RENAME = re.compile(r"(?:rename|alias|serialize)\s*=\s*\"([^\"]+)\"")


def check_name(name: str, checkout: Checkout | None = None) -> None:
    """Refuse a connector name that is malformed, a Rust keyword, or already taken."""
    shown = _shown(name)
    if not _NAME.fullmatch(name):
        raise UsageError(f"invalid connector name {shown}: use {NAME_RULE}", NAME_EXAMPLE)
    if name in RUST_KEYWORDS:
        raise UsageError(f"invalid connector name {shown}: it is a Rust keyword", NAME_EXAMPLE)
    if name in RESERVED_MODULES:
        raise UsageError(
            f"invalid connector name {shown}: it would collide with the `{name}` module", NAME_EXAMPLE
        )
    if name.endswith("_") or "__" in name:
        raise UsageError(
            f"invalid connector name {shown}: no trailing or doubled '_' (the enum variant "
            "would be ambiguous)",
            NAME_EXAMPLE,
        )
    if checkout is not None:
        where = existing_connector(checkout, name)
        if where:
            example = _example(checkout)
            raise UsageError(f"connector {shown} already exists ({where})", f"choose a new name, {example}")
        clash = names_taken_by_scaffolding(checkout).get(name)
        if clash:
            raise UsageError(f"invalid connector name {shown}: {clash}", _example(checkout))


def _example(checkout: Checkout) -> str:
    """Example names that are free in this checkout (the fixed ones may be connectors by now)."""
    from scaffold.names import free_examples

    return "e.g. " + " or ".join(f"`{n}`" for n in free_examples(checkout))


def names_taken_by_scaffolding(checkout: Checkout) -> dict[str, str]:
    """Names the generated code or the script already use for something else, with the reason.

    The template binds names at module level (``use hyperswitch_interfaces::api``), and a
    connector module named the same is imported as ``use transformers as <name>``: the build
    fails. The script and the macros it edits use placeholders (``$payment_gateway``,
    ``$connector``) that its ``sed`` anchors and the post-checks cannot tell from the name.
    """
    taken: dict[str, str] = {}
    script = checkout.path(checkout.layout.script)
    if script.is_file():
        for var in _PLACEHOLDER.findall(script.read_text(encoding="utf-8", errors="replace")):
            taken.setdefault(var, f"the script uses `${var}` itself, so its edits could not tell them apart")
    for path in _macro_files(checkout):
        where = checkout.rel(path)
        for var in _PLACEHOLDER.findall(path.read_text(encoding="utf-8", errors="replace")):
            taken.setdefault(var, f"`${var}` is a placeholder in {where}, edited by the script")
    bindings, crates = _template_uses(checkout)
    for bound in bindings:
        taken.setdefault(bound, f"the generated connector already imports `{bound}`, so the build would fail")
    for crate, where in crates.items():
        taken.setdefault(
            crate,
            f"the generated connector uses the crate `{crate}` ({where}); a module of that name would "
            "shadow it and the build would fail",
        )
    for crate, manifest in connector_crate_dependencies(checkout).items():
        taken.setdefault(
            crate,
            f"`{crate}` is a dependency of the connectors crate ({manifest}); a connector module of that "
            "name would shadow it",
        )
    return taken


def connector_crate_dependencies(checkout: Checkout) -> dict[str, str]:
    """Crate names (as Rust code spells them) the connectors' crate depends on -> its Cargo.toml."""
    folder = checkout.path(checkout.layout.connectors_dir)
    while folder != checkout.root and not (folder / "Cargo.toml").is_file():
        folder = folder.parent
    manifest = folder / "Cargo.toml"
    try:
        data = tomli.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, tomli.TOMLDecodeError, UnicodeDecodeError):
        return {}
    tables = [data, *[t for t in data.get("target", {}).values() if isinstance(t, dict)]]
    names = {
        key.replace("-", "_")
        for table in tables
        for section in ("dependencies", "dev-dependencies", "build-dependencies")
        for key in (table.get(section) or {})
    }
    where = checkout.rel(manifest) if folder != checkout.root else "Cargo.toml"
    return {name: where for name in sorted(names)}


_PLACEHOLDER = re.compile(r"\$\{?([a-z_][a-z0-9_]*)")


def _macro_files(checkout: Checkout) -> list[Path]:
    """The files of ``default_imp_for_*!`` macros the script inserts the connector into."""
    crate = checkout.path(checkout.layout.connectors_dir).parent
    return [
        p
        for p in (crate / "default_implementations.rs", crate / "default_implementations_v2.rs")
        if p.is_file()
    ]


def _template_uses(checkout: Checkout) -> tuple[set[str], dict[str, str]]:
    """Lowercase names the rendered template's files bind at the top (``use``, ``mod``), and the
    crates its ``use`` paths start from (-> the file and line that names each first). Kept in a
    cache by the template's bytes: rendering needs Liquid (about 0.1 s to import)."""
    template = checkout.path(checkout.layout.template_dir)
    if not template.is_dir():
        return set(), {}
    files = sorted(p for p in template.rglob("*") if p.is_file())
    key = hashlib.sha256()
    for path in files:
        key.update(f"{path.relative_to(template).as_posix()}\0".encode() + path.read_bytes() + b"\0")
    cache = cache_files.cache_path(checkout, "template-uses", 1)
    records = cache_files.read_cache(cache)
    found = records.get(key.hexdigest())
    if (
        isinstance(found, dict)
        and isinstance(found.get("bound"), list)
        and isinstance(found.get("crates"), dict)
    ):
        return set(found["bound"]), dict(found["crates"])
    bound, crates = _rendered_uses(template)
    cache_files.write_cache(cache, {key.hexdigest(): {"bound": sorted(bound), "crates": crates}})
    return bound, crates


def _rendered_uses(template: Path) -> tuple[set[str], dict[str, str]]:
    from scaffold import render, rust_syntax  # parsing only when a checkout is at hand

    placeholder = "zzplaceholder"
    bound: set[str] = set()
    crates: dict[str, str] = {}
    for rel, text in sorted(render.render_tree(template, placeholder).items()):
        if rel.endswith(".rs"):
            tree = rust_syntax.parse(text.encode())
            for node in tree.root_node.children:
                if node.type == "use_declaration":
                    bound |= _use_bindings(node)
                    root = _use_root(node)
                    if root:
                        crates.setdefault(root, f"`use {root}::...` in {rel}:{node.start_point[0] + 1}")
                elif node.type == "mod_item" and (mod := node.child_by_field_name("name")) is not None:
                    bound.add(node_text(mod))
    return {b for b in bound if b.islower() and b != placeholder}, {
        c: w for c, w in crates.items() if c != placeholder
    }


_PATH_ROOTS = frozenset({"crate", "self", "super", "Self"})


def _use_root(use: Node) -> str | None:
    """The first segment of a ``use`` path when it names a crate (not ``crate::``, ``self::``...)."""
    argument = use.child_by_field_name("argument")
    found = re.match(r"\s*(?:::)?([A-Za-z_]\w*)", node_text(argument)) if argument is not None else None
    if found is None or found[1] in _PATH_ROOTS or "::" not in node_text(argument or use):
        return None
    return found[1]


def _use_bindings(use: Node) -> set[str]:
    """The names a ``use`` declaration brings into scope (last segments, ``self``'s module, aliases)."""
    names: set[str] = set()
    for node in walk(use):
        if node.type == "use_as_clause" and (alias := node.child_by_field_name("alias")) is not None:
            names.add(node_text(alias))
        elif (
            node.type == "scoped_identifier" and node.parent is not None and node.parent.type in _LEAF_PARENTS
        ):
            if (leaf := node.child_by_field_name("name")) is not None:
                names.add(node_text(leaf))
        elif node.type == "identifier" and node.parent is not None and node.parent.type in ("use_list",):
            names.add(node_text(node))
        elif node.type == "scoped_use_list" and _has_self(node):
            path = node.child_by_field_name("path")
            if path is not None:
                names.add(node_text(path).rsplit("::", 1)[-1])
    return names


_LEAF_PARENTS = ("use_declaration", "use_list")


def _has_self(node: Node) -> bool:
    items = node.child_by_field_name("list")
    return items is not None and any(child.type == "self" for child in items.children)


def existing_connector(checkout: Checkout, name: str) -> str | None:
    """Where ``name`` is already a connector in ``checkout`` (a short description), or None."""
    layout = checkout.layout
    for rel in (layout.connectors_dir / f"{name}.rs", layout.connectors_dir / name):
        if checkout.path(rel).exists():
            return f"{rel.as_posix()} exists"
    test = layout.router_tests_dir / f"{name}.rs"
    if checkout.path(test).exists():
        return f"{test.as_posix()} exists"
    key = _folded(name)
    for rel in ENUM_FILES:
        path = checkout.path(rel)
        if path.is_file():
            for variant in connector_variants(path.read_text(encoding="utf-8", errors="replace")):
                if _folded(variant) == key:
                    what = f"`Connector::{variant}`" if variant[0].isupper() else f'serde name "{variant}"'
                    return f"{what} in {rel.as_posix()}"
    return None


def connector_variants(source: str) -> list[str]:
    """Variant names (and their serde renames) of every ``pub enum Connector`` in ``source``."""
    found: list[str] = []
    for match in _ENUM_START.finditer(source):
        body = _enum_body(source, match.end())
        found.extend(_RENAME.findall(body))
        found.extend(_variants(_strip_attributes(body)))
    return found


def _enum_body(source: str, start: int) -> str:
    depth = 1
    for i in range(start, len(source)):
        depth += {"{": 1, "}": -1}.get(source[i], 0)
        if depth == 0:
            return source[start:i]
    return source[start:]


def _strip_attributes(body: str) -> str:
    body = re.sub(r"//[^\n]*", "", body)
    out: list[str] = []
    i = 0
    while i < len(body):
        if body.startswith("#[", i):
            depth, i = 1, i + 2
            while i < len(body) and depth:
                depth += {"[": 1, "]": -1}.get(body[i], 0)
                i += 1
            continue
        out.append(body[i])
        i += 1
    return "".join(out)


def _variants(body: str) -> Iterable[str]:
    depth, piece = 0, list[str]()
    for char in body + ",":
        depth += {"(": 1, "{": 1, ")": -1, "}": -1}.get(char, 0)
        if char == "," and depth == 0:
            ident = re.match(r"\s*([A-Za-z_][A-Za-z0-9_]*)", "".join(piece))
            if ident:
                yield ident[1]
            piece = []
        else:
            piece.append(char)


def _folded(text: str) -> str:
    return text.replace("_", "").lower()


def check_base_url(url: str) -> None:
    """Refuse a base URL that is not plain http(s) or that would break the script or TOML."""
    shown = _shown(url)
    bad = sorted({c for c in url if c in _URL_FORBIDDEN or not c.isprintable() or not c.isascii()})
    if not url:
        raise UsageError("the base URL is empty", URL_EXAMPLE)
    if bad:
        listed = " ".join(repr(c) for c in bad[:5])
        raise UsageError(f"invalid base URL {shown}: it contains {listed}", URL_EXAMPLE)
    if len(url) > 2048:
        raise UsageError("invalid base URL: longer than 2048 characters", URL_EXAMPLE)
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise UsageError(f"invalid base URL {shown}: {exc}", URL_EXAMPLE) from exc
    if parts.scheme not in ("http", "https") or not url.startswith(f"{parts.scheme}://"):
        raise UsageError(f"invalid base URL {shown}: it must start with https:// or http://", URL_EXAMPLE)
    host = parts.hostname or ""
    if not re.fullmatch(r"[a-z0-9]([a-z0-9.-]*[a-z0-9])?", host) or ".." in host or port == 0:
        raise UsageError(f"invalid base URL {shown}: it has no valid host", URL_EXAMPLE)
    if parts.username is not None or parts.password is not None:
        raise UsageError(f"invalid base URL {shown}: credentials do not belong in it", URL_EXAMPLE)
    if parts.query or "?" in url or parts.fragment:
        raise UsageError(f"invalid base URL {shown}: a base URL has no query or fragment", URL_EXAMPLE)


def _shown(value: str, limit: int = 60) -> str:
    """``value`` quoted for a one-line message: escaped and cut short."""
    text = value if len(value) <= limit else value[:limit] + "..."
    return repr(text)
