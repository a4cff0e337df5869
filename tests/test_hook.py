"""The pre-commit hook, through real `git commit` runs in sandbox repositories.

Policy under test: a commit is blocked when it adds stubs (ids in the staged version of a
connector file that its HEAD version lacks); stubs already committed never block.
"""

from __future__ import annotations

import json
import os
import subprocess
import time
from pathlib import Path

import pytest

from scaffold import hook
from tests.helpers import IDENTITY, git, hs_scaffold, make_sandbox

CONNECTORS = "crates/hyperswitch_connectors/src/connectors"
ABACUS = f"{CONNECTORS}/abacus.rs"  # a finished connector with three deliberate stubs


def commit(repo: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """A real `git commit` (hooks included) that may fail; GIT_* of the test run are not passed on."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    return subprocess.run(
        ["git", *IDENTITY, "commit", "-q", *args],
        cwd=repo,
        env={**clean, **(env or {})},
        capture_output=True,
        text=True,
        timeout=120,
    )


def head(repo: Path) -> str:
    return git(repo, "rev-parse", "HEAD").strip()


def install(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    done = hs_scaffold("hook", "install", *args, cwd=repo)
    assert done.returncode == 0, done.stderr
    return done


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A sandbox with the hook installed."""
    root = make_sandbox(tmp_path / "hyperswitch")
    install(root)
    return root


@pytest.fixture
def scaffolded(repo: Path) -> Path:
    """The sandbox with a freshly scaffolded connector, all of it staged."""
    done = hs_scaffold("new", "acmepay", "https://api.acmepay.test/", "--no-build", cwd=repo)
    assert done.returncode == 0, done.stderr
    git(repo, "add", "-A")
    return repo


def finish(repo: Path, name: str = "acmepay") -> None:
    """Replace the connector's stubs: its files become the sandbox's finished connector, renamed."""
    folder = repo / CONNECTORS
    for source in [folder / "zentra.rs", *sorted((folder / "zentra").rglob("*.rs"))]:
        rel = source.relative_to(folder).as_posix().replace("zentra", name)
        text = source.read_text().replace("Zentra", name.capitalize()).replace("zentra", name)
        (folder / rel).write_text(text.replace("ZENTRA", name.upper()))


def add_todo(repo: Path, rel: str = ABACUS, fn: str = "later") -> None:
    with (repo / rel).open("a") as handle:
        handle.write(f"\nfn {fn}() {{\n    todo!()\n}}\n")


# -- blocking and passing -------------------------------------------------------------------------


def test_a_fresh_scaffold_passes_with_one_summary_line(scaffolded: Path) -> None:
    generated = len(json.loads(hs_scaffold("stubs", "acmepay", "--json", cwd=scaffolded).stdout)["stubs"])
    done = commit(scaffolded, "-m", "acmepay")
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines() == [
        f"hs-scaffold hook: acmepay: {generated} generated stubs left in the 2 staged files, 0 added"
    ]


def test_a_todo_added_by_hand_to_a_fresh_scaffold_blocks(scaffolded: Path) -> None:
    before = head(scaffolded)
    add_todo(scaffolded, f"{CONNECTORS}/acmepay.rs")
    git(scaffolded, "add", "-A")
    done = commit(scaffolded, "-m", "acmepay")
    assert done.returncode == 1 and head(scaffolded) == before
    rows = [line.split() for line in done.stderr.splitlines() if line.startswith("  ")]
    assert [row[1:] for row in rows] == [["todo", "later"]]
    assert "acmepay: " in done.stderr and "generated stubs left in the 2 staged files, 1 added" in done.stderr
    assert "git commit --no-verify" in done.stderr and "HS_SCAFFOLD_ALLOW_STUBS=1" in done.stderr


def test_verbose_lists_every_stub(scaffolded: Path) -> None:
    listed = hs_scaffold("stubs", "acmepay", cwd=scaffolded).stdout.splitlines()
    done = hs_scaffold("hook", "run", "-v", cwd=scaffolded)
    assert done.returncode == 0
    rows = [line.split() for line in done.stderr.splitlines() if line.startswith("  ")]
    assert sorted(row[2] for row in rows) == sorted(line.split()[2] for line in listed)
    assert all(row[-1] == "(generated)" for row in rows)
    quiet = commit(scaffolded, "-m", "acmepay", env={"HS_SCAFFOLD_HOOK_VERBOSE": "1"})
    assert quiet.returncode == 0 and quiet.stderr.count("(generated)") == len(listed)


def test_after_the_stubs_are_replaced_the_commit_passes(scaffolded: Path) -> None:
    finish(scaffolded)
    git(scaffolded, "add", "-A")
    assert hs_scaffold("stubs", "acmepay", cwd=scaffolded).returncode == 0
    done = commit(scaffolded, "-m", "acmepay, finished")
    assert done.returncode == 0, done.stderr
    assert "acmepay: 0 generated stubs left in the 2 staged files, 0 added" in done.stderr
    assert git(scaffolded, "status", "--porcelain", "--untracked-files=no") == ""


def test_bypass_with_no_verify_and_with_the_variable(scaffolded: Path) -> None:
    add_todo(scaffolded, f"{CONNECTORS}/acmepay.rs")
    git(scaffolded, "add", "-A")
    assert commit(scaffolded, "-m", "more").returncode == 1
    allowed = commit(scaffolded, "-m", "acmepay", env={"HS_SCAFFOLD_ALLOW_STUBS": "1"})
    assert allowed.returncode == 0, allowed.stderr
    assert "HS_SCAFFOLD_ALLOW_STUBS is set" in allowed.stderr and "later" in allowed.stderr
    add_todo(scaffolded, f"{CONNECTORS}/acmepay.rs", fn="again")
    git(scaffolded, "add", "-A")
    assert commit(scaffolded, "-m", "more").returncode == 1
    assert commit(scaffolded, "--no-verify", "-m", "more").returncode == 0


def test_an_unrelated_commit_passes_silently(repo: Path) -> None:
    (repo / "README.md").write_text("notes\n")
    git(repo, "add", "README.md")
    done = commit(repo, "-m", "notes")
    assert done.returncode == 0 and done.stderr == ""


def test_committed_stubs_do_not_block_edits_elsewhere_in_their_file(repo: Path) -> None:
    (repo / ABACUS).write_text((repo / ABACUS).read_text() + "\n// a comment\n")
    git(repo, "add", ABACUS)
    done = commit(repo, "-m", "touch abacus")
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines() == ["hs-scaffold hook: abacus: 0 stubs added (3 already committed)"]


def test_one_added_stub_in_a_finished_connector_is_blocked_alone(repo: Path) -> None:
    add_todo(repo)
    git(repo, "add", ABACUS)
    done = commit(repo, "-m", "todo")
    assert done.returncode != 0
    rows = [line.split() for line in done.stderr.splitlines() if line.startswith("  ")]
    assert rows == [[f"{ABACUS}:{_line_of(repo / ABACUS, 'todo!()')}:5", "todo", "later"]]


def _line_of(path: Path, text: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if text in line)


def test_a_renamed_connector_file_is_compared_with_its_old_path(repo: Path) -> None:
    git(repo, "mv", ABACUS, f"{CONNECTORS}/abacus/mod.rs")
    done = commit(repo, "-m", "move abacus")
    assert done.returncode == 0, done.stderr


# -- which index: the one git gives the hook ------------------------------------------------------


def test_commit_all_reads_the_temporary_index(repo: Path) -> None:
    add_todo(repo)  # not staged: only `git commit -a` puts it in the commit
    done = commit(repo, "-a", "-m", "all")
    assert done.returncode != 0 and "later" in done.stderr
    assert commit(repo, "-m", "nothing staged", "--allow-empty").returncode == 0


def test_commit_of_a_path_ignores_what_else_is_staged(repo: Path) -> None:
    add_todo(repo)
    git(repo, "add", ABACUS)  # staged, but not part of `git commit README.md`
    (repo / "README.md").write_text("notes\n")
    git(repo, "add", "README.md")
    (repo / "README.md").write_text("notes, edited\n")
    done = commit(repo, "README.md", "-m", "readme only")
    assert done.returncode == 0, done.stderr
    assert git(repo, "show", "--name-only", "--format=", "HEAD").split() == ["README.md"]
    assert git(repo, "diff", "--cached", "--name-only").split() == [ABACUS]
    blocked = commit(repo, ABACUS, "-m", "abacus only")
    assert blocked.returncode != 0 and "later" in blocked.stderr


def test_the_first_commit_of_a_branch_counts_every_stub(repo: Path) -> None:
    git(repo, "checkout", "-q", "--orphan", "fresh")
    done = commit(repo, "-m", "everything again")
    assert done.returncode != 0 and "abacus" in done.stderr


def test_a_commit_in_a_linked_worktree(repo: Path, tmp_path: Path) -> None:
    worktree = tmp_path / "wt"
    git(repo, "worktree", "add", "-q", str(worktree))
    add_todo(worktree)
    git(worktree, "add", ABACUS)
    assert commit(worktree, "-m", "todo").returncode != 0
    assert commit(worktree, "-m", "todo", env={"HS_SCAFFOLD_ALLOW_STUBS": "1"}).returncode == 0


# -- install and uninstall -------------------------------------------------------------------------


def test_install_is_idempotent(repo: Path) -> None:
    hooks = repo / ".git" / "hooks"
    text = (hooks / "pre-commit").read_text()
    done = install(repo)
    assert "already installed" in done.stderr
    assert (hooks / "pre-commit").read_text() == text and not (hooks / "pre-commit.legacy").exists()
    assert os.access(hooks / "pre-commit", os.X_OK)
    assert hook.status(repo) == "installed"


def test_a_foreign_hook_is_chained_and_restored(tmp_path: Path) -> None:
    root = make_sandbox(tmp_path / "hyperswitch")
    log = tmp_path / "log"
    foreign = f'#!/bin/sh\necho ran >> "{log}"\n[ ! -e "{tmp_path}/fail" ]\n'
    hooks = root / ".git" / "hooks"
    (hooks / "pre-commit").write_text(foreign)
    (hooks / "pre-commit").chmod(0o755)
    done = install(root)
    assert "pre-commit.legacy" in done.stderr and (hooks / "pre-commit.legacy").read_text() == foreign
    install(root)  # a second install keeps the chain as it is
    assert (hooks / "pre-commit.legacy").read_text() == foreign
    add_todo(root)
    git(root, "add", ABACUS)
    assert commit(root, "-m", "todo").returncode != 0 and log.read_text() == "ran\n"
    (tmp_path / "fail").touch()  # the foreign hook fails first: ours does not even run
    done = commit(root, "-m", "todo", env={"HS_SCAFFOLD_ALLOW_STUBS": "1"})
    assert done.returncode != 0 and "hs-scaffold" not in done.stderr and log.read_text() == "ran\nran\n"
    assert hs_scaffold("hook", "uninstall", cwd=root).returncode == 0
    assert (hooks / "pre-commit").read_text() == foreign and not (hooks / "pre-commit.legacy").exists()
    assert os.access(hooks / "pre-commit", os.X_OK)
    (tmp_path / "fail").unlink()
    assert commit(root, "-m", "todo").returncode == 0  # only the foreign hook is left


def test_uninstall_without_a_legacy_hook_and_twice(repo: Path) -> None:
    assert "removed" in hs_scaffold("hook", "uninstall", cwd=repo).stderr
    assert not (repo / ".git" / "hooks" / "pre-commit").exists()
    assert "not installed" in hs_scaffold("hook", "uninstall", cwd=repo).stderr
    add_todo(repo)
    git(repo, "add", ABACUS)
    assert commit(repo, "-m", "todo").returncode == 0


def test_uninstall_leaves_a_foreign_hook_alone(tmp_path: Path) -> None:
    root = make_sandbox(tmp_path / "hyperswitch")
    (root / ".git" / "hooks" / "pre-commit").write_text("#!/bin/sh\nexit 0\n")
    done = hs_scaffold("hook", "uninstall", cwd=root)
    assert done.returncode == 0 and "left alone" in done.stderr
    assert (root / ".git" / "hooks" / "pre-commit").read_text() == "#!/bin/sh\nexit 0\n"


def test_install_refuses_a_hooks_path_outside_the_repository(tmp_path: Path) -> None:
    root = make_sandbox(tmp_path / "hyperswitch")
    shared = tmp_path / "shared-hooks"
    git(root, "config", "core.hooksPath", str(shared))
    done = hs_scaffold("hook", "install", cwd=root)
    assert done.returncode == 1 and len(done.stderr.strip().splitlines()) == 1
    assert "core.hooksPath" in done.stderr and "--force" in done.stderr and not shared.exists()
    install(root, "--force")
    assert hook.is_ours(shared / "pre-commit") and not (root / ".git" / "hooks" / "pre-commit").exists()
    add_todo(root)
    git(root, "add", ABACUS)
    assert commit(root, "-m", "todo").returncode != 0


@pytest.mark.parametrize("inside", [".git/hooks", ".git/custom-hooks"])
def test_a_hooks_path_inside_the_git_dir_is_fine(tmp_path: Path, inside: str) -> None:
    root = make_sandbox(tmp_path / "hyperswitch")
    git(root, "config", "core.hooksPath", inside)
    install(root)
    assert hook.is_ours(root / inside / "pre-commit")


def test_hook_run_is_quick_on_a_scaffold(scaffolded: Path) -> None:
    add_todo(scaffolded, f"{CONNECTORS}/acmepay.rs")
    git(scaffolded, "add", "-A")
    started = time.monotonic()
    done = hs_scaffold("hook", "run", cwd=scaffolded)
    assert done.returncode == 1 and "1 stub added (acmepay)" in done.stderr
    assert time.monotonic() - started < 10  # generous: a loaded CI machine; about 0.3 s locally


def test_install_refuses_when_a_legacy_hook_is_already_there(tmp_path: Path) -> None:
    root = make_sandbox(tmp_path / "hyperswitch")
    hooks = root / ".git" / "hooks"
    (hooks / "pre-commit").write_text("#!/bin/sh\nexit 0\n")
    (hooks / "pre-commit.legacy").write_text("#!/bin/sh\nexit 1\n")
    done = hs_scaffold("hook", "install", cwd=root)
    assert done.returncode == 1 and "move one of them away" in done.stderr
    assert (hooks / "pre-commit").read_text() == "#!/bin/sh\nexit 0\n"


def test_a_hook_whose_python_is_gone_says_what_to_do(repo: Path) -> None:
    (repo / ".git" / "hooks" / "pre-commit").write_text(hook.script(str(repo / "gone" / "python")))
    (repo / "README.md").write_text("notes\n")
    git(repo, "add", "README.md")
    assert commit(repo, "-m", "notes").returncode == 0  # no connector file staged: Python is not needed
    add_todo(repo)
    git(repo, "add", ABACUS)
    done = commit(repo, "-m", "todo")
    assert done.returncode == 1 and "run 'hs-scaffold hook install' again" in done.stderr
    assert "gone/python is gone" in done.stderr


def test_help_lists_the_hook_and_doctor(tmp_path: Path) -> None:
    assert all(f"  {c} " in hs_scaffold("--help", cwd=tmp_path).stdout for c in ("hook", "doctor"))
    listed = hs_scaffold("hook", "--help", cwd=tmp_path).stdout
    assert all(f"  {c} " in listed for c in ("install", "uninstall", "run"))


def test_a_todo_added_where_the_template_arms_were_is_blocked(scaffolded: Path) -> None:
    """Editing `try_from` turns the template's NotImplemented arms into "unsupported" stubs, and
    the new `todo!()` inherits their id: the hook must still see a new stub (by kind, not id)."""
    assert commit(scaffolded, "--no-verify", "-m", "acmepay scaffold").returncode == 0
    transformers = scaffolded / CONNECTORS / "acmepay" / "transformers.rs"
    text = transformers.read_text()
    signature = text.index("&PaymentsAuthorizeRouterData>")  # the request's try_from, however formatted
    body = text.index("Self::Error> {", signature) + len("Self::Error> {")
    transformers.write_text(text[:body] + "\n        if false { todo!() }" + text[body:])
    git(scaffolded, "add", "-A")
    done = commit(scaffolded, "-m", "a todo in try_from")
    assert done.returncode != 0, done.stderr
    assert "todo" in done.stderr and "AcmepayPaymentsRequest.try_from" in done.stderr


def test_a_hooks_path_inside_the_work_tree_is_refused_without_suggesting_to_unset_it(tmp_path: Path) -> None:
    root = make_sandbox(tmp_path / "hyperswitch")
    git(root, "config", "core.hooksPath", ".githooks")
    done = hs_scaffold("hook", "install", cwd=root)
    assert done.returncode == 1 and "shared with the team" in done.stderr
    assert "--unset" not in done.stderr and "hook run" in done.stderr
