//! The list of connectors the switch can route to.

use std::{fmt, str::FromStr};

/// A connector is an integration with one payment processor.
#[derive(Clone, Copy, Debug, Eq, Hash, PartialEq)]
pub enum Connector {
    Abacus,
    Lumapay,
    Zentra,
}

impl Connector {
    /// Whether the connector runs 3DS authentication as a separate call.
    pub fn is_separate_authentication_supported(self) -> bool {
        match self {
            Self::Abacus
            // Add Separate authentication support for connectors
            | Self::Lumapay => false,
            Self::Zentra => true,
        }
    }

    /// Whether the connector needs an access token before any payment call.
    pub fn requires_access_token(self) -> bool {
        match self {
            Self::Abacus | Self::Lumapay | Self::Zentra => false,
        }
    }
}

impl fmt::Display for Connector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Abacus => "abacus",
            Self::Lumapay => "lumapay",
            Self::Zentra => "zentra",
        })
    }
}

impl FromStr for Connector {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "abacus" => Ok(Self::Abacus),
            "lumapay" => Ok(Self::Lumapay),
            "zentra" => Ok(Self::Zentra),
            other => Err(format!("unknown connector `{other}`")),
        }
    }
}
