"""The one family of expected failures, and the exit codes they map to."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Documented exit codes of every hs-scaffold command."""

    OK = 0
    FAILED = 1  # the command failed; the work tree was put back as it was
    USAGE = 2  # bad input (name, URL, option, not a checkout, a missing tool); nothing changed
    STUBS_REMAIN = 3  # `stubs`: unfinished stubs are present (the git hook exits 1, as git expects)
    BUILD_FAILED = 4  # scaffold complete, `cargo build` failed
    BUSY = 5  # another hs-scaffold run holds the checkout's lock
    RECOVER = 6  # a run died or could not roll back: `hs-scaffold recover` puts the tree back
    INTERNAL = 70  # a bug in hs-scaffold: traceback written to a log file
    INTERRUPTED = 130  # Ctrl-C, SIGTERM, SIGHUP: before `new`'s undo record, the tree was put back
    READER_GONE = 141  # the output's reader closed the pipe (`| head`): as a SIGPIPE'd process


class ScaffoldError(Exception):
    """An expected failure: one line naming the problem, and optionally the fix."""

    exit_code: ExitCode = ExitCode.FAILED

    def __init__(self, problem: str, fix: str | None = None) -> None:
        super().__init__(problem)
        self.problem = problem
        self.fix = fix

    def one_line(self) -> str:
        """The message shown to the user: problem, then the fix."""
        return f"{self.problem}; {self.fix}" if self.fix else self.problem


class UsageError(ScaffoldError):
    """The user's input cannot be used; nothing was changed."""

    exit_code = ExitCode.USAGE


class NotACheckoutError(UsageError):
    """The folder is not inside a Hyperswitch checkout."""


class GitMissingError(NotACheckoutError):
    """There is no ``git`` to run."""


class CheckoutBusyError(ScaffoldError):
    """Another run holds the lock on this checkout."""

    exit_code = ExitCode.BUSY


class StepFailedError(ScaffoldError):
    """A scaffolding step failed; the caller rolls the tree back."""

    def __init__(self, step: str, problem: str, fix: str | None = None) -> None:
        super().__init__(f"step '{step}' failed: {problem}", fix)
        self.step = step


class InterruptedRunError(ScaffoldError):
    """The run was interrupted by a signal."""

    exit_code = ExitCode.INTERRUPTED


class RecoveryNeededError(ScaffoldError):
    """A run left the tree changed and its journal behind: ``hs-scaffold recover`` finishes the job."""

    exit_code = ExitCode.RECOVER


def os_error_text(exc: OSError) -> str:
    """``No space left on device (path)``: an OSError for a one-line message."""
    where = f" ({exc.filename})" if exc.filename else ""
    return f"{exc.strerror or exc}{where}"
