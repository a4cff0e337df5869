//! Connector configuration as seen by connectors.

pub use hyperswitch_domain_models::connector_endpoints::{ConnectorParams, Connectors};
