"""The doc reader (scaffold/docs): the doc model, each kind of fact with its lines, OpenAPI, bounds."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from scaffold.docs import DocModel, read_docs, read_texts
from scaffold.docs.flows import classify, classify_path
from scaffold.docs.markdown import parse_markdown
from scaffold.docs.urls import template
from scaffold.errors import UsageError

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
Zeta posts a notification to your callback URL; verify the `Zeta-Signature` header (HMAC-SHA256).

```json
{"event": "charge.succeeded"}
```
"""


def read(text: str, name: str = "d.md") -> DocModel:
    return read_texts([(name, text)])


@pytest.fixture
def zeta() -> DocModel:
    return read(DOC, "zeta_doc.md")


def test_the_model_keeps_sections_tables_code_and_their_lines() -> None:
    doc = parse_markdown(DOC, "zeta_doc.md")
    kinds = [(b.kind, b.line) for b in doc.blocks]
    assert ("table", 9) in kinds and ("code", 17) in kinds and ("heading", 8) in kinds
    table = next(b for b in doc.blocks if b.kind == "table")
    assert table.header == ("Method", "Endpoint", "What") and [r.line for r in table.rows] == [11, 12]
    code = next(b for b in doc.blocks if b.kind == "code")
    assert (code.lang, code.line, code.end, code.section.title) == ("bash", 17, 17, "Payments")


def test_endpoints_from_tables_and_prose_never_from_examples(zeta: DocModel) -> None:
    found = [(e.method, e.path, e.flows, e.where.line) for e in zeta.endpoints]
    assert found == [
        ("POST", "/v2/charges", ["Authorize"], 11),
        ("GET", "/v2/charges/{charge_id}", ["PSync"], 12),
        ("POST", "/v2/charges/{charge_id}/capture", ["Capture"], 14),
    ]  # the curl line's POST /v2/refunds is an example: it creates no endpoint


def test_auth_amounts_currency_statuses_webhooks(zeta: DocModel) -> None:
    assert (zeta.auth.scheme, zeta.auth.header) == ("Bearer", "Authorization")
    assert [f.evidence.where.line for f in zeta.auth.facts] == [6]
    amount = zeta.amount
    assert (amount.unit, amount.representation, amount.convertor) == (
        "Base",
        "string",
        "StringMajorUnitForConnector",
    )
    assert {f.evidence.where.line for f in amount.facts} == {17, 20, 23}
    assert [(c.text, c.where.line) for c in zeta.currencies] == [("currency EUR", 17)]
    statuses = [(s.value, s.kind, s.evidence.where.line) for s in zeta.statuses]
    assert statuses == [("succeeded", "payment", 23), ("pending", "refund", 29)]
    hooks = zeta.webhooks
    assert [(e.name, e.evidence.where.line) for e in hooks.events] == [("charge.succeeded", 36)]
    assert hooks.signature_header and hooks.signature_header[0] == "Zeta-Signature"
    assert hooks.algorithm and hooks.algorithm[0] == "HMAC-SHA256"
    assert [b.url for b in zeta.base_urls] == ["https://api.zeta.example/v2"]


def test_webhook_signatures_are_not_request_auth(zeta: DocModel) -> None:
    assert {f.scheme for f in zeta.auth.facts} == {"Bearer"}


@pytest.mark.parametrize(
    ("method", "path", "flows"),
    [
        ("POST", "/v1/payments", ("Authorize",)),
        ("GET", "/v1/payments/{id}", ("PSync",)),
        ("GET", "/v1/payments", ()),  # a list
        ("POST", "/v1/payments/{id}/capture", ("Capture",)),
        ("POST", "/v1/charge/{id}/settle", ("Capture",)),
        ("POST", "/v1/payments/{id}/void", ("Void",)),
        ("POST", "/v1/payments/{id}/cancel", ("Void",)),
        ("POST", "/v1/payments/{id}/reversal", ("Void",)),
        ("POST", "/v1/payments/{id}/refunds", ("Execute",)),
        ("POST", "/v1/transactions/{id}/credit", ("Execute",)),
        ("GET", "/v1/refunds/{id}", ("RSync",)),
        ("GET", "/v1/payments/{id}/refunds", ()),  # a list
        ("POST", "/oauth/token", ("AccessTokenAuth",)),
        ("POST", "/api/v1/authentication/login", ("AccessTokenAuth",)),
        ("POST", "/v1/card-tokens", ("PaymentMethodToken",)),
        ("POST", "/ch/payments/v1/transaction-inquiry", ("PSync",)),
        ("GET", "/transaction/verify/{reference}", ("PSync",)),
        ("GET", "/v1/balance", ()),  # not a flow's
        ("POST", "/v1/payments/{id}", None),  # one endpoint for several flows: the path alone says nothing
    ],
)
def test_flows_from_the_path_alone(method: str, path: str, flows: tuple[str, ...] | None) -> None:
    reading = classify_path(method, path)
    assert (reading.flows if reading.decided else None) == flows


