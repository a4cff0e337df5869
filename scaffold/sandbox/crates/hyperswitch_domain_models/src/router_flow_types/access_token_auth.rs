//! Access-token flow.

/// Obtain an access token that later calls authenticate with.
#[derive(Clone, Debug)]
pub struct AccessTokenAuth;
