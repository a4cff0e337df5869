"""``hs-scaffold status``: where each scaffolded connector stands."""

from __future__ import annotations

import click

from scaffold import status as status_mod
from scaffold.checkout import Checkout
from scaffold.commands import print_json
from scaffold.errors import ExitCode, UsageError
from scaffold.report import Reporter, plural


def status(
    checkout: Checkout, name: str | None, rep: Reporter, *, stub_id: str | None = None, as_json: bool = False
) -> ExitCode:
    """One connector in detail on stdout, or one line per connector scaffolded here."""
    if name is None:
        if stub_id is not None:
            raise UsageError("--stub needs a connector", "e.g. hs-scaffold status NAME --stub ID")
        return _overview(checkout, rep, as_json=as_json)
    found = status_mod.status_of(checkout, name)
    if stub_id is not None:
        stub, section = status_mod.stub_detail(checkout, found, stub_id)
        if as_json:
            print_json({"connector": name, "stub": status_mod._stub(stub), "spec_section": section})
            return ExitCode.OK
        click.echo(f"{stub.id}  {stub.kind}  {stub.file}:{stub.line}:{stub.column}")
        click.echo("\n".join(section) if section else f"(no section in the spec: `hs-scaffold spec {name}`)")
        return ExitCode.OK
    if as_json:
        print_json(found.as_json())
        return ExitCode.OK
    for line in detail_lines(found):
        click.echo(line)
    return ExitCode.OK


def _overview(checkout: Checkout, rep: Reporter, *, as_json: bool) -> ExitCode:
    names = status_mod.connectors(checkout)
    found = [status_mod.status_of(checkout, n) for n in names]
    notes = status_mod.extra_notes(checkout, None)
    if as_json:
        print_json(
            {"connectors": [f.line() for f in found], "details": [f.as_json() for f in found], "notes": notes}
        )
        return ExitCode.OK
    for item in found:
        click.echo(item.line())
    for note in notes:
        rep.warn(note)
    if not found:
        rep.info("no connector scaffolded here by `hs-scaffold new` (status NAME shows any connector)")
    return ExitCode.OK


def detail_lines(found: status_mod.ConnectorStatus) -> list[str]:
    """``status NAME``: the full view, one fact a line."""
    lines = [f"{found.name}: {found.progress()}"]
    if found.recorded:
        lines.append("  by kind: " + ", ".join(f"{k} {t.text()}" for k, t in sorted(found.by_kind.items())))
        lines.append("  by flow: " + ", ".join(f"{k} {t.text()}" for k, t in found.by_flow.items()))
        lines.append(f"  added since: {plural(len(found.added), 'stub')}")
        lines += [f"    {s.file}:{s.line}:{s.column}  {s.kind}  {s.id}" for s in found.added]
    if found.audit_note:
        lines.append(f"  registrations: audit not run ({found.audit_note})")
    else:
        lines.append(
            f"  registrations missing: {len(found.missing)}"
            + (f" (hs-scaffold audit {found.name})" if found.missing else "")
        )
        lines += [f"    {m.file}:{m.line}  {m.text}" for m in found.missing]
    lines.append(f"  drift: {plural(len(found.drift), 'place')}")
    lines += [f"    {d}" for d in found.drift]
    spec_word = {"current": "current", "stale": "older than the code", "missing": "missing"}[found.spec]
    lines.append(f"  spec: {spec_word}" + (f" ({found.spec_detail})" if found.spec_detail else ""))
    lines.append(f"  last build: {_build_text(found)}")
    if found.next_stub is not None:
        stub = found.next_stub
        where = f"; spec {found.next_section[0]}:{found.next_section[1]}" if found.next_section else ""
        lines.append(f"  next: {stub.id} ({stub.kind}) at {stub.file}:{stub.line}:{stub.column}{where}")
    else:
        lines.append("  next: nothing left: no stub remains")
    lines += [f"  note: {n}" for n in found.notes]
    return lines


def _build_text(found: status_mod.ConnectorStatus) -> str:
    record = found.build
    if record is None:
        return "none recorded (hs-scaffold build)"
    when = record.get("recorded", "?")
    if record.get("ok"):
        return f"ok ({when})"
    errors = record.get("errors") or []
    count = len(errors) if isinstance(errors, list) else 0
    here = f", {found.build_errors_here} in {found.name}" if count else ""
    return f"failed ({when}): {plural(count, 'error')}{here}" + (
        f"; {record.get('reason')}" if not count and record.get("reason") else ""
    )
