"""Scoring a doc reading against a case's ground truth (tests/fixtures/docs/*/<case>.truth.toml).

Independent of hs-scaffold: it compares the doc sections of a stub map (the JSON ``spec`` writes)
and the spec's Markdown with the truth, as /work/notes/EVAL-SCHEMA.md lays it out.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scaffold.flows import KNOWN_FLOWS as FLOWS

FIXTURES = Path(__file__).parent / "fixtures" / "docs"
SETS = ("dev", "eval")  # the sets the test suite asserts thresholds on
HOLDOUT = "holdout"  # scored only on demand (scripts/score_docs.py --set holdout)


@dataclass(frozen=True)
class Case:
    """One doc (or several) and its truth."""

    set: str
    name: str
    docs: tuple[Path, ...]
    truth: dict[str, Any]


def cases(root: Path = FIXTURES, sets: tuple[str, ...] = SETS) -> list[Case]:
    """Every case of every set folder in ``sets`` present (by default ``dev/`` and, when there, ``eval/``)."""
    found = []
    for set_name in sets:
        folder = root / set_name
        for truth_path in sorted(folder.glob("*.truth.toml")) if folder.is_dir() else ():
            truth = tomllib.loads(truth_path.read_text(encoding="utf-8"))
            info = truth.get("case", {})
            names = info.get("docs") or [info["doc"]]
            name = truth_path.name[: -len(".truth.toml")]
            found.append(Case(set_name, name, tuple(folder / n for n in names), truth))
    return found


# --- comparing -----------------------------------------------------------------------------------------


def norm_path(path: str) -> str:
    """A path template without host, query or trailing slash, every placeholder written ``{}``."""
    path = re.sub(r"^https?://[^/]+", "", path.strip()).split("?")[0]
    path = re.sub(r"\{[^}/]*\}|<[^>/]*>|(?<=/):[A-Za-z_]\w*|\[[^\]/]*\]", "{}", path)
    return "/" + path.strip("/")


def same_path(truth: str, found: str) -> bool:
    """Equal, or equal once a version or base prefix (up to three literal segments) is dropped from
    the longer one: ``/v1/payments`` read where the truth, relative to ``.../v1``, says ``/payments``."""
    a, b = norm_path(truth).strip("/").split("/"), norm_path(found).strip("/").split("/")
    if a == b:
        return True
    short, long = (a, b) if len(a) < len(b) else (b, a)
    extra = long[: len(long) - len(short)]
    return bool(short) and long[len(extra) :] == short and len(extra) <= 3 and "{}" not in extra


def _verdict(truth: str | None, found: str | None) -> str:
    """``right``, ``wrong``, ``null`` (nothing read), or ``n/a`` (the truth says unstated)."""
    if truth in (None, "unstated"):
        return "n/a"
    if found is None:
        return "null"
    return "right" if found == truth else "wrong"


_ABSENCE = re.compile(
    r"(?i)\b(?:does not|doesn't|do not|don't) "
    r"(?:say|describe|make plain|mention|name|state|show|give|document|specify|list)\b|"
    r"\bsays? nothing\b|\bnames no\b|\bshows no\b|\bgives no\b|\blists no\b|\bhas no\b|"
    r"\bnever (?:says?|mentions?|names?|shows?|gives?|describes?)\b|\bnot in the docs?\b|"
    r"\bbut not (?:whether|their|how)\b|"
    r"\bno (?:\w+ ){0,3}(?:found|given|described) in the doc"
)


def absence_sentences(text: str) -> list[str]:
    """Sentences (and list items, table cells) of the spec that say the doc does not state something."""
    pieces = re.split(r"(?<=[.?!])\s+|\n+|\s\|\s", text)
    return [p.strip() for p in pieces if _ABSENCE.search(p)]


def _topic(sentence: str) -> tuple[str, str | None] | None:
    """What an absence sentence is about: (topic, flow or status kind)."""
    lower = sentence.lower()
    if "webhook" in lower:
        return "webhooks", None
    if re.search(r"\berrors?\b", lower):
        return "errors", None
    if "status" in lower:
        return "statuses", "refund" if "refund" in lower else "payment"
    if re.search(r"authenticat|auth scheme|header or scheme", lower):
        return "auth", None
    if "endpoint" in lower:
        flow = next((f for f in FLOWS if re.search(rf"\b{f}\b", sentence)), None)
        return "endpoint", flow
    if re.search(r"amount|minor unit|base unit|numbers or strings", lower):
        return "amount", None
    return None


def _truth_has(truth: dict[str, Any], topic: str, detail: str | None) -> bool:
    if topic == "webhooks":
        hooks = truth.get("webhooks", {})
        return bool(hooks.get("events") or hooks.get("signature_header") or hooks.get("algorithm"))
    if topic == "errors":
        return bool(truth.get("errors", {}).get("fields"))
    if topic == "statuses":
        return bool(truth.get("statuses", {}).get(detail or "payment"))
    if topic == "auth":
        return truth.get("auth", {}).get("scheme", "unstated") != "unstated"
    if topic == "endpoint":
        endpoints = truth.get("endpoint", [])
        return any(detail in e.get("flows", []) for e in endpoints) if detail else bool(endpoints)
    if topic == "amount":
        amount = truth.get("amount", {})
        return (
            amount.get("unit", "unstated") != "unstated" or amount.get("convertor", "unstated") != "unstated"
        )
    return False


def _recall_precision(truth: set[str], found: set[str]) -> tuple[int, int, int]:
    """(hits, truth size, found size)."""
    return len(truth & found), len(truth), len(found)


@dataclass
class CaseScore:
    """How one case was read."""

    case: Case
    unit: str = "n/a"
    convertor: str = "n/a"
    auth: str = "n/a"
    flows_right: list[str] = field(default_factory=list)
    flows_missed: list[str] = field(default_factory=list)  # implemented flows not read right
    wrong_labels: list[str] = field(default_factory=list)  # "Capture on POST /x"
    unsupported_right: list[str] = field(default_factory=list)
    unsupported_missed: list[str] = field(default_factory=list)
    unsupported_wrong: list[str] = field(default_factory=list)
    statuses: dict[str, tuple[int, int, int]] = field(default_factory=dict)
    errors: tuple[int, int, int] = (0, 0, 0)
    events: tuple[int, int, int] = (0, 0, 0)
    signature_header: str = "n/a"
    algorithm: str = "n/a"
    false_absences: list[str] = field(default_factory=list)
    spec_text: str = ""

    @property
    def wrong_answers(self) -> list[str]:
        """Answers the doc contradicts (null is not wrong)."""
        found = [
            name
            for name in ("unit", "convertor", "auth", "signature_header", "algorithm")
            if getattr(self, name) == "wrong"
        ]
        return (
            found
            + [f"flow label {w}" for w in self.wrong_labels]
            + [f"unsupported {u}" for u in self.unsupported_wrong]
        )


def _endpoints(reading: dict[str, Any]) -> list[tuple[str, str, list[str]]]:
    return [
        (e["method"], e["path"], list(e.get("flows") or []))
        for e in reading.get("endpoints", [])
        if not e.get("deprecated")
    ]


def score(case: Case, reading: dict[str, Any], spec_text: str) -> CaseScore:
    """Compare the stub map ``reading`` and the spec Markdown ``spec_text`` with the case's truth."""
    truth = case.truth
    result = CaseScore(case, spec_text=spec_text)
    amount, auth = truth.get("amount", {}), truth.get("auth", {})
    read_amount, read_auth = reading.get("amount", {}), reading.get("auth", {})
    result.unit = _verdict(amount.get("unit"), read_amount.get("currency_unit"))
    result.convertor = _verdict(amount.get("convertor"), read_amount.get("convertor"))
    result.auth = _verdict(auth.get("scheme"), read_auth.get("scheme"))
    truth_endpoints = truth.get("endpoint", [])
    found = _endpoints(reading)
    implemented = [f for f in FLOWS if any(f in e.get("flows", []) for e in truth_endpoints)]
    for flow in implemented:
        wanted = [(e["method"], e["path"]) for e in truth_endpoints if flow in e.get("flows", [])]
        mine = [(m, p) for m, p, flows in found if flow in flows]
        ok = bool(mine) and all(any(m == tm and same_path(tp, p) for tm, tp in wanted) for m, p in mine)
        (result.flows_right if ok else result.flows_missed).append(flow)
    for method, path, flows in found:
        matches = [e for e in truth_endpoints if e["method"] == method and same_path(e["path"], path)]
        allowed = {f for e in matches for f in e.get("flows", [])}
        result.wrong_labels += [f"{f} on {method} {path}" for f in flows if f not in allowed]
    truth_unsupported = set(truth.get("unsupported", {}).get("flows", []))
    read_unsupported = {u["flow"] for u in reading.get("unsupported_flows", [])}
    result.unsupported_right = sorted(truth_unsupported & read_unsupported)
    result.unsupported_missed = sorted(truth_unsupported - read_unsupported)
    result.unsupported_wrong = sorted(f for f in read_unsupported - truth_unsupported if f in implemented)
    statuses = reading.get("statuses", {})
    for kind in ("payment", "refund"):
        wanted_values = set(truth.get("statuses", {}).get(kind, []))
        read_values = {s["value"] for s in statuses.get(kind, [])}
        result.statuses[kind] = _recall_precision(wanted_values, read_values)
    errors = reading.get("errors", {})
    truth_fields = {f.split(".")[-1] for f in truth.get("errors", {}).get("fields", [])}
    read_fields = set(errors.get("names") or [f.split(".")[-1] for f in errors.get("fields", [])])
    result.errors = _recall_precision(truth_fields, read_fields)
    hooks, read_hooks = truth.get("webhooks", {}), reading.get("webhooks", {})
    result.events = _recall_precision(
        set(hooks.get("events", [])), {e["name"] for e in read_hooks.get("events", [])}
    )
    header = (read_hooks.get("signature_header") or {}).get("name")
    algorithm = (read_hooks.get("algorithm") or {}).get("name")
    result.signature_header = _verdict(hooks.get("signature_header"), header)
    result.algorithm = _verdict(hooks.get("algorithm"), algorithm)
    for sentence in dict.fromkeys(absence_sentences(spec_text)):
        topic = _topic(sentence)
        if topic and _truth_has(truth, *topic):
            result.false_absences.append(sentence)
    return result


