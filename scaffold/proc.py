"""The one place that starts subprocesses: plumbum for captured runs, Popen for streamed output.

plumbum is imported on the first captured run (about 0.1 s of imports, after ``new``'s script).
Its working folder and environment are process-wide: captured runs belong to the main thread.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from scaffold.errors import ScaffoldError


@dataclass(frozen=True)
class Completed:
    """What a finished command returned."""

    argv: tuple[str, ...]
    returncode: int
    stdout: str
    stderr: str

    def describe(self) -> str:
        """Command, exit status and the last lines of its output, for error messages."""
        tail = (self.stderr.strip() or self.stdout.strip()).splitlines()[-3:]
        return f"`{' '.join(self.argv)}` exited {self.returncode}: {' | '.join(tail)}"


def clean_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The current environment without ``GIT_*`` variables leaked by git hooks."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(extra or {})
    return env


@contextmanager
def _exact_env(env: Mapping[str, str] | None) -> Iterator[None]:
    """Make plumbum use exactly today's environment (it freezes ``os.environ`` at import)."""
    from plumbum import local

    with local.env():
        local.env.clear()
        local.env.update(clean_env(env))
        yield


@contextmanager
def _launched(argv: list[str], env: Mapping[str, str] | None) -> Iterator[None]:
    """plumbum in exactly today's environment; a program that cannot start is a ScaffoldError."""
    from plumbum.commands.processes import CommandNotFound

    try:
        with _exact_env(env):
            yield
    except CommandNotFound as exc:
        raise ScaffoldError(f"cannot run {argv[0]}: not found on PATH", "check it is installed") from exc
    except OSError as exc:
        raise ScaffoldError(f"cannot run {argv[0]}: {exc.strerror}", "check it is installed") from exc


def run(
    argv: list[str],
    cwd: Path,
    *,
    env: Mapping[str, str] | None = None,
    check: bool = True,
    timeout: float | None = None,
) -> Completed:
    """Run ``argv`` in ``cwd`` and capture its output; raise ScaffoldError if ``check`` fails."""
    from plumbum import local
    from plumbum.commands.processes import ProcessTimedOut

    try:
        with _launched(argv, env), local.cwd(str(cwd)):
            code, out, err = local[argv[0]][argv[1:]].run(retcode=None, timeout=timeout)
    except ProcessTimedOut as exc:
        raise ScaffoldError(f"`{' '.join(argv)}` did not finish within {timeout:.0f} s") from exc
    done = Completed(tuple(argv), int(code), str(out), str(err))
    if check and done.returncode != 0:
        raise ScaffoldError(done.describe())
    return done


@dataclass(frozen=True)
class Started:
    """A captured command still running: :meth:`wait` collects it."""

    argv: tuple[str, ...]
    process: subprocess.Popen[bytes]

    def wait(self) -> Completed:
        """Wait for it; what it returned (output decoded as UTF-8, bad bytes replaced)."""
        out, err = self.process.communicate()
        return Completed(self.argv, int(self.process.returncode), _decoded(out), _decoded(err))


def _decoded(output: bytes | None) -> str:
    return (output or b"").decode("utf-8", "replace")


def start(argv: list[str], cwd: Path, *, env: Mapping[str, str] | None = None) -> Started:
    """Start ``argv`` in ``cwd`` with its output captured, not waiting: the caller works meanwhile
    and then calls :meth:`Started.wait` (always: the process is reaped there)."""
    from plumbum import local

    with _launched(argv, env), local.cwd(str(cwd)):
        process = local[argv[0]][argv[1:]].popen(stdin=subprocess.DEVNULL)
    return Started(tuple(argv), cast("subprocess.Popen[bytes]", process))  # bytes: the stubs say text


def which(program: str) -> str | None:
    """Absolute path of ``program`` on today's PATH, or None."""
    return shutil.which(program, path=os.environ.get("PATH"))


