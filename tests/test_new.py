"""`hs-scaffold new` end to end on the sandbox: the real script, real git, real cargo."""

from __future__ import annotations

import json
import shutil
import tomllib
from pathlib import Path

import pytest

from tests.helpers import git, hs_scaffold

CONNECTORS = "crates/hyperswitch_connectors/src/connectors"
URL = "https://api.acmepay.test"
FIXTURES = Path(__file__).parent / "fixtures"


def _run_json(repo: Path, *args: str, cwd: Path | None = None) -> tuple[int, dict[str, object], str]:
    done = hs_scaffold("new", *args, "--json", cwd=cwd or repo)
    return done.returncode, json.loads(done.stdout) if done.stdout.strip() else {}, done.stderr


def test_new_scaffolds_registers_and_builds(sandbox_repo: Path) -> None:
    code, report, stderr = _run_json(sandbox_repo, "acmepay", URL)
    assert code == 0, stderr
    created = report["files_created"]
    assert isinstance(created, list)
    for path in (
        f"{CONNECTORS}/acmepay.rs",
        f"{CONNECTORS}/acmepay/transformers.rs",
        "crates/router/tests/connectors/acmepay.rs",
        "grace/connector_integration/acmepay_specs.md",
    ):
        assert path in created and (sandbox_repo / path).is_file(), path
    assert not (sandbox_repo / CONNECTORS / "acmepay" / "test.rs").exists()
    main_rs = (sandbox_repo / "crates/router/tests/connectors/main.rs").read_text()
    assert main_rs.count("mod acmepay;\n") == 1
    build = report["build"]
    assert isinstance(build, dict) and build["status"] == "ok" and build["errors"] == []
    steps = [s["name"] for s in report["steps"]]  # type: ignore[union-attr]
    assert steps[:3] == ["validate", "preflight", "script"] and steps[-1] == "build"
    assert "error" not in stderr.lower().replace("0 errors", "")


def _as_git_sees_it(repo: Path) -> tuple[list[str], list[str]]:
    """(created, modified) by git's own listing of a tree that was clean before the run."""
    created = git(repo, "ls-files", "-z", "--others", "--exclude-standard").split("\0")
    modified = git(repo, "diff", "--name-only", "-z", "HEAD").split("\0")
    return sorted(p for p in created if p), sorted(p for p in modified if p)


@pytest.mark.parametrize("script", ["sandbox", "no move of test.rs", "no sample_auth section"])
def test_the_undo_record_lists_what_git_sees(sandbox_repo: Path, script: str) -> None:
    """Each step after the script says what it wrote, and the record is built from that: it must be
    exactly what a full listing finds (created, modified), whatever the script left to mend."""
    path = sandbox_repo / "scripts/add_connector.sh"
    if script == "no move of test.rs":
        shutil.copy(FIXTURES / "add_connector_no_move.sh", path)
    elif script == "no sample_auth section":  # as the real script's wrong path leaves it
        path.write_text(
            "".join(ln for ln in path.read_text().splitlines(True) if "sample_auth.toml\n" not in ln)
        )
    if script != "sandbox":
        git(sandbox_repo, "commit", "-qam", script)
    code, report, stderr = _run_json(sandbox_repo, "acmepay", URL, "--no-build")
    assert code == 0, stderr
    created, modified = _as_git_sees_it(sandbox_repo)
    assert sorted(report["files_created"]) == created  # type: ignore[arg-type]
    assert sorted(report["files_modified"]) == modified  # type: ignore[arg-type]
    record = json.loads((sandbox_repo / ".git/hs-scaffold/manifests/acmepay.json").read_text())
    assert sorted(entry["path"] for entry in record["files"]) == sorted([*created, *modified])


def test_new_runs_from_any_subfolder_and_skips_build(sandbox_repo: Path) -> None:
    code, report, stderr = _run_json(
        sandbox_repo, "acmepay", URL, "--no-build", cwd=sandbox_repo / "crates/router"
    )
    assert code == 0, stderr
    assert report["build"] is None
    assert (sandbox_repo / CONNECTORS / "acmepay.rs").is_file()


def test_script_that_leaves_test_rs_unmoved_is_finished(sandbox_repo: Path) -> None:
    shutil.copy(FIXTURES / "add_connector_no_move.sh", sandbox_repo / "scripts/add_connector.sh")
    git(sandbox_repo, "commit", "-qam", "older script: no move of test.rs")
    code, report, stderr = _run_json(sandbox_repo, "acmepay", URL, "--no-build")
    assert code == 0, stderr
    assert (sandbox_repo / "crates/router/tests/connectors/acmepay.rs").is_file()
    assert not (sandbox_repo / CONNECTORS / "acmepay/test.rs").exists()
    files_step = next(s for s in report["steps"] if s["name"] == "files")  # type: ignore[union-attr]
    assert "moved" in files_step["detail"]
    main_rs = (sandbox_repo / "crates/router/tests/connectors/main.rs").read_text()
    assert main_rs.count("mod acmepay;\n") == 1


