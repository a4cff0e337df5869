//! Core payment processing.

pub mod connector_validation;
pub mod payments;
