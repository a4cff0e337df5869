//! The router: the part of the switch that drives connectors.

pub mod connector;
pub mod core;
pub mod types;
