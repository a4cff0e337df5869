"""A tiny Hyperswitch-shaped tree, written for the spec tests (traits, aliases, three connectors)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from scaffold import drift_repair, render
from scaffold.checkout import Checkout, detect_layout

CONNECTORS = "crates/hyperswitch_connectors/src/connectors"

API = """
use crate::types;

/// Everything a connector does for one flow.
pub trait ConnectorIntegration<T, Req, Resp>: ConnectorCommon {
    /// Where the request for this flow goes.
    fn get_url(
        &self,
        _req: &RouterData<T, Req, Resp>,
        _connectors: &Connectors,
    ) -> CustomResult<String, errors::ConnectorError> {
        Ok(String::new())
    }

    /// Turns the connector's answer into router data.
    fn handle_response(
        &self,
        data: &RouterData<T, Req, Resp>,
        res: types::Response,
    ) -> CustomResult<RouterData<T, Req, Resp>, errors::ConnectorError>;
}

/// Shared by every flow.
pub trait ConnectorCommon {
    /// The connector's name.
    fn id(&self) -> &'static str;

    /// Minor or Base: the unit amounts travel in.
    fn get_currency_unit(&self) -> CurrencyUnit {
        CurrencyUnit::Minor
    }

    /// Header carrying the credentials.
    fn get_auth_header(&self, _auth: &ConnectorAuthType) -> CustomResult<Vec<(String, Maskable<String>)>, E> {
        Ok(Vec::new())
    }
}
"""

WEBHOOKS = """
/// Incoming notifications.
pub trait IncomingWebhook: ConnectorCommon {
    /// Which event arrived.
    fn get_webhook_event_type(
        &self,
        _request: &IncomingWebhookRequestDetails<'_>,
        _context: Option<&WebhookContext>,
    ) -> CustomResult<IncomingWebhookEvent, errors::ConnectorError>;
}
"""

TYPES = """
pub type PaymentsAuthorizeRouterData = RouterData<Authorize, PaymentsAuthorizeData, PaymentsResponseData>;
pub type PaymentsCaptureRouterData =
    RouterData<Capture, PaymentsCaptureData, PaymentsResponseData>;
pub type RefundsRouterData<F> = RouterData<F, RefundsData, RefundsResponseData>;
pub type RefundExecuteRouterData = RouterData<Execute, RefundsData, RefundsResponseData>;
pub type NotRouterData = Vec<u8>;
"""

AMOUNTS = """
pub trait AmountConvertor: Send {
    type Output;
}

/// Integers in minor units.
pub struct MinorUnitForConnector;
impl AmountConvertor for MinorUnitForConnector {
    type Output = MinorUnit;
}

/// Decimal strings in major units.
pub struct StringMajorUnitForConnector;
impl AmountConvertor for StringMajorUnitForConnector {
    type Output = StringMajorUnit;
}
"""


def connector(name: str, convertor: str, output: str, url_body: str, auth: str) -> str:
    """A connector main file with an Authorize get_url and a ConnectorCommon impl."""
    pascal = name.capitalize()
    return f'''
pub struct {pascal} {{
    amount_converter: &'static (dyn AmountConvertor<Output = {output}> + Sync),
}}

impl {pascal} {{
    pub fn new() -> &'static Self {{
        &Self {{ amount_converter: &{convertor} }}
    }}
}}

impl ConnectorCommon for {pascal} {{
    fn id(&self) -> &'static str {{
        "{name}"
    }}

    fn get_auth_header(&self, auth: &ConnectorAuthType) -> CustomResult<Vec<(String, Maskable<String>)>, E> {{
        Ok(vec![(AUTHORIZATION.to_string(), format!("{auth} {{}}", key).into_masked())])
    }}
}}

impl ConnectorIntegration<Authorize, PaymentsAuthorizeData, PaymentsResponseData> for {pascal} {{
    fn get_url(
        &self,
        _req: &PaymentsAuthorizeRouterData,
        connectors: &Connectors,
    ) -> CustomResult<String, errors::ConnectorError> {{
        {url_body}
    }}
}}
'''


TRANSFORMERS = """
#[derive(Debug, Serialize)]
pub struct {pascal}PaymentsRequest {{
    amount: MinorUnit,
    currency: Currency,
}}
"""

ACME = """
use common_utils::types::{AmountConvertor, MinorUnit, MinorUnitForConnector};
use hyperswitch_interfaces::api::ConnectorCommon;
use hyperswitch_interfaces::api::ConnectorCommon;

pub struct Acme;

