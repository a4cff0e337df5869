"""Success means the script's edits happened: its tools exist, and what it tried to edit changed.

Before the run, every program the checkout's ``add_connector.sh`` calls (read from the script:
``sed``, ``awk``, ``git``, ``tr``...) must be on PATH. During the run a ``sed`` wrapper
(``data/sed_wrapper.sh``) records each in-place ``sed`` call: its arguments, exit status, error
output and whether each file it names changed. Afterwards:

- an edit that failed to write (``sed`` could not replace the file: read-only, immutable, full
  disk), or any ``Permission denied``, ``Read-only file system``, ``No space left on device``,
  ``command not found`` in the script's errors, fails the step, naming the command and the file;
- a ``sed`` that changed nothing in a file it names (in all of them, or in some: the file lacks the
  line the script anchors on), or names a file that does not exist, is the script being out of date
  with the checkout (the 2026 script has about ten such edits; releases of 2024 have config files
  without the anchor its other config files have): a warning; registration completion adds what
  it can and the audit reports the rest. Such a ``sed`` exits 0: one that could not write exits
  non-zero and is caught above.
"""

from __future__ import annotations

import os
import re
import shlex
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from scaffold import proc
from scaffold.errors import StepFailedError, UsageError

STEP = "script"
WRAPPER = Path(__file__).resolve().parent / "data" / "sed_wrapper.sh"
SHIMMED = frozenset({"cargo"})  # answered by hs-scaffold's own shim
# Shell words that are not programs: keywords, then bash builtins.
_KEYWORDS_TEXT = (
    "if then else elif fi for in do done while until case esac select function time coproc ! { } [[ ]]"
)
_BUILTINS_TEXT = (
    "alias bg bind break builtin caller cd command compgen complete compopt continue declare dirs "
    "disown echo enable eval exec exit export false fc fg getopts hash help history jobs kill let "
    "local logout mapfile popd printf pushd pwd read readarray readonly return set shift shopt "
    "source suspend test times trap true type typeset ulimit umask unalias unset wait . : ["
)
KEYWORDS = frozenset(_KEYWORDS_TEXT.split(" "))
BUILTINS = frozenset(_BUILTINS_TEXT.split(" "))
_FUNCTION = re.compile(r"^\s*(?:function\s+([A-Za-z_][\w-]*)|([A-Za-z_][\w-]*)\s*\(\s*\))", re.M)
_SUBSTITUTION = re.compile(r"(?:\$\(|`)\s*([A-Za-z_][\w.+-]*)")
_PUNCTUATION = ";&|()\n"
_ASSIGNMENT = re.compile(r"^[A-Za-z_]\w*(\[[^]]*\])?\+?=")
_MISSING_FILE = re.compile(r"can't read (.*): No such file or directory$")
IO_FAILURE = re.compile(
    r"Permission denied|Operation not permitted|Read-only file system|No space left on device|"
    r"Disk quota exceeded|Input/output error|command not found|couldn't open temporary file|"
    r"cannot rename|couldn't write|couldn't edit|cannot create"
)


# --- the tools the script needs -----------------------------------------------------------


def required_tools(script_text: str) -> dict[str, int]:
    """Programs the script runs (not shell builtins, keywords or its own functions): name -> line."""
    functions = {m[1] or m[2] for m in _FUNCTION.finditer(script_text)}
    found: dict[str, int] = {}
    for number, word in _program_words(script_text):
        if _is_program(word) and word not in functions:
            found.setdefault(word, number)
    return found


def _program_words(text: str) -> Iterator[tuple[int, str]]:
    """(line, word) for the first word of each simple command, and of each ``$(...)``.

    Quotes span lines (an ``awk`` program is one word); an array assignment's items and the
    words after ``for``, ``case`` and ``function`` are not commands.
    """
    text = _blank_single_quoted(text)
    lexer = shlex.shlex(text, posix=True, punctuation_chars=_PUNCTUATION)
    lexer.whitespace, lexer.whitespace_split, lexer.commenters = " \t\r", True, "#"
    at_start, skip, array, command_next, previous, offset = True, False, False, False, "", 0
    try:
        for token in iter(lexer.get_token, lexer.eof):
            assert token is not None
            if set(token) <= set(_PUNCTUATION):
                command_next = previous.endswith("$") and "(" in token
                array = (array or (previous.endswith("=") and "(" in token)) and ")" not in token
                at_start, skip, previous = not array, False, token
                continue
            found = text.find(token, offset)
            offset = found + len(token) if found >= 0 else offset
            line = text.count("\n", 0, offset) + 1
            yield from ((line, m[1]) for m in _SUBSTITUTION.finditer(token))
            first, previous = at_start or command_next, token
            command_next = False
            if skip or not first:
                continue
            if token in ("for", "case", "select", "function"):
                skip = True
            elif token not in KEYWORDS and not _ASSIGNMENT.match(token):
                yield line, token
                at_start = False
    except ValueError:  # an unclosed quote: what was read so far stands
        return


def _blank_single_quoted(text: str) -> str:
    """``text`` with what single quotes hold (an ``awk`` program, a ``sed`` expression) blanked,
    newlines kept: it holds no command of the shell's, and ``$(`` there is not a substitution."""
    out, quote, escaped = [], "", False
    for char in text:
        if quote == "'":
            if char == "'":
                quote = ""
            out.append(char if char in "'\n" else " ")
            continue
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == '"':
            quote = "" if quote == '"' else '"'
        elif char == "'" and not quote:
            quote = "'"
        out.append(char)
    return "".join(out)


