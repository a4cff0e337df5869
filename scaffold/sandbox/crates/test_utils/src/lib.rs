//! Helpers for the connector test suite.

pub mod connector_auth;
