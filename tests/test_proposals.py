"""The proposals' parts on the sandbox: what they read from the checkout, the doc and the siblings, and
how they write Rust. (`tests/test_fill.py` compiles and runs the result with the real cargo.)"""

from __future__ import annotations

from pathlib import Path

import pytest

from scaffold import spec
from scaffold.checkout import Checkout, find_checkout
from scaffold.docs.reader import read_texts
from scaffold.proposals import propose, targets
from scaffold.proposals.checkout_defs import CheckoutDefs
from scaffold.proposals.credentials import count
from scaffold.proposals.model import Part, Proposal, Region
from scaffold.proposals.rust_code import (
    FieldSpec,
    StructSpec,
    VariantSpec,
    render_enum,
    render_struct,
    tidy,
    variant_name,
)
from scaffold.proposals.siblings import file_choices, load_votes, norm
from tests.helpers import git, hs_scaffold

DOC = Path(__file__).parent / "fixtures" / "docs" / "kestrel_doc.md"


@pytest.fixture(scope="module")
def kestrel(tmp_path_factory: pytest.TempPathFactory) -> Checkout:
    """The sandbox with `kestrel` scaffolded from its doc (no build), shared by the read-only tests."""
    from tests.helpers import make_sandbox

    root = make_sandbox(tmp_path_factory.mktemp("proposals") / "hs")
    done = hs_scaffold(
        "new", "kestrel", "https://api.kestrel.test/", "--doc", str(DOC), "--no-build", cwd=root
    )
    assert done.returncode == 0, done.stderr
    git(root, "add", "-A")
    git(root, "commit", "-qm", "scaffold")
    return find_checkout(root)


@pytest.fixture(scope="module")
def made(kestrel: Checkout) -> dict[str, Proposal]:
    ctx = spec.collect(kestrel, "kestrel", doc_paths=[DOC])
    return propose(ctx, spec.connector_sources(kestrel, "kestrel"))


def test_definitions_are_read_from_the_checkout(kestrel: Checkout) -> None:
    defs = CheckoutDefs(kestrel)
    auth = defs.get("ConnectorAuthType")
    assert auth is not None and auth.file == "crates/hyperswitch_domain_models/src/router_data.rs"
    assert [f.name for f in auth.variant_fields["BodyKey"]] == ["api_key", "key1"]
    assert defs.get("PaymentsSyncData").field("connector_transaction_id").type == "ResponseId"  # type: ignore[union-attr]
    assert defs.has_variant("Method", "Delete") and not defs.has_variant("Method", "Head")
    assert (
        defs.is_copy("MinorUnit")
        and not defs.is_copy("StringMinorUnit")
        and not defs.is_copy("Secret<String>")
    )
    assert defs.get("NoSuchTypeAnywhere") is None
    helper = defs.method("PaymentsAuthorizeData", "is_auto_capture")
    assert helper is not None and helper.trait == "PaymentsAuthorizeRequestData" and not helper.fallible
    inherent = defs.method("Card", "get_expiry_year_4_digit")
    assert inherent is not None and inherent.trait is None
    assert defs.header_constants["x-api-key"][0] == "headers::X_API_KEY"


def test_status_votes_count_each_siblings_choice(kestrel: Checkout) -> None:
    votes = load_votes(kestrel, "kestrel")
    plain, conditional, choices = votes.tally("AttemptStatus", "Captured")
    assert plain == {"Charged": 1} and conditional == 0
    assert choices[0].connector == "abacus" and choices[0].file.endswith("abacus/transformers.rs")
    assert votes.tally("AttemptStatus", "settled")[0] == {"Charged": 1}  # lumapay's grouped arm
    assert votes.tally("RefundStatus", "succeeded")[0] == {"Success": 2}
    assert votes.tally("AttemptStatus", "no-such-status")[0] == {}


def test_serde_spellings_and_conditional_arms_are_read() -> None:
    source = b"""
#[derive(Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum XStatus {
    #[serde(rename = "Partially Captured")]
    PartiallyCaptured,
    Settled,
    Pending,
}
impl From<XStatus> for enums::AttemptStatus {
    fn from(item: XStatus) -> Self {
        match item {
            XStatus::PartiallyCaptured => Self::PartialCharged,
            XStatus::Settled => enums::AttemptStatus::Charged,
            XStatus::Pending => if true { Self::Pending } else { Self::Authorizing },
        }
    }
}
"""
    found = {(spelling, target) for _, spelling, target, _ in file_choices(source, "x", "x.rs")}
    assert (norm("Partially Captured"), "PartialCharged") in found
    assert ("settled", "Charged") in found
    assert ("pending", "") in found  # conditional


