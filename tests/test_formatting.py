"""Formatting what a run wrote: nightly rustfmt without following `mod` into other files, else stable."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from scaffold import formatting

UGLY = "pub fn f( )->u8{1}\n"
PRETTY = "pub fn f() -> u8 {\n    1\n}\n"


def _crate(root: Path) -> tuple[Path, Path, Path]:
    (root / "src").mkdir(parents=True)
    (root / "Cargo.toml").write_text('[package]\nname = "t"\nversion = "0.1.0"\nedition = "2021"\n')
    created, edited, neighbour = root / "src/new.rs", root / "src/lib.rs", root / "src/other.rs"
    created.write_text(UGLY)
    edited.write_text("pub mod other;\npub mod new;\n" + UGLY)
    neighbour.write_text(UGLY)  # someone else's file, reachable through `mod other;`
    return created, edited, neighbour


@pytest.mark.skipif(formatting.nightly_rustfmt() is None, reason="needs a nightly toolchain with rustfmt")
def test_nightly_formats_created_and_edited_files_only(tmp_path: Path) -> None:
    created, edited, neighbour = _crate(tmp_path)
    result = formatting.format_files(tmp_path, [created], [edited])
    assert result.toolchain == "nightly" and result.warning is None
    assert created.read_text() == PRETTY
    assert edited.read_text().endswith(PRETTY)
    assert neighbour.read_text() == UGLY


def test_stable_formats_only_created_files_with_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Stands in for a machine without nightly (this one may have it): stable rustfmt is real.
    monkeypatch.setattr(formatting, "nightly_rustfmt", lambda: None)
    created, edited, neighbour = _crate(tmp_path)
    result = formatting.format_files(tmp_path, [created], [edited])
    assert result.toolchain == "stable" and result.warning and "stable" in result.warning
    assert created.read_text() == PRETTY
    assert edited.read_text().endswith(UGLY) and neighbour.read_text() == UGLY


def test_edition_is_read_from_the_workspace(tmp_path: Path) -> None:
    (tmp_path / "Cargo.toml").write_text(
        '[workspace]\nmembers = ["c"]\n[workspace.package]\nedition = "2018"\n'
    )
    (tmp_path / "c/src").mkdir(parents=True)
    (tmp_path / "c/Cargo.toml").write_text('[package]\nname = "c"\nedition.workspace = true\n')
    assert formatting.resolve_edition(tmp_path / "c/src/lib.rs", tmp_path) == "2018"


@pytest.mark.skipif(formatting.nightly_rustfmt() is None, reason="needs a nightly toolchain with rustfmt")
def test_meanwhile_runs_while_rustfmt_is_still_running(tmp_path: Path) -> None:
    """The work handed in runs once rustfmt has started and before it is waited for: rustfmt's
    process is still there (not yet reaped) when it runs."""
    created, edited, _ = _crate(tmp_path)
    seen: list[int] = []

    def meanwhile() -> None:
        children = Path(f"/proc/{os.getpid()}/task/{os.getpid()}/children").read_text().split()
        seen.append(len(children))

    result = formatting.format_files(tmp_path, [created], [edited], meanwhile=meanwhile)
    assert seen == [1] and result.problem is None
    assert created.read_text() == PRETTY


def test_meanwhile_runs_when_there_is_nothing_to_format(tmp_path: Path) -> None:
    calls: list[str] = []
    result = formatting.format_files(tmp_path, [], [], meanwhile=lambda: calls.append("ran"))
    assert calls == ["ran"] and result.files == ()
