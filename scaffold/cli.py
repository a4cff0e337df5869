"""The thin Click layer: parse, build the context, call one core function, map errors to exit codes."""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click
from click.shell_completion import CompletionItem

from scaffold import __version__, interrupts
from scaffold.checkout import Checkout, find_checkout
from scaffold.errors import ExitCode, NotACheckoutError, ScaffoldError
from scaffold.report import COLOR_CHOICES, Reporter

F = TypeVar("F", bound=Callable[..., Any])


@dataclass
class Globals:
    """The global options, given before or after the command (the later one wins)."""

    verbose: bool = False
    quiet: bool = False
    color: str = "auto"
    repo: Path | None = None
    json: bool = False

    def reporter(self) -> Reporter:
        """The reporter these options ask for."""
        return Reporter(verbose=self.verbose, quiet=self.quiet, color=self.color)


def _globals(ctx: click.Context) -> Globals:
    return ctx.find_root().ensure_object(Globals)


def _json_error(exc: ScaffoldError | click.ClickException, code: int) -> None:
    """The JSON error object a ``--json`` command prints on stdout when it fails."""
    from scaffold.commands import print_json

    if isinstance(exc, ScaffoldError):
        print_json({"error": exc.one_line(), "problem": exc.problem, "fix": exc.fix, "exit_code": code})
    else:
        problem, fix = exc.format_message().rstrip("."), _usage_fix(exc)
        print_json({"error": f"{problem}; {fix}", "problem": problem, "fix": fix, "exit_code": code})


def _usage_fix(exc: click.ClickException) -> str:
    """Where to read how the command is used: its ``--help``."""
    ctx = getattr(exc, "ctx", None)
    path = ctx.command_path if isinstance(ctx, click.Context) else "hs-scaffold"
    return f"see `{path} --help`"


class ScaffoldGroup(click.Group):
    """Turns expected failures into one line and an exit code; bugs into a log file."""

    def main(self, args: Any = None, prog_name: str | None = None, **extra: Any) -> Any:  # type: ignore[override]
        """Click's main, plus a JSON error on stdout for usage errors of a ``--json`` command."""
        argv = list(sys.argv[1:] if args is None else args)
        try:
            code = super().main(argv, prog_name, standalone_mode=False, **extra)
            sys.stdout.flush()
        except BrokenPipeError:
            _reader_gone()
        except click.ClickException as exc:  # a usage error: one line and the fix, as the tool's own
            if "--json" in argv:
                _json_error(exc, exc.exit_code)
            click.echo(f"error: {exc.format_message().rstrip('.')}; {_usage_fix(exc)}", err=True)
            sys.exit(exc.exit_code)
        except click.Abort:
            click.echo("Aborted!", err=True)
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            with interrupts.as_keyboard_interrupt():  # SIGTERM and SIGHUP end a command like Ctrl-C
                try:
                    return super().invoke(ctx)
                finally:
                    interrupts.checkpoint()  # one that a library's finalizer swallowed
        except ScaffoldError as exc:
            if exc.exit_code == ExitCode.INTERRUPTED:
                sys.unraisablehook = _after_interrupt
            options = _globals(ctx)
            if options.json:
                _json_error(exc, int(exc.exit_code))
            options.reporter().error(exc.one_line())
            ctx.exit(int(exc.exit_code))
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except BrokenPipeError:
            _reader_gone()
        except KeyboardInterrupt as exc:
            interrupts.answered()
            sys.unraisablehook = _after_interrupt  # half-built objects of an interrupted library
            click.echo(f"error: interrupted by {interrupts.signal_name(exc)}", err=True)
            ctx.exit(int(ExitCode.INTERRUPTED))
        except Exception as exc:  # a bug: keep the traceback out of the user's face
            log = Path(tempfile.gettempdir()) / "hs-scaffold-crash.log"
            with contextlib.suppress(OSError):  # a full disk must not turn one line into a traceback
                log.write_text(traceback.format_exc(), encoding="utf-8")
            notes = "".join(f"; {note}" for note in getattr(exc, "__notes__", []))
            click.echo(
                f"error: internal error ({type(exc).__name__}: {exc}){notes}; details in {log}", err=True
            )
            ctx.exit(int(ExitCode.INTERNAL))


