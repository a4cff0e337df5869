"""`hs-scaffold fill` on the sandbox: a connector scaffolded with a doc written for it (our own
vendor-style doc, tests/fixtures/docs/kestrel_doc.md) is filled, builds with the real cargo, and
its flows do what the doc says, checked by a Rust test run with the real `cargo test`.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from tests.helpers import git, hs_scaffold, tree_state

FIXTURES = Path(__file__).parent / "fixtures"
DOC = FIXTURES / "docs" / "kestrel_doc.md"
RUST_TEST = FIXTURES / "fill" / "kestrel_doc_flows.rs"
URL = "https://api.kestrel.test/"
TESTS_DIR = "crates/router/tests/connectors"
MAIN = "crates/hyperswitch_connectors/src/connectors/kestrel.rs"
TRANSFORMERS = "crates/hyperswitch_connectors/src/connectors/kestrel/transformers.rs"
WEBHOOKS = {
    "webhooks.get_webhook_object_reference_id",
    "webhooks.get_webhook_event_type",
    "webhooks.get_webhook_resource_object",
}
# The doc's sections and the constant each one's example body becomes in the Rust test.
SECTIONS = {
    "Create a charge": "AUTHORIZE",
    "Retrieve a charge": "SYNC",
    "Capture a charge": "CAPTURE",
    "Cancel a charge": "VOID",
    "Create a refund": "REFUND",
    "Retrieve a refund": "REFUND_SYNC",
    "Errors": "ERROR",
}


def _cargo(repo: Path, *args: str, test_args: tuple[str, ...] = ()) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CARGO_TERM_COLOR": "never"}
    command = ["cargo", *args, "--offline", *(["--", *test_args] if test_args else [])]
    return subprocess.run(
        command, cwd=repo, env=env, capture_output=True, text=True, timeout=900, check=False
    )


def _scaffold(repo: Path) -> None:
    done = hs_scaffold("new", "kestrel", URL, "--doc", str(DOC), "--no-build", cwd=repo)
    assert done.returncode == 0, done.stderr
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "scaffold kestrel")


def _fill(repo: Path, *args: str) -> tuple[int, dict[str, object], str]:
    done = hs_scaffold("fill", "kestrel", "--json", *args, cwd=repo)
    return done.returncode, json.loads(done.stdout) if done.stdout.strip() else {}, done.stderr


@pytest.fixture
def scaffolded(sandbox_repo: Path) -> Path:
    """The sandbox with `kestrel` scaffolded from its doc, committed."""
    _scaffold(sandbox_repo)
    return sandbox_repo


def _doc_examples() -> dict[str, dict[str, str]]:
    """The doc's example bodies: section constant -> {"request"|"response"|"error": the JSON text}."""
    tokens = MarkdownIt().parse(DOC.read_text(encoding="utf-8"))
    found: dict[str, dict[str, str]] = {}
    section, label = "", ""
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            section = tokens[index + 1].content
        elif token.type == "inline":
            label = token.content.strip().rstrip(":").lower()
        elif token.type == "fence" and token.info == "json" and section in SECTIONS:
            role = "error" if section == "Errors" else label
            found.setdefault(SECTIONS[section], {})[role] = token.content
    return found


def _keys(text: str) -> list[str]:
    def walk(value: object, prefix: str) -> list[str]:
        if isinstance(value, dict):
            return [k for key, item in value.items() for k in walk(item, f"{prefix}{key}.")]
        return [prefix.rstrip(".")]

    return walk(json.loads(text), "")


def _rust_test() -> str:
    """The Rust test with the doc's example responses and request fields in it."""
    examples = _doc_examples()
    lines = []
    for name, bodies in examples.items():
        for role, text in bodies.items():
            if role in ("response", "error"):
                const = f"{name}_RESPONSE"
                lines.append(f'const {const}: &str = r#"{text.strip()}"#;')
            elif role == "request":
                keys = ", ".join(f'"{k}"' for k in _keys(text))
                lines.append(f"const {name}_FIELDS: &[&str] = &[{keys}];")
    return RUST_TEST.read_text(encoding="utf-8").replace("@RESPONSES@", "\n".join(lines))


def test_the_doc_examples_are_read_for_every_flow() -> None:
    examples = _doc_examples()
    assert set(examples) == set(SECTIONS.values())
    assert _keys(examples["AUTHORIZE"]["request"])[-1] == "card.holderName"