# --- reporting -------------------------------------------------------------------------------------------


def _ratio(parts: tuple[int, int, int]) -> str:
    hits, wanted, found = parts
    if not wanted and not found:
        return "—"
    return f"{hits}/{wanted}r {hits}/{found}p"


def table(scores: list[CaseScore]) -> str:
    """The per-case table and the totals, as text."""
    header = (
        "case",
        "unit",
        "convertor",
        "auth",
        "flows right",
        "wrong labels",
        "unsupported",
        "statuses pay",
        "statuses ref",
        "errors",
        "events",
        "false absence",
    )
    rows = [header]
    for s in scores:
        implemented = len(s.flows_right) + len(s.flows_missed)
        unsupported = f"{len(s.unsupported_right)}/{len(s.unsupported_right) + len(s.unsupported_missed)}"
        rows.append(
            (
                f"{s.case.set}/{s.case.name}",
                s.unit,
                s.convertor,
                s.auth,
                f"{len(s.flows_right)}/{implemented}",
                str(len(s.wrong_labels)),
                unsupported,
                _ratio(s.statuses["payment"]),
                _ratio(s.statuses["refund"]),
                _ratio(s.errors),
                _ratio(s.events),
                str(len(s.false_absences)),
            )
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines) + "\n\n" + totals_text(scores)


