//! The connector traits.
//!
//! A connector is a unit struct implementing [`ConnectorCommon`] once and
//! [`ConnectorIntegration`] once per flow. The marker traits in [`payments`]
//! and [`refunds`] group those implementations, and [`Connector`] is what the
//! router core stores.

pub mod payments;
pub mod refunds;

use common_enums::{AttemptStatus, CaptureMethod, EventClass, PaymentMethod, PaymentMethodType};
use common_utils::{
    errors::{CustomResult, ResultExt},
    json::JsonValue,
    masking::Maskable,
    request::{Request, RequestContent},
};
use hyperswitch_domain_models::{
    payment_method_data::PaymentMethodData,
    router_data::{AccessToken, ConnectorAuthType, ErrorResponse, RouterData},
    router_flow_types::AccessTokenAuth,
    router_request_types::{AccessTokenRequestData, PaymentsSyncData},
    router_response_types::{ConnectorInfo, SupportedPaymentMethods},
};

pub use self::{payments::*, refunds::*};
use crate::{
    configs::Connectors, consts, errors, events::connector_api_logs::ConnectorEvent, types,
    webhooks,
};

/// Everything the router core needs from a connector.
pub trait Connector:
    Send + Payment + Refund + ConnectorAccessToken + webhooks::IncomingWebhook
{
}

impl<T> Connector for T where
    T: Send + Payment + Refund + ConnectorAccessToken + webhooks::IncomingWebhook
{
}

/// How the router core holds a connector.
pub type BoxedConnector = Box<&'static (dyn Connector + Sync)>;

/// A connector viewed as the integration for one flow.
pub type BoxedConnectorIntegration<'a, T, Req, Resp> =
    Box<&'a (dyn ConnectorIntegration<T, Req, Resp> + Send + Sync)>;

/// Turns a connector into its integration for a given flow; lets the core
/// pick a flow's implementation from a `dyn Connector`.
pub trait ConnectorIntegrationAny<T, Req, Resp>: Send + Sync + 'static {
    /// Returns the connector as the integration for flow `T`.
    fn get_connector_integration(&self) -> BoxedConnectorIntegration<'_, T, Req, Resp>;
}

impl<S, T, Req, Resp> ConnectorIntegrationAny<T, Req, Resp> for S
where
    S: ConnectorIntegration<T, Req, Resp> + Send + Sync,
{
    fn get_connector_integration(&self) -> BoxedConnectorIntegration<'_, T, Req, Resp> {
        Box::new(self)
    }
}

