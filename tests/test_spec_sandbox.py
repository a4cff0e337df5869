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
    assert [(e["path"], e["flow"]) for e in data["endpoints"]] == [
        ("/v1/payments", "Authorize"),
        ("/v1/payments/{id}", "PSync"),
        ("/v1/payments/{id}/capture", "Capture"),
        ("/v1/refunds", "Execute"),
        ("/v1/balance", None),
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


def test_template_drift_is_a_warning_of_new_and_spec(tmp_path: Path) -> None:
    root = make_sandbox(tmp_path / "hs")
    template = root / "connector-template/mod.rs"
    source = template.read_text(encoding="utf-8")
    drifted = "_context: Option<&webhooks::WebhookResourceData>,"
    template.write_text(source.replace("_context: Option<&webhooks::WebhookContext>,", drifted))
    git(root, "commit", "-q", "-am", "template drift")
    done = hs_scaffold("new", "acmepay", "https://api.acmepay.test", "--no-build", cwd=root)
    assert done.returncode == 0, done.stderr
    warning = (
        "warning: template drift: `get_webhook_event_type` parameter 2 is `Option<&WebhookResourceData>`, "
        "the trait now takes `Option<&WebhookContext>` (acmepay.rs:"
    )
    assert warning in done.stderr and "see spec §5)" in done.stderr
    assert done.stderr.count("template drift:") == 1
    again = hs_scaffold("spec", "acmepay", cwd=root)
    assert again.returncode == 0 and warning in again.stderr


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
