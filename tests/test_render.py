"""Native rendering of connector-template/: cargo-generate's filters and output, byte for byte."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from scaffold.errors import ScaffoldError
from scaffold.naming import kebab_case, pascal_case, project_name
from scaffold.render import generate, render_text, render_tree
from scaffold.sandbox import SANDBOX_DIR

TEMPLATE = SANDBOX_DIR / "connector-template"


@pytest.mark.parametrize(
    ("raw", "pascal", "kebab"),
    [
        ("acmepay", "Acmepay", "acmepay"),
        ("acme_pay", "AcmePay", "acme-pay"),
        ("AcmePay", "AcmePay", "acme-pay"),
        ("HTTPServer", "HttpServer", "http-server"),
        ("ctp_visa", "CtpVisa", "ctp-visa"),
        ("pay2go", "Pay2go", "pay2go"),
        ("ABCDef", "AbcDef", "abc-def"),
    ],
)
def test_case_filters_follow_heck(raw: str, pascal: str, kebab: str) -> None:
    assert pascal_case(raw) == pascal
    assert kebab_case(raw) == kebab


def test_project_name_is_sanitised_like_cargo_generate() -> None:
    assert project_name("acme_pay") == "acme_pay"
    assert project_name("AcmePay") == "acme-pay"


def test_filters_with_odd_spacing() -> None:
    source = (
        "{{project-name| downcase}}|{{ project-name | downcase | pascal_case }}|{{project-name | upcase}}"
    )
    assert render_text(source, "acme_pay") == "acme_pay|AcmePay|ACME_PAY"


def test_sandbox_template_renders_every_file() -> None:
    rendered = render_tree(TEMPLATE, "acmepay")
    assert set(rendered) == {"mod.rs", "transformers.rs", "test.rs"}
    assert all("{{" not in text and "project-name" not in text for text in rendered.values())
    assert "pub struct Acmepay" in rendered["mod.rs"]


def test_generate_refuses_to_overwrite(tmp_path: Path) -> None:
    generate(TEMPLATE, "acmepay", tmp_path)
    with pytest.raises(ScaffoldError, match="already exists"):
        generate(TEMPLATE, "acmepay", tmp_path)


def test_broken_liquid_is_one_clear_error(tmp_path: Path) -> None:
    (tmp_path / "mod.rs").write_text("{{ project-name | downcase ")
    with pytest.raises(ScaffoldError, match="cannot render template"):
        render_tree(tmp_path, "acmepay")


def _cargo_generate_available() -> bool:
    return shutil.which("cargo-generate") is not None


def _template_dirs() -> list[Path]:
    dirs = [TEMPLATE]
    if os.environ.get("HS_CHECKOUT"):
        dirs.append(Path(os.environ["HS_CHECKOUT"]) / "connector-template")
    return dirs


@pytest.mark.cargo_generate
@pytest.mark.skipif(not _cargo_generate_available(), reason="opt-in: needs `cargo install cargo-generate`")
@pytest.mark.parametrize("template", _template_dirs(), ids=lambda p: p.parent.name)
@pytest.mark.parametrize("name", ["acmepay", "acme_pay"])
def test_native_render_is_byte_identical_to_cargo_generate(tmp_path: Path, template: Path, name: str) -> None:
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)  # inside a repo, as in a checkout
    real_parent, native_parent = tmp_path / "real", tmp_path / "native"
    real_parent.mkdir()
    env = {**os.environ, "USER": os.environ.get("USER", "tests")}  # cargo-generate insists on a user name
    subprocess.run(
        ["cargo", "generate", "--path", str(template), "-n", name],
        cwd=real_parent,
        check=True,
        capture_output=True,
        env=env,
    )
    out = generate(template, name, native_parent)
    real_files = sorted(p.relative_to(real_parent / out.name) for p in (real_parent / out.name).rglob("*"))
    assert real_files == sorted(p.relative_to(out) for p in out.rglob("*"))
    for rel in real_files:
        assert (real_parent / out.name / rel).read_bytes() == (out / rel).read_bytes(), rel
