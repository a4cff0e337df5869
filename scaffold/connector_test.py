"""``hs-scaffold test NAME``: a connector's router tests, run the way Hyperswitch documents.

The credentials file is made outside the repository from NAME's section of
``crates/router/tests/connectors/sample_auth.toml``, with the user's values (a ``--credentials``
TOML file, or ``HS_SCAFFOLD_<NAME>_<KEY>`` variables), named by ``CONNECTOR_AUTH_FILE_PATH``, and
removed afterwards: credentials never land in the checkout. Then
``cargo test --package router --test connectors -- NAME --test-threads=1``, whose libtest output
becomes one row per test.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import time
import tomllib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomlkit

from scaffold import build, proc
from scaffold.checkout import Checkout
from scaffold.errors import ScaffoldError, UsageError
from scaffold.interrupts import as_keyboard_interrupt, held

AUTH_ENV = "CONNECTOR_AUTH_FILE_PATH"
SAMPLE = "sample_auth.toml"
_RESULT = re.compile(r"^test (\S+) \.\.\. (ok|FAILED|ignored)(?:, (.*))?$")
_SECTION = re.compile(r"^---- (\S+) stdout ----$")
_PANIC = re.compile(r"panicked at (?:'(.*)', )?(\S+?):?$")


@dataclass(frozen=True)
class TestCase:
    """One test's outcome."""

    name: str
    result: str  # passed | failed | ignored
    detail: str = ""  # the first line of the failure, or the reason it is ignored


@dataclass
class TestRun:
    """What ``cargo test`` did."""

    connector: str
    command: list[str]
    returncode: int
    seconds: float
    cases: list[TestCase] = field(default_factory=list)
    compile_errors: list[build.Diagnostic] = field(default_factory=list)
    credentials: list[str] = field(default_factory=list)  # keys the user gave
    placeholders: list[str] = field(default_factory=list)  # keys left at the sample's value
    stderr_tail: list[str] = field(default_factory=list)

    def count(self, result: str) -> int:
        """How many tests ended with ``result``."""
        return sum(1 for c in self.cases if c.result == result)

    def as_json(self) -> dict[str, object]:
        """``test --json``."""
        return {
            "connector": self.connector,
            "command": self.command,
            "exit_code": self.returncode,
            "seconds": round(self.seconds, 3),
            "passed": self.count("passed"),
            "failed": self.count("failed"),
            "ignored": self.count("ignored"),
            "tests": [vars(c) for c in self.cases],
            "compile_errors": [vars(e) for e in self.compile_errors],
            "credentials_given": self.credentials,
            "placeholders": self.placeholders,
        }


def sample_section(checkout: Checkout, name: str) -> dict[str, str]:
    """NAME's section of the checkout's ``sample_auth.toml`` (keys and placeholder values)."""
    path = checkout.path(checkout.layout.router_tests_dir / SAMPLE)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise UsageError(f"{checkout.rel(path)} is missing", "a Hyperswitch checkout ships it") from exc
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{checkout.rel(path)} is not valid TOML ({exc})", "fix it, then run again") from exc
    section = data.get(name)
    if not isinstance(section, dict):
        raise UsageError(
            f"{checkout.rel(path)} has no [{name}] section",
            f"add one with the keys {name}'s tests read (hs-scaffold new writes it)",
        )
    return {str(k): str(v) for k, v in section.items()}


def credentials(name: str, section: dict[str, str], file: Path | None) -> dict[str, str]:
    """The user's values: the ``--credentials`` file (a ``[NAME]`` table or plain keys), then variables."""
    given: dict[str, str] = {}
    if file is not None:
        try:
            data: Any = tomllib.loads(file.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise UsageError(f"cannot read credentials from {file}: {exc}", "pass a TOML file") from exc
        table = data.get(name, data) if isinstance(data.get(name), dict) else data
        given.update({str(k): str(v) for k, v in table.items() if not isinstance(v, dict)})
    prefix = f"HS_SCAFFOLD_{name.upper()}_"
    for key in section:
        value = os.environ.get(prefix + key.upper())
        if value:
            given[key] = value
    unknown = sorted(set(given) - set(section))
    if unknown:
        raise UsageError(
            f"credentials for keys the [{name}] section does not have: {', '.join(unknown)}",
            f"use the keys of sample_auth.toml's [{name}]: {', '.join(section)}",
        )
    return given


@contextmanager
def auth_file(checkout: Checkout, name: str, values: dict[str, str]) -> Iterator[Path]:
    """A private auth file outside the checkout (mode 600, its folder 700), removed afterwards.

    The folder is made with signals held, so an interrupt cannot land between its creation and
    the clean-up taking charge of it.
    """
    folder: Path | None = None
    try:
        with held():
            folder = Path(tempfile.mkdtemp(prefix="hs-scaffold-auth-")).resolve()
        if folder.is_relative_to(checkout.root):
            raise UsageError(
                "the temporary folder lies inside the checkout", "set TMPDIR to a folder outside it"
            )
        path = folder / "auth.toml"
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(tomlkit.dumps({name: values}))
        yield path
    finally:
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)


