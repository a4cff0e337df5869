//! Types connectors use to turn a parsed response into updated router data.

use hyperswitch_domain_models::{
    router_data::RouterData,
    router_flow_types::{Authorize, PSync},
    router_request_types::{PaymentsAuthorizeData, PaymentsSyncData, RefundsData},
    router_response_types::{PaymentsResponseData, RefundsResponseData},
};

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
