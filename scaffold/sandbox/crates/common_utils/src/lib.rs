//! Utilities shared by the sandbox crates.
//!
//! The real switch leans on `serde`, `error-stack` and `masking`; the sandbox
//! has no third-party dependencies, so this crate carries small stand-ins
//! with the same calling conventions.

pub mod errors;
pub mod ext_traits;
pub mod json;
pub mod masking;
pub mod request;
pub mod types;
