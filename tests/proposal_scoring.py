"""Scoring code proposals against the real connector each evaluation doc mirrors.

Independent of hs-scaffold's proposal code: it reads the ``proposal`` keys of a stub map (what
``hs-scaffold spec`` writes) and compares their ``facts`` with the case's truth.toml
(``[[endpoint]]``, ``[unsupported]``, ``[request.<Flow>]``, ``[status_map.*]``, ``[auth] auth_type``):

- get_url: per flow the truth lists an endpoint for (or says is unsupported) among the flows whose
  URL the template leaves to write (Authorize, PSync, Capture, Void, Execute, RSync): the proposal's
  method and path (placeholders compared as ``{}``), or "unsupported";
- request fields: per request flow, every field of the truth and of the proposal is one item, agreed
  when both have it (serde names, nested ones dotted);
- statuses: per status value of the truth's map, the proposal's variant (one of the list when the real
  connector decides from other fields);
- auth: the ``ConnectorAuthType`` variant.

It also checks that every piece of evidence cites something real: a doc line within the doc, a
JSON pointer's doc, a checkout file (and line) for sibling, trait and type evidence.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

EVAL = Path(__file__).parent / "fixtures" / "docs" / "eval"
URL_FLOWS = ("Authorize", "PSync", "Capture", "Void", "Execute", "RSync")
URL_STUBS = {f: f"{f.lower()}.get_url" for f in URL_FLOWS if f != "Void"} | {"Void": "void.impl"}
REQUEST_ROLES = {"Authorize": "PaymentsRequest", "Execute": "RefundRequest"}
CATEGORIES = ("get_url", "fields", "statuses", "auth")


def normalise(path: str) -> str:
    path = re.sub(r"\{[^}/]*\}|<[^>/]*>|(?<=/):[A-Za-z_]\w*", "{}", path.strip())
    return "/" + path.strip("/")


@dataclass
class Tally:
    """Items of one kind: ``made`` (the proposals made for them), ``agreed`` (those the real connector
    agrees with), ``truth`` (the items the real connector has)."""

    agreed: int = 0
    made: int = 0
    truth: int = 0

    def add(self, agreed: int, made: int, truth: int) -> None:
        self.agreed += agreed
        self.made += made
        self.truth += truth

    def cell(self) -> str:
        return f"{self.agreed}/{self.made}" if self.made or self.truth else "—"

    @property
    def share(self) -> float:
        """Agreement: of the items proposed, the share the real connector agrees with."""
        return self.agreed / self.made if self.made else 1.0

    @property
    def coverage(self) -> float:
        """Of the real connector's items, the share proposed and agreed."""
        return self.agreed / self.truth if self.truth else 1.0


@dataclass
class CaseResult:
    case: str
    connector: str
    tallies: dict[str, Tally] = field(default_factory=lambda: {c: Tally() for c in CATEGORIES})
    evidence: Tally = field(default_factory=Tally)
    bad_evidence: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)

    @property
    def overall(self) -> Tally:
        found = Tally()
        for tally in self.tallies.values():
            found.add(tally.agreed, tally.made, tally.truth)
        return found


@dataclass(frozen=True)
class EvalCase:
    name: str
    docs: tuple[Path, ...]
    truth: dict[str, Any]


def eval_cases(only: list[str] | None = None) -> list[EvalCase]:
    found = []
    for truth_path in sorted(EVAL.glob("*.truth.toml")):
        truth = tomllib.loads(truth_path.read_text(encoding="utf-8"))
        name = truth_path.name.removesuffix(".truth.toml")
        if only and name not in only:
            continue
        docs = truth["case"].get("docs") or [truth["case"]["doc"]]
        found.append(EvalCase(name, tuple(EVAL / d for d in docs), truth))
    return found


