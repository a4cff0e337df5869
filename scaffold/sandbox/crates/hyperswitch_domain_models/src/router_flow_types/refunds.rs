//! Refund flows.

/// Create a refund.
#[derive(Clone, Debug)]
pub struct Execute;

/// Fetch the current status of a refund.
#[derive(Clone, Debug)]
pub struct RSync;
