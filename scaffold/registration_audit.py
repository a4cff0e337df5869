"""Where a connector must be registered, learnt from where its neighbours are.

``scripts/add_connector.sh`` registers a new connector in about 20 files, while an established
connector appears in about 35 (the ``Connector`` enum and its exhaustive matches,
``RoutableConnectors``, ``connector_mapping.rs``, ``connector_transformers.rs``, ...). No list of
those files is kept here: the audit takes one or more *peers* (by default the connectors just
before and after the name, alphabetically: the script's own anchor and the next one), finds the
tracked files that mention every peer as a whole word, and reports those that do not mention the
new connector at all, with the first line naming a peer: where the new one goes.

Left out, because they mention connectors without registering them:

- a peer's own files: ``<connectors>/<peer>.rs``, ``<connectors>/<peer>/**``, its router test;
- lock files: a name ending in ``.lock``, ``-lock.json`` or ``-lock.yaml``;
- documentation: Markdown (``.md``, ``.mdx``), anything under a ``docs/`` folder, ``CHANGELOG*``;
- repository tooling: any path with a component starting with ``.`` (``.github/``, ``.typos.toml``).

The check is per file: a file that already names the connector once (say a struct field) but
lacks a second registration (a match arm) is not reported; the build points those out.
"""

from __future__ import annotations

import re
import time
from dataclasses import asdict, dataclass, field
from pathlib import PurePosixPath

from scaffold import git
from scaffold.checkout import Checkout
from scaffold.errors import ScaffoldError, UsageError
from scaffold.naming import pascal_case
from scaffold.registration_fixes import script_type_name

_NAME = re.compile(r"[a-z][a-z0-9_]*")
_LOCK_SUFFIXES = (".lock", "-lock.json", "-lock.yaml")
_DOC_SUFFIXES = (".md", ".mdx")
# A skeleton keeps at least this share of the template's stub sites (the stub finder's count).
_SKELETON_SHARE = 0.75


@dataclass(frozen=True)
class Missing:
    """A file that mentions every peer but not the connector."""

    file: str
    peer: str  # the peer named on ``line``
    line: int  # 1-based: the first line naming the first peer (else another), where the connector goes
    text: str  # that line, stripped


@dataclass
class Audit:
    """The outcome of one audit."""

    connector: str
    peers: list[str]
    missing: list[Missing] = field(default_factory=list)
    seconds: float = 0.0

    def as_json(self) -> dict[str, object]:
        """The audit as one JSON-ready dict."""
        return {
            "connector": self.connector,
            "peers": self.peers,
            "missing": [asdict(m) for m in self.missing],
            "seconds": round(self.seconds, 3),
        }

    def summary(self) -> str:
        """One line: how many files lack the connector."""
        peers = " and ".join(self.peers)
        took = f"({self.seconds:.2f} s)"
        if not self.missing:
            return f"{self.connector}: every file that mentions {peers} mentions it too {took}"
        files = "file mentions" if len(self.missing) == 1 else "files mention"
        return f"{self.connector}: {len(self.missing)} {files} {peers} but not {self.connector} {took}"


def spellings(name: str) -> list[str]:
    """How code spells a connector: ``acme_pay``, ``AcmePay``, ``ACME_PAY`` and the script's ``Acme_pay``."""
    return list(dict.fromkeys([name, pascal_case(name), name.upper(), script_type_name(name)]))


def _alternation(name: str) -> str:
    return "|".join(re.escape(s) for s in spellings(name))


def _word_pattern(names: list[str]) -> re.Pattern[str]:
    """Any spelling of any of ``names`` as a whole word, as ``git grep -w`` sees one."""
    alternatives = "|".join(_alternation(n) for n in names)
    return re.compile(rf"(?<![A-Za-z0-9_])(?:{alternatives})(?![A-Za-z0-9_])")


