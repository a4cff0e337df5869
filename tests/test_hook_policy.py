"""The hook's policy and its fast, isolated start, through real `git commit` runs on sandbox repositories.

Settings change what blocks; leftovers and stale specs are caught; the installed hook starts no
Python for unrelated commits, never imports from the checkout it checks, and says what to do
when hs-scaffold is gone from its Python. The pre-commit framework runs the same check.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from scaffold import hook
from tests.helpers import git, hs_scaffold, make_sandbox
from tests.test_hook import CONNECTORS, add_todo, commit, head, install

ACMEPAY = f"{CONNECTORS}/acmepay.rs"
SPEC_JSON = "grace/connector_integration/acmepay_specs.json"


@pytest.fixture
def scaffolded(tmp_path: Path) -> Path:
    """A sandbox with the hook installed and a fresh scaffold, all of it staged."""
    root = make_sandbox(tmp_path / "hyperswitch")
    install(root)
    done = hs_scaffold("new", "acmepay", "https://api.acmepay.test/", "--no-build", cwd=root)
    assert done.returncode == 0, done.stderr
    git(root, "add", "-A")
    return root


def settings(root: Path, text: str) -> None:
    (root / "hs-scaffold.toml").write_text(text)


# -- settings change what blocks ----------------------------------------------------------------


def test_the_generated_stubs_block_when_the_settings_say_so(scaffolded: Path) -> None:
    settings(scaffolded, '[hook]\ngenerated = "block"\n')
    before = head(scaffolded)
    done = commit(scaffolded, "-m", "acmepay")
    assert done.returncode == 1 and head(scaffolded) == before
    rows = [line.split() for line in done.stderr.splitlines() if line.startswith("  ")]
    listed = hs_scaffold("stubs", "acmepay", cwd=scaffolded).stdout.splitlines()
    assert sorted(row[2] for row in rows) == sorted(line.split()[2] for line in listed)


def test_a_kind_set_to_warn_lets_a_hand_added_todo_through(scaffolded: Path) -> None:
    add_todo(scaffolded, ACMEPAY)
    git(scaffolded, "add", "-A")
    assert commit(scaffolded, "-m", "todo").returncode == 1
    (scaffolded / "pyproject.toml").write_text('[tool.hs-scaffold.hook.kinds]\ntodo = "warn"\n')
    done = commit(scaffolded, "-m", "todo")
    assert done.returncode == 0, done.stderr
    assert "later  (warning)" in done.stderr and "1 added" in done.stderr


def test_skipped_paths_are_not_checked(scaffolded: Path) -> None:
    add_todo(scaffolded, ACMEPAY)
    git(scaffolded, "add", "-A")
    settings(scaffolded, f'[paths]\nskip = ["{CONNECTORS}/acme*"]\n')
    done = commit(scaffolded, "-m", "skipped")
    assert done.returncode == 0 and "later" not in done.stderr and "stubs left" not in done.stderr
    assert "stale spec" in done.stderr  # the staged spec does not list the hand-added todo


def test_an_unknown_setting_stops_the_hook_with_one_line(scaffolded: Path) -> None:
    settings(scaffolded, '[hook]\ngenerate = "block"\n')
    done = commit(scaffolded, "-m", "acmepay")
    assert done.returncode == 1  # git's status for any failing hook
    assert done.stderr.count("\n") == 1 and "unknown setting `hook.generate`" in done.stderr
    assert "did you mean `hook.generated`" in done.stderr
    assert hs_scaffold("hook", "run", cwd=scaffolded).returncode == 2


# -- leftovers and stale specs --------------------------------------------------------------------


def test_a_leftover_of_the_script_blocks(tmp_path: Path) -> None:
    root = make_sandbox(tmp_path / "hyperswitch")
    install(root)
    (root / "config" / "development.toml-e").write_text("[x]\n")
    git(root, "add", "-A")
    done = commit(root, "-m", "leftover")
    assert done.returncode == 1 and "leftover: config/development.toml-e" in done.stderr
    settings(root, '[hook]\nleftovers = "warn"\n')
    done = commit(root, "-m", "leftover")
    assert done.returncode == 0 and "leftover: config/development.toml-e" in done.stderr


def test_a_staged_spec_older_than_the_code_warns_or_blocks(scaffolded: Path) -> None:
    assert commit(scaffolded, "-m", "acmepay").returncode == 0
    add_todo(scaffolded, ACMEPAY)  # the code moves on; the spec is rewritten from an older state
    spec = json.loads((scaffolded / SPEC_JSON).read_text())
    spec["stubs"] = spec["stubs"][1:]
    (scaffolded / SPEC_JSON).write_text(json.dumps(spec))
    git(scaffolded, "add", SPEC_JSON)  # only the spec is staged: the staged code is HEAD's
    done = commit(scaffolded, "-m", "spec")
    assert done.returncode == 0, done.stderr
    assert f"stale spec: {SPEC_JSON}" in done.stderr and "hs-scaffold spec acmepay" in done.stderr
    assert hs_scaffold("spec", "acmepay", cwd=scaffolded).returncode == 0
    git(scaffolded, "add", SPEC_JSON)  # now the spec matches the work tree, not the staged code
    settings(scaffolded, '[hook]\nstale_spec = "block"\n')
    assert commit(scaffolded, "-m", "spec").returncode == 1
    git(scaffolded, "add", ACMEPAY)
    done = commit(scaffolded, "-m", "spec and code", env={"HS_SCAFFOLD_ALLOW_STUBS": "1"})
    assert done.returncode == 0 and "stale spec" not in done.stderr


# -- the installed hook: fast, isolated, and honest when the tool is gone ------------------------


def _recording_python(folder: Path, marker: Path) -> Path:
    """A `python` that notes each start in ``marker``, then runs this Python."""
    folder.mkdir(parents=True, exist_ok=True)
    fake = folder / "python"
    fake.write_text(f'#!/bin/sh\necho started >> "{marker}"\nexec "{sys.executable}" "$@"\n')
    fake.chmod(0o755)
    return fake


def _path_without_python(folder: Path) -> str:
    """A PATH holding only what the hook's shell part needs: git and dirname."""
    folder.mkdir(parents=True, exist_ok=True)
    for tool in ("git", "dirname"):
        found = shutil.which(tool)
        assert found is not None
        (folder / tool).symlink_to(found)
    return str(folder)


