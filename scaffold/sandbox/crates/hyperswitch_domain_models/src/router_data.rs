//! The envelope every connector call reads from and writes to.

use std::marker::PhantomData;

use common_enums::{AttemptStatus, PaymentMethod};
use common_utils::masking::Secret;

/// Everything a connector needs for one call of flow `Flow`: the request
/// data, the merchant's credentials, and a slot for the response.
#[derive(Clone, Debug)]
pub struct RouterData<Flow, Request, Response> {
    pub flow: PhantomData<Flow>,
    pub merchant_id: String,
    pub connector: String,
    pub payment_id: String,
    pub attempt_id: String,
    pub status: AttemptStatus,
    pub payment_method: PaymentMethod,
    pub connector_auth_type: ConnectorAuthType,
    pub description: Option<String>,
    pub return_url: Option<String>,
    pub connector_request_reference_id: String,
    pub access_token: Option<AccessToken>,
    pub refund_id: Option<String>,
    pub test_mode: Option<bool>,
    pub request: Request,
    pub response: Result<Response, ErrorResponse>,
}

/// Merchant credentials for a connector, in one of a few shapes.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum ConnectorAuthType {
    TemporaryAuth,
    HeaderKey {
        api_key: Secret<String>,
    },
    BodyKey {
        api_key: Secret<String>,
        key1: Secret<String>,
    },
    SignatureKey {
        api_key: Secret<String>,
        key1: Secret<String>,
        api_secret: Secret<String>,
    },
    MultiAuthKey {
        api_key: Secret<String>,
        key1: Secret<String>,
        api_secret: Secret<String>,
        key2: Secret<String>,
    },
    #[default]
    NoKey,
}

/// A bearer token obtained through the access-token flow.
#[derive(Clone, Debug, PartialEq)]
pub struct AccessToken {
    pub token: Secret<String>,
    pub expires: i64,
}

/// A failure reported by the connector.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ErrorResponse {
    pub code: String,
    pub message: String,
    pub reason: Option<String>,
    pub status_code: u16,
    pub attempt_status: Option<AttemptStatus>,
    pub connector_transaction_id: Option<String>,
}

impl ErrorResponse {
    /// The response used when a flow has no implementation.
    pub fn get_not_implemented() -> Self {
        Self {
            code: "IR_00".to_owned(),
            message: "This API is under development and will be made available soon.".to_owned(),
            reason: None,
            status_code: 501,
            attempt_status: None,
            connector_transaction_id: None,
        }
    }
}