def _is_program(word: str) -> bool:
    return (
        bool(re.fullmatch(r"[A-Za-z_][\w.+-]*", word))
        and word not in BUILTINS
        and word not in KEYWORDS
        and word not in SHIMMED
    )


def check_tools(script: Path, rel: str) -> None:
    """UsageError (exit 2, nothing changed) when a program the script calls is not on PATH."""
    text = script.read_text(encoding="utf-8", errors="replace")
    missing = {tool: line for tool, line in required_tools(text).items() if proc.which(tool) is None}
    if missing:
        listed = ", ".join(f"`{tool}` ({rel}:{line})" for tool, line in sorted(missing.items()))
        raise UsageError(
            f"the script calls programs that are not on PATH: {listed}; nothing was changed",
            "install them (GNU sed and awk, as on Linux) or fix PATH, then run again",
        )


# --- the sed wrapper ------------------------------------------------------------------------


def install(bin_dir: Path) -> Path | None:
    """Put the recording ``sed`` into ``bin_dir``; returns its log (None when there is no sed)."""
    real = proc.which("sed")
    if real is None:
        return None
    log = bin_dir / "sed-calls.log"
    text = WRAPPER.read_text(encoding="utf-8").replace("@REAL_SED@", real).replace("@LOG@", str(log))
    wrapper = bin_dir / "sed"
    wrapper.write_text(text, encoding="utf-8")
    wrapper.chmod(wrapper.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return log


@dataclass(frozen=True)
class SedCall:
    """One in-place ``sed`` call of the script."""

    argv: list[str]
    cwd: Path
    returncode: int
    files: list[tuple[str, str, str]]  # (argument, checksum before, after) for arguments that were files
    errors: list[str] = field(default_factory=list)

    def shown(self, limit: int = 100) -> str:
        """The command, shortened for a message."""
        text = "sed " + " ".join(shlex.quote(a) for a in self.argv)
        return text if len(text) <= limit else text[: limit - 3] + "..."

    @property
    def changed(self) -> list[str]:
        """File arguments whose bytes changed."""
        return [f for f, before, after in self.files if before != after]

    @property
    def unchanged(self) -> list[str]:
        """File arguments left as they were."""
        return [f for f, before, after in self.files if before == after and before != "-"]


def read_calls(log: Path | None) -> list[SedCall]:
    """The calls the wrapper recorded, in order."""
    if log is None or not log.is_file():
        return []
    fields = log.read_bytes().split(b"\0")
    calls: list[SedCall] = []
    i = 0
    while i + 4 <= len(fields) and fields[i].lstrip(b"\n") == b"sed":
        rc, cwd, count = int(fields[i + 1]), fields[i + 2].decode(errors="replace"), int(fields[i + 3])
        argv = [f.decode("utf-8", "surrogateescape") for f in fields[i + 4 : i + 4 + count]]
        before, after, err = (f.decode(errors="replace") for f in fields[i + 4 + count : i + 7 + count])
        sums = list(zip(argv, before.split("\n"), after.split("\n"), strict=False))
        files = [(arg, b, a) for arg, b, a in sums if b != "-" or a != "-"]
        calls.append(SedCall(argv, Path(cwd), rc, files, [ln for ln in err.splitlines() if ln.strip()]))
        i += 7 + count
    return calls


# --- after the script -----------------------------------------------------------------------


def audit(root: Path, calls: list[SedCall], stderr: list[str]) -> list[str]:
    """Warnings about out-of-date edits; StepFailedError for an edit that should have landed."""
    stale: list[str] = []
    for call in calls:
        _fail_if_not_written(root, call)
        stale += [_rel(root, call.cwd, f) for f in call.unchanged]
        stale += [_rel(root, call.cwd, m[1]) for e in call.errors if (m := _MISSING_FILE.search(e)) and m[1]]
    for line in stderr:
        if IO_FAILURE.search(line) and not line.startswith("sed: "):
            raise StepFailedError(STEP, f"a command of the script failed: {line.strip()}", _FIX)
    if not stale:
        return []
    names = sorted(dict.fromkeys(stale))
    shown = ", ".join(names[:6]) + (f" and {len(names) - 6} more" if len(names) > 6 else "")
    return [
        f"script: {len(stale)} `sed` edit(s) changed nothing, the script being out of date with the "
        f"checkout: {shown} (the registration audit lists what is missing)"
    ]


_FIX = "fix that (permissions, immutable files, disk space, PATH) and run again"


def _fail_if_not_written(root: Path, call: SedCall) -> None:
    failures = [e for e in call.errors if not _MISSING_FILE.search(e)]
    if call.returncode == 0 or not failures:
        return
    target = call.unchanged[0] if call.unchanged else "its file"
    raise StepFailedError(
        STEP,
        f"the script's edit did not land: `{call.shown()}` left {_rel(root, call.cwd, target)} "
        f"unchanged ({failures[0]})",
        _FIX,
    )


def _rel(root: Path, cwd: Path, name: str) -> str:
    path = Path(os.path.normpath(cwd / name))
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
