"""The router test file ends up at crates/router/tests/connectors/<name>.rs, registered once."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from scaffold.checkout import CONNECTORS_2026, Checkout, detect_layout
from scaffold.errors import StepFailedError
from scaffold.testfile import ensure_sample_auth, ensure_test_file, finish_connector_files, register_module

MAIN_RS = "mod aci;\nmod zen;\nmod utils;\n"


def _checkout(root: Path) -> Checkout:
    (root / "Cargo.toml").write_text("[workspace]\n")
    (root / CONNECTORS_2026 / "acmepay").mkdir(parents=True)
    (root / CONNECTORS_2026.with_suffix(".rs")).write_text("pub mod acmepay;\n")
    tests = root / "crates/router/tests/connectors"
    tests.mkdir(parents=True)
    (tests / "main.rs").write_text(MAIN_RS)
    layout = detect_layout(root)
    assert layout is not None
    return Checkout(root, layout)


def test_moves_a_test_file_left_in_the_connector_folder(tmp_path: Path) -> None:
    checkout = _checkout(tmp_path)
    stray = tmp_path / CONNECTORS_2026 / "acmepay" / "test.rs"
    stray.write_text("// tests\n")
    result = ensure_test_file(checkout, "acmepay")
    assert result.moved_from == stray and not stray.exists()
    assert checkout.test_file("acmepay").read_text() == "// tests\n"
    main_rs = (tmp_path / "crates/router/tests/connectors/main.rs").read_text()
    assert main_rs == "mod aci;\nmod acmepay;\nmod zen;\nmod utils;\n"


def test_is_idempotent(tmp_path: Path) -> None:
    checkout = _checkout(tmp_path)
    checkout.test_file("acmepay").write_text("// tests\n")
    first = ensure_test_file(checkout, "acmepay")
    main_after_first = (tmp_path / "crates/router/tests/connectors/main.rs").read_text()
    second = ensure_test_file(checkout, "acmepay")
    assert first.registered and not second.registered and second.moved_from is None
    assert (tmp_path / "crates/router/tests/connectors/main.rs").read_text() == main_after_first
    assert main_after_first.count("mod acmepay;") == 1


def test_duplicate_registrations_are_reduced_to_one(tmp_path: Path) -> None:
    main_rs = tmp_path / "main.rs"
    main_rs.write_text("mod acmepay;\nmod aci;\nmod acmepay;\nmod utils;\n")
    assert register_module(main_rs, "acmepay") == (False, 1)
    assert main_rs.read_text() == "mod acmepay;\nmod aci;\nmod utils;\n"


def test_both_places_is_an_error_not_a_silent_overwrite(tmp_path: Path) -> None:
    checkout = _checkout(tmp_path)
    (tmp_path / CONNECTORS_2026 / "acmepay" / "test.rs").write_text("// a\n")
    checkout.test_file("acmepay").write_text("// b\n")
    with pytest.raises(StepFailedError, match="both"):
        ensure_test_file(checkout, "acmepay")
    assert checkout.test_file("acmepay").read_text() == "// b\n"


def test_finishes_a_mod_rs_the_script_did_not_move(tmp_path: Path) -> None:
    checkout = _checkout(tmp_path)
    (tmp_path / CONNECTORS_2026 / "acmepay" / "mod.rs").write_text("pub mod transformers;\n")
    notes = finish_connector_files(checkout, "acmepay")
    assert notes and (tmp_path / CONNECTORS_2026 / "acmepay.rs").exists()


def test_missing_connector_file_fails_the_step(tmp_path: Path) -> None:
    with pytest.raises(StepFailedError, match="created no"):
        finish_connector_files(_checkout(tmp_path), "acmepay")


def test_sample_auth_gets_the_section_the_script_missed(tmp_path: Path) -> None:
    checkout = _checkout(tmp_path)
    sample = tmp_path / "crates/router/tests/connectors/sample_auth.toml"
    original = '# keep me\n[aci]\napi_key="Bearer MyApiKey"  # odd spacing kept\n'
    sample.write_text(original)
    assert ensure_sample_auth(checkout, "acmepay") == (True, None)
    text = sample.read_text()
    assert text.startswith(original) and tomllib.loads(text)["acmepay"] == {"api_key": "API Key"}
    assert ensure_sample_auth(checkout, "acmepay") == (False, None)
    assert sample.read_text() == text


def test_sample_auth_already_invalid_gets_the_section_as_text(tmp_path: Path) -> None:
    """Some releases ship this file with a section declared twice: not a failure the user can fix."""
    checkout = _checkout(tmp_path)
    sample = tmp_path / "crates/router/tests/connectors/sample_auth.toml"
    original = '[aci]\napi_key = "a"\n\n[ebanx]\napi_key = "b"\n\n[ebanx]\napi_key = "c"\n'
    sample.write_text(original)
    added, warning = ensure_sample_auth(checkout, "acmepay")
    assert added and warning is not None
    assert "was already invalid TOML" in warning and "[acmepay] was appended as text" in warning
    assert sample.read_text() == original + '\n[acmepay]\napi_key = "API Key"\n'
    assert ensure_sample_auth(checkout, "acmepay") == (False, None)
