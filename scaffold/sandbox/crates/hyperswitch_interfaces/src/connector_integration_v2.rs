//! The second-generation integration trait, where data common to a family of
//! flows travels in a separate resource type.
//!
//! No sandbox connector overrides it yet; `default_implementations_v2.rs` in
//! the connectors crate gives each of them the default implementation.

use common_utils::errors::CustomResult;
use hyperswitch_domain_models::{
    router_flow_types::{Authorize, Capture, Execute, PSync, RSync, Void},
    router_request_types::{
        PaymentsAuthorizeData, PaymentsCancelData, PaymentsCaptureData, PaymentsSyncData,
        RefundsData,
    },
    router_response_types::{PaymentsResponseData, RefundsResponseData},
};

use crate::{api::ConnectorCommon, errors};

/// Data shared by all payment flows in the v2 interface.
#[derive(Clone, Debug, Default)]
pub struct PaymentFlowData {
    pub merchant_id: String,
    pub payment_id: String,
    pub attempt_id: String,
}

/// Data shared by all refund flows in the v2 interface.
#[derive(Clone, Debug, Default)]
pub struct RefundFlowData {
    pub merchant_id: String,
    pub refund_id: String,
}

/// One flow of one connector in the v2 interface.
pub trait ConnectorIntegrationV2<Flow, ResourceCommonData, Req, Resp>:
    ConnectorCommon + Sync
{
    /// Full URL of the endpoint for this flow. Default: empty string, which
    /// marks the flow as not available through the v2 interface.
    fn get_url(
        &self,
        _common: &ResourceCommonData,
    ) -> CustomResult<String, errors::ConnectorError> {
        Ok(String::new())
    }
}

/// v2 authorize flow.
pub trait PaymentAuthorizeV2:
    ConnectorIntegrationV2<Authorize, PaymentFlowData, PaymentsAuthorizeData, PaymentsResponseData>
{
}

/// v2 payment sync flow.
pub trait PaymentSyncV2:
    ConnectorIntegrationV2<PSync, PaymentFlowData, PaymentsSyncData, PaymentsResponseData>
{
}

/// v2 capture flow.
pub trait PaymentCaptureV2:
    ConnectorIntegrationV2<Capture, PaymentFlowData, PaymentsCaptureData, PaymentsResponseData>
{
}

/// v2 void flow.
pub trait PaymentVoidV2:
    ConnectorIntegrationV2<Void, PaymentFlowData, PaymentsCancelData, PaymentsResponseData>
{
}

/// v2 refund creation flow.
pub trait RefundExecuteV2:
    ConnectorIntegrationV2<Execute, RefundFlowData, RefundsData, RefundsResponseData>
{
}

/// v2 refund sync flow.
pub trait RefundSyncV2:
    ConnectorIntegrationV2<RSync, RefundFlowData, RefundsData, RefundsResponseData>
{
}