@pytest.mark.skipif(shutil.which("cargo") is None, reason="needs cargo")
def test_fill_builds_and_its_flows_do_what_the_doc_says(scaffolded: Path) -> None:
    code, report, stderr = _fill(scaffolded)
    assert code == 0, stderr
    applied = {a["id"]: a["confidence"] for a in report["applied"]}  # type: ignore[union-attr]
    assert applied["authorize.get_url"] == "derived"
    assert applied["transformers.KestrelPaymentStatus"] == "sibling-majority"
    assert applied["void.impl"] == "derived"
    assert applied["setup_mandate.impl"] == "derived"  # the doc says mandates are not supported
    assert {s["id"] for s in report["left"]} == WEBHOOKS  # type: ignore[union-attr]
    assert set(report["stubs_left"]) == WEBHOOKS  # type: ignore[arg-type]
    assert report["skipped"] == [] and report["drift"] == []

    stubs = hs_scaffold("stubs", "kestrel", "--json", cwd=scaffolded)
    assert stubs.returncode == 3
    assert {s["id"] for s in json.loads(stubs.stdout)["stubs"]} == WEBHOOKS

    build = _cargo(scaffolded, "build")
    assert build.returncode == 0, build.stderr[-4000:]
    assert "warning: unused" not in build.stderr

    (scaffolded / TESTS_DIR / "kestrel_doc_flows.rs").write_text(_rust_test(), encoding="utf-8")
    main = scaffolded / TESTS_DIR / "main.rs"
    main.write_text(main.read_text() + "mod kestrel_doc_flows;\n")
    tests = _cargo(
        scaffolded, "test", "--package", "router", "--test", "connectors", test_args=("kestrel_doc_flows",)
    )
    assert tests.returncode == 0, tests.stdout[-4000:] + tests.stderr[-4000:]
    assert "test result: ok. 7 passed" in tests.stdout


def test_fill_rewrites_the_spec_and_undo_reverts_it_with_the_scaffold(sandbox_repo: Path) -> None:
    original = tree_state(sandbox_repo)
    done = hs_scaffold("new", "kestrel", URL, "--doc", str(DOC), "--no-build", cwd=sandbox_repo)
    assert done.returncode == 0, done.stderr
    code, _, stderr = _fill(sandbox_repo)
    assert code == 0, stderr
    spec = json.loads((sandbox_repo / "grace/connector_integration/kestrel_specs.json").read_text())
    assert {s["id"] for s in spec["stubs"]} == WEBHOOKS
    assert all(s["proposal"]["confidence"] == "none" for s in spec["stubs"])
    assert "undo kestrel" in stderr
    undone = hs_scaffold("undo", "kestrel", cwd=sandbox_repo)
    assert undone.returncode == 0, undone.stderr
    assert tree_state(sandbox_repo) == original


def test_dry_run_prints_the_diff_and_changes_nothing(scaffolded: Path) -> None:
    before = tree_state(scaffolded)
    done = hs_scaffold("fill", "kestrel", "--dry-run", cwd=scaffolded)
    assert done.returncode == 0, done.stderr
    assert f"+++ b/{MAIN}" in done.stdout and f"+++ b/{TRANSFORMERS}" in done.stdout
    assert '+        Ok(format!("{}v2/charges", self.base_url(connectors)))' in done.stdout
    assert "fill: would write" in done.stderr
    assert tree_state(scaffolded) == before


def test_only_writes_the_picked_stub(scaffolded: Path) -> None:
    code, report, stderr = _fill(scaffolded, "--only", "psync.get_url")
    assert code == 0, stderr
    assert [a["id"] for a in report["applied"]] == ["psync.get_url"]  # type: ignore[index]
    assert report["files"] == [MAIN]
    assert "psync.get_url" not in report["stubs_left"]  # type: ignore[operator]
    assert "authorize.get_url" in report["stubs_left"]  # type: ignore[operator]
    assert '"{}v2/charges/{charge_id}"' in (scaffolded / MAIN).read_text()
    human = hs_scaffold("fill", "kestrel", "--only", "capture.get_url", cwd=scaffolded)
    assert human.returncode == 0, human.stderr
    assert "other proposals not picked (`--only`)" in human.stderr and "not picked\n" not in human.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--only", "authorize.nothing"), "no stub 'authorize.nothing' in this connector"),
        (
            ("--only", "webhooks.get_webhook_event_type"),
            "no code is proposed for 'webhooks.get_webhook_event_type'",
        ),
        (
            ("--only", "transformers.KestrelPaymentsRequest"),
            "needs the code of 'transformers.KestrelRouterData' too",
        ),
    ],
)
def test_bad_input_is_one_line_exit_2_and_nothing_changed(
    scaffolded: Path, args: tuple[str, ...], message: str
) -> None:
    before = tree_state(scaffolded)
    done = hs_scaffold("fill", "kestrel", *args, cwd=scaffolded)
    assert done.returncode == 2, done.stderr
    assert message in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert tree_state(scaffolded) == before


