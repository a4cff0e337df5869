"""A stand-in for ``cargo`` put first on the PATH of ``scripts/add_connector.sh``.

``install cargo-generate`` is skipped; ``generate --path T -n NAME`` renders the template
natively (or with a real cargo-generate when asked); ``fmt``, ``check`` and ``test`` are
recorded and deferred to hs-scaffold's own format and build steps; anything else runs the
real cargo. Every call is appended to a JSON-lines log that the pipeline reads back.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path

from scaffold.errors import ScaffoldError

ENV_REAL_CARGO = "HS_SCAFFOLD_REAL_CARGO"
ENV_LOG = "HS_SCAFFOLD_SHIM_LOG"
ENV_RENDERER = "HS_SCAFFOLD_RENDERER"
DEFERRED = {"fmt": "format", "check": "build", "test": "build", "build": "build", "clippy": "build"}


@dataclass(frozen=True)
class ShimEvent:
    """One call the script made to ``cargo``, and what the shim did with it."""

    args: tuple[str, ...]
    action: str  # skipped | rendered | deferred | passthrough | failed
    detail: str
    seconds: float


SKIPPED_INSTALL = "cargo-generate is not needed: hs-scaffold renders the template itself"

WRAPPER = Path(__file__).resolve().parent / "data" / "cargo_wrapper.sh"

# The wrapper's check that the template is still what was rendered ahead: the same command runs
# before the render (render_ahead below) and in the wrapper before it takes the result.
TEMPLATE_SUMS = "find . -type f -exec cksum {} + | LC_ALL=C sort"


def wrapper_text(ahead: Path | None = None) -> str:
    """The ``cargo`` wrapper script: fast answers in sh, the rest through Python. ``ahead``: the
    folder :func:`render_ahead` renders the template into, if any."""
    cases = "\n".join(f'  {cmd}) action=deferred; detail="{_deferred_detail(cmd)}";;' for cmd in DEFERRED)
    fill = {
        "@DEFERRED_CASES@": cases,
        "@SKIPPED@": SKIPPED_INSTALL,
        "@ENV_LOG@": ENV_LOG,
        "@PYTHON@": sys.executable,
        "@AHEAD@": str(ahead or ""),
        "@TEMPLATE_SUMS@": TEMPLATE_SUMS,
    }
    text = WRAPPER.read_text(encoding="utf-8")
    for placeholder, value in fill.items():
        text = text.replace(placeholder, value)
    return text


def _deferred_detail(command: str) -> str:
    return f"deferred to hs-scaffold's {DEFERRED[command]} step"


def install(
    bin_dir: Path, log: Path, *, real_cargo: str, renderer: str, ahead: Path | None = None
) -> dict[str, str]:
    """Write the ``cargo`` wrapper into ``bin_dir``; return the environment the script needs.
    ``ahead``: where the template is rendered ahead (used with the native renderer only)."""
    wrapper = bin_dir / "cargo"
    wrapper.write_text(wrapper_text(ahead if renderer == "native" else None))
    wrapper.chmod(wrapper.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    package_parent = str(Path(__file__).resolve().parent.parent)
    return {
        "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
        "PYTHONPATH": os.pathsep.join(p for p in (package_parent, os.environ.get("PYTHONPATH")) if p),
        ENV_REAL_CARGO: real_cargo,
        ENV_LOG: str(log),
        ENV_RENDERER: renderer,
    }


@dataclass(frozen=True)
class Rendered:
    """The template rendered ahead for one connector name, with the checksums of its files."""

    name: str
    files: dict[str, str]  # relative path -> text
    sums: bytes  # the output of TEMPLATE_SUMS in the template folder, taken before it was read

    def write(self, folder: Path) -> None:
        """Write it into ``folder`` for the wrapper, which takes it for ``cargo generate --path T
        -n NAME`` when T's files still have these checksums: ``tree/`` (what
        :func:`scaffold.render.generate` writes), ``name``, ``folder`` (the folder it writes) and,
        last, ``sums``: its presence says the rest is complete."""
        from scaffold.naming import project_name
        from scaffold.render import write_tree  # imported already: the render used it

        write_tree(self.files, folder / "tree")
        (folder / "name").write_text(f"{self.name}\n", encoding="utf-8")
        (folder / "folder").write_text(f"{project_name(self.name)}\n", encoding="utf-8")
        (folder / "sums.tmp").write_bytes(self.sums)
        (folder / "sums.tmp").replace(folder / "sums")


def render_ahead(template_dir: Path, name: str) -> Rendered:
    """The template rendered for ``name`` before the script asks (in memory)."""
    from scaffold.render import render_tree  # Liquid: imported here, in the thread that renders

    sums = subprocess.run(
        ["sh", "-c", TEMPLATE_SUMS], cwd=template_dir, capture_output=True, check=True
    ).stdout  # before the files are read: a change while rendering then shows as a mismatch
    return Rendered(name, render_tree(template_dir, name), sums)


def read_log(log: Path) -> list[ShimEvent]:
    """The events the shim recorded, in order."""
    if not log.exists():
        return []
    events = []
    for line in log.read_text(encoding="utf-8").splitlines():
        raw = json.loads(line)
        events.append(ShimEvent(tuple(raw["args"]), raw["action"], raw["detail"], raw["seconds"]))
    return events


def _option(args: list[str], *names: str) -> str | None:
    for i, arg in enumerate(args):
        for name in names:
            if arg == name and i + 1 < len(args):
                return args[i + 1]
            if name.startswith("--") and arg.startswith(name + "="):
                return arg.split("=", 1)[1]
    return None


def _generate(args: list[str]) -> tuple[str, str]:
    template, name = _option(args, "--path"), _option(args, "-n", "--name")
    if not template or not name:
        raise ScaffoldError(
            "cargo generate needs --path and --name", "call it as `cargo generate --path T -n NAME`"
        )
    if os.environ.get(ENV_RENDERER) == "cargo-generate":
        return _passthrough(["generate", *args])
    from scaffold.render import generate  # imported here: the other calls stay fast

    destination = Path(_option(args, "--destination") or ".")
    out = generate(Path(template), name, destination, force="--force" in args)
    return "rendered", f"native render of {template} into {out}"


def _passthrough(args: list[str]) -> tuple[str, str]:
    real = os.environ.get(ENV_REAL_CARGO, "")
    if not real:
        raise ScaffoldError("the real cargo was not found", "install Rust with rustup")
    code = subprocess.call([real, *args])
    if code != 0:
        raise ScaffoldError(f"`cargo {' '.join(args)}` exited {code}")
    return "passthrough", f"ran real cargo {' '.join(args[:2])}"


def dispatch(argv: list[str]) -> tuple[str, str]:
    """Decide and carry out what one ``cargo`` call becomes."""
    args = expand_alias([a for a in argv if not a.startswith("+")], Path.cwd())
    command = args[0] if args else ""
    if command == "install" and any("cargo-generate" in a for a in args[1:]):
        return "skipped", SKIPPED_INSTALL
    if command == "generate":
        return _generate(args[1:])
    if command in DEFERRED:
        return "deferred", _deferred_detail(command)
    return _passthrough(argv)


BUILTIN_ALIASES = {"b": ["build"], "c": ["check"], "t": ["test"], "r": ["run"], "d": ["doc"]}


def expand_alias(args: list[str], cwd: Path) -> list[str]:
    """``args`` with a cargo alias in first place expanded, as cargo would (e.g. older Hyperswitch
    scripts call ``cargo gen-pg NAME``, an alias for ``generate --path ... -n`` in .cargo/config.toml)."""
    if not args:
        return args
    aliases = {**BUILTIN_ALIASES, **_configured_aliases(cwd)}
    expansion = aliases.get(args[0])
    return [*expansion, *args[1:]] if expansion else args


def _configured_aliases(cwd: Path) -> dict[str, list[str]]:
    """``[alias]`` entries of the cargo config files that apply in ``cwd`` (nearest wins)."""
    home = Path(os.environ.get("CARGO_HOME") or Path.home() / ".cargo")
    folders = [*reversed([cwd, *cwd.parents])]
    files = [home / "config.toml", home / "config"]
    files += [f / ".cargo" / name for f in folders for name in ("config", "config.toml")]
    aliases: dict[str, list[str]] = {}
    for path in files:
        if not path.is_file():
            continue
        try:
            table = tomllib.loads(path.read_text(encoding="utf-8")).get("alias", {})
        except (tomllib.TOMLDecodeError, UnicodeDecodeError):
            continue
        for name, value in table.items():
            aliases[name] = value.split() if isinstance(value, str) else [str(v) for v in value]
    return aliases


def _record(argv: list[str], action: str, detail: str, started: float) -> None:
    log = os.environ.get(ENV_LOG)
    if not log:
        return
    event = {
        "args": argv,
        "action": action,
        "detail": detail,
        "seconds": round(time.monotonic() - started, 3),
    }
    with Path(log).open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(event) + "\n")


def main(argv: list[str]) -> int:
    """Entry point of the shim; returns cargo-like exit status."""
    started = time.monotonic()
    try:
        action, detail = dispatch(argv)
    except ScaffoldError as exc:
        _record(argv, "failed", exc.one_line(), started)
        print(f"hs-scaffold cargo shim: {exc.one_line()}", file=sys.stderr)
        return 101
    _record(argv, action, detail, started)
    print(f"hs-scaffold cargo shim: {detail}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
