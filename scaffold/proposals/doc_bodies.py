"""The doc facts proposals use, per flow: its endpoint, its example request and response bodies (as
field trees), and the fields holding the connector's id, the status and the merchant's reference.

Only the doc model's public facts are read (endpoints with flows, example bodies with their role and
endpoint, statuses); an example is a flow's when the model ties it to the flow's endpoint, or when
it sits in a section that only that endpoint is documented in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from scaffold.docs.examples import Example
from scaffold.docs.model import Endpoint
from scaffold.docs.reader import DocModel, ExampleRef
from scaffold.proposals.model import Evidence
from scaffold.proposals.siblings import norm

ID_KEY = re.compile(r"(?i)^(?:id|(?:transaction|txn|payment|charge|order|operation)_?id|uuid)$")
STATUS_KEY = re.compile(r"(?i)^(?:status|state|result|outcome|transaction_?status|payment_?status)$")
REFERENCE_KEY = re.compile(
    r"(?i)^(?:reference|merchant_?reference(?:_?id)?|order_?(?:id|reference|number)|invoice_?(?:id|number)|"
    r"client_?reference|external_?id)$"
)


@dataclass
class Leaf:
    """One field an example shows: its dotted wire path, the literal, its line and JSON kind."""

    path: tuple[str, ...]
    literal: str
    line: int
    kind: str
    in_array: bool = False

    @property
    def key(self) -> str:
        return ".".join(self.path)

    @property
    def name(self) -> str:
        return self.path[-1]


@dataclass
class Body:
    """An example body of one flow: where it is and its fields, in order."""

    doc: str
    example: Example
    endpoint: Endpoint | None
    leaves: list[Leaf] = field(default_factory=list)

    @property
    def lines(self) -> str:
        block = self.example.block
        return f"{block.line}" if block.end == block.line else f"{block.line}-{block.end}"

    def evidence(self, what: str) -> Evidence:
        return Evidence("doc", f"{self.doc}:{self.lines}", what)

    def find(self, pattern: re.Pattern[str], top_first: bool = True) -> Leaf | None:
        found = [leaf for leaf in self.leaves if pattern.match(leaf.name) and not leaf.in_array]
        found.sort(key=lambda leaf: len(leaf.path) if top_first else 0)
        return found[0] if found else None


FLOW_WORDS = {
    "Authorize": re.compile(r"(?i)payment|charge|transaction|order|authori[sz]|purchase|sale|checkout"),
    "SetupMandate": re.compile(r"(?i)mandate|verif|registration|token|payment"),
    "Capture": re.compile(r"(?i)captur|settle"),
    "Void": re.compile(r"(?i)void|cancel|revers"),
    "Execute": re.compile(r"(?i)refund|credit"),
    "RSync": re.compile(r"(?i)refund|credit"),
}
REFUND_WORDS = re.compile(r"(?i)refund|credit")
OTHER_FLOW_WORDS = re.compile(r"(?i)captur|settle|void|cancel|revers|refund")


def fit(flow: str, endpoint: Endpoint) -> int:
    """How well an endpoint's method and path fit a flow it is labelled with (higher is better)."""
    path, method = endpoint.path, endpoint.method
    placeholder = "{" in path
    score = 2 if FLOW_WORDS.get(flow, re.compile("$^")).search(path) else 0
    if flow in ("Authorize", "SetupMandate"):
        score += (0 if placeholder else 2) - (2 if OTHER_FLOW_WORDS.search(path) else 0)
    elif flow == "PSync":
        score += (method == "GET") + 2 * placeholder - 3 * bool(REFUND_WORDS.search(path))
    elif flow == "RSync":
        score += (method == "GET") + placeholder
    elif flow in ("Capture", "Void"):
        score += placeholder
    return score


def _array_keys(text: str) -> set[str]:
    return set(re.findall(r'"([^"\\]+)"\s*:\s*\[', text))


def leaves_of(example: Example) -> list[Leaf]:
    """The example's fields as leaves (form and XML bodies too), each once."""
    arrays = _array_keys(example.block.text)
    seen: dict[str, Leaf] = {}
    for value in example.values:
        path = tuple(p for p in value.key.split(".") if p)
        if not path or value.key in seen:
            continue
        seen[value.key] = Leaf(path, value.literal, value.line, value.kind, any(p in arrays for p in path))
    return list(seen.values())


def _value(literal: str) -> str:
    return literal.strip().strip('"')


