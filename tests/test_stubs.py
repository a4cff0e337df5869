"""The stub finder: real tree-sitter parsing of small Rust snippets and of rendered templates."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from scaffold import rust_syntax as rs
from scaffold import stubs
from scaffold.checkout import Checkout, detect_layout, find_checkout
from scaffold.errors import UsageError
from scaffold.render import render_tree
from tests.helpers import git

FIXTURES = Path(__file__).parent / "fixtures" / "stubs"
TEMPLATE = FIXTURES / "template"
CONNECTORS = "crates/hyperswitch_connectors/src/connectors"
MAIN = f"{CONNECTORS}/acmepay.rs"
TRANSFORMERS = f"{CONNECTORS}/acmepay/transformers.rs"


def scan(source: str, rel: str = MAIN, template: str | None = None) -> stubs.FileScan:
    """Scan one snippet."""
    return stubs.find_stubs(source.encode(), rel, template_source=template.encode() if template else None)


def ids(result: stubs.FileScan) -> list[str]:
    """The stub ids, in order."""
    return [s.id for s in result.stubs]


def rendered(name: str = "acmepay") -> dict[str, str]:
    """The test template rendered for ``name``."""
    return render_tree(TEMPLATE, name)


def make_checkout(root: Path, files: dict[str, str], *, with_git: bool = False) -> Checkout:
    """A minimal 2026-layout checkout holding the test template and ``files``."""
    (root / CONNECTORS).mkdir(parents=True)
    (root / "Cargo.toml").write_text("[workspace]\n")
    (root / f"{CONNECTORS}.rs").write_text("pub mod acmepay;\n")
    shutil.copytree(TEMPLATE, root / "connector-template")
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    if with_git:
        git(root, "init", "-q")
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", "fixture")
    layout = detect_layout(root)
    assert layout is not None
    return Checkout(root.resolve(), layout)


def fresh_files(name: str = "acmepay") -> dict[str, str]:
    """What scaffolding ``name`` from the test template writes."""
    text = rendered(name)
    return {
        f"{CONNECTORS}/{name}.rs": text["mod.rs"],
        f"{CONNECTORS}/{name}/transformers.rs": text["transformers.rs"],
    }


def finish(main: str) -> str:
    """The main file with currency unit and both get_url bodies written (webhooks left as in the template)."""
    done = main.replace("todo!()", "api::CurrencyUnit::Minor")
    done = "\n".join(line for line in done.splitlines() if not line.lstrip().startswith("//  "))
    return done.replace(
        'Err(errors::ConnectorError::NotImplemented("get_url method".to_string()).into())',
        'Ok(format!("{}/payments", self.base_url(connectors)))',
    )


# --- every kind ------------------------------------------------------------------------------

KINDS = """
impl ConnectorCommon for Acmepay {
    fn id(&self) -> &'static str {
        todo!()
    }
    fn base_url(&self) -> &str {
        unimplemented!("later")
    }
    fn common_get_content_type(&self) -> &'static str {
        panic!("not implemented yet")
    }
    fn checked(&self) -> u8 {
        panic!("amount overflow") // a real panic, not a stub
    }
}

impl ConnectorIntegration<Capture, PaymentsCaptureData, PaymentsResponseData> for Acmepay {
    fn get_url(&self) -> CustomResult<String, errors::ConnectorError> {
        Err(errors::ConnectorError::NotImplemented("get_url method".to_string()).into())
    }
}

impl webhooks::IncomingWebhook for Acmepay {
    fn get_webhook_event_type(&self) -> CustomResult<IncomingWebhookEvent, errors::ConnectorError> {
        Err(report!(errors::ConnectorError::WebhooksNotImplemented))
    }
}

