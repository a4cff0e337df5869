"""Router-data aliases (``pub type X = RouterData<Flow, Req, Resp>;``) parsed from the checkout."""

from __future__ import annotations

import re
from dataclasses import dataclass

from scaffold.checkout import Checkout
from scaffold.trait_contracts import line_of, node_text, parse_rust, short_type, split_args

# Where the aliases live, newest layout first; every file found contributes, the first wins ties.
ALIAS_FILES = ("crates/hyperswitch_domain_models/src/types.rs", "crates/router/src/types.rs")


@dataclass(frozen=True)
class RouterAlias:
    """``pub type name<params> = RouterData<flow, request, response>;``."""

    name: str
    params: tuple[str, ...]  # generic parameters of the alias, e.g. ("F",)
    flow: str
    request: str
    response: str
    file: str
    line: int

    def matches(self, flow: str, request: str, response: str) -> bool:
        """True if the alias denotes ``RouterData<flow, request, response>``."""
        flow_ok = self.flow == flow or self.flow in self.params
        return flow_ok and (self.request, self.response) == (request, response)

    def spelled_for(self, flow: str) -> str:
        """How code names this alias for ``flow``: ``RefundsRouterData<Execute>`` or the name."""
        if not self.params:
            return self.name
        return f"{self.name}<{', '.join(flow if p == self.flow else p for p in self.params)}>"


@dataclass(frozen=True)
class RouterTypes:
    """Every router-data alias found, in file order."""

    aliases: tuple[RouterAlias, ...]

    def resolve(self, flow: str, request: str, response: str, prefer: str = "") -> str | None:
        """The alias for the triple: exact (non-generic) first, one used in ``prefer`` text first."""
        triple = (short_type(flow), short_type(request), short_type(response))
        found = [a for a in self.aliases if a.matches(*triple)]
        found.sort(key=lambda a: (bool(a.params), a.spelled_for(triple[0]) not in prefer))
        return found[0].spelled_for(triple[0]) if found else None

    def for_flow(self, flow: str) -> str | None:
        """The only non-generic alias whose flow is ``flow``, or None when there are several."""
        names = {a.name for a in self.aliases if a.flow == short_type(flow) and not a.params}
        return names.pop() if len(names) == 1 else None

    def alias(self, spelled: str) -> RouterAlias | None:
        """The alias named by ``spelled`` (``RefundsRouterData<Execute>`` finds ``RefundsRouterData``)."""
        name = spelled.split("<")[0].strip()
        return next((a for a in self.aliases if a.name == name), None)

    def expand(self, text: str) -> str:
        """Rewrite every alias in a normalised type text into ``RouterData<F,Req,Resp>``."""
        for alias in self.aliases:
            if alias.name in text:
                text = _expand_one(alias, text)
        return text


def _expand_one(alias: RouterAlias, text: str) -> str:
    def target(args: list[str]) -> str:
        bound = dict(zip(alias.params, args, strict=False))
        parts = (bound.get(p, p) for p in (alias.flow, alias.request, alias.response))
        return f"RouterData<{','.join(parts)}>"

    if alias.params:
        pattern = re.compile(rf"\b{alias.name}<([^<>]*)>")
        return pattern.sub(lambda m: target(split_args(m.group(1))), text)
    return re.sub(rf"\b{alias.name}\b(?!<)", target([]), text)


def _alias(
    node_name: str, params: tuple[str, ...], type_text: str, file: str, line: int
) -> RouterAlias | None:
    head, _, rest = short_type(type_text).partition("<")
    args = split_args(rest[:-1]) if head == "RouterData" and rest.endswith(">") else []
    if len(args) != 3:
        return None
    return RouterAlias(node_name, params, args[0], args[1], args[2], file, line)


def parse_aliases(source: bytes, file: str) -> list[RouterAlias]:
    """The ``RouterData`` aliases declared at the top level of ``source``."""
    found: list[RouterAlias] = []
    for item in parse_rust(source).named_children:
        if item.type != "type_item":
            continue
        tparams = item.child_by_field_name("type_parameters")
        params = tuple(
            node_text(p.child_by_field_name("name") or p)
            for p in (tparams.named_children if tparams is not None else [])
            if p.type == "type_parameter"
        )
        name = node_text(item.child_by_field_name("name"))
        alias = _alias(name, params, node_text(item.child_by_field_name("type")), file, line_of(item))
        if alias is not None:
            found.append(alias)
    return found


def load_router_types(checkout: Checkout) -> RouterTypes:
    """The aliases of every known alias file present in the checkout."""
    aliases: list[RouterAlias] = []
    for rel in ALIAS_FILES:
        path = checkout.source(rel)
        if path.is_file():
            aliases.extend(parse_aliases(path.read_bytes(), rel))
    return RouterTypes(tuple(aliases))
