//! Marker traits grouping the refund flows of a connector.

use hyperswitch_domain_models::{
    router_flow_types::{Execute, RSync},
    router_request_types::RefundsData,
    router_response_types::RefundsResponseData,
};

use crate::api::{ConnectorCommon, ConnectorIntegration};

/// Refund creation flow.
pub trait RefundExecute: ConnectorIntegration<Execute, RefundsData, RefundsResponseData> {}

/// Refund sync flow.
pub trait RefundSync: ConnectorIntegration<RSync, RefundsData, RefundsResponseData> {}

/// All refund flows of a connector.
pub trait Refund: ConnectorCommon + RefundExecute + RefundSync {}
