"""The steps of ``hs-scaffold new`` after the script: files, repair, register, format, post-checks,
reapply, spec and manifest, then the build.

:mod:`scaffold.new` imports this module while the script runs (:mod:`scaffold.prefetch`): its
imports (the spec, the doc reader, the proposals, Liquid) take about half a second.
"""

from __future__ import annotations

import time

from scaffold import (
    build,
    drift_repair,
    formatting,
    generated,
    interrupts,
    manifest,
    postchecks,
    registration_audit,
    registration_complete,
    registration_fixes,
    script_bytes,
    spec,
    stubs,
    testfile,
)
from scaffold.errors import ExitCode, ScaffoldError, StepFailedError
from scaffold.new_run import Run, Step, warn
from scaffold.report import StepResult, plural
from scaffold.worktree_guard import TreeChanges


def _files(run: Run) -> str:
    assert run.snapshot is not None
    mended = script_bytes.check_script_bytes(run.checkout, run.snapshot, run.changes())
    notes = [f"mended {plural(m.count, 'control character')} in {m.file} ({m.meant})" for m in mended]
    notes += testfile.finish_connector_files(run.checkout, run.options.name)
    placed = testfile.ensure_test_file(run.checkout, run.options.name)
    if placed.moved_from:
        notes.append(f"moved {run.checkout.rel(placed.moved_from)} here")
    if placed.registered:
        notes.append("added its `mod` line")
    if placed.duplicates_removed:
        notes.append(f"removed {placed.duplicates_removed} duplicate `mod` line(s)")
    wrote = [m.file for m in mended] + testfile.written_paths(run.checkout, run.options.name)
    changes = run.changes(written=wrote)  # the fixes below edit contents only: this listing serves them all
    wrote = _script_fixes(run, changes, notes)
    added, warning = testfile.ensure_sample_auth(run.checkout, run.options.name)
    if added:
        notes.append("added its section to sample_auth.toml")
        wrote.append(testfile.sample_auth_path(run.checkout))
    if warning:
        warn(run, warning)
    run.changes(written=wrote)
    return f"{run.checkout.rel(placed.path)}" + (f" ({'; '.join(notes)})" if notes else " (in place)")


def _script_fixes(run: Run, changes: TreeChanges, notes: list[str]) -> list[str]:
    """Mend what the script got wrong in the files it edited; returns the files rewritten."""
    assert run.snapshot is not None
    checkout, name, snapshot = run.checkout, run.options.name, run.snapshot
    newlines = registration_fixes.fix_echoed_newlines(checkout, snapshot, changes)
    notes.extend(f"turned the script's literal \\n into line breaks in {rel}" for rel in newlines)
    doubled = registration_fixes.fix_doubled_commas(checkout, snapshot, changes)
    if doubled:
        notes.append(f"dropped the script's doubled comma in {plural(len(doubled), 'file')}")
    dropped = registration_fixes.drop_breaking_lines(checkout, name, snapshot, changes)
    for rel, line in dropped:
        notes.append(f"dropped the script's line `{line}` that broke {rel}")
        if not run.options.register:
            warn(
                run,
                f"the script's line `{line}` broke {rel} and was dropped; `hs-scaffold audit "
                f"{name} --fix` adds the connector there",
            )
    emptied = registration_fixes.fix_empty_values(checkout, snapshot, changes, run.options.base_url)
    if emptied:
        notes.append(f"gave the script's empty `key =` lines their value in {plural(len(emptied), 'file')}")
    renamed = registration_fixes.fix_type_names(checkout, name, snapshot, changes)
    if renamed:
        script_name = registration_fixes.script_type_name(name)
        notes.append(f"renamed the script's `{script_name}` in {plural(len(renamed), 'file')}")
    return [*newlines, *doubled, *(rel for rel, _line in dropped), *emptied, *renamed]


def _repair(run: Run) -> str:
    if not run.options.repair_drift:
        return "skipped (--keep-template)"
    files = run.checkout.connector_files(run.options.name)
    report = drift_repair.repair_files(run.checkout, run.options.name, files)
    run.changes(written=[run.checkout.rel(f) for f in files])
    run.result.repairs = report
    for repair in report.repairs:
        run.reporter.info(f"    repaired {repair.one_line()}")
    for left in report.unrepaired:
        warn(run, f"template drift left as rendered: {left.message} ({left.reason})")
    return f"{plural(len(report.repairs), 'repair')} of template drift" + (
        f", {len(report.unrepaired)} left" if report.unrepaired else ""
    )


def _register(run: Run) -> str:
    if not run.options.register:
        return "skipped (--no-register)"
    plan = registration_complete.plan(
        run.checkout, run.options.name, base_url=run.options.base_url, ask=run.ask()
    )
    run.result.registrations = plan
    files = registration_complete.apply(run.checkout, plan)
    run.changes(written=files)
    for warning in plan.warnings:
        warn(run, warning)
    written = plan.writable()
    for row in written:
        run.reporter.detail(f"{row.file}:{row.line}  {row.new_text}")
    for row in (r for r in plan.rows if r.new_text is None and r.breaks_build):
        warn(
            run,
            f"{row.file}:{row.line}: add {run.options.name} to this {row.construct} by hand ({row.reason})",
        )
    return f"{plural(len(written), 'registration')} added in {plural(len(files), 'file')}"


