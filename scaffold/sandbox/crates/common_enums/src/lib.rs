//! Enumerations shared across the sandbox switch.

pub mod connector_enums;
pub mod enums;

pub use connector_enums::Connector;
pub use enums::*;
