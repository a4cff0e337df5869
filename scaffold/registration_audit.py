"""Where a connector must be registered, learnt from where its neighbours are.

``scripts/add_connector.sh`` registers a new connector in about 20 files, while an established
connector appears in about 35 (the ``Connector`` enum and its exhaustive matches,
``RoutableConnectors``, ``connector_mapping.rs``, ``connector_transformers.rs``, ...). No list of
those files is kept here: the audit takes one or more *peers* (by default the connectors just
before and after the name, alphabetically: the script's own anchor and the next one) and reports

- every registration list (parsed, :mod:`registration_complete`) that names the peers but not the
  connector, at the line where the connector's entry goes: ``missing`` when ``audit --fix`` (and
  ``new``) write it, ``manual`` when it must be written by hand (an exhaustive match whose entries
  differ beyond the name: the build fails without it), ``review`` for lists whose entries are data
  about each connector;
- for review, other tracked files (neither Rust nor TOML) that mention every peer but not the
  connector, with the first line naming a peer.

Left out, because they mention connectors without registering them: a peer's own files, and
generated files and tool data (``generated`` in ``data/registration.toml``: OpenAPI documents,
cypress tests, benches, docs, lock files), and any path with a component starting with ``.``.
"""

from __future__ import annotations

import re
import time
from dataclasses import asdict, dataclass, field
from pathlib import PurePosixPath

from scaffold import git, registration_complete
from scaffold.checkout import Checkout
from scaffold.errors import UsageError
from scaffold.grep_cache import Ask, any_spelling, first_peer_mentions
from scaffold.naming import spellings
from scaffold.neighbours import CONNECTOR_NAME as _NAME
from scaffold.neighbours import default_peers
from scaffold.report import plural


@dataclass(frozen=True)
class Missing:
    """A place that lists the peers but not the connector."""

    file: str
    peer: str  # the peer whose line the connector's is modelled on (or the first one named)
    line: int  # 1-based: where the connector's entry goes (review rows: the peer's first line)
    text: str  # the peer's line, stripped
    status: str = "review"  # missing (the fix writes it) | manual (by hand; breaks the build) | review
    construct: str = ""  # the list: "enum Connector", "match in fn convert_connector", ...
    fix: str | None = None  # the entry the fix writes
    reason: str | None = None  # why it is not written
    breaks_build: bool = False


@dataclass
class Audit:
    """The outcome of one audit."""

    connector: str
    peers: list[str]
    missing: list[Missing] = field(default_factory=list)
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)

    def blocking(self) -> list[Missing]:
        """Rows that are not only for review: the connector is unregistered there."""
        return [m for m in self.missing if m.status != "review"]

    def as_json(self) -> dict[str, object]:
        """The audit as one JSON-ready dict."""
        return {
            "connector": self.connector,
            "peers": self.peers,
            "missing": [asdict(m) for m in self.missing],
            "seconds": round(self.seconds, 3),
        }

    def summary(self) -> str:
        """One line: how many lists lack the connector, and how many are only for review."""
        peers = " and ".join(self.peers)
        took = f"({self.seconds:.2f} s)"
        blocking, review = len(self.blocking()), len(self.missing) - len(self.blocking())
        reviewed = f"; {review} to review" if review else ""
        if not blocking:
            return f"{self.connector}: registered wherever {peers} are{reviewed} {took}"
        breaking = sum(m.breaks_build for m in self.blocking())
        breaks = f", {breaking} of them break the build" if breaking else ""
        lists = plural(blocking, "list")
        return f"{self.connector}: missing from {lists} that name {peers}{breaks}{reviewed} {took}"


def _word_pattern(names: list[str]) -> re.Pattern[str]:
    """Any spelling of any of ``names`` as a whole word, as ``git grep -w`` sees one."""
    alternatives = "|".join(any_spelling(n) for n in names)
    return re.compile(rf"(?<![A-Za-z0-9_])(?:{alternatives})(?![A-Za-z0-9_])")


def excluded(checkout: Checkout, rel: str, peers: list[str]) -> bool:
    """Whether ``rel`` is left out of the audit (see the module docstring)."""
    path = PurePosixPath(rel)
    if any(part.startswith(".") for part in path.parts) or registration_complete.generated(checkout, rel):
        return True
    connectors = PurePosixPath(checkout.layout.connectors_dir.as_posix())
    tests = PurePosixPath(checkout.layout.router_tests_dir.as_posix())
    for peer in peers:
        if path in (connectors / f"{peer}.rs", tests / f"{peer}.rs"):
            return True
        if path.is_relative_to(connectors / peer):
            return True
    return False


