"""Reading a connector's API docs: endpoints, auth, amounts, webhooks, each with its line."""

from __future__ import annotations

from pathlib import Path

import pytest

from scaffold.connector_docs import ConnectorDoc, auth_scheme, flow_for, parse_doc, read_amounts

DOC = """\
# Zeta API

Base URL: `https://api.zeta.example/v2`

## Authentication
Send your key in the `Authorization: Bearer <key>` header.

## Payments
| Method | Endpoint | What |
|---|---|---|
| `POST` | `/v2/charges` | create a charge |
| GET | /v2/charges/{charge_id} | fetch it |

To capture, send a POST request to `/v2/charges/{charge_id}/capture`.

```bash
curl -X POST https://api.zeta.example/v2/refunds -d '{"amount": "10.50", "currency": "EUR"}'
```

Amounts are decimal strings with two decimal places.

```json
{"id": "ch_1", "status": "succeeded", "amount": "10.50"}
```

## Refunds

```json
{"id": "re_1", "status": "pending"}
```

## Webhooks
Zeta posts a notification to your callback URL; verify the `Zeta-Signature` header (HMAC).

```json
{"event": "charge.succeeded"}
```
"""


@pytest.fixture
def doc() -> ConnectorDoc:
    return parse_doc(DOC, Path("zeta_doc.md"))


def test_endpoints_from_tables_prose_and_curl_with_lines(doc: ConnectorDoc) -> None:
    found = [(e.method, e.path, e.flow, e.line) for e in doc.endpoints]
    assert found == [
        ("POST", "/v2/charges", "Authorize", 11),
        ("GET", "/v2/charges/{charge_id}", "PSync", 12),
        ("POST", "/v2/charges/{charge_id}/capture", "Capture", 14),
        ("POST", "/v2/refunds", "Execute", 17),
    ]


def test_auth_amounts_currency_statuses_webhooks(doc: ConnectorDoc) -> None:
    assert auth_scheme(doc) == "Bearer"
    assert [a.line for a in doc.auth] == [6]
    reading = read_amounts(doc)
    assert (reading.unit, reading.representation, reading.inferred) == ("Base", "string", False)
    assert {a.line for a in reading.evidence} == {17, 20, 23}
    assert [(c.text, c.line) for c in doc.currencies] == [("EUR", 17)]
    statuses = [(s.text, s.line, s.section) for s in doc.statuses]
    assert statuses == [("succeeded", 23, "Payments"), ("pending", 29, "Refunds")]
    assert [w.line for w in doc.webhooks] == [33]
    assert [(e.text, e.line) for e in doc.events] == [("charge.succeeded", 36)]
    assert [u.text for u in doc.base_urls] == ["https://api.zeta.example/v2"]  # the path kept


def test_webhook_signatures_are_not_request_auth(doc: ConnectorDoc) -> None:
    assert {a.scheme for a in doc.auth} == {"Bearer"}


@pytest.mark.parametrize(
    ("method", "path", "flow"),
    [
        ("POST", "/v1/payments", "Authorize"),
        ("GET", "/v1/payments/{id}", "PSync"),
        ("GET", "/v1/payments", None),
        ("POST", "/v1/payments/:id/capture", "Capture"),
        ("POST", "/v1/payments/{id}/void", "Void"),
        ("POST", "/v1/payments/{id}/cancel", "Void"),
        ("POST", "/v1/payments/{id}/refunds", "Execute"),
        ("GET", "/v1/refunds/{id}", "RSync"),
        ("POST", "/oauth/token", "AccessTokenAuth"),
        ("POST", "/v1/tokens", "PaymentMethodToken"),
        ("POST", "/v1/webhooks", None),
        ("GET", "/v1/balance", None),
        ("DELETE", "/v1/customers/{id}", None),
    ],
)
def test_flow_mapping_is_conservative(method: str, path: str, flow: str | None) -> None:
    assert flow_for(method, path) == flow


