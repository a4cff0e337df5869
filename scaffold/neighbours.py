"""A connector's neighbours: the established connectors sorting just before and after its name.

The script anchors its insertions on the one before; the audit and the registration completion
compare with both. Template skeletons (connectors still mostly stubs) are skipped: they are not
registered everywhere yet, so they say nothing about where a connector belongs.
"""

from __future__ import annotations

import re

from scaffold.checkout import Checkout
from scaffold.errors import ScaffoldError

CONNECTOR_NAME = re.compile(r"[a-z][a-z0-9_]*")
# A skeleton keeps at least this share of the template's stub sites (the stub finder's count).
_SKELETON_SHARE = 0.75


def default_peers(checkout: Checkout, name: str) -> list[str]:
    """The connectors just before and just after ``name``, skipping template skeletons."""
    names = [n for n in checkout.connector_names() if n != name and CONNECTOR_NAME.fullmatch(n)]
    before = [n for n in names if n < name]
    after = [n for n in names if n > name]
    skeletons = _SkeletonTest(checkout)
    chosen = [
        next((n for n in reversed(before) if not skeletons(n)), None),
        next((n for n in after if not skeletons(n)), None),
    ]
    return [n for n in chosen if n is not None]


class _SkeletonTest:
    """Whether a connector's files are still (mostly) the template's skeleton.

    Cheap first: its files must still hold at least half of the template's ``TODO`` comment
    lines; only then the stub finder counts its stubs against the template's stub sites.
    """

    def __init__(self, checkout: Checkout) -> None:
        self.checkout = checkout
        folder = checkout.path(checkout.layout.template_dir)
        self.todo_lines: set[str] = set()
        for path in sorted(folder.glob("*.rs")) if folder.is_dir() else []:
            for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
                stripped = line.strip()
                if stripped.startswith("//") and "TODO" in stripped.upper() and "{{" not in stripped:
                    self.todo_lines.add(stripped)

    def __call__(self, name: str) -> bool:
        if not self.todo_lines:
            return False
        files = self.checkout.connector_files(name)
        lines = {
            ln.strip() for p in files for ln in p.read_text(encoding="utf-8", errors="replace").splitlines()
        }
        if 2 * len(self.todo_lines & lines) < len(self.todo_lines):
            return False
        return self._mostly_stubs(name)

    def _mostly_stubs(self, name: str) -> bool:
        from scaffold import stubs  # tree-sitter only for the few candidates that need it

        scanner = stubs.Scanner(self.checkout)  # reads the stub cache, never writes it
        try:
            found = len(scanner.scan(name).stubs)
        except ScaffoldError:
            return False
        sites = 0
        for source in stubs.connector_sources(self.checkout, name):
            index = scanner.templates.index(name, source.template_file)
            if index is not None:
                sites += len(index.units) + len(index.empty_impls)
        return sites > 0 and found >= _SKELETON_SHARE * sites
