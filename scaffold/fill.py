"""``hs-scaffold fill NAME``: write the accepted proposals into the connector's files, all or nothing.

The proposals are made again from the connector's files as they are now (``scaffold.proposals``);
each region a proposal rewrites must still hold what the spec saw (the fingerprint in
``<name>_specs.json``): a region the author changed since is skipped, with a message. The files are
then written, formatted with rustfmt, scanned for stubs and template drift again, and the spec is
rewritten. The same protection as ``new``: one run per checkout (the lock), the work tree recorded
first and put back on any failure or signal, and the edits added to the connector's undo record.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scaffold import formatting, journal, lock, proposals, spec
from scaffold.checkout import Checkout
from scaffold.docs import locate
from scaffold.errors import StepFailedError, UsageError
from scaffold.guarded_edit import guarded_edit
from scaffold.proposals import targets
from scaffold.proposals.model import ACCEPTED, NONE, Part, Proposal
from scaffold.report import plural
from scaffold.stubs import scan_connector
from scaffold.trait_contracts import TRAITS, load_traits, parse_rust, template_drift


@dataclass
class FillOutcome:
    """What ``fill`` wrote, skipped and left."""

    connector: str
    dry_run: bool = False
    applied: list[Proposal] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (stub id, why)
    left: list[Proposal] = field(default_factory=list)  # not accepted (confidence none), not picked
    files: list[str] = field(default_factory=list)
    diff: str = ""
    stubs_left: list[str] = field(default_factory=list)
    drift: list[str] = field(default_factory=list)
    spec: str | None = None
    recorded: bool = False
    formatter: str | None = None

    def lines(self) -> list[str]:
        """The human report."""
        verb = "would write" if self.dry_run else "wrote"
        head = f"fill: {verb} {plural(len(self.applied), 'proposal')} in {plural(len(self.files), 'file')}"
        if self.recorded:
            head += f"; `hs-scaffold undo {self.connector}` reverts them with the scaffold"
        rows = [head]
        rows += [f"  ✓ {p.stub:<44} {p.confidence:<16} {p.summary}".rstrip() for p in self.applied]
        rows += [f"  ! {stub:<44} skipped: {why}" for stub, why in self.skipped]
        picked_out = [p for p in self.left if not p.open and p.confidence != NONE]
        rows += [
            f"  - {p.stub:<44} {p.confidence:<16} {p.open[0] if p.open else 'not picked'}".rstrip()
            for p in self.left
            if p not in picked_out
        ]
        if picked_out:  # `--only` left these out: one line, not one each
            rows.append(f"  - {plural(len(picked_out), 'other proposal')} not picked (`--only`)")
        if not self.dry_run:
            rows.append(
                f"stubs: {plural(len(self.stubs_left), 'stub')} left (`hs-scaffold stubs {self.connector}`)"
            )
            if self.spec:
                rows.append(f"spec: {self.spec} rewritten")
        return rows

    def as_json(self) -> dict[str, Any]:
        return {
            "connector": self.connector,
            "dry_run": self.dry_run,
            "applied": [
                {"id": p.stub, "confidence": p.confidence, "summary": p.summary} for p in self.applied
            ],
            "skipped": [{"id": s, "reason": r} for s, r in self.skipped],
            "left": [{"id": p.stub, "confidence": p.confidence, "open": p.open} for p in self.left],
            "files": self.files,
            "stubs_left": self.stubs_left,
            "drift": self.drift,
            "spec": self.spec,
            "recorded": self.recorded,
            "diff": self.diff if self.dry_run else None,
        }


# --- choosing -------------------------------------------------------------------------------------


def _stored_expect(stored: dict[str, Any]) -> dict[tuple[str, str], str]:
    """(stub id, region label) -> the fingerprint the spec recorded."""
    found: dict[tuple[str, str], str] = {}
    for stub in stored.get("stubs", []):
        for part in (stub.get("proposal") or {}).get("parts", []):
            region = Part.from_json(part).region
            found[(stub["id"], region.label())] = part.get("expect", "")
    return found


def _pick(made: dict[str, Proposal], only: Sequence[str]) -> list[Proposal]:
    """The proposals to write: ``only`` (stub ids; a covered stub picks its cover), else the accepted ones."""
    if only:
        unknown = [i for i in only if i not in made]
        if unknown:
            raise UsageError(
                f"no stub {unknown[0]!r} in this connector",
                "pick ids from `hs-scaffold stubs NAME` (or the spec's headings)",
            )
        chosen = []
        for stub_id in dict.fromkeys(only):
            proposal = made[stub_id]
            proposal = made.get(proposal.covered_by, proposal) if proposal.covered_by else proposal
            if not proposal.parts:
                why = proposal.open[0] if proposal.open else "no code"
                raise UsageError(f"no code is proposed for {stub_id!r} ({why})", "leave it out of --only")
            chosen.append(proposal)
        picked = {p.stub for p in chosen}
        for proposal in chosen:
            missing = [r for r in proposal.requires if r in made and r not in picked and made[r].parts]
            if missing:
                raise UsageError(
                    f"{proposal.stub!r} needs the code of {missing[0]!r} too",
                    f"add --only {missing[0]}",
                )
        return list({p.stub: p for p in chosen}.values())
    return [p for p in made.values() if p.confidence in ACCEPTED and p.parts and not p.covered_by]


def _dependencies(
    chosen: list[Proposal], made: dict[str, Proposal]
) -> tuple[list[Proposal], list[tuple[str, str]]]:
    """Drop (repeatedly) the proposals whose required proposals are not written."""
    kept = list(chosen)
    skipped: list[tuple[str, str]] = []
    while True:
        ids = {p.stub for p in kept}
        dropped = [(p, r) for p in kept for r in p.requires if r in made and made[r].parts and r not in ids]
        dropped += [(p, r) for p in kept for r in p.requires if r in made and not made[r].parts]
        if not dropped:
            return kept, skipped
        for proposal, needed in dropped:
            if proposal in kept:
                kept.remove(proposal)
                skipped.append((proposal.stub, f"needs `{needed}`, which is not written"))


def _current(checkout: Checkout, rel: str) -> bytes:
    return checkout.path(rel).read_bytes()


def _check_targets(checkout: Checkout, proposal: Proposal, stored: dict[tuple[str, str], str]) -> str | None:
    """Why ``proposal`` cannot be written now (a region missing or changed), None when it can."""
    for part in proposal.parts:
        region = part.region
        if region.kind in ("use", "unuse", "rename", "end"):
            if region.kind == "end":
                exists = _defines(checkout, region.file, part.code)
                if exists:
                    return f"`{exists}` is already defined in {region.file.rsplit('/', 1)[-1]}"
            continue
        source = _current(checkout, region.file)
        spans = targets.find(parse_rust(source), source, region)
        if not spans:
            return f"{region.label()} is not there any more"
        now = targets.fingerprint(source, spans)
        seen = stored.get((proposal.stub, region.label()))
        if seen and seen != now:
            return f"{region.label()} changed since the spec was written"
    return None


def _defines(checkout: Checkout, rel: str, code: str) -> str | None:
    source = _current(checkout, rel)
    have = {targets.item_key(n) for n in parse_rust(source).named_children}
    for node in parse_rust(code.encode()).named_children:
        key = targets.item_key(node)
        if key is not None and key.startswith(("struct ", "enum ")) and key in have:
            return key.split(" ", 1)[1]
    return None


def _rewrite(checkout: Checkout, chosen: list[Proposal]) -> dict[str, bytes]:
    """The new content of every file the chosen proposals touch."""
    by_file: dict[str, list[Part]] = {}
    for proposal in chosen:
        for part in proposal.parts:
            by_file.setdefault(part.region.file, []).append(part)
    written = {}
    for rel, parts in by_file.items():
        before = _current(checkout, rel)
        try:
            after = targets.apply(before, parts)
        except targets.RegionMissingError as exc:
            raise StepFailedError("fill", f"{rel}: {exc}", "run `hs-scaffold spec` again, then fill") from exc
        if after != before:
            written[rel] = after
    return written


def _diff(checkout: Checkout, written: dict[str, bytes]) -> str:
    chunks: list[str] = []
    for rel, data in sorted(written.items()):
        before = _current(checkout, rel).decode("utf-8", "replace").splitlines(keepends=True)
        after = data.decode("utf-8", "replace").splitlines(keepends=True)
        chunks += difflib.unified_diff(before, after, f"a/{rel}", f"b/{rel}")
    return "".join(chunks)


# --- writing ----------------------------------------------------------------------------------------


def _format(checkout: Checkout, rels: list[str]) -> str | None:
    """rustfmt on the written files (they are the connector's own: stable rustfmt may format them
    too); the toolchain that ran, None without rustfmt."""
    files = [checkout.path(r) for r in rels if r.endswith(".rs")]
    result = formatting.format_files(checkout.root, files, [])
    if result.problem:
        raise StepFailedError(
            "format", f"rustfmt failed on the filled code: {result.problem}", "the work tree was put back"
        )
    return result.toolchain


def _drift_messages(checkout: Checkout, name: str) -> set[str]:
    from scaffold.router_types import load_router_types

    sources = {checkout.rel(p): p.read_bytes() for p in checkout.connector_files(name)}
    traits, expand = load_traits(checkout, TRAITS), load_router_types(checkout).expand
    return {
        f"{d.file.rsplit('/', 1)[-1]}: {d.message}" for d in template_drift(checkout, sources, traits, expand)
    }


def fill(
    checkout: Checkout,
    name: str,
    *,
    only: Sequence[str] = (),
    dry_run: bool = False,
    doc_paths: Sequence[Path] = (),
) -> FillOutcome:
    """Write the accepted proposals of connector ``name`` (``only``: these stub ids); all or nothing."""
    spec.require_connector(checkout, name)
    stored = spec.stored_spec(checkout, name)
    docs = list(doc_paths) or spec.recorded_docs(checkout, stored)
    locate.check_connector_docs(checkout, name, docs)
    outcome = FillOutcome(name, dry_run=dry_run)
    with lock.checkout_lock(checkout):
        journal.refuse_if_pending(checkout)  # a dead run's leftovers first go back with `recover`
        ctx = spec.collect(checkout, name, doc_paths=docs)
        made = proposals.propose(ctx, spec.connector_sources(checkout, name))
        chosen = _pick(made, only)
        chosen, outcome.skipped = _dependencies(chosen, made)
        expect = _stored_expect(stored)
        ready = []
        for proposal in chosen:
            why = _check_targets(checkout, proposal, expect)
            if why is None:
                ready.append(proposal)
            else:
                outcome.skipped.append((proposal.stub, why))
        taken = {p.stub for p in ready} | {s for s, _ in outcome.skipped}
        covered = {s for s, p in made.items() if p.covered_by in taken}
        outcome.left = [p for s, p in made.items() if s not in taken | covered and not p.covered_by]
        outcome.applied = ready
        written = _rewrite(checkout, ready)
        outcome.files = sorted(written)
        if dry_run or not written:
            outcome.diff = _diff(checkout, written)
            return outcome
        _write(checkout, name, docs, written, outcome)
    return outcome


def _write(
    checkout: Checkout, name: str, docs: list[Path], written: dict[str, bytes], outcome: FillOutcome
) -> None:
    before_drift = _drift_messages(checkout, name)
    with guarded_edit(checkout, name, "fill", sorted(written)) as guard:
        for rel, data in written.items():
            checkout.path(rel).write_bytes(data)
        outcome.formatter = _format(checkout, sorted(written))
        new_drift = sorted(_drift_messages(checkout, name) - before_drift)
        if new_drift:
            raise StepFailedError(
                "fill",
                f"the filled code no longer matches the checkout: {new_drift[0]}",
                "the work tree was put back; please report this proposal",
            )
        outcome.stubs_left = [s.id for s in scan_connector(checkout, name).stubs]
        created, modified = spec.recorded_files(checkout, name) or ([], [])
        files = spec.write_spec(
            checkout, name, doc_paths=docs, files_created=created, files_modified=modified
        )
        outcome.spec = checkout.rel(files.markdown)
        outcome.drift = sorted(_drift_messages(checkout, name))
    outcome.recorded = guard.recorded


NOT_ACCEPTED = NONE
