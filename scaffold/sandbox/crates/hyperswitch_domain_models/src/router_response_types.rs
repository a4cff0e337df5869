//! Response data of each flow, and static connector descriptions.

use std::collections::BTreeMap;

use common_enums::{
    CaptureMethod, ConnectorIntegrationStatus, FeatureStatus, HyperswitchConnectorCategory,
    PaymentMethod, PaymentMethodType, RefundStatus,
};
use common_utils::json::JsonValue;

use crate::router_request_types::ResponseId;

/// Outcome of a payment flow.
#[derive(Clone, Debug, PartialEq)]
pub enum PaymentsResponseData {
    TransactionResponse {
        resource_id: ResponseId,
        redirection_data: Box<Option<RedirectForm>>,
        mandate_reference: Box<Option<MandateReference>>,
        connector_metadata: Option<JsonValue>,
        network_txn_id: Option<String>,
        connector_response_reference_id: Option<String>,
        incremental_authorization_allowed: Option<bool>,
        /// The card network's id linking this transaction to earlier ones, if the connector returns it.
        network_txn_link_id: Option<String>,
    },
    SessionResponse {
        session_token: String,
    },
    TokenizationResponse {
        token: String,
    },
}

/// Where to send the customer next (3DS, bank page...).
#[derive(Clone, Debug, PartialEq)]
pub enum RedirectForm {
    Form {
        endpoint: String,
        method: common_utils::request::Method,
        form_fields: BTreeMap<String, String>,
    },
    Html {
        html_data: String,
    },
}

/// A stored payment method at the connector.
#[derive(Clone, Debug, PartialEq)]
pub struct MandateReference {
    pub connector_mandate_id: Option<String>,
}

/// Outcome of a refund flow.
#[derive(Clone, Debug, PartialEq)]
pub struct RefundsResponseData {
    pub connector_refund_id: String,
    pub refund_status: RefundStatus,
}

/// Static description of a connector.
#[derive(Clone, Debug)]
pub struct ConnectorInfo {
    pub display_name: &'static str,
    pub description: &'static str,
    pub connector_type: HyperswitchConnectorCategory,
    pub integration_status: ConnectorIntegrationStatus,
}

/// What a connector supports for one payment method type.
#[derive(Clone, Debug)]
pub struct PaymentMethodDetails {
    pub mandates: FeatureStatus,
    pub refunds: FeatureStatus,
    pub supported_capture_methods: Vec<CaptureMethod>,
}

/// Payment method types a connector supports, per payment method.
pub type SupportedPaymentMethods =
    BTreeMap<PaymentMethod, BTreeMap<PaymentMethodType, PaymentMethodDetails>>;

/// Builder-style helper for [`SupportedPaymentMethods`].
pub trait SupportedPaymentMethodsExt {
    /// Records support for one payment method type.
    fn add(
        &mut self,
        payment_method: PaymentMethod,
        payment_method_type: PaymentMethodType,
        details: PaymentMethodDetails,
    );
}

impl SupportedPaymentMethodsExt for SupportedPaymentMethods {
    fn add(
        &mut self,
        payment_method: PaymentMethod,
        payment_method_type: PaymentMethodType,
        details: PaymentMethodDetails,
    ) {
        self.entry(payment_method)
            .or_default()
            .insert(payment_method_type, details);
    }
}
