"""What a proposal is: the code for one stub, where it goes, and the evidence for every choice in it.

A proposal replaces *regions* of the connector's files: a function in an impl, a group of
top-level items (a struct, its JSON macro, its ``TryFrom`` impl), or an empty impl. Each region is
found again by parsing when ``fill`` writes it, and its fingerprint (the code, layout and comments
ignored) tells whether the author changed it since the proposal was made.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

DERIVED = "derived"  # every choice follows from the doc, the router-data types or the convertor
SIBLING_MAJORITY = "sibling-majority"  # some choice is what most sibling connectors do
NONE = "none"  # a fact the code needs is missing: nothing worth writing yet
ACCEPTED = (DERIVED, SIBLING_MAJORITY)  # what `fill` writes by default
RANK = {DERIVED: 2, SIBLING_MAJORITY: 1, NONE: 0}


@dataclass(frozen=True)
class Evidence:
    """Why one part of a proposal is as it is: a doc line, a sibling file, a trait or a type."""

    kind: str  # "doc" | "sibling" | "trait" | "types"
    ref: str  # "kestrel_doc.md:26", "crates/.../abacus.rs:181", "crates/.../types.rs:17"
    text: str

    def as_json(self) -> dict[str, str]:
        return {"kind": self.kind, "ref": self.ref, "text": self.text}


@dataclass(frozen=True)
class Region:
    """A piece of a connector file a proposal rewrites.

    ``kind``: ``fn`` (a function of the impl ``owner``; ``name`` the function), ``items`` (top-level
    items named ``names``, with the comments right above the first), ``impl`` (the impl whose header
    is ``owner``), ``method`` (the ``Method::X`` of ``build_request`` in the impl ``owner``), ``end``
    (the end of the file: the code is appended), ``rename`` (identifiers ``name`` -> ``code`` in the
    whole file), ``use`` (``name`` imported in the file unless it is bound already).
    """

    file: str
    kind: str
    owner: str = ""  # impl key: trait name and first type argument, e.g. "ConnectorIntegration<Void>"
    name: str = ""
    names: tuple[str, ...] = ()

    def label(self) -> str:
        base = self.file.rsplit("/", 1)[-1]
        what = {
            "fn": f"fn {self.name} in impl {self.owner}",
            "items": ", ".join(self.names),
            "impl": f"impl {self.owner}",
            "method": f"the method of build_request in impl {self.owner}",
            "end": "the end of the file",
            "rename": f"`{self.name}`",
            "use": f"use {self.name}",
            "unuse": f"the import of {self.name}, if unused",
        }[self.kind]
        return f"{base}: {what}"

    def as_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "kind": self.kind,
            "owner": self.owner,
            "name": self.name,
            "names": list(self.names),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Region:
        return cls(
            data["file"],
            data["kind"],
            data.get("owner", ""),
            data.get("name", ""),
            tuple(data.get("names", ())),
        )


@dataclass(frozen=True)
class Part:
    """One edit: ``code`` in place of ``region`` (``expect``: what the region must still hold)."""

    region: Region
    code: str
    expect: str = ""  # the region's fingerprint when the proposal was made ("" for ``end``)

    def as_json(self) -> dict[str, Any]:
        return {"region": self.region.as_json(), "code": self.code, "expect": self.expect}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Part:
        return cls(Region.from_json(data["region"]), data["code"], data.get("expect", ""))


@dataclass
class Proposal:
    """The code proposed for one stub (or, with ``covered_by``, the stub another proposal covers)."""

    stub: str
    confidence: str
    parts: list[Part] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    open: list[str] = field(default_factory=list)
    requires: list[str] = field(default_factory=list)  # stub ids whose proposals this code relies on
    covered_by: str | None = None
    summary: str = ""  # one line: what the code does
    facts: dict[str, Any] = field(default_factory=dict)  # the choices made, machine-readable

    @property
    def code(self) -> str | None:
        """The code as the spec shows it: every part, with the file and place when there are several."""
        shown = [p for p in self.parts if p.region.kind not in ("rename", "use", "unuse")]
        if not shown:
            return None
        if len(shown) == 1 and not self._renames():
            return shown[0].code.strip("\n")
        blocks = [f"// {p.region.label()}\n{p.code.strip(chr(10))}" for p in shown]
        renames = self._renames()
        if renames:
            blocks.append("// also renamed: " + ", ".join(renames))
        return "\n\n".join(blocks)

    def _renames(self) -> list[str]:
        seen: dict[str, None] = {}
        for part in self.parts:
            if part.region.kind == "rename":
                seen.setdefault(f"`{part.region.name}` -> `{part.code}`", None)
        return list(seen)

    def as_json(self) -> dict[str, Any]:
        """The ``proposal`` key of the stub map."""
        data: dict[str, Any] = {
            "code": self.code,
            "evidence": [e.as_json() for e in dedupe(self.evidence)],
            "confidence": self.confidence,
            "open": list(dict.fromkeys(self.open)),
        }
        data["covered_by"] = self.covered_by
        data["summary"] = self.summary
        data["facts"] = self.facts
        data["requires"] = list(self.requires)
        data["parts"] = [p.as_json() for p in self.parts]
        return data

    @classmethod
    def from_json(cls, stub: str, data: dict[str, Any]) -> Proposal:
        return cls(
            stub=stub,
            confidence=data.get("confidence", NONE),
            parts=[Part.from_json(p) for p in data.get("parts", [])],
            evidence=[Evidence(**e) for e in data.get("evidence", [])],
            open=list(data.get("open", [])),
            requires=list(data.get("requires", [])),
            covered_by=data.get("covered_by"),
            summary=data.get("summary", ""),
            facts=dict(data.get("facts", {})),
        )


def dedupe(items: list[Evidence]) -> list[Evidence]:
    """Each piece of evidence once, in order."""
    return list(dict.fromkeys(items))


def lowest(*confidences: str) -> str:
    """The weakest of several confidences."""
    return min(confidences, key=RANK.__getitem__)
