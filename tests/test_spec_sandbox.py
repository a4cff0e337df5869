"""The stub map and spec on the built-in sandbox (both layouts), and a snapshot of the spec Markdown.

Refresh the snapshots after an intended change:
``HS_UPDATE_SNAPSHOTS=1 pytest tests/test_spec_sandbox.py``.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from scaffold import spec
from scaffold.checkout import Checkout
from scaffold.stubs import scan_connector
from tests.helpers import git, hs_scaffold, make_sandbox
from tests.spec_tree import render_connector

SNAPSHOTS = Path(__file__).parent / "snapshots"

DOC = """\
# AcmePay API (sandbox test doc)

Requests carry `Authorization: Bearer <secret key>`.

| Method | Path | Purpose |
|---|---|---|
| POST | /v1/payments | create a payment |
| GET | /v1/payments/{id} | retrieve a payment |
| POST | /v1/payments/{id}/capture | capture a payment |
| POST | /v1/refunds | refund a payment |
| GET | /v1/balance | account balance |

Amounts are integers in minor units (cents).

```json
{"amount": 1050, "currency": "USD", "status": "authorized"}
```

## Refunds

```json
{"id": "re_1", "status": "pending"}
```

## Webhooks

AcmePay posts a webhook for every status change, signed with HMAC-SHA256 in `Acme-Signature`.
"""


@pytest.fixture(params=["2026", "legacy"])
def sandbox(request: pytest.FixtureRequest, tmp_path: Path) -> Checkout:
    root = make_sandbox(tmp_path / "hs", layout=request.param)
    return render_connector(root, "acmepay", DOC)


def test_every_stub_appears_once_with_its_enclosing_items(sandbox: Checkout) -> None:
    data = spec.build_stub_map(sandbox, "acmepay")
    found = scan_connector(sandbox, "acmepay").stubs
    ids = [s["id"] for s in data["stubs"]]
    assert len(ids) == len(set(ids)) == len(found)
    assert sorted(ids) == sorted(s.id for s in found)
    by_id = {s["id"]: s for s in data["stubs"]}
    url = by_id["authorize.get_url"]
    assert (url["flow"], url["function"], url["router_data"]) == (
        "Authorize",
        "get_url",
        "PaymentsAuthorizeRouterData",
    )
    assert url["impl_trait"].startswith("ConnectorIntegration<")
    assert data["checkout"]["layout"] == sandbox.layout.name


def test_contracts_quote_the_sandbox_traits_and_examples_are_real(sandbox: Checkout) -> None:
    by_id = {s["id"]: s for s in spec.build_stub_map(sandbox, "acmepay")["stubs"]}
    unit = by_id["common.get_currency_unit"]["contract"]
    assert unit["doc"] and unit["defined_in"].startswith("crates/hyperswitch_interfaces/src/api.rs:")
    for stub in by_id.values():
        for example in stub["examples"]:
            assert example["connector"] in {"abacus", "lumapay", "zentra"}
            assert sandbox.path(example["file"]).is_file()
    assert by_id["authorize.get_url"]["examples"]


def test_doc_endpoints_map_to_flows_and_gaps_are_questions(sandbox: Checkout) -> None:
    data = spec.build_stub_map(sandbox, "acmepay")
    assert [(e["path"], e["flows"]) for e in data["endpoints"]] == [
        ("/v1/payments", ["Authorize"]),
        ("/v1/payments/{id}", ["PSync"]),
        ("/v1/payments/{id}/capture", ["Capture"]),
        ("/v1/refunds", ["Execute"]),
        ("/v1/balance", []),
    ]
    by_id = {s["id"]: s for s in data["stubs"]}
    assert by_id["capture.get_url"]["doc_hints"][0]["line"] == 9
    assert any("RSync" in q for q in by_id["rsync.get_url"]["open_questions"])
    assert (data["amount"]["currency_unit"], data["auth"]["scheme"]) == ("Minor", "Bearer")


def normalised(text: str) -> str:
    """The spec without what changes between runs (the sandbox commit hash)."""
    return re.sub(r"commit `[0-9a-f]{12}`", "commit `<commit>`", text)


def test_sandbox_spec_snapshot(tmp_path: Path) -> None:
    checkout = render_connector(make_sandbox(tmp_path / "hs"), "acmepay", DOC)
    md_path, json_path, _ = spec.write_spec(checkout, "acmepay", base_url="https://api.acmepay.test")
    text = normalised(md_path.read_text(encoding="utf-8"))
    data = json.loads(json_path.read_text(encoding="utf-8"))
    assert data["checkout"]["root"] == str(checkout.root)
    data["checkout"].update(root="<root>", commit="<commit>")
    snapshots = {
        "sandbox_acmepay_specs.md": text,
        "sandbox_acmepay_specs.json": json.dumps(data, indent=2) + "\n",
    }
    for name, actual in snapshots.items():
        path = SNAPSHOTS / name
        if os.environ.get("HS_UPDATE_SNAPSHOTS") == "1":
            path.parent.mkdir(exist_ok=True)
            path.write_text(actual, encoding="utf-8")
        assert path.is_file(), f"no snapshot {path}: run with HS_UPDATE_SNAPSHOTS=1"
        assert actual == path.read_text(encoding="utf-8"), (
            f"{name} changed: review, then HS_UPDATE_SNAPSHOTS=1"
        )


def test_new_writes_the_spec_and_its_map(tmp_path: Path) -> None:
    root = make_sandbox(tmp_path / "hs")
    doc = root / "grace/references/acmepay_doc.md"
    doc.parent.mkdir(parents=True)
    doc.write_text(DOC, encoding="utf-8")
    done = hs_scaffold("new", "acmepay", "https://api.acmepay.test", "--no-build", cwd=root)
    assert done.returncode == 0, done.stderr
    data = json.loads((root / "grace/connector_integration/acmepay_specs.json").read_text())
    text = (root / "grace/connector_integration/acmepay_specs.md").read_text()
    assert data["amount"]["convertor"] == "MinorUnitForConnector"
    assert "Modified:\n\n- `" in text and "crates/router/tests/connectors/main.rs" in text
    assert len({s["id"] for s in data["stubs"]}) == len(data["stubs"]) > 0


def test_spec_after_new_keeps_the_file_lists_and_undo_stays_clean(tmp_path: Path) -> None:
    root = make_sandbox(tmp_path / "hs")
    before = git(root, "status", "--porcelain", "--untracked-files=all")
    done = hs_scaffold("new", "acmepay", "https://api.acmepay.test", "--no-build", cwd=root)
    assert done.returncode == 0, done.stderr
    md = root / "grace/connector_integration/acmepay_specs.md"
    written_by_new = md.read_text(encoding="utf-8")
    assert "Modified:\n\n- `" in written_by_new and "- `config/development.toml`" in written_by_new
    again = hs_scaffold("spec", "acmepay", cwd=root / "crates")
    assert again.returncode == 0, again.stderr
    assert md.read_text(encoding="utf-8") == written_by_new  # same files listed, same content
    doc = tmp_path / "acmepay.md"  # outside the checkout: the spec changes, git status does not
    doc.write_text(DOC, encoding="utf-8")
    again = hs_scaffold("spec", "acmepay", "--doc", str(doc), cwd=root)
    assert again.returncode == 0, again.stderr
    rewritten = md.read_text(encoding="utf-8")
    assert rewritten != written_by_new and f"`hs-scaffold spec acmepay --doc {doc}`" in rewritten
    section = "## 3. Files"
    assert rewritten.split(section)[1].split("## 4.")[0] == written_by_new.split(section)[1].split("## 4.")[0]
    undone = hs_scaffold("undo", "acmepay", cwd=root)
    assert undone.returncode == 0, undone.stderr
    assert git(root, "status", "--porcelain", "--untracked-files=all") == before


def test_new_shows_the_base_url_and_says_it_lacks_the_siblings_slash(tmp_path: Path) -> None:
    root = make_sandbox(tmp_path / "hs")
    done = hs_scaffold("new", "acmepay", "https://api.acmepay.test", "--no-build", cwd=root)
    assert done.returncode == 0, done.stderr
    text = (root / "grace/connector_integration/acmepay_specs.md").read_text(encoding="utf-8")
    assert "| Base URL | `https://api.acmepay.test` (no trailing `/`: see below) |" in text
    assert "like this one: 2 of 2 end with `/`" in text


def test_template_drift_is_repaired_and_listed_in_the_spec(tmp_path: Path) -> None:
    """The sandbox's template has drifted from its traits and types, as the real one has."""
    root = make_sandbox(tmp_path / "hs")
    done = hs_scaffold("new", "acmepay", "https://api.acmepay.test", "--json", cwd=root)
    assert done.returncode == 0, done.stderr
    assert "template drift:" not in done.stderr
    assert (
        "repaired acmepay.rs:487 `get_webhook_event_type` parameter 2: "
        "`Option<&webhooks::WebhookResourceData>` -> `Option<&webhooks::WebhookContext>`"
    ) in done.stderr
    assert "`ConnectorSpecifications` imported twice" in done.stderr
    assert "field `network_txn_link_id` added: `` -> `network_txn_link_id: None`" in done.stderr
    repaired = json.loads(done.stdout)["drift"]["repaired"]
    assert [r["kind"] for r in repaired] == ["import", "signature", "field"]
    assert repaired[2]["evidence"] == "3 of 3 sibling literals set `network_txn_link_id: None`"
    spec_md = (root / "grace/connector_integration/acmepay_specs.md").read_text()
    section = spec_md[spec_md.index("## 5. Template drift") : spec_md.index("## 6.")]
    assert "`hs-scaffold new` rewrote" in section and "WebhookResourceData" in section
    assert "Nothing else: the code now matches" in section
    again = hs_scaffold("spec", "acmepay", cwd=root)  # a later spec still lists them, from the record
    assert again.returncode == 0
    assert "WebhookResourceData" in (root / "grace/connector_integration/acmepay_specs.md").read_text()


