"""Running the checkout's own ``scripts/add_connector.sh`` under control."""

from __future__ import annotations

import re
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from scaffold import cargo_shim, proc, script_edits
from scaffold.checkout import Checkout
from scaffold.errors import ScaffoldError, StepFailedError

SCRIPT_TIMEOUT_S = 600.0
_ANSI = re.compile(r"\x1b\[[0-9;]*m|\\033\[[0-9;]*m")
# Known noise of the real script on Linux: harmless, and nothing the user can act on (one line).
_KNOWN_NOISE = (
    (re.compile(r"^sed: can't read : No such file"), "BSD `sed -i ''` form misread by GNU sed"),
    (re.compile(r"^error: pathspec '(.+)' did not match"), "git checkout aborted on a missing path"),
    (re.compile(r"^rm: cannot remove '(.+)'"), "cleanup of a file that was never created"),
)


@dataclass
class ScriptRun:
    """What the script did: exit status, its output, the cargo calls it made, warnings."""

    returncode: int
    output: list[str]
    events: list[cargo_shim.ShimEvent]
    seconds: float
    warnings: list[str] = field(default_factory=list)
    noise: list[str] = field(default_factory=list)  # the script's known harmless messages


def known_noise(lines: list[str]) -> list[str]:
    """The lines that are this script's known harmless messages on Linux (BSD sed calls, ...)."""
    return [line for line in lines if any(pattern.search(line) for pattern, _ in _KNOWN_NOISE)]


def noise_line(noise: list[str]) -> str:
    """``script: 39 known harmless messages from this version of the script; -v shows them``."""
    count = len(noise)
    what = "known harmless message" if count == 1 else "known harmless messages"
    return f"script: {count} {what} from this version of the script; -v shows them"


def real_cargo() -> str:
    """The cargo the shim falls back to."""
    found = proc.which("cargo")
    if found is None:
        raise ScaffoldError("cargo is not on PATH", "install Rust with rustup (https://rustup.rs)")
    return found


def run_script(
    checkout: Checkout,
    name: str,
    base_url: str,
    *,
    renderer: str = "native",
    on_line: Callable[[str], None] | None = None,
    output_shown: bool = False,
    work_dir: Path | None = None,
    on_start: Callable[[int], None] | None = None,
    ahead: Path | None = None,
) -> ScriptRun:
    """Run ``add_connector.sh NAME BASE_URL`` with the cargo and sed shims first on PATH.

    ``output_shown``: whether ``on_line`` shows the output to the user (``-v``), so that an error
    refers to it only then. The shims and their logs go in ``work_dir`` (the run's journal), else
    in a temporary folder; ``on_start`` gets the script's pid (its process group) as it starts;
    ``ahead``: the template rendered ahead, for the shim to take (:meth:`cargo_shim.Rendered.write`).
    """
    script = checkout.path(checkout.layout.script)
    started = time.monotonic()
    with _shim_dir(work_dir) as tmp:
        log = tmp / "cargo-calls.jsonl"
        env = cargo_shim.install(tmp, log, real_cargo=real_cargo(), renderer=renderer, ahead=ahead)
        sed_log = script_edits.install(tmp)
        done = proc.run_in_group(
            ["bash", str(script), name, base_url],
            checkout.root,
            env=env,
            timeout=SCRIPT_TIMEOUT_S,
            on_start=on_start,
        )
        events = cargo_shim.read_log(log)
        sed_calls = script_edits.read_calls(sed_log)
    lines = [_ANSI.sub("", line) for line in (done.stdout + done.stderr).splitlines()]
    for line in lines:
        if on_line:
            on_line(line)
    run = ScriptRun(done.returncode, lines, events, time.monotonic() - started)
    run.noise = known_noise(lines)
    errors = [_ANSI.sub("", line) for line in done.stderr.splitlines()]
    edits = script_edits.audit(checkout.root, sed_calls, errors)  # first: it names the root cause
    _check(run, output_shown=output_shown)
    run.warnings = edits
    return run


@contextmanager
def _shim_dir(work_dir: Path | None) -> Iterator[Path]:
    """A fresh folder for the shims: inside ``work_dir`` (removed after), or a temporary one."""
    if work_dir is None:
        with tempfile.TemporaryDirectory(prefix="hs-scaffold-shim-") as tmp:
            yield Path(tmp)
        return
    folder = work_dir / "shims"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _check(run: ScriptRun, *, output_shown: bool = False) -> None:
    if run.returncode != 0:
        raise StepFailedError(
            "script",
            f"add_connector.sh exited {run.returncode}: " + " | ".join(run.output[-3:]),
            "its whole output is above" if output_shown else "run again with -v to see its whole output",
        )
    failed = [e for e in run.events if e.action == "failed"]
    if failed:
        raise StepFailedError("script", f"`cargo {' '.join(failed[0].args)}`: {failed[0].detail}")
    if not any(e.action == "rendered" or e.args[:1] == ("generate",) for e in run.events):
        raise StepFailedError(
            "script",
            "add_connector.sh never called `cargo generate`",
            "check that scripts/add_connector.sh is Hyperswitch's connector script",
        )
