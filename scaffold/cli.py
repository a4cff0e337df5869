"""The thin Click layer: parse, build the context, call one core function, map errors to exit codes."""

from __future__ import annotations

import sys
import tempfile
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from scaffold import __version__
from scaffold.checkout import Checkout, find_checkout
from scaffold.errors import ExitCode, NotACheckoutError, ScaffoldError
from scaffold.report import Reporter

F = TypeVar("F", bound=Callable[..., Any])


class ScaffoldGroup(click.Group):
    """Turns expected failures into one line and an exit code; bugs into a log file."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ScaffoldError as exc:
            click.echo(click.style(f"error: {exc.one_line()}", fg="red"), err=True)
            ctx.exit(int(exc.exit_code))
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except KeyboardInterrupt:
            click.echo("error: interrupted", err=True)
            ctx.exit(int(ExitCode.INTERRUPTED))
        except Exception as exc:  # a bug: keep the traceback out of the user's face
            log = Path(tempfile.gettempdir()) / "hs-scaffold-crash.log"
            log.write_text(traceback.format_exc(), encoding="utf-8")
            click.echo(f"error: internal error ({type(exc).__name__}: {exc}); details in {log}", err=True)
            ctx.exit(int(ExitCode.INTERNAL))


def repo_option(func: F) -> F:
    """``--repo PATH``: the checkout to work on (default: the one containing the current folder)."""
    return click.option(
        "--repo",
        "repo",
        type=click.Path(path_type=Path, file_okay=False),
        default=None,
        help="Hyperswitch checkout to work on (default: the one containing the current folder).",
    )(func)


def json_option(func: F) -> F:
    """``--json``: print one JSON document on stdout instead of the human summary."""
    return click.option("--json", "as_json", is_flag=True, help="Print a JSON summary on stdout.")(func)


def open_checkout(repo: Path | None) -> Checkout:
    """The checkout named by ``--repo`` or containing the current folder."""
    try:
        return find_checkout((repo or Path.cwd()).resolve())
    except NotACheckoutError as exc:
        if repo is not None:
            exc.fix = "point --repo at a folder inside a Hyperswitch checkout, or try `hs-scaffold demo`"
        raise


def reporter(ctx: click.Context) -> Reporter:
    """The reporter configured by the global options."""
    rep = ctx.find_object(Reporter)
    return rep if rep is not None else Reporter()


@click.group(cls=ScaffoldGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="hs-scaffold")
@click.option("-v", "--verbose", is_flag=True, help="Also show the script's own output.")
@click.option("-q", "--quiet", is_flag=True, help="Only warnings and errors on stderr.")
@click.pass_context
def main(ctx: click.Context, verbose: bool, quiet: bool) -> None:
    """Scaffold, map and build new Hyperswitch payment connectors, safely.

    Global options (-v, -q) go before the command: hs-scaffold -q stubs acmepay.

    \b
    Exit codes: 0 ok, 1 failed (tree restored), 2 bad input, 3 stubs remain,
    4 scaffolded but cargo build failed, 5 checkout busy, 70 internal error,
    130 interrupted.
    """
    ctx.obj = Reporter(verbose=verbose, quiet=quiet)


DOC_HELP = (
    "Connector docs: Markdown or OpenAPI (YAML/JSON), repeatable (default grace/references/<name>_doc.md "
    "and <name>_openapi.{yaml,yml,json})."
)


def _new_options(func: F) -> F:
    options = [
        click.option(
            "--no-build", is_flag=True, help="Stop after scaffolding and the spec; skip cargo build."
        ),
        click.option(
            "--cargo-arg",
            "cargo_args",
            multiple=True,
            metavar="ARG",
            help="Extra argument for cargo build (repeatable).",
        ),
        click.option(
            "--renderer",
            type=click.Choice(["native", "cargo-generate"]),
            default="native",
            show_default=True,
            help="Who renders connector-template/.",
        ),
        click.option(
            "--allow-dirty",
            is_flag=True,
            help="Save uncommitted changes in files the script overwrites, and put them back after.",
        ),
        click.option(
            "--keep-on-failure", is_flag=True, help="Leave a failed run's partial result for debugging."
        ),
        click.option(
            "--doc",
            "doc_paths",
            type=click.Path(path_type=Path, dir_okay=False, exists=True),
            multiple=True,
            help=DOC_HELP,
        ),
        click.option(
            "--dry-run", is_flag=True, help="Run in a throwaway worktree and show what would change."
        ),
        click.option("--diff", "show_diff", is_flag=True, help="With --dry-run: print the full diff."),
        click.option(
            "--keep-template",
            is_flag=True,
            help="Leave the rendered code as the template has it, even where the checkout's traits differ.",
        ),
        click.option(
            "--no-register", is_flag=True, help="Do not complete the registrations the script missed."
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


@main.command("new", short_help="Scaffold a connector with the checkout's script, then build.")
@click.argument("name")
@click.argument("base_url")
@_new_options
@repo_option
@json_option
@click.pass_context
def new_cmd(
    ctx: click.Context, /, name: str, base_url: str, repo: Path | None, as_json: bool, **opts: Any
) -> None:
    """Scaffold connector NAME at BASE_URL with the checkout's own script, then build.

    \b
    NAME: a lowercase letter, then 1-39 lowercase letters, digits or '_'.
    BASE_URL: http(s)://host[:port][/path/], usually ending with '/'.

    Example: hs-scaffold new acmepay https://api.acmepay.test/
    """

    from scaffold.commands import new as command

    code = command.new(open_checkout(repo), name, base_url, reporter(ctx), as_json=as_json, **opts)
    ctx.exit(int(code))


@main.command("demo", short_help="Try the whole flow in a built-in miniature Hyperswitch.")
@click.option(
    "--dir",
    "directory",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Where to lay out the sandbox (default: a new temporary folder).",
)
@click.option("--name", default="acmepay", show_default=True, help="Connector name to scaffold.")
@click.option("--base-url", default="https://api.acmepay.test/", show_default=True, help="Its base URL.")
@click.option("--no-build", is_flag=True, help="Skip cargo build.")
@json_option
@click.pass_context
def demo_cmd(
    ctx: click.Context, directory: Path | None, name: str, base_url: str, no_build: bool, as_json: bool
) -> None:
    """Try the whole flow in a built-in miniature Hyperswitch (a new git repository)."""

    from scaffold.commands import new as command

    ctx.exit(int(command.demo(directory, name, base_url, reporter(ctx), no_build=no_build, as_json=as_json)))


@main.command("build", short_help="cargo build at the root, errors pointed at stubs.")
@click.argument("name", required=False)
@click.option(
    "--cargo-arg",
    "cargo_args",
    multiple=True,
    metavar="ARG",
    help="Extra argument for cargo build (repeatable).",
)
@repo_option
@json_option
@click.pass_context
def build_cmd(
    ctx: click.Context, name: str | None, cargo_args: tuple[str, ...], repo: Path | None, as_json: bool
) -> None:
    """Run cargo build at the root; NAME's errors are pointed at its stubs."""

    from scaffold.commands import build as command

    ctx.exit(int(command.build(open_checkout(repo), name, cargo_args, reporter(ctx), as_json=as_json)))