// TODO: a plain one
//TODO! shouted
// Todo : odd spacing
//todo lower case
/* FIXME in a block */
/// TODO in a doc comment
// there is nothing to do here, and todo!() in prose is not a TODO comment
pub struct AcmepayThing;
"""


def test_every_kind_is_found_once() -> None:
    result = scan(KINDS)
    found = [(s.id, s.kind) for s in result.stubs]
    assert found[:6] == [
        ("common.id", "todo"),
        ("common.base_url", "unimplemented"),
        ("common.common_get_content_type", "panic"),
        ("capture.get_url", "not_implemented"),
        ("webhooks.get_webhook_event_type", "webhooks_not_implemented"),
        ("AcmepayThing", "todo_comment"),
    ]
    comments = [s.text for s in result.stubs if s.kind == "todo_comment"]
    assert comments == [
        "TODO: a plain one",
        "TODO! shouted",
        "Todo : odd spacing",
        "todo lower case",
        "FIXME in a block",
        "TODO in a doc comment",
    ]
    assert [s.id for s in result.stubs[5:]] == ["AcmepayThing", *(f"AcmepayThing#{n}" for n in range(2, 7))]
    assert result.unsupported == ()


def test_enclosing_impl_flow_and_function() -> None:
    capture = next(s for s in scan(KINDS).stubs if s.id == "capture.get_url")
    assert capture.impl_trait == "ConnectorIntegration<Capture, PaymentsCaptureData, PaymentsResponseData>"
    assert (capture.self_type, capture.flow, capture.function, capture.target_item) == (
        "Acmepay",
        "Capture",
        "get_url",
        None,
    )
    webhook = next(s for s in scan(KINDS).stubs if s.kind == "webhooks_not_implemented")
    assert (webhook.impl_trait, webhook.flow) == ("webhooks::IncomingWebhook", None)


def test_guidance_under_todo_is_part_of_the_stub() -> None:
    result = scan(rendered()["mod.rs"], template=rendered()["mod.rs"])
    currency = [s for s in result.stubs if s.function == "get_currency_unit"]
    assert len(currency) == 1
    assert currency[0].kind == "todo"
    assert currency[0].guidance == (
        "TODO! Look up which unit the API takes.",
        "Minor: cents for USD.",
        "Base: dollars for USD.",
    )


def test_comment_before_code_marker_is_guidance() -> None:
    source = """
impl ConnectorIntegration<Void, PaymentsCancelData, PaymentsResponseData> for Acmepay {
    fn get_url(&self) -> CustomResult<String, errors::ConnectorError> {
        // TODO: the void endpoint is POST /payments/{id}/void
        Err(errors::ConnectorError::NotImplemented("get_url method".to_string()).into())
    }
}
"""
    [stub] = scan(source).stubs
    assert (stub.id, stub.kind) == ("void.get_url", "not_implemented")
    assert stub.guidance == ("TODO: the void endpoint is POST /payments/{id}/void",)


def test_multiline_not_implemented_is_one_stub() -> None:
    source = """
impl ConnectorIntegration<Capture, PaymentsCaptureData, PaymentsResponseData> for Acmepay {
    fn get_request_body(
        &self,
        _req: &PaymentsCaptureRouterData,
    ) -> CustomResult<RequestContent, errors::ConnectorError> {
        Err(errors::ConnectorError::NotImplemented(
            "get_request_body method".to_string(),
        )
        .into())
    }
}
"""
    [stub] = scan(source).stubs
    assert (stub.id, stub.line, stub.column, stub.end_line) == ("capture.get_request_body", 7, 9, 10)
    expected = 'Err(errors::ConnectorError::NotImplemented("get_request_body method".to_string()).into())'
    assert stub.text == expected
    assert stub.reason == "whole_body"


# --- stub or unsupported ---------------------------------------------------------------------

FINISHED_TRY_FROM = """
impl TryFrom<&AcmepayRouterData<&PaymentsAuthorizeRouterData>> for AcmepayPaymentsRequest {
    type Error = error_stack::Report<errors::ConnectorError>;
    fn try_from(item: &AcmepayRouterData<&PaymentsAuthorizeRouterData>) -> Result<Self, Self::Error> {
        match item.router_data.request.payment_method_data.clone() {
            PaymentMethodData::Card(card) => Ok(Self { amount: item.amount.clone(), card: card.into() }),
            PaymentMethodData::Wallet(_) => Err(report!(errors::ConnectorError::NotImplemented(
                "wallets".to_string()
            ))),
            _ => Err(errors::ConnectorError::NotImplemented(
                utils::get_unimplemented_payment_method_error_message("acmepay"),
            )
            .into()),
        }
    }
}
"""


def test_not_implemented_arms_in_finished_code_are_unsupported() -> None:
    result = scan(FINISHED_TRY_FROM, TRANSFORMERS)
    assert result.stubs == ()
    assert [(s.id, s.kind, s.reason) for s in result.unsupported] == [
        ("transformers.AcmepayPaymentsRequest.try_from", "not_implemented", "unsupported"),
        ("transformers.AcmepayPaymentsRequest.try_from#2", "not_implemented", "unsupported"),
    ]


def test_template_arms_are_stubs_until_the_function_changes() -> None:
    template = rendered()["transformers.rs"]
    fresh = scan(template, TRANSFORMERS, template)
    arms = [s for s in fresh.stubs if s.function == "try_from"]
    assert [(s.id, s.kind, s.reason) for s in arms] == [
        ("transformers.AcmepayPaymentsRequest.try_from", "not_implemented", "template"),
        ("transformers.AcmepayPaymentsRequest.try_from#2", "not_implemented", "template"),
    ]
    card_arm = "PaymentMethodData::Card(_) => {"
    edited = template.replace(card_arm, "PaymentMethodData::Card(card) => {\n  log(card);")
    after = scan(edited, TRANSFORMERS, template)
    assert [s.function for s in after.stubs].count("try_from") == 0
    assert [s.id for s in after.unsupported] == [a.id for a in arms]


def test_without_template_only_whole_body_errors_are_stubs() -> None:
    result = scan(rendered()["transformers.rs"], TRANSFORMERS)
    assert [s.function for s in result.stubs].count("try_from") == 0
    assert len(result.unsupported) == 2


def test_patterns_and_imports_are_not_markers() -> None:
    source = """
