use common_enums::enums;
use common_utils::{
    impl_json, impl_json_enum, impl_to_json,
    json::{JsonValue, ToJson},
    masking::Secret,
    types::StringMajorUnit,
};
use hyperswitch_domain_models::{
    payment_method_data::{CardNumber, PaymentMethodData, WalletData},
    router_data::{ConnectorAuthType, RouterData},
    router_request_types::ResponseId,
    router_response_types::{PaymentsResponseData, RefundsResponseData},
    types::{PaymentsAuthorizeRouterData, PaymentsCaptureRouterData, RefundsRouterData},
};
use hyperswitch_interfaces::errors;

use crate::{
    types::{RefundsResponseRouterData, ResponseRouterData},
    utils::{self, PaymentsAuthorizeRequestData},
};

/// A router data item paired with its amount as Lumapay writes it.
pub struct LumapayRouterData<T> {
    pub amount: StringMajorUnit,
    pub router_data: T,
}

impl<T> From<(StringMajorUnit, T)> for LumapayRouterData<T> {
    fn from((amount, item): (StringMajorUnit, T)) -> Self {
        Self {
            amount,
            router_data: item,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum LumapayTransactionType {
    Sale,
    Authorization,
}
impl_json_enum!(LumapayTransactionType {
    Sale => "sale",
    Authorization => "authorization",
});

#[derive(Debug, PartialEq)]
pub struct LumapayCard {
    number: CardNumber,
    expiry_month: Secret<String>,
    expiry_year: Secret<String>,
    security_code: Secret<String>,
}
impl_to_json!(LumapayCard {
    number,
    expiry_month,
    expiry_year,
    security_code
});

/// The instrument, written as `{"card": {...}}` or `{"google_pay": {...}}`.
#[derive(Debug, PartialEq)]
pub enum LumapayPaymentMethod {
    Card(LumapayCard),
    GooglePay { token: Secret<String> },
}

impl ToJson for LumapayPaymentMethod {
    fn to_json(&self) -> JsonValue {
        match self {
            Self::Card(card) => JsonValue::object([("card", card.to_json())]),
            Self::GooglePay { token } => JsonValue::object([(
                "google_pay",
                JsonValue::object([("token", token.to_json())]),
            )]),
        }
    }
}

#[derive(Debug, PartialEq)]
pub struct LumapayPaymentsRequest {
    transaction_type: LumapayTransactionType,
    amount: StringMajorUnit,
    currency: enums::Currency,
    order_id: String,
    customer_email: String,
    payment_method: LumapayPaymentMethod,
}
impl_to_json!(LumapayPaymentsRequest {
    transaction_type => "type",
    amount,
    currency,
    order_id,
    customer_email,
    payment_method,
});

impl TryFrom<&LumapayRouterData<&PaymentsAuthorizeRouterData>> for LumapayPaymentsRequest {
    type Error = common_utils::errors::Report<errors::ConnectorError>;
    fn try_from(
        item: &LumapayRouterData<&PaymentsAuthorizeRouterData>,
    ) -> Result<Self, Self::Error> {
        let request = &item.router_data.request;
        let payment_method = match &request.payment_method_data {
            PaymentMethodData::Card(card) => LumapayPaymentMethod::Card(LumapayCard {
                number: card.card_number.clone(),
                expiry_month: card.card_exp_month.clone(),
                expiry_year: card.get_expiry_year_4_digit(),
                security_code: card.card_cvc.clone(),
            }),
            PaymentMethodData::Wallet(WalletData::GooglePay { token }) => {
                LumapayPaymentMethod::GooglePay {
                    token: token.clone(),
                }
            }
            // Lumapay has no Apple Pay or bank redirect products.
            PaymentMethodData::Wallet(WalletData::ApplePay { .. })
            | PaymentMethodData::BankRedirect(_)
            | PaymentMethodData::MandatePayment => {
                return Err(errors::ConnectorError::NotImplemented(
                    utils::get_unimplemented_payment_method_error_message("lumapay"),
                )
                .into())
            }
        };
        Ok(Self {
            transaction_type: if request.is_auto_capture() {
                LumapayTransactionType::Sale
            } else {
                LumapayTransactionType::Authorization
            },
            amount: item.amount.clone(),
            currency: request.currency,
            order_id: item.router_data.connector_request_reference_id.clone(),
            customer_email: request
                .email
                .clone()
                .ok_or_else(|| utils::missing_field_err("email"))?,
            payment_method,
        })
    }
}

#[derive(Debug, PartialEq)]
pub struct LumapaySettleRequest {
    amount: StringMajorUnit,
}
impl_to_json!(LumapaySettleRequest { amount });

impl From<&LumapayRouterData<&PaymentsCaptureRouterData>> for LumapaySettleRequest {
    fn from(item: &LumapayRouterData<&PaymentsCaptureRouterData>) -> Self {
        Self {
            amount: item.amount.clone(),
        }
    }
}

/// Lumapay uses HTTP basic authentication: merchant account and API key.
pub struct LumapayAuthType {
    pub(super) account: Secret<String>,
    pub(super) api_key: Secret<String>,
}

impl TryFrom<&ConnectorAuthType> for LumapayAuthType {
    type Error = common_utils::errors::Report<errors::ConnectorError>;
    fn try_from(auth_type: &ConnectorAuthType) -> Result<Self, Self::Error> {
        match auth_type {
            ConnectorAuthType::BodyKey { api_key, key1 } => Ok(Self {
                account: key1.to_owned(),
                api_key: api_key.to_owned(),
            }),
            _ => Err(errors::ConnectorError::FailedToObtainAuthType.into()),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum LumapayTransactionState {
    Approved,
    Authorized,
    Pending,
    Settled,
    Declined,
    Voided,
}
impl_json_enum!(LumapayTransactionState {
    Approved => "approved",
    Authorized => "authorized",
    Pending => "pending",
    Settled => "settled",
    Declined => "declined",
    Voided => "voided",
});

impl From<LumapayTransactionState> for enums::AttemptStatus {
    fn from(item: LumapayTransactionState) -> Self {
        match item {
            LumapayTransactionState::Approved | LumapayTransactionState::Settled => Self::Charged,
            LumapayTransactionState::Authorized => Self::Authorized,
            LumapayTransactionState::Pending => Self::Pending,
            LumapayTransactionState::Declined => Self::Failure,
            LumapayTransactionState::Voided => Self::Voided,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct LumapayTransaction {
    id: String,
    state: LumapayTransactionState,
    amount: Option<StringMajorUnit>,
}
impl_json!(LumapayTransaction { id, state, amount });

/// Every payment endpoint answers `{"transaction": {...}}`.
#[derive(Debug, Clone, PartialEq)]
pub struct LumapayPaymentsResponse {
    transaction: LumapayTransaction,
}
impl_json!(LumapayPaymentsResponse { transaction });

impl<F, T> TryFrom<ResponseRouterData<F, LumapayPaymentsResponse, T, PaymentsResponseData>>
    for RouterData<F, T, PaymentsResponseData>
{
    type Error = common_utils::errors::Report<errors::ConnectorError>;
    fn try_from(
        item: ResponseRouterData<F, LumapayPaymentsResponse, T, PaymentsResponseData>,
    ) -> Result<Self, Self::Error> {
        let transaction = item.response.transaction;
        Ok(Self {
            status: enums::AttemptStatus::from(transaction.state),
            response: Ok(PaymentsResponseData::TransactionResponse {
                resource_id: ResponseId::ConnectorTransactionId(transaction.id.clone()),
                redirection_data: Box::new(None),
                mandate_reference: Box::new(None),
                connector_metadata: None,
                network_txn_id: None,
                connector_response_reference_id: Some(transaction.id),
                incremental_authorization_allowed: Some(false),
                network_txn_link_id: None,
            }),
            ..item.data
        })
    }
}

#[derive(Debug, PartialEq)]
pub struct LumapayRefundRequest {
    amount: StringMajorUnit,
    reason: Option<String>,
}
impl_to_json!(LumapayRefundRequest { amount, reason });

impl<F> From<&LumapayRouterData<&RefundsRouterData<F>>> for LumapayRefundRequest {
    fn from(item: &LumapayRouterData<&RefundsRouterData<F>>) -> Self {
        Self {
            amount: item.amount.clone(),
            reason: item.router_data.request.reason.clone(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum RefundState {
    Completed,
    Pending,
    Rejected,
}
impl_json_enum!(RefundState {
    Completed => "completed",
    Pending => "pending",
    Rejected => "rejected",
});

impl From<RefundState> for enums::RefundStatus {
    fn from(item: RefundState) -> Self {
        match item {
            RefundState::Completed => Self::Success,
            RefundState::Pending => Self::Pending,
            RefundState::Rejected => Self::Failure,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct LumapayRefund {
    id: String,
    state: RefundState,
}
impl_json!(LumapayRefund { id, state });

/// Refund endpoints answer `{"refund": {...}}`.
#[derive(Debug, Clone, PartialEq)]
pub struct RefundResponse {
    refund: LumapayRefund,
}
impl_json!(RefundResponse { refund });

impl<F> TryFrom<RefundsResponseRouterData<F, RefundResponse>> for RefundsRouterData<F> {
    type Error = common_utils::errors::Report<errors::ConnectorError>;
    fn try_from(item: RefundsResponseRouterData<F, RefundResponse>) -> Result<Self, Self::Error> {
        Ok(Self {
            response: Ok(RefundsResponseData {
                connector_refund_id: item.response.refund.id,
                refund_status: enums::RefundStatus::from(item.response.refund.state),
            }),
            ..item.data
        })
    }
}

#[derive(Debug, PartialEq)]
pub struct LumapayErrorDetail {
    pub code: String,
    pub description: String,
}
impl_json!(LumapayErrorDetail { code, description });

/// Errors come as `{"error": {"code": ..., "description": ...}}`.
#[derive(Debug, PartialEq)]
pub struct LumapayErrorResponse {
    pub error: LumapayErrorDetail,
}
impl_json!(LumapayErrorResponse { error });