@main.command("undo")
@click.argument("name")
@click.option("--force", is_flag=True, help="Revert even files that changed since the scaffold.")
@repo_option
@click.pass_context
def undo_cmd(ctx: click.Context, name: str, force: bool, repo: Path | None) -> None:
    """Revert a scaffold made by hs-scaffold (recorded under .git/)."""

    from scaffold.commands import undo as command

    ctx.exit(int(command.undo(open_checkout(repo), name, reporter(ctx), force=force)))


@main.command("stubs")
@click.argument("names", nargs=-1, metavar="[NAME]...")
@click.option("--all", "all_connectors", is_flag=True, help="Count stubs in every connector of the checkout.")
@repo_option
@json_option
def stubs_cmd(names: tuple[str, ...], all_connectors: bool, repo: Path | None, as_json: bool) -> None:
    """List the stubs left in NAME's files; exit 3 while any remain."""

    from scaffold.commands import stubs as command

    sys.exit(int(command.stubs(open_checkout(repo), names, all_connectors=all_connectors, as_json=as_json)))


@main.command("spec")
@click.argument("name")
@click.option(
    "--doc",
    "doc_paths",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    multiple=True,
    help=DOC_HELP,
)
@repo_option
@json_option
@click.pass_context
def spec_cmd(
    ctx: click.Context, name: str, doc_paths: tuple[Path, ...], repo: Path | None, as_json: bool
) -> None:
    """Write NAME's spec: every stub and what it must implement.

    Writes grace/connector_integration/NAME_specs.md and its JSON twin NAME_specs.json.
    """

    from scaffold.commands import spec as command

    code = command.spec(open_checkout(repo), name, reporter(ctx), doc_paths=doc_paths, as_json=as_json)
    ctx.exit(int(code))


