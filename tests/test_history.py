"""`new` on Hyperswitch releases since 2023 (opt-in: `HS_HISTORY=<git dir> nox -s history`).

``HS_HISTORY`` names a git directory (or checkout) of Hyperswitch with its history; each test makes
a working checkout of one release with ``git worktree`` in a temporary folder and runs the real
``new acmepay`` there. One release per quarter or so, mid-2024 and late 2024 included (the
connectors moved crates then, and the script's sed wrote control characters for a year).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pytest

from scaffold.checkout import find_checkout, script_connectors_dir
from tests.helpers import hs_scaffold, sparse_and_full_dry_runs

RELEASES = {
    "2023-01": "9e420d511",
    "2023-03": "b15b8f7b4",
    "2023-07": "fc774d0c0",
    "2023-10": "09c3e170d",
    "2024-01": "d2d33c55a",
    "2024-04": "1b75a3e43",
    "2024-06": "82a75da31",
    "2024-07": "217f1f413",
    "2024-08": "771ab5c98",
    "2024-11": "60bc7d897",
    "2025-03": "c6078c582",
    "2025-07": "d4d7397b0",
    "2025-11": "fd058d97f",
    "2026-03": "cb645578b",
    "2026-06": "d1688907d",
}
URL = "https://api.acmepay.test/"
_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@pytest.fixture(scope="module")
def history() -> Path:
    value = os.environ.get("HS_HISTORY")
    if not value:
        pytest.skip("set HS_HISTORY to a Hyperswitch git directory with its history (opt-in)")
    return Path(value)


def _git(repo: Path, *args: str, stdin: str | None = None) -> str:
    done = subprocess.run(["git", "-C", str(repo), *args], input=stdin, capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"git {args[0]} failed here: {done.stderr.strip()[-300:]}")
    return done.stdout


def _checkout(history: Path, commit: str, dest: Path) -> Path:
    """A clean working checkout of ``commit``; blobs a snapshot lacks are left out in one commit."""
    subprocess.run(["git", "clone", "-q", "--no-checkout", str(history), str(dest)], check=True)
    for key, value in (("user.email", "history@hs-scaffold.invalid"), ("user.name", "history")):
        _git(dest, "config", key, value)
    tree = [line.split("\t", 1) for line in _git(dest, "ls-tree", "-r", commit).splitlines()]
    blobs = {meta.split()[2]: path for meta, path in tree if meta.split()[1] == "blob"}
    checked = _git(dest, "cat-file", "--batch-check", stdin="\n".join(blobs) + "\n")
    missing = [blobs[line.split()[0]] for line in checked.splitlines() if line.endswith(" missing")]
    if missing:
        _git(dest, "sparse-checkout", "set", "--no-cone", "/*", *(f"!/{p}" for p in missing))
    _git(dest, "checkout", "-q", commit)
    if missing:
        _git(dest, "rm", "-q", "--cached", "--sparse", "--", *missing)
        _git(dest, "commit", "-q", "-m", "drop files missing from the snapshot")
        _git(dest, "sparse-checkout", "disable")
    return dest


@pytest.mark.history
@pytest.mark.parametrize("release", sorted(RELEASES))
def test_new_on_a_release(history: Path, release: str, tmp_path: Path) -> None:
    repo = _checkout(history, RELEASES[release], tmp_path / "hs")
    expected_dir = script_connectors_dir(repo)
    done = hs_scaffold("new", "acmepay", URL, "--no-build", "--json", cwd=repo, timeout=900)
    print(f"\n{release} ({RELEASES[release]}): exit {done.returncode}")
    print(done.stderr[-3000:])
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    checkout = find_checkout(repo)
    assert expected_dir is not None and checkout.layout.connectors_dir == expected_dir
    assert f"{expected_dir.as_posix()}/acmepay.rs" in report["files_created"]
    for rel in [*report["files_created"], *report["files_modified"]]:
        data = (repo / rel).read_bytes()
        assert not _CONTROL.search(data), f"{rel} holds a control character"
    module = (repo / checkout.layout.connectors_module).read_text()
    assert re.search(r"\bmod\s+acmepay\s*;", module)
    breaking = [m for m in report["audit"]["missing"] if m["status"] != "review"]
    assert breaking == [], breaking
    print(f"repairs: {len(report['drift']['repaired'])}, registrations: {len(report['registrations'])}")


@pytest.mark.history
@pytest.mark.parametrize("release", sorted(RELEASES))
def test_a_sparse_dry_run_reports_what_a_full_one_does_on_a_release(
    history: Path, release: str, tmp_path: Path
) -> None:
    """The copy leaves out what the run only reads; on every layout since 2023 that changes nothing."""
    repo = _checkout(history, RELEASES[release], tmp_path / "hs")
    sparse, full = sparse_and_full_dry_runs(repo)
    print(f"\n{release}: {sparse} of {full} files checked out")
    assert sparse < full
