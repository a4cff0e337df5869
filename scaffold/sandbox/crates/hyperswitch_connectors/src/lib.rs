//! Connector integrations: one module per payment processor, plus the
//! default implementations of the flows they do not support.

pub mod connectors;
pub mod constants;
pub mod default_implementations;
pub mod default_implementations_v2;
pub mod types;
pub mod utils;
