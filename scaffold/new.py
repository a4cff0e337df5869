"""``hs-scaffold new``: a sequence of named steps, all rolled back together if one fails."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from scaffold import (
    build,
    diskspace,
    drift_repair,
    formatting,
    generated,
    interrupts,
    journal,
    lock,
    manifest,
    postchecks,
    preflight,
    process_identity,
    registration_audit,
    registration_complete,
    registration_fixes,
    script_bytes,
    script_runner,
    spec,
    stubs,
    testfile,
    validate,
)
from scaffold.checkout import Checkout, require_scaffolding_files
from scaffold.errors import (
    ExitCode,
    InterruptedRunError,
    ScaffoldError,
    StepFailedError,
    os_error_text,
)
from scaffold.report import Reporter, StepResult, plural
from scaffold.worktree_guard import TreeChanges, WorkTreeSnapshot


@dataclass(frozen=True)
class NewOptions:
    """Everything ``new`` can be asked to do differently."""

    name: str
    base_url: str
    build: bool = True
    cargo_args: tuple[str, ...] = ()
    renderer: str = "native"  # native | cargo-generate
    allow_dirty: bool = False
    keep_on_failure: bool = False
    doc_paths: tuple[Path, ...] = ()  # --doc (repeatable); none: grace/references/<name>_doc.md and beside
    record: bool = True  # write the undo record (off in a dry run's throwaway worktree)
    repair_drift: bool = True  # rewrite generated code the checkout's definitions contradict
    register: bool = True  # complete the registrations the script missed


@dataclass
class NewResult:
    """What a run did, as reported by ``--json``."""

    connector: str
    root: Path
    steps: list[StepResult] = field(default_factory=list)
    created: list[str] = field(default_factory=list)
    modified: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    build: build.BuildResult | None = None
    spec_files: list[str] = field(default_factory=list)
    exit_code: ExitCode = ExitCode.OK
    audit: registration_audit.Audit | None = None  # set by the closing summary
    repairs: drift_repair.RepairReport | None = None
    registrations: registration_complete.Plan | None = None

    def as_json(self) -> dict[str, object]:
        """The run as one JSON-ready dict."""
        return {
            "connector": self.connector,
            "root": str(self.root),
            "exit_code": int(self.exit_code),
            "files_created": self.created,
            "files_modified": self.modified,
            "steps": [s.as_json() for s in self.steps],
            "warnings": self.warnings,
            "spec": self.spec_files,
            "build": build_json(self.build),
            "audit": self.audit.as_json() if self.audit is not None else None,
            "drift": self.repairs.as_json() if self.repairs is not None else None,
            "registrations": (
                [r.as_json() for r in self.registrations.rows] if self.registrations is not None else None
            ),
        }


def build_json(result: build.BuildResult | None) -> dict[str, object] | None:
    """A build result as JSON (None when the build was skipped)."""
    if result is None:
        return None
    return {
        "status": "ok" if result.ok else "failed",
        "seconds": round(result.seconds, 3),
        "units_compiled": result.units_compiled,
        "warnings": result.warnings,
        "command": ["cargo", *result.command],
        "reason": result.reason() or None,
        "errors": [vars(e) for e in result.errors],
    }


@dataclass
class Run:
    """State shared by the steps of one ``new`` run."""

    checkout: Checkout
    options: NewOptions
    reporter: Reporter
    result: NewResult
    snapshot: WorkTreeSnapshot | None = None
    saved: preflight.Preflight | None = None
    script: script_runner.ScriptRun | None = None
    journal: journal.Journal | None = None
    formatted: list[str] | None = None  # the files the format step rewrote
    current: str = ""  # the step running now
    complete: bool = False  # the undo record is written: from here on nothing is rolled back

    last_changes: TreeChanges | None = None  # what the previous call of changes() found

    def changes(self, written: list[str] | None = None) -> TreeChanges:
        """Files created and modified since the snapshot. ``written``: every path changed since
        the previous call, when the caller knows them all (the rest is then not read again)."""
        assert self.snapshot is not None
        if written is not None and self.last_changes is not None:
            self.last_changes = self.snapshot.updated(self.last_changes, written)
        else:
            self.last_changes = self.snapshot.changes()
        return self.last_changes


Step = tuple[str, Callable[[Run], str]]


def _step(run: Run, name: str, action: Callable[[Run], str]) -> None:
    started = time.monotonic()
    run.current = name
    if run.journal is not None:
        run.journal.step_started(name)
    try:
        interrupts.checkpoint()
        detail = action(run)
        interrupts.checkpoint()
    except BaseException as exc:
        if run.complete:  # an interrupt held back until the undo record was in place
            _record_step(run, StepResult(name, "ok", time.monotonic() - started, "complete"))
            raise
        failed = StepResult(name, "failed", time.monotonic() - started)
        run.result.steps.append(failed)
        if run.journal is not None:
            run.journal.step_ended(name, "failed")
        if run.snapshot is not None:  # a refused input stays one line; a failed scaffold shows where
            run.reporter.step(failed)
        if isinstance(exc, OSError):  # the disk or the file system refused: not a bug
            raise StepFailedError(name, os_error_text(exc), "free some space or fix the permissions") from exc
        raise
    _record_step(run, StepResult(name, "ok", time.monotonic() - started, detail))


def _record_step(run: Run, outcome: StepResult) -> None:
    if run.journal is not None and not run.complete:
        run.journal.step_ended(outcome.name, outcome.status)
    run.result.steps.append(outcome)
    run.reporter.step(outcome)


def _validate(run: Run) -> str:
    validate.check_name(run.options.name, run.checkout)
    validate.check_base_url(run.options.base_url)
    spec.check_docs(run.checkout, run.options.name, run.options.doc_paths)  # before the lock and any change
    return f"{run.options.name} {run.options.base_url}"


def _preflight(run: Run) -> str:
    require_scaffolding_files(run.checkout)
    run.saved = preflight.run_preflight(run.checkout, run.options.name, allow_dirty=run.options.allow_dirty)
    return run.saved.summary()


def _script(run: Run) -> str:
    opts = run.options
    record = run.journal.record_process if run.journal is not None else None
    run.script = script_runner.run_script(
        run.checkout,
        opts.name,
        opts.base_url,
        renderer=opts.renderer,
        on_line=run.reporter.detail,
        output_shown=run.reporter.verbose,
        work_dir=run.journal.tmp if run.journal is not None else None,
        on_start=(lambda pid: record(process_identity.of_child(pid))) if record is not None else None,
    )
    for warning in run.script.warnings:
        _warn(run, warning)
    if run.script.noise:
        run.reporter.info(script_runner.noise_line(run.script.noise))
    calls = ", ".join(f"cargo {_subcommand(e.args)}: {e.action}" for e in run.script.events)
    return f"{run.checkout.layout.script} ({calls})"


def _subcommand(args: tuple[str, ...]) -> str:
    """``fmt`` for ``+nightly fmt --all``: the first argument that is not a toolchain."""
    return next((a for a in args if not a.startswith("+")), "")


def _files(run: Run) -> str:
    assert run.snapshot is not None
    notes = [
        f"mended {plural(m.count, 'control character')} in {m.file} ({m.meant})"
        for m in script_bytes.check_script_bytes(run.checkout, run.snapshot, run.changes())
    ]
    notes += testfile.finish_connector_files(run.checkout, run.options.name)
    placed = testfile.ensure_test_file(run.checkout, run.options.name)
    if placed.moved_from:
        notes.append(f"moved {run.checkout.rel(placed.moved_from)} here")
    if placed.registered:
        notes.append("added its `mod` line")
    if placed.duplicates_removed:
        notes.append(f"removed {placed.duplicates_removed} duplicate `mod` line(s)")
    changes = run.changes()  # the fixes below edit contents only, so one listing serves them all
    for rel in registration_fixes.fix_echoed_newlines(run.checkout, run.snapshot, changes):
        notes.append(f"turned the script's literal \\n into line breaks in {rel}")
    doubled = registration_fixes.fix_doubled_commas(run.checkout, run.snapshot, changes)
    if doubled:
        notes.append(f"dropped the script's doubled comma in {plural(len(doubled), 'file')}")
    for rel, line in registration_fixes.drop_breaking_lines(
        run.checkout, run.options.name, run.snapshot, changes
    ):
        notes.append(f"dropped the script's line `{line}` that broke {rel}")
        if not run.options.register:
            _warn(
                run,
                f"the script's line `{line}` broke {rel} and was dropped; `hs-scaffold audit "
                f"{run.options.name} --fix` adds the connector there",
            )
    emptied = registration_fixes.fix_empty_values(run.checkout, run.snapshot, changes, run.options.base_url)
    if emptied:
        notes.append(f"gave the script's empty `key =` lines their value in {plural(len(emptied), 'file')}")
    added, warning = testfile.ensure_sample_auth(run.checkout, run.options.name)
    if added:
        notes.append("added its section to sample_auth.toml")
    if warning:
        _warn(run, warning)
    renamed = registration_fixes.fix_type_names(run.checkout, run.options.name, run.snapshot, changes)
    if renamed:
        script_name = registration_fixes.script_type_name(run.options.name)
        notes.append(f"renamed the script's `{script_name}` in {plural(len(renamed), 'file')}")
    return f"{run.checkout.rel(placed.path)}" + (f" ({'; '.join(notes)})" if notes else " (in place)")


def _repair(run: Run) -> str:
    if not run.options.repair_drift:
        return "skipped (--keep-template)"
    files = run.checkout.connector_files(run.options.name)
    report = drift_repair.repair_files(run.checkout, run.options.name, files)
    run.result.repairs = report
    for repair in report.repairs:
        run.reporter.info(f"    repaired {repair.one_line()}")
    for left in report.unrepaired:
        _warn(run, f"template drift left as rendered: {left.message} ({left.reason})")
    return f"{plural(len(report.repairs), 'repair')} of template drift" + (
        f", {len(report.unrepaired)} left" if report.unrepaired else ""
    )


def _register(run: Run) -> str:
    if not run.options.register:
        return "skipped (--no-register)"
    plan = registration_complete.plan(run.checkout, run.options.name, base_url=run.options.base_url)
    run.result.registrations = plan
    files = registration_complete.apply(run.checkout, plan)
    for warning in plan.warnings:
        _warn(run, warning)
    written = plan.writable()
    for row in written:
        run.reporter.detail(f"{row.file}:{row.line}  {row.new_text}")
    for row in (r for r in plan.rows if r.new_text is None and r.breaks_build):
        _warn(
            run,
            f"{row.file}:{row.line}: add {run.options.name} to this {row.construct} by hand ({row.reason})",
        )
    return f"{plural(len(written), 'registration')} added in {plural(len(files), 'file')}"


def _format(run: Run) -> str:
    assert run.snapshot is not None
    changes = run.changes()
    created = [run.checkout.path(p) for p in changes.created]
    # Files the user had edited before the run keep their own formatting.
    edited = [run.checkout.path(p) for p in changes.modified if p not in run.snapshot.dirty]
    outcome = formatting.format_files(run.checkout.root, created, edited)
    run.formatted = list(outcome.files)
    if outcome.error:
        raise StepFailedError("format", outcome.error, "the script or an edit left code rustfmt cannot parse")
    if outcome.warning:
        _warn(run, outcome.warning)
    return f"{len(outcome.files)} Rust files with {outcome.toolchain or 'no'} rustfmt"


def _postchecks(run: Run) -> str:
    changes = run.changes(written=run.formatted)  # the format step rewrote only these
    for warning in postchecks.check_after_script(
        run.checkout, run.options.name, run.options.base_url, changes
    ):
        _warn(run, warning)
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
    for warning in spec.drift_warnings(written):
        _warn(run, warning)
    return run.result.spec_files[0]


def _manifest(run: Run) -> str:
    assert run.snapshot is not None
    changes = run.changes()
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


SCAFFOLD_STEPS: list[Step] = [
    ("script", _script),
    ("files", _files),
    ("repair", _repair),
    ("register", _register),
    ("format", _format),
    ("post-checks", _postchecks),
    ("reapply", _reapply),
    ("spec", _spec),
    ("manifest", _manifest),
]


def _warn(run: Run, text: str) -> None:
    run.result.warnings.append(text)
    run.reporter.warn(text)


def run_new(checkout: Checkout, options: NewOptions, reporter: Reporter | None = None) -> NewResult:
    """Scaffold connector ``options.name`` in ``checkout``, then build; all or nothing until the build."""
    run = Run(checkout, options, reporter or Reporter(), NewResult(options.name, checkout.root))
    try:
        journal.refuse_if_pending(checkout)
        _step(run, "validate", _validate)
        with lock.checkout_lock(checkout):
            journal.clean_leftovers(checkout)
            journal.refuse_if_pending(checkout)
            _step(run, "preflight", _preflight)
            _scaffold(run)
            interrupts.checkpoint()
            if options.build:
                _build(run)
            interrupts.checkpoint()
    except KeyboardInterrupt as exc:
        interrupts.answered()
        if run.complete:
            _close_journal(run)  # in case the interrupt came as it was being removed
        raise _interrupted(run, exc) from exc
    return run.result


def _interrupted(run: Run, exc: KeyboardInterrupt) -> InterruptedRunError:
    """The message for an interrupt in a window where no roll-back was due."""
    signal_name = interrupts.signal_name(exc)
    if run.complete:
        return InterruptedRunError(
            f"scaffold complete, interrupted during {run.current} ({signal_name})",
            f"the connector and its undo record stay; `hs-scaffold undo {run.options.name}` reverts it",
        )
    return InterruptedRunError(f"interrupted by {signal_name}", "nothing was changed")


def _scaffold(run: Run) -> None:
    """Run the scaffolding steps; on any failure or interrupt put the tree back as it was."""
    run.snapshot = WorkTreeSnapshot.take(run.checkout.root)
    try:
        _open_journal(run, run.snapshot)
        if run.saved is not None:
            run.saved.work_dir = run.journal.tmp if run.journal is not None else None
            run.saved.prepare()
        for name, action in SCAFFOLD_STEPS:
            if name != "manifest" or run.options.record:
                _step(run, name, action)
        if not run.options.record:  # the manifest step lists the changes otherwise
            changes = run.changes()
            run.result.created, run.result.modified = changes.created, changes.modified
            run.complete = True
    except BaseException as exc:
        if not run.complete:
            raise _failed(run, exc) from exc
        _close_journal(run)  # an interrupt held back until the undo record was written
        raise
    _close_journal(run)


def _close_journal(run: Run) -> None:
    """The scaffold is complete: its journal (and the run's temporary files) can go."""
    with interrupts.held():
        if run.journal is not None:
            run.journal.remove()


def _open_journal(run: Run, snapshot: WorkTreeSnapshot) -> None:
    """The run's journal, on disk before the first change (a refusal here changed nothing)."""
    touched = run.saved.touched if run.saved is not None else []
    needs = diskspace.estimate(run.checkout, snapshot, touched)
    diskspace.require(run.checkout, needs)  # the room checked before the first write
    try:
        run.journal = journal.create(
            run.checkout, snapshot, connector=run.options.name, reserve=needs.reserve
        )
    except OSError as exc:
        raise ScaffoldError(
            f"cannot write the run's journal under {journal.journal_path(run.checkout).parent}: "
            f"{exc.strerror}; nothing was changed",
            "free some space there and run again",
        ) from exc


def _failed(run: Run, exc: BaseException) -> BaseException:
    """Roll back after ``exc``; the exception to raise in its place (it says what became of the tree)."""
    if run.journal is None:  # nothing had changed yet
        if isinstance(exc, KeyboardInterrupt):
            interrupts.answered()
            return InterruptedRunError(f"interrupted by {interrupts.signal_name(exc)}", "nothing was changed")
        return exc
    _roll_back(run, exc)
    if isinstance(exc, KeyboardInterrupt):
        interrupts.answered()
        return InterruptedRunError(f"interrupted by {interrupts.signal_name(exc)}", _after_failure(run))
    if isinstance(exc, ScaffoldError):
        exc.fix = _after_failure(run, exc.fix)
        return exc
    if isinstance(exc, OSError):
        return StepFailedError("prepare", os_error_text(exc), _after_failure(run))
    exc.add_note(_after_failure(run))
    return exc


def _roll_back(run: Run, cause: BaseException) -> None:
    assert run.snapshot is not None and run.journal is not None
    if run.options.keep_on_failure:
        changes, run_id = run.snapshot.changes(), run.journal.run_id
        manifest.write_manifest(run.checkout, run.options.name, run.snapshot, changes, run_id=run_id)
        run.journal.remove()
        return
    started = time.monotonic()
    with interrupts.held(discard=True):
        what = cause.one_line() if isinstance(cause, ScaffoldError) else type(cause).__name__
        run.journal.put_back(run.snapshot, what)
        manifest.discard_partial(run.checkout, run.options.name, run.journal.run_id)
        run.journal.remove()
    restored = StepResult(
        "roll-back", "rolled-back", time.monotonic() - started, "work tree put back as it was"
    )
    run.result.steps.append(restored)
    run.reporter.step(restored)


def _after_failure(run: Run, fix: str | None = None) -> str:
    if run.options.keep_on_failure:
        name = run.options.name
        kept = f"partial result kept (--keep-on-failure); roll it back with `hs-scaffold undo {name}`"
        return kept + (f"; {fix}" if fix else "")
    return "the work tree was put back as it was" + (f"; {fix}" if fix else "")


def _build(run: Run) -> None:
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


__all__ = ["NewOptions", "NewResult", "StepFailedError", "run_new"]
