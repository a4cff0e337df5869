"""The doc reader (scaffold/docs): the doc model, each kind of fact with its lines, OpenAPI, bounds."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from scaffold.docs.flows import classify, classify_path, sets_up_mandate
from scaffold.docs.markdown import parse_markdown
from scaffold.docs.reader import DocModel, read_docs, read_texts
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


def test_a_base_url_named_by_where_requests_go() -> None:
    """No "base URL" words, only where the requests are sent, the URL in inline code (a new
    user's doc): still the base URL; a return URL in the same words is not."""
    text = (
        "# Quillpay API\n\nAll requests go to `https://sandbox.quillpay.example/v2`. Send your "
        "requests with a bearer token.\n\nAfter paying, the shopper is sent to your return URL "
        "`https://shop.example/return`.\n"
    )
    model = read(text, "quillpay_doc.md")
    assert [(b.url, b.evidence.where.line) for b in model.base_urls] == [
        ("https://sandbox.quillpay.example/v2", 3)
    ]


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


# --- flows: which text decides ---------------------------------------------------------------------

HEADED = """\
# Brisa API

## Capture an authorisation

`POST /v3/auths/{id}/settlements`

`{id}` is the id of the authorisation; the answer repeats the amount.

## Refunds

Money goes back to the shopper through `POST /v3/refunds`. To check on it later, `GET /v3/refunds/{id}`.

## Charges

A charge created with `hold` set is captured by `POST /v3/charges/{id}/capture` with an empty body.
A payment is created with `POST /v3/charges`; you can capture it later with
`POST /v3/charges/{id}/finalize`.
"""


def test_the_sentence_then_the_operations_own_heading_then_its_path_decide() -> None:
    found = {(e.method, e.path): e.flows for e in read(HEADED).endpoints}
    assert found == {
        ("POST", "/v3/auths/{id}/settlements"): ["Capture"],  # the heading, not "the authorisation" after it
        ("POST", "/v3/refunds"): ["Execute"],  # "money goes back", whoever it goes back to
        ("GET", "/v3/refunds/{id}"): ["RSync"],  # "check on it": the path says what "it" is
        ("POST", "/v3/charges/{id}/capture"): ["Capture"],  # passive with its means; "a charge" is a noun
        ("POST", "/v3/charges"): ["Authorize"],
        ("POST", "/v3/charges/{id}/finalize"): ["Capture"],  # the path's verb over "capture it later"
    }


@pytest.mark.parametrize(
    ("text", "method", "trailing", "flows"),
    [
        ("Stores a card and returns a payment method id", "POST", False, ("PaymentMethodToken",)),
        ("Saves card details in the vault for the dashboard", "POST", False, ()),
        ("Debit (authorize and capture at once)", "POST", False, ("Authorize",)),
        ("Payment with immediate capture", "POST", False, ("Authorize",)),
        ("Stores a card without charging it", "POST", False, ("SetupMandate",)),
        ("Gives part of a captured sale back to the buyer", "POST", False, ("Execute",)),
        ("Current state of a payment or of a refund", "POST", False, ("PSync", "RSync")),
        ("Looks orders up by reference", "POST", False, ("PSync",)),
        ("the id of the authorization", "POST", False, ("Authorize",)),  # a noun only: no verb reading
    ],
)
def test_flows_from_determiners_sales_weak_decoys_and_phrases(
    text: str, method: str, trailing: bool, flows: tuple[str, ...]
) -> None:
    reading = classify(text, method, trailing)
    assert reading.flows == flows
    if text.startswith("the id"):
        assert reading.strength == "noun"


MANDATES = """\
# Vello API

| Method | Path | Purpose |
|---|---|---|
| POST | `/pay` | Payment with immediate capture; with amount `0` it only stores the card for later payments |
| POST | `/pay/{id}/refund` | Refund a payment |

## Orders

`POST /orders` creates an order.

`mode` is `single` for one payment and `first` for the first payment of a mandate.

`GET /orders/{id}` returns the order.

## Saved cards

`POST /saved/{id}/charges` charges a stored card later, for merchant-initiated charges.
"""


def test_a_mandate_set_up_through_a_payment_is_a_second_flow_of_that_payment() -> None:
    found = {(e.method, e.path): e.flows for e in read(MANDATES).endpoints}
    assert found[("POST", "/pay")] == ["Authorize", "SetupMandate"]
    assert found[("POST", "/orders")] == [
        "Authorize",
        "SetupMandate",
    ]  # its section's sentence names no operation
    assert found[("GET", "/orders/{id}")] == ["PSync"]
    assert found[("POST", "/saved/{id}/charges")] == ["Authorize"]  # charging a stored card sets nothing up
    assert classify("Store a card for later", "POST", False).flows == ()  # storing alone is no mandate
    assert not sets_up_mandate("A zero amount does not store the card for later merchant-initiated payments.")
    assert not sets_up_mandate("This call never sets up a mandate.")


TRANSACTIONS = """\
# Tern API

## Get a transaction

`GET /tx/{id}`

Returns a transaction by id. Use it as well to learn whether a refund has gone through.
"""

LOOKUPS = """\
# Tern API

## Payments

`GET /payments/{id}` returns a payment.

## Get the events of a payment

`GET /payments/{id}/events`

Lists what happened to a payment. Find a refund by its event id.
"""


def test_a_lookup_that_tells_a_refunds_outcome_serves_rsync_unless_another_does_it_alone() -> None:
    assert [e.flows for e in read(TRANSACTIONS).endpoints] == [["PSync", "RSync"]]
    assert {(e.method, e.path): e.flows for e in read(LOOKUPS).endpoints} == {
        ("GET", "/payments/{id}"): ["PSync"],
        ("GET", "/payments/{id}/events"): ["RSync"],  # PSync is the payment lookup's alone
    }


SHARED = """\
# Oryx XML

Every request is a `POST /xml/v2/gateway` of one document.

## Changing an order

Capture part of it:

```xml
<request><capture amount="500"/></request>
```

Cancel an authorisation that was not captured:

```xml
<request><cancel/></request>
```

Refund a captured order:

```xml
<request><refund amount="200"/></request>
```

## Asking about an order

The same inquiry answers for the payment and, after a refund, for the refund.

```xml
<request><inquiry order="A1"/></request>
```
"""


def test_each_examples_lead_in_gives_the_shared_endpoint_its_flow() -> None:
    assert read(SHARED).endpoints[0].flows == ["PSync", "Capture", "Void", "Execute", "RSync"]


VALUE_TABLE = """\
# Skiff Direct

| Method | URL | What it does |
|---|---|---|
| POST | `/api/do.php` | Runs a transaction; the `action` parameter says which. |
| POST | `/api/ask.php` | Answers questions. |

## Actions (`action`)

| `action` | Meaning |
|---|---|
| `sale` | Authorize and capture in one step |
| `capture` | Capture an earlier sale |
| `credit` | Give money back on a sale |
| `check` | Check a card without charging it and store it |

## Looking payments up (`ask.php`)

`ask.php` finds a transaction by order id, for payments and for refunds alike.
"""


def test_a_discriminator_values_table_and_a_section_named_for_a_script() -> None:
    found = {e.path: e.flows for e in read(VALUE_TABLE).endpoints}
    assert found["/api/do.php"] == ["Authorize", "Capture", "Execute", "SetupMandate"]
    assert found["/api/ask.php"] == ["PSync", "RSync"]


def test_an_example_answer_that_is_a_refund_makes_a_lookup_serve_rsync() -> None:
    text = (
        "# Wren\n\n## GET /v1/transactions/{id}\n\n```http\nGET /v1/transactions/8812 HTTP/1.1\n```\n\n"
        '```json\n{"id": 8812, "status": "OK", "type": "refund"}\n```\n'
    )
    assert read(text).endpoints[0].flows == ["PSync", "RSync"]


UNSUPPORTED = """\
# Kestrel

`POST /v1/charges` creates a charge. There is no separate capture step: a charge settles at once.
Charge requests cannot be voided through this API. There is no separate request for reading a
refund's status afterwards; `POST /v1/refunds` refunds a charge.
"""


def test_unsupported_flows_said_several_ways_quote_the_clause_that_says_so() -> None:
    found = {u.flow: u.evidence.text for u in read(UNSUPPORTED).unsupported}
    assert found == {
        "Capture": "There is no separate capture step:",
        "Void": "Charge requests cannot be voided through this API.",
        "RSync": "There is no separate request for reading a refund's status afterwards;",
    }  # not Execute: "reading a refund's status" is the refund lookup


OPENAPI_BODIES = """\
openapi: 3.1.0
info:
  title: Lark API
  version: "1"
  description: Payments cannot be voided or cancelled through this API.
servers:
  - url: https://api.lark.test
paths:
  /charges:
    post:
      summary: Create a charge
      description: Send an amount of 0 with `keep` to store the card for later merchant-initiated payments.
      requestBody:
        content:
          application/json:
            schema: {$ref: "#/components/schemas/ChargeRequest"}
      responses:
        "201":
          content:
            application/json:
              schema:
                type: object
                properties:
                  id: {type: string, example: ch_1}
                  status: {type: string, enum: [held, paid]}
        "422":
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Problem"}
  /charges/{id}:
    get:
      summary: Get a charge
  /charges/{id}/history:
    get:
      summary: Get charge history
      description: Find a refund by its entry id; `ok` says whether it went through.
x-webhooks:
  description: The `Lark-Signature` header is the HMAC-SHA256 of the body.
  events: [charge.paid, charge.failed]
components:
  schemas:
    Money: {type: integer, format: int64, description: Minor units, examples: [1050]}
    ChargeRequest:
      type: object
      required: [amount, card]
      properties:
        amount: {$ref: "#/components/schemas/Money"}
        capture: {type: boolean, default: true}
        card:
          type: object
          required: [number]
          properties:
            number: {type: string}
            expiry: {type: string, format: date}
        items:
          type: array
          items:
            type: object
            properties:
              price: {$ref: "#/components/schemas/Money"}
        metadata: {type: object, additionalProperties: true}
    Problem:
      type: object
      properties:
        code: {type: string}
        detail: {type: string}
"""


def test_openapi_bodies_become_example_bodies_with_names_types_and_pointers() -> None:
    model = read(OPENAPI_BODIES, "lark_openapi.yaml")
    refs = [
        (r.endpoint.method, r.endpoint.path, r.example.role, r.example.pointer)
        for r in model.examples
        if r.endpoint
    ]
    assert refs == [
        ("POST", "/charges", "request", "/paths/~1charges/post/requestBody/content/application~1json/schema"),
        (
            "POST",
            "/charges",
            "response",
            "/paths/~1charges/post/responses/201/content/application~1json/schema",
        ),
        ("POST", "/charges", "error", "/paths/~1charges/post/responses/422/content/application~1json/schema"),
    ]
    request = model.examples[0].example
    assert [(v.key, v.schema_type, v.required, v.literal) for v in request.values] == [
        ("amount", "integer/int64", True, "1050"),
        ("capture", "boolean", False, "true"),
        ("card.number", "string", True, ""),
        ("card.expiry", "string/date", False, ""),
        ("items.price", "integer/int64", False, "1050"),  # array members without an index
        ("metadata", "object", False, ""),
    ]
    assert request.values[0].pointer == "/components/schemas/Money" and request.block.line == 16
    assert model.examples[1].example.values[1].enum == ("held", "paid")
    assert model.examples[2].example.keys == ("code", "detail")


def test_openapi_descriptions_give_mandates_refund_lookups_unsupported_flows_and_webhooks() -> None:
    model = read(OPENAPI_BODIES, "lark_openapi.yaml")
    assert {(e.method, e.path): e.flows for e in model.endpoints} == {
        ("POST", "/charges"): ["Authorize", "SetupMandate"],
        ("GET", "/charges/{id}"): ["PSync"],
        ("GET", "/charges/{id}/history"): ["RSync"],  # the charge lookup does PSync alone
    }
    assert [(u.flow, u.evidence.where.line) for u in model.unsupported] == [("Void", 5)]
    hooks = model.webhooks
    assert [e.name for e in hooks.events] == ["charge.paid", "charge.failed"]
    assert hooks.signature_header and hooks.signature_header[0] == "Lark-Signature"
    assert hooks.algorithm and hooks.algorithm[0] == "HMAC-SHA256"


STATES = """\
# Plover API

## Creating a payment

```json
{"id": "p1", "status": "open_link", "billing": {"address": {"state": "NY"}}}
```

The top-level `status` here is always `open_link`; it is not the state of the payment.

A payment starts `fresh` while the buyer is away, becomes `held` when the bank approves it, and ends
`settled` once the money arrives, or `lapsed` if nobody captures it.

A refund's status is one of queued, sent or bounced.

## Transaction states

| `data.status` | For a payment | For a refund |
|---|---|---|
| `OK` | Paid | Refunded |
| `WAIT` | Waiting | n/a |

## Refunds

| Refund `status` | Meaning |
|---|---|
| `undone` | The refund was reversed |

## Errors

A failed call answers with a 4xx status and a body like this:

| Field | Description |
|---|---|
| `code` | What went wrong |
| `message` | For people |
"""


def test_statuses_from_kind_columns_narratives_plain_words_and_never_a_denied_or_address_value() -> None:
    found = {(s.value, s.kind) for s in read(STATES).statuses}
    assert found == {
        ("fresh", "payment"),
        ("held", "payment"),
        ("settled", "payment"),
        ("lapsed", "payment"),
        ("queued", "refund"),
        ("sent", "refund"),
        ("bounced", "refund"),
        ("OK", "payment"),
        ("OK", "refund"),
        ("WAIT", "payment"),  # n/a: not a refund's
        ("undone", "refund"),
    }  # not open_link (the doc says so), NY (an address's state), nor the error table's fields


ERRORS_PROSE = """\
# Heron API

## When something goes wrong

Every answer has the `status` object. On failure `status.state` is `ERROR`, `status.reason` names the
problem (for example `CARD_EXPIRED`) and `status.trace_id` identifies the call.

A declined call can also carry issuer_code and advice_code as the card networks gave them.

A rejected form answers like `result=3&result_text=Bad card&order_ref=o-1`.

A 401 means a bad key: `{ "auth": { "why": "unknown key" } }`.

```xml
<reply version="2"><fault code="7"><![CDATA[Bad document]]></fault></reply>
```
"""


def test_error_fields_from_prose_inline_bodies_bare_names_and_xml_attributes() -> None:
    names = [f.name for f in read(ERRORS_PROSE).errors.fields]
    assert names == [
        "fault.@code",
        "fault",  # the element's text, its message
        "status.state",
        "status.reason",
        "status.trace_id",  # not the values ERROR or CARD_EXPIRED
        "issuer_code",
        "advice_code",
        "result",
        "result_text",
        "order_ref",
        "auth.why",  # an inline body alone
    ]


HOOKS = """\
# Egret API

## Events

Egret calls your URL when a payment changes. The types we receive are PAY_DONE, PAY_FAILED and
REFUND_DONE. Each call has a `signature` header: the lower-case hex SHA-512 of the body and your key.

| Field | Type | Description |
|---|---|---|
| `event.type` | String | `PAY_DONE`, `PAY_FAILED`, `REFUND_DONE` or `DISPUTE` |
"""


def test_webhook_events_from_plain_listings_and_payload_tables_and_a_digest_as_algorithm() -> None:
    hooks = read(HOOKS).webhooks
    assert [e.name for e in hooks.events] == ["PAY_DONE", "PAY_FAILED", "REFUND_DONE", "DISPUTE"]
    assert hooks.signature_header and hooks.signature_header[0] == "signature"
    assert hooks.algorithm and hooks.algorithm[0] == "SHA-512"
    quillish = read("## Webhooks\n\nThe `signature` header carries the HMAC-SHA256 of the body.\n").webhooks
    assert quillish.signature_header and quillish.signature_header[0] == "signature"  # never HMAC-SHA256


def test_a_required_column_saying_no_negates_no_unit() -> None:
    text = (
        "| Parameter | Type | Required | Description |\n|---|---|---|---|\n"
        "| `amount` | String | no | Minor units, digits only |\n"
    )
    amount = read(text).amount
    assert (amount.unit, amount.convertor, amount.conflicts) == ("Minor", "StringMinorUnitForConnector", [])


ROLES = """\
# Ibis API

## POST /v1/charges

```json
{"amount": 100, "currency": "EUR"}
```

```json
{"id": "c1", "status": "held"}
```

## Refund

`POST /v1/refunds`

```
charge=c1&amount=100
```

## GET /v1/charges/{id}

```json
{"id": "c1", "amount": 100}
```
"""


def test_example_roles_from_answer_keys_form_bodies_and_bodiless_methods() -> None:
    roles = [(r.example.block.line, r.example.role) for r in read(ROLES).examples]
    assert roles == [(6, None), (10, "response"), (18, "request"), (24, "response")]
    # "## POST /v1/charges" names a method, not a request: the first body stays unmarked


def test_the_spec_names_example_bodies_and_schemas_by_role_and_types() -> None:
    from scaffold.spec_facts import example_facts

    hints, _ = example_facts(None, read(ROLES), "PaymentsRequest")  # type: ignore[arg-type]
    assert [h["text"] for h in hints] == [
        "example body (not marked as a request or a response) for `POST /v1/charges`; "
        "fields: `amount`, `currency`"
    ]
    schemas = read(OPENAPI_BODIES, "lark_openapi.yaml")
    hints, _ = example_facts(None, schemas, "PaymentsRequest")  # type: ignore[arg-type]
    assert hints[0]["text"].startswith(
        "request schema for `POST /charges`; fields: `amount` (integer/int64, required), `capture` (boolean)"
    )
    assert hints[0]["text"].endswith("(`/paths/~1charges/post/requestBody/content/application~1json/schema`)")


def test_an_inline_value_shows_how_amounts_travel() -> None:
    amount = read('Amounts are in minor units: `"value": 1000` is 10.00 EUR.\n').amount
    assert (amount.unit, amount.representation, amount.convertor) == (
        "Minor",
        "number",
        "MinorUnitForConnector",
    )
    form = read("Send the amount with a dot: `amount=92.00`.\n").amount
    assert (form.unit, form.representation) == ("Base", "form")


def test_a_mandate_in_a_body_fields_description_and_lookups_both_unsupported() -> None:
    text = (
        "# Numbat\n\n## Create an intent\n\n`POST /intents` creates a payment intent.\n\n"
        "| Field | Type | Description |\n|---|---|---|\n"
        "| `future_use` | string | `off_session` saves the card for later merchant-initiated payments |\n\n"
        "There is no endpoint to look up a payment or a refund: results come by webhook.\n"
    )
    model = read(text)
    assert model.endpoints[0].flows == ["Authorize", "SetupMandate"]
    assert sorted(u.flow for u in model.unsupported) == [
        "PSync",
        "RSync",
    ]  # "or": both, not one inside the other


def test_events_a_sentence_says_are_sent_and_no_other_code_of_its_paragraph() -> None:
    text = (
        "## Webhooks\n\nWe send `AUTHORISED`, `CAPTURED` and `REFUNDED` events. Each is signed: verify "
        "the `hmacSignature` in `additionalData` (HMAC-SHA256).\n"
    )
    assert [e.name for e in read(text).webhooks.events] == ["AUTHORISED", "CAPTURED", "REFUNDED"]


def test_a_token_from_an_oauth_path_is_an_access_token_and_a_titled_enumeration_counts_whole() -> None:
    text = (
        "# Dingo\n\n## Auth\n\nSend `Authorization: Bearer <token>`; "
        "get the token from `POST /oauth/token`.\n\n"
        "## Sale status\n\n`approved`, `declined` or `settled`: one of these is in `status`.\n"
    )
    model = read(text)
    assert [(e.path, e.flows) for e in model.endpoints] == [("/oauth/token", ["AccessTokenAuth"])]
    assert [s.value for s in model.statuses] == ["approved", "declined", "settled"]