def excluded(checkout: Checkout, rel: str, peers: list[str]) -> bool:
    """Whether ``rel`` is left out of the audit (see the module docstring)."""
    path = PurePosixPath(rel)
    base = path.name
    if base.endswith(_LOCK_SUFFIXES) or base.lower().endswith(_DOC_SUFFIXES):
        return True
    if base.upper().startswith("CHANGELOG") or "docs" in path.parts[:-1]:
        return True
    if any(part.startswith(".") for part in path.parts):
        return True
    connectors = PurePosixPath(checkout.layout.connectors_dir.as_posix())
    tests = PurePosixPath(checkout.layout.router_tests_dir.as_posix())
    for peer in peers:
        if path in (connectors / f"{peer}.rs", tests / f"{peer}.rs"):
            return True
        if path.is_relative_to(connectors / peer):
            return True
    return False


def default_peers(checkout: Checkout, name: str) -> list[str]:
    """The connectors just before and just after ``name``, skipping template skeletons."""
    names = [n for n in checkout.connector_names() if n != name and _NAME.fullmatch(n)]
    before = [n for n in names if n < name]
    after = [n for n in names if n > name]
    skeletons = _SkeletonTest(checkout)
    chosen = [
        next((n for n in reversed(before) if not skeletons(n)), None),
        next((n for n in after if not skeletons(n)), None),
    ]
    return [n for n in chosen if n is not None]


class _SkeletonTest:
    """Whether a connector's files are still (mostly) the template's skeleton.

    Cheap first: its files must still hold at least half of the template's ``TODO`` comment
    lines; only then the stub finder counts its stubs against the template's stub sites.
    """

    def __init__(self, checkout: Checkout) -> None:
        self.checkout = checkout
        folder = checkout.path(checkout.layout.template_dir)
        self.todo_lines: set[str] = set()
        for path in sorted(folder.glob("*.rs")) if folder.is_dir() else []:
            for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
                stripped = line.strip()
                if stripped.startswith("//") and "TODO" in stripped.upper() and "{{" not in stripped:
                    self.todo_lines.add(stripped)

    def __call__(self, name: str) -> bool:
        if not self.todo_lines:
            return False
        files = self.checkout.connector_files(name)
        lines = {
            ln.strip() for p in files for ln in p.read_text(encoding="utf-8", errors="replace").splitlines()
        }
        if 2 * len(self.todo_lines & lines) < len(self.todo_lines):
            return False
        return self._mostly_stubs(name)

    def _mostly_stubs(self, name: str) -> bool:
        from scaffold import stubs  # tree-sitter only for the few candidates that need it

        scanner = stubs.Scanner(self.checkout)  # reads the stub cache, never writes it
        try:
            found = len(scanner.scan(name).stubs)
        except ScaffoldError:
            return False
        sites = 0
        for source in stubs.connector_sources(self.checkout, name):
            index = scanner.templates.index(name, source.template_file)
            if index is not None:
                sites += len(index.units) + len(index.empty_impls)
        return sites > 0 and found >= _SKELETON_SHARE * sites


def _check_name(value: str, what: str) -> None:
    if not _NAME.fullmatch(value):
        raise UsageError(
            f"{what}'{value}' is not a connector name (lowercase letters, digits and '_')",
            "use a connector name of this checkout (`hs-scaffold stubs --all` lists them)",
        )


def audit(checkout: Checkout, name: str, *, peers: list[str] | None = None) -> Audit:
    """The tracked files that mention every peer but not ``name``, with the peer's first line.

    ``peers`` defaults to the connectors alphabetically before and after ``name``.
    """
    started = time.monotonic()
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
    # One git grep per spelling set; each narrows the next to the files still in the running.
    candidates: list[str] | None = None
    for peer in chosen:
        candidates = git.grep_files(checkout.root, _alternation(peer), candidates)
        candidates = [f for f in candidates if not excluded(checkout, f, chosen)]
        if not candidates:
            break
    candidates = candidates or []
    mentioned = set(git.grep_files(checkout.root, _alternation(name), candidates))
    pattern = _word_pattern(chosen)
    missing = []
    for rel in sorted(set(candidates) - mentioned):
        found = _first_mention(checkout, rel, pattern, chosen)
        if found is not None:
            missing.append(found)
    return Audit(name, chosen, missing, time.monotonic() - started)


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
                    return Missing(rel, peer, number, line.strip())
    return None
