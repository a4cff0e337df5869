"""``hs-scaffold doctor``: is this machine (and this checkout) ready to scaffold connectors?

Each check is a function of the :class:`Context` returning a :class:`Check`; :data:`CHECKS` lists
them in the order they are shown. A failed required check makes the exit code 1; optional ones
(nightly rustfmt, cargo-generate, a lock, the hook) only warn.
"""

from __future__ import annotations

import os
import re
import sys
import tomllib
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from scaffold import formatting, proc
from scaffold.checkout import Checkout, find_checkout
from scaffold.errors import NotACheckoutError, ScaffoldError

MARKS = {"ok": "✓", "fail": "✗", "warn": "!", "skip": "-"}
MIN_PYTHON = (3, 11)


@dataclass(frozen=True)
class Check:
    """The outcome of one check."""

    name: str
    status: str  # ok | fail (a required check) | warn (an optional one) | skip (does not apply here)
    detail: str
    fix: str | None = None
    required: bool = True

    def line(self) -> str:
        """``✓ name  detail``, and the fix on the next line."""
        text = f"{MARKS[self.status]} {self.name:<17} {self.detail}"
        return f"{text}\n    fix: {self.fix}" if self.fix and self.status in ("fail", "warn") else text


@dataclass(frozen=True)
class Context:
    """What the checks look at: the checkout (None outside one) and why it was not found."""

    checkout: Checkout | None
    problem: str | None  # why there is no checkout
    explicit: bool  # the checkout was named with --repo: not finding it is a failure

    @classmethod
    def find(cls, repo: Path | None) -> Context:
        """The checkout named by ``repo`` or containing the current folder."""
        try:
            return cls(find_checkout((repo or Path.cwd()).resolve()), None, repo is not None)
        except NotACheckoutError as exc:
            return cls(None, exc.problem, repo is not None)


def _version(text: str) -> tuple[int, ...] | None:
    found = re.search(r"(\d+)\.(\d+)(?:\.(\d+))?", text)
    return tuple(int(part or 0) for part in found.groups()) if found else None


def _tool(name: str, argv: list[str], cwd: Path, fix: str, *, required: bool = True) -> Check:
    """``argv`` (a ``--version`` call) prints the version; missing or failing is a problem."""
    if proc.which(argv[0]) is None:
        return Check(name, "fail" if required else "warn", f"{argv[0]} not found on PATH", fix, required)
    try:
        done = proc.run(argv, cwd, check=False, timeout=60)
    except ScaffoldError as exc:
        return Check(name, "fail" if required else "warn", exc.problem, fix, required)
    if done.returncode != 0:
        return Check(name, "fail" if required else "warn", done.describe(), fix, required)
    return Check(name, "ok", done.stdout.strip().splitlines()[0] if done.stdout.strip() else "found")


def _where(ctx: Context) -> Path:
    return ctx.checkout.root if ctx.checkout is not None else Path.cwd()


