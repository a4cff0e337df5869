"""`hs-scaffold doctor`: in a sandbox, outside any repository, and with things missing."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

from scaffold import doctor
from tests.helpers import hs_scaffold, make_sandbox

NAMES = [
    "python",
    "git",
    "cargo",
    "rustc",
    "rustfmt",
    "nightly rustfmt",
    "cargo-generate",
    "checkout",
    "script+template",
    "template renders",
    "workspace deps",
    "settings",
    "lock",
    "pre-commit hook",
]
OPTIONAL = {"nightly rustfmt", "cargo-generate", "lock", "pre-commit hook"}


def run_doctor(cwd: Path, *args: str, env: dict[str, str] | None = None) -> tuple[int, dict[str, Any], str]:
    done = hs_scaffold("doctor", "--json", *args, cwd=cwd, env=env)
    return done.returncode, json.loads(done.stdout), done.stderr


def by_name(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {c["name"]: c for c in data["checks"]}


def test_in_a_sandbox_every_check_passes(sandbox_repo: Path) -> None:
    code, data, stderr = run_doctor(sandbox_repo)
    assert code == 0 and data["ok"] is True
    assert [c["name"] for c in data["checks"]] == NAMES
    for check in data["checks"]:
        assert set(check) == {"name", "status", "detail", "fix", "required"}
        assert check["status"] in ("ok", "warn") and check["required"] == (check["name"] not in OPTIONAL)
    checks = by_name(data)
    assert "1.85.0" in checks["rustc"]["detail"]  # the sandbox's workspace rust-version
    assert "layout 2026" in checks["checkout"]["detail"]
    assert (checks["pre-commit hook"]["status"], checks["pre-commit hook"]["detail"]) == (
        "warn",
        "not installed",
    )
    assert (
        "✓ checkout" in stderr and "! pre-commit hook" in stderr and "fix: hs-scaffold hook install" in stderr
    )
    assert hs_scaffold("hook", "install", cwd=sandbox_repo).returncode == 0
    assert by_name(run_doctor(sandbox_repo)[1])["pre-commit hook"]["status"] == "ok"


def test_outside_any_repository_doctor_fails(tmp_path: Path) -> None:
    code, data, stderr = run_doctor(tmp_path)
    checks = by_name(data)
    assert code == 1 and data["ok"] is False
    assert checks["checkout"]["status"] == "fail" and checks["checkout"]["required"]
    assert all(checks[n]["status"] == "skip" for n in ("script+template", "template renders", "lock"))
    assert "✗ checkout" in stderr and "- lock" in stderr and "1 required check failed" in stderr
    assert "ready" not in stderr


def test_a_workspace_whose_git_dependency_needs_the_network(sandbox_repo: Path) -> None:
    manifest = sandbox_repo / "crates/router/Cargo.toml"
    url = "https://example.invalid/acme/not-fetched.git"
    manifest.write_text(
        manifest.read_text().replace(
            "[dependencies]\n", f'[dependencies]\nnot-fetched = {{ git = "{url}" }}\n', 1
        )
    )
    code, data, stderr = run_doctor(sandbox_repo)
    check = by_name(data)["workspace deps"]
    assert code == 1 and check["status"] == "fail" and url in check["detail"]
    assert "cargo fetch" in check["fix"] and "✗ workspace deps" in stderr


def test_a_bad_settings_file_fails_the_settings_check(sandbox_repo: Path) -> None:
    (sandbox_repo / "hs-scaffold.toml").write_text("[hook]\nnosuch = 1\n")
    code, data, _ = run_doctor(sandbox_repo)
    check = by_name(data)["settings"]
    assert code == 1 and check["status"] == "fail" and "hook.nosuch" in check["detail"]


def test_a_repo_option_that_is_no_checkout_fails(tmp_path: Path) -> None:
    code, data, stderr = run_doctor(tmp_path, "--repo", str(tmp_path))
    assert code == 1 and data["ok"] is False
    assert by_name(data)["checkout"]["status"] == "fail" and "✗ checkout" in stderr
    assert "1 required check failed" in stderr


def test_a_rustc_older_than_the_checkout_needs(sandbox_repo: Path) -> None:
    manifest = sandbox_repo / "Cargo.toml"
    manifest.write_text(manifest.read_text().replace('rust-version = "1.85.0"', 'rust-version = "99.0"'))
    code, data, _ = run_doctor(sandbox_repo)
    rustc = by_name(data)["rustc"]
    assert code == 1 and rustc["status"] == "fail" and "99.0" in rustc["detail"] and rustc["fix"]


def test_missing_tools_each_get_a_fix(tmp_path: Path) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    git_path = shutil.which("git")
    assert git_path is not None
    (bin_dir / "git").symlink_to(git_path)
    code, data, stderr = run_doctor(tmp_path, env={"PATH": str(bin_dir)})
    checks = by_name(data)
    assert code == 1
    for name in ("cargo", "rustc", "rustfmt"):
        assert checks[name]["status"] == "fail" and "not found on PATH" in checks[name]["detail"]
        assert checks[name]["fix"]
    assert checks["git"]["status"] == "ok" and checks["cargo-generate"]["status"] == "warn"
    assert "4 required checks failed" in stderr  # the three tools, and no checkout here


def test_a_stale_lock_is_reported(sandbox_repo: Path) -> None:
    lock = sandbox_repo / ".git" / "hs-scaffold.lock"
    lock.write_text(json.dumps({"pid": 2**22 + 12345, "host": os.uname().nodename, "started": "earlier"}))
    code, data, _ = run_doctor(sandbox_repo)
    check = by_name(data)["lock"]
    assert code == 0 and check["status"] == "warn" and "stale lock" in check["detail"]
    assert check["fix"] == f"rm {lock}"


def test_a_template_that_does_not_render(sandbox_repo: Path) -> None:
    broken = next((sandbox_repo / "connector-template").glob("*.rs*"))
    broken.write_text("{% if %}\n")
    code, data, _ = run_doctor(sandbox_repo)
    assert code == 1 and by_name(data)["template renders"]["status"] == "fail"


def test_rust_version_is_read_from_either_manifest_shape(tmp_path: Path) -> None:
    (tmp_path / "Cargo.toml").write_text('[workspace]\npackage.rust-version = "1.80.0"\n')
    assert doctor.rust_version(tmp_path) == "1.80.0"
    (tmp_path / "Cargo.toml").write_text('[package]\nname = "x"\nrust-version = "1.70"\n')
    assert doctor.rust_version(tmp_path) == "1.70"
    (tmp_path / "Cargo.toml").write_text("[workspace]\n")
    assert doctor.rust_version(tmp_path) is None


def test_the_legacy_layout(tmp_path: Path) -> None:
    root = make_sandbox(tmp_path / "hyperswitch", layout="legacy")
    code, data, _ = run_doctor(root)
    assert code == 0 and "layout legacy" in by_name(data)["checkout"]["detail"]
