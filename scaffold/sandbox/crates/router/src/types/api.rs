//! Connector handles as the router core stores them.

pub mod connector_mapping;

pub use connector_mapping::{ConnectorData, GetToken};
pub use hyperswitch_interfaces::api::*;
