//! Checks a merchant's connector account before it is saved: do the
//! credentials have the shape that connector expects?

use common_enums::Connector;
use common_utils::errors::CustomResult;
use hyperswitch_domain_models::router_data::ConnectorAuthType;
use hyperswitch_interfaces::errors;

use crate::connector::{abacus, lumapay, zentra};

/// The account a merchant is creating for one connector.
pub struct ConnectorAuthTypeAndMetadataValidation<'a> {
    pub connector_name: &'a Connector,
    pub auth_type: &'a ConnectorAuthType,
    pub connector_meta_data: Option<&'a str>,
}

impl ConnectorAuthTypeAndMetadataValidation<'_> {
    /// Fails when the credentials (or the metadata, for connectors that need
    /// some) cannot be used by the connector.
    pub fn validate_auth_and_metadata_type(&self) -> CustomResult<(), errors::ConnectorError> {
        match self.connector_name {
            Connector::Abacus => {
                abacus::transformers::AbacusAuthType::try_from(self.auth_type)?;
                Ok(())
            }
            Connector::Lumapay => {
                lumapay::transformers::LumapayAuthType::try_from(self.auth_type)?;
                Ok(())
            }
            Connector::Zentra => {
                zentra::transformers::ZentraAuthType::try_from(self.auth_type)?;
                // Zentra routes by region: the account's metadata must name one.
                self.connector_meta_data.map(|_| ()).ok_or(
                    errors::ConnectorError::InvalidConnectorConfig {
                        config: "metadata.region",
                    }
                    .into(),
                )
            }
        }
    }
}