@pytest.mark.parametrize(
    ("text", "method", "trailing", "flows"),
    [
        ("Capture an authorized payment", "POST", True, ("Capture",)),
        ("Cancel an authorization", "POST", True, ("Void",)),
        ("Cancel a payment", "DELETE", True, ("Void",)),
        ("Refund a captured payment", "POST", True, ("Execute",)),
        ("Retrieve a refund", "GET", True, ("RSync",)),
        ("Look up a transaction: works for payments and refunds", "GET", True, ("PSync", "RSync")),
        ("capture, reverse or refund a payment", "POST", True, ("Capture", "Void", "Execute")),
        ("List refunds", "GET", False, ()),
        ("Update a payment", "PATCH", True, ()),
        ("Store a card for later", "POST", False, ()),
        ("Verify a card with a zero-amount authorisation", "POST", False, ()),
        ("Create a customer", "POST", False, ()),
        ("Charge a card", "POST", False, ("Authorize",)),
        ("Get an OAuth access token", "POST", False, ("AccessTokenAuth",)),
    ],
)
def test_flows_from_a_description(text: str, method: str, trailing: bool, flows: tuple[str, ...]) -> None:
    assert classify(text, method, trailing).flows == flows


def test_placeholders_and_concrete_ids_become_templates() -> None:
    assert template("/v1/payments/:id/capture") == "/v1/payments/{id}/capture"
    assert template("/v1/payments/<payment_id>") == "/v1/payments/{payment_id}"
    assert template("/v1/payments/pay_8f2a91/capture?expand=x") == "/v1/payments/{id}/capture"
    assert template("/v2/orders/3steps/init") == "/v2/orders/3steps/init"


AMOUNTS = [
    ('```json\n{"amount": 1000}\n```\n', "Minor", "number", True, "MinorUnitForConnector"),
    ('```json\n{"amount": "1000"}\n```\n', "Minor", "string", True, "StringMinorUnitForConnector"),
    ('```json\n{"amount": 10.5}\n```\n', "Base", "number", False, "FloatMajorUnitForConnector"),
    (
        '```json\n{"amount": {"value": "10.00", "currency": "EUR"}}\n```\n',
        "Base",
        "string",
        False,
        "StringMajorUnitForConnector",
    ),
    ("The amount is in the smallest currency unit.\n", "Minor", None, False, None),
    (
        'Amounts are in minor units.\n```json\n{"amount": 1000}\n```\n',
        "Minor",
        "number",
        False,
        "MinorUnitForConnector",
    ),
    (
        "| Field | Type | Description |\n|---|---|---|\n"
        "| amount | String | Minor units, digits only, e.g. `1500` |\n",
        "Minor",
        "string",
        False,
        "StringMinorUnitForConnector",
    ),
    (
        "| Field | Format | Description |\n|---|---|---|\n| amount | N13.2 | dot as decimal separator |\n",
        "Base",
        "string",
        False,
        "StringMajorUnitForConnector",
    ),
    (
        "```\ncurl https://x.example/v1/payments -d amount=92.00 -d currency=EUR\n```\n",
        "Base",
        "form",
        False,
        "StringMajorUnitForConnector",
    ),
    ("Nothing about money.\n", None, None, False, None),
]


@pytest.mark.parametrize(("text", "unit", "representation", "inferred", "convertor"), AMOUNTS)
def test_amount_reading(
    text: str, unit: str | None, representation: str | None, inferred: bool, convertor: str | None
) -> None:
    amount = read(text).amount
    assert (amount.unit, amount.representation, amount.inferred, amount.convertor) == (
        unit,
        representation,
        inferred,
        convertor,
    )


