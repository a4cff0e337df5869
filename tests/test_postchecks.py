"""Checks after the script: TOML parses, base_url in place, leftovers removed, no duplicates."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from scaffold import postchecks
from scaffold.checkout import Checkout, find_checkout
from scaffold.errors import StepFailedError
from scaffold.postchecks import check_after_script, duplicate_registrations, parse_ahead
from scaffold.worktree_guard import TreeChanges
from tests.fixtures.safety.builders import mini_checkout, write_files

URL = "https://acme.example/"
CONN = "crates/hyperswitch_connectors/src/connectors"
GOOD_TOML = (
    f'[connectors]\nabacus.base_url = "https://a.example/"\nacmepay.base_url = "{URL}"\nzeta.base_url = "z"\n'
)


@pytest.fixture
def checkout(tmp_path: Path) -> Checkout:
    root = mini_checkout(tmp_path / "hs")
    write_files(
        root,
        {
            "config/development.toml": GOOD_TOML,
            f"{CONN}.rs": "pub mod abacus;\npub mod acmepay;\npub mod zeta;\n",
            "crates/router/tests/connectors/main.rs": "mod abacus;\nmod acmepay;\nmod utils;\n",
        },
    )
    return find_checkout(root)


def changes(*modified: str, created: tuple[str, ...] = ()) -> TreeChanges:
    return TreeChanges(sorted(created), sorted(modified), [])


def test_a_clean_run_passes(checkout: Checkout) -> None:
    touched = changes("config/development.toml", f"{CONN}.rs", "crates/router/tests/connectors/main.rs")
    assert check_after_script(checkout, "acmepay", URL, touched) == []


def test_broken_toml_fails(checkout: Checkout) -> None:
    write_files(checkout.root, {"config/development.toml": GOOD_TOML + 'oops = "unterminated\n'})
    with pytest.raises(StepFailedError, match="no longer parses as TOML"):
        check_after_script(checkout, "acmepay", URL, changes("config/development.toml"))


def test_duplicated_toml_table_fails(checkout: Checkout) -> None:
    write_files(
        checkout.root, {"cc.toml": "[acmepay]\n[acmepay.connector_auth.HeaderKey]\napi_key = 'k'\n" * 2}
    )
    with pytest.raises(StepFailedError, match=r"cc\.toml"):
        check_after_script(checkout, "acmepay", URL, changes("cc.toml"))


def test_base_url_in_the_wrong_table_fails(checkout: Checkout) -> None:
    write_files(
        checkout.root,
        {
            "config/development.toml": GOOD_TOML.replace(f'acmepay.base_url = "{URL}"\n', "")
            + f'[other]\nacmepay.base_url = "{URL}"\n'
        },
    )
    with pytest.raises(StepFailedError, match=r"landed under \[other\]"):
        check_after_script(checkout, "acmepay", URL, changes("config/development.toml"))


def test_missing_or_different_base_url_warns(checkout: Checkout) -> None:
    write_files(checkout.root, {"config/development.toml": GOOD_TOML.replace(URL, "https://else/")})
    warnings = check_after_script(checkout, "acmepay", URL, changes("config/development.toml"))
    assert any("not 'https://acme.example/'" in w for w in warnings)
    write_files(
        checkout.root, {"config/development.toml": GOOD_TOML.replace(f'acmepay.base_url = "{URL}"\n', "")}
    )
    warnings = check_after_script(checkout, "acmepay", URL, changes("config/development.toml"))
    assert any("no acmepay.base_url" in w for w in warnings)


def test_duplicate_registration_fails(checkout: Checkout) -> None:
    write_files(checkout.root, {f"{CONN}.rs": "pub mod abacus;\npub mod acmepay;\npub mod acmepay;\n"})
    with pytest.raises(StepFailedError, match="more than once"):
        check_after_script(checkout, "acmepay", URL, changes(f"{CONN}.rs"))


def test_same_line_in_different_blocks_is_fine(tmp_path: Path) -> None:
    rust = tmp_path / "d.rs"
    rust.write_text(
        "default_imp!(\n    connectors::Acmepay,\n);\ndefault_other!(\n    connectors::Acmepay,\n);\n"
        "match c {\n    Connector::Acmepay => 1,\n    Connector::Acmepay => 2,\n}\n"
    )
    assert duplicate_registrations(rust, "acmepay") == []
    rust.write_text("default_imp!(\n    connectors::Acmepay,\n    connectors::Acmepay,\n);\n")
    assert duplicate_registrations(rust, "acmepay") == ["connectors::Acmepay,"]


def test_brackets_in_strings_and_comments_do_not_open_blocks(tmp_path: Path) -> None:
    rust = tmp_path / "d.rs"
    opened = "let s = \"{ (\";  // ) {\nlet c = '(';\n"
    line = "    connectors::Acmepay,\n"
    rust.write_text(f"default_imp!(\n{line});\n{opened}default_other!(\n{line});\n")
    assert duplicate_registrations(rust, "acmepay") == []
    closing = "    \")\", // )\n    ')',\r\n"  # a bracket closed only in a string, a comment, a char
    rust.write_text(f"default_imp!(\n    connectors::Acmepay,\n{closing}    connectors::Acmepay,\n);\n")
    assert duplicate_registrations(rust, "acmepay") == ["connectors::Acmepay,"]


def test_leftovers_of_the_run_are_removed_with_a_warning(checkout: Checkout) -> None:
    write_files(
        checkout.root, {"config/development.toml-e": "x", "scripts/add_connector.sh.tmp": "x", "temp": "x"}
    )
    created = ("config/development.toml-e", "scripts/add_connector.sh.tmp", "temp")
    warnings = check_after_script(checkout, "acmepay", URL, changes(created=created))
    assert any("leftover" in w for w in warnings)
    assert not any(checkout.path(p).exists() for p in created)


def test_missing_module_line_warns(checkout: Checkout) -> None:
    write_files(checkout.root, {f"{CONN}.rs": "pub mod abacus;\n"})
    assert any("pub mod acmepay;" in w for w in check_after_script(checkout, "acmepay", URL, changes()))


def test_toml_already_broken_before_the_run_only_warns(checkout: Checkout) -> None:
    from tests.fixtures.safety.builders import git

    write_files(checkout.root, {"cc.toml": "[a]\nname = 1\nname = 2\n"})
    git(checkout.root, "add", "cc.toml")
    git(checkout.root, "commit", "-qm", "a TOML file that never parsed")
    write_files(checkout.root, {"cc.toml": "[a]\nname = 1\nname = 2\n[acmepay]\n"})
    warnings = check_after_script(checkout, "acmepay", URL, changes("cc.toml"))
    assert any("as already before the run" in w for w in warnings)


def _counting_parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """A spy on the real TOML parser: each text it is given, recorded."""
    seen: list[str] = []
    real = postchecks.tomli.loads

    def loads(text: str) -> dict[str, Any]:
        seen.append(text)
        return real(text)

    monkeypatch.setattr(postchecks.tomli, "loads", loads)
    return seen


def test_a_file_parsed_ahead_is_not_parsed_again(checkout: Checkout, monkeypatch: pytest.MonkeyPatch) -> None:
    """``new`` parses the changed TOML files while rustfmt runs; the post-checks take those."""
    seen = _counting_parses(monkeypatch)
    ahead = parse_ahead(checkout, ["config/development.toml"])
    assert check_after_script(checkout, "acmepay", URL, changes("config/development.toml"), ahead) == []
    assert len(seen) == 1


def test_a_file_edited_since_it_was_parsed_ahead_is_parsed_again(checkout: Checkout) -> None:
    rel = "config/development.toml"
    ahead = parse_ahead(checkout, [rel])
    checkout.path(rel).write_text(GOOD_TOML + "[connectors\n")  # broken after it was parsed ahead
    with pytest.raises(StepFailedError, match="no longer parses"):
        check_after_script(checkout, "acmepay", URL, changes(rel), ahead)
    checkout.path(rel).write_text(GOOD_TOML.replace("zeta.base_url", "zeta.url"))
    ahead = parse_ahead(checkout, [rel])
    checkout.path(rel).write_text(GOOD_TOML.replace(URL, "https://other.example/"))
    warnings = check_after_script(checkout, "acmepay", URL, changes(rel), ahead)
    assert warnings == [f"{rel}: acmepay.base_url is 'https://other.example/', not {URL!r}"]


def test_a_file_broken_ahead_is_still_judged_against_its_committed_version(checkout: Checkout) -> None:
    from tests.fixtures.safety.builders import git

    write_files(checkout.root, {"cc.toml": "[a]\nname = 1\n"})
    git(checkout.root, "add", "cc.toml")
    git(checkout.root, "commit", "-qm", "a TOML file that parses")
    write_files(checkout.root, {"cc.toml": "[a]\nname = 1\nname = 2\n"})
    ahead = parse_ahead(checkout, ["cc.toml", "missing.toml"])
    assert set(ahead) == {"cc.toml"}  # a file that cannot be read is left out
    with pytest.raises(StepFailedError, match=r"cc\.toml no longer parses"):
        check_after_script(checkout, "acmepay", URL, changes("cc.toml"), ahead)
