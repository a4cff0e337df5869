//! The traits a connector implements and the types they exchange with the
//! router core.

pub mod api;
pub mod configs;
pub mod connector_integration_v2;
pub mod consts;
pub mod errors;
pub mod events;
pub mod types;
pub mod webhooks;
