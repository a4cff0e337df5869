"""The journal's cost: `new --no-build` on worktrees of a real checkout, with a chosen interpreter.

`python scripts/bench_journal.py CHECKOUT [--python PY] [--runs N]`: median wall time of N runs,
each on a fresh worktree of CHECKOUT's HEAD (settled, so no file is racily clean). Run it once with
the interpreter of a build without the journal and once with this one to compare.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench import NAME, URL, drop_worktree, timed, worktree


def main() -> None:
    """Print the median and every run's seconds."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("checkout", type=Path)
    parser.add_argument("--python", default=sys.executable)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    source = args.checkout.resolve()
    times, cpu, codes = [], [], set()
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory(prefix="hs-bench-journal-") as tmp:
            tree = worktree(source, Path(tmp) / "tree")
            used = _children_cpu()
            seconds, code = timed([args.python, "-m", "scaffold", "new", NAME, URL, "--no-build"], tree)
            cpu.append(_children_cpu() - used)
            drop_worktree(source, tree)
        times.append(seconds)
        codes.add(code)
    runs = " ".join(f"{t:.2f}" for t in times)
    print(
        f"{args.python}: median {statistics.median(times):.2f} s wall ({runs}), "
        f"{statistics.median(cpu):.2f} s CPU (user+sys, every process), {args.runs} runs, exit {codes}"
    )


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


if __name__ == "__main__":
    main()
