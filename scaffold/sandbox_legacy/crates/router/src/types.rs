//! Types the router core works with, re-exported from the domain crates,
//! and the glue connectors use to turn a response into router data.

pub mod api;

pub use common_enums::Connector;
use hyperswitch_domain_models::router_flow_types::{Authorize, PSync};
pub use hyperswitch_domain_models::{
    payment_method_data::*, router_data::*, router_request_types::*, router_response_types::*,
    types::*,
};
pub use hyperswitch_interfaces::types::Response;

/// Storage-layer names.
pub mod storage {
    pub use common_enums as enums;
}

/// A parsed connector response next to the router data it answers.
#[derive(Debug, Clone)]
pub struct ResponseRouterData<Flow, R, Request, Response> {
    pub response: R,
    pub data: RouterData<Flow, Request, Response>,
    pub http_code: u16,
}

/// [`ResponseRouterData`] of the authorize flow.
pub type PaymentsResponseRouterData<R> =
    ResponseRouterData<Authorize, R, PaymentsAuthorizeData, PaymentsResponseData>;

/// [`ResponseRouterData`] of the payment sync flow.
pub type PaymentsSyncResponseRouterData<R> =
    ResponseRouterData<PSync, R, PaymentsSyncData, PaymentsResponseData>;

/// [`ResponseRouterData`] of the refund flows.
pub type RefundsResponseRouterData<F, R> =
    ResponseRouterData<F, R, RefundsData, RefundsResponseData>;
