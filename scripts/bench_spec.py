"""Benchmark the stub map and spec: `build_stub_map` cold (no example index) and warm, on a real checkout.

Usage: python scripts/bench_spec.py [--repo PATH] [--runs N]   (default repo: $HS_CHECKOUT)

The checkout is not touched: a `git clone --shared` of it under a temporary folder gets the
checkout's own template rendered as connector `acmepay` and a small doc file. "cold" deletes the
example index (<git-common-dir>/hs-scaffold/cache-*.json) and the stub finder's cache first;
"warm" runs again with both in place. Each mode is timed in-process (stage by stage) and as a
whole `hs-scaffold spec` process. Target (issue 3): `new --no-build` to a written spec under 2 s.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

NAME = "acmepay"
DOC = """\
# AcmePay API

Authenticate with `Authorization: Bearer <secret key>`.

| Method | Path |
|---|---|
| POST | /v1/payments |
| GET | /v1/payments/{id} |
| POST | /v1/payments/{id}/capture |
| POST | /v1/refunds |

Amounts are integers in minor units: `{"amount": 1050, "currency": "USD"}`.
"""


def prepare(real: Path, dest: Path) -> Path:
    """A shared clone of ``real`` with connector ``acmepay`` rendered from its template, and a doc."""
    from scaffold import render
    from scaffold.checkout import detect_layout

    subprocess.run(["git", "clone", "-q", "--shared", str(real), str(dest)], check=True)
    layout = detect_layout(dest)
    if layout is None:
        raise SystemExit(f"{real} is not a Hyperswitch checkout")
    rendered = render.render_tree(dest / layout.template_dir, NAME)
    targets = {
        "mod.rs": layout.connectors_dir / f"{NAME}.rs",
        "transformers.rs": layout.connectors_dir / NAME / "transformers.rs",
        "test.rs": layout.router_tests_dir / f"{NAME}.rs",
        "doc": Path("grace/references") / f"{NAME}_doc.md",
    }
    for source, target in targets.items():
        (dest / target).parent.mkdir(parents=True, exist_ok=True)
        (dest / target).write_text(rendered.get(source, DOC), encoding="utf-8")
    return dest


def drop_caches(repo: Path) -> None:
    """Delete hs-scaffold's caches (example index, stub finder) of ``repo``."""
    from scaffold import git

    shutil.rmtree(git.git_dir(repo) / "hs-scaffold", ignore_errors=True)


def stages(repo: Path) -> dict[str, float]:
    """Seconds per stage of one `write_spec`, in-process (imports excluded)."""
    from scaffold import examples, spec, trait_contracts
    from scaffold.checkout import find_checkout

    timings: dict[str, float] = {}

    def timed(label: str, func: Callable[[], object]) -> object:
        started = time.perf_counter()
        result = func()
        timings[label] = time.perf_counter() - started
        return result

    checkout = find_checkout(repo)
    timed("example index", lambda: examples.load_index(checkout))
    timed("traits", lambda: trait_contracts.load_traits(checkout))
    timed("build_stub_map", lambda: spec.build_stub_map(checkout, NAME))
    timed("write_spec (md + json)", lambda: spec.write_spec(checkout, NAME))
    return timings


def cli_seconds(repo: Path) -> float:
    """Wall time of one `hs-scaffold spec acmepay` process."""
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "scaffold", "spec", NAME, "--repo", str(repo)], check=True, capture_output=True
    )
    return time.perf_counter() - started


def inner_seconds(repo: Path) -> float:
    """Wall time of `build_stub_map` alone in a fresh process (a cold parser, imports excluded)."""
    code = (
        "import time, sys; from pathlib import Path;"
        "from scaffold.checkout import find_checkout; from scaffold.spec import build_stub_map;"
        "c = find_checkout(Path(sys.argv[1])); t = time.perf_counter();"
        f"build_stub_map(c, {NAME!r}); print(time.perf_counter() - t)"
    )
    done = subprocess.run([sys.executable, "-c", code, str(repo)], check=True, capture_output=True, text=True)
    return float(done.stdout.strip())


def run(repo: Path, runs: int) -> None:
    """Print cold and warm medians, then one stage breakdown of each."""
    for mode in ("cold", "warm"):
        inner, cli = [], []
        for _ in range(runs):
            if mode == "cold":
                drop_caches(repo)
            inner.append(inner_seconds(repo))
            if mode == "cold":
                drop_caches(repo)
            cli.append(cli_seconds(repo))
        print(
            f"spec {mode}: build_stub_map {statistics.median(inner):5.2f} s, "
            f"`hs-scaffold spec` process {statistics.median(cli):5.2f} s (median of {runs})"
        )
    for mode in ("cold", "warm"):
        if mode == "cold":
            drop_caches(repo)
        parts = ", ".join(f"{k} {v:.3f} s" for k, v in stages(repo).items())
        print(f"spec {mode} stages: {parts}")


def main() -> int:
    """Benchmark on --repo or $HS_CHECKOUT."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repo", type=Path, default=os.environ.get("HS_CHECKOUT"))
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if args.repo is None:
        print("set HS_CHECKOUT or pass --repo PATH to a Hyperswitch checkout", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="hs-bench-spec-") as tmp:
        run(prepare(args.repo.resolve(), Path(tmp) / "hs"), args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
