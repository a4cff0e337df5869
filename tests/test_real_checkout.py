"""Opt-in: `new --no-build` on a real Hyperswitch checkout (HS_CHECKOUT), in a local clone of it."""

from __future__ import annotations

import json
import re
import subprocess
import time
from pathlib import Path

import pytest

from tests.helpers import hs_scaffold, sparse_and_full_dry_runs

pytestmark = pytest.mark.real_checkout
CONNECTORS = "crates/hyperswitch_connectors/src/connectors"


def test_new_without_build_on_the_real_checkout(real_checkout: Path, tmp_path: Path) -> None:
    clone = tmp_path / "hyperswitch"
    subprocess.run(["git", "clone", "-q", "--shared", str(real_checkout), str(clone)], check=True)
    started = time.monotonic()
    done = hs_scaffold("new", "acmepay", "https://api.acmepay.test", "--no-build", "--json", cwd=clone)
    seconds = time.monotonic() - started
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    for path in (
        f"{CONNECTORS}/acmepay.rs",
        f"{CONNECTORS}/acmepay/transformers.rs",
        "crates/router/tests/connectors/acmepay.rs",
    ):
        assert path in report["files_created"] and (clone / path).is_file(), path
    main_rs = (clone / "crates/router/tests/connectors/main.rs").read_text()
    assert main_rs.count("mod acmepay;\n") == 1
    shim_calls = next(s for s in report["steps"] if s["name"] == "script")["detail"]
    assert "cargo generate: rendered" in shim_calls and "cargo install: skipped" in shim_calls
    print(f"new --no-build on the real checkout: {seconds:.2f} s")


def test_new_on_an_older_checkout_with_the_router_layout(real_checkout: Path, tmp_path: Path) -> None:
    """March 2024: connectors in crates/router/src/connector/, `cargo gen-pg` alias, echoed `\\n`."""
    commit = "f95beaa18"
    if subprocess.run(["git", "-C", str(real_checkout), "cat-file", "-e", commit], check=False).returncode:
        pytest.skip(f"{commit} is not in this checkout's history")
    clone = tmp_path / "old-hyperswitch"
    subprocess.run(
        ["git", "clone", "-q", "--shared", "--no-checkout", str(real_checkout), str(clone)], check=True
    )
    subprocess.run(["git", "-C", str(clone), "checkout", "-q", commit], check=True)
    done = hs_scaffold("new", "acmepay", "https://api.acmepay.test/", "--no-build", "--json", cwd=clone)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert "crates/router/src/connector/acmepay.rs" in report["files_created"]
    sample = (clone / "crates/router/tests/connectors/sample_auth.toml").read_text()
    assert "\\n" not in sample and "[acmepay]" in sample
    stub_map = json.loads((clone / "grace/connector_integration/acmepay_specs.json").read_text())
    assert stub_map["checkout"]["layout"] == "legacy" and len(stub_map["stubs"]) >= 20


def test_the_sparse_dry_run_reports_what_a_full_one_does_on_the_real_checkout(
    real_checkout: Path, tmp_path: Path
) -> None:
    """The dry run's copy holds a tenth of the files; what it reports must not depend on that."""
    clone = tmp_path / "hyperswitch"
    subprocess.run(["git", "clone", "-q", "--shared", str(real_checkout), str(clone)], check=True)
    sparse, full = sparse_and_full_dry_runs(clone)
    assert sparse * 4 < full


def test_the_hook_on_a_fresh_real_scaffold(real_checkout: Path, tmp_path: Path) -> None:
    clone = tmp_path / "hyperswitch"
    subprocess.run(["git", "clone", "-q", "--shared", str(real_checkout), str(clone)], check=True)
    assert hs_scaffold("hook", "install", cwd=clone).returncode == 0
    assert hs_scaffold("new", "acmepay", "https://api.acmepay.test/", "--no-build", cwd=clone).returncode == 0
    subprocess.run(["git", "-C", str(clone), "add", "-A"], check=True)
    done = hs_scaffold("hook", "run", cwd=clone)
    assert done.returncode == 0, done.stderr
    assert re.search(r"acmepay: \d+ generated stubs left in the \d+ staged files?, 0 added", done.stderr)