/// One flow of one connector: how to turn `RouterData<T, Req, Resp>` into an
/// HTTP request, and the connector's answer back into `RouterData`.
///
/// Every method has a default, so an empty `impl` compiles; the defaults
/// build no request at all, which makes the flow a silent no-op.
pub trait ConnectorIntegration<T, Req, Resp>:
    ConnectorIntegrationAny<T, Req, Resp> + Sync + ConnectorCommon
{
    /// Headers for this flow's request, authentication included. Most
    /// connectors delegate to `ConnectorCommonExt::build_headers`.
    /// Default: no headers.
    fn get_headers(
        &self,
        _req: &RouterData<T, Req, Resp>,
        _connectors: &Connectors,
    ) -> CustomResult<Vec<(String, Maskable<String>)>, errors::ConnectorError> {
        Ok(vec![])
    }

    /// `Content-Type` of this flow's request body. Default: JSON.
    fn get_content_type(&self) -> &'static str {
        "application/json"
    }

    /// Full URL of the endpoint for this flow, normally
    /// `self.base_url(connectors)` plus a path. Default: empty string.
    fn get_url(
        &self,
        _req: &RouterData<T, Req, Resp>,
        _connectors: &Connectors,
    ) -> CustomResult<String, errors::ConnectorError> {
        Ok(String::new())
    }

    /// Request body. Implementations convert the amount with
    /// `utils::convert_amount` and build the connector's request type from
    /// `transformers`. Default: an empty JSON object.
    fn get_request_body(
        &self,
        _req: &RouterData<T, Req, Resp>,
        _connectors: &Connectors,
    ) -> CustomResult<RequestContent, errors::ConnectorError> {
        Ok(RequestContent::Json(Box::new(JsonValue::Object(vec![]))))
    }

    /// Assembles method, URL, headers and body into a request. Returning
    /// `Ok(None)` (the default) means "nothing to send", and the core keeps
    /// the router data unchanged.
    fn build_request(
        &self,
        _req: &RouterData<T, Req, Resp>,
        _connectors: &Connectors,
    ) -> CustomResult<Option<Request>, errors::ConnectorError> {
        Ok(None)
    }

    /// Parses a successful (2xx) response and returns the updated router
    /// data: new attempt status and `response` filled in. Default: returns
    /// the input unchanged and logs the flow as not implemented.
    fn handle_response(
        &self,
        data: &RouterData<T, Req, Resp>,
        event_builder: Option<&mut ConnectorEvent>,
        _res: types::Response,
    ) -> CustomResult<RouterData<T, Req, Resp>, errors::ConnectorError>
    where
        T: Clone,
        Req: Clone,
        Resp: Clone,
    {
        if let Some(event) = event_builder {
            event.set_error(JsonValue::String("Not Implemented".to_owned()));
        }
        Ok(data.clone())
    }

    /// Turns a 4xx response into an [`ErrorResponse`]. Default: a generic
    /// "not implemented" error.
    fn get_error_response(
        &self,
        res: types::Response,
        event_builder: Option<&mut ConnectorEvent>,
    ) -> CustomResult<ErrorResponse, errors::ConnectorError> {
        if let Some(event) = event_builder {
            event.set_error(JsonValue::String(
                String::from_utf8_lossy(&res.response).into_owned(),
            ));
        }
        Ok(ErrorResponse::get_not_implemented())
    }

    /// Turns a 5xx response into an [`ErrorResponse`]. Default: the status
    /// code as the error code and the raw body as the reason.
    fn get_5xx_error_response(
        &self,
        res: types::Response,
        event_builder: Option<&mut ConnectorEvent>,
    ) -> CustomResult<ErrorResponse, errors::ConnectorError> {
        let reason = String::from_utf8(res.response).ok();
        if let Some(event) = event_builder {
            event.set_error(JsonValue::String(reason.clone().unwrap_or_default()));
        }
        let message = match res.status_code {
            500 => "internal_server_error",
            502 => "bad_gateway",
            503 => "service_unavailable",
            504 => "gateway_timeout",
            _ => "unknown_error",
        };
        Ok(ErrorResponse {
            code: res.status_code.to_string(),
            message: message.to_owned(),
            reason,
            status_code: res.status_code,
            attempt_status: None,
            connector_transaction_id: None,
        })
    }
}

/// The unit in which a connector expects amounts.
#[derive(Clone, Copy, Debug, Eq, PartialEq)]
pub enum CurrencyUnit {
    /// Major unit: dollars for USD.
    Base,
    /// Minor unit: cents for USD.
    Minor,
}

/// Facts about a connector that do not depend on the flow.
pub trait ConnectorCommon {
    /// Connector name in lowercase; must match its key in the configuration
    /// files and in `Connectors`.
    fn id(&self) -> &'static str;

    /// Whether the connector's API takes amounts in minor units (cents) or
    /// in base units (dollars). Must agree with the amount convertor the
    /// connector uses. Default: minor.
    fn get_currency_unit(&self) -> CurrencyUnit {
        CurrencyUnit::Minor
    }

    /// Authentication headers built from the merchant's credentials; fails
    /// with `FailedToObtainAuthType` when the credentials have the wrong
    /// shape. Default: no headers.
    fn get_auth_header(
        &self,
        _auth_type: &ConnectorAuthType,
    ) -> CustomResult<Vec<(String, Maskable<String>)>, errors::ConnectorError> {
        Ok(Vec::new())
    }

    /// `Content-Type` shared by the connector's requests. Default: JSON.
    fn common_get_content_type(&self) -> &'static str {
        "application/json"
    }

    /// The connector's base URL, taken from the `[connectors]` configuration.
    fn base_url<'a>(&self, connectors: &'a Connectors) -> &'a str;

    /// Parses the connector's error body into an [`ErrorResponse`]; flows
    /// usually delegate `get_error_response` here. Default: placeholder
    /// code and message with the HTTP status.
    fn build_error_response(
        &self,
        res: types::Response,
        _event_builder: Option<&mut ConnectorEvent>,
    ) -> CustomResult<ErrorResponse, errors::ConnectorError> {
        Ok(ErrorResponse {
            code: consts::NO_ERROR_CODE.to_owned(),
            message: consts::NO_ERROR_MESSAGE.to_owned(),
            reason: None,
            status_code: res.status_code,
            attempt_status: None,
            connector_transaction_id: None,
        })
    }
}