def test_keep_template_leaves_the_drift_and_the_build_fails(tmp_path: Path) -> None:
    root = make_sandbox(tmp_path / "hs")
    done = hs_scaffold("new", "acmepay", "https://api.acmepay.test", "--keep-template", cwd=root)
    assert done.returncode == 4, done.stderr  # scaffolded, but cargo build fails
    warning = (
        "warning: template drift: `get_webhook_event_type` parameter 2 is `Option<&WebhookResourceData>`, "
        "the trait now takes `Option<&WebhookContext>` (acmepay.rs:"
    )
    assert warning in done.stderr and "see spec §5)" in done.stderr
    assert "skipped (--keep-template)" in done.stderr
    assert "network_txn_link_id" in done.stderr  # the compiler says so too
    spec_md = (root / "grace/connector_integration/acmepay_specs.md").read_text()
    assert "would not compile as it is" in spec_md


def test_following_the_unsupported_flow_advice_stops_stubs_listing_it(sandbox: Checkout) -> None:
    by_id = {s["id"]: s for s in spec.build_stub_map(sandbox, "acmepay")["stubs"]}
    for stub_id in ("void.impl", "session.impl"):
        summary = by_id[stub_id]["contract"]["summary"]
        assert "delete any TODO comment inside it" in summary and "`hs-scaffold stubs`" in summary
    main = sandbox.path(by_id["void.impl"]["file"])
    text = main.read_text(encoding="utf-8")
    heads = {
        flow: text.splitlines()[by_id[f"{flow.lower()}.impl"]["line"] - 1] for flow in ("Void", "Session")
    }
    for flow, head in heads.items():  # `impl ... for Acmepay {}`, or `{` + a TODO comment + `}`
        start = text.index(head)
        end = text.index("}", start) + 1
        comment = f"    // {flow} is not supported by Acmepay"
        text = f"{text[:start]}{head.rstrip('{} ')} {{\n{comment}\n}}{text[end:]}"
    main.write_text(text, encoding="utf-8")
    left = {s.id for s in scan_connector(sandbox, "acmepay").stubs}
    assert "void.impl" not in left and "session.impl" not in left and "authorize.get_url" in left


