"""Preflight: the files at risk are read from the script; dirty ones stop the run or are saved."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from scaffold.checkout import Checkout, find_checkout
from scaffold.errors import StepFailedError, UsageError
from scaffold.preflight import run_preflight, script_touched_paths
from tests.fixtures.safety.builders import git, mini_checkout, write_files

CONN = "crates/hyperswitch_connectors/src/connectors"
SYNTHETIC = """#!/bin/bash
function helper() {
    self=scripts/add_connector.sh
    git checkout $self
    cp $self $self.tmp
}
name=$(echo $1 | tr '[:upper:]' '[:lower:]')
src="crates/router/src"
conn="$src/connector"
tests="../../tests/connectors"
cd $SCRIPT_UNKNOWN/..
rm -rf $conn/$name $conn/$name.rs
git checkout -- $conn.rs \\
    config/a.toml && rm -f temp
cd $conn/
git checkout ${tests}/main.rs ${tests}/sample_auth.toml
mv "$name/test.rs" ${tests}/$name.rs
rm $unknown/file
"""


@pytest.fixture
def checkout(tmp_path: Path) -> Checkout:
    return find_checkout(mini_checkout(tmp_path / "hs"))


def run_script(checkout: Checkout, name: str = "acmepay") -> None:
    subprocess.run(
        ["bash", "scripts/add_connector.sh", name, "https://acme.example/"],
        cwd=checkout.root,
        check=True,
        capture_output=True,
    )


def test_synthetic_script_paths(checkout: Checkout) -> None:
    paths = script_touched_paths(SYNTHETIC, checkout, name="acmepay")
    assert paths == [
        "scripts/add_connector.sh",
        "scripts/add_connector.sh.tmp",
        "crates/router/src/connector/acmepay",
        "crates/router/src/connector/acmepay.rs",
        "crates/router/src/connector.rs",
        "config/a.toml",
        "temp",
        "crates/router/tests/connectors/main.rs",
        "crates/router/tests/connectors/sample_auth.toml",
        "crates/router/tests/connectors/acmepay.rs",
    ]


def test_name_placeholder_without_a_name(checkout: Checkout) -> None:
    assert "crates/router/src/connector/<name>.rs" in script_touched_paths(SYNTHETIC, checkout)


def test_mini_script_paths(checkout: Checkout) -> None:
    text = checkout.path("scripts/add_connector.sh").read_text()
    assert script_touched_paths(text, checkout, name="acmepay") == [
        f"{CONN}/acmepay",
        f"{CONN}/acmepay.rs",
        f"{CONN}.rs",
        "config/development.toml",
        "crates/router/tests/connectors/main.rs",
    ]


@pytest.mark.real_checkout
@pytest.mark.parametrize("rev", ["HEAD", "f95beaa18"])
def test_real_scripts(real_checkout: Path, rev: str) -> None:
    text = git(real_checkout, "show", f"{rev}:scripts/add_connector.sh")
    paths = script_touched_paths(text, find_checkout(real_checkout), name="acmepay")
    assert "scripts/add_connector.sh" in paths
    assert "config/development.toml" in paths and "crates/test_utils/src/connector_auth.rs" in paths
    connectors = CONN if rev == "HEAD" else "crates/router/src/connector"
    assert f"{connectors}/acmepay.rs" in paths and f"{connectors}.rs" in paths
    assert not [p for p in paths if "$" in p or p.startswith(("/", ".."))]


def test_clean_checkout_passes(checkout: Checkout) -> None:
    result = run_preflight(checkout, "acmepay", allow_dirty=False)
    assert not result.saved and "clean" in result.summary()


def test_dirty_files_stop_the_run(checkout: Checkout) -> None:
    write_files(
        checkout.root,
        {"config/development.toml": "# mine\n" + checkout.path("config/development.toml").read_text()},
    )
    write_files(checkout.root, {"Cargo.toml": "# unrelated edit is fine\n"})
    with pytest.raises(UsageError) as info:
        run_preflight(checkout, "acmepay", allow_dirty=False)
    line = info.value.one_line()
    assert "config/development.toml" in line and "--allow-dirty" in line and "Cargo.toml" not in line


def test_untracked_file_in_the_way_stops_the_run(checkout: Checkout) -> None:
    write_files(checkout.root, {f"{CONN}/acmepay/notes.md": "mine\n"})
    with pytest.raises(UsageError, match="untracked"):
        run_preflight(checkout, "acmepay", allow_dirty=True)


@pytest.mark.parametrize(
    ("marker", "what"),
    [("MERGE_HEAD", "merge"), ("rebase-merge", "rebase"), ("CHERRY_PICK_HEAD", "cherry-pick")],
)
def test_unfinished_operation_stops_the_run(checkout: Checkout, marker: str, what: str) -> None:
    target = checkout.root / ".git" / marker
    target.mkdir() if marker == "rebase-merge" else target.write_text(git(checkout.root, "rev-parse", "HEAD"))
    with pytest.raises(UsageError, match=what):
        run_preflight(checkout, "acmepay", allow_dirty=True)


def test_allow_dirty_saves_and_reapplies(checkout: Checkout) -> None:
    toml = checkout.path("config/development.toml")
    main_rs = checkout.path("crates/router/tests/connectors/main.rs")
    write_files(checkout.root, {"config/development.toml": toml.read_text() + '\n[mine]\nkey = "v"\n'})
    write_files(
        checkout.root, {"crates/router/tests/connectors/main.rs": "// staged\n" + main_rs.read_text()}
    )
    git(checkout.root, "add", "crates/router/tests/connectors/main.rs")
    staged = git(checkout.root, "diff", "--cached")
    result = run_preflight(checkout, "acmepay", allow_dirty=True)
    assert [c.path for c in result.saved] == [
        "config/development.toml",
        "crates/router/tests/connectors/main.rs",
    ]
    result.prepare()
    assert git(checkout.root, "status", "--porcelain", "--untracked-files=no") == ""
    backups = list((checkout.root / ".git/hs-scaffold/saved").rglob("development.toml"))
    assert backups and "[mine]" in backups[0].read_text()
    run_script(checkout)
    assert "merged" not in result.reapply()
    text = toml.read_text()
    assert "acmepay.base_url" in text and '[mine]\nkey = "v"' in text
    assert main_rs.read_text().startswith("// staged\n") and "mod acmepay;" in main_rs.read_text()
    assert git(checkout.root, "diff", "--cached") == staged
    assert not list((checkout.root / ".git/hs-scaffold/saved").iterdir())


def test_conflicting_changes_raise(checkout: Checkout) -> None:
    toml = checkout.path("config/development.toml")
    write_files(
        checkout.root,
        {
            "config/development.toml": toml.read_text().replace(
                'abacus.base_url = "https://a.example/"', 'abacus.base_url = "https://mine.example/"'
            )
        },
    )
    result = run_preflight(checkout, "acmepay", allow_dirty=True)
    result.prepare()
    run_script(checkout)
    with pytest.raises(StepFailedError, match="conflict"):
        result.reapply()