@pytest.mark.parametrize(
    ("text", "unit", "representation", "inferred"),
    [
        ('```\n{"amount": 1000}\n```\n', "Minor", "integer", True),
        ('```\n{"amount": "1000"}\n```\n', "Minor", "string", True),
        ('```\n{"amount": 10.5}\n```\n', "Base", "float", False),
        ("The amount is in the smallest currency unit.\n", "Minor", None, False),
        ('Amounts are in minor units.\n```\n{"amount": 1000}\n```\n', "Minor", "integer", False),
        ('```\n{"amount": 1000}\n{"total_amount": 10.5}\n```\n', None, None, False),
        ("Nothing about money.\n", None, None, False),
    ],
)
def test_amount_reading(text: str, unit: str | None, representation: str | None, inferred: bool) -> None:
    reading = read_amounts(parse_doc(text, Path("d.md")))
    assert (reading.unit, reading.representation, reading.inferred) == (unit, representation, inferred)


@pytest.mark.parametrize(
    ("line", "scheme"),
    [
        ("```\ncurl -u sk_test_1: https://x.example/v1/charges\n```", "Basic"),
        ("```\nX-Api-Key: abc\n```", "ApiKey"),
        ("Put the API key in the `X-Key` header.", "ApiKey"),
        ("Every request is signed with HMAC-SHA256.", "Signature"),
        ("No auth here.", None),
    ],
)
def test_auth_schemes(line: str, scheme: str | None) -> None:
    assert auth_scheme(parse_doc(line + "\n", Path("d.md"))) == scheme


def test_two_schemes_leave_the_scheme_open() -> None:
    doc = parse_doc("Use `Authorization: Bearer x`.\n\nOr basic auth with your key.\n", Path("d.md"))
    assert auth_scheme(doc) is None


def test_nothing_is_invented_from_an_empty_doc() -> None:
    doc = parse_doc("# Zeta\n\nZeta is a payment company.\n", Path("d.md"))
    assert (doc.endpoints, doc.auth, doc.amounts, doc.statuses, doc.webhooks) == ([], [], [], [], [])


PROSE_STATUSES = """\
# Pay API

Base URL: https://api.pay.example/v1/

## Payment statuses

| Status | Meaning |
|---|---|
| `open` | created |
| paid | settled |

## Refunds

A refund's `status` is one of `queued`, `done` or `rejected`.

Statuses of a payout:

- `sent`
- `returned`

## Errors

| Field | Description |
|---|---|
| `code` | machine-readable |
| `message` | for people |

```bash
curl https://api.pay.example/v1/payments/{id}
```
"""


def test_status_values_in_prose_lists_and_tables_with_their_lines() -> None:
    doc = parse_doc(PROSE_STATUSES, Path("pay_doc.md"))
    found = [(s.text, s.line, s.about) for s in doc.statuses]
    assert found == [
        ("open", 9, "payment"),
        ("paid", 10, "payment"),
        ("queued", 14, "refund"),
        ("done", 14, "refund"),
        ("rejected", 14, "refund"),
        ("sent", 18, "refund"),  # under the Refunds heading; "payout" names neither
        ("returned", 19, "refund"),
    ]


def test_errors_are_their_body_lines_and_base_urls_keep_their_path() -> None:
    doc = parse_doc(PROSE_STATUSES, Path("pay_doc.md"))
    assert [(e.text, e.line) for e in doc.errors] == [
        ("| `code` | machine-readable |", 25),
        ("| `message` | for people |", 26),
    ]
    # the curl line's host is already named with its path: not listed again
    assert [(u.text, u.line) for u in doc.base_urls] == [("https://api.pay.example/v1/", 3)]


def test_examples_know_their_endpoint_and_role() -> None:
    doc = parse_doc(DOC, Path("zeta_doc.md"))
    shown = [(b.start, b.end, b.role, b.endpoint and b.endpoint.path, b.keys) for b in doc.blocks]
    assert shown[0] == (17, 17, "request", "/v2/refunds", ("amount", "currency"))
    assert shown[1][4] == ("id", "status", "amount")
