//! Domain types exchanged between the router core and the connectors.

pub mod connector_endpoints;
pub mod payment_method_data;
pub mod router_data;
pub mod router_flow_types;
pub mod router_request_types;
pub mod router_response_types;
pub mod types;
