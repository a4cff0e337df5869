"""The cone of a dry run's sparse copy: which folders git checks out, and which paths that covers.

In cone mode git checks out every file below each listed folder and the files (not the
subfolders) of every folder above one, the root's included. Listing ``F/{FILES_ONLY}``, a folder
no checkout has, therefore checks out ``F``'s own files and none of its subfolders.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from pathlib import PurePosixPath

# A folder no checkout has: in cone mode, naming it below F checks out F's own files (every
# parent's too) and none of F's subfolders. A file the run needs costs its folder, not its tree.
FILES_ONLY = ".hs-scaffold-files-only"


def outermost(folders: set[str]) -> set[str]:
    """Drop folders inside another wanted folder (a cone includes everything below)."""
    return {f for f in folders if not any(p.as_posix() in folders for p in PurePosixPath(f).parents)}


@dataclass(frozen=True)
class Cone:
    """The folders of a cone-mode sparse checkout (as given to ``git sparse-checkout set --cone``)."""

    entries: tuple[str, ...]
    _above: frozenset[str] = field(init=False, repr=False, compare=False)
    _whole: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        above = {""}
        for entry in self.entries:
            parts = entry.split("/")
            above.update("/".join(parts[:end]) for end in range(1, len(parts)))
        object.__setattr__(self, "_above", frozenset(above))
        object.__setattr__(self, "_whole", frozenset(self.entries))

    def covers(self, rel: str) -> bool:
        """Whether the copy checks out (or would check out) the relative path ``rel``."""
        folder = posixpath.dirname(rel)
        if folder in self._above:
            return True
        while rel:  # the path or a folder above it listed whole
            if rel in self._whole:
                return True
            rel = posixpath.dirname(rel)
        return False
