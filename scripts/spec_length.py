"""Length of the spec Markdown of a scaffolded connector: with no doc, and with each evaluation doc.

Renders in process (nothing is written), with whichever hs-scaffold is first on ``sys.path``, so the
same command measures two versions: ``PYTHONPATH=<other worktree> python scripts/spec_length.py ...``.

Usage: python scripts/spec_length.py CHECKOUT [NAME]   (NAME: a connector scaffolded there, default acmepay)
"""

from __future__ import annotations

import sys
from pathlib import Path

EVAL = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "docs" / "eval"


def length(checkout_root: Path, name: str, docs: list[Path]) -> tuple[int, int]:
    """(characters, lines) of the spec Markdown."""
    from scaffold import spec
    from scaffold.checkout import find_checkout

    checkout = find_checkout(checkout_root)
    ctx = spec.collect(checkout, name, doc_paths=docs)
    markdown = spec.render_markdown(ctx, spec.stub_map(ctx))
    return len(markdown), markdown.count("\n")


def main() -> None:
    root = Path(sys.argv[1]).resolve()
    name = sys.argv[2] if len(sys.argv) > 2 else "acmepay"
    cases = [("(no doc)", [])] + [
        (p.name, [p])
        for p in sorted(EVAL.iterdir())
        if p.suffix in (".md", ".yaml", ".json") and p.name != "README.md"
    ]
    total = 0
    for label, docs in cases:
        chars, lines = length(root, name, docs)
        total += chars
        print(f"{label:<24} {chars:>7} chars {lines:>5} lines")
    print(f"{'total':<24} {total:>7} chars")


if __name__ == "__main__":
    main()