@main.command("fill", short_help="Write the spec's accepted code proposals in place of the stubs.")
@click.argument("name")
@click.option(
    "--only",
    "only",
    multiple=True,
    metavar="ID",
    help="Write only this stub's proposal (repeatable; any confidence that has code).",
)
@click.option("--dry-run", is_flag=True, help="Print the diff on stdout; change nothing.")
@click.option(
    "--doc",
    "doc_paths",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    multiple=True,
    help="Connector docs (default: those the spec was written from).",
)
@repo_option
@json_option
@click.pass_context
def fill_cmd(
    ctx: click.Context,
    name: str,
    only: tuple[str, ...],
    dry_run: bool,
    doc_paths: tuple[Path, ...],
    repo: Path | None,
    as_json: bool,
) -> None:
    """Write NAME's code proposals (derived and sibling-majority ones) in place of its stubs.

    All or nothing, like `new`: formatted with rustfmt, then the stubs, the drift check and the
    spec are done again; `hs-scaffold undo NAME` reverts it with the scaffold. A proposal whose
    code the author changed since the spec was written is skipped.
    """

    from scaffold.commands import fill as command

    code = command.fill(
        open_checkout(repo),
        name,
        reporter(ctx),
        only=only,
        dry_run=dry_run,
        doc_paths=doc_paths,
        as_json=as_json,
    )
    ctx.exit(int(code))


@main.group("hook", short_help="Pre-commit hook: stop commits that add stubs.")
def hook_group() -> None:
    """The git pre-commit hook that stops commits adding unfinished stubs.

    A commit is blocked when a staged connector file has stubs its HEAD version does not.
    Bypass: git commit --no-verify, or HS_SCAFFOLD_ALLOW_STUBS=1.
    """


@hook_group.command("install", short_help="Install the pre-commit hook (chains an existing one).")
@click.option(
    "--force", is_flag=True, help="Install even where core.hooksPath points outside this repository."
)
@repo_option
@click.pass_context
def hook_install_cmd(ctx: click.Context, force: bool, repo: Path | None) -> None:
    """Install the pre-commit hook; an existing hook is kept as pre-commit.legacy and run first."""

    from scaffold.commands import hook as command

    ctx.exit(int(command.hook_install(open_checkout(repo), reporter(ctx), force=force)))


@hook_group.command("uninstall", short_help="Remove the hook, restoring the one it chained.")
@repo_option
@click.pass_context
def hook_uninstall_cmd(ctx: click.Context, repo: Path | None) -> None:
    """Remove the pre-commit hook and put back the hook it chained."""

    from scaffold.commands import hook as command

    ctx.exit(int(command.hook_uninstall(open_checkout(repo), reporter(ctx))))


@hook_group.command("run", short_help="What git runs before each commit.")
@repo_option
@click.pass_context
def hook_run_cmd(ctx: click.Context, repo: Path | None) -> None:
    """Check the staged connector files (what git runs before each commit); exit 1 to block."""

    from scaffold.commands import hook as command

    ctx.exit(int(command.hook_run(repo, reporter(ctx))))


@main.command("doctor", short_help="Check the tools and the checkout, with a fix for each problem.")
@repo_option
@json_option
@click.pass_context
def doctor_cmd(ctx: click.Context, repo: Path | None, as_json: bool) -> None:
    """Check Python, git, the Rust toolchain and the checkout; a fix under each problem."""

    from scaffold.commands import doctor as command

    ctx.exit(int(command.doctor(repo, as_json=as_json)))


@main.command("audit", short_help="Files that mention a connector's neighbours but not the connector.")
@click.argument("name")
@click.option(
    "--peer",
    "peers",
    multiple=True,
    metavar="P",
    help="Connector to compare with (repeatable; default: NAME's alphabetical neighbours).",
)
@click.option("--fix", is_flag=True, help="Write the missing registrations (all or nothing, undoable).")
@click.option("--base-url", default=None, help="With --fix: NAME's base URL, for missing base_url keys.")
@repo_option
@json_option
@click.pass_context
def audit_cmd(
    ctx: click.Context,
    name: str,
    peers: tuple[str, ...],
    fix: bool,
    base_url: str | None,
    repo: Path | None,
    as_json: bool,
) -> None:
    """List the registration lists that name NAME's peers but not NAME; exit 1 while any is missing.

    Each row is file:line (where NAME's entry goes), the list, and the peer's line it is modelled
    on. Lists whose entries are data about each connector are listed for review (exit 0).
    With --fix, the missing entries are written (as `new` does).
    """

    from scaffold.commands import audit as command

    checkout = open_checkout(repo)
    code = command.audit(checkout, name, peers, reporter(ctx), as_json=as_json, fix=fix, base_url=base_url)
    ctx.exit(int(code))


if __name__ == "__main__":  # pragma: no cover
    main(sys.argv[1:])
