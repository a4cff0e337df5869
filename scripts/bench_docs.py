"""Doc reading: the evaluation scores (scripts/score_docs.py) and the time to read a doc at the size limit.

The big doc is the dev set's Markdown docs pasted one after another, each page under its own
heading, until just under the 5 MB limit: as a team pastes a whole vendor site into one file.
Timed in process (`read_docs`) and as a whole `hs-scaffold spec --doc` on a sandbox connector, with
the size of the JSON it writes. Nothing here is a pass/fail test.

Usage: python scripts/bench_docs.py [--no-scores]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.score_docs import NAME, prepare  # noqa: E402

LIMIT = 5 * 1024 * 1024


def big_doc(dest: Path, size: int = LIMIT - 64 * 1024) -> Path:
    """The dev docs pasted again and again, each copy under its own page heading, up to ``size`` bytes."""
    pages = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests/fixtures/docs/dev").glob("*.md"))]
    parts, total, copy = [], 0, 0
    while total < size:
        for page in pages:
            text = f"\n\n# Page {copy}\n\n{page}"
            if total + len(text.encode()) > size:
                break
            parts.append(text)
            total += len(text.encode())
        else:
            copy += 1
            continue
        break
    dest.write_text("".join(parts), encoding="utf-8")
    return dest


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--no-scores", action="store_true", help="only the timing")
    args = parser.parse_args()
    from scaffold.docs.reader import read_docs

    with tempfile.TemporaryDirectory(prefix="hs-bench-docs-") as tmp:
        doc = big_doc(Path(tmp) / "big_doc.md")
        size = doc.stat().st_size
        started = time.perf_counter()
        model = read_docs([doc])
        seconds = time.perf_counter() - started
        print(
            f"docs     read a {size / 2**20:.1f} MB doc in process   {seconds:6.2f} s "
            f"({len(model.endpoints)} endpoints, {len(model.statuses)} statuses kept)"
        )
        checkout = prepare(Path(tmp) / "hs")
        root = checkout.root  # type: ignore[attr-defined]
        cmd = [sys.executable, "-m", "scaffold", "spec", NAME, "--doc", str(doc)]
        started = time.perf_counter()
        done = subprocess.run(cmd, cwd=root, capture_output=True, text=True, check=False)
        seconds = time.perf_counter() - started
        written = root / "grace/connector_integration" / f"{NAME}_specs.json"
        shown = f"{written.stat().st_size / 1024:.0f} KB JSON" if written.is_file() else "no JSON"
        print(
            f"docs     hs-scaffold spec --doc (5 MB)       {seconds:6.2f} s, exit {done.returncode}, {shown}"
        )
    if not args.no_scores:
        subprocess.run([sys.executable, str(ROOT / "scripts" / "score_docs.py")], check=False)
        print("held out (never tuned on; no threshold asserted):", flush=True)
        subprocess.run(
            [sys.executable, str(ROOT / "scripts" / "score_docs.py"), "--set", "holdout"], check=False
        )


if __name__ == "__main__":
    main()
