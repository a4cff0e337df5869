"""The docs through the CLI: --doc repeatable on `new` and `spec`, OpenAPI found beside the Markdown
doc, unusable docs refused (exit 2, one line) before anything is written, and what the spec says
about unsupported flows and about a doc with nothing in it."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from scaffold import spec
from scaffold.checkout import Checkout
from tests.helpers import hs_scaffold, make_sandbox, tree_state
from tests.spec_tree import render_connector
from tests.test_docs import OPENAPI

UNSUPPORTED = """\
# Kestrel API

Base URL: `https://api.kestrel.test`. Send `Authorization: Bearer <key>` on every request.

| Method | Path | Description |
|---|---|---|
| POST | /v1/charges | Create a charge |
| GET | /v1/charges/{id} | Retrieve a charge |
| POST | /v1/refunds | Refund a charge |

Charges are captured at once: Kestrel does not support a separate capture, and there is no endpoint to void
a charge.

Amounts are integers in minor units.
"""

NOTHING = """\
# Kestrel

Kestrel is the friendliest way to get paid. [Contact sales](https://kestrel.test/contact) to get started.
"""


@pytest.fixture
def sandbox(tmp_path: Path) -> Checkout:
    return render_connector(make_sandbox(tmp_path / "hs"), "acmepay", UNSUPPORTED)


def bad_docs(folder: Path) -> dict[str, Path]:
    folder.mkdir(exist_ok=True)
    made = {
        "big": folder / "big.md",
        "binary": folder / "binary.md",
        "latin1": folder / "latin1.md",
        "fifo": folder / "fifo.md",
    }
    made["big"].write_bytes(b"# Big\n" + b"x" * (5 * 1024 * 1024))
    made["binary"].write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    made["latin1"].write_bytes("# Caf\xe9 API\n".encode("latin-1"))
    os.mkfifo(made["fifo"])
    return made


MESSAGES = {
    "big": "over the 5.0 MB limit",
    "binary": "binary file",
    "latin1": "not UTF-8",
    "fifo": "a FIFO, not a regular file",
}


def test_spec_refuses_unusable_docs_before_writing(sandbox: Checkout, tmp_path: Path) -> None:
    before = tree_state(sandbox.root)
    for kind, path in bad_docs(tmp_path / "docs").items():
        done = hs_scaffold("spec", "acmepay", "--doc", str(path), cwd=sandbox.root, timeout=60)
        assert done.returncode == 2, (kind, done.stderr)
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1 and MESSAGES[kind] in lines[0], (kind, lines)
    assert tree_state(sandbox.root) == before
    assert not sandbox.path("grace/connector_integration").exists()


def test_new_refuses_an_unusable_doc_before_the_lock_and_any_change(tmp_path: Path) -> None:
    root = make_sandbox(tmp_path / "hs")
    before = tree_state(root)
    docs = bad_docs(tmp_path / "docs")
    for kind in ("big", "fifo"):
        args = ("new", "acmepay", "https://api.acmepay.test/", "--no-build", "--doc", str(docs[kind]))
        done = hs_scaffold(*args, cwd=root, timeout=120)
        assert done.returncode == 2, done.stderr
        assert MESSAGES[kind] in done.stderr and len(done.stderr.strip().splitlines()) == 1
    default = root / "grace/references/acmepay_doc.md"  # the default doc is checked too
    default.parent.mkdir(parents=True)
    default.write_bytes(b"\xff\xfe# doc\n")
    done = hs_scaffold("new", "acmepay", "https://api.acmepay.test/", "--no-build", cwd=root, timeout=120)
    assert done.returncode == 2 and "not UTF-8" in done.stderr
    default.unlink()
    default.parent.rmdir()
    default.parent.parent.rmdir()
    assert tree_state(root) == before
    assert not (root / ".git/hs-scaffold.lock").exists()


def test_doc_is_repeatable_and_openapi_beside_the_doc_is_read(sandbox: Checkout, tmp_path: Path) -> None:
    beside = sandbox.path("grace/references/acmepay_openapi.yaml")
    beside.write_text(OPENAPI, encoding="utf-8")
    data = spec.build_stub_map(sandbox, "acmepay")
    assert data["docs"] == ["grace/references/acmepay_doc.md", "grace/references/acmepay_openapi.yaml"]
    flows = {(e["method"], e["path"]): e["flows"] for e in data["endpoints"]}
    assert flows[("POST", "/v1/charge/{handle}/settle")] == ["Capture"]  # from the OpenAPI document
    assert flows[("POST", "/v1/refunds")] == ["Execute"]  # from the Markdown doc
    settle = next(e for e in data["endpoints"] if e["path"] == "/v1/charge/{handle}/settle")
    assert settle["pointer"] == "/paths/~1v1~1charge~1{handle}~1settle/post" and settle["line"] == 19
    other = tmp_path / "other.md"
    other.write_text("## Webhooks\n\nSigned with HMAC-SHA256 in `Kestrel-Signature`.\n", encoding="utf-8")
    done = hs_scaffold(
        "spec", "acmepay", "--doc", str(beside), "--doc", str(other), "--json", cwd=sandbox.root, timeout=120
    )
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["docs"] == ["grace/references/acmepay_openapi.yaml", str(other)]
    assert data["webhooks"]["signature_header"]["name"] == "Kestrel-Signature"
    text = sandbox.path("grace/connector_integration/acmepay_specs.md").read_text(encoding="utf-8")
    assert f"--doc grace/references/acmepay_openapi.yaml --doc {other}`" in text


def test_unsupported_flows_are_said_with_their_line_and_not_asked(sandbox: Checkout) -> None:
    md_path, _, data = spec.write_spec(sandbox, "acmepay")
    assert [(u["flow"], u["line"]) for u in data["unsupported_flows"]] == [("Capture", 11), ("Void", 11)]
    stubs = {s["id"]: s for s in data["stubs"]}
    void = stubs["void.impl"]
    assert void["doc_hints"][0]["text"].startswith("Void is not supported by the API, doc line 11")
    assert not any("Void" in q for q in void["open_questions"])
    assert "leave the impl empty but for a one-line comment" in void["contract"]["summary"]
    text = md_path.read_text(encoding="utf-8")
    assert "- Void: not supported by the API, doc line 11: " in text
    assert "Which endpoint serves Void" not in text


def test_a_doc_with_nothing_in_it_is_said_once(sandbox: Checkout) -> None:
    sandbox.path("grace/references/acmepay_doc.md").write_text(NOTHING, encoding="utf-8")
    md_path, _, data = spec.write_spec(sandbox, "acmepay")
    text = md_path.read_text(encoding="utf-8")
    assert text.count("The doc gives nothing the connector needs") == 1
    assert "The doc names no HTTP endpoint" not in text and "does not describe authentication" not in text
    questions = [q for s in data["stubs"] for q in s["open_questions"]]
    assert questions and all(len(q) < 80 for q in questions if "not in the docs" in q)


def test_spec_again_reads_the_doc_new_was_given(sandbox_repo: Path) -> None:
    """`new --doc FILE` (a doc outside grace/references/), then plain `spec NAME` (as `status`
    advises when the spec is stale): the spec is written from the same doc, not from none."""
    doc = Path(__file__).parent / "fixtures" / "docs" / "kestrel_doc.md"
    done = hs_scaffold(
        "new", "kestrel", "https://api.kestrel.test/", "--doc", str(doc), "--no-build", cwd=sandbox_repo
    )
    assert done.returncode == 0, done.stderr
    first = json.loads((sandbox_repo / "grace/connector_integration/kestrel_specs.json").read_text())
    again = hs_scaffold("spec", "kestrel", "--json", cwd=sandbox_repo)
    assert again.returncode == 0, again.stderr
    second = json.loads(again.stdout)
    assert second["docs"] == first["docs"] and second["docs"], second["docs"]
    assert second["amount"]["currency_unit"] == first["amount"]["currency_unit"] is not None


def test_an_openapi_doc_that_does_not_parse_is_refused_before_the_script(
    sandbox_repo: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "vendor_openapi.yaml"
    bad.write_text("openapi: 3.0.3\ninfo:\n  title: [unclosed\npaths: {}\n", encoding="utf-8")
    before = tree_state(sandbox_repo)
    done = hs_scaffold(
        "new", "acmepay", "https://api.acmepay.test/", "--doc", str(bad), "--no-build", cwd=sandbox_repo
    )
    assert done.returncode == 2, done.stderr
    assert "not valid YAML" in done.stderr and "script" not in done.stderr, done.stderr
    assert tree_state(sandbox_repo) == before
