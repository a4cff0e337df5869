"""Work done ahead while `new` waits: early `git grep` answers corrected for what the run touched,
the template rendered ahead and taken by the cargo shim (real git, the real sh wrapper)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from scaffold import cargo_shim, proc
from scaffold.checkout import find_checkout
from scaffold.grep_cache import GrepCache, GrepQuery, early_questions
from scaffold.prefetch import Prefetch
from scaffold.worktree_guard import WorkTreeSnapshot
from tests.helpers import git


def _repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    (repo / "src").mkdir(parents=True)
    (repo / "src" / "a.rs").write_text("aci adyen\n")
    (repo / "src" / "b.rs").write_text("aci only\n")
    (repo / "src" / "c.toml").write_text("adyen = 1\naci = 2\n")
    (repo / "notes.md").write_text("aci adyen\n")
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "start")
    return repo


def test_an_early_answer_is_corrected_for_the_files_touched_since(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    snapshot = WorkTreeSnapshot.take(repo)
    query = GrepQuery("aci", ("adyen",), (".rs", ".toml"))
    cache = GrepCache(repo)
    cache.ask_early([query])
    cache.wait()
    (repo / "src" / "a.rs").write_text("aci alone now\n")  # no longer a match
    (repo / "src" / "b.rs").write_text("aci and adyen\n")  # a match now
    (repo / "src" / "c.toml").write_text("adyen = 1\naci = 2\n")  # rewritten with the same bytes
    changes = snapshot.changes()
    assert "src/c.toml" not in changes.modified and "src/c.toml" in (changes.stirred or set())
    corrected = cache.files(query, changes.stirred)
    assert corrected == query.run(repo) == ["src/b.rs", "src/c.toml"]
    assert cache.files(query, None) == corrected  # unknown changes: the whole tree again


def test_a_question_not_asked_early_is_asked_now(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    cache = GrepCache(repo)
    assert cache.files(GrepQuery("adyen"), frozenset()) == ["notes.md", "src/a.rs", "src/c.toml"]


def test_the_early_questions_are_those_the_steps_ask() -> None:
    register, audit = early_questions(["aci", "adyen"])
    assert register.suffixes == (".rs", ".toml") and register.also
    assert audit.suffixes == () and audit.excluding == (".rs",) and not audit.also


def test_excluded_suffixes_are_left_out_early_and_late(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    snapshot = WorkTreeSnapshot.take(repo)
    query = GrepQuery("aci", excluding=(".rs",))
    cache = GrepCache(repo)
    cache.ask_early([query])
    (repo / "src" / "b.rs").write_text("aci still\n")
    (repo / "notes.md").write_text("nothing now\n")
    assert cache.files(query, snapshot.changes().stirred) == query.run(repo) == ["src/c.toml"]


def _shim(tmp_path: Path, ahead: Path | None) -> tuple[dict[str, str], Path]:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "log.jsonl"
    cargo = proc.which("cargo")
    assert cargo is not None
    env = cargo_shim.install(bin_dir, log, real_cargo=cargo, renderer="native", ahead=ahead)
    return {**os.environ, **env}, log


def _template(tmp_path: Path) -> Path:
    template = tmp_path / "template"
    template.mkdir()
    (template / "mod.rs").write_text("pub struct {{project-name | pascal_case}};\n")
    return template


def _generate(env: dict[str, str], work: Path, template: Path) -> subprocess.CompletedProcess[str]:
    work.mkdir(exist_ok=True)
    argv = ["cargo", "generate", "--path", str(template), "-n", "acmepay"]
    return subprocess.run(argv, cwd=work, env=env, capture_output=True, text=True, check=False)


def test_the_shim_takes_the_template_rendered_ahead(tmp_path: Path) -> None:
    template = _template(tmp_path)
    ahead = tmp_path / "ahead"
    ahead.mkdir()
    cargo_shim.render_ahead(template, "acmepay").write(ahead)
    (ahead / "tree" / "mod.rs").write_text("written ahead\n")  # so the test can tell who wrote it
    env, log = _shim(tmp_path, ahead)
    done = _generate(env, tmp_path / "work", template)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "work" / "acmepay" / "mod.rs").read_text() == "written ahead\n"
    assert "rendered ahead" in cargo_shim.read_log(log)[0].detail


def test_a_template_changed_since_is_rendered_again(tmp_path: Path) -> None:
    template = _template(tmp_path)
    ahead = tmp_path / "ahead"
    ahead.mkdir()
    cargo_shim.render_ahead(template, "acmepay").write(ahead)
    (template / "mod.rs").write_text("pub struct {{project-name | pascal_case}}Changed;\n")
    env, log = _shim(tmp_path, ahead)
    done = _generate(env, tmp_path / "work", template)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "work" / "acmepay" / "mod.rs").read_text() == "pub struct AcmepayChanged;\n"
    event = cargo_shim.read_log(log)[0]
    assert event.action == "rendered" and "rendered ahead" not in event.detail


def test_an_existing_folder_is_left_to_the_renderer_to_refuse(tmp_path: Path) -> None:
    template = _template(tmp_path)
    ahead = tmp_path / "ahead"
    ahead.mkdir()
    cargo_shim.render_ahead(template, "acmepay").write(ahead)
    env, _log = _shim(tmp_path, ahead)
    (tmp_path / "work" / "acmepay").mkdir(parents=True)
    (tmp_path / "work" / "acmepay" / "mine.rs").write_text("kept\n")
    done = _generate(env, tmp_path / "work", template)
    assert done.returncode != 0 and "already exists" in done.stderr
    assert sorted(p.name for p in (tmp_path / "work" / "acmepay").iterdir()) == ["mine.rs"]


def test_prefetch_renders_and_imports_ahead_on_the_sandbox(sandbox_repo: Path, tmp_path: Path) -> None:
    checkout = find_checkout(sandbox_repo)
    started = Prefetch.start(checkout, "acmepay")
    folder = started.write_template(tmp_path / "ahead")
    started.wait()
    started.close()
    assert folder is not None and (folder / "sums").is_file()
    assert {p.name for p in (folder / "tree").iterdir()} >= {"mod.rs", "transformers.rs"}
    shutil.rmtree(tmp_path / "ahead")


def test_a_template_that_does_not_render_is_left_to_the_shim(sandbox_repo: Path, tmp_path: Path) -> None:
    (sandbox_repo / "connector-template" / "mod.rs").write_text("{% if %}\n")  # not Liquid
    started = Prefetch.start(find_checkout(sandbox_repo), "acmepay")
    assert started.write_template(tmp_path / "ahead") is None
    started.close()
    assert not (tmp_path / "ahead").exists()
