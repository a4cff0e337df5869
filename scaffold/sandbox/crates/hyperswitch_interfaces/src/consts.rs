//! Constants shared by connectors.

/// Error code reported when the connector sent none.
pub const NO_ERROR_CODE: &str = "No error code";

/// Error message reported when the connector sent none.
pub const NO_ERROR_MESSAGE: &str = "No error message";
