use common_enums::enums;
use common_utils::{
    errors::{CustomResult, ResultExt},
    ext_traits::BytesExt,
    impl_from_json, impl_json, impl_json_enum, impl_to_json,
    json::JsonValue,
    masking::{PeekInterface, Secret},
    types::FloatMajorUnit,
};
use hyperswitch_domain_models::{
    payment_method_data::{Card, CardNumber, PaymentMethodData},
    router_data::{ConnectorAuthType, RouterData},
    router_flow_types::refunds::{Execute, RSync},
    router_request_types::ResponseId,
    router_response_types::{PaymentsResponseData, RefundsResponseData},
    types::{
        PaymentsAuthorizeRouterData, PaymentsCancelRouterData, PaymentsCaptureRouterData,
        RefundsRouterData,
    },
};
use hyperswitch_interfaces::{errors, webhooks::IncomingWebhookEvent};

use crate::{
    types::{RefundsResponseRouterData, ResponseRouterData},
    utils::PaymentsAuthorizeRequestData,
};

/// A router data item paired with its amount as a major-unit float.
pub struct ZentraRouterData<T> {
    pub amount: FloatMajorUnit,
    pub router_data: T,
}

impl<T> From<(FloatMajorUnit, T)> for ZentraRouterData<T> {
    fn from((amount, item): (FloatMajorUnit, T)) -> Self {
        Self {
            amount,
            router_data: item,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ZentraCaptureMode {
    Automatic,
    Manual,
}
impl_json_enum!(ZentraCaptureMode {
    Automatic => "automatic",
    Manual => "manual",
});

/// Card source; Zentra wants the expiry as `MM/YYYY`.
#[derive(Debug, PartialEq)]
pub struct ZentraCardSource {
    source_type: String,
    number: CardNumber,
    expiry: Secret<String>,
    cvv: Secret<String>,
}
impl_to_json!(ZentraCardSource { source_type => "type", number, expiry, cvv });

impl From<&Card> for ZentraCardSource {
    fn from(card: &Card) -> Self {
        let expiry = format!(
            "{:0>2}/{}",
            card.card_exp_month.peek(),
            card.get_expiry_year_4_digit().peek()
        );
        Self {
            source_type: "card".to_owned(),
            number: card.card_number.clone(),
            expiry: Secret::new(expiry),
            cvv: card.card_cvc.clone(),
        }
    }
}

#[derive(Debug, PartialEq)]
pub struct ZentraPaymentsRequest {
    amount: FloatMajorUnit,
    currency: enums::Currency,
    capture_mode: ZentraCaptureMode,
    description: Option<String>,
    merchant_reference: String,
    source: ZentraCardSource,
}
impl_to_json!(ZentraPaymentsRequest {
    amount,
    currency,
    capture_mode,
    description,
    merchant_reference,
    source,
});

impl TryFrom<&ZentraRouterData<&PaymentsAuthorizeRouterData>> for ZentraPaymentsRequest {
    type Error = common_utils::errors::Report<errors::ConnectorError>;
    fn try_from(
        item: &ZentraRouterData<&PaymentsAuthorizeRouterData>,
    ) -> Result<Self, Self::Error> {
        let request = &item.router_data.request;
        let PaymentMethodData::Card(card) = &request.payment_method_data else {
            return Err(errors::ConnectorError::NotSupported {
                message: format!("{:?}", request.payment_method_type),
                connector: "zentra",
            }
            .into());
        };
        Ok(Self {
            amount: item.amount,
            currency: request.currency,
            capture_mode: if request.is_auto_capture() {
                ZentraCaptureMode::Automatic
            } else {
                ZentraCaptureMode::Manual
            },
            description: item.router_data.description.clone(),
            merchant_reference: item.router_data.connector_request_reference_id.clone(),
            source: ZentraCardSource::from(card),
        })
    }
}

#[derive(Debug, PartialEq)]
pub struct ZentraCaptureRequest {
    amount: FloatMajorUnit,
}
impl_to_json!(ZentraCaptureRequest { amount });

impl From<&ZentraRouterData<&PaymentsCaptureRouterData>> for ZentraCaptureRequest {
    fn from(item: &ZentraRouterData<&PaymentsCaptureRouterData>) -> Self {
        Self {
            amount: item.amount,
        }
    }
}

#[derive(Debug, PartialEq)]
pub struct ZentraCancelRequest {
    reason: Option<String>,
}
impl_to_json!(ZentraCancelRequest { reason });

impl From<&PaymentsCancelRouterData> for ZentraCancelRequest {
    fn from(item: &PaymentsCancelRouterData) -> Self {
        Self {
            reason: item.request.cancellation_reason.clone(),
        }
    }
}

/// Zentra credentials: an API key sent as `X-Api-Key`, and the account id
/// that scopes every path.
pub struct ZentraAuthType {
    pub(super) api_key: Secret<String>,
    pub(super) account_id: Secret<String>,
}

impl TryFrom<&ConnectorAuthType> for ZentraAuthType {
    type Error = common_utils::errors::Report<errors::ConnectorError>;
    fn try_from(auth_type: &ConnectorAuthType) -> Result<Self, Self::Error> {
        match auth_type {
            ConnectorAuthType::BodyKey { api_key, key1 } => Ok(Self {
                api_key: api_key.to_owned(),
                account_id: key1.to_owned(),
            }),
            _ => Err(errors::ConnectorError::FailedToObtainAuthType.into()),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ZentraChargeOutcome {
    Succeeded,
    RequiresCapture,
    Processing,
    Failed,
    Canceled,
}
impl_json_enum!(ZentraChargeOutcome {
    Succeeded => "succeeded",
    RequiresCapture => "requires_capture",
    Processing => "processing",
    Failed => "failed",
    Canceled => "canceled",
});

impl From<ZentraChargeOutcome> for enums::AttemptStatus {
    fn from(item: ZentraChargeOutcome) -> Self {
        match item {
            ZentraChargeOutcome::Succeeded => Self::Charged,
            ZentraChargeOutcome::RequiresCapture => Self::Authorized,
            ZentraChargeOutcome::Processing => Self::Authorizing,
            ZentraChargeOutcome::Failed => Self::Failure,
            ZentraChargeOutcome::Canceled => Self::Voided,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ZentraPaymentsResponse {
    charge_id: String,
    outcome: ZentraChargeOutcome,
    failure_reason: Option<String>,
}
impl_json!(ZentraPaymentsResponse {
    charge_id,
    outcome,
    failure_reason
});

impl<F, T> TryFrom<ResponseRouterData<F, ZentraPaymentsResponse, T, PaymentsResponseData>>
    for RouterData<F, T, PaymentsResponseData>
{
    type Error = common_utils::errors::Report<errors::ConnectorError>;
    fn try_from(
        item: ResponseRouterData<F, ZentraPaymentsResponse, T, PaymentsResponseData>,
    ) -> Result<Self, Self::Error> {
        let status = enums::AttemptStatus::from(item.response.outcome);
        let response = match (status, item.response.failure_reason) {
            (enums::AttemptStatus::Failure, Some(reason)) => {
                Err(hyperswitch_domain_models::router_data::ErrorResponse {
                    code: "charge_failed".to_owned(),
                    message: reason.clone(),
                    reason: Some(reason),
                    status_code: item.http_code,
                    attempt_status: Some(status),
                    connector_transaction_id: Some(item.response.charge_id),
                })
            }
            _ => Ok(PaymentsResponseData::TransactionResponse {
                resource_id: ResponseId::ConnectorTransactionId(item.response.charge_id),
                redirection_data: Box::new(None),
                mandate_reference: Box::new(None),
                connector_metadata: None,
                network_txn_id: None,
                connector_response_reference_id: None,
                incremental_authorization_allowed: None,
                network_txn_link_id: None,
            }),
        };
        Ok(Self {
            status,
            response,
            ..item.data
        })
    }
}

#[derive(Debug, PartialEq)]
pub struct ZentraRefundRequest {
    amount: FloatMajorUnit,
}
impl_to_json!(ZentraRefundRequest { amount });

impl<F> From<&ZentraRouterData<&RefundsRouterData<F>>> for ZentraRefundRequest {
    fn from(item: &ZentraRouterData<&RefundsRouterData<F>>) -> Self {
        Self {
            amount: item.amount,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum RefundOutcome {
    Succeeded,
    Processing,
    Failed,
}
impl_json_enum!(RefundOutcome {
    Succeeded => "succeeded",
    Processing => "processing",
    Failed => "failed",
});

impl From<RefundOutcome> for enums::RefundStatus {
    fn from(item: RefundOutcome) -> Self {
        match item {
            RefundOutcome::Succeeded => Self::Success,
            RefundOutcome::Processing => Self::Pending,
            RefundOutcome::Failed => Self::Failure,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct RefundResponse {
    refund_id: String,
    outcome: RefundOutcome,
}
impl_json!(RefundResponse { refund_id, outcome });

impl TryFrom<RefundsResponseRouterData<Execute, RefundResponse>> for RefundsRouterData<Execute> {
    type Error = common_utils::errors::Report<errors::ConnectorError>;
    fn try_from(
        item: RefundsResponseRouterData<Execute, RefundResponse>,
    ) -> Result<Self, Self::Error> {
        Ok(Self {
            response: Ok(RefundsResponseData {
                connector_refund_id: item.response.refund_id,
                refund_status: enums::RefundStatus::from(item.response.outcome),
            }),
            ..item.data
        })
    }
}

impl TryFrom<RefundsResponseRouterData<RSync, RefundResponse>> for RefundsRouterData<RSync> {
    type Error = common_utils::errors::Report<errors::ConnectorError>;
    fn try_from(
        item: RefundsResponseRouterData<RSync, RefundResponse>,
    ) -> Result<Self, Self::Error> {
        Ok(Self {
            response: Ok(RefundsResponseData {
                connector_refund_id: item.response.refund_id,
                refund_status: enums::RefundStatus::from(item.response.outcome),
            }),
            ..item.data
        })
    }
}

#[derive(Debug, PartialEq)]
pub struct ZentraErrorResponse {
    pub error_code: String,
    pub error_message: String,
}
impl_json!(ZentraErrorResponse {
    error_code,
    error_message
});

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ZentraEventType {
    ChargeSucceeded,
    ChargeFailed,
    ChargeCanceled,
    RefundSucceeded,
    RefundFailed,
    Other,
}

impl common_utils::json::FromJson for ZentraEventType {
    fn from_json(value: &JsonValue) -> Result<Self, common_utils::json::JsonError> {
        // Unknown event names are not an error: Zentra adds events freely.
        Ok(match value.as_str() {
            Some("charge.succeeded") => Self::ChargeSucceeded,
            Some("charge.failed") => Self::ChargeFailed,
            Some("charge.canceled") => Self::ChargeCanceled,
            Some("refund.succeeded") => Self::RefundSucceeded,
            Some("refund.failed") => Self::RefundFailed,
            _ => Self::Other,
        })
    }
}

impl From<ZentraEventType> for IncomingWebhookEvent {
    fn from(item: ZentraEventType) -> Self {
        match item {
            ZentraEventType::ChargeSucceeded => Self::PaymentIntentSuccess,
            ZentraEventType::ChargeFailed => Self::PaymentIntentFailure,
            ZentraEventType::ChargeCanceled => Self::PaymentIntentCancelled,
            ZentraEventType::RefundSucceeded => Self::RefundSuccess,
            ZentraEventType::RefundFailed => Self::RefundFailure,
            ZentraEventType::Other => Self::EventNotSupported,
        }
    }
}

/// Body of a Zentra webhook: `{"type": "charge.succeeded", "charge_id": ...,
/// "refund_id": ..., "data": {...}}`.
#[derive(Debug)]
pub struct ZentraWebhookEvent {
    pub event_type: ZentraEventType,
    pub charge_id: Option<String>,
    pub refund_id: Option<String>,
    pub data: JsonValue,
}
impl_from_json!(ZentraWebhookEvent {
    event_type => "type",
    charge_id,
    refund_id,
    data,
});

impl ZentraWebhookEvent {
    /// Parses a webhook body.
    pub fn parse(body: &[u8]) -> CustomResult<Self, errors::ConnectorError> {
        body.parse_struct("ZentraWebhookEvent")
            .change_context(errors::ConnectorError::WebhookBodyDecodingFailed)
    }
}