def _by_id(stub_map: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {s["id"]: s for s in stub_map["stubs"]}


def _proposal(stubs: dict[str, dict[str, Any]], stub_id: str) -> dict[str, Any]:
    return (stubs.get(stub_id) or {}).get("proposal") or {}


def _role_stub(stubs: dict[str, dict[str, Any]], role: str) -> dict[str, Any]:
    for stub_id, stub in stubs.items():
        if stub_id.startswith("transformers.") and stub_id.endswith(role) and stub.get("function") is None:
            return stub.get("proposal") or {}
    return {}


def _score_urls(result: CaseResult, truth: dict[str, Any], stubs: dict[str, dict[str, Any]]) -> None:
    wanted: dict[str, set[tuple[str, str]]] = {}
    for endpoint in truth.get("endpoint", []):
        for flow in endpoint.get("flows", []):
            wanted.setdefault(flow, set()).add((endpoint["method"], normalise(endpoint["path"])))
    unsupported = set(truth.get("unsupported", {}).get("flows", []))
    for flow in URL_FLOWS:
        facts = _proposal(stubs, URL_STUBS[flow]).get("facts", {})
        made = bool(facts.get("unsupported") or facts.get("path"))
        in_truth = flow in wanted or flow in unsupported
        if not (made or in_truth):
            continue
        if flow in unsupported and flow not in wanted:
            ok = bool(facts.get("unsupported"))
        else:
            ok = (facts.get("method"), normalise(facts.get("path", ""))) in wanted.get(flow, set())
        result.tallies["get_url"].add(int(ok and made), int(made), int(in_truth))
        if not ok:
            got = "unsupported" if facts.get("unsupported") else f"{facts.get('method')} {facts.get('path')}"
            result.misses.append(f"get_url {flow}: {got if facts else 'no proposal'}")


def _score_fields(result: CaseResult, truth: dict[str, Any], stubs: dict[str, dict[str, Any]]) -> None:
    for flow, role in REQUEST_ROLES.items():
        want = set(truth.get("request", {}).get(flow, {}).get("fields", []))
        if not want:
            continue
        got = set(_role_stub(stubs, role).get("facts", {}).get("fields", []))
        result.tallies["fields"].add(len(want & got), len(got), len(want))
        if got - want:
            result.misses.append(f"fields {flow}: proposed, not in the real struct: {sorted(got - want)[:6]}")


def _score_statuses(result: CaseResult, truth: dict[str, Any], stubs: dict[str, dict[str, Any]]) -> None:
    for kind, role in (("payment", "PaymentStatus"), ("refund", "RefundStatus")):
        want = truth.get("status_map", {}).get(kind, {})
        if not want:
            continue
        proposal = (
            _role_stub(stubs, role)
            if kind == "payment"
            else _proposal(stubs, "transformers.RefundStatus.from")
        )
        got = {_key(k): v for k, v in proposal.get("facts", {}).get("map", {}).items()}
        for value, variant in want.items():
            options = variant if isinstance(variant, list) else [variant]
            ok = got.get(_key(value)) in options
            result.tallies["statuses"].add(int(ok), int(got.get(_key(value)) is not None), 1)
            if not ok:
                result.misses.append(
                    f"status {kind} {value!r}: {got.get(_key(value), 'absent')} (real: {variant})"
                )


def _key(value: str) -> str:
    return re.sub(r"[^a-z0-9]", "", value.lower())


def _score_auth(result: CaseResult, truth: dict[str, Any], stubs: dict[str, dict[str, Any]]) -> None:
    want = truth.get("auth", {}).get("auth_type")
    if not want:
        return
    got = _role_stub(stubs, "AuthType").get("facts", {}).get("auth_type")
    result.tallies["auth"].add(int(got == want), int(got is not None), 1)
    if got != want:
        result.misses.append(f"auth type: {got} (real: {want})")


def _ref_ok(ref: str, kind: str, checkout: Path, docs: dict[str, Path]) -> bool:
    if kind == "doc" and "#" in ref:
        path = docs.get(ref.split("#", 1)[0])
        return path is not None and path.is_file()
    file, _, lines = ref.rpartition(":")
    if not lines.replace("-", "").isdigit():
        file, lines = ref, ""
    path = docs.get(file) if kind == "doc" else checkout / file
    if path is None or not path.exists():
        return False
    if not lines or path.is_dir():
        return kind != "doc"
    count = len(path.read_text(encoding="utf-8", errors="replace").splitlines())
    return all(1 <= int(n) <= count for n in lines.split("-") if n)


def _score_evidence(result: CaseResult, stub_map: dict[str, Any], checkout: Path, docs: list[Path]) -> None:
    by_name = {str(d): d for d in docs} | {d.name: d for d in docs}
    for shown in stub_map.get("docs", []):
        by_name.setdefault(shown, next((d for d in docs if str(d).endswith(shown)), Path(shown)))
    for stub in stub_map["stubs"]:
        for item in (stub.get("proposal") or {}).get("evidence", []):
            ok = _ref_ok(item["ref"], item["kind"], checkout, by_name)
            result.evidence.add(int(ok), 1, 1)
            if not ok:
                result.bad_evidence.append(f"{stub['id']}: {item['kind']} {item['ref']}")


def score(case: EvalCase, stub_map: dict[str, Any], checkout: Path) -> CaseResult:
    """How the stub map's proposals agree with the case's real connector."""
    result = CaseResult(case.name, case.truth["case"]["real_connector"])
    stubs = _by_id(stub_map)
    _score_urls(result, case.truth, stubs)
    _score_fields(result, case.truth, stubs)
    _score_statuses(result, case.truth, stubs)
    _score_auth(result, case.truth, stubs)
    _score_evidence(result, stub_map, checkout, list(case.docs))
    return result


def table(results: list[CaseResult]) -> str:
    """Per case and in total: agreed/proposed items per category, and the evidence check."""
    header = (
        f"{'case':<18} {'real':<14} {'get_url':>8} {'fields':>8} {'statuses':>9} {'auth':>5} "
        f"{'all':>8} {'covered':>8} {'evidence ok':>12}"
    )
    rows = [header, "-" * len(header)]
    for r in results:
        cells = [r.tallies[c].cell() for c in CATEGORIES]
        overall = r.overall
        rows.append(
            f"{r.case:<18} {r.connector:<14} {cells[0]:>8} {cells[1]:>8} {cells[2]:>9} {cells[3]:>5} "
            f"{overall.cell():>8} {overall.agreed:>3}/{overall.truth:<4} {r.evidence.cell():>12}"
        )
    overall, per, evidence = totals(results)
    rows.append("-" * len(header))
    cells = [per[c].cell() for c in CATEGORIES]
    rows.append(
        f"{'total':<18} {'':<14} {cells[0]:>8} {cells[1]:>8} {cells[2]:>9} {cells[3]:>5} "
        f"{overall.cell():>8} {overall.agreed:>3}/{overall.truth:<4} {evidence.cell():>12}"
    )
    shares = ", ".join(f"{c} {per[c].share:.0%}" for c in CATEGORIES)
    covered = ", ".join(f"{c} {per[c].coverage:.0%}" for c in CATEGORIES)
    rows.append(
        "agreement (items proposed that the real connector agrees with): "
        f"{overall.share:.0%} of {overall.made} ({shares})"
    )
    rows.append(
        "coverage (the real connector's items proposed and agreed): "
        f"{overall.coverage:.0%} of {overall.truth} ({covered})"
    )
    rows.append(f"evidence citing real doc lines or checkout files: {evidence.agreed} of {evidence.made}")
    return "\n".join(rows)


def totals(results: list[CaseResult]) -> tuple[Tally, dict[str, Tally], Tally]:
    overall, evidence = Tally(), Tally()
    per = {c: Tally() for c in CATEGORIES}
    for r in results:
        for c in CATEGORIES:
            per[c].add(r.tallies[c].agreed, r.tallies[c].made, r.tallies[c].truth)
        overall.add(r.overall.agreed, r.overall.made, r.overall.truth)
        evidence.add(r.evidence.agreed, r.evidence.made, r.evidence.truth)
    return overall, per, evidence
