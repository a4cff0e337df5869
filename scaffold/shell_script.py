"""Reading a shell script without running it: its simple commands, with variables and ``cd`` followed.

Enough of the shell for ``add_connector.sh``: plain assignments (``conn="$src/connector"``),
``$var``/``${var}`` expansion of known values, ``$1`` (the connector's name), ``dirname "$0"``
(the script's folder), and the current folder after each ``cd``. Command substitutions and arrays
make a variable unknown; a ``cd`` to an unknown place is taken as the root, where the script cds.
"""

from __future__ import annotations

import functools
import posixpath
import re
import shlex
from collections.abc import Iterator

_ASSIGN = re.compile(r"^\s*(?:local\s+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$")
_VAR = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*|[0-9])\}|\$([A-Za-z_][A-Za-z0-9_]*|[0-9])")
_SEPARATORS = {";", "&&", "||", "|", "&", "(", ")"}


def commands(text: str, script: str, name: str) -> Iterator[tuple[str, list[str]]]:
    """(folder relative to the root, words) of every simple command, in order.

    ``script`` is the script's path relative to the root; ``name`` stands for ``$1``.
    """
    for cwd, words in _parsed(text, script, name):
        yield cwd, list(words)


@functools.lru_cache(maxsize=8)
def _parsed(text: str, script: str, name: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """:func:`commands`, kept: a dry run plans its copy, then preflights, from the same script."""
    return tuple((cwd, tuple(words)) for cwd, words in _walk(text, script, name))


def _walk(text: str, script: str, name: str) -> Iterator[tuple[str, list[str]]]:
    variables = {"0": script, "1": name}
    script_dir = posixpath.dirname(script)
    cwd = "."
    for line in _logical_lines(text):
        assignment = _ASSIGN.match(line)
        if assignment and not line.lstrip().startswith(("export ", "declare ")):
            _assign(variables, assignment[1], assignment[2], script_dir)
            continue
        for words in _commands(_expand(line, variables)):
            if words[:1] == ["cd"]:
                cwd = _cd(cwd, words[1:])
            else:
                yield cwd, words


def variables_after(text: str, script: str, name: str) -> dict[str, str]:
    """The known variables once every assignment of the script has run."""
    variables = {"0": script, "1": name}
    for line in _logical_lines(text):
        assignment = _ASSIGN.match(line)
        if assignment and not line.lstrip().startswith(("export ", "declare ")):
            _assign(variables, assignment[1], assignment[2], posixpath.dirname(script))
    return variables


def generation_dir(text: str, script: str) -> str | None:
    """The folder the script renders the template in (where ``cargo generate`` or an alias such as
    ``cargo gen-pg`` runs), relative to the root; None when it has no such command."""
    for cwd, words in commands(text, script, "<name>"):
        if words[0] == "cargo":
            sub = next((w for w in words[1:] if not w.startswith(("+", "-"))), "")
            if sub.startswith("gen"):
                return cwd
    return None


def _logical_lines(text: str) -> list[str]:
    """Lines with ``\\`` continuations joined and comments dropped."""
    joined = re.sub(r"\\\n", " ", text)
    return [ln for ln in joined.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]


def _assign(variables: dict[str, str], var: str, raw: str, script_dir: str) -> None:
    value = raw.strip().rstrip(";")
    if "$1" in value or "${1" in value:
        variables[var] = variables["1"]  # e.g. payment_gateway=$(echo $1 | tr ...): the name
    elif "dirname" in value and "$0" in value:
        variables[var] = script_dir
    elif "$(" in value or "`" in value or value.startswith("("):
        variables.pop(var, None)  # command substitution or array: unknown
    else:
        try:
            words = shlex.split(_expand(value, variables), posix=True) if value else [""]
        except ValueError:
            variables.pop(var, None)
            return
        variables[var] = words[0] if len(words) == 1 else " ".join(words)


def _expand(text: str, variables: dict[str, str]) -> str:
    """Replace ``$var`` and ``${var}`` whose value is known; leave the others."""
    return _VAR.sub(lambda m: variables.get(m[1] or m[2], m[0]), text)


def _commands(line: str) -> list[list[str]]:
    """Simple commands in ``line`` (split at ``;``, ``&&``, ``|``...)."""
    try:
        lexer = shlex.shlex(line, posix=True, punctuation_chars=";&|()")
        lexer.whitespace_split = True
        lexer.commenters = ""
        tokens = list(lexer)
    except ValueError:
        return []
    found: list[list[str]] = [[]]
    for token in tokens:
        if token in _SEPARATORS:
            found.append([])
        else:
            found[-1].append(token)
    return [c for c in found if c]


def _cd(cwd: str, args: list[str]) -> str:
    target = next((a for a in args if a != "--"), "")
    if not target or "$" in target:
        return "."  # `cd` home or to an unknown place: assume the root, where the script cds
    return posixpath.normpath(posixpath.join(cwd, target))