# --- a realistic doc (tests/fixtures/docs/acmepay_doc.md) -------------------------------------------

FIXTURE_DOC = (Path(__file__).parent / "fixtures/docs/acmepay_doc.md").read_text(encoding="utf-8")


def doc_line(text: str) -> int:
    """The 1-based line of the fixture doc that contains ``text`` (the first one)."""
    return next(n for n, line in enumerate(FIXTURE_DOC.splitlines(), start=1) if text in line)


@pytest.fixture(params=["2026", "legacy"])
def realistic(request: pytest.FixtureRequest, tmp_path: Path) -> Checkout:
    root = make_sandbox(tmp_path / "hs", layout=request.param)
    return render_connector(root, "acmepay", FIXTURE_DOC)


def written(checkout: Checkout) -> tuple[str, dict[str, object]]:
    md_path, _, data = spec.write_spec(checkout, "acmepay", base_url="https://api.acmepay.test")
    return md_path.read_text(encoding="utf-8"), data


def overview(text: str) -> str:
    return text.split("## 1. Overview")[1].split("## 2.")[0]


def check_convertor_mismatch(checkout: Checkout, text: str, data: dict[str, object]) -> None:
    """The overview says which convertor the connector holds, which the doc calls for and why, and
    lists the lines to change; each listed line really names the held convertor or its output."""
    assert data["amount"] == {
        "currency_unit": "Minor",
        "convertor": "MinorUnitForConnector",
        "representation": "integer",
        "evidence": data["amount"]["evidence"],  # type: ignore[index]
        "conflicts": [],
    }
    part = overview(text)
    assert "but the connector holds `StringMinorUnitForConnector`: see below" in part
    assert "**The connector holds a different amount convertor than the doc calls for.**" in part
    assert 'which sends 10.50 as `"amount": "1050"`' in part and '`"amount": 1050`)' in part
    example = '"amount": 1050'
    assert f"- line {doc_line(example)}: `{example}` (an example)" in part
    assert "the unit inferred from the examples, which hs-scaffold found stated nowhere" in part
    kinds_re = r"field type|new\(\) initialiser|import|type in `\w+`"
    sites = re.findall(rf"- \[`([\w.]+):(\d+)`\]\(\.\./\.\./([^)#]+)#L\d+\) \(({kinds_re})\): `(.*)`", part)
    kinds = {kind for _, _, _, kind, _ in sites}
    assert {"field type", "new() initialiser", "type in `AcmepayRouterData`"} <= kinds
    files = {path for _, _, path, _, _ in sites}
    main = checkout.rel(checkout.connector_files("acmepay")[0])
    assert main in files and any(p.endswith("acmepay/transformers.rs") for p in files)
    for _, line, path, kind, shown in sites:
        source = checkout.path(path).read_text(encoding="utf-8").splitlines()[int(line) - 1]
        assert source.strip() == shown and "StringMinorUnit" in source
        if kind == "field type":
            assert "AmountConvertor<Output = StringMinorUnit>" in source
        if kind == "new() initialiser":
            assert "&StringMinorUnitForConnector" in source
    assert "type in `AcmepayPaymentsRequest`" in kinds and "type in `AcmepayRefundRequest`" in kinds
    assert "| `StringMinorUnitForConnector` (held by the connector) |" in text


