"""cargo build: JSON diagnostics read, errors grouped by file and pointed at stubs (real cargo)."""

from __future__ import annotations

from pathlib import Path

from scaffold.build import parse_diagnostic, run_build

CRATE_TOML = '[package]\nname = "tiny"\nversion = "0.1.0"\nedition = "2021"\n\n[workspace]\n'


def _crate(root: Path, lib: str) -> Path:
    (root / "src").mkdir(parents=True)
    (root / "Cargo.toml").write_text(CRATE_TOML)
    (root / "src/lib.rs").write_text(lib)
    return root


def test_successful_build_counts_units(tmp_path: Path) -> None:
    seen: list[tuple[int, str]] = []
    result = run_build(
        _crate(tmp_path, "pub fn ok() -> u8 { 1 }\n"), on_progress=lambda n, c: seen.append((n, c))
    )
    assert result.ok and result.errors == []
    assert result.units_compiled >= 1 and seen[-1] == (result.units_compiled, "tiny")


def test_errors_are_located_and_pointed_at_their_stub(tmp_path: Path) -> None:
    lib = 'pub fn get_url() -> String {\n    let x: u8 = "no";\n    x.to_string()\n}\n'
    calls: list[tuple[str, int]] = []

    def locate(file: str, line: int) -> str | None:
        calls.append((file, line))
        return "authorize.get_url" if file == "src/lib.rs" else None

    result = run_build(_crate(tmp_path, lib), locate=locate)
    assert not result.ok
    assert [(e.file, e.line, e.stub_id) for e in result.errors] == [("src/lib.rs", 2, "authorize.get_url")]
    assert "mismatched types" in result.errors[0].message
    assert result.errors[0].code == "E0308"
    assert list(result.by_file()) == ["src/lib.rs"]
    assert ("src/lib.rs", 2) in calls


def test_cargo_failure_without_diagnostics_keeps_cargo_words(tmp_path: Path) -> None:
    (tmp_path / "Cargo.toml").write_text("[package\n")
    result = run_build(tmp_path)
    assert not result.ok and result.errors == []
    assert any("Cargo.toml" in line or "manifest" in line for line in result.stderr_tail)


def test_warnings_are_not_errors() -> None:
    message = {"level": "warning", "message": "unused", "spans": []}
    assert parse_diagnostic(message, Path("/"), None) is None


def test_a_build_that_never_reaches_the_compiler_says_why(tmp_path: Path) -> None:
    manifest = CRATE_TOML + '\n[dependencies]\nnot-a-real-crate-hs-scaffold = "=9.9.9"\n'
    root = _crate(tmp_path, "pub fn ok() {}\n")
    (root / "Cargo.toml").write_text(manifest)
    result = run_build(root, extra_args=["--offline"])
    assert not result.ok and result.errors == []
    assert "could not fetch the dependencies" in result.reason()  # cargo says "offline mode"


def test_errors_keep_rustc_label_notes_and_help(tmp_path: Path) -> None:
    lib = 'pub fn get_url() -> String {\n    let s: String = "x";\n    s\n}\n'
    result = run_build(_crate(tmp_path, lib))
    (error,) = result.errors
    assert error.label == "expected `String`, found `&str`"
    assert error.headline() == "error[E0308]: mismatched types: expected `String`, found `&str`"
    assert any("to_string()" in line for line in error.help)


def test_a_cargo_usage_error_is_bad_input(tmp_path: Path) -> None:
    import pytest

    from scaffold.build import check_args
    from scaffold.errors import UsageError

    root = _crate(tmp_path, "pub fn ok() {}\n")
    check_args(root, ["--release"])
    with pytest.raises(UsageError, match="--bogus"):
        check_args(root, ["--bogus"])
    with pytest.raises(UsageError, match="unexpected argument"):
        run_build(root, extra_args=["--bogus"])