def test_failing_build_keeps_the_scaffold_and_points_at_stubs(sandbox_repo: Path) -> None:
    template = sandbox_repo / "connector-template/mod.rs"
    text = template.read_text()
    anchor = "fn get_currency_unit"
    assert anchor in text
    head, tail = text.split(anchor, 1)
    body_start = tail.index("{") + 1
    broken = (
        head + anchor + tail[:body_start] + '\n        let _unit: u8 = "not a number";' + tail[body_start:]
    )
    template.write_text(broken)
    git(sandbox_repo, "commit", "-qam", "template that does not compile")
    code, report, stderr = _run_json(sandbox_repo, "acmepay", URL)
    assert code == 4, stderr
    assert (sandbox_repo / CONNECTORS / "acmepay.rs").is_file()
    build = report["build"]
    assert isinstance(build, dict) and build["status"] == "failed"
    errors = build["errors"]
    assert isinstance(errors, list) and errors
    first = errors[0]
    assert first["file"] == f"{CONNECTORS}/acmepay.rs"
    assert first["stub_id"] == "common.get_currency_unit"
    lines = stderr.splitlines()
    under = lines.index("    common.get_currency_unit")  # errors grouped under the stub they fall in
    assert lines[under - 1] == f"  {CONNECTORS}/acmepay.rs"
    assert "error[E0308]: mismatched types: expected `u8`, found `&str`" in lines[under + 1]


def test_demo_lays_out_the_sandbox_and_builds(tmp_path: Path) -> None:
    target = tmp_path / "demo"
    done = hs_scaffold("demo", "--dir", str(target), "--json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["build"]["status"] == "ok"
    assert (target / CONNECTORS / "acmepay.rs").is_file()
    assert (target / "crates/router/tests/connectors/acmepay.rs").is_file()
    assert "mod acmepay;" in (target / "crates/router/tests/connectors/main.rs").read_text()
    assert report["audit"]["missing"] == []
    assert 'reachable: the router finds "acmepay" through the Connector enum and its mapping' in done.stderr


def test_new_on_the_legacy_layout(tmp_path: Path) -> None:
    from tests.helpers import make_sandbox

    repo = make_sandbox(tmp_path / "old-hyperswitch", layout="legacy")
    code, report, stderr = _run_json(repo, "acmepay", URL)
    assert code == 0, stderr
    legacy = "crates/router/src/connector"
    assert f"{legacy}/acmepay.rs" in report["files_created"]  # type: ignore[operator]
    assert "crates/router/tests/connectors/acmepay.rs" in report["files_created"]  # type: ignore[operator]
    assert report["build"]["status"] == "ok"  # type: ignore[index]
    stub_map = json.loads((repo / "grace/connector_integration/acmepay_specs.json").read_text())
    assert stub_map["checkout"]["layout"] == "legacy"
    by_id = {s["id"]: s for s in stub_map["stubs"]}
    assert by_id["authorize.get_url"]["file"] == f"{legacy}/acmepay.rs"
    assert by_id["authorize.get_url"]["router_data"] == "PaymentsAuthorizeRouterData"


def test_a_name_with_an_underscore_builds(sandbox_repo: Path) -> None:
    """The script writes `Acme_pay` where the template's type is `AcmePay`; `new` mends its lines."""
    main_rs = sandbox_repo / "crates/hyperswitch_connectors/src/connectors.rs"
    main_rs.write_text(main_rs.read_text() + "// Acme_pay: a line of the user's, which is not the script's\n")
    git(sandbox_repo, "commit", "-qam", "a comment naming Acme_pay")
    code, report, stderr = _run_json(sandbox_repo, "acme_pay", URL)
    assert code == 0, stderr
    assert report["build"]["status"] == "ok"  # type: ignore[index]
    text = main_rs.read_text()
    assert "acme_pay::AcmePay" in text and "acme_pay::Acme_pay" not in text
    assert "// Acme_pay: a line of the user's" in text


def test_an_echoed_literal_newline_in_sample_auth_is_mended(sandbox_repo: Path) -> None:
    """Older scripts append with `echo "\\n\\n[name]\\napi_key=..."` (no -e): literal \\n, broken TOML."""
    script = sandbox_repo / "scripts/add_connector.sh"
    printf = 'printf \'\\n[%s]\\napi_key = "API Key"\\n\' "${payment_gateway}" >> ${tests}/sample_auth.toml'
    echo = 'echo "\\n\\n[${payment_gateway}]\\napi_key=\\"API Key\\"" >> ${tests}/sample_auth.toml'
    assert printf in script.read_text()
    script.write_text(script.read_text().replace(printf, echo))
    git(sandbox_repo, "commit", "-qam", "the older script's echo")
    code, report, stderr = _run_json(sandbox_repo, "acmepay", URL, "--no-build")
    assert code == 0, stderr
    files_step = next(s for s in report["steps"] if s["name"] == "files")  # type: ignore[union-attr]
    assert "literal \\n into line breaks" in files_step["detail"]
    sample = (sandbox_repo / "crates/router/tests/connectors/sample_auth.toml").read_text()
    assert tomllib.loads(sample)["acmepay"] == {"api_key": "API Key"} and "\\n" not in sample
