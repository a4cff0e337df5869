"""The cargo shim, run for real as the script would run it: first `cargo` on PATH."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from scaffold import cargo_shim, proc
from scaffold.sandbox import SANDBOX_DIR

TEMPLATE = SANDBOX_DIR / "connector-template"


@pytest.fixture
def shim_env(tmp_path: Path) -> dict[str, str]:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    cargo = proc.which("cargo")
    assert cargo is not None
    env = cargo_shim.install(bin_dir, tmp_path / "log.jsonl", real_cargo=cargo, renderer="native")
    return {**os.environ, **env}


def _cargo(env: dict[str, str], cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["cargo", *args], cwd=cwd, env=env, capture_output=True, text=True, check=False)


def test_each_kind_of_call(tmp_path: Path, shim_env: dict[str, str]) -> None:
    work = tmp_path / "work"
    work.mkdir()
    assert _cargo(shim_env, work, "install", "cargo-generate").returncode == 0
    assert _cargo(shim_env, work, "generate", "--path", str(TEMPLATE), "-n", "acmepay").returncode == 0
    assert _cargo(shim_env, work, "+nightly", "fmt", "--all").returncode == 0
    assert _cargo(shim_env, work, "check", "--features", "v1").returncode == 0
    version = _cargo(shim_env, work, "--version")
    assert version.returncode == 0 and version.stdout.startswith("cargo ")
    events = cargo_shim.read_log(tmp_path / "log.jsonl")
    assert [e.action for e in events] == ["skipped", "rendered", "deferred", "deferred", "passthrough"]
    assert sorted(p.name for p in (work / "acmepay").iterdir()) == ["mod.rs", "test.rs", "transformers.rs"]


def test_generate_without_name_fails_like_cargo(tmp_path: Path, shim_env: dict[str, str]) -> None:
    done = _cargo(shim_env, tmp_path, "generate", "--path", str(TEMPLATE))
    assert done.returncode == 101
    assert "needs --path and --name" in done.stderr
    assert cargo_shim.read_log(tmp_path / "log.jsonl")[0].action == "failed"


def test_real_cargo_failure_is_passed_on(tmp_path: Path, shim_env: dict[str, str]) -> None:
    done = _cargo(shim_env, tmp_path, "metadata", "--no-deps")  # no Cargo.toml here
    assert done.returncode != 0


def test_unusual_arguments_take_the_python_path_with_the_same_record(
    tmp_path: Path, shim_env: dict[str, str]
) -> None:
    assert _cargo(shim_env, tmp_path, "test", "--", "two words", 'q"uote').returncode == 0
    assert _cargo(shim_env, tmp_path, "test", "--", "plain").returncode == 0
    slow, fast = cargo_shim.read_log(tmp_path / "log.jsonl")
    assert slow.args == ("test", "--", "two words", 'q"uote') and fast.args == ("test", "--", "plain")
    assert (
        (slow.action, slow.detail)
        == (fast.action, fast.detail)
        == ("deferred", "deferred to hs-scaffold's build step")
    )


def test_a_cargo_alias_for_generate_is_expanded(tmp_path: Path, shim_env: dict[str, str]) -> None:
    """Older Hyperswitch scripts call `cargo gen-pg NAME`, an alias in the repository's .cargo/config.toml."""
    repo = tmp_path / "repo"
    work = repo / "crates" / "router"
    work.mkdir(parents=True)
    (repo / ".cargo").mkdir()
    (repo / ".cargo" / "config.toml").write_text(f'[alias]\ngen-pg = "generate --path {TEMPLATE} -n"\n')
    assert _cargo(shim_env, work, "gen-pg", "acmepay").returncode == 0
    assert _cargo(shim_env, work, "c").returncode == 0  # cargo's own alias for check
    rendered, checked = cargo_shim.read_log(tmp_path / "log.jsonl")
    assert (rendered.action, checked.action) == ("rendered", "deferred")
    assert sorted(p.name for p in (work / "acmepay").iterdir()) == ["mod.rs", "test.rs", "transformers.rs"]
