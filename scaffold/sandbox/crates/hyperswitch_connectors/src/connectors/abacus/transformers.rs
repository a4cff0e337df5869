use common_enums::enums;
use common_utils::{impl_json, impl_json_enum, impl_to_json, masking::Secret, types::MinorUnit};
use hyperswitch_domain_models::{
    payment_method_data::{CardNumber, PaymentMethodData},
    router_data::{ConnectorAuthType, RouterData},
    router_flow_types::refunds::{Execute, RSync},
    router_request_types::ResponseId,
    router_response_types::{PaymentsResponseData, RefundsResponseData},
    types::{PaymentsAuthorizeRouterData, PaymentsCaptureRouterData, RefundsRouterData},
};
use hyperswitch_interfaces::errors;

use crate::{
    types::{RefundsResponseRouterData, ResponseRouterData},
    utils::{self, PaymentsAuthorizeRequestData},
};

/// A router data item paired with its amount in Abacus' unit.
pub struct AbacusRouterData<T> {
    pub amount: MinorUnit,
    pub router_data: T,
}

impl<T> From<(MinorUnit, T)> for AbacusRouterData<T> {
    fn from((amount, item): (MinorUnit, T)) -> Self {
        Self {
            amount,
            router_data: item,
        }
    }
}

#[derive(Debug, PartialEq)]
pub struct AbacusCard {
    number: CardNumber,
    exp_month: Secret<String>,
    exp_year: Secret<String>,
    cvc: Secret<String>,
    holder_name: Option<Secret<String>>,
}
impl_to_json!(AbacusCard {
    number,
    exp_month,
    exp_year,
    cvc,
    holder_name
});

#[derive(Debug, PartialEq)]
pub struct AbacusPaymentsRequest {
    amount: MinorUnit,
    currency: enums::Currency,
    capture: bool,
    reference: String,
    card: AbacusCard,
}
impl_to_json!(AbacusPaymentsRequest {
    amount,
    currency,
    capture,
    reference,
    card
});

impl TryFrom<&AbacusRouterData<&PaymentsAuthorizeRouterData>> for AbacusPaymentsRequest {
    type Error = common_utils::errors::Report<errors::ConnectorError>;
    fn try_from(
        item: &AbacusRouterData<&PaymentsAuthorizeRouterData>,
    ) -> Result<Self, Self::Error> {
        let request = &item.router_data.request;
        match &request.payment_method_data {
            PaymentMethodData::Card(card) => Ok(Self {
                amount: item.amount,
                currency: request.currency,
                capture: request.is_auto_capture(),
                reference: item.router_data.connector_request_reference_id.clone(),
                card: AbacusCard {
                    number: card.card_number.clone(),
                    exp_month: card.card_exp_month.clone(),
                    exp_year: card.get_expiry_year_4_digit(),
                    cvc: card.card_cvc.clone(),
                    holder_name: card.card_holder_name.clone(),
                },
            }),
            PaymentMethodData::Wallet(_)
            | PaymentMethodData::BankRedirect(_)
            | PaymentMethodData::MandatePayment => Err(errors::ConnectorError::NotImplemented(
                utils::get_unimplemented_payment_method_error_message("abacus"),
            )
            .into()),
        }
    }
}

#[derive(Debug, PartialEq)]
pub struct AbacusCaptureRequest {
    amount: MinorUnit,
}
impl_to_json!(AbacusCaptureRequest { amount });

impl From<&AbacusRouterData<&PaymentsCaptureRouterData>> for AbacusCaptureRequest {
    fn from(item: &AbacusRouterData<&PaymentsCaptureRouterData>) -> Self {
        Self {
            amount: item.amount,
        }
    }
}

/// Abacus authenticates with a bearer API key.
pub struct AbacusAuthType {
    pub(super) api_key: Secret<String>,
}