def _reader_gone() -> NoReturn:
    """The output's reader went away (``hs-scaffold stubs --all | head``): stop quietly, as a
    process killed by SIGPIPE would (exit 141), with nothing more written to the closed pipe."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):
            os.dup2(devnull, stream.fileno())
    sys.exit(int(ExitCode.READER_GONE))


def _after_interrupt(unraisable: Any) -> None:
    """After an interrupt, objects a library was building when it came may fail in ``__del__``
    as they are collected; that is no news for the user (the crash log keeps it)."""
    log = Path(tempfile.gettempdir()) / "hs-scaffold-crash.log"
    with contextlib.suppress(OSError), log.open("a", encoding="utf-8") as handle:
        handle.write(f"after an interrupt, ignored in {unraisable.object!r}: {unraisable.exc_value!r}\n")


# --- the global options, accepted on the group and on every command --------------------------------


def _set(attr: str) -> Callable[[click.Context, click.Parameter, Any], Any]:
    def callback(ctx: click.Context, _param: click.Parameter, value: Any) -> Any:
        default = getattr(Globals(), attr)
        if value is not None and value != default:
            setattr(_globals(ctx), attr, value)
        return value

    return callback


def global_options(*, hidden: bool) -> Callable[[F], F]:
    """``-v``, ``-q``, ``--color``: on the group (shown in its help) and on each command (hidden)."""

    def decorate(func: F) -> F:
        options = [
            click.option(
                "-v",
                "--verbose",
                is_flag=True,
                expose_value=False,
                callback=_set("verbose"),
                hidden=hidden,
                help="More detail: the script's own output, every stub the hook sees.",
            ),
            click.option(
                "-q",
                "--quiet",
                is_flag=True,
                expose_value=False,
                callback=_set("quiet"),
                hidden=hidden,
                help="Only warnings and errors on stderr.",
            ),
            click.option(
                "--color",
                type=click.Choice(COLOR_CHOICES),
                default=None,
                expose_value=False,
                callback=_set("color"),
                hidden=hidden,
                help="Colour on stderr: auto (a terminal, unless NO_COLOR is set), always, never.",
            ),
        ]
        for option in reversed(options):
            func = option(func)
        return func

    return decorate


def _repo_value(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path | None:
    if value is not None:
        _globals(ctx).repo = value
    return value if value is not None else _globals(ctx).repo


def repo_option(func: F) -> F:
    """``--repo PATH``: the checkout to work on (default: the one containing the current folder)."""
    return click.option(
        "--repo",
        "repo",
        type=click.Path(path_type=Path, file_okay=False),
        default=None,
        callback=_repo_value,
        help="Hyperswitch checkout to work on (default: the one containing the current folder).",
    )(func)


def _json_value(ctx: click.Context, param: click.Parameter, value: bool) -> bool:
    if value:
        _globals(ctx).json = True
    return value


def json_option(func: F) -> F:
    """``--json``: print one JSON document on stdout instead of the human summary."""
    return click.option(
        "--json", "as_json", is_flag=True, callback=_json_value, help="Print a JSON summary on stdout."
    )(func)


def command(group: click.Group, name: str, **kwargs: Any) -> Callable[[F], F]:
    """A command of ``group`` that takes the global options too."""

    def decorate(func: F) -> F:
        return group.command(name, **kwargs)(global_options(hidden=True)(func))  # type: ignore[return-value]

    return decorate


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
    return _globals(ctx).reporter()


# --- shell completion ---------------------------------------------------------------------------


def _completion_checkout(ctx: click.Context) -> Checkout | None:
    repo = ctx.params.get("repo") or _globals(ctx).repo
    try:
        return find_checkout((repo or Path.cwd()).resolve())
    except ScaffoldError:
        return None


def complete_connector(ctx: click.Context, _param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """Connector names of the checkout (for ``<TAB>`` in bash, zsh and fish)."""
    from scaffold import names

    return [CompletionItem(n) for n in names.complete(_completion_checkout(ctx), incomplete)]


def complete_recorded(ctx: click.Context, _param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """Connectors scaffolded here by ``new`` (those ``undo`` can revert)."""
    from scaffold import generated, git

    checkout = _completion_checkout(ctx)
    if checkout is None:
        return []
    recorded = generated.recorded_names(git.git_dir(checkout.root))
    return [CompletionItem(n) for n in recorded if n.startswith(incomplete)]


def complete_stub(ctx: click.Context, _param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """Stub ids of the connector named on the command line."""
    from scaffold import stubs

    # With the option's value still missing, Click leaves the arguments unparsed in ctx.args.
    name = ctx.params.get("name") or next((a for a in ctx.args if not a.startswith("-")), None)
    checkout = _completion_checkout(ctx)
    if checkout is None or not isinstance(name, str) or not checkout.connector_files(name):
        return []
    found = stubs.scan_connector(checkout, name).stubs
    return [CompletionItem(s.id) for s in found if s.id.startswith(incomplete)]


# --- the commands -------------------------------------------------------------------------------


@click.group(cls=ScaffoldGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="hs-scaffold")
@global_options(hidden=False)
@click.option(
    "--repo",
    "repo",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    expose_value=False,
    callback=_repo_value,
    help="Hyperswitch checkout to work on (default: the one containing the current folder).",
)
@click.pass_context
def main(ctx: click.Context) -> None:
    """Scaffold, map and build new Hyperswitch payment connectors, safely.

    Global options (-v, -q, --color, --repo) go before or after the command:
    hs-scaffold stubs acmepay -q. Every command takes --json (one JSON document
    on stdout; on failure {"error", "problem", "fix", "exit_code"}).

    \b
    Exit codes: 0 ok, 1 failed (tree restored), 2 bad input, 3 stubs remain,
    4 scaffolded but cargo build failed, 5 checkout busy, 6 run hs-scaffold
    recover, 70 internal error, 130 interrupted, 141 output pipe closed; `test`
    exits as cargo test does.
    """
    _globals(ctx)


DOC_HELP = (
    "Connector docs: Markdown or OpenAPI (YAML/JSON), repeatable (default grace/references/<name>_doc.md "
    "and <name>_openapi.{yaml,yml,json})."
)


def doc_option(help_text: str = DOC_HELP) -> Callable[[F], F]:
    """``--doc PATH`` (repeatable): the connector's docs, each an existing file."""
    return click.option(
        "--doc",
        "doc_paths",
        type=click.Path(path_type=Path, dir_okay=False, exists=True),
        multiple=True,
        help=help_text,
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
            default=None,
            help="Who renders connector-template/ (default: the setting new.renderer, native).",
        ),
        click.option(
            "--allow-dirty",
            is_flag=True,
            help="Save uncommitted changes in files the script overwrites, and put them back after.",
        ),
        click.option(
            "--keep-on-failure", is_flag=True, help="Leave a failed run's partial result for debugging."
        ),
        doc_option(),
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