def test_conflicting_amounts_are_a_conflict_quoting_both_lines() -> None:
    amount = read('Amounts are in minor units.\n\n```json\n{"amount": 10.50}\n```\n').amount
    assert amount.unit is None and len(amount.conflicts) == 1
    stated, shown = amount.conflicts[0]
    assert (stated.evidence.where.line, shown.evidence.where.line) == (1, 4)


@pytest.mark.parametrize(
    ("text", "scheme", "header"),
    [
        ("```\ncurl -u sk_test_1: https://x.example/v1/charges\n```", "Basic", "Authorization"),
        ("```\nX-Api-Key: abc\n```", "ApiKey", "X-Api-Key"),
        ("## Authentication\n\nPut the API key in the `X-Key` header.", "ApiKey", "X-Key"),
        (
            "| Header | Value |\n|---|---|\n| `X-Acme-Access-Key` | your key, Base64 encoded |",
            "ApiKey",
            "X-Acme-Access-Key",
        ),
        ("Every request is signed with HMAC-SHA256.", "Signature", None),
        ("No auth here.", None, None),
    ],
)
def test_auth_schemes(text: str, scheme: str | None, header: str | None) -> None:
    reading = read(text + "\n").auth
    assert (reading.scheme, reading.header) == (scheme, header)


def test_two_schemes_leave_the_scheme_open_with_candidates() -> None:
    reading = read("Use `Authorization: Bearer x`.\n\nOr basic auth with your key.\n").auth
    assert reading.scheme is None and reading.candidates == ["Basic", "Bearer"]


def test_nothing_is_invented_from_an_empty_doc() -> None:
    model = read("# Zeta\n\nZeta is a payment company. Contact sales.\n")
    assert model.empty()


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

## Query parameters

| Parameter | Values |
|---|---|
| `status` | `open`, `closed` |
| `grant_type` | `client_credentials` |

```bash
curl https://api.pay.example/v1/payments/{id}
```
"""


def test_status_values_from_tables_enumerations_and_lists_in_context_only() -> None:
    model = read(PROSE_STATUSES, "pay_doc.md")
    found = [(s.value, s.kind, s.evidence.where.line) for s in model.statuses]
    assert found == [
        ("open", "payment", 9),
        ("paid", "payment", 10),
        ("queued", "refund", 14),
        ("done", "refund", 14),
        ("rejected", "refund", 14),
        ("sent", "refund", 18),  # under the Refunds heading; "payout" names neither
        ("returned", "refund", 19),
    ]  # nothing from the query parameters


def test_error_fields_and_base_urls_keep_their_path() -> None:
    model = read(PROSE_STATUSES, "pay_doc.md")
    assert [(f.name, f.evidence.where.line) for f in model.errors.fields] == [("code", 25), ("message", 26)]
    assert [(b.url, b.evidence.where.line) for b in model.base_urls] == [("https://api.pay.example/v1/", 3)]


DECOYS = """\
# Quell API

Base URL: `https://api.quell.test`

## Payments

| Method | Path | Description |
|---|---|---|
| POST | /v1/payments | Authorise a payment |
| GET | /v1/payments | List payments |
| PATCH | /v1/payments/{id} | Update the metadata of a payment |
| POST | /v1/cards | Store a card |

The payment's `returnUrl` (for example `https://shop.example/return`) is where we send the shopper back.

```http
POST /v1/payments/pay_88a1c2/capture HTTP/1.1
Host: api.quell.test
```

```json
{"id": "pay_88a1c2", "links": {"self": "https://api.quell.test/v1/payments/pay_88a1c2"}}
```

There is no endpoint to void an authorisation: it expires after seven days.

Partial captures are not supported.

## Deprecated: API v0

