"""Score the doc reader on the evaluation docs: tests/fixtures/docs/dev/ and, when present, eval/.

Each case's docs go through `hs-scaffold spec` (in process) for a connector rendered into a fresh
sandbox; the stub map and the spec Markdown are scored against the case's truth.toml
(tests/doc_scoring.py) and the per-case table and totals are printed.

Usage: python scripts/score_docs.py [--details] [--set dev|eval|holdout] [CASE ...]

The holdout set (tests/fixtures/docs/holdout/) is scored only when asked for with --set holdout.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.doc_scoring import HOLDOUT, SETS, Case, CaseScore, cases, details, score, table  # noqa: E402

NAME = "acmepay"


def prepare(dest: Path) -> object:
    """The sandbox at ``dest`` with connector ``acmepay`` rendered from its template (as the script would)."""
    from scaffold import render
    from scaffold.checkout import Checkout, detect_layout
    from scaffold.sandbox import materialize

    root = materialize(dest)
    layout = detect_layout(root)
    assert layout is not None
    rendered = render.render_tree(root / layout.template_dir, NAME)
    targets = {
        "mod.rs": layout.connectors_dir / f"{NAME}.rs",
        "transformers.rs": layout.connectors_dir / NAME / "transformers.rs",
        "test.rs": layout.router_tests_dir / f"{NAME}.rs",
    }
    for source, target in targets.items():
        (root / target).parent.mkdir(parents=True, exist_ok=True)
        (root / target).write_text(rendered[source], encoding="utf-8")
    return Checkout(root.resolve(), layout)


def score_case(checkout: object, case: Case) -> tuple[CaseScore, float]:
    """The case's score and the seconds its spec took."""
    from scaffold import spec
    from scaffold.errors import UsageError

    started = time.perf_counter()
    try:
        written = spec.write_spec(checkout, NAME, doc_paths=list(case.docs))  # type: ignore[arg-type]
    except UsageError as exc:  # a doc the reader refuses (too big, not UTF-8...): nothing read
        print(f"{case.set}/{case.name}: refused: {exc.one_line()}", file=sys.stderr)
        return score(case, {}, ""), time.perf_counter() - started
    seconds = time.perf_counter() - started
    return score(case, written.data, written.markdown.read_text(encoding="utf-8")), seconds


def score_all(selected: list[Case]) -> list[tuple[CaseScore, float]]:
    with tempfile.TemporaryDirectory(prefix="hs-score-docs-") as tmp:
        checkout = prepare(Path(tmp) / "hs")
        return [score_case(checkout, case) for case in selected]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("names", nargs="*", metavar="CASE")
    parser.add_argument("--set", choices=(*SETS, HOLDOUT))
    parser.add_argument("--details", action="store_true", help="list what each case got wrong")
    args = parser.parse_args()
    pool = cases(sets=(args.set,)) if args.set else cases()
    selected = [c for c in pool if not args.names or c.name in args.names]
    if not selected:
        raise SystemExit("no cases found")
    results = score_all(selected)
    scores = [s for s, _ in results]
    print(table(scores))
    print(f"spec time per case: median {sorted(t for _, t in results)[len(results) // 2]:.2f} s")
    if args.details:
        print("\n" + details(scores))


if __name__ == "__main__":
    main()
