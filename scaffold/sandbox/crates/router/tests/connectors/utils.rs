//! Shared harness for connector tests.
// Not every connector suite uses every helper.
#![allow(dead_code)]

use std::{
    fmt::Debug,
    marker::PhantomData,
    time::{SystemTime, UNIX_EPOCH},
};

use common_utils::{errors::Report, masking::Secret, request::Request, types::MinorUnit};
use hyperswitch_interfaces::{
    api::BoxedConnectorIntegration, configs::Connectors, errors::ConnectorError,
};
use router::types::{self, api, storage::enums};

/// What a connector test suite declares about its connector.
pub trait Connector {
    /// The connector under test.
    fn get_data(&self) -> api::ConnectorData;

    /// Credentials to call it with.
    fn get_auth_token(&self) -> types::ConnectorAuthType;

    /// Its configuration name.
    fn get_name(&self) -> String;

    /// Endpoints; tests that reach the network must set the base URL.
    fn get_connectors(&self) -> Connectors {
        Connectors::default()
    }
}

/// Per-test overrides of the generated router data.
#[derive(Clone, Debug, Default)]
pub struct PaymentInfo {
    pub access_token: Option<types::AccessToken>,
}

/// A transport that sends a request and returns the connector's answer.
pub type Transport<'a> = &'a dyn Fn(&Request) -> Result<types::Response, Report<ConnectorError>>;

/// The sandbox never opens sockets: every real call fails here.
pub fn no_network(request: &Request) -> Result<types::Response, Report<ConnectorError>> {
    Err(Report::new(ConnectorError::ProcessingStepFailed(format!(
        "network access is disabled in the sandbox ({} {})",
        request.method, request.url
    ))))
}

/// Runs one flow: build the request, send it, and hand the answer to the
/// connector's response or error handler.
pub fn call_connector<T, Req, Resp>(
    request: types::RouterData<T, Req, Resp>,
    integration: BoxedConnectorIntegration<'_, T, Req, Resp>,
    connectors: &Connectors,
    transport: Transport<'_>,
) -> Result<types::RouterData<T, Req, Resp>, Report<ConnectorError>>
where
    T: Clone + Debug + 'static,
    Req: Clone + Debug + 'static,
    Resp: Clone + Debug + 'static,
{
    let Some(outgoing) = integration.build_request(&request, connectors)? else {
        return Ok(request);
    };
    let response = transport(&outgoing)?;
    let error = match response.status_code {
        200..=299 => return integration.handle_response(&request, None, response),
        500..=599 => integration.get_5xx_error_response(response, None)?,
        _ => integration.get_error_response(response, None)?,
    };
    Ok(types::RouterData {
        response: Err(error),
        ..request
    })
}

