"""What the sibling connectors of the checkout chose, counted: how each status spelling is mapped to
``AttemptStatus`` / ``RefundStatus``, and how many leave a flow's impl empty.

Status choices are read from ``From`` (and ``ForeignFrom``) impls whose match arms map one variant of
the connector's own enum to one variant of the target; the variant's wire spelling comes from its
serde attributes (``rename_all``, ``rename``, ``alias``) or the ``impl_json_enum!`` list. Arms whose
value is not a plain variant (a condition, a call) count as "conditional". Results are cached per
file content under the repository's common git dir, like the example index.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field

from tree_sitter import Node

from scaffold import cache_files
from scaffold.checkout import Checkout
from scaffold.rust_syntax import walk
from scaffold.trait_contracts import impl_items, node_text, parse_rust, top_items, trait_parts

CACHE_VERSION = 1
TARGETS = ("AttemptStatus", "RefundStatus")
_JSON_ENUM = re.compile(r"impl_json_enum!\s*\(\s*(\w+)\s*\{([^}]*)\}", re.S)
_JSON_ENUM_ARM = re.compile(r"(\w+)\s*=>\s*\"([^\"]*)\"")
_SERDE_NAME = re.compile(r"\b(rename|alias)\s*=\s*\"([^\"]*)\"")
_RENAME_ALL = re.compile(r"rename_all\s*=\s*\"([^\"]*)\"")


def norm(value: str) -> str:
    """A status spelling compared loosely: ``Partially Captured``, ``partially_captured`` alike."""
    return re.sub(r"[^a-z0-9]", "", value.lower())


@dataclass(frozen=True)
class Choice:
    """One sibling's mapping of one spelling: the target variant ("" when conditional)."""

    connector: str
    file: str
    line: int
    target: str


@dataclass
class StatusVotes:
    """Per target enum and normalised spelling, what each sibling maps it to."""

    choices: dict[str, dict[str, list[Choice]]] = field(default_factory=dict)

    def for_value(self, target: str, value: str) -> list[Choice]:
        return self.choices.get(target, {}).get(norm(value), [])

    def tally(self, target: str, value: str) -> tuple[Counter[str], int, list[Choice]]:
        """(plain choices counted per target variant, conditional ones, every choice)."""
        found = self.for_value(target, value)
        plain = Counter(c.target for c in found if c.target)
        return plain, sum(1 for c in found if not c.target), found


def _spellings(root: Node, text: str) -> dict[str, dict[str, set[str]]]:
    """enum name -> variant -> the normalised spellings it is read from."""
    found: dict[str, dict[str, set[str]]] = {}
    for item in top_items(root):
        if item.type != "enum_item":
            continue
        name = node_text(item.child_by_field_name("name"))
        body = item.child_by_field_name("body")
        variants: dict[str, set[str]] = {}
        for variant in body.named_children if body is not None else ():
            if variant.type != "enum_variant":
                continue
            vname = node_text(variant.child_by_field_name("name"))
            spellings = {norm(vname)}
            prev = variant.prev_named_sibling
            while prev is not None and prev.type == "attribute_item":
                spellings.update(norm(m.group(2)) for m in _SERDE_NAME.finditer(node_text(prev)))
                prev = prev.prev_named_sibling
            explicit = {norm(m.group(2)) for a in _attrs_inside(variant) for m in _SERDE_NAME.finditer(a)}
            variants[vname] = spellings | explicit
        found[name] = variants
    for match in _JSON_ENUM.finditer(text):
        variants = found.setdefault(match.group(1), {})
        for arm in _JSON_ENUM_ARM.finditer(match.group(2)):
            variants.setdefault(arm.group(1), {norm(arm.group(1))}).add(norm(arm.group(2)))
    return found


def _attrs_inside(variant: Node) -> list[str]:
    return [node_text(c) for c in variant.children if c.type == "attribute_item"]


def _target_variant(value: Node, target: str) -> str:
    """``Self::Charged`` / ``enums::AttemptStatus::Charged`` -> ``Charged``; "" for anything else."""
    text = re.sub(r"\s+", "", node_text(value)).rstrip(",")
    match = re.fullmatch(rf"(?:Self|(?:\w+::)*{target})::([A-Z]\w*)", text)
    return match.group(1) if match else ""


def _arm_variants(pattern: Node, enum: str) -> list[str]:
    text = re.sub(r"\s+", "", node_text(pattern))
    return re.findall(rf"(?:^|\|)(?:\w+::)*{re.escape(enum)}::([A-Z]\w*)(?=$|\|)", text)


def file_choices(source: bytes, connector: str, rel: str) -> list[tuple[str, str, str, int]]:
    """(target enum, spelling, target variant or "", line) for every mapped arm in ``source``."""
    root = parse_rust(source)
    spellings = _spellings(root, source.decode("utf-8", "replace"))
    found: list[tuple[str, str, str, int]] = []
    for impl in impl_items(root):
        trait, args = trait_parts(node_text(impl.child_by_field_name("trait")))
        target = node_text(impl.child_by_field_name("type")).split("<")[0].split("::")[-1]
        if trait not in ("From", "ForeignFrom") or target not in TARGETS or not args:
            continue
        enum = args[0].split("<")[0].split("::")[-1]
        variants = spellings.get(enum, {})
        for node in walk(impl):
            if node.type != "match_arm":
                continue
            pattern, value = node.child_by_field_name("pattern"), node.child_by_field_name("value")
            if pattern is None or value is None:
                continue
            chosen = _target_variant(value, target)
            for variant in _arm_variants(pattern, enum):
                for spelling in sorted(variants.get(variant, {norm(variant)})):
                    found.append((target, spelling, chosen, node.start_point[0] + 1))
    return found


# --- the checkout, cached ------------------------------------------------------------------------


def load_votes(checkout: Checkout, exclude: str) -> StatusVotes:
    """Every sibling's status choices (``exclude``: the connector being proposed for)."""
    path = cache_files.cache_path(checkout, "status-votes", CACHE_VERSION)
    cached, records = cache_files.read_cache(path), {}
    votes = StatusVotes()
    for name in checkout.connector_names():
        for file in checkout.connector_files(name):
            rel = checkout.rel(file)
            data = file.read_bytes()
            digest = hashlib.blake2b(data, digest_size=16).hexdigest()
            old = cached.get(rel)
            record = old if isinstance(old, dict) and old.get("hash") == digest else None
            if record is None:
                record = {"hash": digest, "connector": name, "arms": file_choices(data, name, rel)}
            records[rel] = record
            if name == exclude:
                continue
            for target, spelling, chosen, line in record["arms"]:
                bucket = votes.choices.setdefault(target, {}).setdefault(spelling, [])
                if not any(c.connector == name and c.target == chosen for c in bucket):
                    bucket.append(Choice(name, rel, line, chosen))
    if records != cached:
        cache_files.write_cache(path, records)
    return votes