impl TryFrom<&ConnectorAuthType> for AbacusAuthType {
    type Error = common_utils::errors::Report<errors::ConnectorError>;
    fn try_from(auth_type: &ConnectorAuthType) -> Result<Self, Self::Error> {
        match auth_type {
            ConnectorAuthType::HeaderKey { api_key } => Ok(Self {
                api_key: api_key.to_owned(),
            }),
            _ => Err(errors::ConnectorError::FailedToObtainAuthType.into()),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum AbacusPaymentStatus {
    Authorized,
    Captured,
    Pending,
    Declined,
    Voided,
}
impl_json_enum!(AbacusPaymentStatus {
    Authorized => "authorized",
    Captured => "captured",
    Pending => "pending",
    Declined => "declined",
    Voided => "voided",
});

impl From<AbacusPaymentStatus> for enums::AttemptStatus {
    fn from(item: AbacusPaymentStatus) -> Self {
        match item {
            AbacusPaymentStatus::Authorized => Self::Authorized,
            AbacusPaymentStatus::Captured => Self::Charged,
            AbacusPaymentStatus::Pending => Self::Pending,
            AbacusPaymentStatus::Declined => Self::Failure,
            AbacusPaymentStatus::Voided => Self::Voided,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct AbacusPaymentsResponse {
    id: String,
    status: AbacusPaymentStatus,
    reference: Option<String>,
}
impl_json!(AbacusPaymentsResponse {
    id,
    status,
    reference
});

impl<F, T> TryFrom<ResponseRouterData<F, AbacusPaymentsResponse, T, PaymentsResponseData>>
    for RouterData<F, T, PaymentsResponseData>
{
    type Error = common_utils::errors::Report<errors::ConnectorError>;
    fn try_from(
        item: ResponseRouterData<F, AbacusPaymentsResponse, T, PaymentsResponseData>,
    ) -> Result<Self, Self::Error> {
        Ok(Self {
            status: enums::AttemptStatus::from(item.response.status),
            response: Ok(PaymentsResponseData::TransactionResponse {
                resource_id: ResponseId::ConnectorTransactionId(item.response.id),
                redirection_data: Box::new(None),
                mandate_reference: Box::new(None),
                connector_metadata: None,
                network_txn_id: None,
                connector_response_reference_id: item.response.reference,
                incremental_authorization_allowed: None,
                network_txn_link_id: None,
            }),
            ..item.data
        })
    }
}

#[derive(Debug, PartialEq)]
pub struct AbacusRefundRequest {
    payment_id: String,
    amount: MinorUnit,
    reason: Option<String>,
}
impl_to_json!(AbacusRefundRequest {
    payment_id,
    amount,
    reason
});

impl<F> From<&AbacusRouterData<&RefundsRouterData<F>>> for AbacusRefundRequest {
    fn from(item: &AbacusRouterData<&RefundsRouterData<F>>) -> Self {
        Self {
            payment_id: item.router_data.request.connector_transaction_id.clone(),
            amount: item.amount,
            reason: item.router_data.request.reason.clone(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum RefundStatus {
    Succeeded,
    Pending,
    Failed,
}
impl_json_enum!(RefundStatus {
    Succeeded => "succeeded",
    Pending => "pending",
    Failed => "failed",
});

impl From<RefundStatus> for enums::RefundStatus {
    fn from(item: RefundStatus) -> Self {
        match item {
            RefundStatus::Succeeded => Self::Success,
            RefundStatus::Pending => Self::Pending,
            RefundStatus::Failed => Self::Failure,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct RefundResponse {
    id: String,
    status: RefundStatus,
}
impl_json!(RefundResponse { id, status });

impl TryFrom<RefundsResponseRouterData<Execute, RefundResponse>> for RefundsRouterData<Execute> {
    type Error = common_utils::errors::Report<errors::ConnectorError>;
    fn try_from(
        item: RefundsResponseRouterData<Execute, RefundResponse>,
    ) -> Result<Self, Self::Error> {
        Ok(Self {
            response: Ok(RefundsResponseData {
                connector_refund_id: item.response.id,
                refund_status: enums::RefundStatus::from(item.response.status),
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
                connector_refund_id: item.response.id,
                refund_status: enums::RefundStatus::from(item.response.status),
            }),
            ..item.data
        })
    }
}

#[derive(Debug, PartialEq)]
pub struct AbacusErrorResponse {
    pub code: String,
    pub message: String,
    pub detail: Option<String>,
}
impl_json!(AbacusErrorResponse {
    code,
    message,
    detail
});
