//! Events recorded around connector calls.

pub mod connector_api_logs;
