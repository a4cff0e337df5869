"""``hs-scaffold test``: a connector's router tests, with a private auth file."""

from __future__ import annotations

from pathlib import Path

import click

from scaffold import connector_test, names
from scaffold.checkout import Checkout
from scaffold.commands import print_json
from scaffold.commands.build import diagnostic_lines
from scaffold.errors import ExitCode
from scaffold.report import Reporter, plural


def test(
    checkout: Checkout,
    name: str,
    rep: Reporter,
    *,
    credentials: Path | None = None,
    cargo_args: tuple[str, ...] = (),
    as_json: bool = False,
) -> int:
    """The table on stdout, the counts on stderr; exit as cargo test (4 when nothing compiled)."""
    names.require_connector(checkout, name, command="test")
    run = connector_test.run_tests(
        checkout,
        name,
        credentials_file=credentials,
        cargo_args=cargo_args,
        on_line=rep.detail,
        on_start=lambda: rep.info(
            f"test: cargo test --package router --test connectors -- {name} --test-threads=1"
        ),
    )
    code = run.returncode
    if run.returncode != 0 and not run.cases and run.compile_errors:
        code = int(ExitCode.BUILD_FAILED)
    if as_json:
        print_json({**run.as_json(), "exit_code": code})
    else:
        _table(run)
    _summary(run, rep, code)
    return code


def _table(run: connector_test.TestRun) -> None:
    if not run.cases:
        return
    width = max(len(c.name) for c in run.cases)
    for case in run.cases:
        detail = f"  {case.detail}" if case.detail else ""
        click.echo(f"{case.name:<{width}}  {case.result:<7}{detail}".rstrip())


def _summary(run: connector_test.TestRun, rep: Reporter, code: int) -> None:
    if code == ExitCode.BUILD_FAILED:
        rep.error(f"the tests did not compile: {plural(len(run.compile_errors), 'error')}")
        for error in run.compile_errors[:10]:
            rep.info(f"  {error.file}")
            for line in diagnostic_lines(error):
                rep.info(line)
        return
    if not run.cases:
        rep.error(f"cargo test exited {run.returncode} before running any test")
        for line in run.stderr_tail:
            rep.info(f"  {line}")
        return
    counts = ", ".join(f"{run.count(r)} {r}" for r in ("passed", "failed", "ignored"))
    rep.info(f"{run.connector}: {counts} in {run.seconds:.1f}s (exit {run.returncode})")
    hint = connector_test.sandbox_failure_hint(run)
    if hint:
        rep.warn(hint)
