"""The registration audit: files that mention a connector's peers but not the connector."""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path

import pytest

from scaffold.checkout import find_checkout
from scaffold.registration_audit import audit, excluded, spellings
from tests.helpers import git, hs_scaffold, make_sandbox

URL = "https://api.acmepay.test/"
ENUMS = "crates/common_enums/src/connector_enums.rs"
MAPPING = "crates/router/src/types/api/connector_mapping.rs"


@pytest.fixture(scope="module")
def scaffolded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sandbox after `new acmepay --no-build` (shared: tests copy it before editing)."""
    repo = make_sandbox(tmp_path_factory.mktemp("audit") / "hyperswitch")
    done = hs_scaffold("new", "acmepay", URL, "--no-build", cwd=repo)
    assert done.returncode == 0, done.stderr
    return repo


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
    ):
        assert excluded(checkout, rel, peers), rel
    for rel in (ENUMS, MAPPING, "crates/router/tests/connectors/main.rs", "config/development.toml"):
        assert not excluded(checkout, rel, peers), rel


def test_the_sandbox_script_misses_the_enum_and_the_mapping(scaffolded: Path) -> None:
    done = hs_scaffold("audit", "acmepay", "--json", cwd=scaffolded)
    assert done.returncode == 1, done.stderr
    report = json.loads(done.stdout)
    assert report["peers"] == ["abacus", "lumapay"]
    assert [(m["file"], m["peer"]) for m in report["missing"]] == [(ENUMS, "abacus"), (MAPPING, "abacus")]
    enum_row = report["missing"][0]
    lines = (scaffolded / ENUMS).read_text().split("\n")
    assert enum_row["text"] == "Abacus," == lines[enum_row["line"] - 1].strip()
    assert "2 files mention abacus and lumapay but not acmepay" in done.stderr

    rows = hs_scaffold("audit", "acmepay", cwd=scaffolded / "crates")  # from a subfolder
    assert rows.returncode == 1
    assert rows.stdout.splitlines()[0] == f"{ENUMS}:{enum_row['line']}  Abacus,"
    assert len(rows.stdout.splitlines()) == 2


def test_clean_once_registered_by_hand(scaffolded: Path, tmp_path: Path) -> None:
    repo = _copy(scaffolded, tmp_path / "hyperswitch")
    enums = repo / ENUMS
    text = enums.read_text()
    text = text.replace("    Abacus,\n", "    Abacus,\n    Acmepay,\n", 1)
    text = text.replace("Self::Abacus | Self::Lumapay", "Self::Abacus | Self::Acmepay | Self::Lumapay")
    text = text.replace(
        '            Self::Abacus => "abacus",\n',
        '            Self::Abacus => "abacus",\n            Self::Acmepay => "acmepay",\n',
    )
    enums.write_text(text)
    done = hs_scaffold("audit", "acmepay", cwd=repo)
    assert done.returncode == 1 and done.stdout.startswith(MAPPING), done.stdout  # the enum is done
    mapping = repo / MAPPING
    mapping.write_text(
        mapping.read_text().replace(
            "            Connector::Abacus => Box::new(connector::Abacus::new()),\n",
            "            Connector::Abacus => Box::new(connector::Abacus::new()),\n"
            "            Connector::Acmepay => Box::new(connector::Acmepay::new()),\n",
        )
    )
    done = hs_scaffold("audit", "acmepay", cwd=repo)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout == ""
    assert "every file that mentions abacus and lumapay mentions it too" in done.stderr


def test_new_reports_the_audit(sandbox_repo: Path) -> None:
    done = hs_scaffold("new", "acmepay", URL, "--no-build", "--json", cwd=sandbox_repo)
    assert done.returncode == 0, done.stderr
    assert (
        "registrations: 2 files mention abacus and lumapay but not acmepay (hs-scaffold audit acmepay)"
        in done.stderr
    )
    report = json.loads(done.stdout)
    assert [m["file"] for m in report["audit"]["missing"]] == [ENUMS, MAPPING]


def test_skeleton_neighbours_are_skipped_but_can_be_chosen(scaffolded: Path) -> None:
    checkout = find_checkout(scaffolded)
    # acmepaz sorts right after acmepay, which is still the template's skeleton
    assert audit(checkout, "acmepaz").peers == ["abacus", "lumapay"]
    chosen = audit(checkout, "acmepaz", peers=["acmepay"])
    assert chosen.peers == ["acmepay"]
    files = {m.file for m in chosen.missing}
    assert "crates/hyperswitch_connectors/src/connectors.rs" in files
    assert not any("connectors/acmepay" in f for f in files)  # acmepay's own files are left out


def test_whole_words_and_tracked_files_only(sandbox_repo: Path) -> None:
    (sandbox_repo / "crates/partial.rs").write_text("// AbacusAuthType LumapayRouterData\n")
    (sandbox_repo / "crates/both.rs").write_text("// x\nuse c::{Abacus, lumapay};\n")
    (sandbox_repo / "crates/untracked.rs").write_text("// Abacus Lumapay\n")
    git(sandbox_repo, "add", "crates/partial.rs", "crates/both.rs")
    result = audit(find_checkout(sandbox_repo), "acmepay")
    rows = {m.file: (m.line, m.text) for m in result.missing}
    assert rows["crates/both.rs"] == (2, "use c::{Abacus, lumapay};")
    assert "crates/partial.rs" not in rows and "crates/untracked.rs" not in rows
    assert "README.md" not in rows and "Cargo.lock" not in rows


def test_bad_peers_are_usage_errors(sandbox_repo: Path) -> None:
    for args in (["--peer", "nope"], ["--peer", "acmepay"], ["--peer", "Abacus"]):
        done = hs_scaffold("audit", "acmepay", *args, cwd=sandbox_repo)
        assert done.returncode == 2, (args, done.stderr)
        assert done.stdout == ""
    assert hs_scaffold("audit", "Acme-Pay", cwd=sandbox_repo).returncode == 2


@pytest.mark.real_checkout
def test_real_checkout_after_new(real_checkout: Path, tmp_path: Path) -> None:
    clone = tmp_path / "hyperswitch"
    subprocess.run(["git", "clone", "-q", "--shared", str(real_checkout), str(clone)], check=True)
    done = hs_scaffold("new", "acmepay", URL, "--no-build", cwd=clone)
    assert done.returncode == 0, done.stderr
    started = time.monotonic()
    result = audit(find_checkout(clone), "acmepay")
    seconds = time.monotonic() - started
    files = [m.file for m in result.missing]
    assert ENUMS in files and "crates/euclid/src/enums.rs" in files
    print(f"\naudit acmepay, peers {result.peers}: {len(files)} files in {seconds:.3f} s")
    for m in result.missing:
        print(f"  {m.file}:{m.line}  {m.text}")