| Method | Path | Description |
|---|---|---|
| POST | /v0/charge | Authorise a payment |
"""


def test_decoys_carry_no_flow_and_unsupported_flows_are_recorded() -> None:
    model = read(DECOYS)
    found = [(e.method, e.path, e.flows, e.deprecated) for e in model.endpoints]
    assert found == [
        ("POST", "/v1/payments", ["Authorize"], False),
        ("GET", "/v1/payments", [], False),
        ("PATCH", "/v1/payments/{id}", [], False),
        ("POST", "/v1/cards", [], False),
        ("POST", "/v0/charge", [], True),
    ]  # no endpoint from the raw HTTP example, the response's link or the return URL
    assert [b.url for b in model.base_urls] == ["https://api.quell.test"]
    assert [(u.flow, u.evidence.where.line) for u in model.unsupported] == [("Void", 25)]  # not Capture


ONE_ENDPOINT = """\
# Ferro API

Every operation is a `POST /v1/payments/{id}` whose `paymentType` says what to do.

| Field | Description |
|---|---|
| paymentType | `CP` (capture), `RV` (reversal), `RF` (refund) |

## Retrieve

`GET /v1/payments/{id}` returns the payment and each of its refunds.
"""


def test_a_discriminator_field_gives_one_endpoint_several_flows() -> None:
    model = read(ONE_ENDPOINT)
    flows = {(e.method, e.path): e.flows for e in model.endpoints}
    assert flows[("POST", "/v1/payments/{id}")] == ["Capture", "Void", "Execute"]


OPENAPI = """\
openapi: 3.0.3
info: {title: Vard API, version: "1"}
servers:
  - url: https://api.vard.test
paths:
  /v1/charge:
    post:
      summary: Create a charge
      requestBody:
        content:
          application/json:
            schema: {$ref: "#/components/schemas/Charge"}
      responses:
        "400":
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Error"}
  /v1/charge/{handle}/settle:
    post:
      summary: Settle an authorised charge
  /v1/charge/{handle}:
    get:
      summary: Get a charge
components:
  securitySchemes:
    basic: {type: http, scheme: basic}
  schemas:
    Charge:
      type: object
      properties:
        amount: {type: integer, description: Amount in minor units}
        state: {type: string, enum: [authorized, settled, failed]}
    Error:
      type: object
      properties:
        code: {type: string}
        message: {type: string}
"""


def test_openapi_is_read_exactly_with_pointers() -> None:
    model = read(OPENAPI, "vard_openapi.yaml")
    found = [(e.method, e.path, e.flows, e.where.pointer, e.where.line) for e in model.endpoints]
    assert found == [
        ("POST", "/v1/charge", ["Authorize"], "/paths/~1v1~1charge/post", 7),
        ("POST", "/v1/charge/{handle}/settle", ["Capture"], "/paths/~1v1~1charge~1{handle}~1settle/post", 19),
        ("GET", "/v1/charge/{handle}", ["PSync"], "/paths/~1v1~1charge~1{handle}/get", 22),
    ]
    assert (model.auth.scheme, model.amount.unit, model.amount.convertor) == (
        "Basic",
        "Minor",
        "MinorUnitForConnector",
    )
    assert [s.value for s in model.statuses] == ["authorized", "settled", "failed"]
    assert [f.name for f in model.errors.fields] == ["code", "message"]
    assert model.base_urls[0].url == "https://api.vard.test"


def test_bounded_input_refuses_big_binary_fifo_and_non_utf8(tmp_path: Path) -> None:
    big = tmp_path / "big.md"
    big.write_bytes(b"a" * (5 * 1024 * 1024 + 1))
    binary = tmp_path / "bin.md"
    binary.write_bytes(b"# x\x00\x01")
    latin = tmp_path / "latin.md"
    latin.write_bytes("# Caf\xe9\n".encode("latin-1"))
    fifo = tmp_path / "fifo.md"
    os.mkfifo(fifo)
    for path, message in (
        (big, "over the 5.0 MB limit"),
        (binary, "binary"),
        (latin, "not UTF-8"),
        (fifo, "a FIFO, not a regular file"),
    ):
        with pytest.raises(UsageError, match=message) as caught:
            read_docs([path])
        assert "\n" not in caught.value.one_line()


SHAPES = """\
# Marlo API

Base URL: `https://api.marlo.test`

## Create a charge

```
POST /v2/charges
```

Creates and authorises a charge.

## /v2/charges/{id}/captures

**POST** — Capture an authorised charge.

## Cancel a charge

```
DELETE /v2/charges/{id}
```

## Refund API

Method: POST
URL: /v2/refunds

## Cancel a scheduled retry

`DELETE /v2/charges/{id}/retries`