def rust_version(root: Path) -> str | None:
    """The ``rust-version`` of a workspace (``[workspace.package]``) or package root manifest."""
    try:
        data = tomllib.loads((root / "Cargo.toml").read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return None
    for table in (data.get("workspace", {}).get("package", {}), data.get("package", {})):
        value = table.get("rust-version") if isinstance(table, dict) else None
        if isinstance(value, str):
            return value
    return None


def check_python(ctx: Context) -> Check:
    """Python 3.11 or newer."""
    version = ".".join(map(str, sys.version_info[:3]))
    if sys.version_info[:2] < MIN_PYTHON:
        return Check("python", "fail", f"{version}, needs 3.11+", "install Python 3.11 or newer")
    return Check("python", "ok", f"{version} ({sys.executable})")


def check_git(ctx: Context) -> Check:
    """git on PATH."""
    return _tool("git", ["git", "--version"], _where(ctx), "install git (https://git-scm.com)")


def check_cargo(ctx: Context) -> Check:
    """cargo on PATH (runs the build)."""
    return _tool("cargo", ["cargo", "--version"], _where(ctx), "install Rust with rustup: https://rustup.rs")


def check_rustc(ctx: Context) -> Check:
    """rustc, at least the checkout's ``rust-version`` (run in the checkout: rust-toolchain files apply)."""
    found = _tool("rustc", ["rustc", "--version"], _where(ctx), "install Rust with rustup: https://rustup.rs")
    needed = rust_version(ctx.checkout.root) if ctx.checkout is not None else None
    have = _version(found.detail)
    if found.status != "ok" or needed is None or have is None:
        return found
    want = _version(needed) or ()
    if have < want:
        return Check("rustc", "fail", f"{found.detail}, the checkout needs {needed}+", "rustup update stable")
    return Check("rustc", "ok", f"{found.detail} (the checkout needs {needed}+)")


def check_rustfmt(ctx: Context) -> Check:
    """Stable rustfmt (formats the new files when nightly is missing)."""
    return _tool(
        "rustfmt", ["rustfmt", "--version"], _where(ctx), "rustup component add rustfmt --toolchain stable"
    )


def check_nightly_rustfmt(ctx: Context) -> Check:
    """Nightly rustfmt (optional: the checkout's rustfmt.toml needs it to format edited files)."""
    found = formatting.nightly_rustfmt()
    if found is None:
        return Check(
            "nightly rustfmt",
            "warn",
            "not found: only new files are formatted, with stable rustfmt",
            "rustup toolchain install nightly --component rustfmt",
            required=False,
        )
    return Check("nightly rustfmt", "ok", str(found), required=False)


def check_cargo_generate(ctx: Context) -> Check:
    """cargo-generate (optional: the native renderer replaces it)."""
    found = proc.which("cargo-generate")
    if found is None:
        return Check(
            "cargo-generate",
            "warn",
            "not installed; not needed (the template is rendered natively)",
            "only for --renderer cargo-generate: cargo install cargo-generate",
            required=False,
        )
    return Check("cargo-generate", "ok", f"{found} (optional)", required=False)


def check_checkout(ctx: Context) -> Check:
    """A Hyperswitch checkout here: every command but `demo` needs one, so this check is required."""
    if ctx.checkout is None:
        fix = "cd into a Hyperswitch checkout, pass --repo PATH, or try `hs-scaffold demo`"
        return Check("checkout", "fail", ctx.problem or "not found", fix)
    layout = ctx.checkout.layout
    return Check("checkout", "ok", f"{ctx.checkout.root} (layout {layout.name}: {layout.connectors_dir}/)")


def check_scaffolding(ctx: Context) -> Check:
    """The checkout's script and template, which `new` drives."""
    if ctx.checkout is None:
        return Check("script+template", "skip", "no checkout", required=False)
    layout = ctx.checkout.layout
    missing = [str(p) for p in (layout.script, layout.template_dir) if not ctx.checkout.path(p).exists()]
    if missing:
        return Check(
            "script+template",
            "fail",
            f"missing: {', '.join(missing)}",
            "use a checkout that ships scripts/add_connector.sh and connector-template/",
        )
    return Check("script+template", "ok", f"{layout.script}, {layout.template_dir}/")


def check_template_renders(ctx: Context) -> Check:
    """The template renders natively for a sample name."""
    if ctx.checkout is None:
        return Check("template renders", "skip", "no checkout", required=False)
    from scaffold.render import render_tree

    folder = ctx.checkout.path(ctx.checkout.layout.template_dir)
    try:
        files = render_tree(folder, "doctorpay")
    except (ScaffoldError, OSError, UnicodeDecodeError) as exc:
        problem = exc.problem if isinstance(exc, ScaffoldError) else str(exc)
        return Check("template renders", "fail", problem, f"check the Liquid syntax in {folder}")
    return Check("template renders", "ok", f"{len(files)} files rendered natively")


_UNREACHABLE = re.compile(r"(?:unable to update|can't checkout from) '?([^'\s]+)", re.I)


def check_workspace(ctx: Context) -> Check:
    """``cargo metadata --offline`` resolves the workspace: the build will not need the network."""
    if ctx.checkout is None:
        return Check("workspace deps", "skip", "no checkout", required=False)
    cargo = proc.which("cargo")
    if cargo is None:
        return Check("workspace deps", "skip", "no cargo", required=False)
    argv = [cargo, "metadata", "--offline", "--format-version", "1"]
    try:
        done = proc.run(argv, ctx.checkout.root, check=False, timeout=300)
    except ScaffoldError as exc:
        return Check("workspace deps", "fail", exc.problem, "run `cargo fetch` with network access")
    if done.returncode == 0:
        return Check("workspace deps", "ok", "cargo metadata --offline resolves the workspace")
    needed = git_dependencies_needing_network(ctx.checkout.root, done.stderr)
    detail = "cargo cannot resolve the workspace offline"
    if needed:
        detail += f"; git dependencies not fetched yet: {', '.join(needed)}"
    else:
        lines = [ln.strip() for ln in done.stderr.splitlines() if ln.strip()]
        detail += f": {lines[-1] if lines else f'exit {done.returncode}'}"
    return Check("workspace deps", "fail", detail, "run `cargo fetch` once with network access")


def git_dependencies_needing_network(root: Path, stderr: str) -> list[str]:
    """Git sources cargo could not reach (from its error), else every git source in Cargo.lock
    that has no clone under ``$CARGO_HOME/git/db``."""
    named = list(dict.fromkeys(m.rstrip("'.:") for m in _UNREACHABLE.findall(stderr)))
    if named:
        return named
    try:
        lock = tomllib.loads((root / "Cargo.lock").read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return []
    sources = sorted(
        {
            str(p["source"]).removeprefix("git+").split("?")[0].split("#")[0]
            for p in lock.get("package", [])
            if str(p.get("source", "")).startswith("git+")
        }
    )
    cache = Path(os.environ.get("CARGO_HOME") or Path.home() / ".cargo") / "git" / "db"
    return [
        url
        for url in sources
        if not any(cache.glob(f"{url.rstrip('/').rsplit('/', 1)[-1].removesuffix('.git')}-*"))
    ]


def check_lock(ctx: Context) -> Check:
    """No lock left by a run that is gone (optional: the next run takes a stale lock over)."""
    if ctx.checkout is None:
        return Check("lock", "skip", "no checkout", required=False)
    from scaffold import lock

    found = lock.holder(ctx.checkout)
    if found is None:
        return Check("lock", "ok", "no run in progress", required=False)
    path, record, alive = found
    if alive:
        detail = f"an hs-scaffold run (pid {record.get('pid')}) holds {path}"
        return Check("lock", "warn", detail, "wait for it to finish", required=False)
    detail = f"stale lock {path} (pid {record.get('pid')} is gone; the next run takes it over)"
    return Check("lock", "warn", detail, f"rm {path}", required=False)


def check_hook(ctx: Context) -> Check:
    """Whether the pre-commit hook is installed (information only)."""
    if ctx.checkout is None:
        return Check("pre-commit hook", "skip", "no checkout", required=False)
    from scaffold import hook

    state = hook.status(ctx.checkout.root)
    try:
        stale = state == "installed" and hook.outdated(ctx.checkout.root)
    except ScaffoldError:  # unreadable settings: the settings check reports them
        stale = False
    if stale:
        detail = "installed, but for another Python or other settings (leftover patterns, hook.if_missing)"
        return Check("pre-commit hook", "warn", detail, "hs-scaffold hook install", required=False)
    if state == "installed":
        return Check("pre-commit hook", "ok", "installed", required=False)
    detail = "not installed" if state == "not installed" else "another tool's pre-commit hook, not ours"
    return Check("pre-commit hook", "warn", detail, "hs-scaffold hook install", required=False)


def check_settings(ctx: Context) -> Check:
    """The settings files parse and name only known settings."""
    from scaffold import settings

    try:
        found = settings.load(ctx.checkout)
    except ScaffoldError as exc:
        return Check("settings", "fail", exc.problem, exc.fix or "fix the file")
    return Check("settings", "ok", ", ".join(found.files) or "defaults (no settings file)")


CHECKS: tuple[Callable[[Context], Check], ...] = (
    check_python,
    check_git,
    check_cargo,
    check_rustc,
    check_rustfmt,
    check_nightly_rustfmt,
    check_cargo_generate,
    check_checkout,
    check_scaffolding,
    check_template_renders,
    check_workspace,
    check_settings,
    check_lock,
    check_hook,
)


def run_checks(repo: Path | None) -> list[Check]:
    """Every check, in order."""
    ctx = Context.find(repo)
    return [check(ctx) for check in CHECKS]


def as_json(checks: list[Check]) -> dict[str, object]:
    """``--json``: ``{ok, checks: [{name, status, detail, fix, required}]}``."""
    return {"ok": passed(checks), "checks": [asdict(c) for c in checks]}


def passed(checks: list[Check]) -> bool:
    """Whether every required check passed."""
    return all(c.status != "fail" for c in checks)
