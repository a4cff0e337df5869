//! From a connector name to the connector implementation.

use std::str::FromStr;

use common_enums::Connector;
use hyperswitch_interfaces::api::BoxedConnector;

use crate::connector;

/// How the router obtains the token a connector call needs.
#[derive(Clone, Copy, Debug, Eq, PartialEq)]
pub enum GetToken {
    /// From the connector, through the access-token flow.
    Connector,
    /// From the merchant's connector metadata.
    Metadata,
}

/// A connector ready to be called.
pub struct ConnectorData {
    pub connector: BoxedConnector,
    pub connector_name: Connector,
    pub get_token: GetToken,
    pub merchant_connector_id: Option<String>,
}

impl ConnectorData {
    /// Looks a connector up by its configuration name (`"abacus"`).
    pub fn get_connector_by_name(name: &str, get_token: GetToken) -> Result<Self, String> {
        let connector_name = Connector::from_str(name)?;
        Ok(Self {
            connector: Self::convert_connector(connector_name),
            connector_name,
            get_token,
            merchant_connector_id: None,
        })
    }

    /// The implementation behind a [`Connector`] variant.
    pub fn convert_connector(connector_name: Connector) -> BoxedConnector {
        match connector_name {
            Connector::Abacus => Box::new(connector::Abacus::new()),
            Connector::Lumapay => Box::new(connector::Lumapay::new()),
            Connector::Zentra => Box::new(connector::Zentra::new()),
        }
    }
}