@command(main, "new", short_help="Scaffold a connector with the checkout's script, then build.")
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

    from scaffold import settings
    from scaffold.commands import new as command

    checkout = open_checkout(repo)
    configured = settings.load(checkout)
    if opts["renderer"] is None:
        opts["renderer"] = configured["new.renderer"]
    opts["keep_template"] = opts["keep_template"] or not configured["new.repair_drift"]
    opts["no_register"] = opts["no_register"] or not configured["new.register"]
    code = command.new(checkout, name, base_url, reporter(ctx), as_json=as_json, **opts)
    ctx.exit(int(code))


@command(main, "demo", short_help="Try the whole flow in a built-in miniature Hyperswitch.")
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


@command(main, "build", short_help="cargo build at the root, errors pointed at stubs.")
@click.argument("name", required=False, shell_complete=complete_connector)
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


@command(main, "undo")
@click.argument("name", shell_complete=complete_recorded)
@click.option("--force", is_flag=True, help="Revert even files that changed since the scaffold.")
@repo_option
@json_option
@click.pass_context
def undo_cmd(ctx: click.Context, name: str, force: bool, repo: Path | None, as_json: bool) -> None:
    """Revert a scaffold made by hs-scaffold (recorded under .git/)."""

    from scaffold.commands import undo as command

    ctx.exit(int(command.undo(open_checkout(repo), name, reporter(ctx), force=force, as_json=as_json)))


