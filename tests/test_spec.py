"""The stub map and the spec Markdown, on a small tree written for these tests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from scaffold import resources, spec
from scaffold.checkout import Checkout
from scaffold.cli import main
from scaffold.errors import UsageError
from scaffold.stubs import Stub
from tests.spec_tree import CONNECTORS, write_tree

DOC = """\
# Acme API

All requests carry `Authorization: Bearer <secret>`.

| Method | Path |
|---|---|
| POST | /v1/payments |
| POST | /v1/payments/{id}/capture |
| GET | /v1/balance |

Amounts are integers in minor units.

```json
{"amount": 1000, "currency": "USD", "status": "authorized"}
```
"""

MAP_KEYS = {
    "connector",
    "checkout",
    "docs",
    "amount",
    "auth",
    "base_urls",
    "endpoints",
    "unsupported_flows",
    "statuses",
    "errors",
    "webhooks",
    "stubs",
    "drift",
}
EVIDENCE_KEYS = {"doc", "line", "pointer", "text"}
ENDPOINT_KEYS = {"method", "path", "flows", "deprecated", "doc", "line", "pointer", "section", "evidence"}
STUB_KEYS = {
    "id",
    "file",
    "line",
    "column",
    "kind",
    "impl_trait",
    "self_type",
    "flow",
    "function",
    "target_item",
    "router_data",
    "contract",
    "examples",
    "doc_hints",
    "open_questions",
    "proposal",
}
PROPOSAL_KEYS = {
    "code",
    "evidence",
    "confidence",
    "open",
    "covered_by",
    "summary",
    "facts",
    "requires",
    "parts",
}


@pytest.fixture
def tree(tmp_path: Path) -> Checkout:
    checkout = write_tree(tmp_path / "hs", {"grace/references/acme_doc.md": DOC}, git=True)
    return checkout


def by_id(data: dict[str, object]) -> dict[str, dict[str, object]]:
    return {s["id"]: s for s in data["stubs"]}  # type: ignore[attr-defined, index]


def test_map_has_exactly_the_documented_shape(tree: Checkout) -> None:
    data = spec.build_stub_map(tree, "acme")
    assert set(data) == MAP_KEYS
    assert set(data["checkout"]) == {"root", "layout", "commit"}
    assert data["checkout"]["layout"] == "2026" and data["checkout"]["root"] == str(tree.root)
    assert set(data["amount"]) == {"currency_unit", "convertor", "representation", "evidence", "conflicts"}
    assert set(data["auth"]) == {"scheme", "header", "evidence"}
    assert data["stubs"] and all(set(s) == STUB_KEYS for s in data["stubs"])
    assert all(set(s["proposal"]) == PROPOSAL_KEYS for s in data["stubs"])
    evidence_kinds = {e["kind"] for s in data["stubs"] for e in s["proposal"]["evidence"]}
    assert evidence_kinds <= {"doc", "sibling", "trait", "types"} and "doc" in evidence_kinds
    assert {s["proposal"]["confidence"] for s in data["stubs"]} <= {"derived", "sibling-majority", "none"}
    assert data["endpoints"] and all(set(e) == ENDPOINT_KEYS for e in data["endpoints"])
    evidence = [*data["amount"]["evidence"], *data["auth"]["evidence"]]
    evidence += [e for endpoint in data["endpoints"] for e in endpoint["evidence"]]
    assert evidence and all(set(e) == EVIDENCE_KEYS for e in evidence)
    assert set(data["statuses"]) == {"payment", "refund"}
    assert set(data["errors"]) == {"fields", "names", "lines", "evidence"}
    assert set(data["webhooks"]) == {"events", "signature_header", "algorithm", "payload_fields", "evidence"}
    assert data["docs"] == ["grace/references/acme_doc.md"]
    json.dumps(data)  # serialisable as is


def test_amount_auth_and_endpoints_cite_doc_lines(tree: Checkout) -> None:
    data = spec.build_stub_map(tree, "acme")
    assert data["amount"]["currency_unit"] == "Minor"
    assert data["amount"]["convertor"] == "MinorUnitForConnector"
    assert data["amount"]["representation"] == "integer"
    assert [e["line"] for e in data["amount"]["evidence"]] == [11, 14]
    doc = "grace/references/acme_doc.md"
    assert data["auth"] == {
        "scheme": "Bearer",
        "header": "Authorization",
        "evidence": [
            {
                "doc": doc,
                "line": 3,
                "pointer": None,
                "text": "All requests carry `Authorization: Bearer <secret>`.",
            }
        ],
    }
    found = [(e["method"], e["path"], e["flows"], e["line"], e["section"]) for e in data["endpoints"]]
    assert found == [
        ("POST", "/v1/payments", ["Authorize"], 7, "Acme API"),
        ("POST", "/v1/payments/{id}/capture", ["Capture"], 8, "Acme API"),
        ("GET", "/v1/balance", [], 9, "Acme API"),
    ]
    row = {"doc": doc, "line": 7, "pointer": None, "text": "| POST | /v1/payments |"}
    assert data["endpoints"][0]["evidence"] == [row]
    status = {"value": "authorized", "doc": doc, "line": 14, "pointer": None}
    status["text"] = '"status": "authorized"'
    assert data["statuses"] == {"payment": [status], "refund": []}


def test_stub_is_mapped_to_trait_alias_examples_and_doc(tree: Checkout) -> None:
    stub = by_id(spec.build_stub_map(tree, "acme"))["authorize.get_url"]
    assert stub["router_data"] == "PaymentsAuthorizeRouterData"
    contract = stub["contract"]
    assert contract["doc"] == "Where the request for this flow goes."  # type: ignore[index]
    assert contract["defined_in"] == "crates/hyperswitch_interfaces/src/api.rs:7"  # type: ignore[index]
    assert contract["summary"].startswith("Return the absolute URL")  # type: ignore[index]
    assert stub["examples"] == [
        {"connector": "alpha", "file": f"{CONNECTORS}/alpha.rs", "line": 23},
        {"connector": "beta", "file": f"{CONNECTORS}/beta.rs", "line": 23},
    ]
    assert stub["doc_hints"] == [{"text": "`POST /v1/payments` serves Authorize", "line": 7, "also": []}]
    assert stub["open_questions"] == []


def test_drift_and_unanswered_needs_become_open_questions(tree: Checkout) -> None:
    stubs = by_id(spec.build_stub_map(tree, "acme"))
    webhook = stubs["webhooks.get_webhook_event_type"]
    assert webhook["contract"]["drift"] == [  # type: ignore[index]
        "`get_webhook_event_type` parameter 2 is `Option<&WebhookResourceData>`, "
        "the trait now takes `Option<&WebhookContext>`"
    ]
    questions = webhook["open_questions"]
    assert any("never mentions webhooks" in q for q in questions)  # type: ignore[attr-defined]
    assert any("no longer matches the trait" in q for q in questions)  # type: ignore[attr-defined]


def test_transformer_todo_gets_role_contract_and_sibling_types(tree: Checkout) -> None:
    stub = by_id(spec.build_stub_map(tree, "acme"))["transformers.AcmePaymentsRequest"]
    assert stub["contract"]["summary"].startswith("The connector's payment request body")  # type: ignore[index]
    assert [e["connector"] for e in stub["examples"]] == ["alpha", "beta"]  # type: ignore[attr-defined]
    texts = [h["text"] for h in stub["doc_hints"]]  # type: ignore[attr-defined]
    assert "`POST /v1/payments` serves Authorize" in texts
    assert not any("MinorUnitForConnector" in t for t in texts)  # an inference, not doc text
    markdown = spec.render_markdown(ctx := spec.collect(tree, "acme"), spec.stub_map(ctx))
    part = markdown.split("#### `transformers.AcmePaymentsRequest`")[1].split("#### ")[0]
    assert "**hs-scaffold's reading (not doc text):** convert with `MinorUnitForConnector`" in part
    assert "- line 11: Amounts are integers in minor units." in part


def test_without_a_doc_every_need_is_an_open_question(tree: Checkout) -> None:
    tree.path("grace/references/acme_doc.md").unlink()
    data = spec.build_stub_map(tree, "acme")
    assert data["amount"] == {
        "currency_unit": None,
        "convertor": None,
        "representation": None,
        "evidence": [],
        "conflicts": [],
    }
    assert data["auth"] == {"scheme": None, "header": None, "evidence": []} and data["endpoints"] == []
    assert data["docs"] == [] and data["unsupported_flows"] == []
    url = by_id(data)["authorize.get_url"]
    assert url["doc_hints"] == []
    assert url["open_questions"] == ["Endpoint (method and path) for Authorize: not in the docs."]
    unit = by_id(data)["common.get_currency_unit"]
    assert unit["open_questions"] == ["Amount unit and format: not in the docs."]


def test_a_missing_doc_is_said_once_in_the_overview_and_once_in_the_questions(tree: Checkout) -> None:
    tree.path("grace/references/acme_doc.md").unlink()
    md_path, _, data = spec.write_spec(tree, "acme")
    text = md_path.read_text()
    assert text.count("grace/references/acme_doc.md") == 2
    overview = text.split("## 1. Overview")[1].split("## 2.")[0]
    questions = text.split("## 8. Open questions")[1]
    assert "| Connector docs | **none found**: put them in `grace/references/acme_doc.md`" in overview
    assert questions.startswith("\n\nNo connector docs were found")
    asked = [q for s in data["stubs"] for q in s["open_questions"] if "not in the docs" in q]
    assert asked and all(len(q) < 70 for q in asked)
    assert not any("No connector doc" in q for s in data["stubs"] for q in s["open_questions"])


def test_doc_path_overrides_the_default(tree: Checkout, tmp_path: Path) -> None:
    other = tmp_path / "other.md"
    other.write_text("POST /v2/charges\n")
    data = spec.build_stub_map(tree, "acme", doc_path=other)
    assert [(e["method"], e["path"], e["flows"], e["line"], e["doc"]) for e in data["endpoints"]] == [
        ("POST", "/v2/charges", ["Authorize"], 1, str(other.resolve()))
    ]
    assert data["docs"] == [str(other.resolve())]


@pytest.mark.parametrize(
    ("target", "self_type", "role"),
    [
        ("AcmePaymentsRequest", None, "PaymentsRequest"),
        (None, "AcmeRouterData<T>", "RouterData"),
        (None, "enums::RefundStatus", "RefundStatus"),
        ("AcmeErrorResponse", None, "ErrorResponse"),
        ("SomethingElse", None, None),
    ],
)
def test_role_of(target: str | None, self_type: str | None, role: str | None) -> None:
    stub = Stub("x", "f.rs", 1, 1, "todo_comment", None, self_type, None, None, target, "")
    assert spec.role_of(stub, "acme") == role


def test_every_contract_key_names_a_known_role_or_method() -> None:
    contracts = resources.data_toml("contracts.toml")
    assert {"ConnectorIntegration", "ConnectorCommon", "IncomingWebhook", "transformers"} <= set(contracts)
    assert all(
        isinstance(text, str) and text.strip() for table in contracts.values() for text in table.values()
    )


def test_write_spec_writes_markdown_and_json(tree: Checkout) -> None:
    md_path, json_path, _ = spec.write_spec(tree, "acme", base_url="https://api.acme.test")
    assert md_path == tree.path("grace/connector_integration/acme_specs.md")
    assert json.loads(json_path.read_text())["connector"] == "acme"
    text = md_path.read_text()
    for heading in (
        "## 1. Overview",
        "## 4. What to implement",
        "### 4.1 Authorize",
        "## 5. Template drift",
        "## 6. External API",
        "## 7. Testing",
        "## 8. Open questions",
    ):
        assert heading in text
    assert "| Base URL | `https://api.acme.test` |" in text
    assert "`PaymentsAuthorizeRouterData`" in text
    assert "**Proposed code** (derived; `hs-scaffold fill acme` writes it):" in text
    assert 'Ok(format!("{}v1/payments", self.base_url(connectors)))' in text
    assert "cargo test --package router --test connectors -- acme --test-threads=1" in text
    assert "plain `cargo build` at the root, no feature flags" in text
    assert text.rstrip().endswith(
        "Not applicable to a connector, so left out: the seed's database, design-system, Clerk, "
        "Stripe, PostHog and Jest/Playwright sections."
    )
    assert "| Stubs to implement | 4 in 2 files |" in text and "(s)" not in text
    assert "the `[acme]` section of `crates/router/tests/connectors/sample_auth.toml`" in text
    assert "\n\n\n" not in text and "{{" not in text and "{%" not in text


def test_each_signature_and_excerpt_is_printed_once(tree: Checkout) -> None:
    md_path, _, _ = spec.write_spec(tree, "acme")
    text = md_path.read_text()
    assert text.count("From `alpha`") + text.count("from `alpha`") >= 1
    # get_url has proposed code, which shows its signature: the trait's is not printed again
    assert text.count("fn get_url(\n    &self,\n    _req: &RouterData<T, Req, Resp>") == 0
    assert text.count("fn get_url(\n    &self,\n    _req: &PaymentsAuthorizeRouterData") == 1


def test_counts_agree_in_number() -> None:
    assert [spec.counted(n, "stub") for n in (0, 1, 2)] == ["0 stubs", "1 stub", "2 stubs"]
    assert spec.counted(3, "entry", "entries") == "3 entries"


def test_summary_line_agrees_in_number(tree: Checkout) -> None:
    written = spec.write_spec(tree, "acme")
    one = spec.SpecFiles(written.markdown, written.json, {"stubs": [written.data["stubs"][0]]})
    assert one.summary(tree).endswith("(and .json): 1 stub, 0 open questions")


def test_regenerate_command_names_the_doc_relative_to_the_root(tree: Checkout, tmp_path: Path) -> None:
    inside = tree.path("docs/acme api.md")
    inside.parent.mkdir()
    inside.write_text(DOC)
    md_path, _, _ = spec.write_spec(tree, "acme", doc_path=inside)
    text = md_path.read_text()
    assert "Regenerate it with `hs-scaffold spec acme --doc 'docs/acme api.md'`;" in text
    assert "the connector's docs `docs/acme api.md`" in text and str(tree.root) not in text
    outside = tmp_path / "acme.md"
    outside.write_text(DOC)
    text = spec.write_spec(tree, "acme", doc_path=outside).markdown.read_text()
    assert f"Regenerate it with `hs-scaffold spec acme --doc {outside}`;" in text
    text = spec.write_spec(tree, "acme").markdown.read_text()
    assert "Regenerate it with `hs-scaffold spec acme`;" in text


SIBLING_CONFIG = """\
[connectors]
alpha.base_url = "https://api.alpha.test/"
beta.base_url = "https://api.beta.test/"
gamma.base_url = "https://api.gamma.test"
delta.base_url = "https://api.delta.test/v1/request.api"
acme.base_url = "{url}"
"""


@pytest.mark.parametrize(
    ("url", "siblings_slashed", "note"),
    [
        ("https://api.acme.test", True, True),
        ("https://api.acme.test/", True, False),
        ("https://api.acme.test", False, False),
        ("https://api.acme.test/v2", True, False),  # compared with the one sibling with a path
    ],
)
def test_base_url_without_the_siblings_trailing_slash_is_pointed_out(
    tree: Checkout, url: str, siblings_slashed: bool, note: bool
) -> None:
    config = SIBLING_CONFIG.format(url=url)
    if not siblings_slashed:
        config = config.replace('test/"', 'test"')
    tree.path("config").mkdir()
    tree.path("config/development.toml").write_text(config)
    text = spec.write_spec(tree, "acme", base_url="https://given.test").markdown.read_text()
    assert f"| Base URL | `{url}`" in text  # the configured one, not the one given
    assert ("**The base URL has no trailing `/`,**" in text) == note
    if note:
        assert "(those with no path after the host, like this one: 2 of 3 end with `/`)" in text
        assert f"would call `{url}v1/payments` here" in text
        assert (
            'join with a slash in each `get_url`:\n`format!("{}/v1/payments", self.base_url(connectors))`'
            in text
        )


def test_drift_warnings_are_one_line_each_deduplicated_and_capped(tree: Checkout) -> None:
    written = spec.write_spec(tree, "acme")
    warnings = spec.drift_warnings(written)
    assert (
        "template drift: `get_webhook_event_type` parameter 2 is `Option<&WebhookResourceData>`, "
        "the trait now takes `Option<&WebhookContext>` (acme.rs:31; see spec §5)"
    ) in warnings
    assert all("\n" not in w and w.startswith("template drift: ") for w in warnings)
    from_map = spec.drift_warnings(written.data)
    assert [w.split(" (acme.rs")[0] for w in from_map] == [
        w.split(" (acme.rs")[0] for w in warnings if "get_webhook_event_type" in w
    ]
    stubs = [{"file": "x/acme.rs", "line": n, "contract": {"drift": [f"drift {n % 7}"]}} for n in range(20)]
    capped = spec.drift_warnings({"stubs": [*stubs, {"file": "x", "line": 1, "contract": None}]})
    assert capped[:5] == [f"template drift: drift {n} (acme.rs:{n}; see spec §5)" for n in range(5)]
    assert capped[5:] == ["template drift: and 2 more (see spec §5)"]


def test_recorded_files_are_listed(tree: Checkout) -> None:
    md_path, _, _ = spec.write_spec(tree, "acme", files_created=["a.rs"], files_modified=["b.toml"])
    text = md_path.read_text()
    assert "Created:\n\n- `a.rs`\n" in text and "Modified:\n\n- `b.toml`\n" in text


def test_require_connector_refuses_bad_or_missing_names(tree: Checkout) -> None:
    with pytest.raises(UsageError, match="invalid connector name"):
        spec.require_connector(tree, "../acme")
    with pytest.raises(UsageError, match="no connector `zeta`"):
        spec.require_connector(tree, "zeta")
    spec.require_connector(tree, "acme")


def test_cli_spec_writes_files_and_prints_the_map(tree: Checkout) -> None:
    result = CliRunner().invoke(main, ["spec", "acme", "--repo", str(tree.root), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["connector"] == "acme"
    assert "spec: grace/connector_integration/acme_specs.md (and .json)" in result.stderr
    assert tree.path("grace/connector_integration/acme_specs.json").is_file()


def test_cli_spec_unknown_connector_is_a_usage_error(tree: Checkout) -> None:
    result = CliRunner().invoke(main, ["spec", "zeta", "--repo", str(tree.root)])
    assert result.exit_code == 2
    assert "no connector `zeta`" in result.stderr


def test_cli_stubs_json_prints_the_stub_map(tree: Checkout) -> None:
    result = CliRunner().invoke(main, ["stubs", "acme", "--repo", str(tree.root), "--json"])
    assert result.exit_code == 3, result.output
    data = json.loads(result.stdout)
    assert set(data) == MAP_KEYS and "authorize.get_url" in by_id(data)
