"""``hs-scaffold audit NAME --fix``: complete a connector's registrations after the fact.

The same completion ``new`` runs (:mod:`registration_complete`), with the same protection
(:mod:`guarded_edit`): one run per checkout, a journal, the tree put back if anything fails (an
edit, rustfmt, a TOML file that stops parsing), and the edits added to the connector's undo
record, so ``hs-scaffold undo NAME`` reverts them too.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from scaffold import formatting, journal, lock, registration_complete
from scaffold.checkout import Checkout
from scaffold.errors import StepFailedError, UsageError
from scaffold.guarded_edit import guarded_edit
from scaffold.registration_constructs import toml_valid
from scaffold.report import plural
from scaffold.worktree_guard import WorkTreeSnapshot


@dataclass
class FixOutcome:
    """What ``audit --fix`` wrote."""

    connector: str
    written: list[registration_complete.Registration] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    recorded: bool = False  # the undo record was extended

    def lines(self) -> list[str]:
        """The human report."""
        rows = [f"  + {r.file}:{r.line}  {r.new_text}" for r in self.written]
        undo = f"; `hs-scaffold undo {self.connector}` reverts them" if self.recorded else ""
        head = f"fix: {plural(len(self.written), 'registration')} added in {plural(len(self.files), 'file')}"
        return [head + undo, *rows]


def fix(
    checkout: Checkout, name: str, *, peers: list[str] | None = None, base_url: str | None = None
) -> FixOutcome:
    """Write every missing registration of ``name``; all or nothing."""
    if not checkout.connector_files(name):
        where = checkout.layout.connectors_dir.as_posix()
        raise UsageError(
            f"no connector `{name}` in {where}/", f"scaffold it first: hs-scaffold new {name} BASE_URL"
        )
    outcome = FixOutcome(name)
    with lock.checkout_lock(checkout):
        journal.refuse_if_pending(checkout)  # a dead run's leftovers first go back with `recover`
        plan = registration_complete.plan(
            checkout, name, base_url=base_url or _base_url(checkout, name), peers=peers
        )
        if not plan.writable():
            return outcome
        touched = sorted({r.file for r in plan.writable()})
        with guarded_edit(checkout, name, "audit --fix", touched) as guard:
            outcome.files = registration_complete.apply(checkout, plan)
            outcome.written = plan.writable()
            _check(checkout, guard.snapshot, outcome.files)
        outcome.recorded = guard.recorded
    return outcome


def _check(checkout: Checkout, snapshot: WorkTreeSnapshot, files: list[str]) -> None:
    """rustfmt the edited Rust files (nightly only: stable would reformat whole files); TOML must parse."""
    rust = [checkout.path(f) for f in files if f.endswith(".rs") and f not in snapshot.dirty]
    result = formatting.format_files(checkout.root, [], rust) if formatting.nightly_rustfmt() else None
    if result is not None and result.error:
        raise StepFailedError("fix", result.error, "the work tree was put back as it was")
    for rel in (f for f in files if f.endswith(".toml")):
        before = snapshot.before(rel)
        was_valid = toml_valid(before.data.decode("utf-8", "replace")) is None
        problem = toml_valid(checkout.path(rel).read_text(encoding="utf-8", errors="replace"))
        if problem and was_valid:
            raise StepFailedError(
                "fix", f"{rel} no longer parses as TOML: {problem}", "the work tree was put back"
            )


def _base_url(checkout: Checkout, name: str) -> str | None:
    """The connector's base URL as the checkout's development config has it (for base_url keys)."""
    for rel in ("config/development.toml", "config/config.example.toml"):
        path = checkout.path(rel)
        if path.is_file():
            for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
                key, _, value = line.partition("=")
                if key.strip() == f"{name}.base_url":
                    return value.strip().strip("\"'")
    return None
