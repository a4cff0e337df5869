"""The registration audit and its completion: lists that name a connector's peers but not it."""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path

import pytest

from scaffold.checkout import find_checkout
from scaffold.naming import spellings
from scaffold.registration_audit import audit, excluded
from tests.helpers import git, hs_scaffold, make_sandbox, tree_state

URL = "https://api.acmepay.test/"
ENUMS = "crates/common_enums/src/connector_enums.rs"
MAPPING = "crates/router/src/types/api/connector_mapping.rs"
VALIDATION = "crates/router/src/core/connector_validation.rs"


@pytest.fixture(scope="module")
def unregistered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sandbox after `new acmepay --no-build --no-register` (shared: tests copy it before editing)."""
    repo = make_sandbox(tmp_path_factory.mktemp("audit") / "hyperswitch")
    done = hs_scaffold("new", "acmepay", URL, "--no-build", "--no-register", cwd=repo)
    assert done.returncode == 0, done.stderr
    assert "register" in done.stderr and "skipped (--no-register)" in done.stderr
    return repo


def _find_by_name_test(repo: Path) -> subprocess.CompletedProcess[str]:
    """The sandbox router test that looks acmepay up by its configuration name."""
    test = "acmepay::should_be_found_by_its_name"
    return subprocess.run(
        ["cargo", "test", "-q", "-p", "router", "--test", "connectors", "--", test],
        cwd=repo,
        capture_output=True,
        text=True,
        check=False,
    )


def _copy(repo: Path, dest: Path) -> Path:
    subprocess.run(["cp", "-a", str(repo), str(dest)], check=True)
    return dest


def test_spellings_cover_the_script_and_the_template() -> None:
    assert spellings("acme_pay") == ["acme_pay", "AcmePay", "ACME_PAY", "Acme_pay"]
    assert spellings("abacus") == ["abacus", "Abacus", "ABACUS"]


def test_exclusion_rule(sandbox_repo: Path) -> None:
    checkout = find_checkout(sandbox_repo)
    peers = ["abacus", "lumapay"]
    for rel in (
        "crates/hyperswitch_connectors/src/connectors/abacus.rs",
        "crates/hyperswitch_connectors/src/connectors/lumapay/transformers.rs",
        "crates/router/tests/connectors/abacus.rs",
        "Cargo.lock",
        "package-lock.json",
        "README.md",
        "docs/connectors.yaml",
        "CHANGELOG.md",
        ".github/workflows/ci.yml",
        ".typos.toml",
        "api-reference/v1/openapi_spec_v1.json",
        "cypress-tests/cypress/e2e/configs/Payment/Utils.js",
        "crates/euclid/benches/backends.rs",
    ):
        assert excluded(checkout, rel, peers), rel
    for rel in (ENUMS, MAPPING, "crates/router/tests/connectors/main.rs", "config/development.toml"):
        assert not excluded(checkout, rel, peers), rel


def _line_after(repo: Path, rel: str, line: int) -> str:
    return (repo / rel).read_text().split("\n")[line - 2].strip()


def test_without_completion_the_enum_its_matches_and_the_lists_are_missing(unregistered: Path) -> None:
    done = hs_scaffold("audit", "acmepay", "--json", cwd=unregistered)
    assert done.returncode == 1, done.stderr
    report = json.loads(done.stdout)
    assert report["peers"] == ["abacus", "lumapay"]
    rows = {(m["file"], m["construct"]): m for m in report["missing"]}
    assert {c for f, c in rows if f == ENUMS} == {
        "enum Connector",
        "match in fn is_separate_authentication_supported",
        "match in fn requires_access_token",
        "match in fn fmt",
        "match in fn from_str",
    }
    assert (MAPPING, "match in fn convert_connector") in rows
    assert (VALIDATION, "match in fn validate_auth_and_metadata_type") in rows
    assert (VALIDATION, "use list") in rows
    assert all(m["status"] == "missing" and m["fix"] for m in report["missing"])
    # Exhaustive matches over the enum break the build once the variant is there; the rest do not.
    assert rows[MAPPING, "match in fn convert_connector"]["breaks_build"]
    assert not rows[ENUMS, "enum Connector"]["breaks_build"]
    assert not rows[ENUMS, "match in fn from_str"]["breaks_build"]  # has a catch-all arm
    # Each row points right below the peer's entry: where acmepay's goes.
    enum_row = rows[ENUMS, "enum Connector"]
    assert enum_row["text"] == "Abacus," == _line_after(unregistered, ENUMS, enum_row["line"])
    assert enum_row["fix"] == "Acmepay"
    mapping_row = rows[MAPPING, "match in fn convert_connector"]
    assert mapping_row["fix"] == "Connector::Acmepay => Box::new(connector::Acmepay::new()),"
    assert "missing from 9 lists that name abacus and lumapay" in done.stderr

    plain = hs_scaffold("audit", "acmepay", cwd=unregistered / "crates")  # from a subfolder
    assert plain.returncode == 1
    first = plain.stdout.splitlines()[0]
    assert first.startswith(f"{ENUMS}:{enum_row['line']}  missing  enum Connector: Abacus,")


def test_a_special_peer_entry_is_not_copied(sandbox_repo: Path) -> None:
    """zzpay sorts after zentra, whose validation arm does more than name itself."""
    repo = sandbox_repo
    done = hs_scaffold("new", "zzpay", "https://api.zzpay.test/", "--no-build", cwd=repo)
    assert done.returncode == 0, done.stderr
    text = (repo / VALIDATION).read_text()
    arm = text[text.index("Connector::Zzpay =>") :]
    assert arm.split("}")[0].count("\n") <= 3  # the ordinary arm, modelled on lumapay's
    assert "zzpay::transformers::ZzpayAuthType::try_from(self.auth_type)?;" in arm
    assert "metadata" not in arm.split("}")[0]
    assert text.index("Connector::Zentra =>") < text.index("Connector::Zzpay =>")  # after its neighbour


def test_fix_writes_them_all_or_nothing_and_undo_reverts_it(unregistered: Path, tmp_path: Path) -> None:
    repo = _copy(unregistered, tmp_path / "hyperswitch")
    fixed = hs_scaffold("audit", "acmepay", "--fix", cwd=repo)
    assert fixed.returncode == 0, fixed.stderr
    assert "fix: 9 registrations added in 4 files; `hs-scaffold undo acmepay` reverts them" in fixed.stderr
    assert "registered wherever abacus and lumapay are" in fixed.stderr
    assert hs_scaffold("audit", "acmepay", cwd=repo).returncode == 0
    again = hs_scaffold("audit", "acmepay", "--fix", cwd=repo)
    assert "fix: 0 registrations added in 0 files" in again.stderr
    enums = (repo / ENUMS).read_text()
    assert "    Acmepay,\n" in enums and '"acmepay" => Ok(Self::Acmepay)' in enums
    assert "Self::Abacus | Self::Acmepay" in enums  # with its peer in the grouped arm
    undone = hs_scaffold("undo", "acmepay", cwd=repo)
    assert undone.returncode == 0, undone.stderr
    assert "Acmepay" not in (repo / ENUMS).read_text()


def test_new_completes_and_the_connector_is_reachable(sandbox_repo: Path) -> None:
    done = hs_scaffold("new", "acmepay", URL, "--json", cwd=sandbox_repo)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["audit"]["missing"] == []
    assert "registrations: acmepay: registered wherever abacus and lumapay are" in done.stderr
    assert len([r for r in report["registrations"] if r["new_text"]]) == 9
    enums = (sandbox_repo / ENUMS).read_text()
    for needle in ("    Acmepay,", 'Self::Acmepay => "acmepay"', '"acmepay" => Ok(Self::Acmepay)'):
        assert needle in enums
    mapping = (sandbox_repo / MAPPING).read_text()
    assert "Connector::Acmepay => Box::new(connector::Acmepay::new())" in mapping
    test = _find_by_name_test(sandbox_repo)
    assert test.returncode == 0, test.stdout + test.stderr
    assert "1 passed" in test.stdout


def test_without_registration_the_build_passes_but_the_connector_is_unreachable(unregistered: Path) -> None:
    test = _find_by_name_test(unregistered)
    assert test.returncode != 0
    assert "the router does not know this connector" in test.stdout + test.stderr


def test_skeleton_neighbours_are_skipped_but_can_be_chosen(unregistered: Path) -> None:
    checkout = find_checkout(unregistered)
    # acmepaz sorts right after acmepay, which is still the template's skeleton
    assert audit(checkout, "acmepaz").peers == ["abacus", "lumapay"]
    chosen = audit(checkout, "acmepaz", peers=["acmepay"])
    assert chosen.peers == ["acmepay"]
    files = {m.file for m in chosen.missing}
    assert "crates/hyperswitch_connectors/src/connectors.rs" in files
    assert not any("connectors/acmepay" in f for f in files)  # acmepay's own files are left out


def test_lists_are_found_by_parsing_in_tracked_files_only(sandbox_repo: Path) -> None:
    (sandbox_repo / "crates/partial.rs").write_text("// AbacusAuthType LumapayRouterData\n")
    (sandbox_repo / "crates/both.rs").write_text("// x\nuse c::{Abacus, lumapay};\n")
    (sandbox_repo / "crates/untracked.rs").write_text("use c::{Abacus, Lumapay};\n")
    (sandbox_repo / "tools.py").write_text("print('abacus', 'lumapay')\n")
    git(sandbox_repo, "add", "crates/partial.rs", "crates/both.rs", "tools.py")
    result = audit(find_checkout(sandbox_repo), "acmepay")
    rows = {m.file: m for m in result.missing}
    assert rows["crates/both.rs"].status == "missing" and rows["crates/both.rs"].line == 2
    assert rows["crates/both.rs"].fix == "Acmepay"
    assert rows["tools.py"].status == "review" and rows["tools.py"].construct == "file"
    assert "crates/partial.rs" not in rows and "crates/untracked.rs" not in rows
    assert "README.md" not in rows and "Cargo.lock" not in rows


def test_bad_peers_are_usage_errors(sandbox_repo: Path) -> None:
    before = tree_state(sandbox_repo)
    for args in (["--peer", "nope"], ["--peer", "acmepay"], ["--peer", "Abacus"]):
        done = hs_scaffold("audit", "acmepay", *args, cwd=sandbox_repo)
        assert done.returncode == 2, (args, done.stderr)
        assert done.stdout == ""
    assert hs_scaffold("audit", "Acme-Pay", cwd=sandbox_repo).returncode == 2
    fix = hs_scaffold("audit", "nosuch", "--fix", cwd=sandbox_repo)
    assert fix.returncode == 2 and "no connector `nosuch`" in fix.stderr
    assert tree_state(sandbox_repo) == before


@pytest.mark.real_checkout
def test_real_checkout_after_new(real_checkout: Path, tmp_path: Path) -> None:
    clone = tmp_path / "hyperswitch"
    subprocess.run(["git", "clone", "-q", "--shared", str(real_checkout), str(clone)], check=True)
    done = hs_scaffold("new", "acmepay", URL, "--no-build", cwd=clone)
    assert done.returncode == 0, done.stderr
    started = time.monotonic()
    result = audit(find_checkout(clone), "acmepay")
    seconds = time.monotonic() - started
    assert not [m for m in result.missing if m.breaks_build or m.status != "review"], result.missing
    enums = (clone / ENUMS).read_text()
    assert "    Acmepay,\n" in enums
    for rel, needle in (
        ("crates/router/src/types/api/connector_mapping.rs", "enums::Connector::Acmepay =>"),
        ("crates/router/src/types/api/feature_matrix.rs", "enums::Connector::Acmepay =>"),
        (
            "crates/router/src/types/connector_transformers.rs",
            "api_enums::Connector::Acmepay => Self::Acmepay",
        ),
        ("crates/router/src/core/connector_validation.rs", "acmepay::transformers::AcmepayAuthType"),
        ("crates/euclid/src/enums.rs", "RoutableConnectors::Acmepay => Self::Acmepay"),
        ("crates/connector_configs/src/connector.rs", "Connector::Acmepay => Ok(connector_data.acmepay)"),
    ):
        assert needle in (clone / rel).read_text(), rel
    main = (clone / "crates/hyperswitch_connectors/src/connectors/acmepay.rs").read_text()
    assert "Option<&webhooks::WebhookContext>" in main and "WebhookResourceData" not in main
    assert main.count("ConnectorSpecifications,") + main.count("ConnectorSpecifications}") <= 1
    transformers = (
        clone / "crates/hyperswitch_connectors/src/connectors/acmepay/transformers.rs"
    ).read_text()
    assert "network_txn_link_id: None" in transformers
    print(f"\naudit acmepay, peers {result.peers}: {len(result.missing)} rows to review in {seconds:.3f} s")
    for m in result.missing:
        print(f"  {m.file}:{m.line}  {m.status}  {m.construct}: {m.text}")


def test_committed_specs_of_other_connectors_are_no_registration(sandbox_repo: Path) -> None:
    """A first connector's spec, committed, names its neighbours; the next connector's audit must
    not list it (hs-scaffold's own output under grace/ is tool data, not a registration)."""
    first = hs_scaffold("new", "acmepay", "https://api.acmepay.test/", "--no-build", cwd=sandbox_repo)
    assert first.returncode == 0, first.stderr
    git(sandbox_repo, "add", "-A")
    git(sandbox_repo, "commit", "-qm", "acmepay")
    second = hs_scaffold("new", "lumapaz", "https://api.lumapaz.test/", "--no-build", cwd=sandbox_repo)
    assert second.returncode == 0, second.stderr
    audit = hs_scaffold("audit", "lumapaz", "--json", cwd=sandbox_repo)
    rows = json.loads(audit.stdout)["missing"]
    assert not [r for r in rows if r["file"].startswith("grace/")], rows