## Charge statuses

**AUTHORISED** — the charge was authorised.

**Note** — more statuses may be added later.

The `state` is one of `Pending`, `Partially Refunded`, `Card Verified` or `Captured`.
"""


def test_endpoint_shapes_signatures_path_headings_and_labelled_lines() -> None:
    model = read(SHAPES)
    found = [(e.method, e.path, e.flows) for e in model.endpoints]
    assert found == [
        ("POST", "/v2/charges", ["Authorize"]),  # a code block that is nothing but the signature
        ("POST", "/v2/charges/{id}/captures", ["Capture"]),  # the path as the heading, the method below
        ("DELETE", "/v2/charges/{id}", ["Void"]),  # cancel by DELETE
        ("POST", "/v2/refunds", ["Execute"]),  # "Method: POST / URL: ..."
        ("DELETE", "/v2/charges/{id}/retries", []),  # cancelling something that is not a payment
    ]
    values = [s.value for s in model.statuses]
    assert values == ["AUTHORISED", "Pending", "Partially Refunded", "Card Verified", "Captured"]


SWAGGER = """\
swagger: "2.0"
info: {title: Old API, version: "1"}
host: api.old.test
basePath: /v1
securityDefinitions:
  key: {type: apiKey, in: header, name: X-Old-Key}
  legacy: {type: basic}
security:
  - key: []
paths:
  /charges:
    post: {summary: Create a charge, responses: {"200": {description: ok}}}
definitions:
  Charge:
    type: object
    properties:
      amount: {type: string, description: Decimal amount in major units, example: "10.00"}
      status: {type: string, enum: [pending, paid]}
"""


def test_swagger_2_documents_and_only_the_security_the_document_uses() -> None:
    model = read(SWAGGER, "old_openapi.yaml")
    assert [b.url for b in model.base_urls] == ["https://api.old.test/v1"]
    assert (model.auth.scheme, model.auth.header) == ("ApiKey", "X-Old-Key")
    assert (model.amount.unit, model.amount.convertor) == ("Base", "StringMajorUnitForConnector")
    assert [s.value for s in model.statuses] == ["pending", "paid"]
    assert [(e.method, e.path, e.flows) for e in model.endpoints] == [("POST", "/charges", ["Authorize"])]


def test_candidates_are_the_lines_that_touch_a_topic() -> None:
    model = read("# X\n\nErrors are described elsewhere.\n\nWe post a notification on every change.\n")
    assert model.candidate_lines("errors") == "line 3"
    assert model.candidate_lines("webhook") == "line 5"
    assert model.candidate_lines("status") is None


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("The amount, as a decimal with two fraction digits (`10.50`), in the payment's currency.", "Base"),
        ("The amount in minor units (1050 for EUR 10.50).", "Minor"),  # the decimal explains: no conflict
        ("Amount in cents, e.g. 1050 for 10.50 EUR.", "Minor"),
        ("The amount in the currency's smallest unit, not in decimals.", "Minor"),
        ("Amounts are not in cents: send 10.50 for ten euros fifty.", "Base"),
    ],
)
def test_amount_units_from_prose(text: str, unit: str) -> None:
    amount = read(text + "\n").amount
    assert (amount.unit, amount.conflicts) == (unit, [])


def test_a_deprecated_version_named_in_the_intro_deprecates_only_that_version() -> None:
    text = (
        "# Osprey API\n\nAPI v1 is deprecated and will be switched off in March; use v2.\n\n"
        "| Method | Path | Description |\n|---|---|---|\n| POST | /v1/charge | Create a charge |\n"
        "| POST | /v2/payments | Create a payment |\n| GET | /v1/charge/{id} | Retrieve a charge |\n"
    )
    found = [(e.path, e.flows, e.deprecated) for e in read(text).endpoints]
    assert found == [
        ("/v1/charge", [], True),
        ("/v2/payments", ["Authorize"], False),
        ("/v1/charge/{id}", [], True),
    ]


def test_cancelling_a_refund_voids_nothing() -> None:
    assert classify("Cancel a pending refund", "POST", True).flows == ()
    assert classify_path("POST", "/v1/payments/{id}/refunds/{refund_id}/cancel").flows == ()
    assert classify("Cancel the payment", "POST", True).flows == ("Void",)
