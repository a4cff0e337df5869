"""Writing Rust types the way the connector's file writes them: serde derives and attributes, or the
``impl_json!`` macros of a checkout without serde."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from scaffold.naming import pascal_case, snake_case, split_words
from scaffold.proposals.targets import strip_r

FIELD_RULES = ("camelCase", "PascalCase", "SCREAMING_SNAKE_CASE", "kebab-case")
VARIANT_RULES = (
    "lowercase",
    "UPPERCASE",
    "snake_case",
    "SCREAMING_SNAKE_CASE",
    "camelCase",
    "PascalCase",
    "kebab-case",
    "SCREAMING-KEBAB-CASE",
)


def serde_field(rule: str, ident: str) -> str:
    """How serde's ``rename_all = rule`` spells a snake_case field."""
    words = ident.split("_")
    return {
        "camelCase": words[0] + "".join(w.capitalize() for w in words[1:]),
        "PascalCase": "".join(w.capitalize() for w in words),
        "SCREAMING_SNAKE_CASE": ident.upper(),
        "kebab-case": ident.replace("_", "-"),
    }.get(rule, ident)


def serde_variant(rule: str, variant: str) -> str:
    """How serde's ``rename_all = rule`` spells a PascalCase variant."""
    snake = snake_case(variant)
    return {
        "lowercase": variant.lower(),
        "UPPERCASE": variant.upper(),
        "snake_case": snake,
        "SCREAMING_SNAKE_CASE": snake.upper(),
        "camelCase": variant[:1].lower() + variant[1:],
        "PascalCase": variant,
        "kebab-case": snake.replace("_", "-"),
        "SCREAMING-KEBAB-CASE": snake.replace("_", "-").upper(),
    }[rule]


def variant_name(wire: str) -> str:
    """A variant for a wire spelling: ``partially_captured`` -> ``PartiallyCaptured``."""
    name = "".join(w[:1].upper() + w[1:].lower() for w in split_words(wire)) or "Unknown"
    return f"Status{name}" if name[0].isdigit() else name


@dataclass
class FieldSpec:
    """One field of a struct to write: its wire name, Rust name and type, how it is filled."""

    wire: str
    ident: str
    type: str
    value: str | None = None  # the expression filling it (requests)
    optional: bool = False


@dataclass
class StructSpec:
    """A struct to write, with the TODO lines for what the doc shows but nothing fills."""

    name: str
    fields: list[FieldSpec] = field(default_factory=list)
    todos: list[str] = field(default_factory=list)
    serialize: bool = True
    deserialize: bool = False
    doc: str = ""


def _derives(spec: StructSpec, json_macros: bool) -> str:
    names = ["Debug"]
    if spec.deserialize:
        names.append("Clone")
    if not json_macros:
        names += [n for n, on in (("Serialize", spec.serialize), ("Deserialize", spec.deserialize)) if on]
    return f"#[derive({', '.join(names)})]"


def _field_rule(fields: list[FieldSpec]) -> str | None:
    renamed = [f for f in fields if f.wire != strip_r(f.ident)]
    if not renamed:
        return None
    for rule in FIELD_RULES:
        if all(serde_field(rule, strip_r(f.ident)) == f.wire for f in fields):
            return rule
    return None


def render_struct(spec: StructSpec, json_macros: bool) -> str:
    """The struct (and, for the macro dialect, its ``impl_*json!`` line)."""
    lines = [f"/// {spec.doc}"] if spec.doc else []
    lines.append(_derives(spec, json_macros))
    rule = None if json_macros else _field_rule(spec.fields)
    if rule:
        lines.append(f'#[serde(rename_all = "{rule}")]')
    lines.append(f"pub struct {spec.name} {{")
    for f in spec.fields:
        if not json_macros and rule is None and f.wire != strip_r(f.ident):
            lines.append(f'    #[serde(rename = "{f.wire}")]')
        if not json_macros and spec.serialize and not spec.deserialize and f.optional:
            lines.append('    #[serde(skip_serializing_if = "Option::is_none")]')
        lines.append(f"    pub {f.ident}: {f.type},")
    lines += [f"    // TODO: {t}" for t in spec.todos]
    lines.append("}")
    if json_macros:
        macro = "impl_json" if spec.deserialize else "impl_to_json"
        members = ", ".join(
            f.ident if f.wire == strip_r(f.ident) else f'{f.ident} => "{f.wire}"' for f in spec.fields
        )
        lines.append(f"{macro}!({spec.name} {{ {members} }});")
    return "\n".join(lines)


@dataclass
class VariantSpec:
    wire: str
    name: str


def _variant_rule(variants: list[VariantSpec]) -> str | None:
    best, score = None, 0
    for rule in VARIANT_RULES:
        hits = sum(serde_variant(rule, v.name) == v.wire for v in variants)
        if hits > score:
            best, score = rule, hits
    return best


def render_enum(name: str, variants: list[VariantSpec], json_macros: bool) -> str:
    """A fieldless enum read from (and written as) the given spellings."""
    lines = [
        "#[derive(Debug, Clone, Copy, PartialEq)]"
        if json_macros
        else "#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]"
    ]
    rule = None if json_macros else _variant_rule(variants)
    if rule:
        lines.append(f'#[serde(rename_all = "{rule}")]')
    lines.append(f"pub enum {name} {{")
    for v in variants:
        if not json_macros and (rule is None or serde_variant(rule, v.name) != v.wire):
            lines.append(f'    #[serde(rename = "{v.wire}")]')
        lines.append(f"    {v.name},")
    lines.append("}")
    if json_macros:
        arms = ", ".join(f'{v.name} => "{v.wire}"' for v in variants)
        lines.append(f"impl_json_enum!({name} {{ {arms} }});")
    return "\n".join(lines)


def type_name(owner: str, key: str) -> str:
    """A nested struct's name: ``AcmepayPaymentsRequest`` + ``card`` -> ``AcmepayPaymentsRequestCard``."""
    return owner + pascal_case(key)


def _brackets(line: str) -> str:
    """The brackets of ``line`` in order, strings and comments skipped."""
    text = re.sub(r'"(?:[^"\\]|\\.)*"', '""', line)
    text = re.sub(r"'(?:[^'\\]|\\.)'", "''", text).split("//", 1)[0]
    return "".join(c for c in text if c in "()[]{}")


def tidy(code: str) -> str:
    """Re-indent ``code`` as rustfmt lays out blocks: one level per line that opens brackets, method-
    chain lines one level more (``fill`` runs rustfmt on what it writes; this is for reading)."""
    out: list[str] = []
    stack: list[int] = []  # the level of the line that opened each bracket still open
    for raw in code.strip("\n").splitlines():
        line = raw.strip()
        if not line:
            out.append("")
            continue
        brackets = _brackets(line)
        leading = len(brackets) - len(brackets.lstrip(")]}"))
        leading = min(leading, len(line) - len(line.lstrip(")]}")))
        for _ in range(leading):
            if stack:
                stack.pop()
        level = stack[-1] + 1 if stack else 0
        out.append("    " * (level + line.startswith(".")) + line)
        for char in brackets[leading:]:
            if char in "([{":
                stack.append(level)
            elif stack:
                stack.pop()
    return "\n".join(out)
