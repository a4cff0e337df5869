"""Where Rust names come from: module paths of files, ``use`` bindings, and spelling a path in a file.

Enough name resolution to rewrite a type taken from one file (a trait's definition) so that it
means the same in another (a connector): no macro expansion, no glob imports, no re-export chains
beyond one ``pub use``.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath

from tree_sitter import Node

from scaffold import rust_syntax

# Names every Rust file can use without an import (std prelude and primitive types).
PRELUDE = frozenset(
    {
        "Option",
        "Some",
        "None",
        "Result",
        "Ok",
        "Err",
        "Box",
        "Vec",
        "String",
        "Self",
        "self",
        "Send",
        "Sync",
        "Sized",
        "Copy",
        "Clone",
        "Fn",
        "FnMut",
        "FnOnce",
        "Iterator",
        "ToString",
        "Default",
        "str",
        "bool",
        "char",
        "u8",
        "u16",
        "u32",
        "u64",
        "u128",
        "usize",
        "i8",
        "i16",
        "i32",
        "i64",
        "i128",
        "isize",
        "f32",
        "f64",
    }
)
_ITEM_KINDS = frozenset(
    {"struct_item", "enum_item", "type_item", "trait_item", "union_item", "function_item", "mod_item"}
)


def module_path(rel: str) -> str | None:
    """``crates/foo/src/a/b.rs`` -> ``foo::a::b`` (``lib.rs``/``mod.rs`` name their folder)."""
    parts = PurePosixPath(rel).parts
    if len(parts) < 4 or parts[0] != "crates" or parts[2] != "src":
        return None
    inner = list(parts[3:])
    inner[-1] = inner[-1].removesuffix(".rs")
    if inner[-1] in ("lib", "mod", "main"):
        inner.pop()
    return "::".join([parts[1], *inner])


def crate_of(rel: str) -> str | None:
    """The crate folder name of a file under ``crates/<crate>/src``."""
    path = module_path(rel)
    return path.split("::")[0] if path else None


def dependency_aliases(cargo_toml: str) -> dict[str, str]:
    """Package name -> the name the crate uses for it (``masking = { package = "hyperswitch_masking" }``)."""
    try:
        data = tomllib.loads(cargo_toml)
    except tomllib.TOMLDecodeError:
        return {}
    aliases: dict[str, str] = {}
    for section in ("dependencies", "dev-dependencies"):
        for key, value in (data.get(section) or {}).items():
            package = value.get("package", key) if isinstance(value, dict) else key
            aliases.setdefault(package.replace("-", "_"), key.replace("-", "_"))
    return aliases


@dataclass(frozen=True)
class Scope:
    """The names a file can use: what its top-level ``use`` lines bind, and the items it defines."""

    module: str  # the file's module path (``hyperswitch_interfaces::webhooks``)
    bindings: dict[str, str]  # name -> full path
    defined: frozenset[str]  # names of items the file itself defines
    exported: frozenset[str]  # names the file defines or ``pub use``s

    @classmethod
    def of(cls, source: bytes, rel: str) -> Scope:
        """The scope of the file ``rel`` with content ``source``."""
        module = module_path(rel) or ""
        root = rust_syntax.parse(source).root_node
        bindings: dict[str, str] = {}
        exported: set[str] = set()
        defined: set[str] = set()
        for item in root.named_children:
            if item.type == "use_declaration":
                public = _is_pub(item)
                for bound, path in _use_tree(item.child_by_field_name("argument"), "", module):
                    bindings[bound] = path
                    if public:
                        exported.add(bound)
            elif item.type in _ITEM_KINDS and (name := rust_syntax.item_name(item)):
                defined.add(name)
                if _is_pub(item):
                    exported.add(name)
        return cls(module, bindings, frozenset(defined), frozenset(exported | defined))

    def full_path(self, written: str) -> str | None:
        """The full path of a path as written in this file, or None for prelude and unknown names."""
        segments = written.split("::")
        head = segments[0]
        if head in PRELUDE and len(segments) == 1:
            return None
        if head == "crate":
            base = self.module.split("::")[0]
        elif head in ("self", "super"):
            base = _relative(self.module, head)
        elif head in self.bindings:
            base = self.bindings[head]
        elif head in self.defined:
            base = f"{self.module}::{head}"
        elif len(segments) > 1:
            base = head  # an extern crate named directly
        else:
            return None
        return "::".join([base, *segments[1:]])

    def spell(self, full: str, *, aliases: dict[str, str] | None = None) -> str:
        """How this file can name ``full``: a direct binding, a bound module and the rest, or in full.

        ``aliases`` maps package names to the names this crate's ``Cargo.toml`` gives them.
        """
        inverse = {path: name for name, path in self.bindings.items()}
        segments = full.split("::")
        if full in inverse:
            return inverse[full]
        if "::".join(segments[:-1]) == self.module and segments[-1] in self.defined:
            return segments[-1]
        for cut in range(len(segments) - 1, 0, -1):
            prefix = "::".join(segments[:cut])
            if prefix in inverse:
                return "::".join([inverse[prefix], *segments[cut:]])
        if segments[0] == self.module.split("::")[0]:
            return "::".join(["crate", *segments[1:]])
        return "::".join([(aliases or {}).get(segments[0], segments[0]), *segments[1:]])


def _is_pub(item: Node) -> bool:
    return any(c.type == "visibility_modifier" for c in item.children)


def _relative(module: str, head: str) -> str:
    return module if head == "self" else module.rsplit("::", 1)[0]


def _use_tree(node: Node | None, prefix: str, module: str) -> Iterator[tuple[str, str]]:
    """(bound name, full path) for each name a use tree binds; globs bind nothing we can name."""
    if node is None:
        return
    kind = node.type
    if kind == "use_as_clause":
        path = _join(prefix, rust_syntax.text(node.child_by_field_name("path")), module)  # type: ignore[arg-type]
        yield rust_syntax.text(node.child_by_field_name("alias")), path  # type: ignore[arg-type]
    elif kind in ("identifier", "scoped_identifier", "crate", "self", "super"):
        written = rust_syntax.text(node)
        path = _join(prefix, written, module)
        name = written.rsplit("::", 1)[-1]
        yield (prefix.rsplit("::", 1)[-1] if name == "self" else name), path.removesuffix("::self")
    elif kind == "scoped_use_list":
        base = node.child_by_field_name("path")
        inner = _join(prefix, rust_syntax.text(base), module) if base is not None else prefix
        yield from _use_tree(node.child_by_field_name("list"), inner, module)
    elif kind == "use_list":
        for child in node.named_children:
            yield from _use_tree(child, prefix, module)


def _join(prefix: str, written: str, module: str) -> str:
    """A use path made absolute: ``crate::``/``self::``/``super::`` resolved against ``module``."""
    path = f"{prefix}::{written}" if prefix else written
    head, _, rest = path.partition("::")
    if head == "crate":
        return f"{module.split('::')[0]}::{rest}" if rest else module.split("::")[0]
    if head in ("self", "super"):
        base = _relative(module, head)
        return f"{base}::{rest}" if rest else base
    return path


_PATH_TOKEN = re.compile(r"(?<![\w:])((?:[A-Za-z_]\w*::)*[A-Za-z_]\w*)(?![\w:])")
_LIFETIME_OR_KEYWORD = frozenset({"dyn", "impl", "mut", "const", "where", "for", "as"})


def respell_type(text: str, source: Scope, target: Scope, *, aliases: dict[str, str] | None = None) -> str:
    """``text``, a type written in ``source``'s file, written so that it means the same in ``target``'s.

    Each path is resolved in ``source`` and spelled in ``target``; prelude names, lifetimes and
    generic parameters (names neither file knows) are kept as written.
    """

    def replace(match: re.Match[str]) -> str:
        written = match.group(1)
        if written in _LIFETIME_OR_KEYWORD or (match.start() > 0 and text[match.start() - 1] == "'"):
            return written
        full = source.full_path(written)
        if full is None:
            return written
        return target.spell(full, aliases=aliases)

    return _PATH_TOKEN.sub(replace, text)
