"""Opt-in: the spec on a real Hyperswitch checkout (HS_CHECKOUT), today's and an older layout.

The checkout is never touched: each test works in a ``git clone --shared`` under tmp_path, with the
checkout's own template rendered into place as the connector's files.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from scaffold import spec
from scaffold.checkout import Checkout
from tests.helpers import hs_scaffold
from tests.spec_tree import render_connector

pytestmark = pytest.mark.real_checkout

OLD_COMMIT = "f95beaa18"  # March 2024: connectors still in crates/router/src/connector/

DOC = """\
# AcmePay API

Authenticate with `Authorization: Bearer <secret key>`.

| Method | Path | Purpose |
|---|---|---|
| POST | /v1/payments | create a payment |
| GET | /v1/payments/{id} | retrieve a payment |
| POST | /v1/payments/{id}/capture | capture |
| POST | /v1/refunds | refund |
| GET | /v1/reports | reporting |

Amounts are integers in minor units.

```json
{"amount": 1050, "currency": "USD", "status": "authorized"}
```
"""


def _git(*args: str) -> None:
    subprocess.run(["git", *args], check=True, capture_output=True)


def scaffolded_clone(
    real: Path, dest: Path, commit: str = "HEAD", name: str = "acmepay", *, repair: bool = True
) -> Checkout:
    """A shared clone of ``real`` at ``commit`` with the template rendered as connector ``name``
    (its drift repaired, as `new` does, unless ``repair`` is False)."""
    _git("clone", "-q", "--shared", "--no-checkout", str(real), str(dest))
    _git("-C", str(dest), "checkout", "-q", "--detach", commit)
    return render_connector(dest, name, DOC, repair=repair)


def _has_commit(real: Path, commit: str) -> bool:
    probe = subprocess.run(
        ["git", "-C", str(real), "cat-file", "-e", f"{commit}^{{commit}}"], capture_output=True
    )
    return probe.returncode == 0


def _stubs(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {s["id"]: s for s in data["stubs"]}


def _doc_comment_above(root: Path, defined_in: str) -> str:
    file, line = defined_in.rsplit(":", 1)
    lines = (root / file).read_text(encoding="utf-8").splitlines()[: int(line) - 1]
    found = []
    for text in reversed(lines):
        stripped = text.strip()
        if stripped.startswith("#["):
            continue
        if not stripped.startswith("///"):
            break
        found.append(stripped[3:].strip())
    return "\n".join(reversed(found))


def _check_examples(root: Path, stub: dict[str, Any]) -> None:
    assert stub["examples"], stub["id"]
    for example in stub["examples"]:
        assert example["connector"] != "acmepay"
        line = (root / example["file"]).read_text(encoding="utf-8").splitlines()[example["line"] - 1]
        assert stub["function"] is None or f"fn {stub['function']}" in line


def test_spec_for_acmepay_on_the_real_checkout(real_checkout: Path, tmp_path: Path) -> None:
    checkout = scaffolded_clone(real_checkout, tmp_path / "hs")
    md_path, json_path, _ = spec.write_spec(checkout, "acmepay", base_url="https://api.acmepay.test")
    data = json.loads(json_path.read_text())
    stubs = _stubs(data)
    assert stubs["authorize.get_url"]["router_data"] == "PaymentsAuthorizeRouterData"
    for stub_id in ("authorize.get_url", "common.get_currency_unit"):
        contract = stubs[stub_id]["contract"]
        assert contract["doc"] and contract["doc"] == _doc_comment_above(
            checkout.root, contract["defined_in"]
        )
        assert "> " + contract["doc"].splitlines()[0] in md_path.read_text()
        _check_examples(checkout.root, stubs[stub_id])
    flows = {e["path"]: e["flows"] for e in data["endpoints"]}
    assert flows == {
        "/v1/payments": ["Authorize"],
        "/v1/payments/{id}": ["PSync"],
        "/v1/payments/{id}/capture": ["Capture"],
        "/v1/refunds": ["Execute"],
        "/v1/reports": [],
    }
    assert stubs["capture.get_url"]["doc_hints"][0]["line"] == 9
    assert any("RSync" in q for q in stubs["rsync.get_url"]["open_questions"])
    assert data["amount"]["currency_unit"] == "Minor" and data["amount"]["convertor"]
    assert "## 8. Open questions\n\n1. " in md_path.read_text()


def test_template_drift_is_reported_when_the_trait_moved_on(real_checkout: Path, tmp_path: Path) -> None:
    checkout = scaffolded_clone(real_checkout, tmp_path / "hs", repair=False)
    data = spec.build_stub_map(checkout, "acmepay")
    event = _stubs(data)["webhooks.get_webhook_event_type"]["contract"]
    template = (checkout.root / "connector-template/mod.rs").read_text()
    if "WebhookResourceData" in template and "WebhookContext" in event["signature"]:
        assert any("WebhookContext" in d for d in event["drift"])
    written = spec.write_spec(checkout, "acmepay")
    drift = written.markdown.read_text().split("## 5. Template drift")[1].split("## 6.")[0]
    warnings = spec.drift_warnings(written)
    assert len(warnings) == min(len({d.message for d in written.drift}), spec.MAX_DRIFT_WARNINGS)
    assert all(w.startswith("template drift: ") and w.endswith("see spec §5)") for w in warnings)
    if any("WebhookContext" in d for d in event["drift"]):
        assert any("WebhookContext" in w for w in warnings)
    types = checkout.root / "crates/hyperswitch_domain_models/src/router_response_types.rs"
    transformers = (checkout.root / "connector-template/transformers.rs").read_text()
    if (
        types.is_file()
        and "network_txn_link_id" in types.read_text()
        and "network_txn_link_id" not in transformers
    ):
        assert "lacks field(s) `network_txn_link_id`" in drift


@pytest.mark.parametrize("commit", [OLD_COMMIT])
def test_spec_on_an_older_checkout_with_router_connectors(
    real_checkout: Path, tmp_path: Path, commit: str
) -> None:
    if not _has_commit(real_checkout, commit):
        pytest.skip(f"{commit} is not in HS_CHECKOUT")
    checkout = scaffolded_clone(real_checkout, tmp_path / "hs-old", commit)
    assert checkout.layout.name == "legacy"
    md_path, json_path, _ = spec.write_spec(checkout, "acmepay")
    data = json.loads(json_path.read_text())
    assert data["checkout"]["layout"] == "legacy"
    stubs = _stubs(data)
    assert stubs["authorize.get_url"]["router_data"] == "PaymentsAuthorizeRouterData"
    assert stubs["authorize.get_url"]["contract"]["defined_in"].startswith("crates/router/src/")
    _check_examples(checkout.root, stubs["authorize.get_url"])
    assert all(
        e["file"].startswith("crates/router/src/connector/") for e in stubs["authorize.get_url"]["examples"]
    )
    assert "predates `AmountConvertor`" in md_path.read_text()


def test_without_a_doc_the_spec_says_so_once_and_keeps_questions_short(
    real_checkout: Path, tmp_path: Path
) -> None:
    checkout = scaffolded_clone(real_checkout, tmp_path / "hs")
    checkout.path("grace/references/acmepay_doc.md").unlink()
    written = spec.write_spec(checkout, "acmepay")
    text = written.markdown.read_text()
    assert text.count("grace/references/acmepay_doc.md") == 2  # the overview and section 8
    questions = [q for s in written.data["stubs"] for q in s["open_questions"]]
    assert questions and not any("No connector doc" in q for q in questions)
    overview = text.split("## 1. Overview")[1].split("## 2.")[0]
    assert "| Connector docs | **none found**" in overview and "(s)" not in overview


def test_new_spec_undo_on_the_real_checkout(real_checkout: Path, tmp_path: Path) -> None:
    clone = tmp_path / "hyperswitch"
    _git("clone", "-q", "--shared", str(real_checkout), str(clone))
    before = subprocess.run(
        ["git", "-C", str(clone), "status", "--porcelain"], check=True, capture_output=True, text=True
    ).stdout
    done = hs_scaffold("new", "acmepay", "https://api.acmepay.test", "--no-build", cwd=clone)
    assert done.returncode == 0, done.stderr
    md = clone / "grace/connector_integration/acmepay_specs.md"
    written_by_new = md.read_text()
    assert "| Base URL | `https://api.acmepay.test` (no trailing `/`: see below) |" in written_by_new
    drift = written_by_new.split("## 5. Template drift")[1].split("## 6.")[0]
    if drift.lstrip().startswith("Compared with"):
        assert "warning: template drift: " in done.stderr
    again = hs_scaffold("spec", "acmepay", cwd=clone)
    assert again.returncode == 0, again.stderr
    assert md.read_text() == written_by_new
    undone = hs_scaffold("undo", "acmepay", cwd=clone)
    assert undone.returncode == 0, undone.stderr
    after = subprocess.run(
        ["git", "-C", str(clone), "status", "--porcelain"], check=True, capture_output=True, text=True
    ).stdout
    assert after == before


def test_realistic_doc_on_the_real_checkout(real_checkout: Path, tmp_path: Path) -> None:
    """The review's four findings, on the real template: convertor held vs called for, prose
    statuses, the doc's base URL and the bodies that error and struct hints point at."""
    from tests.test_spec_sandbox import FIXTURE_DOC, check_convertor_mismatch, doc_line

    checkout = scaffolded_clone(real_checkout, tmp_path / "hs")
    render_connector(checkout.root, "acmepay", FIXTURE_DOC)
    md_path, _, data = spec.write_spec(checkout, "acmepay", base_url="https://api.acmepay.test")
    text = md_path.read_text(encoding="utf-8")
    check_convertor_mismatch(checkout, text, data)
    stubs = _stubs(data)
    questions = [q for s in stubs.values() for q in s["open_questions"]]
    assert not any("shows no status values" in q for q in questions)
    refund_lines = {h["line"] for s in stubs.values() if "Refund" in s["id"] for h in s["doc_hints"]}
    assert doc_line("Refund statuses:") in refund_lines
    assert "Base URLs named in the doc: `https://sandbox.acmepay.test/v2`" in text
    assert "**The base URL is not one the doc names.**" in text
    error_hints = [h for s in stubs.values() if s["id"].endswith("ErrorResponse") for h in s["doc_hints"]]
    assert error_hints and all(h["line"] > doc_line("## Errors") for h in error_hints)
