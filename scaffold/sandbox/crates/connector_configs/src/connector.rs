//! Connector configuration types and the per-environment TOML files.

use common_enums::Connector;

/// Credential fields the dashboard asks the merchant for; each value is
/// the field's label.
#[derive(Debug, Clone, PartialEq)]
pub enum ConnectorAuthType {
    HeaderKey {
        api_key: String,
    },
    BodyKey {
        api_key: String,
        key1: String,
    },
    SignatureKey {
        api_key: String,
        key1: String,
        api_secret: String,
    },
    NoKey,
}

/// A payment method type offered under a payment method.
#[derive(Debug, Clone, PartialEq)]
pub struct Provider {
    pub payment_method_type: String,
}

/// Configuration of one connector.
#[derive(Debug, Clone, Default)]
pub struct ConnectorTomlConfig {
    pub connector_auth: Option<ConnectorAuthType>,
    pub credit: Option<Vec<Provider>>,
    pub debit: Option<Vec<Provider>>,
    pub wallet: Option<Vec<Provider>>,
    pub bank_redirect: Option<Vec<Provider>>,
    pub merchant_secret: Option<String>,
}

/// Configuration of every connector.
#[derive(Debug, Clone, Default)]
pub struct ConnectorConfig {
    pub abacus: Option<ConnectorTomlConfig>,
    pub lumapay: Option<ConnectorTomlConfig>,
    pub zentra: Option<ConnectorTomlConfig>,
}

/// Deployment environment whose TOML file is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Environment {
    Development,
    Sandbox,
    Production,
}

impl ConnectorConfig {
    /// The raw TOML file of an environment, embedded at build time.
    pub fn raw_toml(environment: Environment) -> &'static str {
        match environment {
            Environment::Development => include_str!("../toml/development.toml"),
            Environment::Sandbox => include_str!("../toml/sandbox.toml"),
            Environment::Production => include_str!("../toml/production.toml"),
        }
    }

    /// The configuration of one connector.
    pub fn get_connector_config(&self, connector: Connector) -> Option<ConnectorTomlConfig> {
        match connector {
            Connector::Abacus => self.abacus.clone(),
            Connector::Lumapay => self.lumapay.clone(),
            Connector::Zentra => self.zentra.clone(),
        }
    }
}
