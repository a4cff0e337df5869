//! Marker types naming each connector flow.

pub mod access_token_auth;
pub mod payments;
pub mod refunds;

pub use access_token_auth::AccessTokenAuth;
pub use payments::*;
pub use refunds::*;
