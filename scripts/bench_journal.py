"""The journal's cost: `new --no-build` on worktrees of a real checkout, with a chosen interpreter.

`python scripts/bench_journal.py CHECKOUT [--python PY] [--runs N]`: median wall time of N runs,
each on a fresh worktree of CHECKOUT's HEAD (settled, so no file is racily clean). Run it once with
the interpreter of a build without the journal and once with this one to compare.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench import NAME, URL, drop_worktree, timed, worktree  # noqa: E402


def main() -> None:
    """Print the median and every run's seconds."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("checkout", type=Path)
    parser.add_argument("--python", default=sys.executable)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    source = args.checkout.resolve()
    times, codes = [], set()
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory(prefix="hs-bench-journal-") as tmp:
            tree = worktree(source, Path(tmp) / "tree")
            seconds, code = timed([args.python, "-m", "scaffold", "new", NAME, URL, "--no-build"], tree)
            drop_worktree(source, tree)
        times.append(seconds)
        codes.add(code)
    runs = " ".join(f"{t:.2f}" for t in times)
    print(f"{args.python}: median {statistics.median(times):.2f} s over {args.runs} runs ({runs}), exit {codes}")


if __name__ == "__main__":
    main()
