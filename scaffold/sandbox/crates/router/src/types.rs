//! Types the router core works with, re-exported from the domain crates.

pub mod api;

pub use common_enums::Connector;
pub use hyperswitch_domain_models::{
    payment_method_data::*, router_data::*, router_request_types::*, router_response_types::*,
    types::*,
};
pub use hyperswitch_interfaces::types::Response;

/// Storage-layer names, kept for code written against the older layout.
pub mod storage {
    pub use common_enums as enums;
}