def test_an_unknown_connector_is_bad_input(sandbox_repo: Path) -> None:
    done = hs_scaffold("fill", "nosuchpay", cwd=sandbox_repo)
    assert done.returncode == 2
    assert "no connector `nosuchpay`" in done.stderr


def test_a_stub_the_author_changed_since_the_spec_is_skipped(scaffolded: Path) -> None:
    path = scaffolded / TRANSFORMERS
    text = path.read_text()
    edited = text.replace(
        "pub struct KestrelPaymentsRequest {", "pub struct KestrelPaymentsRequest {\n    mine: bool,", 1
    )
    assert edited != text
    path.write_text(edited)
    code, report, stderr = _fill(scaffolded)
    assert code == 0, stderr
    skipped = {s["id"]: s["reason"] for s in report["skipped"]}  # type: ignore[union-attr]
    assert "changed since the spec was written" in skipped["transformers.KestrelPaymentsRequest"]
    assert "    mine: bool," in path.read_text()
    assert "transformers.KestrelPaymentsRequest" in report["stubs_left"]  # type: ignore[operator]


def test_a_failing_formatter_puts_everything_back(scaffolded: Path, tmp_path: Path) -> None:
    """rustfmt is replaced (on PATH, no rustup toolchains) by a script that fails: a real subprocess
    failure in the middle of the run, which must leave the tree exactly as it was."""
    tools = tmp_path / "tools"
    tools.mkdir()
    fake = tools / "rustfmt"
    fake.write_text("#!/bin/sh\necho 'error: this rustfmt always fails' >&2\nexit 1\n")
    fake.chmod(0o755)
    env = {"PATH": f"{tools}:{os.environ['PATH']}", "RUSTUP_HOME": str(tmp_path / "no-rustup")}
    before = tree_state(scaffolded)
    done = hs_scaffold("fill", "kestrel", cwd=scaffolded, env=env)
    assert done.returncode == 1, done.stderr
    assert "rustfmt failed on the filled code" in done.stderr
    assert tree_state(scaffolded) == before


def _fill_stopped_in_rustfmt(repo: Path, tmp_path: Path, signum: int) -> subprocess.CompletedProcess[str]:
    """Run `fill` with a rustfmt stand-in on PATH that says it started, then sleeps: the filled
    files are written by then. Send ``signum`` at that moment; the finished process."""
    import sys
    import time

    tools, marker = tmp_path / "tools", tmp_path / "rustfmt-started"
    tools.mkdir()
    fake = tools / "rustfmt"
    fake.write_text(f"#!/bin/sh\ntouch {marker}\nsleep 5\n")
    fake.chmod(0o755)
    env = {**os.environ, "PATH": f"{tools}:{os.environ['PATH']}", "RUSTUP_HOME": str(tmp_path / "no-rustup")}
    command = [sys.executable, "-m", "scaffold", "fill", "kestrel"]
    proc = subprocess.Popen(
        command, cwd=repo, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        deadline = time.monotonic() + 60
        while not marker.exists() and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.05)
        assert marker.exists(), "fill never reached rustfmt"
        proc.send_signal(signum)
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    return subprocess.CompletedProcess(command, proc.returncode, out, err)


def test_a_signal_mid_run_puts_everything_back(scaffolded: Path, tmp_path: Path) -> None:
    """SIGTERM while rustfmt runs: the filled files are put back, the tree and index exactly; exit 130."""
    import signal

    from tests.helpers import exact_state

    (scaffolded / "my-notes.txt").write_text("untracked work\n")
    before = exact_state(scaffolded)
    done = _fill_stopped_in_rustfmt(scaffolded, tmp_path, signal.SIGTERM)
    assert done.returncode == 130 and "the work tree was put back" in done.stderr, done.stderr
    assert exact_state(scaffolded) == before


def test_kill_9_mid_run_leaves_a_journal_that_recover_uses(scaffolded: Path, tmp_path: Path) -> None:
    """`kill -9` while rustfmt runs (the filled files written): the journal stays, `fill` points at
    `recover` (exit 6), and `recover` gives the tree and the index back byte for byte."""
    import signal

    from tests.helpers import exact_state

    (scaffolded / "my-notes.txt").write_text("untracked work\n")
    before = exact_state(scaffolded)
    assert _fill_stopped_in_rustfmt(scaffolded, tmp_path, signal.SIGKILL).returncode == -9
    assert exact_state(scaffolded) != before
    refused = hs_scaffold("fill", "kestrel", cwd=scaffolded)
    assert refused.returncode == 6 and "hs-scaffold fill kestrel" in refused.stderr, refused.stderr
    assert "during step 'fill'" in refused.stderr, refused.stderr
    recovered = hs_scaffold("recover", cwd=scaffolded)
    assert recovered.returncode == 0 and "put the tree back" in recovered.stderr, recovered.stderr
    assert exact_state(scaffolded) == before
