"""Time `hs-scaffold fill` (and `spec`, which now makes the proposals) on the sandbox and, with
HS_CHECKOUT, on a shared clone of a real checkout; each run on a freshly scaffolded tree.

Usage: python scripts/bench_fill.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "tests" / "fixtures" / "docs" / "kestrel_doc.md"
HS = [sys.executable, "-m", "scaffold"]


def _run(argv: list[str], cwd: Path) -> tuple[float, int]:
    started = time.perf_counter()
    done = subprocess.run(argv, cwd=cwd, capture_output=True, text=True, check=False)
    return time.perf_counter() - started, done.returncode


def _scaffold(tree: Path) -> None:
    for argv in (
        [*HS, "new", "kestrel", "https://api.kestrel.test/", "--doc", str(DOC), "--no-build"],
        ["git", "-c", "user.name=bench", "-c", "user.email=bench@hs-scaffold.invalid", "add", "-A"],
        ["git", "-c", "user.name=bench", "-c", "user.email=bench@hs-scaffold.invalid", "commit", "-qm", "s"],
    ):
        subprocess.run(argv, cwd=tree, capture_output=True, check=True)


def bench(label: str, make: object, runs: int) -> None:
    spec_times, fill_times, codes = [], [], set()
    for _ in range(runs):
        with tempfile.TemporaryDirectory(prefix="hs-bench-fill-") as tmp:
            tree = make(Path(tmp))  # type: ignore[operator]
            _scaffold(tree)
            seconds, code = _run([*HS, "spec", "kestrel"], tree)
            spec_times.append(seconds)
            seconds, code = _run([*HS, "fill", "kestrel"], tree)
            fill_times.append(seconds)
            codes.add(code)
    spec_median, fill_median = statistics.median(spec_times), statistics.median(fill_times)
    print(f"{label:<8} spec with proposals       median {spec_median:6.2f} s over {runs} runs")
    print(f"{label:<8} fill                      median {fill_median:6.2f} s over {runs} runs, exit {codes}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from scaffold.sandbox import materialize

    bench("sandbox", lambda tmp: materialize(tmp / "hs"), args.runs)
    checkout = os.environ.get("HS_CHECKOUT")
    if checkout:

        def clone(tmp: Path) -> Path:
            subprocess.run(["git", "clone", "-q", "--shared", checkout, str(tmp / "hs")], check=True)
            return tmp / "hs"

        bench("real", clone, max(1, args.runs // 2))


if __name__ == "__main__":
    main()