def totals(scores: list[CaseScore]) -> dict[str, Any]:
    """Sums over the cases."""

    def count(name: str, verdict: str) -> int:
        return sum(getattr(s, name) == verdict for s in scores)

    def summed(get: Any) -> tuple[int, int, int]:
        parts = [get(s) for s in scores]
        return sum(p[0] for p in parts), sum(p[1] for p in parts), sum(p[2] for p in parts)

    right = sum(len(s.flows_right) for s in scores)
    implemented = right + sum(len(s.flows_missed) for s in scores)
    return {
        "cases": len(scores),
        **{
            f"{name}_{v}": count(name, v)
            for name in ("unit", "convertor", "auth")
            for v in ("right", "wrong", "null")
        },
        **{
            f"{name}_stated": sum(getattr(s, name) != "n/a" for s in scores)
            for name in ("unit", "convertor", "auth")
        },
        "flows_right": right,
        "flows_implemented": implemented,
        "wrong_labels": sum(len(s.wrong_labels) for s in scores),
        "unsupported_right": sum(len(s.unsupported_right) for s in scores),
        "unsupported_stated": sum(len(s.unsupported_right) + len(s.unsupported_missed) for s in scores),
        "statuses": summed(
            lambda s: tuple(a + b for a, b in zip(s.statuses["payment"], s.statuses["refund"], strict=True))
        ),
        "errors": summed(lambda s: s.errors),
        "events": summed(lambda s: s.events),
        "false_absences": sum(len(s.false_absences) for s in scores),
        "wrong_answers": sum(len(s.wrong_answers) for s in scores),
    }


