"""How often hs-scaffold's code proposals agree with the real connectors the evaluation docs mirror.

Needs a real Hyperswitch checkout (``--checkout`` or ``HS_CHECKOUT``). A connector is scaffolded once
in a shared clone of it (``git clone --shared`` into a temporary folder, ``hs-scaffold new acmepay
... --no-build``); then, for each case of tests/fixtures/docs/eval/, the stub map is built from that
case's doc and its proposals are scored (tests/proposal_scoring.py). Prints the table and the totals.

Usage: python scripts/eval_proposals.py [--checkout PATH] [--details] [CASE ...]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.proposal_scoring import CaseResult, eval_cases, score, table  # noqa: E402

NAME = "acmepay"


def scaffolded(checkout: Path, dest: Path) -> Path:
    """A shared clone of ``checkout`` with ``acmepay`` scaffolded (no build)."""
    clone = dest / "hs"
    subprocess.run(["git", "clone", "-q", "--shared", str(checkout), str(clone)], check=True)
    for key, value in (("user.name", "hs-scaffold eval"), ("user.email", "eval@hs-scaffold.invalid")):
        subprocess.run(["git", "-C", str(clone), "config", key, value], check=True)
    done = subprocess.run(
        [sys.executable, "-m", "scaffold", "new", NAME, "https://api.acmepay.test/", "--no-build"],
        cwd=clone,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"hs-scaffold new failed in {clone}:\n{done.stderr[-2000:]}")
    return clone


def evaluate(clone: Path, only: list[str] | None = None) -> tuple[list[CaseResult], float]:
    """Every case scored on the scaffolded clone; and the median seconds per stub map."""
    from scaffold import spec
    from scaffold.checkout import find_checkout

    checkout = find_checkout(clone)
    results, seconds = [], []
    for case in eval_cases(only):
        started = time.perf_counter()
        stub_map = spec.build_stub_map(checkout, NAME, doc_paths=list(case.docs))
        seconds.append(time.perf_counter() - started)
        results.append(score(case, stub_map, clone))
    seconds.sort()
    return results, seconds[len(seconds) // 2] if seconds else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--checkout", type=Path, default=os.environ.get("HS_CHECKOUT"))
    parser.add_argument("--details", action="store_true", help="List each case's disagreements.")
    parser.add_argument("cases", nargs="*")
    args = parser.parse_args()
    if args.checkout is None:
        raise SystemExit("give a real Hyperswitch checkout with --checkout or HS_CHECKOUT")
    with tempfile.TemporaryDirectory(prefix="hs-eval-") as tmp:
        clone = scaffolded(Path(args.checkout).resolve(), Path(tmp))
        results, median = evaluate(clone, args.cases or None)
        print(table(results))
        print(f"stub map with proposals per case: median {median:.2f} s")
        if args.details:
            for result in results:
                for line in result.misses + [f"bad evidence: {b}" for b in result.bad_evidence]:
                    print(f"  {result.case}: {line}")


if __name__ == "__main__":
    main()