def _format(run: Run) -> str:
    assert run.snapshot is not None
    changes = run.changes(written=[])  # kept current by the steps before (each says what it wrote)
    created = [run.checkout.path(p) for p in changes.created]
    # Files the user had edited before the run keep their own formatting.
    edited = [run.checkout.path(p) for p in changes.modified if p not in run.snapshot.dirty]
    tomls = postchecks.changed_tomls(changes)

    def parse_tomls() -> None:  # while rustfmt runs, for the post-checks
        run.parsed_tomls = postchecks.parse_ahead(run.checkout, tomls)

    outcome = formatting.format_files(run.checkout.root, created, edited, meanwhile=parse_tomls)
    run.formatted = list(outcome.files)
    if outcome.error:
        raise StepFailedError("format", outcome.error, "the script or an edit left code rustfmt cannot parse")
    if outcome.warning:
        warn(run, outcome.warning)
    return f"{len(outcome.files)} Rust files with {outcome.toolchain or 'no'} rustfmt"


def _postchecks(run: Run) -> str:
    changes = run.changes(written=run.formatted)  # the format step rewrote only these
    for warning in postchecks.check_after_script(
        run.checkout, run.options.name, run.options.base_url, changes, run.parsed_tomls
    ):
        warn(run, warning)
    return "TOML files, base_url entries, registrations and leftovers checked"


def _reapply(run: Run) -> str:
    assert run.saved is not None
    return run.saved.reapply()


def _spec(run: Run) -> str:
    assert run.saved is not None and run.last_changes is not None
    # Since the post-checks' listing: their removal of the script's leftovers, and re-applied edits.
    leftovers = [p for p in run.last_changes.created if postchecks.is_leftover(p)]
    changes = run.changes(written=None if run.saved.saved else leftovers)
    written = spec.write_spec(
        run.checkout,
        run.options.name,
        base_url=run.options.base_url,
        doc_paths=run.options.doc_paths,
        files_created=changes.created,
        files_modified=changes.modified,
        repairs=run.result.repairs,
    )
    run.result.spec_files = [run.checkout.rel(p) for p in (written.markdown, written.json)]
    run.changes(written=run.result.spec_files)
    for warning in spec.drift_warnings(written):
        warn(run, warning)
    return run.result.spec_files[0]


def _manifest(run: Run) -> str:
    assert run.snapshot is not None
    # Every step since the script's listing said what it wrote (tests/test_new.py holds this listing
    # to git's own view of the tree after each kind of script), so nothing is listed again.
    changes = run.changes(written=[])
    run.result.created, run.result.modified = changes.created, changes.modified
    run_id = run.journal.run_id if run.journal is not None else None
    extra = {
        **_record_extra(run),
        **generated.field(stubs.scan_connector(run.checkout, run.options.name).stubs),
    }
    with interrupts.held():  # the record and "complete" land together; a signal waits for both
        path = manifest.write_manifest(
            run.checkout, run.options.name, run.snapshot, changes, extra=extra, run_id=run_id
        )
        if run.journal is not None:
            run.journal.mark_complete()
        run.complete = True
    return f"{len(changes.created)} created, {len(changes.modified)} modified; undo record {path.name}"


def _record_extra(run: Run) -> dict[str, object]:
    """What the undo record keeps beside the files: the drift repairs and registrations made."""
    result = run.result
    return {
        "drift": result.repairs.as_json() if result.repairs is not None else None,
        "registrations": [r.as_json() for r in result.registrations.writable()]
        if result.registrations
        else [],
    }


def closing_audit(run: Run) -> None:
    """The registration audit of the finished scaffold, for the closing summary (a failure to read
    a file becomes a warning): from the completion's plan when there was one, with the early answers."""
    plan, ask = run.result.registrations, run.ask()
    try:
        run.result.audit = (
            registration_audit.after_completion(run.checkout, plan, ask=ask)
            if plan is not None and plan.peers
            else registration_audit.audit(run.checkout, run.options.name, ask=ask)
        )
    except ScaffoldError as exc:
        warn(run, f"registration audit skipped: {exc.one_line()}")


STEPS: list[Step] = [
    ("files", _files),
    ("repair", _repair),
    ("register", _register),
    ("format", _format),
    ("post-checks", _postchecks),
    ("reapply", _reapply),
    ("spec", _spec),
    ("manifest", _manifest),
]


def run_build(run: Run) -> None:
    started = time.monotonic()
    run.current = "build"
    locate = stubs.locator(run.checkout)
    outcome = build.run_build(
        run.checkout.root, extra_args=run.options.cargo_args, locate=locate, on_progress=run.reporter.progress
    )
    run.result.build = outcome
    build.save_record(run.checkout.root, outcome)
    detail = f"cargo build: {plural(outcome.units_compiled, 'unit')}, {plural(outcome.warnings, 'warning')}"
    status = "ok" if outcome.ok else "failed"
    if not outcome.ok:
        run.result.exit_code = ExitCode.BUILD_FAILED
        detail += f", {plural(len(outcome.errors), 'error')}"
    step = StepResult("build", status, time.monotonic() - started, detail)
    run.result.steps.append(step)
    run.reporter.step(step)
