//! Core payment processing.

pub mod payments;