class DocBodies:
    """The doc model read for proposals."""

    def __init__(self, model: DocModel | None) -> None:
        self.model = model

    def endpoints(self, flow: str) -> list[Endpoint]:
        if self.model is None:
            return []
        return [e for e in self.model.serving(flow) if not e.deprecated]

    def endpoint(self, flow: str) -> Endpoint | None:
        """The live endpoint serving ``flow``: the only one, or the one that fits the flow best when the
        doc labels several with it (None when none, or when several fit equally)."""
        found = self.endpoints(flow)
        if len(found) <= 1:
            return found[0] if found else None
        scored = sorted(((fit(flow, e), i, e) for i, e in enumerate(found)), key=lambda t: (-t[0], t[1]))
        return scored[0][2] if scored[0][0] > scored[1][0] else None

    def alternatives(self, flow: str) -> list[Endpoint]:
        """The other endpoints the doc labels with ``flow`` when :meth:`endpoint` chose one of several."""
        chosen = self.endpoint(flow)
        return [e for e in self.endpoints(flow) if chosen is not None and e.key() != chosen.key()]

    def _refs(self, flow: str) -> list[ExampleRef]:
        if self.model is None:
            return []
        endpoint = self.endpoint(flow)
        if endpoint is None:
            return []
        tied = [
            r for r in self.model.examples if r.endpoint is not None and r.endpoint.key() == endpoint.key()
        ]
        sections = set(endpoint.sections) | {endpoint.section}
        others = {e.key() for e in self.model.endpoints if set(e.sections) & sections} - {endpoint.key()}
        loose = [
            r
            for r in self.model.examples
            if r.endpoint is None
            and r.example.block.section.title in sections
            and (not others or self._introduced_above(r) == endpoint.key())
        ]
        return tied + loose

    def _introduced_above(self, ref: ExampleRef) -> tuple[str, str] | None:
        """In a section that documents several endpoints, the one introduced last before ``ref``'s
        example (the doc's order: an endpoint, then its examples)."""
        assert self.model is not None
        line, title = ref.example.block.line, ref.example.block.section.title
        above = [
            e
            for e in self.model.endpoints
            if e.where.doc == ref.doc
            and e.where.line is not None
            and e.where.line < line
            and title in {e.section, *e.sections}
        ]
        return max(above, key=lambda e: e.where.line or 0).key() if above else None

    def bodies(self, flow: str, role: str) -> list[Body]:
        """The flow's example bodies in ``role`` ("request" or "response"), best first."""
        found = []
        for ref in self._refs(flow):
            example = ref.example
            leaves = leaves_of(example)
            has_status = any(STATUS_KEY.match(leaf.name) for leaf in leaves)
            fits = example.role == role or (
                example.role is None and (has_status if role == "response" else not has_status)
            )
            if fits and example.format in ("json", "form") and leaves:
                found.append(Body(ref.doc, example, ref.endpoint, leaves))
        found.sort(key=lambda b: (b.example.role != role, b.example.block.line))
        return found

    def body(self, flow: str, role: str) -> Body | None:
        found = self.bodies(flow, role)
        return found[0] if found else None

    def statuses(self, kind: str) -> list[tuple[str, Evidence]]:
        """The doc's status values of ``kind`` ("payment" or "refund"), each once."""
        if self.model is None:
            return []
        seen: dict[str, tuple[str, Evidence]] = {}
        for status in self.model.statuses:
            if status.kind == kind:
                where = status.evidence.where
                ref = f"{where.doc}:{where.line}" if where.pointer is None else f"{where.doc}#{where.pointer}"
                seen.setdefault(
                    norm(status.value), (status.value, Evidence("doc", ref, status.evidence.text))
                )
        return list(seen.values())

    def status_leaf(self, body: Body, kind: str) -> Leaf | None:
        """The field of ``body`` holding the status: one whose example value is a doc status, else by name."""
        values = {norm(v) for v, _ in self.statuses(kind)}
        for leaf in sorted(body.leaves, key=lambda leaf: len(leaf.path)):
            shows_one = not leaf.in_array and leaf.kind == "string" and norm(_value(leaf.literal)) in values
            if shows_one and (STATUS_KEY.match(leaf.name) or len(values) > 1):
                return leaf
        return body.find(STATUS_KEY)


def example_value(leaf: Leaf) -> str:
    """The leaf's literal without quotes."""
    return _value(leaf.literal)
