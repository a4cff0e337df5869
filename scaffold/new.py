"""``hs-scaffold new``: a sequence of named steps, all rolled back together if one fails.

The steps up to the script are here; the later ones are in :mod:`scaffold.new_steps`, imported by
:mod:`scaffold.prefetch` while the script runs (the state they share is :mod:`scaffold.new_run`).
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from pathlib import Path

from scaffold import (
    diskspace,
    interrupts,
    journal,
    lock,
    manifest,
    prefetch,
    preflight,
    process_identity,
    script_runner,
    validate,
)
from scaffold.checkout import Checkout, require_scaffolding_files
from scaffold.docs import locate
from scaffold.errors import (
    InterruptedRunError,
    ScaffoldError,
    StepFailedError,
    os_error_text,
)
from scaffold.new_run import NewOptions, NewResult, Run, Step, warn
from scaffold.report import Reporter, StepResult
from scaffold.worktree_guard import WorkTreeSnapshot


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
    locate.check_connector_docs(run.checkout, run.options.name, run.options.doc_paths)  # before any change
    return f"{run.options.name} {run.options.base_url}"


def _preflight(run: Run) -> str:
    require_scaffolding_files(run.checkout)
    run.saved = preflight.run_preflight(
        run.checkout, run.options.name, allow_dirty=run.options.allow_dirty, snapshot=run.snapshot
    )
    return run.saved.summary()


def _script(run: Run) -> str:
    opts = run.options
    record = run.journal.record_process if run.journal is not None else None
    ahead = None
    if run.journal is not None and run.prefetch is not None:
        ahead = run.prefetch.write_template(_fresh_folder(run.journal.tmp / "ahead"))
    if run.prefetch is not None:
        run.prefetch.list_left_out()  # while the script runs
    run.script = script_runner.run_script(
        run.checkout,
        opts.name,
        opts.base_url,
        renderer=opts.renderer,
        on_line=run.reporter.detail,
        output_shown=run.reporter.verbose,
        work_dir=run.journal.tmp if run.journal is not None else None,
        on_start=(lambda pid: record(process_identity.of_child(pid))) if record is not None else None,
        ahead=ahead,
    )
    if run.prefetch is not None:  # (a failure rolls back first; the run's end stops the imports)
        run.prefetch.wait()  # the later steps' modules are in
    for warning in run.script.warnings:
        warn(run, warning)
    if run.script.noise:
        run.reporter.info(script_runner.noise_line(run.script.noise))
    calls = ", ".join(f"cargo {_subcommand(e.args)}: {e.action}" for e in run.script.events)
    return f"{run.checkout.layout.script} ({calls})"


def _fresh_folder(path: Path) -> Path:
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path


def _subcommand(args: tuple[str, ...]) -> str:
    """``fmt`` for ``+nightly fmt --all``: the first argument that is not a toolchain."""
    return next((a for a in args if not a.startswith("+")), "")


def run_new(checkout: Checkout, options: NewOptions, reporter: Reporter | None = None) -> NewResult:
    """Scaffold connector ``options.name`` in ``checkout``, then build; all or nothing until the build."""
    run = Run(checkout, options, reporter or Reporter(), NewResult(options.name, checkout.root))
    try:
        journal.refuse_if_pending(checkout)
        _step(run, "validate", _validate)
        with lock.checkout_lock(checkout):
            journal.clean_leftovers(checkout)
            journal.refuse_if_pending(checkout)
            run.snapshot = WorkTreeSnapshot.take(checkout.root)  # only read: the preflight uses its status
            # After the snapshot, not during it: its 13,000 lstat calls each give the interpreter
            # lock away, and a thread running imports made them five times slower.
            native = options.renderer == "native"
            run.prefetch = prefetch.Prefetch.start(checkout, options.name, render=native)
            run.prefetch.ask_early()  # from here, a file the run does not touch keeps its bytes
            _step(run, "preflight", _preflight)
            _scaffold(run)
            interrupts.checkpoint()
            if options.record:
                _closing_audit(run)
            if options.build:
                _build(run)
            interrupts.checkpoint()
    except KeyboardInterrupt as exc:
        interrupts.answered()
        if run.complete:
            _close_journal(run)  # in case the interrupt came as it was being removed
        raise _interrupted(run, exc) from exc
    finally:
        if run.prefetch is not None:
            run.prefetch.close()
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
    assert run.snapshot is not None
    try:
        _open_journal(run, run.snapshot)
        if run.saved is not None:
            run.saved.work_dir = run.journal.tmp if run.journal is not None else None
            run.saved.prepare()
        _step(run, "script", _script)
        for name, action in _later_steps():
            if name != "manifest" or run.options.record:
                _step(run, name, action)
        if not run.options.record:  # the manifest step lists the changes otherwise
            changes = run.changes(written=[])
            run.result.created, run.result.modified = changes.created, changes.modified
            run.complete = True
    except BaseException as exc:
        if not run.complete:
            raise _failed(run, exc) from exc
        _close_journal(run)  # an interrupt held back until the undo record was written
        raise
    _close_journal(run)


def _later_steps() -> list[Step]:
    """The steps after the script (their module was imported while the script ran)."""
    from scaffold import new_steps

    return new_steps.STEPS


def _closing_audit(run: Run) -> None:
    from scaffold import new_steps

    run.current = "the registration audit"
    new_steps.closing_audit(run)


def _build(run: Run) -> None:
    from scaffold import new_steps

    new_steps.run_build(run)


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


__all__ = ["NewOptions", "NewResult", "StepFailedError", "run_new"]
