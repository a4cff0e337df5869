"""Which router-data value fills a request field the doc shows, and its Rust type, from the checkout.

The vocabulary (``scaffold/data/proposals.toml``) says what a field's name means (an amount, the
card's expiry year, the merchant's reference); the checkout says whether the flow's request data
has it, under which name and type, and which helper trait brings a method. A field nothing fills is
left out of the code with a TODO: hs-scaffold never invents a value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from scaffold import resources
from scaffold.proposals.doc_bodies import Leaf, example_value
from scaffold.proposals.env import Env
from scaffold.proposals.model import Evidence

UTILS_PATH = "crate::utils"


@dataclass
class Filled:
    """How one field is filled: the expression, its type, what it needs imported, why."""

    expr: str
    type: str
    uses: list[str] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    card: bool = False  # the expression reads the card of a card payment

    @property
    def optional(self) -> bool:
        return self.type.replace(" ", "").startswith("Option<")


def _normalised(path: tuple[str, ...]) -> str:
    return ".".join(re.sub(r"[_\-\s]", "", p.lower()) for p in path)


def _rules() -> list[dict[str, object]]:
    return list(resources.data_toml("proposals.toml")["request"])


def _inner_ok(returns: str) -> str:
    """``Result<T, E>`` -> ``T`` (a type otherwise as it is)."""
    text = returns.strip()
    match = re.match(r"(?:\w+::)*(?:Result|CustomResult|RouterResult)\s*<(.*)>$", text, re.S)
    if not match:
        return text
    depth, inner = 0, match.group(1)
    for index, char in enumerate(inner):
        depth += (char in "<([") - (char in ">)]")
        if char == "," and depth == 0:
            return inner[:index].strip()
    return inner.strip()


class FieldFiller:
    """Resolves request fields of one flow against the checkout."""

    def __init__(self, env: Env, flow: str, amount_type: str | None) -> None:
        self.env, self.flow, self.amount_type = env, flow, amount_type
        alias = env.ctx.router.alias(env.ctx.router.for_flow(flow) or "")
        self.request_type = alias.request if alias else None
        self.alias = alias

    def fill(self, leaf: Leaf) -> Filled | None:
        """How ``leaf`` is filled, or None when nothing in the router data means it."""
        key = _normalised(leaf.path)
        for rule in _rules():
            flows = rule.get("flows")
            if isinstance(flows, list) and self.flow not in flows:
                continue
            example = rule.get("example")
            if isinstance(example, str) and not re.match(example, example_value(leaf)):
                continue
            if not re.search(str(rule["key"]), key):
                continue
            for source in rule["from"]:  # type: ignore[attr-defined]
                found = self._source(str(source))
                if found is not None:
                    return found
        return None

    def _source(self, source: str) -> Filled | None:
        if source == "amount":
            if self.amount_type is None:
                return None
            copy = self.env.defs.is_copy(self.amount_type)
            return Filled("item.amount" if copy else "item.amount.clone()", self.amount_type)
        owner, _, member = source.partition(".")
        receiver = {"request": self.request_type, "router": "RouterData", "card": "Card"}.get(owner)
        if receiver is None:
            return None
        prefix = {"request": "item.router_data.request", "router": "item.router_data", "card": "card"}[owner]
        if member.endswith("()"):
            return self._method(receiver, member[:-2], prefix, owner == "card")
        return self._field(receiver, member, prefix, owner == "card")

    def _field(self, receiver: str, name: str, prefix: str, card: bool) -> Filled | None:
        definition = self.env.defs.get(receiver)
        found = definition.field(name) if definition is not None else None
        if definition is None or found is None:
            return None
        spelt = self.env.spell(found.type, definition.file)
        if spelt is None:
            return None
        spelled, uses = spelt
        copy = self.env.defs.is_copy(found.type)
        expr = f"{prefix}.{name}" + ("" if copy else ".clone()")
        evidence = [self.env.type_evidence(definition, name)]
        return Filled(expr, spelled, uses, evidence, card)

    def _method(self, receiver: str, name: str, prefix: str, card: bool) -> Filled | None:
        method = self.env.defs.method(receiver, name)
        if method is None:
            return None
        inner = _inner_ok(method.returns)
        spelt = self.env.spell(inner, method.file)
        if spelt is None:
            return None
        spelled, uses = spelt
        expr = f"{prefix}.{name}()" + ("?" if method.fallible else "")
        if method.trait:
            target = self.env.transformers or self.env.main
            bound = target.scope.bindings.get(method.trait)
            path = f"{UTILS_PATH}::{method.trait}"
            uses.append(path if bound is None else f"{path} as _")
        where = f"{method.trait}::{name}" if method.trait else f"{receiver}::{name}"
        evidence = [Evidence("types", f"{method.file}:{method.line}", f"`{where}() -> {method.returns}`")]
        return Filled(expr, spelled, uses, evidence, card)
