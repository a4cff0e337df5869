//! Where each connector's API lives, read from the `[connectors]` table of
//! the configuration files.

/// Base URLs of every connector.
#[derive(Clone, Debug, Default)]
pub struct Connectors {
    pub abacus: ConnectorParams,
    pub lumapay: ConnectorParams,
    pub zentra: ConnectorParams,
}

/// Endpoints of one connector.
#[derive(Clone, Debug, Default)]
pub struct ConnectorParams {
    /// Base URL every API path is appended to.
    pub base_url: String,
    /// Optional second host (reporting, files...).
    pub secondary_base_url: Option<String>,
}