/// The flows every connector test suite can run.
pub trait ConnectorActions: Connector {
    /// Router data for one call, with test defaults around `request`.
    fn generate_data<Flow, Req, Resp>(
        &self,
        request: Req,
        payment_info: Option<PaymentInfo>,
    ) -> types::RouterData<Flow, Req, Resp> {
        let nonce = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|elapsed| elapsed.as_nanos())
            .unwrap_or_default();
        types::RouterData {
            flow: PhantomData,
            merchant_id: format!("{}_merchant", self.get_name()),
            connector: self.get_name(),
            payment_id: format!("pay_{nonce}"),
            attempt_id: format!("pay_{nonce}_1"),
            status: enums::AttemptStatus::default(),
            payment_method: enums::PaymentMethod::Card,
            connector_auth_type: self.get_auth_token(),
            description: Some("This is a test".to_owned()),
            return_url: None,
            connector_request_reference_id: format!("ref_{nonce}"),
            access_token: payment_info.and_then(|info| info.access_token),
            refund_id: None,
            test_mode: Some(true),
            request,
            response: Err(types::ErrorResponse::default()),
        }
    }

    /// Authorizes a payment with manual capture.
    fn authorize_payment(
        &self,
        payment_data: Option<types::PaymentsAuthorizeData>,
        payment_info: Option<PaymentInfo>,
    ) -> Result<types::PaymentsAuthorizeRouterData, Report<ConnectorError>> {
        let request = types::PaymentsAuthorizeData {
            capture_method: Some(enums::CaptureMethod::Manual),
            ..payment_data.unwrap_or_else(|| PaymentAuthorizeType::default().0)
        };
        self.run(self.generate_data(request, payment_info))
    }

    /// Authorizes and captures a payment in one call.
    fn make_payment(
        &self,
        payment_data: Option<types::PaymentsAuthorizeData>,
        payment_info: Option<PaymentInfo>,
    ) -> Result<types::PaymentsAuthorizeRouterData, Report<ConnectorError>> {
        let request = types::PaymentsAuthorizeData {
            capture_method: Some(enums::CaptureMethod::Automatic),
            ..payment_data.unwrap_or_else(|| PaymentAuthorizeType::default().0)
        };
        self.run(self.generate_data(request, payment_info))
    }

    /// Fetches the status of a payment.
    fn sync_payment(
        &self,
        payment_data: Option<types::PaymentsSyncData>,
        payment_info: Option<PaymentInfo>,
    ) -> Result<types::PaymentsSyncRouterData, Report<ConnectorError>> {
        self.run(self.generate_data(payment_data.unwrap_or_default(), payment_info))
    }

    /// Syncs until the payment reaches `status`, three tries at most.
    fn psync_retry_till_status_matches(
        &self,
        status: enums::AttemptStatus,
        payment_data: Option<types::PaymentsSyncData>,
        payment_info: Option<PaymentInfo>,
    ) -> Result<types::PaymentsSyncRouterData, Report<ConnectorError>> {
        let mut last = self.sync_payment(payment_data.clone(), payment_info.clone())?;
        for _ in 1..3 {
            if last.status == status {
                break;
            }
            last = self.sync_payment(payment_data.clone(), payment_info.clone())?;
        }
        Ok(last)
    }

    /// Captures an authorized payment.
    fn capture_payment(
        &self,
        transaction_id: String,
        capture_data: Option<types::PaymentsCaptureData>,
        payment_info: Option<PaymentInfo>,
    ) -> Result<types::PaymentsCaptureRouterData, Report<ConnectorError>> {
        let request = types::PaymentsCaptureData {
            connector_transaction_id: transaction_id,
            ..capture_data.unwrap_or_else(|| PaymentCaptureType::default().0)
        };
        self.run(self.generate_data(request, payment_info))
    }

    /// Authorizes a payment, then captures it.
    fn authorize_and_capture_payment(
        &self,
        authorize_data: Option<types::PaymentsAuthorizeData>,
        capture_data: Option<types::PaymentsCaptureData>,
        payment_info: Option<PaymentInfo>,
    ) -> Result<types::PaymentsCaptureRouterData, Report<ConnectorError>> {
        let authorized = self.authorize_payment(authorize_data, payment_info.clone())?;
        let transaction_id = get_connector_transaction_id(authorized.response).unwrap_or_default();
        self.capture_payment(transaction_id, capture_data, payment_info)
    }

    /// Cancels an authorized payment.
    fn void_payment(
        &self,
        transaction_id: String,
        void_data: Option<types::PaymentsCancelData>,
        payment_info: Option<PaymentInfo>,
    ) -> Result<types::PaymentsCancelRouterData, Report<ConnectorError>> {
        let request = types::PaymentsCancelData {
            connector_transaction_id: transaction_id,
            ..void_data.unwrap_or_default()
        };
        self.run(self.generate_data(request, payment_info))
    }

    /// Authorizes a payment, then cancels it.
    fn authorize_and_void_payment(
        &self,
        authorize_data: Option<types::PaymentsAuthorizeData>,
        void_data: Option<types::PaymentsCancelData>,
        payment_info: Option<PaymentInfo>,
    ) -> Result<types::PaymentsCancelRouterData, Report<ConnectorError>> {
        let authorized = self.authorize_payment(authorize_data, payment_info.clone())?;
        let transaction_id = get_connector_transaction_id(authorized.response).unwrap_or_default();
        self.void_payment(transaction_id, void_data, payment_info)
    }

    /// Refunds a captured payment.
    fn refund_payment(
        &self,
        transaction_id: String,
        refund_data: Option<types::RefundsData>,
        payment_info: Option<PaymentInfo>,
    ) -> Result<types::RefundExecuteRouterData, Report<ConnectorError>> {
        let request = types::RefundsData {
            connector_transaction_id: transaction_id,
            ..refund_data.unwrap_or_else(|| PaymentRefundType::default().0)
        };
        self.run(self.generate_data(request, payment_info))
    }

    /// Makes an auto-captured payment, then refunds it.
    fn make_payment_and_refund(
        &self,
        authorize_data: Option<types::PaymentsAuthorizeData>,
        refund_data: Option<types::RefundsData>,
        payment_info: Option<PaymentInfo>,
    ) -> Result<types::RefundExecuteRouterData, Report<ConnectorError>> {
        let payment = self.make_payment(authorize_data, payment_info.clone())?;
        let transaction_id = get_connector_transaction_id(payment.response).unwrap_or_default();
        self.refund_payment(transaction_id, refund_data, payment_info)
    }

    /// Authorizes and captures a payment, then refunds it.
    fn capture_payment_and_refund(
        &self,
        authorize_data: Option<types::PaymentsAuthorizeData>,
        capture_data: Option<types::PaymentsCaptureData>,
        refund_data: Option<types::RefundsData>,
        payment_info: Option<PaymentInfo>,
    ) -> Result<types::RefundExecuteRouterData, Report<ConnectorError>> {
        let captured =
            self.authorize_and_capture_payment(authorize_data, capture_data, payment_info.clone())?;
        let transaction_id = get_connector_transaction_id(captured.response).unwrap_or_default();
        self.refund_payment(transaction_id, refund_data, payment_info)
    }

    /// Fetches the status of a refund.
    fn sync_refund(
        &self,
        refund_id: String,
        refund_data: Option<types::RefundsData>,
        payment_info: Option<PaymentInfo>,
    ) -> Result<types::RefundSyncRouterData, Report<ConnectorError>> {
        let request = types::RefundsData {
            connector_refund_id: Some(refund_id),
            ..refund_data.unwrap_or_else(|| PaymentRefundType::default().0)
        };
        self.run(self.generate_data(request, payment_info))
    }

    /// Syncs until the refund reaches `status`, three tries at most.
    fn rsync_retry_till_status_matches(
        &self,
        status: enums::RefundStatus,
        refund_id: String,
        refund_data: Option<types::RefundsData>,
        payment_info: Option<PaymentInfo>,
    ) -> Result<types::RefundSyncRouterData, Report<ConnectorError>> {
        let mut last =
            self.sync_refund(refund_id.clone(), refund_data.clone(), payment_info.clone())?;
        for _ in 1..3 {
            if last
                .response
                .as_ref()
                .is_ok_and(|r| r.refund_status == status)
            {
                break;
            }
            last =
                self.sync_refund(refund_id.clone(), refund_data.clone(), payment_info.clone())?;
        }
        Ok(last)
    }

    /// Runs a flow against the connector's test environment.
    fn run<T, Req, Resp>(
        &self,
        request: types::RouterData<T, Req, Resp>,
    ) -> Result<types::RouterData<T, Req, Resp>, Report<ConnectorError>>
    where
        T: Clone + Debug + 'static,
        Req: Clone + Debug + 'static,
        Resp: Clone + Debug + 'static,
        dyn api::Connector + Sync: api::ConnectorIntegrationAny<T, Req, Resp>,
    {
        self.run_with(request, &no_network)
    }

    /// Runs a flow with `transport` standing in for the network.
    fn run_with<T, Req, Resp>(
        &self,
        request: types::RouterData<T, Req, Resp>,
        transport: Transport<'_>,
    ) -> Result<types::RouterData<T, Req, Resp>, Report<ConnectorError>>
    where
        T: Clone + Debug + 'static,
        Req: Clone + Debug + 'static,
        Resp: Clone + Debug + 'static,
        dyn api::Connector + Sync: api::ConnectorIntegrationAny<T, Req, Resp>,
    {
        let data = self.get_data();
        let integration = api::ConnectorIntegrationAny::get_connector_integration(*data.connector);
        call_connector(request, integration, &self.get_connectors(), transport)
    }
}

