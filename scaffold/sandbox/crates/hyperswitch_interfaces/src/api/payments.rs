//! Marker traits grouping the payment flows of a connector.

use hyperswitch_domain_models::{
    router_flow_types::{
        Authorize, Capture, CompleteAuthorize, CreateConnectorCustomer, IncrementalAuthorization,
        PSync, PaymentMethodToken, Session, SetupMandate, Void,
    },
    router_request_types::{
        CompleteAuthorizeData, ConnectorCustomerData, PaymentMethodTokenizationData,
        PaymentsAuthorizeData, PaymentsCancelData, PaymentsCaptureData,
        PaymentsIncrementalAuthorizationData, PaymentsSessionData, PaymentsSyncData,
        SetupMandateRequestData,
    },
    router_response_types::PaymentsResponseData,
};

use crate::api::{
    ConnectorCommon, ConnectorIntegration, ConnectorSpecifications, ConnectorValidation,
};

/// All payment flows of a connector.
pub trait Payment:
    ConnectorCommon
    + ConnectorSpecifications
    + ConnectorValidation
    + PaymentAuthorize
    + PaymentSync
    + PaymentCapture
    + PaymentVoid
    + PaymentSession
    + MandateSetup
    + PaymentToken
    + PaymentsCompleteAuthorize
    + ConnectorCustomer
    + PaymentIncrementalAuthorization
{
}

/// Authorize flow.
pub trait PaymentAuthorize:
    ConnectorIntegration<Authorize, PaymentsAuthorizeData, PaymentsResponseData>
{
}

/// Payment sync flow.
pub trait PaymentSync: ConnectorIntegration<PSync, PaymentsSyncData, PaymentsResponseData> {}

/// Capture flow.
pub trait PaymentCapture:
    ConnectorIntegration<Capture, PaymentsCaptureData, PaymentsResponseData>
{
}

/// Void flow.
pub trait PaymentVoid:
    ConnectorIntegration<Void, PaymentsCancelData, PaymentsResponseData>
{
}

/// Wallet session flow.
pub trait PaymentSession:
    ConnectorIntegration<Session, PaymentsSessionData, PaymentsResponseData>
{
}

/// Mandate setup flow.
pub trait MandateSetup:
    ConnectorIntegration<SetupMandate, SetupMandateRequestData, PaymentsResponseData>
{
}

/// Payment method tokenization flow.
pub trait PaymentToken:
    ConnectorIntegration<PaymentMethodToken, PaymentMethodTokenizationData, PaymentsResponseData>
{
}

/// Complete-authorize flow (after redirects).
pub trait PaymentsCompleteAuthorize:
    ConnectorIntegration<CompleteAuthorize, CompleteAuthorizeData, PaymentsResponseData>
{
}

/// Connector customer creation flow.
pub trait ConnectorCustomer:
    ConnectorIntegration<CreateConnectorCustomer, ConnectorCustomerData, PaymentsResponseData>
{
}

/// Incremental authorization flow.
pub trait PaymentIncrementalAuthorization:
    ConnectorIntegration<
    IncrementalAuthorization,
    PaymentsIncrementalAuthorizationData,
    PaymentsResponseData,
>
{
}