/// Static information about what a connector offers.
pub trait ConnectorSpecifications {
    /// Display name, description and integration status. Default: none.
    fn get_connector_about(&self) -> Option<&'static ConnectorInfo> {
        None
    }

    /// Payment methods and the features supported for each. `None` (the
    /// default) means "not declared", and validation falls back to
    /// accepting automatic capture only.
    fn get_supported_payment_methods(&self) -> Option<&'static SupportedPaymentMethods> {
        None
    }

    /// Webhook event classes the connector sends. Default: none declared.
    fn get_supported_webhook_flows(&self) -> Option<&'static [EventClass]> {
        None
    }

    /// Reference the connector receives for a payment attempt. Default: the
    /// attempt id.
    fn generate_connector_request_reference_id(
        &self,
        _payment_id: &str,
        attempt_id: &str,
    ) -> String {
        attempt_id.to_owned()
    }
}

/// Headers shared by every flow of a connector.
pub trait ConnectorCommonExt<Flow, Req, Resp>:
    ConnectorCommon + ConnectorIntegration<Flow, Req, Resp>
{
    /// Builds the headers every request of the connector carries, usually
    /// `Content-Type` plus `get_auth_header`. Default: no headers.
    fn build_headers(
        &self,
        _req: &RouterData<Flow, Req, Resp>,
        _connectors: &Connectors,
    ) -> CustomResult<Vec<(String, Maskable<String>)>, errors::ConnectorError> {
        Ok(Vec::new())
    }
}

/// Checks run on a payment before any request is sent to the connector.
pub trait ConnectorValidation: ConnectorCommon + ConnectorSpecifications {
    /// Rejects a capture method the connector does not support for the
    /// payment method, based on `get_supported_payment_methods`.
    fn validate_connector_against_payment_request(
        &self,
        capture_method: Option<CaptureMethod>,
        payment_method: PaymentMethod,
        pmt: Option<PaymentMethodType>,
    ) -> CustomResult<(), errors::ConnectorError> {
        let capture_method = capture_method.unwrap_or_default();
        let supported = match self.get_supported_payment_methods() {
            Some(methods) => pmt
                .and_then(|pmt| methods.get(&payment_method)?.get(&pmt))
                .is_none_or(|details| details.supported_capture_methods.contains(&capture_method)),
            None => capture_method == CaptureMethod::Automatic,
        };
        if supported {
            Ok(())
        } else {
            Err(errors::ConnectorError::NotSupported {
                message: format!("{capture_method:?} capture"),
                connector: self.id(),
            }
            .into())
        }
    }

    /// Checks that a payment sync has what the connector needs to look the
    /// payment up. Default: a connector transaction id must be present.
    fn validate_psync_reference_id(
        &self,
        data: &PaymentsSyncData,
        _is_three_ds: bool,
        _status: AttemptStatus,
    ) -> CustomResult<(), errors::ConnectorError> {
        data.connector_transaction_id
            .get_connector_transaction_id()
            .change_context(errors::ConnectorError::MissingConnectorTransactionID)
            .map(|_| ())
    }

    /// Checks that a mandate payment can be made with this payment method.
    /// Default: mandates are not supported.
    fn validate_mandate_payment(
        &self,
        pm_type: Option<PaymentMethodType>,
        _pm_data: PaymentMethodData,
    ) -> CustomResult<(), errors::ConnectorError> {
        Err(errors::ConnectorError::NotSupported {
            message: format!("mandate payment with {pm_type:?}"),
            connector: self.id(),
        }
        .into())
    }

    /// Whether incoming webhooks must pass source verification before they
    /// are processed. Default: no.
    fn is_webhook_source_verification_mandatory(&self) -> bool {
        false
    }
}

/// Connectors that authenticate with a separately obtained access token.
pub trait ConnectorAccessToken:
    ConnectorIntegration<AccessTokenAuth, AccessTokenRequestData, AccessToken>
{
}