def command(name: str, cargo_args: Iterable[str] = ()) -> list[str]:
    """``cargo test --package router --test connectors [ARGS] -- NAME --test-threads=1``."""
    cargo = build.build_command()[0]
    return [
        cargo,
        "test",
        "--package",
        "router",
        "--test",
        "connectors",
        "--message-format=json-diagnostic-short",
        *cargo_args,
        "--",
        name,
        "--test-threads=1",
    ]


def run_tests(
    checkout: Checkout,
    name: str,
    *,
    credentials_file: Path | None = None,
    cargo_args: Iterable[str] = (),
    on_line: Callable[[str], None] | None = None,
    on_start: Callable[[], None] | None = None,
) -> TestRun:
    """Run NAME's router tests with a private auth file; the cases parsed from libtest's output.
    ``on_start`` is called once the credentials are read, just before cargo starts."""
    section = sample_section(checkout, name)
    given = credentials(name, section, credentials_file)
    argv = command(name, cargo_args)
    if on_start is not None:
        on_start()
    reader = _OutputReader(checkout.root, on_line)
    started = time.monotonic()
    # SIGTERM and SIGHUP become exceptions too, so the credentials never outlive the run.
    with as_keyboard_interrupt(), auth_file(checkout, name, {**section, **given}) as path:
        done = proc.run_streaming(argv, checkout.root, reader.feed, env={AUTH_ENV: str(path)})
    run = TestRun(name, ["cargo", *argv[1:]], done.returncode, time.monotonic() - started)
    run.cases = parse_libtest(reader.lines)
    run.compile_errors = reader.messages.errors
    run.credentials, run.placeholders = sorted(given), sorted(set(section) - set(given))
    run.stderr_tail = [line for line in done.stderr.splitlines() if line.strip()][-5:]
    if done.returncode != 0 and not run.cases and build._usage_error(done.stderr):
        raise UsageError(f"cargo rejected the arguments: {build._first_error(done.stderr)}", build._ARGS_FIX)
    return run


class _OutputReader:
    """cargo's JSON compiler messages go to the build reader; the rest is libtest's output."""

    def __init__(self, root: Path, on_line: Callable[[str], None] | None) -> None:
        self.messages = build._MessageReader(root, None, None)
        self.lines: list[str] = []
        self.on_line = on_line

    def feed(self, raw: str) -> None:
        if raw.startswith("{"):
            self.messages.feed(raw)
            return
        line = raw.rstrip("\n")
        self.lines.append(line)
        if self.on_line:
            self.on_line(line)


def parse_libtest(lines: list[str]) -> list[TestCase]:
    """Test rows from libtest's text output; a failure gets the first line of its panic message."""
    results: dict[str, tuple[str, str]] = {}
    for line in lines:
        match = _RESULT.match(line.strip())
        if match:
            outcome = {"ok": "passed", "FAILED": "failed", "ignored": "ignored"}[match[2]]
            results[match[1]] = (outcome, match[3] or "")
    for test, message in _failure_messages(lines).items():
        if test in results:
            results[test] = ("failed", message)
    return [TestCase(test, outcome, detail) for test, (outcome, detail) in results.items()]


def _failure_messages(lines: list[str]) -> dict[str, str]:
    """``---- test stdout ----`` sections: the first line of each panic message."""
    found: dict[str, str] = {}
    current: str | None = None
    expect_message = False
    for line in lines:
        section = _SECTION.match(line.strip())
        if section:
            current, expect_message = section[1], False
            continue
        if current is None or current in found:
            continue
        panic = _PANIC.search(line)
        if panic and "panicked at" in line:
            if panic[1]:  # before Rust 1.73: panicked at 'message', file:line:col
                found[current] = panic[1]
            else:
                expect_message = True
        elif expect_message and line.strip():
            found[current] = line.strip()
    return found


def sandbox_failure_hint(run: TestRun) -> str | None:
    """A note when credentials were left at the sample's placeholders and tests failed."""
    if run.count("failed") and run.placeholders:
        keys = ", ".join(run.placeholders)
        env = f"HS_SCAFFOLD_{run.connector.upper()}_<KEY>"
        return f"{keys} kept the sample's placeholder values: pass --credentials FILE or set {env}"
    return None


__all__ = ["ScaffoldError", "TestCase", "TestRun", "run_tests"]