@command(main, "recover", short_help="Put the tree back after a run that died (kill -9, power loss).")
@repo_option
@json_option
@click.pass_context
def recover_cmd(ctx: click.Context, repo: Path | None, as_json: bool) -> None:
    """Put the work tree and the index back as they were before a `new` run that died.

    Reads the run's journal under .git/hs-scaffold/journal/; does nothing when there is none.
    """

    from scaffold.commands import recover as command

    ctx.exit(int(command.recover(open_checkout(repo), reporter(ctx), as_json=as_json)))


@command(main, "stubs")
@click.argument("names", nargs=-1, metavar="[NAME]...", shell_complete=complete_connector)
@click.option("--all", "all_connectors", is_flag=True, help="Count stubs in every connector of the checkout.")
@repo_option
@json_option
@click.pass_context
def stubs_cmd(
    ctx: click.Context, names: tuple[str, ...], all_connectors: bool, repo: Path | None, as_json: bool
) -> None:
    """List the stubs left in NAME's files; exit 3 while any remain."""

    from scaffold.commands import stubs as command

    checkout = open_checkout(repo)
    code = command.stubs(checkout, names, reporter(ctx), all_connectors=all_connectors, as_json=as_json)
    ctx.exit(int(code))


@command(main, "spec")
@click.argument("name", shell_complete=complete_connector)
@doc_option(
    "Connector docs, repeatable (default: those the spec was last written from, else "
    "grace/references/<name>_doc.md and <name>_openapi.{yaml,yml,json})."
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


@command(main, "fill", short_help="Write the spec's accepted code proposals in place of the stubs.")
@click.argument("name", shell_complete=complete_connector)
@click.option(
    "--only",
    "only",
    multiple=True,
    metavar="ID",
    shell_complete=complete_stub,
    help="Write only this stub's proposal (repeatable; any confidence that has code).",
)
@click.option("--dry-run", is_flag=True, help="Print the diff on stdout; change nothing.")
@doc_option("Connector docs (default: those the spec was written from).")
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


@command(main, "status", short_help="Where each scaffolded connector stands: stubs, registrations, build.")
@click.argument("name", required=False, shell_complete=complete_connector)
@click.option(
    "--stub",
    "stub_id",
    metavar="ID",
    shell_complete=complete_stub,
    help="With NAME: one stub in detail, with its spec section.",
)
@repo_option
@json_option
@click.pass_context
def status_cmd(
    ctx: click.Context, name: str | None, stub_id: str | None, repo: Path | None, as_json: bool
) -> None:
    """Where connector NAME stands (without NAME: one line per connector scaffolded here).

    Stubs done of those `new` generated, by kind and by flow; stubs added since; missing
    registrations; template drift; whether the spec is older than the code; the last build;
    the next stub to work on, with its spec section.
    """

    from scaffold.commands import status as command

    code = command.status(open_checkout(repo), name, reporter(ctx), stub_id=stub_id, as_json=as_json)
    ctx.exit(int(code))


@command(main, "test", short_help="Run a connector's router tests with an auth file outside the repository.")
@click.argument("name", shell_complete=complete_connector)
@click.option(
    "--credentials",
    "credentials",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    default=None,
    help="TOML file with the connector's credentials ([NAME] table or plain keys).",
)
@click.option(
    "--cargo-arg",
    "cargo_args",
    multiple=True,
    metavar="ARG",
    help="Extra argument for cargo test (repeatable).",
)
@repo_option
@json_option
@click.pass_context
def test_cmd(
    ctx: click.Context,
    name: str,
    credentials: Path | None,
    cargo_args: tuple[str, ...],
    repo: Path | None,
    as_json: bool,
) -> None:
    """Run NAME's router tests as Hyperswitch documents, with an auth file outside the repository.

    \b
    The auth file is NAME's section of sample_auth.toml with your credentials: from
    --credentials FILE, or from variables HS_SCAFFOLD_<NAME>_<KEY> (e.g.
    HS_SCAFFOLD_ACMEPAY_API_KEY). It is written to a private temporary folder, named
    by CONNECTOR_AUTH_FILE_PATH, and removed after:
    cargo test --package router --test connectors -- NAME --test-threads=1
    Exit status: cargo test's (0 passed, 101 failed); 4 when the tests did not compile.
    """

    from scaffold.commands import connector_test as command

    checkout = open_checkout(repo)
    code = command.test(
        checkout, name, reporter(ctx), credentials=credentials, cargo_args=cargo_args, as_json=as_json
    )
    ctx.exit(int(code))


@command(main, "config", short_help="The settings in force and where each comes from.")
@repo_option
@json_option
@click.pass_context
def config_cmd(ctx: click.Context, repo: Path | None, as_json: bool) -> None:
    """Print the merged settings and where each came from.

    \b
    Read from, lowest first: the defaults; $XDG_CONFIG_HOME/hs-scaffold/config.toml
    (~/.config/hs-scaffold/config.toml); [tool.hs-scaffold] in the checkout's
    pyproject.toml; hs-scaffold.toml at the checkout's root. Unknown keys exit 2.
    """

    from scaffold.commands import config as command

    ctx.exit(int(command.config(repo, reporter(ctx), as_json=as_json)))


@main.group("hook", short_help="Pre-commit hook: stop commits that add stubs.")
@global_options(hidden=True)
def hook_group() -> None:
    """The git pre-commit hook that stops commits adding unfinished stubs or leftovers.

    A stub blocks when the staged version of a connector file has it and HEAD does not,
    unless `new` generated it (one summary line per connector). Bypass: git commit
    --no-verify, or HS_SCAFFOLD_ALLOW_STUBS=1; settings: hs-scaffold config.
    """


@command(hook_group, "install", short_help="Install the pre-commit hook (chains an existing one).")
@click.option(
    "--force", is_flag=True, help="Install even where core.hooksPath points outside this repository."
)
@repo_option
@json_option
@click.pass_context
def hook_install_cmd(ctx: click.Context, force: bool, repo: Path | None, as_json: bool) -> None:
    """Install the pre-commit hook; an existing hook is kept as pre-commit.legacy and run first."""

    from scaffold.commands import hook as command

    ctx.exit(int(command.hook_install(open_checkout(repo), reporter(ctx), force=force, as_json=as_json)))


@command(hook_group, "uninstall", short_help="Remove the hook, restoring the one it chained.")
@repo_option
@json_option
@click.pass_context
def hook_uninstall_cmd(ctx: click.Context, repo: Path | None, as_json: bool) -> None:
    """Remove the pre-commit hook and put back the hook it chained."""

    from scaffold.commands import hook as command

    ctx.exit(int(command.hook_uninstall(open_checkout(repo), reporter(ctx), as_json=as_json)))


@command(hook_group, "run", short_help="What git runs before each commit.")
@click.argument("files", nargs=-1, type=click.Path(), metavar="[FILE]...")
@repo_option
@json_option
@click.pass_context
def hook_run_cmd(ctx: click.Context, files: tuple[str, ...], repo: Path | None, as_json: bool) -> None:
    """Check the staged content (what git runs before each commit); exit 1 to block.

    FILE arguments (the pre-commit framework passes them) are ignored: the index is read.
    """

    from scaffold.commands import hook as command

    ctx.exit(int(command.hook_run(repo, reporter(ctx), as_json=as_json)))


@command(main, "doctor", short_help="Check the tools and the checkout, with a fix for each problem.")
@repo_option
@json_option
@click.pass_context
def doctor_cmd(ctx: click.Context, repo: Path | None, as_json: bool) -> None:
    """Check Python, git, the Rust toolchain and the checkout; a fix under each problem."""

    from scaffold.commands import doctor as command

    ctx.exit(int(command.doctor(repo, reporter(ctx), as_json=as_json)))


@command(main, "audit", short_help="Files that mention a connector's neighbours but not the connector.")
@click.argument("name", shell_complete=complete_connector)
@click.option(
    "--peer",
    "peers",
    multiple=True,
    metavar="P",
    shell_complete=complete_connector,
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