/// Card details that pass the connectors' test environments.
pub struct CCardType(pub types::Card);

impl Default for CCardType {
    fn default() -> Self {
        Self(types::Card {
            card_number: types::CardNumber::new("4200000000000000"),
            card_exp_month: Secret::new("10".to_owned()),
            card_exp_year: Secret::new("2035".to_owned()),
            card_cvc: Secret::new("123".to_owned()),
            card_holder_name: Some(Secret::new("John Doe".to_owned())),
            card_network: None,
        })
    }
}

/// Default authorize request: 1.00 USD by card.
pub struct PaymentAuthorizeType(pub types::PaymentsAuthorizeData);

impl Default for PaymentAuthorizeType {
    fn default() -> Self {
        Self(types::PaymentsAuthorizeData {
            payment_method_data: types::PaymentMethodData::Card(CCardType::default().0),
            payment_method_type: Some(enums::PaymentMethodType::Credit),
            amount: 100,
            minor_amount: MinorUnit::new(100),
            currency: enums::Currency::USD,
            confirm: true,
            capture_method: None,
            email: Some("test@example.com".to_owned()),
            customer_name: None,
            statement_descriptor: None,
            router_return_url: None,
        })
    }
}

/// Default capture request: the full 1.00 USD.
pub struct PaymentCaptureType(pub types::PaymentsCaptureData);

