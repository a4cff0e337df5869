"""``hs-scaffold build``: cargo build at the root, errors pointed at stubs."""

from __future__ import annotations

from scaffold import build as cargo_build
from scaffold import names
from scaffold import stubs as stub_finder
from scaffold.build import result_json
from scaffold.checkout import Checkout
from scaffold.commands import print_json
from scaffold.errors import ExitCode
from scaffold.report import Reporter, plural

MAX_SHOWN = 10  # errors shown per file; --json has them all


def report_build(outcome: cargo_build.BuildResult, rep: Reporter) -> None:
    """Build success, or its errors grouped by file and by the stub they fall in, with rustc's detail."""
    if outcome.ok:
        rep.info(
            f"build: ok in {outcome.seconds:.1f}s ({plural(outcome.units_compiled, 'unit')} built or fresh)"
        )
        return
    if not outcome.errors:
        rep.error(
            f"cargo build failed in {outcome.seconds:.1f}s before compiling any code: {outcome.reason()}"
        )
        for line in outcome.stderr_tail:
            rep.info(f"  {line}")
        return
    rep.error(
        f"build failed in {outcome.seconds:.1f}s with {plural(len(outcome.errors), 'error')} "
        "(the scaffold is complete; fix the code and run `hs-scaffold build`)"
    )
    for file, by_stub in outcome.by_stub().items():
        rep.info(f"  {file or '(no file)'}")
        budget = MAX_SHOWN
        for stub_id, errors in by_stub.items():
            if budget <= 0:
                rep.info("    ... and more in this file (`hs-scaffold build --json` lists them all)")
                break
            rep.info(f"    {stub_id or '(outside any stub)'}")
            for error in errors[:budget]:
                for line in diagnostic_lines(error):
                    rep.info(line)
            budget -= len(errors)


def diagnostic_lines(error: cargo_build.Diagnostic) -> list[str]:
    """One error: position and rustc's primary message, then its notes and help, indented."""
    where = f"{error.line}:{error.column}"
    lines = [f"      {where:>8}  {error.headline()}"]
    pad = " " * 16
    for note in error.notes:
        first, *rest = note.splitlines()
        lines.append(f"{pad}note: {first}")
        lines += [f"{pad}      {more.strip()}" for more in rest]
    lines += [f"{pad}help: {text}" for text in error.help]
    return lines


def build(
    checkout: Checkout, name: str | None, cargo_args: tuple[str, ...], rep: Reporter, *, as_json: bool = False
) -> ExitCode:
    """``hs-scaffold build``: cargo build at the root, errors pointed at stubs."""
    if name is not None:
        names.require_connector(checkout, name, command="build")
    cargo_build.check_args(checkout.root, cargo_args)
    outcome = cargo_build.run_build(
        checkout.root,
        extra_args=cargo_args,
        locate=stub_finder.locator(checkout, name),
        on_progress=rep.progress,
    )
    cargo_build.save_record(checkout.root, outcome)
    report_build(outcome, rep)
    if as_json:
        print_json(result_json(outcome))
    return ExitCode.OK if outcome.ok else ExitCode.BUILD_FAILED
