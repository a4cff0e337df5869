//! The router: the part of the switch that drives connectors. In this
//! layout the connector integrations live here too, under `connector/`.

pub mod connector;
pub mod constants;
pub mod core;
pub mod types;
pub mod utils;
