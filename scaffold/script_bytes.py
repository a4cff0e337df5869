"""Bytes the script cannot have meant, in the lines it added or changed.

For about a year (2024-07 to 2025-07) the script's ``sed`` replacements held ``\\connector``:
BSD sed reads ``\\c`` as a plain ``c``, GNU sed as "control character of the next letter", so on
Linux ``Box::new(\\connector::X)`` became ``Box::new(^Onnector::X)``. Such a byte is mended when the
script itself shows what was meant (a ``\\c`` followed by the one letter whose control character
it is); any other control byte, or text that is not UTF-8, fails the step: the tree is rolled back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from scaffold.checkout import Checkout
from scaffold.errors import StepFailedError
from scaffold.worktree_guard import TreeChanges, WorkTreeSnapshot

_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SED_C = re.compile(r"\\c([A-Za-z])")
_REPORT = "its sed replacement went wrong on this platform; report it to the checkout's maintainers"


@dataclass(frozen=True)
class Mended:
    """One file whose control bytes were turned back into what the script meant."""

    file: str
    count: int
    meant: str  # e.g. "\\co -> co"


def _intended(script: str) -> dict[int, str]:
    """Control byte -> the two characters BSD sed would have written, from the script's ``\\c`` uses."""
    found: dict[int, set[str]] = {}
    for letter in _SED_C.findall(script):
        found.setdefault(ord(letter.upper()) ^ 0x40, set()).add(f"c{letter}")
    return {byte: next(iter(texts)) for byte, texts in found.items() if len(texts) == 1}


def check_script_bytes(checkout: Checkout, snapshot: WorkTreeSnapshot, changes: TreeChanges) -> list[Mended]:
    """Mend or refuse the control bytes in lines the run added to the files it modified or created."""
    script = checkout.path(checkout.layout.script).read_text(encoding="utf-8", errors="replace")
    intended = _intended(script)
    befores = snapshot.before_many(changes.modified)
    mended = []
    for rel in [*changes.created, *changes.modified]:
        path = checkout.path(rel)
        if not path.is_file():
            continue
        data = path.read_bytes()
        old = set(befores[rel].data.splitlines()) if rel in befores else set()
        fixed, count, meant = _mend(rel, data, old, intended)
        if count:
            path.write_bytes(fixed)
            mended.append(Mended(rel, count, meant))
    return mended


def _mend(rel: str, data: bytes, old: set[bytes], intended: dict[int, str]) -> tuple[bytes, int, str]:
    lines = data.split(b"\n")
    count, meant = 0, ""
    for index, line in enumerate(lines):
        if line in old or line.rstrip(b"\r") in old:
            continue
        try:
            line.decode("utf-8")
        except UnicodeDecodeError as exc:
            problem = f"{rel}:{index + 1}: the script wrote bytes that are not UTF-8 ({exc})"
            raise StepFailedError("files", problem, _REPORT) from exc
        for match in _CONTROL.finditer(line):
            byte = match.group(0)[0]
            if byte not in intended:
                raise StepFailedError(
                    "files",
                    f"{rel}:{index + 1}: the script wrote control character 0x{byte:02x} "
                    f"in {line.decode('utf-8', 'replace').strip()!r}",
                    _REPORT,
                )
        new = _CONTROL.sub(lambda m: intended[m.group(0)[0]].encode(), line)
        if new != line:
            count += len(_CONTROL.findall(line))
            meant = ", ".join(f"\\{t} -> {t}" for t in sorted({intended[b] for b in line if b in intended}))
            lines[index] = new
    return b"\n".join(lines), count, meant
