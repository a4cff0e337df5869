//! Errors a connector can raise.

use std::fmt;

/// Everything that can go wrong inside a connector integration.
#[derive(Clone, Debug, PartialEq)]
pub enum ConnectorError {
    FailedToObtainIntegrationUrl,
    FailedToObtainAuthType,
    RequestEncodingFailed,
    RequestEncodingFailedWithReason(String),
    ResponseDeserializationFailed,
    ResponseHandlingFailed,
    AmountConversionFailed,
    MissingRequiredField {
        field_name: &'static str,
    },
    MissingConnectorTransactionID,
    MissingConnectorRefundID,
    InvalidConnectorConfig {
        config: &'static str,
    },
    NotImplemented(String),
    NotSupported {
        message: String,
        connector: &'static str,
    },
    FlowNotSupported {
        flow: String,
        connector: String,
    },
    WebhooksNotImplemented,
    WebhookBodyDecodingFailed,
    WebhookSourceVerificationFailed,
    WebhookReferenceIdNotFound,
    WebhookEventTypeNotFound,
    WebhookResourceObjectNotFound,
    ProcessingStepFailed(String),
}

impl fmt::Display for ConnectorError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::FailedToObtainIntegrationUrl => {
                f.write_str("Failed to obtain the connector's integration URL")
            }
            Self::FailedToObtainAuthType => f.write_str("Failed to obtain authentication type"),
            Self::RequestEncodingFailed => f.write_str("Failed to encode connector request"),
            Self::RequestEncodingFailedWithReason(reason) => {
                write!(f, "Request encoding failed: {reason}")
            }
            Self::ResponseDeserializationFailed => f.write_str("Failed to deserialize response"),
            Self::ResponseHandlingFailed => f.write_str("Failed to handle connector response"),
            Self::AmountConversionFailed => f.write_str("Failed to convert amount"),
            Self::MissingRequiredField { field_name } => {
                write!(f, "Missing required field: {field_name}")
            }
            Self::MissingConnectorTransactionID => f.write_str("Missing connector transaction ID"),
            Self::MissingConnectorRefundID => f.write_str("Missing connector refund ID"),
            Self::InvalidConnectorConfig { config } => {
                write!(f, "Invalid connector configuration: {config}")
            }
            Self::NotImplemented(what) => write!(f, "{what} is not implemented"),
            Self::NotSupported { message, connector } => {
                write!(f, "{message} is not supported by {connector}")
            }
            Self::FlowNotSupported { flow, connector } => {
                write!(f, "{flow} flow not supported by {connector} connector")
            }
            Self::WebhooksNotImplemented => f.write_str("Webhooks not implemented"),
            Self::WebhookBodyDecodingFailed => f.write_str("Failed to decode webhook body"),
            Self::WebhookSourceVerificationFailed => {
                f.write_str("Webhook source verification failed")
            }
            Self::WebhookReferenceIdNotFound => f.write_str("Webhook reference id not found"),
            Self::WebhookEventTypeNotFound => f.write_str("Webhook event type not found"),
            Self::WebhookResourceObjectNotFound => f.write_str("Webhook resource object not found"),
            Self::ProcessingStepFailed(step) => write!(f, "Processing step failed: {step}"),
        }
    }
}