def test_no_python_starts_when_no_connector_file_is_staged(tmp_path: Path) -> None:
    root = make_sandbox(tmp_path / "hyperswitch")
    marker = tmp_path / "python-started"
    fake = _recording_python(tmp_path / "fake", marker)
    (root / ".git" / "hooks" / "pre-commit").write_text(hook.script(str(fake)))
    (root / ".git" / "hooks" / "pre-commit").chmod(0o755)
    path = _path_without_python(tmp_path / "bin")
    (root / "README.md").write_text("notes\n")
    git(root, "add", "README.md")
    done = commit(root, "-m", "notes", env={"PATH": path})
    assert done.returncode == 0 and done.stderr == "" and not marker.exists()
    add_todo(root)
    git(root, "add", "-A")
    done = commit(root, "-m", "todo", env={"PATH": path})
    assert done.returncode == 1 and "later" in done.stderr
    assert marker.read_text() == "started\n"


def test_a_planted_scaffold_module_in_the_checkout_changes_nothing(scaffolded: Path) -> None:
    add_todo(scaffolded, ACMEPAY)
    git(scaffolded, "add", "-A")
    planted = scaffolded / "scaffold"
    planted.mkdir()
    for module in ("__init__.py", "__main__.py", "hook_entry.py", "hook.py"):
        (planted / module).write_text("import sys\nsys.exit(0)\ndef main(argv=None):\n    return 0\n")
    done = commit(scaffolded, "-m", "todo", env={"PYTHONPATH": str(scaffolded)})
    assert done.returncode == 1, done.stderr
    assert "later" in done.stderr and "commit blocked" in done.stderr


def test_with_the_package_gone_from_the_venv_it_says_what_to_run(scaffolded: Path, tmp_path: Path) -> None:
    venv = tmp_path / "bare-venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    hooks = scaffolded / ".git" / "hooks"
    (hooks / "pre-commit").write_text(hook.script(str(python)))
    before = head(scaffolded)
    done = commit(scaffolded, "-m", "acmepay")
    assert done.returncode == 1 and head(scaffolded) == before
    assert f"hs-scaffold is no longer installed in {python}" in done.stderr
    assert "run 'hs-scaffold hook install' again" in done.stderr and "Traceback" not in done.stderr
    passing = commit(scaffolded, "-m", "acmepay", env={"HS_SCAFFOLD_HOOK_IF_MISSING": "pass"})
    assert passing.returncode == 0 and "committing unchecked" in passing.stderr
    (hooks / "pre-commit").write_text(hook.script(str(python), if_missing="pass"))
    assert commit(scaffolded, "--allow-empty", "-m", "again").returncode == 0