def test_credentials_decide_how_many_secrets() -> None:
    one = read_texts([("a.md", "## Authentication\n\nSend your secret API key as a bearer token.\n")])
    assert count(one).count == 1
    three = read_texts(
        [("b.md", "## Authentication\n\nYou get a key id, a shared secret and your organization id.\n")]
    )
    assert sorted(count(three).found) == ["key", "key id", "organizationid"]
    basic = read_texts(
        [
            (
                "c.md",
                "## Authentication\n\nUse HTTP Basic authentication: the user name is your secret API key "
                "and the password is left empty.\n",
            )
        ]
    )
    assert basic.auth.scheme == "Basic" and list(count(basic).found) == ["key"]


def test_rust_is_written_in_the_files_dialect() -> None:
    spec_ = StructSpec(
        "XRequest",
        [
            FieldSpec("expMonth", "exp_month", "Secret<String>"),
            FieldSpec("holderName", "holder_name", "Option<String>", optional=True),
        ],
    )
    serde = render_struct(spec_, json_macros=False)
    assert '#[serde(rename_all = "camelCase")]' in serde and "skip_serializing_if" in serde
    macros = render_struct(spec_, json_macros=True)
    assert 'impl_to_json!(XRequest { exp_month => "expMonth", holder_name => "holderName" });' in macros
    assert "Serialize" not in macros
    variants = [
        VariantSpec("partially_captured", variant_name("partially_captured")),
        VariantSpec("Card Verified", variant_name("Card Verified")),
    ]
    enum = render_enum("XStatus", variants, json_macros=False)
    assert '#[serde(rename_all = "snake_case")]' in enum and '#[serde(rename = "Card Verified")]' in enum
    assert variant_name("3ds_required") == "Status3dsRequired"


def test_tidy_indents_by_brackets() -> None:
    code = "fn f() {\nmatch x {\nA => Ok(Self {\na: 1,\n}),\n}\n}"
    assert (
        tidy(code)
        == "fn f() {\n    match x {\n        A => Ok(Self {\n            a: 1,\n        }),\n    }\n}"
    )


def test_regions_are_found_rewritten_and_fingerprinted() -> None:
    source = b"""use a::B;

//TODO: fill
#[derive(Debug)]
pub struct XReq {
    amount: B,
}
impl_to_json!(XReq { amount });

impl ConnectorCommon for X {
    fn get_currency_unit(&self) -> api::CurrencyUnit {
        todo!()
    }
}
"""
    root = targets.parse_rust(source)
    items = Region("t.rs", "items", names=("struct XReq", "macro XReq"))
    spans = targets.find(root, source, items)
    assert len(spans) == 2 and source[spans[0].start :].startswith(b"//TODO: fill")
    before = targets.fingerprint(source, spans)
    relaid = source.replace(b"amount: B,", b"amount:\n        B,")
    assert before == targets.fingerprint(relaid, targets.find(targets.parse_rust(relaid), relaid, items))
    edited = source.replace(b"amount: B,", b"amount: B,\n    mine: bool,")
    assert before != targets.fingerprint(edited, targets.find(targets.parse_rust(edited), edited, items))
    parts = [
        Part(items, "pub struct XReq {\n    amount: C,\n}"),
        Part(
            Region("t.rs", "fn", owner="ConnectorCommon", name="get_currency_unit"),
            "fn get_currency_unit(&self) -> api::CurrencyUnit {\n    api::CurrencyUnit::Minor\n}",
        ),
        Part(Region("t.rs", "rename", name="B"), "C"),
        Part(Region("t.rs", "use", name="x::Y"), ""),
    ]
    out = targets.apply(source, parts).decode()
    assert "TODO" not in out and "impl_to_json" not in out and "todo!()" not in out
    assert "use a::C;" in out and "use x::Y;" in out and "api::CurrencyUnit::Minor" in out
    with pytest.raises(targets.RegionMissingError):
        targets.apply(source, [Part(Region("t.rs", "fn", owner="ConnectorCommon", name="nope"), "")])


