"""One core function per command: runs it, prints the human summary or the JSON, returns the exit code."""

from __future__ import annotations

import json
import tempfile
from dataclasses import replace
from pathlib import Path

import click

from scaffold import build as cargo_build
from scaffold import dryrun, sandbox, validate
from scaffold import spec as spec_mod
from scaffold import stubs as stub_finder
from scaffold import undo as undo_mod
from scaffold.checkout import Checkout, find_checkout
from scaffold.errors import ExitCode, ScaffoldError, UsageError
from scaffold.new import NewOptions, NewResult, build_json, run_new
from scaffold.report import Reporter, plural


def _print_json(data: object) -> None:
    click.echo(json.dumps(data, indent=2, default=str))


def new(
    checkout: Checkout,
    name: str,
    base_url: str,
    rep: Reporter,
    *,
    as_json: bool = False,
    no_build: bool = False,
    cargo_args: tuple[str, ...] = (),
    renderer: str = "native",
    allow_dirty: bool = False,
    keep_on_failure: bool = False,
    doc_path: Path | None = None,
    dry_run: bool = False,
    show_diff: bool = False,
) -> ExitCode:
    """``hs-scaffold new``: scaffold (or dry-run) and build one connector."""
    options = NewOptions(
        name,
        base_url,
        build=not no_build,
        cargo_args=cargo_args,
        renderer=renderer,
        allow_dirty=allow_dirty,
        keep_on_failure=keep_on_failure,
        doc_path=doc_path,
    )
    if show_diff and not dry_run:
        raise UsageError("--diff only goes with --dry-run", "add --dry-run, or drop --diff")
    if dry_run:
        return _dry_run(
            checkout, replace(options, build=False, record=False), rep, show_diff=show_diff, as_json=as_json
        )
    try:
        result = run_new(checkout, options, rep)
    except ScaffoldError as exc:
        if as_json:
            _print_json({"connector": name, "error": exc.one_line(), "exit_code": int(exc.exit_code)})
        raise
    summarize(result, rep)
    if as_json:
        _print_json(result.as_json())
    return result.exit_code


def _dry_run(
    checkout: Checkout, options: NewOptions, rep: Reporter, *, show_diff: bool, as_json: bool
) -> ExitCode:
    outcome = dryrun.dry_run(checkout, lambda worktree: run_new(worktree, options, rep), diff=show_diff)
    if as_json:
        _print_json(outcome.as_json())
        return ExitCode.OK
    rep.info(f"dry run: {len(outcome.created)} files would be created, {len(outcome.modified)} modified")
    for path in outcome.created:
        rep.info(f"  + {path}")
    for path in outcome.modified:
        rep.info(f"  ~ {path}")
    rep.info(outcome.diffstat.rstrip())
    if show_diff:
        click.echo(outcome.diff, nl=False)
    rep.info("nothing was changed in your work tree")
    return ExitCode.OK


def summarize(result: NewResult, rep: Reporter) -> None:
    """The closing lines of ``new``: files, spec, build outcome, what to do next."""
    rep.info(f"\n{result.connector}: {len(result.created)} files created, {len(result.modified)} modified")
    for path in result.created:
        rep.info(f"  + {path}")
    if result.spec_files:
        rep.info(f"spec: {result.spec_files[0]}")
    if result.build is not None:
        report_build(result.build, rep)
    rep.info(f"next: `hs-scaffold stubs {result.connector}` lists what is left to implement")


def report_build(outcome: cargo_build.BuildResult, rep: Reporter) -> None:
    """Build success, or its errors grouped by file with their first lines."""
    if outcome.ok:
        rep.info(f"build: ok in {outcome.seconds:.1f}s ({plural(outcome.units_compiled, 'unit')} up to date)")
        return
    if not outcome.errors:
        rep.error(
            f"cargo build failed in {outcome.seconds:.1f}s before compiling any code: {outcome.reason()}"
        )
        for line in outcome.stderr_tail:
            rep.info(f"  {line}")
        return
    rep.error(
        f"build failed in {outcome.seconds:.1f}s with {len(outcome.errors)} errors "
        "(the scaffold is complete; fix the code and run `hs-scaffold build`)"
    )
    for file, errors in outcome.by_file().items():
        rep.info(f"  {file or '(no file)'}")
        for error in errors[:10]:
            where = f"{error.line}:{error.column}"
            rep.info(f"    {where:>8} {error.stub_id + ': ' if error.stub_id else ''}{error.message}")


def build(
    checkout: Checkout, name: str | None, cargo_args: tuple[str, ...], rep: Reporter, *, as_json: bool = False
) -> ExitCode:
    """``hs-scaffold build``: cargo build at the root, errors pointed at stubs."""
    if name is not None:
        spec_mod.require_connector(checkout, name)
    outcome = cargo_build.run_build(
        checkout.root,
        extra_args=cargo_args,
        locate=stub_finder.locator(checkout, name),
        on_progress=rep.progress,
    )
    report_build(outcome, rep)
    if as_json:
        _print_json(build_json(outcome))
    return ExitCode.OK if outcome.ok else ExitCode.BUILD_FAILED


