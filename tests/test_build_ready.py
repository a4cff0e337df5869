"""What `new` hands over builds: faults of older scripts and releases, met on the sandbox.

Each test gives the sandbox one condition measured on a real Hyperswitch release (a sed
replacement GNU sed misreads, a missing anchor, a mid-2024 layout, a file already invalid at HEAD)
and runs the real `new` on it.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from scaffold.checkout import find_checkout, script_connectors_dir
from scaffold.errors import StepFailedError
from scaffold.postchecks import require_module_declared
from tests.helpers import git, hs_scaffold, make_sandbox, tree_state

URL = "https://api.acmepay.test"
SCRIPT = "scripts/add_connector.sh"
MAPPING = "crates/router/src/types/api/connector_mapping.rs"
MODULES = "crates/hyperswitch_connectors/src/connectors.rs"


def _script(repo: Path) -> Path:
    return repo / SCRIPT


def _edit_script(repo: Path, old: str, new: str, message: str) -> None:
    script = _script(repo)
    text = script.read_text()
    assert old in text
    script.write_text(text.replace(old, new))
    git(repo, "commit", "-qam", message)


def _new_ok(repo: Path) -> tuple[dict[str, object], dict[str, str]]:
    """Run `new`, which must succeed: its JSON report, and that of its `files` step."""
    code, report, stderr = _new(repo)
    assert code == 0, stderr
    files = next(s for s in report["steps"] if s["name"] == "files")  # type: ignore[union-attr]
    return report, files


def _new(repo: Path, *args: str) -> tuple[int, dict[str, object], str]:
    done = hs_scaffold("new", "acmepay", URL, "--no-build", "--json", *args, cwd=repo)
    return done.returncode, json.loads(done.stdout) if done.stdout.strip() else {}, done.stderr


# The 2024 scripts' mapping line: `\connector` inside double quotes reaches sed as `\c` + `o`.
SED_WITH_C = (
    "sed -i'' -e \"s|Connector::${previous_connector_camelcase} => \\(.*\\)|"
    "Connector::${previous_connector_camelcase} => \\1\\n            "
    "Connector::${payment_gateway_camelcase} => "
    'Box::new(\\connector::${payment_gateway_camelcase}::new()),|" '
    "crates/router/src/types/api/connector_mapping.rs\n"
)
ANCHOR = "# BSD sed leaves `-e` backups behind"


def test_a_control_character_from_gnu_sed_is_mended_when_the_script_shows_its_intent(
    sandbox_repo: Path,
) -> None:
    _edit_script(sandbox_repo, ANCHOR, SED_WITH_C + ANCHOR, "the 2024 mapping sed")
    report, files = _new_ok(sandbox_repo)
    assert "mended 1 control character in crates/router/src/types/api/connector_mapping.rs" in files["detail"]
    mapping = (sandbox_repo / MAPPING).read_text()
    assert "Connector::Acmepay => Box::new(connector::Acmepay::new())," in mapping
    assert "\x0f" not in mapping
    for rel in report["files_modified"]:  # type: ignore[union-attr]
        data = (sandbox_repo / str(rel)).read_bytes()
        assert not any(b < 0x20 and b not in (9, 10, 13) for b in data), rel


def test_a_control_character_with_no_certain_intent_fails_and_rolls_back(sandbox_repo: Path) -> None:
    bad = "printf '// \\001 %s\\n' \"$payment_gateway\" >> crates/router/src/connector.rs\n"
    _edit_script(sandbox_repo, ANCHOR, bad + ANCHOR, "a script writing a control byte")
    before = tree_state(sandbox_repo)
    code, _, stderr = _new(sandbox_repo)
    assert code == 1, stderr
    assert "crates/router/src/connector.rs:" in stderr and "control character 0x01" in stderr
    assert tree_state(sandbox_repo) == before


def test_a_missing_anchor_still_declares_the_module(sandbox_repo: Path) -> None:
    """The script's `pub mod` sed anchors on the connector sorted before; where it is not found the
    line is never added. The completion adds it."""
    _edit_script(
        sandbox_repo,
        "s|pub mod $previous_connector;|pub mod $previous_connector;\\npub mod ${payment_gateway};|",
        "s|pub mod $previous_connector ;|pub mod $previous_connector;\\npub mod ${payment_gateway};|",
        "an anchor that matches nothing",
    )
    code, report, stderr = _new(sandbox_repo)
    assert code == 0, stderr
    assert "pub mod acmepay;" in (sandbox_repo / MODULES).read_text().splitlines()
    rows = [r for r in report["registrations"] if r["file"] == MODULES]  # type: ignore[union-attr]
    assert [r["new_text"] for r in rows] == ["pub mod acmepay;"]


def test_without_completion_a_missing_module_declaration_is_a_warning(sandbox_repo: Path) -> None:
    _edit_script(
        sandbox_repo,
        "s|pub mod $previous_connector;|pub mod $previous_connector;\\npub mod ${payment_gateway};|",
        "s|pub mod $previous_connector ;|pub mod $previous_connector;\\npub mod ${payment_gateway};|",
        "an anchor that matches nothing",
    )
    code, _, stderr = _new(sandbox_repo, "--no-register")
    assert code == 0, stderr
    assert "warning: crates/hyperswitch_connectors/src/connectors.rs has no `pub mod acmepay;`" in stderr


def test_an_undeclared_module_is_a_failed_registration(sandbox_repo: Path) -> None:
    checkout = find_checkout(sandbox_repo)
    modules = sandbox_repo / MODULES
    modules.write_text(modules.read_text().replace("pub mod abacus;\n", ""))
    with pytest.raises(StepFailedError, match="does not declare `pub mod abacus;`"):
        require_module_declared(checkout, "abacus")
    require_module_declared(checkout, "lumapay")


def test_layout_is_read_from_the_script_when_both_folders_exist(tmp_path: Path) -> None:
    """Mid-2024: the connectors crate existed for weeks while the script still wrote into the router."""
    repo = make_sandbox(tmp_path / "hs", layout="legacy")
    crate = repo / "crates/hyperswitch_connectors/src"
    (crate / "connectors").mkdir(parents=True)
    (crate / "connectors.rs").write_text("// connectors move here soon\n")
    (crate / "connectors" / ".keep").write_text("")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "the new crate, still empty")
    assert script_connectors_dir(repo) == Path("crates/router/src/connector")
    checkout = find_checkout(repo)
    assert checkout.layout.name == "legacy"
    code, report, stderr = _new(repo)
    assert code == 0, stderr
    assert "crates/router/src/connector/acmepay.rs" in report["files_created"]  # type: ignore[operator]


def test_a_formatter_error_is_a_failed_step(sandbox_repo: Path) -> None:
    """rustfmt failing on a file the run wrote is not a ✓: the run rolls back."""
    template = sandbox_repo / "connector-template/transformers.rs"
    template.write_text(template.read_text() + "\nfn broken( {\n")
    git(sandbox_repo, "commit", "-qam", "a template that does not parse")
    if shutil.which("rustfmt") is None:
        pytest.skip("rustfmt is not installed")
    before = tree_state(sandbox_repo)
    code, report, stderr = _new(sandbox_repo)
    assert code == 1, stderr
    assert "step 'format' failed: rustfmt failed:" in stderr
    assert tree_state(sandbox_repo) == before
    steps = {s["name"]: s["status"] for s in report.get("steps", [])}  # type: ignore[union-attr]
    assert steps.get("format") in (None, "failed")


def test_sample_auth_broken_at_head_is_a_warning_not_a_failure(sandbox_repo: Path) -> None:
    sample = sandbox_repo / "crates/router/tests/connectors/sample_auth.toml"
    sample.write_text(sample.read_text() + '\n[abacus]\napi_key = "twice"\n')
    git(sandbox_repo, "commit", "-qam", "a section declared twice, as some releases ship it")
    _edit_script(
        sandbox_repo,
        'printf \'\\n[%s]\\napi_key = "API Key"\\n\' "${payment_gateway}" >> ${tests}/sample_auth.toml',
        "true",
        "the section goes through a wrong path",
    )
    code, _, stderr = _new(sandbox_repo)
    assert code == 0, stderr
    assert "was already invalid TOML" in stderr and "[acmepay] was appended as text" in stderr
    assert '[acmepay]\napi_key = "API Key"' in sample.read_text()


def test_quotes_the_shell_swallowed_are_put_back(sandbox_repo: Path) -> None:
    """Early-2023 scripts wrote `base_url = ""` inside a double-quoted sed: TOML got `base_url =`."""
    _edit_script(
        sandbox_repo,
        '${payment_gateway}.base_url = \\"$base_url\\"|"',
        '${payment_gateway}.base_url = ""|"',
        "the 2023 quoting",
    )
    _report, files = _new_ok(sandbox_repo)
    assert "gave the script's empty `key =` lines their value in 7 files" in files["detail"]
    config = (sandbox_repo / "config/development.toml").read_text()
    assert f'acmepay.base_url = "{URL}"' in config


def test_a_doubled_comma_from_the_script_is_dropped(sandbox_repo: Path) -> None:
    """Mid-2024 scripts appended `, name::Type,` after a list whose last entry ends with a comma."""
    _edit_script(
        sandbox_repo,
        "s/};/ ${payment_gateway}::${payment_gateway_camelcase},\\n};/",
        "s/};/, ${payment_gateway}::${payment_gateway_camelcase},\\n};/",
        "the 2024 use-list sed",
    )
    _report, files = _new_ok(sandbox_repo)
    assert "dropped the script's doubled comma in 1 file" in files["detail"]
    text = (sandbox_repo / MODULES).read_text()
    assert "acmepay::Acmepay," in text and ",," not in text.replace(" ", "").replace("\n", "")


def test_a_line_that_breaks_the_syntax_is_dropped_and_registered_properly(sandbox_repo: Path) -> None:
    """Early-2025 scripts put `| Self::X` right after every `match self {`: not valid before an arm."""
    bad = (
        "sed -i'' -e \"/match self {/ s/match self {/match self {\\n"
        '            | Self::${payment_gateway_camelcase}/" '
        "crates/common_enums/src/connector_enums.rs\n"
    )
    _edit_script(sandbox_repo, ANCHOR, bad + ANCHOR, "the 2025 match sed")
    report, files = _new_ok(sandbox_repo)
    assert "dropped the script's line `| Self::Acmepay` that broke" in files["detail"]
    enums = (sandbox_repo / "crates/common_enums/src/connector_enums.rs").read_text()
    assert "Self::Abacus | Self::Acmepay" in enums
    assert report["audit"]["missing"] == []  # type: ignore[index]


def test_settings_can_switch_the_completion_and_the_repair_off(sandbox_repo: Path) -> None:
    (sandbox_repo / "hs-scaffold.toml").write_text("[new]\nregister = false\nrepair_drift = false\n")
    git(sandbox_repo, "add", "hs-scaffold.toml")
    git(sandbox_repo, "commit", "-qm", "settings")
    code, report, stderr = _new(sandbox_repo)
    assert code == 0, stderr
    steps = {s["name"]: s["detail"] for s in report["steps"]}  # type: ignore[union-attr]
    assert steps["repair"] == "skipped (--keep-template)" and steps["register"] == "skipped (--no-register)"