use errors::ConnectorError::NotImplemented;
fn classify(e: &errors::ConnectorError) -> bool {
    matches!(e, errors::ConnectorError::NotImplemented(_))
        || match e { errors::ConnectorError::WebhooksNotImplemented => true, _ => false }
}
"""
    result = scan(source)
    assert result.stubs == () and result.unsupported == ()


# --- empty impls ------------------------------------------------------------------------------


def test_empty_impl_with_todo_comment_is_one_stub() -> None:
    source = """
impl ConnectorIntegration<Session, PaymentsSessionData, PaymentsResponseData> for Acmepay {
    //TODO: the session flow
}
impl ConnectorValidation for Acmepay {
    // FIXME: validate the capture method
}
"""
    result = scan(source)
    assert [(s.id, s.kind, s.flow, s.guidance) for s in result.stubs] == [
        ("session.impl", "empty_impl", "Session", ("TODO: the session flow",)),
        ("validation.impl", "empty_impl", None, ("FIXME: validate the capture method",)),
    ]


def test_empty_impl_without_comment_is_intended_outside_a_fresh_scaffold() -> None:
    source = """
impl api::Payment for Acmepay {}
impl ConnectorIntegration<AccessTokenAuth, AccessTokenRequestData, AccessToken> for Acmepay {}
impl ConnectorIntegration<Void, PaymentsCancelData, PaymentsResponseData> for Acmepay {
    // Not Implemented (R)
}
"""
    assert scan(source).stubs == ()


def test_template_empty_impls_are_stubs_while_fresh() -> None:
    template = rendered()["mod.rs"]
    fresh = scan(template, template=template)
    empties = {s.id: s for s in fresh.stubs if s.kind == "empty_impl"}
    assert set(empties) == {"payment_method_token.impl", "session.impl", "void.impl"}
    assert empties["payment_method_token.impl"].guidance == ("Not Implemented (R)",)
    assert (empties["void.impl"].reason, empties["session.impl"].reason) == (
        "empty_impl_template",
        "empty_impl_todo",
    )
    done = scan(finish(template), template=template)
    assert {s.id for s in done.stubs if s.kind == "empty_impl"} == {"session.impl"}


def test_changed_comment_marks_an_empty_impl_intended() -> None:
    template = rendered()["mod.rs"]
    edited = template.replace("// Not Implemented (R)", "// Acmepay has no tokenization API")
    assert "payment_method_token.impl" not in ids(scan(edited, template=template))


# --- ids ------------------------------------------------------------------------------------


def test_todo_comments_name_the_item_they_stand_before() -> None:
    text = rendered()["transformers.rs"]
    result = scan(text, TRANSFORMERS, text)
    comments = [(s.id, s.target_item, s.function) for s in result.stubs if s.kind == "todo_comment"]
    assert comments == [
        ("transformers.AcmepayRouterData", "AcmepayRouterData", None),
        ("transformers.AcmepayRouterData.from", None, "from"),
        ("transformers.AcmepayPaymentsRequest", "AcmepayPaymentsRequest", None),
        ("transformers.RefundStatus.from", None, "from"),
    ]
    request = next(s for s in result.stubs if s.id == "transformers.AcmepayPaymentsRequest")
    assert request.guidance == ("Payments request",)


def test_trailing_comment_belongs_to_the_line_it_ends() -> None:
    source = "pub struct A {\n    x: u8,\n}\nconst LIMIT: u8 = 3; // TODO: ask the acquirer\npub struct B;\n"
    [stub] = scan(source).stubs
    assert (stub.id, stub.target_item) == ("LIMIT", "LIMIT")


def test_flow_slugs_and_module_prefix() -> None:
    assert [rs.slug(f) for f in rs.KNOWN_FLOWS] == [
        "authorize",
        "psync",
        "capture",
        "void",
        "execute",
        "rsync",
        "session",
        "setup_mandate",
        "access_token_auth",
        "payment_method_token",
    ]
    assert stubs.module_for(MAIN) == ""
    assert stubs.module_for(TRANSFORMERS) == "transformers"
    assert stubs.module_for("crates/router/src/connector/acmepay/mod.rs") == ""
    assert stubs.module_for(f"{CONNECTORS}/acmepay/requests/cards.rs") == "requests.cards"


def test_flow_of_trait_paths() -> None:
    assert rs.flow_of("ConnectorIntegration<api::PSync, types::PaymentsSyncData, X>") == "PSync"
    assert rs.flow_of("ConnectorIntegrationV2<Authorize, PaymentFlowData, A, B>") == "Authorize"
    assert rs.flow_of("ConnectorIntegration<PreProcessing, A, B>") is None
    assert rs.flow_of("webhooks::IncomingWebhook") is None
    assert rs.flow_of("ConnectorCommon") is None


def test_tidy_normalises_generic_arguments() -> None:
    spread = "ConnectorIntegration<\n  Authorize,\n  PaymentsAuthorizeData,\n  PaymentsResponseData,\n>"
    assert rs.tidy(spread) == "ConnectorIntegration<Authorize, PaymentsAuthorizeData, PaymentsResponseData>"
    assert rs.tidy("api :: X< api::PSync ,Y,Z >") == "api::X<api::PSync, Y, Z>"


RUSTFMT = shutil.which("rustfmt")


def _rustfmt_copy(files: dict[str, str], folder: Path) -> dict[str, str]:
    """``files`` after ``rustfmt --edition 2021`` on a copy (mod.rs pulls in transformers.rs)."""
    for name, text in files.items():
        (folder / name).write_text(text)
    command = [str(RUSTFMT), "--edition", "2021", str(folder / "mod.rs")]
    subprocess.run(command, check=True, capture_output=True)
    return {name: (folder / name).read_text() for name in files}


def _signature(result: stubs.FileScan) -> list[tuple[object, ...]]:
    return [
        (s.id, s.kind, s.flow, s.function, s.impl_trait, s.target_item, s.reason, s.guidance, s.text)
        for s in (*result.stubs, *result.unsupported)
    ]


@pytest.mark.skipif(RUSTFMT is None, reason="rustfmt not on PATH")
def test_ids_and_counts_survive_rustfmt(tmp_path: Path) -> None:
    before = {"mod.rs": rendered()["mod.rs"], "transformers.rs": rendered()["transformers.rs"]}
    after = _rustfmt_copy(before, tmp_path)
    assert after != before
    for name, rel in (("mod.rs", MAIN), ("transformers.rs", TRANSFORMERS)):
        old, new = scan(before[name], rel, before[name]), scan(after[name], rel, before[name])
        assert _signature(new) == _signature(old)
        assert [s.line for s in new.stubs] != [s.line for s in old.stubs]


# --- checkouts, cache, CLI, locate ------------------------------------------------------------


def test_scan_connector_reads_every_file_with_its_template(tmp_path: Path) -> None:
    checkout = make_checkout(tmp_path / "hs", fresh_files())
    result = stubs.scan_connector(checkout, "acmepay")
    assert [f.file for f in result.files] == [MAIN, TRANSFORMERS]
    assert len(result.stubs) == len({s.id for s in result.stubs}) == 13
    with pytest.raises(UsageError):
        stubs.scan_connector(checkout, "nosuch")


def test_sentinel_index_equals_rendering_per_name() -> None:
    for name in ("acmepay", "zen", "worldpay2", "acme_pay", "AcmePay"):
        text = rendered(name)
        for key in ("mod.rs", "transformers.rs"):
            direct = stubs.template_index(text[key].encode())
            if stubs._SIMPLE_NAME.fullmatch(name):
                sentinel = stubs.template_index(rendered(stubs._SENTINEL)[key].encode())
                assert sentinel.renamed(stubs._SENTINEL, name) == direct


def test_scan_all_counts_and_caches_under_git_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = {**fresh_files(), **fresh_files("zen")}
    files[f"{CONNECTORS}/zen.rs"] = finish(files[f"{CONNECTORS}/zen.rs"])
    files[f"{CONNECTORS}/zen/transformers.rs"] = FINISHED_TRY_FROM.replace("Acmepay", "Zen")
    checkout = make_checkout(tmp_path / "hs", files, with_git=True)
    first = stubs.scan_all(checkout)
    assert [(c.connector, c.files, c.stubs, c.unsupported) for c in first] == [
        ("acmepay", 2, 13, 0),
        ("zen", 2, 2, 2),
    ]
    cache = checkout.root / ".git" / "hs-scaffold" / "stub-cache.json"
    assert cache.is_file()
    assert git(checkout.root, "status", "--porcelain") == ""

    def refuse(source: bytes) -> object:
        raise AssertionError("parsed although the cache holds this file")

    monkeypatch.setattr(rs, "parse", refuse)
    assert stubs.scan_all(checkout) == first
    monkeypatch.undo()
    (checkout.root / f"{CONNECTORS}/zen.rs").write_text("fn f() { todo!() }\n")
    assert [c.stubs for c in stubs.scan_all(checkout)] == [13, 1]


def test_locate_names_stubs_and_items(tmp_path: Path) -> None:
    checkout = make_checkout(tmp_path / "hs", fresh_files())
    main = (checkout.root / MAIN).read_text().splitlines()
    line_of = {text.strip(): i + 1 for i, text in enumerate(main)}
    where = stubs.locator(checkout, "acmepay")
    assert where(MAIN, line_of["todo!()"]) == "common.get_currency_unit"
    assert where(MAIN, line_of['"acmepay"']) == "common.id"
    assert where(MAIN, line_of["self.common_get_content_type()"]) == "authorize.get_content_type"
    assert where(MAIN, line_of["use crate::types::ResponseRouterData;"]) == "imports"
    assert where(MAIN, line_of["impl api::Payment for Acmepay {}"]) == "payment.impl"
    assert where("Cargo.toml", 1) is None
    transformers = (checkout.root / TRANSFORMERS).read_text().splitlines()
    card = next(i + 1 for i, text in enumerate(transformers) if "Card payment method" in text)
    assert stubs.locate(checkout, TRANSFORMERS, card) == "transformers.AcmepayPaymentsRequest.try_from"
    assert stubs.locator(checkout, "zen")(MAIN, 1) is None


def test_cli_exit_codes_and_json(tmp_path: Path) -> None:
    from scaffold.cli import main

    files = fresh_files()
    files[f"{CONNECTORS}/zen.rs"] = "pub struct Zen;\n"
    checkout = make_checkout(tmp_path / "hs", files, with_git=True)
    runner = CliRunner()
    listed = runner.invoke(main, ["stubs", "acmepay", "--json", "--repo", str(checkout.root)])
    assert listed.exit_code == 3, listed.output
    data = json.loads(listed.stdout)  # the stub map (scaffold/spec.py) for one connector
    assert data["connector"] == "acmepay"
    listed_ids = {d["id"] for d in data["stubs"]}
    assert listed_ids >= {"authorize.get_url", "common.get_currency_unit", "session.impl"}
    assert listed.stderr.startswith("acmepay: 13 stubs, 0 unsupported markers")
    table = runner.invoke(main, ["stubs", "acmepay", "--repo", str(checkout.root)])
    rows = table.stdout.splitlines()  # the rows go to stdout, for grep; the totals to stderr
    assert table.exit_code == 3 and len(rows) == 13
    assert any(row.startswith(f"{MAIN}:") and row.endswith(" authorize.get_url") for row in rows)
    assert len({re.match(r"\S+\s+", row).end() for row in rows}) == 1  # type: ignore[union-attr]  # aligned
    clean = runner.invoke(main, ["stubs", "zen", "--repo", str(checkout.root)])
    assert clean.exit_code == 0 and clean.stdout == ""
    both = runner.invoke(main, ["stubs", "--all", "zen", "--repo", str(checkout.root)])
    assert both.exit_code == 2 and "takes no names" in both.stderr
    counts = runner.invoke(main, ["stubs", "--all", "--json", "--repo", str(checkout.root)])
    assert counts.exit_code == 3
    assert [(c["connector"], c["stubs"]) for c in json.loads(counts.stdout)] == [("acmepay", 13), ("zen", 0)]
    unknown = runner.invoke(main, ["stubs", "nosuch", "--repo", str(checkout.root)])
    assert unknown.exit_code == 2 and "no connector named 'nosuch'" in unknown.stderr


# --- the sandbox, when present ----------------------------------------------------------------

SANDBOX_TEMPLATE = Path(stubs.__file__).parent / "sandbox" / "connector-template"


def test_sandbox_template_stubs_once(tmp_path: Path) -> None:
    if not (SANDBOX_TEMPLATE / "mod.rs").is_file():
        pytest.skip("the sandbox has no connector-template/mod.rs yet")
    text = render_tree(SANDBOX_TEMPLATE, "acmepay")
    found = _assert_template_stubs_once(text)
    assert {"common.get_currency_unit", "authorize.get_url", "session.impl"} <= set(found)
    if RUSTFMT is not None:
        before = {"mod.rs": text["mod.rs"], "transformers.rs": text["transformers.rs"]}
        after = _rustfmt_copy(before, tmp_path)
        for name, rel in (("mod.rs", MAIN), ("transformers.rs", TRANSFORMERS)):
            formatted, original = scan(after[name], rel, before[name]), scan(before[name], rel, before[name])
            assert _signature(formatted) == _signature(original)


def test_sandbox_checkout_scan_all(tmp_path: Path) -> None:
    try:
        from scaffold.sandbox import materialize  # type: ignore[attr-defined]
    except ImportError:
        pytest.skip("scaffold.sandbox.materialize is not available yet")
    checkout = find_checkout(Path(materialize(tmp_path / "sandbox")))
    counts = stubs.scan_all(checkout)
    assert counts and all(c.files >= 1 for c in counts)
    assert stubs.scan_all(checkout) == counts


def _code_marker_count(text: str) -> int:
    """Independent oracle: markers counted in the text (fine for template text)."""
    markers = ("todo!(", "unimplemented!(", "NotImplemented(", "WebhooksNotImplemented")
    return sum(text.count(m) for m in markers)


def _assert_template_stubs_once(text: dict[str, str]) -> dict[str, stubs.Stub]:
    found: dict[str, stubs.Stub] = {}
    for key, rel in (("mod.rs", MAIN), ("transformers.rs", TRANSFORMERS)):
        result = scan(text[key], rel, text[key])
        assert result.unsupported == ()
        code = [s for s in result.stubs if s.kind not in ("todo_comment", "empty_impl")]
        assert len(code) == _code_marker_count(text[key])
        for stub in result.stubs:
            assert stub.id not in found
            found[stub.id] = stub
            if stub.impl_trait and stub.impl_trait.startswith("ConnectorIntegration<"):
                assert stub.flow is not None and stub.id.startswith(rs.slug(stub.flow) + ".")
    return found


def test_test_template_stubs_once() -> None:
    found = _assert_template_stubs_once(rendered())
    assert len(found) == 13


# --- opt-in: a real checkout --------------------------------------------------------------------

REAL_EXPECTED = {  # id: (kind, flow, function, trait's last segment)
    "payment_method_token.impl": ("empty_impl", "PaymentMethodToken", None, "ConnectorIntegration"),
    "common.get_currency_unit": ("todo", None, "get_currency_unit", "ConnectorCommon"),
    "session.impl": ("empty_impl", "Session", None, "ConnectorIntegration"),
    "access_token_auth.impl": ("empty_impl", "AccessTokenAuth", None, "ConnectorIntegration"),
    "setup_mandate.impl": ("empty_impl", "SetupMandate", None, "ConnectorIntegration"),
    "authorize.get_url": ("not_implemented", "Authorize", "get_url", "ConnectorIntegration"),
    "psync.get_url": ("not_implemented", "PSync", "get_url", "ConnectorIntegration"),
    "capture.get_url": ("not_implemented", "Capture", "get_url", "ConnectorIntegration"),
    "capture.get_request_body": ("not_implemented", "Capture", "get_request_body", "ConnectorIntegration"),
    "void.impl": ("empty_impl", "Void", None, "ConnectorIntegration"),
    "execute.get_url": ("not_implemented", "Execute", "get_url", "ConnectorIntegration"),
    "rsync.get_url": ("not_implemented", "RSync", "get_url", "ConnectorIntegration"),
    "webhooks.get_webhook_object_reference_id": (
        "webhooks_not_implemented",
        None,
        "get_webhook_object_reference_id",
        "IncomingWebhook",
    ),
    "webhooks.get_webhook_event_type": (
        "webhooks_not_implemented",
        None,
        "get_webhook_event_type",
        "IncomingWebhook",
    ),
    "webhooks.get_webhook_resource_object": (
        "webhooks_not_implemented",
        None,
        "get_webhook_resource_object",
        "IncomingWebhook",
    ),
    "transformers.AcmepayPaymentsRequest.try_from": ("not_implemented", None, "try_from", "TryFrom"),
    "transformers.AcmepayPaymentsRequest.try_from#2": ("not_implemented", None, "try_from", "TryFrom"),
    "transformers.AcmepayRouterData": ("todo_comment", None, None, None),
    "transformers.AcmepayRouterData.from": ("todo_comment", None, "from", "From"),
    "transformers.AcmepayPaymentsRequest": ("todo_comment", None, None, None),
    "transformers.AcmepayAuthType": ("todo_comment", None, None, None),
    "transformers.AcmepayPaymentStatus": ("todo_comment", None, None, None),
    "transformers.AcmepayPaymentsResponse": ("todo_comment", None, None, None),
    "transformers.AcmepayRefundRequest": ("todo_comment", None, None, None),
    "transformers.RefundStatus.from": ("todo_comment", None, "from", "From"),
    "transformers.RefundResponse": ("todo_comment", None, None, None),
    "transformers.AcmepayErrorResponse": ("todo_comment", None, None, None),
}


@pytest.mark.real_checkout
def test_real_template_stubs(real_checkout: Path) -> None:
    text = render_tree(real_checkout / "connector-template", "acmepay")
    found = _assert_template_stubs_once(text)
    seen = {
        k: (s.kind, s.flow, s.function, rs.last_segment(s.impl_trait) if s.impl_trait else None)
        for k, s in found.items()
    }
    assert seen == REAL_EXPECTED
    currency = found["common.get_currency_unit"]
    assert len(currency.guidance) == 3 and currency.guidance[0].startswith("TODO!")


@pytest.mark.real_checkout
@pytest.mark.skipif(RUSTFMT is None, reason="rustfmt not on PATH")
def test_real_template_ids_survive_rustfmt(real_checkout: Path, tmp_path: Path) -> None:
    text = render_tree(real_checkout / "connector-template", "acmepay")
    before = {"mod.rs": text["mod.rs"], "transformers.rs": text["transformers.rs"]}
    after = _rustfmt_copy(before, tmp_path)
    for name, rel in (("mod.rs", MAIN), ("transformers.rs", TRANSFORMERS)):
        formatted, original = scan(after[name], rel, before[name]), scan(before[name], rel, before[name])
        assert _signature(formatted) == _signature(original)


@pytest.mark.real_checkout
def test_real_scan_all(real_checkout: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(stubs.StubCache, "for_checkout", classmethod(lambda cls, checkout: cls(None)))
    checkout = find_checkout(real_checkout)
    counts = stubs.scan_all(checkout)
    assert len(counts) >= 100 and sum(c.files for c in counts) >= 200
    assert sum(c.unsupported for c in counts) > 0
    assert any(c.stubs == 0 for c in counts)
    templates = stubs.Templates(checkout)
    for name in checkout.connector_names()[:20]:
        for key in ("mod.rs", "transformers.rs"):
            source = templates.source(name, key)
            assert source is not None
            assert templates.index(name, key) == stubs.template_index(source)
