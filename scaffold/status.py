"""``hs-scaffold status``: where a scaffolded connector stands, weeks after ``new``.

Everything is read from the checkout and from what hs-scaffold recorded under the git dir: the
generated stubs (the manifest's added field, :mod:`scaffold.generated`), the last build
(:func:`scaffold.build.save_record`), the spec's JSON twin. Nothing is written.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from scaffold import build, generated, git, hook, manifest, names, registration_audit
from scaffold.checkout import SPEC_DIR, Checkout
from scaffold.errors import ScaffoldError, UsageError
from scaffold.report import plural
from scaffold.stubs import Stub, scan_connector


def extra_notes(checkout: Checkout, name: str | None) -> list[str]:
    """Notes to show with the status: a dead run's journal waiting for ``hs-scaffold recover``.

    ``name`` is None for the one-line-per-connector view (the note shows in both views).
    """
    from scaffold import journal

    found = journal.pending(checkout)
    return [f"{found}: {journal.RECOVER_FIX}"] if found else []


@dataclass
class Tally:
    """Stubs done of those generated, for one kind or one flow."""

    done: int = 0
    total: int = 0

    def text(self) -> str:
        """``19 of 27 done``."""
        return f"{self.done} of {self.total} done"


@dataclass
class ConnectorStatus:
    """What ``status NAME`` reports."""

    name: str
    recorded: bool  # a manifest lists the generated stubs
    generated: int = 0
    done: int = 0
    by_kind: dict[str, Tally] = field(default_factory=dict)
    by_flow: dict[str, Tally] = field(default_factory=dict)
    left: list[Stub] = field(default_factory=list)  # generated stubs still there
    added: list[Stub] = field(default_factory=list)  # stubs beyond the generated ones
    missing: list[registration_audit.Missing] = field(default_factory=list)
    audit_note: str | None = None  # why the audit could not run
    drift: list[str] = field(default_factory=list)
    spec: str = "missing"  # current | stale | missing
    spec_detail: str = ""
    build: dict[str, Any] | None = None
    build_errors_here: int = 0
    next_stub: Stub | None = None
    next_section: tuple[str, int] | None = None  # (spec file, line of its heading)
    notes: list[str] = field(default_factory=list)

    @property
    def stubs(self) -> list[Stub]:
        """Every stub in the connector now."""
        return self.left + self.added

    def progress(self) -> str:
        """``19 of 27 done`` (or ``5 stubs left`` without a record of ``new``)."""
        if self.recorded:
            return f"{self.done} of {self.generated} done"
        return f"{plural(len(self.stubs), 'stub')} left (no record of `new` here)"

    def line(self) -> str:
        """The one-line view: ``acmepay  19 of 27 done, 1 added, 3 registrations missing, ...``."""
        parts = [self.progress()]
        if self.recorded:
            parts.append(f"{len(self.added)} added")
        parts.append(
            f"{plural(len(self.missing), 'registration')} missing" if not self.audit_note else "audit n/a"
        )
        parts.append(f"drift {len(self.drift)}" if self.drift else "no drift")
        parts.append(
            {"current": "spec current", "stale": "spec older than the code"}.get(self.spec, "no spec")
        )
        parts.append(_build_word(self.build, self.build_errors_here))
        return f"{self.name}  " + ", ".join(parts)

    def as_json(self) -> dict[str, object]:
        """``status NAME --json``."""
        return {
            "connector": self.name,
            "recorded": self.recorded,
            "generated": self.generated if self.recorded else None,
            "done": self.done if self.recorded else None,
            "by_kind": {k: vars(t) for k, t in self.by_kind.items()},
            "by_flow": {k: vars(t) for k, t in self.by_flow.items()},
            "left": [_stub(s) for s in self.left],
            "added": [_stub(s) for s in self.added],
            "registrations_missing": [vars(m) for m in self.missing],
            "audit_note": self.audit_note,
            "drift": self.drift,
            "spec": {"state": self.spec, "detail": self.spec_detail or None},
            "last_build": self.build,
            "last_build_errors_here": self.build_errors_here,
            "next": _next_json(self),
            "notes": self.notes,
        }


def _stub(stub: Stub) -> dict[str, object]:
    return {"id": stub.id, "kind": stub.kind, "flow": stub.flow, "file": stub.file, "line": stub.line}


def _next_json(found: ConnectorStatus) -> dict[str, object] | None:
    if found.next_stub is None:
        return None
    section = found.next_section
    return {**_stub(found.next_stub), "spec": f"{section[0]}:{section[1]}" if section else None}


def _build_word(record: dict[str, Any] | None, here: int) -> str:
    if record is None:
        return "no build recorded"
    if record.get("ok"):
        return "last build ok"
    return f"last build failed ({plural(here, 'error')} here)" if here else "last build failed"


def connectors(checkout: Checkout) -> list[str]:
    """The connectors scaffolded here (with a manifest) that still have files."""
    return [n for n in generated.recorded_names(git.git_dir(checkout.root)) if checkout.connector_files(n)]


def status_of(checkout: Checkout, name: str) -> ConnectorStatus:
    """The status of ``name`` (the drift check parses the checkout's traits)."""
    names.require_connector(checkout, name, command="status")
    git_dir = git.git_dir(checkout.root)
    recorded = generated.load(git_dir, name)
    now = scan_connector(checkout, name).stubs
    found = ConnectorStatus(name, recorded is not None)
    _tally(found, recorded or [], now)
    _audit(checkout, found)
    found.drift = drift(checkout, name)
    _spec(checkout, found, now)
    _last_build(checkout, git_dir, found)
    found.notes = extra_notes(checkout, name)
    return found


def _tally(found: ConnectorStatus, recorded: list[dict[str, Any]], now: list[Stub]) -> None:
    """Generated stubs done and left, by kind and by flow; stubs beyond them are "added"."""
    pool = generated.counts(recorded)
    for stub in now:
        key = generated.key(stub.id, stub.kind)
        if pool[key]:
            pool[key] -= 1
            found.left.append(stub)
        else:
            found.added.append(stub)
    found.generated, found.done = len(recorded), len(recorded) - len(found.left)
    still = Counter(generated.key(s.id, s.kind) for s in found.left)
    for item in recorded:
        key = generated.key(str(item.get("id")), str(item.get("kind")))
        is_left = still[key] > 0
        still[key] -= is_left
        for table, label in ((found.by_kind, item.get("kind")), (found.by_flow, item.get("flow") or "other")):
            tally = table.setdefault(str(label), Tally())
            tally.total += 1
            tally.done += not is_left


def _audit(checkout: Checkout, found: ConnectorStatus) -> None:
    try:
        found.missing = registration_audit.audit(checkout, found.name).missing
    except ScaffoldError as exc:
        found.audit_note = exc.one_line()


def drift(checkout: Checkout, name: str) -> list[str]:
    """Template drift in the connector's files, as the spec reports it (one line each)."""
    from scaffold.router_types import load_router_types
    from scaffold.trait_contracts import TRAITS, load_traits, template_drift

    sources = {checkout.rel(p): p.read_bytes() for p in checkout.connector_files(name)}
    traits = load_traits(checkout, TRAITS)
    if not traits:
        return []
    found = template_drift(checkout, sources, traits, load_router_types(checkout).expand)
    return list(dict.fromkeys(f"{d.file}:{d.line}: {d.message}" for d in found))


def _spec(checkout: Checkout, found: ConnectorStatus, now: list[Stub]) -> None:
    """Whether the spec's JSON twin still lists the connector's stubs; the next stub's section."""
    json_path = checkout.path(SPEC_DIR / f"{found.name}_specs.json")
    md_path = checkout.path(SPEC_DIR / f"{found.name}_specs.md")
    listed = hook.spec_stub_counts(json_path.read_bytes()) if json_path.is_file() else None
    code = Counter(generated.key(s.id, s.kind) for s in now)
    if listed is None:
        found.spec = "missing"
        found.spec_detail = (
            f"no readable {checkout.rel(json_path)}: write it with `hs-scaffold spec {found.name}`"
        )
    elif listed == code:
        found.spec = "current"
    else:
        found.spec = "stale"
        gone, new = sum((listed - code).values()), sum((code - listed).values())
        found.spec_detail = (
            f"{plural(gone, 'stub')} it lists {'is' if gone == 1 else 'are'} no longer in the code, "
            f"{new} in the code {'is' if new == 1 else 'are'} not in it: "
            f"refresh it with `hs-scaffold spec {found.name}`"
        )
    headings = _headings(md_path)
    ordered = sorted(now, key=lambda s: (headings.get(s.id, 10**9), s.file, s.line))
    found.next_stub = ordered[0] if ordered else None
    if found.next_stub is not None and found.next_stub.id in headings:
        found.next_section = (checkout.rel(md_path), headings[found.next_stub.id])


_HEADING = re.compile(r"^#{2,6}\s+`([^`]+)`\s*$")


def _headings(path: Path) -> dict[str, int]:
    """Stub id -> line of its heading in the spec Markdown (``#### `authorize.get_url```)."""
    if not path.is_file():
        return {}
    found: dict[str, int] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
        match = _HEADING.match(line)
        if match:
            found.setdefault(match[1], number)
    return found


def _last_build(checkout: Checkout, git_dir: Path, found: ConnectorStatus) -> None:
    found.build = build.load_record(git_dir)
    if found.build is None or _older_than_scaffold(checkout, found.name, found.build):
        found.build = None  # the record is of a build before this connector existed
        return
    prefix = (checkout.layout.connectors_dir / found.name).as_posix()
    errors = found.build.get("errors")
    files = [str(e.get("file")) for e in errors if isinstance(e, dict)] if isinstance(errors, list) else []
    found.build_errors_here = sum(1 for f in files if f == f"{prefix}.rs" or f.startswith(prefix + "/"))


def _older_than_scaffold(checkout: Checkout, name: str, record: dict[str, Any]) -> bool:
    """Whether the build ``record`` predates the undo record ``new`` wrote for ``name``."""
    try:
        scaffolded = manifest.load_manifest(checkout, name).data.get("recorded")
        built = record.get("recorded")
        if not isinstance(scaffolded, str) or not isinstance(built, str):
            return False
        return datetime.strptime(built, STAMP) < datetime.strptime(scaffolded, STAMP)
    except (ScaffoldError, ValueError):
        return False


STAMP = "%Y-%m-%dT%H:%M:%S%z"  # how the build and undo records write their time


def stub_detail(checkout: Checkout, found: ConnectorStatus, stub_id: str) -> tuple[Stub, list[str]]:
    """One stub of ``found`` and its spec section's lines (up to the next heading)."""
    stub = next((s for s in found.stubs if s.id == stub_id), None)
    if stub is None:
        hint = names.did_you_mean(stub_id, [s.id for s in found.stubs])
        raise UsageError(
            f"no stub `{stub_id}` left in {found.name}",
            hint or f"`hs-scaffold stubs {found.name}` lists them",
        )
    md_path = checkout.path(SPEC_DIR / f"{found.name}_specs.md")
    start = _headings(md_path).get(stub_id)
    if start is None:
        return stub, []
    lines = md_path.read_text(encoding="utf-8", errors="replace").splitlines()
    section = [lines[start - 1]]
    for line in lines[start:]:
        if line.startswith("#"):
            break
        section.append(line)
    return stub, section
