//! Core checks the router runs before it calls a connector.

pub mod connector_validation;
