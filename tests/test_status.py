"""`hs-scaffold status` on a real sandbox: after `new`, after implementing stubs, after adding a todo."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import git, hs_scaffold, make_sandbox
from tests.test_hook import CONNECTORS, add_todo

ACMEPAY = f"{CONNECTORS}/acmepay.rs"


@pytest.fixture
def scaffolded(tmp_path: Path) -> Path:
    root = make_sandbox(tmp_path / "hyperswitch")
    done = hs_scaffold("new", "acmepay", "https://api.acmepay.test/", "--no-build", cwd=root)
    assert done.returncode == 0, done.stderr
    return root


def status(root: Path, *args: str) -> dict[str, Any]:
    done = hs_scaffold("status", *args, "--json", cwd=root)
    assert done.returncode == 0, done.stderr
    data: dict[str, Any] = json.loads(done.stdout)
    return data


def implement(root: Path, count: int) -> None:
    """Replace the first ``count`` `NotImplemented` get_url stubs with a real body."""
    path = root / ACMEPAY
    text = path.read_text()
    pattern = re.compile(
        re.escape('Err(errors::ConnectorError::NotImplemented("get_url method".to_string()).into())')
    )
    assert len(pattern.findall(text)) >= count
    for _ in range(count):
        text = pattern.sub('Ok(String::from("v1/x"))', text, count=1)
    path.write_text(text)


def test_status_after_new(scaffolded: Path) -> None:
    assert status(scaffolded, "acmepay")["last_build"] is None
    assert hs_scaffold("build", "acmepay", cwd=scaffolded).returncode == 0
    data = status(scaffolded, "acmepay")
    stubs = json.loads(hs_scaffold("stubs", "acmepay", "--json", cwd=scaffolded).stdout)["stubs"]
    assert data["recorded"] and data["generated"] == len(stubs) and data["done"] == 0
    assert data["added"] == [] and len(data["left"]) == len(stubs)
    assert sum(t["total"] for t in data["by_kind"].values()) == len(stubs)
    assert data["by_flow"]["Authorize"] == {"done": 0, "total": 1}
    assert data["spec"]["state"] == "current"
    assert data["last_build"]["ok"] is True and data["last_build_errors_here"] == 0
    assert isinstance(data["registrations_missing"], list) and data["audit_note"] is None
    first = data["next"]
    assert first["spec"].startswith("grace/connector_integration/acmepay_specs.md:")
    heading = (
        (scaffolded / first["spec"].split(":")[0])
        .read_text()
        .splitlines()[int(first["spec"].split(":")[1]) - 1]
    )
    assert heading == f"#### `{first['id']}`"
    line = hs_scaffold("status", cwd=scaffolded)
    assert line.stdout.startswith(f"acmepay  0 of {len(stubs)} done, 0 added, ")
    human = hs_scaffold("status", "acmepay", cwd=scaffolded).stdout
    assert (
        f"acmepay: 0 of {len(stubs)} done" in human and "spec: current" in human and "last build: ok" in human
    )


def test_status_after_implementing_three_stubs_and_adding_a_todo(scaffolded: Path) -> None:
    total = status(scaffolded, "acmepay")["generated"]
    implement(scaffolded, 3)
    data = status(scaffolded, "acmepay")
    assert data["done"] == 3 and len(data["left"]) == total - 3 and data["added"] == []
    assert data["by_kind"]["not_implemented"]["done"] == 3
    done_flows = [f for f, t in data["by_flow"].items() if t["done"]]
    assert len(done_flows) == 3
    assert data["spec"]["state"] == "stale" and "hs-scaffold spec acmepay" in data["spec"]["detail"]
    assert data["spec"]["detail"].startswith("3 stubs it lists are no longer in the code, 0 in the code")
    assert hs_scaffold("status", cwd=scaffolded).stdout.startswith(f"acmepay  3 of {total} done, 0 added")
    add_todo(scaffolded, ACMEPAY)
    data = status(scaffolded, "acmepay")
    assert data["done"] == 3 and [s["id"] for s in data["added"]] == ["later"]
    human = hs_scaffold("status", "acmepay", cwd=scaffolded).stdout
    assert "added since: 1 stub" in human and "todo  later" in human
    assert "3 stubs it lists are no longer in the code, 1 in the code is not in it" in human, human
    assert hs_scaffold("spec", "acmepay", cwd=scaffolded).returncode == 0
    assert status(scaffolded, "acmepay")["spec"]["state"] == "current"


def test_a_failed_build_is_recorded_and_counted_here(scaffolded: Path) -> None:
    path = scaffolded / ACMEPAY
    path.write_text(path.read_text().replace("todo!()", 'let _x: u8 = "no"; todo!()', 1))
    assert hs_scaffold("build", "acmepay", cwd=scaffolded).returncode == 4
    data = status(scaffolded, "acmepay")
    assert data["last_build"]["ok"] is False and data["last_build_errors_here"] >= 1
    assert "last build failed" in hs_scaffold("status", cwd=scaffolded).stdout


def test_one_stub_with_its_spec_section(scaffolded: Path) -> None:
    done = hs_scaffold("status", "acmepay", "--stub", "common.get_currency_unit", cwd=scaffolded)
    assert done.returncode == 0
    lines = done.stdout.splitlines()
    assert (
        lines[0].startswith("common.get_currency_unit  todo  ")
        and lines[1] == "#### `common.get_currency_unit`"
    )
    wrong = hs_scaffold("status", "acmepay", "--stub", "common.get_currency_uni", cwd=scaffolded)
    assert wrong.returncode == 2 and "did you mean `common.get_currency_unit`" in wrong.stderr


def test_status_of_an_unknown_connector_exits_2(tmp_path: Path) -> None:
    root = make_sandbox(tmp_path / "hyperswitch")
    done = hs_scaffold("status", "zentar", cwd=root)
    assert done.returncode == 2 and "did you mean `zentra`" in done.stderr
    assert done.stderr.count("\n") == 1
    assert hs_scaffold("status", cwd=root).stdout == ""  # nothing scaffolded here yet


def test_a_connector_without_a_record_of_new(tmp_path: Path) -> None:
    root = make_sandbox(tmp_path / "hyperswitch")
    data = status(root, "abacus")
    assert data["recorded"] is False and data["generated"] is None and len(data["added"]) == 3
    assert "3 stubs left (no record of `new` here)" in hs_scaffold("status", "abacus", cwd=root).stdout


def test_drift_left_by_keep_template_is_shown(tmp_path: Path) -> None:
    root = make_sandbox(tmp_path / "hyperswitch")
    done = hs_scaffold(
        "new", "acmepay", "https://api.acmepay.test/", "--no-build", "--keep-template", cwd=root
    )
    assert done.returncode == 0, done.stderr
    drift = status(root, "acmepay")["drift"]
    assert any("WebhookContext" in d for d in drift) and any("network_txn_link_id" in d for d in drift)
    assert f"drift {len(drift)}" in hs_scaffold("status", cwd=root).stdout


def test_a_build_from_before_the_connector_is_not_its_build(scaffolded: Path) -> None:
    """A build recorded before `new otherpay --no-build` tells nothing about otherpay."""
    import time

    assert hs_scaffold("build", "acmepay", cwd=scaffolded).returncode == 0
    assert status(scaffolded, "acmepay")["last_build"]["ok"] is True
    time.sleep(1.1)  # the records keep whole seconds
    git(scaffolded, "add", "-A")
    git(scaffolded, "commit", "-qm", "acmepay")
    done = hs_scaffold("new", "otherpay", "https://api.otherpay.test/", "--no-build", cwd=scaffolded)
    assert done.returncode == 0, done.stderr
    assert status(scaffolded, "otherpay")["last_build"] is None
    assert "last build: none recorded" in hs_scaffold("status", "otherpay", cwd=scaffolded).stdout