impl ConnectorCommon for Acme {
    fn id(&self) -> &'static str {
        "acme"
    }

    fn get_currency_unit(&self) -> api::CurrencyUnit {
        todo!()
    }
}

impl ConnectorIntegration<Authorize, PaymentsAuthorizeData, PaymentsResponseData> for Acme {
    fn get_url(
        &self,
        _req: &PaymentsAuthorizeRouterData,
        _connectors: &Connectors,
    ) -> CustomResult<String, errors::ConnectorError> {
        Err(errors::ConnectorError::NotImplemented("get_url method".to_string()).into())
    }
}

impl ConnectorIntegration<Capture, PaymentsCaptureData, PaymentsResponseData> for Acme {}

impl webhooks::IncomingWebhook for Acme {
    fn get_webhook_event_type(
        &self,
        _request: &webhooks::IncomingWebhookRequestDetails<'_>,
        _context: Option<&webhooks::WebhookResourceData>,
    ) -> CustomResult<api_models::webhooks::IncomingWebhookEvent, errors::ConnectorError> {
        Err(report!(errors::ConnectorError::WebhooksNotImplemented))
    }
}
"""

ACME_TRANSFORMERS = """
//TODO: Fill the struct with respective fields
#[derive(Default, Debug, Serialize)]
pub struct AcmePaymentsRequest {
    amount: MinorUnit,
}
"""


def files() -> dict[str, str]:
    """Every file of the tree: {relative path: text}."""
    return {
        "Cargo.toml": "[workspace]\n",
        "crates/hyperswitch_connectors/src/connectors.rs": "pub mod alpha;\npub mod beta;\npub mod gamma;\n",
        "crates/hyperswitch_interfaces/src/api.rs": API,
        "crates/hyperswitch_interfaces/src/webhooks.rs": WEBHOOKS,
        "crates/hyperswitch_domain_models/src/types.rs": TYPES,
        "crates/common_utils/src/types.rs": AMOUNTS,
        f"{CONNECTORS}/alpha.rs": connector(
            "alpha",
            "MinorUnitForConnector",
            "MinorUnit",
            'Ok(format!("{}v1/payments", self.base_url(connectors)))',
            "Bearer",
        ),
        f"{CONNECTORS}/alpha/transformers.rs": TRANSFORMERS.format(pascal="Alpha"),
        f"{CONNECTORS}/beta.rs": connector(
            "beta",
            "StringMajorUnitForConnector",
            "StringMajorUnit",
            'Ok(format!("{}/charges", self.base_url(connectors)))',
            "Basic",
        ),
        f"{CONNECTORS}/beta/transformers.rs": TRANSFORMERS.format(pascal="Beta"),
        f"{CONNECTORS}/gamma.rs": connector(
            "gamma",
            "MinorUnitForConnector",
            "MinorUnit",
            'Err(errors::ConnectorError::NotImplemented("get_url method".to_string()).into())',
            "Bearer",
        ),
        f"{CONNECTORS}/acme.rs": ACME,
        f"{CONNECTORS}/acme/transformers.rs": ACME_TRANSFORMERS,
    }


def write_tree(root: Path, extra: dict[str, str] | None = None, *, git: bool = False) -> Checkout:
    """Write the tree (plus ``extra`` files) under ``root``; optionally make it a git repository."""
    for rel, text in {**files(), **(extra or {})}.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    if git:
        subprocess.run(["git", "init", "-q", str(root)], check=True)
    layout = detect_layout(root)
    assert layout is not None
    return Checkout(root.resolve(), layout)


def render_connector(root: Path, name: str, doc: str | None = None, *, repair: bool = True) -> Checkout:
    """Render the checkout's own connector-template into place as connector ``name`` (as the script
    would), repair its drift (as ``new`` does, unless ``repair`` is False), optionally with
    ``grace/references/<name>_doc.md``; return the checkout."""
    layout = detect_layout(root)
    assert layout is not None
    rendered = render.render_tree(root / layout.template_dir, name)
    targets = {
        "mod.rs": layout.connectors_dir / f"{name}.rs",
        "transformers.rs": layout.connectors_dir / name / "transformers.rs",
        "test.rs": layout.router_tests_dir / f"{name}.rs",
    }
    for source, target in targets.items():
        (root / target).parent.mkdir(parents=True, exist_ok=True)
        (root / target).write_text(rendered[source], encoding="utf-8")
    if doc is not None:
        path = root / "grace/references" / f"{name}_doc.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(doc, encoding="utf-8")
    checkout = Checkout(root.resolve(), layout)
    if repair:
        drift_repair.repair_files(checkout, name, checkout.connector_files(name))
    return checkout
