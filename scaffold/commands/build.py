"""``hs-scaffold build``: cargo build at the root, errors pointed at stubs."""

from __future__ import annotations

from scaffold import build as cargo_build
from scaffold import spec as spec_mod
from scaffold import stubs as stub_finder
from scaffold.checkout import Checkout
from scaffold.commands import print_json
from scaffold.errors import ExitCode
from scaffold.new import build_json
from scaffold.report import Reporter, plural


def report_build(outcome: cargo_build.BuildResult, rep: Reporter) -> None:
    """Build success, or its errors grouped by file with their first lines."""
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
        print_json(build_json(outcome))
    return ExitCode.OK if outcome.ok else ExitCode.BUILD_FAILED