def test_every_kind_of_stub_gets_its_proposal(made: dict[str, Proposal]) -> None:
    assert made["authorize.get_url"].facts == {"method": "POST", "path": "/v2/charges"}
    assert made["void.impl"].facts == {"method": "DELETE", "path": "/v2/charges/{charge_id}"}
    assert made["setup_mandate.impl"].facts == {"unsupported": True}
    assert made["session.impl"].confidence == "sibling-majority"
    assert made["transformers.KestrelAuthType"].facts["auth_type"] == "HeaderKey"
    status = made["transformers.KestrelPaymentStatus"]
    assert status.facts["map"]["captured"] == "Charged" and status.confidence == "sibling-majority"
    assert "Charged in 1 of 1 connectors" in (status.code or "")
    request = made["transformers.KestrelPaymentsRequest"]
    assert request.facts["fields"][:3] == ["amount", "currency", "reference"]
    assert request.requires == ["transformers.KestrelRouterData"]  # MinorUnit replaces StringMinorUnit
    assert (
        made["transformers.KestrelPaymentsRequest.try_from"].covered_by
        == "transformers.KestrelPaymentsRequest"
    )
    assert made["webhooks.get_webhook_event_type"].confidence == "none"


def test_evidence_cites_doc_lines_and_checkout_files(kestrel: Checkout, made: dict[str, Proposal]) -> None:
    lines = DOC.read_text().splitlines()
    for proposal in made.values():
        for item in proposal.evidence:
            where, _, at = item.ref.rpartition(":")
            if item.kind == "doc":
                assert where.endswith("kestrel_doc.md")
                assert all(1 <= int(n) <= len(lines) for n in at.split("-"))
            elif at.isdigit():
                assert kestrel.path(where).is_file(), item
            else:
                assert kestrel.path(item.ref).exists(), item
    get_url = made["capture.get_url"].evidence[0]
    assert get_url.kind == "doc" and "capture" in lines[int(get_url.ref.rsplit(":", 1)[1]) - 1]


def test_no_doc_means_no_code_but_questions(tmp_path: Path) -> None:
    from tests.helpers import make_sandbox

    root = make_sandbox(tmp_path / "hs")
    done = hs_scaffold("new", "acmepay", "https://api.acmepay.test/", "--no-build", cwd=root)
    assert done.returncode == 0, done.stderr
    data = spec.build_stub_map(find_checkout(root), "acmepay")
    by_id = {s["id"]: s["proposal"] for s in data["stubs"]}
    assert by_id["authorize.get_url"]["code"] is None and by_id["authorize.get_url"]["open"]
    assert by_id["transformers.AcmepayAuthType"]["confidence"] == "none"
    # without a doc, not even "the doc gives no endpoint" can be said: the empty impls stay open too
    assert by_id["session.impl"]["confidence"] == "none" and by_id["session.impl"]["open"]
    decided = {i for i, p in by_id.items() if p["confidence"] != "none" and not p["covered_by"]}
    assert decided == {"validation.validate_mandate_payment"}  # no sibling defines it: the trait's default


def test_a_flow_without_the_amount_wrapper_never_reads_its_amount(kestrel: Checkout, tmp_path: Path) -> None:
    """A Void request whose example shows an amount: the Void's router data is not wrapped with a
    converted amount, so the field is left as a TODO, never filled with `item.amount` (which does
    not compile: found on the real checkout with a reversal body)."""
    text = DOC.read_text(encoding="utf-8").replace(
        "`DELETE /v2/charges/{charge_id}` cancels an authorized charge that was not captured. The call\n"
        "takes no body.\n",
        "`POST /v2/charges/{charge_id}/cancel` cancels an authorized charge that was not captured.\n\n"
        'Request:\n\n```json\n{\n  "amount": 1050,\n  "reason": "duplicate"\n}\n```\n',
    )
    doc = tmp_path / "kestrel_doc.md"
    doc.write_text(text, encoding="utf-8")
    ctx = spec.collect(kestrel, "kestrel", doc_paths=[doc])
    void = propose(ctx, spec.connector_sources(kestrel, "kestrel"))["void.impl"]
    code = "\n".join(part.code for part in void.parts)
    assert "KestrelVoidRequest" in code, code
    assert "item.amount" not in code and "TODO: `amount`" in code, code


def test_two_endpoints_in_one_section_each_get_the_examples_below_them(
    kestrel: Checkout, tmp_path: Path
) -> None:
    """A section documenting two endpoints (an endpoint, its examples, the next endpoint, its
    example): each flow's proposal reads the examples that follow its own endpoint."""
    text = DOC.read_text(encoding="utf-8").replace("### Retrieve a refund\n\n", "")
    doc = tmp_path / "kestrel_doc.md"
    doc.write_text(text, encoding="utf-8")
    ctx = spec.collect(kestrel, "kestrel", doc_paths=[doc])
    made = propose(ctx, spec.connector_sources(kestrel, "kestrel"))
    request = made["transformers.KestrelRefundRequest"]
    assert request.confidence != "none", request.open
    assert "reason" in "\n".join(p.code for p in request.parts)
    response = made["transformers.RefundResponse"]
    assert response.confidence != "none", response.open
