"""Doc files are checked before anything reads them (or ``new`` changes anything): a regular file,
at most 5 MB, text (no NUL byte), UTF-8."""

from __future__ import annotations

import stat
from pathlib import Path

from scaffold.errors import UsageError

MAX_BYTES = 5 * 1024 * 1024
_KINDS = {
    stat.S_ISFIFO: "a FIFO",
    stat.S_ISCHR: "a character device",
    stat.S_ISBLK: "a block device",
    stat.S_ISSOCK: "a socket",
    stat.S_ISDIR: "a folder",
}
FIX = "pass the vendor's API reference as a Markdown file or an OpenAPI document (YAML or JSON)"


def _size(count: int) -> str:
    return f"{count / (1024 * 1024):.1f} MB" if count >= 1024 * 1024 else f"{count} bytes"


def read_doc_text(path: Path, shown: str | None = None) -> str:
    """The text of doc ``path`` (``shown`` names it in messages), or a UsageError saying what is wrong."""
    name = shown or str(path)
    try:
        info = path.stat()
    except OSError as exc:
        raise UsageError(f"cannot read doc {name}: {exc.strerror}", FIX) from exc
    for test, kind in _KINDS.items():
        if test(info.st_mode):
            raise UsageError(f"doc {name} is {kind}, not a regular file", FIX)
    if info.st_size > MAX_BYTES:
        raise UsageError(
            f"doc {name} is {_size(info.st_size)}, over the {_size(MAX_BYTES)} limit",
            "keep only the API reference pages the connector needs",
        )
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise UsageError(f"cannot read doc {name}: {exc.strerror}", FIX) from exc
    if len(data) > MAX_BYTES:
        raise UsageError(
            f"doc {name} is over the {_size(MAX_BYTES)} limit", "keep only the API reference pages"
        )
    if b"\x00" in data:
        raise UsageError(f"doc {name} is a binary file (it contains NUL bytes)", FIX)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UsageError(
            f"doc {name} is not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start})",
            f"convert it first, e.g. iconv -f latin1 -t utf-8 {name} > doc.md",
        ) from exc


def check_docs(paths: list[Path], shown: list[str] | None = None) -> None:
    """Refuse the first unusable doc of ``paths`` (as ``read_doc_text`` does, and an OpenAPI
    document that does not parse), reading nothing else."""
    if not paths:
        return
    from scaffold.docs.openapi import load_openapi, looks_like_openapi  # YAML: only when there are docs

    for index, path in enumerate(paths):
        name = shown[index] if shown else None
        text = read_doc_text(path, name)
        if looks_like_openapi(text):  # one that does not parse is refused now, before any change
            load_openapi(text, name or path.name)
