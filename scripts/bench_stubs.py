"""Benchmark the stub finder: `hs-scaffold stubs --all` cold (no cache) and warm, on a real checkout.

Usage: python scripts/bench_stubs.py [--repo PATH] [--runs N]   (default repo: $HS_CHECKOUT)
Targets (issue 3): cold under 3 s, warm under 0.5 s, measured as the whole CLI process.
The cold runs delete the finder's own cache (<git-dir>/hs-scaffold/stub-cache.json) first.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

TARGETS = {"cold": 3.0, "warm": 0.5}


def cache_file(repo: Path) -> Path:
    """Where the finder keeps its cache for ``repo``."""
    from scaffold import git

    return git.git_dir(repo) / "hs-scaffold" / "stub-cache.json"


def cli_seconds(repo: Path) -> tuple[float, int]:
    """Wall time and exit status of one `hs-scaffold stubs --all` process."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "scaffold", "stubs", "--all", "--repo", str(repo)],
        capture_output=True,
        text=True,
        check=False,
    )
    return time.perf_counter() - started, done.returncode


def in_process_seconds(repo: Path) -> float:
    """Time of ``scan_all`` alone (imports excluded)."""
    from scaffold import stubs
    from scaffold.checkout import find_checkout

    checkout = find_checkout(repo)
    started = time.perf_counter()
    stubs.scan_all(checkout)
    return time.perf_counter() - started


def median_runs(repo: Path, runs: int, cold: bool) -> tuple[float, float, set[int]]:
    """Median CLI and in-process seconds over ``runs``, with or without the cache."""
    cli, inner, codes = [], [], set()
    for _ in range(runs):
        if cold:
            cache_file(repo).unlink(missing_ok=True)
        seconds, code = cli_seconds(repo)
        cli.append(seconds)
        codes.add(code)
        if cold:
            cache_file(repo).unlink(missing_ok=True)
        inner.append(in_process_seconds(repo))
    return statistics.median(cli), statistics.median(inner), codes


def summary(repo: Path) -> str:
    """Connectors, files and totals found, for the record."""
    from scaffold import stubs
    from scaffold.checkout import find_checkout

    counts = stubs.scan_all(find_checkout(repo))
    return (
        f"{len(counts)} connectors, {sum(c.files for c in counts)} files, "
        f"{sum(c.stubs for c in counts)} stubs, {sum(c.unsupported for c in counts)} unsupported"
    )


def main() -> int:
    """Run the benchmark and print one line per mode."""
    formatter = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=formatter)
    parser.add_argument("--repo", type=Path, default=os.environ.get("HS_CHECKOUT"))
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if args.repo is None:
        print("set HS_CHECKOUT or pass --repo PATH to a Hyperswitch checkout", file=sys.stderr)
        return 2
    repo = args.repo.resolve()
    for mode in ("cold", "warm"):
        cli, inner, codes = median_runs(repo, args.runs, cold=mode == "cold")
        verdict = "ok" if cli < TARGETS[mode] else "OVER TARGET"
        print(
            f"stubs --all {mode}: {cli:.2f} s whole CLI, {inner:.2f} s scan_all "
            f"(median of {args.runs}; target < {TARGETS[mode]} s: {verdict}; exit {sorted(codes)})"
        )
    print(summary(repo))
    return 0


if __name__ == "__main__":
    sys.exit(main())
