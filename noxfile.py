"""Developer sessions: tests, lint, typecheck, e2e (real checkout, opt-in), faults (opt-in) and bench."""

from __future__ import annotations

import os
from pathlib import Path

import nox

nox.options.sessions = ["tests", "lint", "typecheck"]
nox.options.reuse_existing_virtualenvs = True


@nox.session
def tests(session: nox.Session) -> None:
    """The test suite on the built-in sandbox (real git, real cargo, the real pre-commit framework)."""
    session.install("-e", ".[test]", "pre-commit")
    session.run("pytest", "-n", os.environ.get("HS_TEST_WORKERS", "2"), *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """ruff on the package, tests and scripts."""
    session.install("ruff")
    session.run("ruff", "check", "scaffold", "tests", "scripts", "noxfile.py")


@nox.session
def typecheck(session: nox.Session) -> None:
    """mypy --strict on the package."""
    session.install("-e", ".[test]")
    session.run("mypy", "scaffold")


@nox.session
def e2e(session: nox.Session) -> None:
    """Opt-in tests against a real Hyperswitch checkout given in HS_CHECKOUT."""
    if not os.environ.get("HS_CHECKOUT"):
        session.skip("set HS_CHECKOUT to a real Hyperswitch checkout")
    session.install("-e", ".[test]")
    session.run("pytest", "-m", "real_checkout", *session.posargs)


@nox.session
def history(session: nox.Session) -> None:
    """Opt-in: `new` on Hyperswitch releases since 2023, from the git history in HS_HISTORY."""
    if not os.environ.get("HS_HISTORY"):
        session.skip("set HS_HISTORY to a Hyperswitch git directory with its history")
    session.install("-e", ".[test]")
    session.run("pytest", "-m", "history", "-v", "-s", *session.posargs)


@nox.session
def faults(session: nox.Session) -> None:
    """Opt-in, at full size: 200 random faults at random moments (HS_FAULT_EXAMPLES), kill -9 at eleven
    points then recover, interrupts in every window, a nearly full disk (root for the tmpfs)."""
    session.install("-e", ".[test]")
    report = str(Path(session.create_tmp()) / "fault-outcomes.json")
    env = {"HS_FAULT_EXAMPLES": os.environ.get("HS_FAULT_EXAMPLES", "200"), "HS_FAULT_REPORT": report}
    session.run("pytest", "-s", "-q", "tests/test_fault_property.py", *session.posargs, env=env)
    session.log(f"outcome counts: {report}")
    suites = ["tests/test_recover.py", "tests/test_interrupts.py", "tests/test_disk_full.py"]
    session.run("pytest", "-q", "-n", os.environ.get("HS_TEST_WORKERS", "2"), *suites, *session.posargs)


@nox.session
def proposals(session: nox.Session) -> None:
    """Opt-in: the code proposals scored against the real connectors of the evaluation docs (HS_CHECKOUT)."""
    if not os.environ.get("HS_CHECKOUT"):
        session.skip("set HS_CHECKOUT to a real Hyperswitch checkout")
    session.install("-e", ".[test]")
    session.run("python", "scripts/eval_proposals.py", "--details", *session.posargs)
    session.run("pytest", "-m", "real_checkout", "-s", "tests/test_proposals_real.py")


@nox.session
def bench(session: nox.Session) -> None:
    """Speed and memory figures (sandbox always; the real checkout when HS_CHECKOUT is set)."""
    session.install("-e", ".[test]")
    session.run("python", "scripts/bench.py", *session.posargs)
