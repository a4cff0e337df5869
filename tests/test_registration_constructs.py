"""The TOML registration lists: tables and dotted keys named by connectors, with byte ranges."""

from __future__ import annotations

from scaffold.registration_constructs import Spellings, toml_constructs

CONFIG = (
    "# café: a comment with non-ASCII text before the entries\n"
    'aci.top = "t"\n'
    "\n"
    "[connectors]\n"
    'aci.base_url = "https://aci.example/"\n'
    '  adyen.base_url = "https://adyen.example/é"\n'
    'other = "x"\n'
    "[aci]\r\n"
    "[adyen.connector_auth.HeaderKey]\n"
    'api_key = "k"\n'
    "[[zeta.list]]\n"
)


def test_tables_and_keys_are_found_with_their_lines_and_byte_ranges() -> None:
    source = CONFIG.encode()
    found = {
        c.owner: c for c in toml_constructs(CONFIG, "config/development.toml", Spellings(["aci", "adyen"]))
    }
    assert set(found) == {"top-level tables", "(top) top", "[connectors] base_url"}
    keys = found["[connectors] base_url"]
    assert [(e.names, e.line, e.indent) for e in keys.elements] == [(("aci",), 5, ""), (("adyen",), 6, "  ")]
    for element in [*keys.elements, *found["top-level tables"].elements, *found["(top) top"].elements]:
        assert source[element.start : element.end].decode() == element.text
    tables = found["top-level tables"]
    assert [(e.names, e.line) for e in tables.elements] == [(("aci",), 8), (("adyen",), 9)]
    assert tables.line == 8 and found["(top) top"].elements[0].line == 2


def test_a_file_naming_no_known_connector_has_no_construct() -> None:
    assert list(toml_constructs('[stripe]\nstripe.base_url = "s"\n', "c.toml", Spellings(["aci"]))) == []
