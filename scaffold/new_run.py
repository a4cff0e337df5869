"""The state of one ``hs-scaffold new`` run, shared by its steps (:mod:`scaffold.new` runs them)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from scaffold import build
from scaffold.checkout import Checkout
from scaffold.errors import ExitCode
from scaffold.report import Reporter, StepResult
from scaffold.worktree_guard import TreeChanges, WorkTreeSnapshot

if TYPE_CHECKING:  # the modules of the steps after the script: imported while the script runs
    from scaffold import (
        drift_repair,
        journal,
        postchecks,
        preflight,
        registration_audit,
        registration_complete,
        script_runner,
    )
    from scaffold.grep_cache import Ask
    from scaffold.prefetch import Prefetch


@dataclass(frozen=True)
class NewOptions:
    """Everything ``new`` can be asked to do differently."""

    name: str
    base_url: str
    build: bool = True
    cargo_args: tuple[str, ...] = ()
    renderer: str = "native"  # native | cargo-generate
    allow_dirty: bool = False
    keep_on_failure: bool = False
    doc_paths: tuple[Path, ...] = ()  # --doc (repeatable); none: grace/references/<name>_doc.md and beside
    record: bool = True  # write the undo record (off in a dry run's throwaway worktree)
    repair_drift: bool = True  # rewrite generated code the checkout's definitions contradict
    register: bool = True  # complete the registrations the script missed


@dataclass
class NewResult:
    """What a run did, as reported by ``--json``."""

    connector: str
    root: Path
    steps: list[StepResult] = field(default_factory=list)
    created: list[str] = field(default_factory=list)
    modified: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    build: build.BuildResult | None = None
    spec_files: list[str] = field(default_factory=list)
    exit_code: ExitCode = ExitCode.OK
    audit: registration_audit.Audit | None = None  # set by the closing summary
    repairs: drift_repair.RepairReport | None = None
    registrations: registration_complete.Plan | None = None

    def as_json(self) -> dict[str, object]:
        """The run as one JSON-ready dict."""
        return {
            "connector": self.connector,
            "root": str(self.root),
            "exit_code": int(self.exit_code),
            "files_created": self.created,
            "files_modified": self.modified,
            "steps": [s.as_json() for s in self.steps],
            "warnings": self.warnings,
            "spec": self.spec_files,
            "build": build.result_json(self.build),
            "audit": self.audit.as_json() if self.audit is not None else None,
            "drift": self.repairs.as_json() if self.repairs is not None else None,
            "registrations": (
                [r.as_json() for r in self.registrations.rows] if self.registrations is not None else None
            ),
        }


@dataclass
class Run:
    """State shared by the steps of one ``new`` run."""

    checkout: Checkout
    options: NewOptions
    reporter: Reporter
    result: NewResult
    snapshot: WorkTreeSnapshot | None = None
    saved: preflight.Preflight | None = None
    script: script_runner.ScriptRun | None = None
    journal: journal.Journal | None = None
    formatted: list[str] | None = None  # the files the format step rewrote
    parsed_tomls: dict[str, postchecks.ParsedToml] = field(default_factory=dict)  # while rustfmt ran
    prefetch: Prefetch | None = None  # the work done while the script ran
    current: str = ""  # the step running now
    complete: bool = False  # the undo record is written: from here on nothing is rolled back

    last_changes: TreeChanges | None = None  # what the previous call of changes() found

    def changes(self, written: list[str] | None = None) -> TreeChanges:
        """Files created and modified since the snapshot. ``written``: every path changed since
        the previous call, when the caller knows them all (the rest is then not read again)."""
        assert self.snapshot is not None
        if written is not None and self.last_changes is not None:
            self.last_changes = self.snapshot.updated(self.last_changes, written)
        else:
            self.last_changes = self.snapshot.changes()
        return self.last_changes

    def ask(self) -> Ask | None:
        """The early ``git grep`` answers, corrected for what the run touched up to the last
        :meth:`changes` (None: no early answers, the steps ask git themselves)."""
        if self.prefetch is None or self.last_changes is None:
            return None
        return self.prefetch.greps.asker(self.last_changes.stirred)


Step = tuple[str, Callable[[Run], str]]


def warn(run: Run, text: str) -> None:
    """Show a warning and keep it in the run's result."""
    run.result.warnings.append(text)
    run.reporter.warn(text)