def _popen(
    argv: list[str],
    cwd: Path,
    env: Mapping[str, str] | None,
    *,
    stderr: Any,
    start_new_session: bool = False,
    stdin: int | None = None,
) -> subprocess.Popen[str]:
    """Start ``argv`` with text pipes and the cleaned environment; a missing program is a ScaffoldError."""
    try:
        return subprocess.Popen(
            argv,
            cwd=cwd,
            stdin=stdin,
            env=clean_env(env),
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
            encoding="utf-8",
            errors="replace",
            start_new_session=start_new_session,
        )
    except OSError as exc:
        raise ScaffoldError(f"cannot run {argv[0]}: {exc.strerror}", "check it is installed") from exc


def run_streaming(
    argv: list[str], cwd: Path, on_line: Callable[[str], None], *, env: Mapping[str, str] | None = None
) -> Completed:
    """Run ``argv``, handing each stdout line to ``on_line`` as it arrives; stderr is kept."""
    with tempfile.TemporaryFile("w+", encoding="utf-8", errors="replace") as stderr:
        process = _popen(argv, cwd, env, stderr=stderr)
        with process:
            assert process.stdout is not None
            try:
                for line in process.stdout:
                    on_line(line)
            except BaseException:  # an interrupt: do not wait for a long build to finish
                _stop(process)
                raise
            code = process.wait()
        stderr.seek(0)
        return Completed(tuple(argv), code, "", stderr.read())


def run_in_group(
    argv: list[str],
    cwd: Path,
    *,
    env: Mapping[str, str] | None = None,
    timeout: float | None = None,
    on_start: Callable[[int], None] | None = None,
) -> Completed:
    """Run ``argv`` in its own process group, captured; on any interruption the whole group is stopped.

    Used for scripts that start children of their own (bash, sed, the cargo shim): a Ctrl-C, a
    SIGTERM turned into an exception or a timeout must not leave them editing files after a roll-back.
    ``on_start`` gets the pid (the group's id) before ``argv`` runs, e.g. to record it in a journal:
    the process waits at a gate (a line on its stdin) until ``on_start`` has returned, and if this
    process dies first (``kill -9``), the gate sees end-of-file and ``argv`` never runs, so nothing
    unrecorded can go on editing files.
    """
    read_end = gate = None
    started = argv
    if on_start is not None:
        read_end, gate = os.pipe()
        started = ["/bin/sh", "-c", _GATE, "hs-scaffold-gate", *argv]
    try:
        process = _popen(started, cwd, env, stderr=subprocess.PIPE, start_new_session=True, stdin=read_end)
    except BaseException:
        if gate is not None:
            os.close(gate)
        raise
    finally:
        if read_end is not None:
            os.close(read_end)
    try:
        if gate is not None and on_start is not None:
            on_start(process.pid)
            os.write(gate, b"go\n")
            os.close(gate)
            gate = None
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        _stop_group(process)
        raise ScaffoldError(f"`{' '.join(argv)}` did not finish within {timeout:.0f} s") from exc
    except BaseException:
        if gate is not None:
            os.close(gate)  # the gate sees end-of-file: the command never starts
        _stop_group(process)
        raise
    return Completed(tuple(argv), process.returncode, out, err)


# Wait for the parent's "go" line on stdin, then run the command with stdin from /dev/null.
_GATE = 'read -r go || exit 125; exec "$@" </dev/null'


def _stop(process: subprocess.Popen[str], grace: float = 2.0) -> None:
    """SIGTERM ``process``, then SIGKILL it if it is still there after ``grace`` seconds."""
    process.terminate()
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _stop_group(process: subprocess.Popen[str], grace: float = 2.0) -> None:
    """SIGTERM the process group, then SIGKILL what is still there after ``grace`` seconds."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            break
        try:
            process.wait(timeout=grace)
            break
        except subprocess.TimeoutExpired:
            continue
    process.communicate()