def _check_name(value: str, what: str) -> None:
    if not _NAME.fullmatch(value):
        raise UsageError(
            f"{what}'{value}' is not a connector name (lowercase letters, digits and '_')",
            "use a connector name of this checkout (`hs-scaffold stubs --all` lists them)",
        )


def audit(checkout: Checkout, name: str, *, peers: list[str] | None = None, ask: Ask | None = None) -> Audit:
    """The registration lists naming every peer but not ``name``, then other files doing so.

    ``peers`` defaults to the connectors alphabetically before and after ``name``; ``ask`` answers
    the whole-tree ``git grep`` questions (e.g. from early answers).
    """
    started = time.monotonic()
    chosen = _peers(checkout, name, peers)
    plan = registration_complete.plan(checkout, name, peers=chosen, ask=ask)
    rows = [_row(r) for r in plan.rows]
    rows += _other_files(checkout, name, chosen, {r.file for r in plan.rows}, ask)
    return Audit(name, chosen, rows, time.monotonic() - started, plan.warnings)


def after_completion(
    checkout: Checkout, plan: registration_complete.Plan, seconds: float = 0.0, ask: Ask | None = None
) -> Audit:
    """The audit right after ``plan`` was applied: what it could not write, and the other files
    (without planning again). ``ask`` answers the whole-tree ``git grep`` (e.g. from an early answer)."""
    started = time.monotonic()
    rows = [_row(r) for r in plan.rows if r.new_text is None]
    rows += _other_files(checkout, plan.connector, plan.peers, {r.file for r in plan.rows}, ask)
    return Audit(plan.connector, plan.peers, rows, seconds + time.monotonic() - started, plan.warnings)


def _row(row: registration_complete.Registration) -> Missing:
    status = "missing" if row.new_text is not None else "manual" if row.breaks_build else "review"
    return Missing(
        row.file,
        row.peer,
        row.line,
        row.peer_text,
        status,
        row.construct,
        row.new_text,
        row.reason,
        row.breaks_build,
    )


def _peers(checkout: Checkout, name: str, peers: list[str] | None) -> list[str]:
    _check_name(name, "")
    known = checkout.connector_names() if peers else []
    for peer in peers or []:
        _check_name(peer, "peer ")
        if peer == name:
            raise UsageError(f"'{name}' cannot be its own peer", "pass another connector with --peer")
        if peer not in known:
            raise UsageError(
                f"peer '{peer}' is not a connector in {checkout.layout.connectors_dir}/",
                "pass a connector of this checkout with --peer",
            )
    chosen = list(dict.fromkeys(peers)) if peers else default_peers(checkout, name)
    if not chosen:
        raise UsageError(
            f"no connector to compare {name} with in {checkout.layout.connectors_dir}/",
            "pass one with --peer NAME",
        )
    return chosen


def _other_files(
    checkout: Checkout, name: str, peers: list[str], seen: set[str], ask: Ask | None = None
) -> list[Missing]:
    """Files other than Rust that mention every peer but not ``name`` and hold no list read: for review."""
    first = first_peer_mentions(peers)
    candidates = ask(first) if ask is not None else first.run(checkout.root)
    for peer in [None, *peers[1:]]:  # one git grep per further peer; each narrows the list
        if peer is not None:
            candidates = git.grep_files(checkout.root, any_spelling(peer), candidates)
        # (Rust files are not asked for: the registration lists are theirs.)
        candidates = [f for f in candidates if not excluded(checkout, f, peers)]
        if not candidates:
            return []
    mentioned = set(git.grep_files(checkout.root, any_spelling(name), candidates))
    pattern = _word_pattern(peers)
    found = (
        _first_mention(checkout, rel, pattern, peers) for rel in sorted(set(candidates) - mentioned - seen)
    )
    return [m for m in found if m is not None]


def _first_mention(
    checkout: Checkout, rel: str, pattern: re.Pattern[str], peers: list[str]
) -> Missing | None:
    """The first line naming the first peer (the anchor: the connector goes next to it), else any peer."""
    lines = checkout.path(rel).read_text(encoding="utf-8", errors="replace").split("\n")  # as git numbers
    for wanted in (set(spellings(peers[0])), None):
        for number, line in enumerate(lines, start=1):
            for match in pattern.finditer(line):
                if wanted is None or match.group(0) in wanted:
                    peer = next(p for p in peers if match.group(0) in spellings(p))
                    return Missing(
                        rel,
                        peer,
                        number,
                        line.strip(),
                        construct="file",
                        reason="mentions the peers outside any list hs-scaffold reads",
                    )
    return None
