"""``hs-scaffold new`` and ``hs-scaffold demo``: scaffold (or dry-run) and build one connector."""

from __future__ import annotations

import tempfile
from dataclasses import replace
from pathlib import Path

import click

from scaffold import build as cargo_build
from scaffold import dryrun, interrupts, journal, prefetch, proc, sandbox, validate
from scaffold.checkout import Checkout, find_checkout
from scaffold.commands import print_json
from scaffold.commands.build import report_build
from scaffold.errors import ExitCode, InterruptedRunError, UsageError
from scaffold.new import NewOptions, NewResult, run_new
from scaffold.report import Reporter


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
    doc_paths: tuple[Path, ...] = (),
    dry_run: bool = False,
    show_diff: bool = False,
    keep_template: bool = False,
    no_register: bool = False,
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
        doc_paths=doc_paths,
        repair_drift=not keep_template,
        register=not no_register,
    )
    if show_diff and not dry_run:
        raise UsageError("--diff only goes with --dry-run", "add --dry-run, or drop --diff")
    journal.refuse_if_pending(checkout)  # a dead run's leftovers would also show in a dry run
    if options.build and not dry_run:
        cargo_build.check_args(checkout.root, cargo_args)  # before anything changes: a bad one exits 2
    if dry_run:
        prefetch.start_imports()  # the later steps' modules, while the copy is made (on git's time)
        return _dry_run(
            checkout, replace(options, build=False, record=False), rep, show_diff=show_diff, as_json=as_json
        )
    result = run_new(checkout, options, rep)  # a failure's JSON error object is printed by the CLI
    try:
        summarize(result, rep)
        interrupts.checkpoint()
    except KeyboardInterrupt as exc:
        interrupts.answered()
        raise InterruptedRunError(
            f"scaffold complete, interrupted during the summary ({interrupts.signal_name(exc)})",
            f"the connector and its undo record stay; `hs-scaffold undo {name}` reverts it",
        ) from exc
    if as_json:
        print_json(result.as_json())
    return result.exit_code


def _dry_run(
    checkout: Checkout, options: NewOptions, rep: Reporter, *, show_diff: bool, as_json: bool
) -> ExitCode:
    def run(copy: Checkout) -> NewResult:
        return run_new(copy, options, rep)

    outcome = dryrun.dry_run(checkout, run, diff=show_diff, name=options.name)
    if as_json:
        print_json(outcome.as_json())
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
    if result.audit is not None:
        more = f"; `hs-scaffold audit {result.connector}` lists them" if result.audit.missing else ""
        rep.info(f"registrations: {result.audit.summary()}{more}")
    rep.info(f"next: `hs-scaffold stubs {result.connector}` lists what is left to implement")


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
    if code == ExitCode.OK and not no_build:
        _show_reachable(target, name, rep)
    rep.info(f"look around: cd {target} && git status && hs-scaffold stubs {name}")
    return code


def _show_reachable(root: Path, name: str, rep: Reporter) -> None:
    """Run the sandbox's router test that looks the connector up by name, and say what it showed."""
    test = f"{name}::should_be_found_by_its_name"
    done = proc.run(
        ["cargo", "test", "-q", "-p", "router", "--test", "connectors", "--", test], root, check=False
    )
    if done.returncode == 0 and "1 passed" in done.stdout:
        rep.info(f'reachable: the router finds "{name}" through the Connector enum and its mapping ({test})')
    else:
        rep.warn(f"the router does not find {name} by name ({test} failed): `hs-scaffold audit {name}`")