def test_convertor_the_connector_holds_is_contradicted_plainly(realistic: Checkout) -> None:
    text, data = written(realistic)
    check_convertor_mismatch(realistic, text, data)
    stubs = {s["id"]: s for s in data["stubs"]}  # type: ignore[attr-defined]
    assert not any("convert with" in h["text"] for s in stubs.values() for h in s["doc_hints"])
    # the convertor is hs-scaffold's reading: cited as the checkout's type, never as doc text
    evidence = stubs["transformers.AcmepayRouterData"]["proposal"]["evidence"]
    assert not any("MinorUnitForConnector" in e["text"] for e in evidence if e["kind"] == "doc")
    types = [e["text"] for e in evidence if e["kind"] == "types"]
    assert any("`MinorUnitForConnector` outputs `MinorUnit`" in text for text in types)
    router_data = text.split("#### `transformers.AcmepayRouterData`")[1].split("#### ")[0]
    assert "// also renamed: `StringMinorUnitForConnector` -> `MinorUnitForConnector`" in router_data


def test_no_mismatch_is_claimed_once_the_connector_holds_what_the_doc_calls_for(realistic: Checkout) -> None:
    for path in realistic.connector_files("acmepay"):
        source = path.read_text(encoding="utf-8")
        path.write_text(source.replace("StringMinorUnit", "MinorUnit"), encoding="utf-8")
    text, _ = written(realistic)
    assert "holds a different amount convertor" not in text and "(held by the connector)" in text
    assert "| `MinorUnitForConnector` (fits) (held by the connector) |" in text