impl Default for PaymentCaptureType {
    fn default() -> Self {
        Self(types::PaymentsCaptureData {
            amount_to_capture: 100,
            minor_amount_to_capture: MinorUnit::new(100),
            currency: enums::Currency::USD,
            connector_transaction_id: String::new(),
            minor_payment_amount: MinorUnit::new(100),
        })
    }
}

/// Default refund request: the full 1.00 USD.
pub struct PaymentRefundType(pub types::RefundsData);

impl Default for PaymentRefundType {
    fn default() -> Self {
        Self(types::RefundsData {
            refund_id: "refund_1".to_owned(),
            currency: enums::Currency::USD,
            refund_amount: 100,
            minor_refund_amount: MinorUnit::new(100),
            payment_amount: 100,
            minor_payment_amount: MinorUnit::new(100),
            reason: Some("Customer returned product".to_owned()),
            ..Default::default()
        })
    }
}

/// The connector transaction id of a successful payment response.
pub fn get_connector_transaction_id(
    response: Result<types::PaymentsResponseData, types::ErrorResponse>,
) -> Option<String> {
    match response {
        Ok(types::PaymentsResponseData::TransactionResponse { resource_id, .. }) => {
            resource_id.get_connector_transaction_id().ok()
        }
        _ => None,
    }
}

/// Connector data built from an explicit connector value.
pub fn construct_connector_data_old(
    connector: api::BoxedConnector,
    connector_name: types::Connector,
    get_token: api::GetToken,
    merchant_connector_id: Option<String>,
) -> api::ConnectorData {
    api::ConnectorData {
        connector,
        connector_name,
        get_token,
        merchant_connector_id,
    }
}

/// Credentials from the auth file, as the router expects them.
pub fn to_connector_auth_type(auth_type: types::ConnectorAuthType) -> types::ConnectorAuthType {
    auth_type
}

/// A canned HTTP answer for offline tests.
pub fn canned_response(status_code: u16, body: &str) -> types::Response {
    types::Response {
        headers: Vec::new(),
        response: body.as_bytes().to_vec(),
        status_code,
    }
}
