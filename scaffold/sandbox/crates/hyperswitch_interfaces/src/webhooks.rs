//! Incoming webhooks: notifications a connector pushes to the switch.

use common_enums::{AttemptStatus, RefundStatus};
use common_utils::{errors::CustomResult, json::ToJson, request::Method};

use crate::{api::ConnectorCommon, errors};

/// An incoming webhook call as received over HTTP.
#[derive(Debug)]
pub struct IncomingWebhookRequestDetails<'a> {
    pub method: Method,
    pub uri: &'a str,
    pub headers: &'a [(String, String)],
    pub body: &'a [u8],
    pub query_params: String,
}

/// Which switch object a webhook is about.
#[derive(Clone, Debug, PartialEq)]
pub enum ObjectReferenceId {
    PaymentId(PaymentIdType),
    RefundId(RefundIdType),
}

/// Ways a webhook can identify a payment.
#[derive(Clone, Debug, PartialEq)]
pub enum PaymentIdType {
    ConnectorTransactionId(String),
    PaymentAttemptId(String),
}

/// Ways a webhook can identify a refund.
#[derive(Clone, Debug, PartialEq)]
pub enum RefundIdType {
    ConnectorRefundId(String),
    RefundId(String),
}

/// What happened, in the switch's vocabulary.
#[derive(Clone, Copy, Debug, Eq, PartialEq)]
pub enum IncomingWebhookEvent {
    PaymentIntentSuccess,
    PaymentIntentFailure,
    PaymentIntentProcessing,
    PaymentIntentCancelled,
    RefundSuccess,
    RefundFailure,
    EventNotSupported,
}

/// What the switch already knows about the object a webhook refers to;
/// some connectors need it to tell events apart.
#[derive(Clone, Debug)]
pub enum WebhookContext {
    Payment { status: AttemptStatus },
    Refund { status: RefundStatus },
}

/// The older form of [`WebhookContext`]: `get_webhook_event_type` took this
/// before the context carried the object's state. Kept for code written
/// against it; the trait now takes a [`WebhookContext`].
#[derive(Clone, Debug)]
pub enum WebhookResourceData {
    Payment { status: AttemptStatus },
    Refund { status: RefundStatus },
}

/// How a connector's webhooks are authenticated and decoded.
pub trait IncomingWebhook: ConnectorCommon + Sync {
    /// The bytes the webhook's signature is computed over. Default: the raw
    /// body.
    fn get_webhook_body_decoding_message(
        &self,
        request: &IncomingWebhookRequestDetails<'_>,
    ) -> CustomResult<Vec<u8>, errors::ConnectorError> {
        Ok(request.body.to_vec())
    }

    /// The signature the connector sent, usually read from a header.
    /// Default: empty, which fails any verification.
    fn get_webhook_source_verification_signature(
        &self,
        _request: &IncomingWebhookRequestDetails<'_>,
    ) -> CustomResult<Vec<u8>, errors::ConnectorError> {
        Ok(Vec::new())
    }

    /// Whether the webhook really comes from the connector, checked with the
    /// merchant's webhook secret. Default: unverified (`false`); the switch
    /// then confirms the state with a sync call instead.
    fn verify_webhook_source(
        &self,
        _request: &IncomingWebhookRequestDetails<'_>,
        _merchant_secret: &[u8],
    ) -> CustomResult<bool, errors::ConnectorError> {
        Ok(false)
    }

    /// Identifies the payment or refund the webhook is about, from the ids
    /// carried in its body or headers. Required.
    fn get_webhook_object_reference_id(
        &self,
        request: &IncomingWebhookRequestDetails<'_>,
    ) -> CustomResult<ObjectReferenceId, errors::ConnectorError>;

    /// Maps the connector's event name to an [`IncomingWebhookEvent`];
    /// `context` carries the current state of the referenced object when the
    /// switch has it. Unknown events map to `EventNotSupported`. Required.
    fn get_webhook_event_type(
        &self,
        request: &IncomingWebhookRequestDetails<'_>,
        context: Option<&WebhookContext>,
    ) -> CustomResult<IncomingWebhookEvent, errors::ConnectorError>;

    /// The object inside the webhook (payment or refund), forwarded to the
    /// merchant's own webhook endpoint. Required.
    fn get_webhook_resource_object(
        &self,
        request: &IncomingWebhookRequestDetails<'_>,
    ) -> CustomResult<Box<dyn ToJson + Send>, errors::ConnectorError>;
}
