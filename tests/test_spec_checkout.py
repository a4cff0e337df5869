"""Reading the checkout: trait contracts, drift, router-data aliases, amount convertors, examples."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scaffold import amounts, examples, git, router_types, trait_contracts
from scaffold.checkout import Checkout
from tests.spec_tree import CONNECTORS, write_tree


@pytest.fixture
def tree(tmp_path: Path) -> Checkout:
    return write_tree(tmp_path / "hs", git=True)


# --- trait contracts --------------------------------------------------------------------------------


def test_traits_are_found_by_parsing_with_signature_and_doc(tree: Checkout) -> None:
    traits = trait_contracts.load_traits(tree)
    assert set(traits) == {"ConnectorIntegration", "ConnectorCommon", "IncomingWebhook"}
    integration = traits["ConnectorIntegration"]
    assert integration.generics == ("T", "Req", "Resp")
    assert integration.doc == "Everything a connector does for one flow."
    get_url = integration.methods["get_url"]
    assert get_url.doc == "Where the request for this flow goes."
    assert get_url.signature.startswith("fn get_url(\n    &self,\n    _req: &RouterData<T, Req, Resp>,")
    assert get_url.signature.endswith("-> CustomResult<String, errors::ConnectorError>")
    assert get_url.params == ("&RouterData<T,Req,Resp>", "&Connectors")
    assert (get_url.file, get_url.line) == ("crates/hyperswitch_interfaces/src/api.rs", 7)
    assert not get_url.required and integration.methods["handle_response"].required


def test_traits_prefer_the_first_crate_that_defines_them(tree: Checkout) -> None:
    router = tree.path("crates/router/src/services/api.rs")
    router.parent.mkdir(parents=True)
    router.write_text("pub trait ConnectorCommon { fn id(&self) -> u8; }\npub trait ConnectorValidation {}\n")
    traits = trait_contracts.load_traits(tree)
    assert traits["ConnectorCommon"].file == "crates/hyperswitch_interfaces/src/api.rs"
    assert traits["ConnectorValidation"].file == "crates/router/src/services/api.rs"


def test_drift_names_changed_parameter_missing_method_and_double_import(tree: Checkout) -> None:
    traits = trait_contracts.load_traits(tree)
    aliases = router_types.load_router_types(tree)
    source = tree.path(f"{CONNECTORS}/acme.rs").read_bytes()
    messages = [d.message for d in trait_contracts.signature_drift(source, traits, aliases.expand)]
    assert (
        "`get_webhook_event_type` parameter 2 is `Option<&WebhookResourceData>`, "
        "the trait now takes `Option<&WebhookContext>`"
    ) in messages
    assert "required method `handle_response` is missing" in messages
    assert "`ConnectorCommon` is imported twice (lines 3 and 4)" in messages


def test_no_drift_when_aliases_generics_and_paths_differ_only_in_spelling() -> None:
    trait = b"""
pub trait ConnectorIntegration<T, Req, Resp> {
    fn get_url(&self, _req: &RouterData<T, Req, Resp>, _c: &Connectors) -> CustomResult<String, E> { x }
}
pub trait ConnectorCommonExt<Flow, Req, Resp> {
    fn build_headers(&self, req: &RouterData<Flow, Req, Resp>) -> Vec<(String, Maskable<String>)>;
}
"""
    impl = b"""