def totals_text(scores: list[CaseScore]) -> str:
    t = totals(scores)
    share = 100 * t["flows_right"] / t["flows_implemented"] if t["flows_implemented"] else 100.0
    lines = [
        f"cases: {t['cases']}",
        *(
            f"{name}: right {t[name + '_right']} of {t[name + '_stated']} stated, "
            f"wrong {t[name + '_wrong']}, null {t[name + '_null']}"
            for name in ("unit", "convertor", "auth")
        ),
        "endpoints right under each implemented flow: "
        f"{t['flows_right']}/{t['flows_implemented']} ({share:.0f}%)",
        f"endpoints with a wrong flow label: {t['wrong_labels']}",
        f"unsupported flows recorded: {t['unsupported_right']}/{t['unsupported_stated']}",
        "statuses: recall {0}/{1}, precision {0}/{2}".format(*t["statuses"]),
        "error fields: recall {0}/{1}, precision {0}/{2}".format(*t["errors"]),
        "webhook events: recall {0}/{1}, precision {0}/{2}".format(*t["events"]),
        f"false absence sentences: {t['false_absences']}",
        f"wrong answers: {t['wrong_answers']}",
    ]
    return "\n".join(lines)


def details(scores: list[CaseScore]) -> str:
    """What went wrong, case by case (for a human looking at the table)."""
    out = []
    for s in scores:
        problems = [
            f"missed flows: {', '.join(s.flows_missed)}" if s.flows_missed else "",
            f"wrong labels: {'; '.join(s.wrong_labels)}" if s.wrong_labels else "",
            f"unsupported missed: {', '.join(s.unsupported_missed)}" if s.unsupported_missed else "",
            f"unsupported wrong: {', '.join(s.unsupported_wrong)}" if s.unsupported_wrong else "",
            *(f"false absence: {a}" for a in s.false_absences),
        ]
        problems += [
            f"{n}: {getattr(s, n)}"
            for n in ("unit", "convertor", "auth")
            if getattr(s, n) in ("wrong", "null")
        ]
        problems = [p for p in problems if p]
        if problems:
            out.append(f"{s.case.set}/{s.case.name}:\n  " + "\n  ".join(problems))
    return "\n".join(out)