def demo(
    directory: Path | None,
    name: str,
    base_url: str,
    rep: Reporter,
    *,
    no_build: bool = False,
    as_json: bool = False,
) -> ExitCode:
    """``hs-scaffold demo``: the sandbox as a fresh repository, then ``new`` in it."""
    validate.check_name(name)  # checked again, fully, inside the sandbox
    validate.check_base_url(base_url)
    if directory is not None and directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise UsageError(f"{directory} is not an empty folder", "pass --dir with a new or empty folder")
    target = directory or Path(tempfile.mkdtemp(prefix="hs-scaffold-demo-")) / "hyperswitch"
    sandbox.materialize(target)
    rep.info(f"sandbox: a miniature Hyperswitch checkout at {target} (kept; delete it when done)")
    code = new(find_checkout(target), name, base_url, rep, as_json=as_json, no_build=no_build)
    rep.info(f"look around: cd {target} && git status && hs-scaffold stubs {name}")
    return code


def undo(checkout: Checkout, name: str, rep: Reporter, *, force: bool = False) -> ExitCode:
    """``hs-scaffold undo``: revert a recorded scaffold."""
    rep.info(undo_mod.undo(checkout, name, force=force).summary())
    return ExitCode.OK


def stubs(checkout: Checkout, names: tuple[str, ...], *, all_connectors: bool, as_json: bool) -> ExitCode:
    """``hs-scaffold stubs``: the table on stderr, the stub map (or counts) as JSON on stdout."""
    output = stub_finder.stubs_command_output(checkout, names, all_connectors=all_connectors)
    if as_json:
        _print_json(output.data)
    elif output.table:
        click.echo(output.table)  # the rows are the command's result: pipe them to grep
    click.echo(output.summary, err=True)
    return ExitCode(int(output.exit_code))


def spec(
    checkout: Checkout, name: str, rep: Reporter, *, doc_path: Path | None = None, as_json: bool = False
) -> ExitCode:
    """``hs-scaffold spec``: (re)write the spec Markdown and its JSON twin.

    With the undo record of ``hs-scaffold new``, the files it lists are the ones ``new`` changed,
    and the record learns the rewritten spec files, so ``undo`` does not take them for user edits.
    """
    from scaffold import manifest

    spec_mod.require_connector(checkout, name)
    created, modified = spec_mod.recorded_files(checkout, name) or ([], [])
    written = spec_mod.write_spec(
        checkout, name, doc_path=doc_path, files_created=created, files_modified=modified
    )
    manifest.record_rewrite(checkout, name, written.paths)
    rep.info(written.summary(checkout))
    for warning in spec_mod.drift_warnings(written):
        rep.warn(warning)
    if as_json:
        _print_json(written.data)
    return ExitCode.OK


def hook_install(checkout: Checkout, rep: Reporter, *, force: bool = False) -> ExitCode:
    """``hs-scaffold hook install``: write the pre-commit hook, chaining a foreign one."""
    from scaffold import hook

    rep.info(hook.install(checkout.root, force=force))
    return ExitCode.OK


def hook_uninstall(checkout: Checkout, rep: Reporter) -> ExitCode:
    """``hs-scaffold hook uninstall``: remove the hook, put back the one it chained."""
    from scaffold import hook

    rep.info(hook.uninstall(checkout.root))
    return ExitCode.OK


def hook_run(repo: Path | None, rep: Reporter) -> ExitCode:
    """``hs-scaffold hook run``: exit 1 when the staged content adds stubs (git runs it before a commit).

    The ``GIT_*`` variables git gives the hook are taken out of the environment first, so finding
    the checkout runs git cleanly; only the reads of the staged content get them back (the index).
    """
    from scaffold import git, hook
    from scaffold.errors import NotACheckoutError

    with git.hook_environment() as env:
        try:
            checkout = find_checkout((repo or Path.cwd()).resolve())
        except NotACheckoutError as exc:
            rep.warn(f"hs-scaffold hook: nothing checked, {exc.problem}")
            return ExitCode.OK
        verdict = hook.check_staged(checkout, env)
    if not verdict.files:
        return ExitCode.OK
    for line in verdict.lines():
        if verdict.new:
            click.echo(line, err=True)  # blocking or allowed, the list is shown even with -q
        else:
            rep.info(line)
    return ExitCode.FAILED if verdict.blocks else ExitCode.OK


def doctor(repo: Path | None, *, as_json: bool = False) -> ExitCode:
    """``hs-scaffold doctor``: one line per check on stderr (a fix under each problem), or JSON."""
    from scaffold import doctor as doctor_mod

    checks = doctor_mod.run_checks(repo)
    for check in checks:
        click.echo(check.line(), err=True)
    ok = doctor_mod.passed(checks)
    failed = plural(sum(1 for c in checks if c.status == "fail"), "required check")
    click.echo("ready: every required check passed" if ok else f"{failed} failed", err=True)
    if as_json:
        _print_json(doctor_mod.as_json(checks))
    return ExitCode.OK if ok else ExitCode.FAILED
