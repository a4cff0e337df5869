"""``hs-scaffold doctor``: environment checks for new connector developers."""

from __future__ import annotations

from pathlib import Path

from scaffold import doctor as doctor_mod
from scaffold.commands import print_json
from scaffold.errors import ExitCode
from scaffold.report import Reporter, paint, plural

STYLES = {"ok": "green", "fail": "red", "warn": "yellow", "skip": "dim"}


def doctor(repo: Path | None, rep: Reporter, *, as_json: bool = False) -> ExitCode:
    """``hs-scaffold doctor``: one line per check on stderr (a fix under each problem), or JSON."""
    checks = doctor_mod.run_checks(repo)
    for check in checks:
        rep.always(paint(check.line(), rep.color, STYLES.get(check.status, "")))
    ok = doctor_mod.passed(checks)
    failed = plural(sum(1 for c in checks if c.status == "fail"), "required check")
    rep.always("ready: every required check passed" if ok else f"{failed} failed")
    if as_json:
        print_json(doctor_mod.as_json(checks))
    return ExitCode.OK if ok else ExitCode.FAILED