def test_prose_status_lists_answer_the_status_questions(realistic: Checkout) -> None:
    text, data = written(realistic)
    stubs = {s["id"]: s for s in data["stubs"]}  # type: ignore[attr-defined]
    refund = stubs["transformers.RefundResponse"]
    line = doc_line("Refund statuses:")
    assert [h for h in refund["doc_hints"] if h["text"].startswith("status")] == [
        {"text": f"status `{value}`", "line": line, "also": []}
        for value in ("pending", "succeeded", "failed")
    ]
    payment = [h["text"] for h in stubs["transformers.AcmepayPaymentStatus"]["doc_hints"]]
    assert payment == ["status `authorized`", "status `captured`", "status `declined`", "status `canceled`"]
    assert stubs["transformers.AcmepayPaymentStatus"]["doc_hints"][1]["line"] == doc_line("- `captured`")
    questions = [q for s in stubs.values() for q in s["open_questions"]]
    assert not any("shows no status values" in q for q in questions)
    assert "shows no status values" not in text


def test_base_urls_keep_their_path_and_a_different_configured_one_is_said(realistic: Checkout) -> None:
    text, _ = written(realistic)
    sandbox, live = doc_line("https://sandbox.acmepay.test/v2"), doc_line("https://api.acmepay.test/v2")
    named = f"`https://sandbox.acmepay.test/v2` (line {sandbox}), `https://api.acmepay.test/v2` (line {live})"
    assert f"Base URLs named in the doc: {named}." in text
    part = overview(text)
    assert "(no trailing `/`, and not a base URL the doc names: see below) |" in part
    assert "**The base URL is not one the doc names.**" in part and named in part
    assert "each `get_url` would leave out\n`/v2` with this one." in part
    # the doc's own base URL, with or without its trailing slash, raises no such note
    for url in ("https://sandbox.acmepay.test/v2/", "https://api.acmepay.test/v2"):
        md_path, _, _ = spec.write_spec(realistic, "acmepay", base_url=url)
        assert "not one the doc names" not in md_path.read_text(encoding="utf-8")


def test_error_and_example_hints_point_at_the_doc_bodies(realistic: Checkout) -> None:
    _, data = written(realistic)
    stubs = {s["id"]: s for s in data["stubs"]}  # type: ignore[attr-defined]
    error_body = doc_line('"error": {')
    errors = stubs["transformers.AcmepayErrorResponse"]["doc_hints"]
    assert errors == [
        {
            "text": f"example error body (to line {error_body + 5}); fields: `error.code`, "
            "`error.message`, `error.param`",
            "line": error_body - 1,
            "also": [],
        }
    ]
    assert errors[0]["line"] != doc_line("## Errors")
    request = stubs["transformers.AcmepayPaymentsRequest"]["doc_hints"][-1]
    assert request["line"] == doc_line('"amount": 1050') - 1
    assert request["text"].startswith("example request for `POST /payments` (to line ")
    assert "`card.number`" in request["text"] and "`id`" not in request["text"]
    response = stubs["transformers.AcmepayPaymentsResponse"]["doc_hints"][-1]
    assert response["text"].startswith("example response for `POST /payments`")
    assert "`created_at`" in response["text"] and "`card`" not in response["text"]
    refund_request = [h["text"] for h in stubs["transformers.AcmepayRefundRequest"]["doc_hints"]]
    # "`POST /refunds`" just above it makes it the request
    refund_example = "example request for `POST /refunds`"
    assert any(t.startswith(refund_example) and "`reason`" in t for t in refund_request)
    refund_response = [h["text"] for h in stubs["transformers.RefundResponse"]["doc_hints"]]
    assert any(t.startswith("example response for `POST /refunds`") for t in refund_response)
    for stub in stubs.values():  # every hint cites a real line of the doc
        assert all(1 <= h["line"] <= len(FIXTURE_DOC.splitlines()) for h in stub["doc_hints"])
    assert data["errors"]["fields"] == ["error.code", "error.message", "error.param"]
    assert data["webhooks"]["signature_header"]["name"] == "AcmePay-Signature"  # type: ignore[index]
    assert data["webhooks"]["algorithm"]["name"] == "HMAC-SHA256"  # type: ignore[index]
    assert "drift" in data and "docs" in data