impl ConnectorIntegration<Execute, RefundsData, RefundsResponseData> for A {
    fn get_url(&self, req: &types::RefundsRouterData<Execute>, c: &settings::Connectors,)
        -> CustomResult<String, errors::E> { y }
}
impl<Flow, Request, Response> ConnectorCommonExt<Flow, Request, Response> for A {
    fn build_headers(&self, req: &RouterData<Flow, Request, Response>)
        -> Vec<(String, masking::Maskable<String>)> {
        z
    }
}
"""
    traits = {
        t.name: t
        for t in trait_contracts._traits_in(trait, {"ConnectorIntegration", "ConnectorCommonExt"}, "x")
    }
    aliases = router_types.RouterTypes(
        tuple(
            router_types.parse_aliases(
                b"pub type RefundsRouterData<F> = RouterData<F, RefundsData, RefundsResponseData>;", "t.rs"
            )
        )
    )
    assert trait_contracts.signature_drift(impl, traits, aliases.expand) == []


def test_cfg_twins_of_a_parameter_count_once() -> None:
    trait = b"pub trait W { fn e(&self, r: &Req<'_>, c: Option<&Ctx>) -> R; }"
    impl = b"""impl W for A {
    fn e(&self, #[cfg(feature = "p")] r: &Req<'_>, #[cfg(not(feature = "p"))] _r: &Req<'_>,
         c: Option<&Ctx>) -> R { x }
}"""
    traits = {t.name: t for t in trait_contracts._traits_in(trait, {"W"}, "x")}
    assert trait_contracts.signature_drift(impl, traits) == []


@pytest.mark.parametrize(
    ("text", "short"),
    [
        ("&webhooks::IncomingWebhookRequestDetails<'_>", "&IncomingWebhookRequestDetails"),
        (
            "CustomResult<Vec<(String, hyperswitch_masking::Maskable<String>)>, errors::E,>",
            "CustomResult<Vec<(String,Maskable<String>)>,E>",
        ),
        ("&'a str", "&str"),
    ],
)
def test_short_type(text: str, short: str) -> None:
    assert trait_contracts.short_type(text) == short


# --- router-data aliases ----------------------------------------------------------------------------


def test_aliases_resolve_exact_triples_before_generic_ones(tree: Checkout) -> None:
    aliases = router_types.load_router_types(tree)
    assert aliases.resolve("Authorize", "PaymentsAuthorizeData", "PaymentsResponseData") == (
        "PaymentsAuthorizeRouterData"
    )
    assert (
        aliases.resolve("api::Execute", "types::RefundsData", "RefundsResponseData")
        == "RefundExecuteRouterData"
    )
    assert aliases.resolve("RSync", "RefundsData", "RefundsResponseData") == "RefundsRouterData<RSync>"
    assert aliases.resolve("Void", "PaymentsCancelData", "PaymentsResponseData") is None
    assert aliases.for_flow("Capture") == "PaymentsCaptureRouterData"
    assert aliases.alias("RefundsRouterData<Execute>") is not None


def test_aliases_come_from_the_older_router_location_too(tmp_path: Path) -> None:
    old = tmp_path / "crates/router/src/types.rs"
    old.parent.mkdir(parents=True)
    old.write_text(
        "pub type PaymentsSyncRouterData =\n"
        "    RouterData<api::PSync, PaymentsSyncData, PaymentsResponseData>;\n"
    )
    found = router_types.parse_aliases(old.read_bytes(), "crates/router/src/types.rs")
    assert [(a.name, a.flow, a.line) for a in found] == [("PaymentsSyncRouterData", "PSync", 1)]


def test_expand_rewrites_aliases_inside_generics() -> None:
    aliases = router_types.RouterTypes(tuple(router_types.parse_aliases(router_types_source(), "t.rs")))
    assert aliases.expand("CustomResult<RefundsRouterData<Execute>,E>") == (
        "CustomResult<RouterData<Execute,RefundsData,RefundsResponseData>,E>"
    )
    assert aliases.expand("&PaymentsAuthorizeRouterData") == (
        "&RouterData<Authorize,PaymentsAuthorizeData,PaymentsResponseData>"
    )


def router_types_source() -> bytes:
    return (
        b"pub type PaymentsAuthorizeRouterData =\n"
        b"    RouterData<Authorize, PaymentsAuthorizeData, PaymentsResponseData>;\n"
        b"pub type RefundsRouterData<F> = RouterData<F, RefundsData, RefundsResponseData>;\n"
    )


# --- amounts --------------------------------------------------------------------------------------------


def test_convertors_are_parsed_and_counted(tree: Checkout) -> None:
    usage = {
        "alpha": "MinorUnitForConnector",
        "beta": "StringMajorUnitForConnector",
        "gamma": "MinorUnitForConnector",
    }
    found = {c.name: c for c in amounts.load_convertors(tree, usage)}
    assert found["MinorUnitForConnector"].output == "MinorUnit"
    assert found["MinorUnitForConnector"].users == 2
    assert found["StringMajorUnitForConnector"].doc == "Decimal strings in major units."


@pytest.mark.parametrize(
    ("unit", "representation", "expected"),
    [
        ("Minor", "integer", "MinorUnitForConnector"),
        ("Base", "string", "StringMajorUnitForConnector"),
        ("Base", "float", None),  # no float convertor in this tree
        ("Minor", None, None),
        (None, "integer", None),
    ],
)
def test_choose_convertor(
    tree: Checkout, unit: str | None, representation: str | None, expected: str | None
) -> None:
    convertors = amounts.load_convertors(
        tree, {"a": "MinorUnitForConnector", "b": "StringMajorUnitForConnector"}
    )
    chosen = amounts.choose_convertor(convertors, amounts.AmountFormat(unit, representation))
    assert (chosen.name if chosen else None) == expected


def test_connector_convertor_reads_field_and_initialiser() -> None:
    source = tree_connector_source()
    assert amounts.connector_convertor(source) == ("StringMajorUnitForConnector", "StringMajorUnit")
    assert amounts.connector_convertor("pub struct X;") == (None, None)


def tree_connector_source() -> str:
    return (
        "pub struct X {\n"
        "    amount_converter: &'static (dyn AmountConvertor<Output = StringMajorUnit> + Sync),\n}\n"
        "impl X {\n    pub fn new() -> &'static Self {\n"
        "        &Self { amount_converter: &StringMajorUnitForConnector }\n    }\n}\n"
    )


# --- examples ---------------------------------------------------------------------------------------------


def test_index_finds_real_implementations_and_marks_stubs(tree: Checkout) -> None:
    index = examples.load_index(tree)
    found = {i.connector: i for i in index.impls["ConnectorIntegration|Authorize|get_url"]}
    assert not found["alpha"].is_stub and found["gamma"].is_stub
    assert found["acme"].is_stub
    assert index.impls["ConnectorIntegration|Capture|"][0].is_stub  # empty impl
    assert index.connectors["alpha"].auth == "Bearer"
    assert index.connectors["beta"].auth == "Basic"
    assert index.connectors["beta"].convertor == "StringMajorUnitForConnector"
    assert index.connectors["acme"].items == {"AcmePaymentsRequest": (4, True)}


def test_pick_prefers_alike_connectors_and_skips_stubs_and_self(tree: Checkout) -> None:
    index = examples.load_index(tree)
    picked = examples.pick(index, "ConnectorIntegration", "Authorize", "get_url", exclude="acme")
    assert [i.connector for i in picked] == ["alpha", "beta"]
    alike = examples.pick(
        index,
        "ConnectorIntegration",
        "Authorize",
        "get_url",
        exclude="acme",
        convertor="StringMajorUnitForConnector",
        auth="Basic",
    )
    assert [i.connector for i in alike] == ["beta", "alpha"]
    items = examples.pick_items(index, "PaymentsRequest", exclude="acme", auth="Basic")
    assert [(i.connector, i.line) for i in items] == [("beta", 3), ("alpha", 3)]


def test_excerpt_is_dedented_and_cut(tree: Checkout) -> None:
    index = examples.load_index(tree)
    best = examples.pick(index, "ConnectorIntegration", "Authorize", "get_url", exclude="acme")[0]
    text = examples.excerpt(tree, best)
    assert text.startswith("fn get_url(\n    &self,")
    assert text.endswith("}") and len(text.splitlines()) == 7
    assert examples.excerpt(tree, best, max_lines=3).splitlines()[-1] == "// … 5 more lines"
    outline = examples.excerpt(tree, index.impls["ConnectorIntegration|Authorize|"][0], outline=True)
    assert outline.splitlines()[1:] == ["    fn get_url(…) { … }", "}"]
    struct = examples.pick_items(index, "PaymentsRequest", exclude="acme")[0]
    assert examples.excerpt(tree, struct).splitlines()[-1] == "}"


def test_index_is_cached_in_the_git_dir_and_refreshed_per_file(tree: Checkout) -> None:
    examples.load_index(tree)
    cache = examples.cache_path(tree)
    assert cache == git.git_dir(tree.root) / "hs-scaffold" / f"cache-examples-v{examples.CACHE_VERSION}.json"
    data = json.loads(cache.read_text())
    assert set(data) == {"acme", "alpha", "beta", "gamma"}
    alpha_hash = data["alpha"]["hash"]
    beta = tree.path(f"{CONNECTORS}/beta.rs")
    beta.write_text(beta.read_text().replace("/charges", "/v2/charges"))
    examples.load_index(tree)
    data = json.loads(cache.read_text())
    assert data["alpha"]["hash"] == alpha_hash and data["beta"]["hash"] != alpha_hash
    assert not any(p.name.startswith("hs-scaffold") for p in tree.root.iterdir())


def test_index_objects_follow_the_content_and_a_warm_up_leaves_the_cache_alone(tree: Checkout) -> None:
    """Built objects are kept per process by content (a dry run builds them while the script runs):
    an edited connector gets new ones, the others keep theirs; ``save=False`` writes no cache."""
    first = examples.load_index(tree, save=False)
    cache = examples.cache_path(tree)
    assert cache is not None and not cache.exists()
    beta = tree.path(f"{CONNECTORS}/beta.rs")
    beta.write_text(beta.read_text().replace("/charges", "/v2/charges") + "\n// edited\n")
    second = examples.load_index(tree)
    assert second.connectors["alpha"] is first.connectors["alpha"]
    assert second.connectors["beta"] is not first.connectors["beta"]
    lines = {i.end_line for k in second.impls for i in second.impls[k] if i.connector == "beta"}
    assert lines == {i.end_line for k in first.impls for i in first.impls[k] if i.connector == "beta"}


def test_index_works_without_git(tmp_path: Path) -> None:
    tree = write_tree(tmp_path / "plain")
    assert "alpha" in examples.load_index(tree).connectors


RESPONSE_TYPES = """
pub enum PaymentsResponseData {
    TransactionResponse {
        resource_id: String,
        network_txn_id: Option<String>,
        network_txn_link_id: Option<String>,
        #[cfg(feature = "v2")]
        only_in_v2: bool,
    },
    Other(u8),
}

