"""`hs-scaffold test NAME`: the sandbox's own router tests, run as Hyperswitch documents (real cargo)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from scaffold import connector_test
from tests.helpers import hs_scaffold, make_sandbox, tree_state

ZENTRA_TEST = "crates/router/tests/connectors/zentra.rs"


def test_the_sandbox_connector_tests_run_with_a_private_auth_file(tmp_path: Path) -> None:
    root = make_sandbox(tmp_path / "hyperswitch")
    before = tree_state(root)
    done = hs_scaffold("test", "zentra", "--json", cwd=root, env={"HS_SCAFFOLD_ZENTRA_API_KEY": "sk_test_1"})
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["command"][-3:] == ["--", "zentra", "--test-threads=1"]
    assert report["passed"] >= 2 and report["failed"] == 0 and report["ignored"] >= 1
    assert report["credentials_given"] == ["api_key"] and report["placeholders"] == ["key1"]
    assert all(t["name"].startswith("zentra::") for t in report["tests"])
    assert tree_state(root) == before  # no auth file (nor anything else) written into the checkout
    table = hs_scaffold("test", "zentra", cwd=root).stdout.splitlines()
    assert any(line.startswith("zentra::offline_") and " passed" in line for line in table)
    assert any(" ignored  needs Zentra test credentials" in line for line in table)
    for name in ("abacus", "lumapay"):  # the sandbox's other connectors, the same way
        done = hs_scaffold("test", name, "--json", cwd=root)
        assert done.returncode == 0, done.stderr
        report = json.loads(done.stdout)
        assert report["failed"] == 0 and report["passed"] + report["ignored"] > 0
        assert all(t["name"].startswith(f"{name}::") for t in report["tests"])
    assert tree_state(root) == before


def test_a_failing_test_shows_its_first_line_and_the_exit_code(tmp_path: Path) -> None:
    root = make_sandbox(tmp_path / "hyperswitch")
    path = root / ZENTRA_TEST
    path.write_text(
        path.read_text()
        + "\n#[test]\nfn offline_reads_the_auth_file() {\n"
        + '    let path = std::env::var("CONNECTOR_AUTH_FILE_PATH").expect("set");\n'
        + '    let text = std::fs::read_to_string(&path).expect("readable");\n'
        + '    assert!(!path.contains("/hyperswitch/"), "auth file inside the checkout: {path}");\n'
        + '    assert!(text.contains("sk_from_file"), "credentials not in the auth file: {text}");\n'
        + '    panic!("deliberate failure: {}", 42);\n}\n'
    )
    credentials = tmp_path / "creds.toml"
    credentials.write_text('[zentra]\napi_key = "sk_from_file"\n')
    done = hs_scaffold("test", "zentra", "--credentials", str(credentials), cwd=root)
    assert done.returncode == 101, done.stderr
    row = next(
        line for line in done.stdout.splitlines() if line.startswith("zentra::offline_reads_the_auth_file")
    )
    assert row.split()[1:] == ["failed", "deliberate", "failure:", "42"]
    assert "1 failed" in done.stderr


def test_tests_that_do_not_compile_exit_4(tmp_path: Path) -> None:
    root = make_sandbox(tmp_path / "hyperswitch")
    path = root / ZENTRA_TEST
    path.write_text(path.read_text() + '\nfn broken() -> u8 { "no" }\n')
    done = hs_scaffold("test", "zentra", cwd=root)
    assert done.returncode == 4 and "did not compile" in done.stderr and "mismatched types" in done.stderr


def test_bad_input_exits_2(tmp_path: Path) -> None:
    root = make_sandbox(tmp_path / "hyperswitch")
    assert hs_scaffold("test", "zentr", cwd=root).returncode == 2
    credentials = tmp_path / "creds.toml"
    credentials.write_text('[zentra]\nsecret = "x"\n')
    done = hs_scaffold("test", "zentra", "--credentials", str(credentials), cwd=root)
    assert done.returncode == 2 and "secret" in done.stderr and "api_key" in done.stderr
    assert "cargo test" not in done.stderr  # refused before cargo: no word of a run that did not happen
    bad = hs_scaffold("test", "zentra", "--cargo-arg", "--bogus", "--json", cwd=root)
    assert bad.returncode == 2 and json.loads(bad.stdout)["exit_code"] == 2


def test_libtest_output_is_parsed_old_and_new_panic_styles() -> None:
    lines = [
        "test a::one ... ok",
        "test a::two ... FAILED",
        "test a::three ... ignored, needs network",
        "test a::four ... FAILED",
        "---- a::two stdout ----",
        "thread 'a::two' panicked at crates/router/tests/connectors/a.rs:5:9:",
        "assertion `left == right` failed",
        "  left: 1",
        "---- a::four stdout ----",
        "thread 'a::four' panicked at 'old style message', src/lib.rs:1:1",
    ]
    cases = {c.name: (c.result, c.detail) for c in connector_test.parse_libtest(lines)}
    assert cases == {
        "a::one": ("passed", ""),
        "a::two": ("failed", "assertion `left == right` failed"),
        "a::three": ("ignored", "needs network"),
        "a::four": ("failed", "old style message"),
    }


def test_a_terminated_run_leaves_no_credentials_behind(tmp_path: Path) -> None:
    root = make_sandbox(tmp_path / "hyperswitch")
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    env = {**os.environ, "TMPDIR": str(scratch), "HS_SCAFFOLD_ZENTRA_API_KEY": "sk_secret"}
    process = subprocess.Popen(
        [sys.executable, "-m", "scaffold", "test", "zentra"],
        cwd=root,
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while not list(scratch.glob("hs-scaffold-auth-*")) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert list(scratch.glob("hs-scaffold-auth-*")), "the auth folder never appeared"
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 130, stderr
    assert not list(scratch.glob("hs-scaffold-auth-*"))
