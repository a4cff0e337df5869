//! Request data of each flow.

use common_enums::{CaptureMethod, Currency, PaymentMethodType};
use common_utils::{
    errors::{CustomResult, Report, ValidationError},
    masking::Secret,
    types::MinorUnit,
};

use crate::payment_method_data::PaymentMethodData;

/// Data for [`Authorize`](crate::router_flow_types::Authorize).
#[derive(Clone, Debug)]
pub struct PaymentsAuthorizeData {
    pub payment_method_data: PaymentMethodData,
    pub payment_method_type: Option<PaymentMethodType>,
    /// Amount in minor units as a bare integer (kept for older connectors).
    pub amount: i64,
    pub minor_amount: MinorUnit,
    pub currency: Currency,
    pub confirm: bool,
    pub capture_method: Option<CaptureMethod>,
    pub email: Option<String>,
    pub customer_name: Option<Secret<String>>,
    pub statement_descriptor: Option<String>,
    pub router_return_url: Option<String>,
}

/// Data for [`PSync`](crate::router_flow_types::PSync).
#[derive(Clone, Debug, Default)]
pub struct PaymentsSyncData {
    pub connector_transaction_id: ResponseId,
    pub capture_method: Option<CaptureMethod>,
    pub currency: Currency,
}

/// Data for [`Capture`](crate::router_flow_types::Capture).
#[derive(Clone, Debug, Default)]
pub struct PaymentsCaptureData {
    pub amount_to_capture: i64,
    pub minor_amount_to_capture: MinorUnit,
    pub currency: Currency,
    pub connector_transaction_id: String,
    pub minor_payment_amount: MinorUnit,
}

/// Data for [`Void`](crate::router_flow_types::Void).
#[derive(Clone, Debug, Default)]
pub struct PaymentsCancelData {
    pub connector_transaction_id: String,
    pub cancellation_reason: Option<String>,
    pub currency: Option<Currency>,
    pub minor_amount: Option<MinorUnit>,
}

/// Data for [`Session`](crate::router_flow_types::Session).
#[derive(Clone, Debug, Default)]
pub struct PaymentsSessionData {
    pub minor_amount: MinorUnit,
    pub currency: Currency,
    pub country: Option<String>,
}

/// Data for [`SetupMandate`](crate::router_flow_types::SetupMandate).
#[derive(Clone, Debug)]
pub struct SetupMandateRequestData {
    pub payment_method_data: PaymentMethodData,
    pub currency: Currency,
    pub minor_amount: Option<MinorUnit>,
    pub email: Option<String>,
}

/// Data for [`PaymentMethodToken`](crate::router_flow_types::PaymentMethodToken).
#[derive(Clone, Debug)]
pub struct PaymentMethodTokenizationData {
    pub payment_method_data: PaymentMethodData,
    pub currency: Currency,
    pub minor_amount: Option<MinorUnit>,
}

/// Data for [`AccessTokenAuth`](crate::router_flow_types::AccessTokenAuth).
#[derive(Clone, Debug)]
pub struct AccessTokenRequestData {
    pub app_id: Secret<String>,
    pub id: Option<Secret<String>>,
}

/// Data for [`Execute`](crate::router_flow_types::Execute) and
/// [`RSync`](crate::router_flow_types::RSync).
#[derive(Clone, Debug, Default)]
pub struct RefundsData {
    pub refund_id: String,
    pub connector_transaction_id: String,
    pub connector_refund_id: Option<String>,
    pub currency: Currency,
    pub refund_amount: i64,
    pub minor_refund_amount: MinorUnit,
    pub payment_amount: i64,
    pub minor_payment_amount: MinorUnit,
    pub reason: Option<String>,
}

/// Data for [`CompleteAuthorize`](crate::router_flow_types::CompleteAuthorize).
#[derive(Clone, Debug)]
pub struct CompleteAuthorizeData {
    pub minor_amount: MinorUnit,
    pub currency: Currency,
    pub redirect_response_payload: Option<String>,
}

/// Data for [`CreateConnectorCustomer`](crate::router_flow_types::CreateConnectorCustomer).
#[derive(Clone, Debug)]
pub struct ConnectorCustomerData {
    pub email: Option<String>,
    pub name: Option<Secret<String>>,
}

/// Data for [`IncrementalAuthorization`](crate::router_flow_types::IncrementalAuthorization).
#[derive(Clone, Debug)]
pub struct PaymentsIncrementalAuthorizationData {
    pub total_amount: MinorUnit,
    pub additional_amount: MinorUnit,
    pub currency: Currency,
    pub connector_transaction_id: String,
}

/// The connector's identifier for a payment, when one is known.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum ResponseId {
    ConnectorTransactionId(String),
    EncodedData(String),
    #[default]
    NoResponseId,
}

impl ResponseId {
    /// The connector transaction id, or an error if there is none.
    pub fn get_connector_transaction_id(&self) -> CustomResult<String, ValidationError> {
        match self {
            Self::ConnectorTransactionId(id) => Ok(id.clone()),
            Self::EncodedData(_) | Self::NoResponseId => {
                Err(Report::new(ValidationError::MissingRequiredField {
                    field_name: "connector_transaction_id".to_owned(),
                }))
            }
        }
    }
}