pub struct ErrorResponse {
    pub code: String,
}
"""

LITERALS = """
use crc::Algorithm;

pub struct Local { a: u8 }

fn build() {
    let ok = PaymentsResponseData::TransactionResponse { resource_id: id, network_txn_id: None };
    let gone = ErrorResponse { code, message };
    let based = ErrorResponse { ..Default::default() };
    let local = Local { b: 1 };
    let foreign = Algorithm { poly: 1 };
    let sibling = alpha::AlphaPaymentsRequest { amount };
}
"""


def test_field_drift_finds_missing_and_gone_fields_only_in_checkout_types(tmp_path: Path) -> None:
    tree = write_tree(
        tmp_path / "hs", {"crates/hyperswitch_domain_models/src/router_response_types.rs": RESPONSE_TYPES}
    )
    drift = trait_contracts.field_drift(tree, {"x/transformers.rs": LITERALS.encode()})
    assert [(d.file, d.line, d.message) for d in drift] == [
        (
            "x/transformers.rs",
            7,
            "the `PaymentsResponseData::TransactionResponse` literal lacks field(s) `network_txn_link_id` "
            "the checkout's type has",
        ),
        (
            "x/transformers.rs",
            8,
            "the `ErrorResponse` literal sets field(s) `message` the checkout's type no longer has",
        ),
    ]


def test_ambiguous_definitions_are_not_judged(tmp_path: Path) -> None:
    twice = RESPONSE_TYPES + "\nmod other {\n    pub struct ErrorResponse { pub other: u8 }\n}\n"
    tree = write_tree(tmp_path / "hs", {"crates/hyperswitch_domain_models/src/types2.rs": twice})
    drift = trait_contracts.field_drift(tree, {"t.rs": b"fn f() { let e = ErrorResponse { code }; }"})
    assert drift == []


def test_held_convertor_and_the_lines_naming_it_are_found_by_parsing(tree: Checkout) -> None:
    main = f"{CONNECTORS}/alpha.rs"
    sources = {main: tree.path(main).read_bytes()}
    sources[f"{CONNECTORS}/alpha/transformers.rs"] = tree.path(
        f"{CONNECTORS}/alpha/transformers.rs"
    ).read_bytes()
    held = amounts.held_convertor(sources)
    assert (held.name, held.output) == ("MinorUnitForConnector", "MinorUnit")
    found = [(s.file.split("/")[-1], s.line, s.what) for s in held.sites]
    assert found == [
        ("alpha.rs", 3, "field type"),
        ("alpha.rs", 8, "new() initialiser"),
        ("transformers.rs", 4, "type in `AlphaPaymentsRequest`"),
    ]
    for site in held.sites:
        assert site.text == tree.path(site.file).read_text().splitlines()[site.line - 1].strip()
    assert amounts.held_convertor(
        {f"{CONNECTORS}/acme.rs": tree.path(f"{CONNECTORS}/acme.rs").read_bytes()}
    ) == (amounts.HeldConvertor(None, None, ()))