def test_install_keeps_the_settings_the_shell_part_needs(tmp_path: Path) -> None:
    root = make_sandbox(tmp_path / "hyperswitch")
    settings(root, '[hook]\nif_missing = "pass"\nleftover_patterns = ["*.bak"]\n')
    install(root)
    text = (root / ".git" / "hooks" / "pre-commit").read_text()
    assert "if_missing=${HS_SCAFFOLD_HOOK_IF_MISSING:-pass}" in text and "'**/*.bak'" in text.replace(
        ":(glob)", ""
    )
    assert "*.rej" not in text
    settings(root, '[hook]\nif_missing = "block"\n')
    assert "run `hs-scaffold hook install`" in hs_scaffold("config", cwd=root).stderr
    doctor = json.loads(hs_scaffold("doctor", "--json", cwd=root).stdout)
    check = next(c for c in doctor["checks"] if c["name"] == "pre-commit hook")
    assert check["status"] == "warn" and "other settings" in check["detail"]


# -- the pre-commit framework -------------------------------------------------------------------

SOURCE = Path(__file__).resolve().parents[1]


def test_pre_commit_try_repo_blocks_and_passes_the_same_commits(scaffolded: Path, tmp_path: Path) -> None:
    """The real pre-commit (from PyPI, installed by `nox -s tests`) runs the hook from this repository."""
    pre_commit = shutil.which("pre-commit") or shutil.which(
        "pre-commit", path=str(Path(sys.executable).parent)
    )
    if pre_commit is None:
        pytest.skip("pre-commit is not installed (nox -s tests installs it): pip install pre-commit")
    if not (SOURCE / ".pre-commit-hooks.yaml").is_file() or not (SOURCE / ".git").exists():
        pytest.skip("needs the hs-scaffold source repository with its .pre-commit-hooks.yaml")
    (scaffolded / ".git" / "hooks" / "pre-commit").unlink()  # only the framework checks here
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("GIT_")},
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
    }

    def try_repo() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [pre_commit, "try-repo", str(SOURCE), "hs-scaffold-stubs"],
            cwd=scaffolded,
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
        )

    passing = try_repo()
    assert passing.returncode == 0, passing.stdout + passing.stderr
    assert "hs-scaffold stubs....." in passing.stdout and "Passed" in passing.stdout
    add_todo(scaffolded, ACMEPAY)
    git(scaffolded, "add", "-A")
    blocked = try_repo()
    assert blocked.returncode == 1, blocked.stdout + blocked.stderr
    assert "later" in blocked.stdout + blocked.stderr


def test_hook_path_imports_neither_click_nor_gitpython(tmp_path: Path) -> None:
    heavy = "('click', 'git', 'liquid', 'jinja2', 'plumbum')"
    code = (
        f"import sys; from scaffold import hook_entry, hook; print([m for m in {heavy} if m in sys.modules])"
    )
    done = subprocess.run(
        [sys.executable, "-I", "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]"


def test_the_bypass_variable_lets_stubs_through_but_not_leftovers(scaffolded: Path) -> None:
    add_todo(scaffolded, ACMEPAY)
    (scaffolded / "config" / "development.toml.orig").write_text("[x]\n")
    git(scaffolded, "add", "-A")
    done = commit(scaffolded, "-m", "both", env={"HS_SCAFFOLD_ALLOW_STUBS": "1"})
    assert done.returncode == 1
    assert (
        "HS_SCAFFOLD_ALLOW_STUBS is set" in done.stderr
        and "leftover: config/development.toml.orig" in done.stderr
    )
    assert "commit blocked: unstage or fix the files named above" in done.stderr
    git(scaffolded, "rm", "-q", "--cached", "config/development.toml.orig")
    assert commit(scaffolded, "-m", "stubs only", env={"HS_SCAFFOLD_ALLOW_STUBS": "1"}).returncode == 0
