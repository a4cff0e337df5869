"""Shared fixtures: an isolated home, a fixed git identity, sandbox checkouts in tmp_path."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import make_sandbox

REAL_HOME = Path.home()


@pytest.fixture(autouse=True)
def isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """Point HOME at a throwaway folder (Rust stays reachable); fail on writes to the real home."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("CARGO_HOME", os.environ.get("CARGO_HOME", str(REAL_HOME / ".cargo")))
    monkeypatch.setenv("RUSTUP_HOME", os.environ.get("RUSTUP_HOME", str(REAL_HOME / ".rustup")))
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("CARGO_TERM_COLOR", "never")
    before = {p.name for p in REAL_HOME.iterdir()} if REAL_HOME.is_dir() else set()
    yield home
    after = {p.name for p in REAL_HOME.iterdir()} if REAL_HOME.is_dir() else set()
    assert after <= before, f"a test wrote to the real home folder: {sorted(after - before)}"


@pytest.fixture
def sandbox_repo(tmp_path: Path) -> Path:
    """A fresh git repository holding the built-in sandbox (2026 layout)."""
    return make_sandbox(tmp_path / "hyperswitch")


@pytest.fixture
def real_checkout() -> Path:
    """The real Hyperswitch checkout named by HS_CHECKOUT; skips when unset."""
    value = os.environ.get("HS_CHECKOUT")
    if not value:
        pytest.skip("set HS_CHECKOUT to a real Hyperswitch checkout to run this opt-in test")
    return Path(value).resolve()
