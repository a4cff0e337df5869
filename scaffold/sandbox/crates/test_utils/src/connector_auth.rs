//! Test credentials, read from `crates/router/tests/connectors/sample_auth.toml`
//! (or the file named by `CONNECTOR_AUTH_FILE_PATH`).

use std::{collections::HashMap, env, fs};

use common_utils::masking::Secret;
use hyperswitch_domain_models::router_data::ConnectorAuthType;

/// Declares the credentials table and reads each field from the section of
/// the auth file named after it. Adding a connector is one more field line.
macro_rules! connector_auth_table {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $(pub $field:ident: Option<$kind:ident>,)*
        }
    ) => {
        $(#[$meta])*
        pub struct $name {
            $(pub $field: Option<$kind>,)*
        }

        impl $name {
            fn from_sections(sections: &Sections) -> Self {
                Self {
                    $($field: sections.get(stringify!($field)).and_then($kind::from_section),)*
                }
            }
        }
    };
}

connector_auth_table! {
    #[derive(Debug, Clone, Default)]
    pub struct ConnectorAuthentication {
        pub abacus: Option<HeaderKey>,
        pub lumapay: Option<BodyKey>,
        pub zentra: Option<BodyKey>,
    }
}

impl ConnectorAuthentication {
    /// Reads the auth file.
    ///
    /// # Panics
    ///
    /// Panics if the file cannot be read.
    #[allow(clippy::expect_used)]
    pub fn new() -> Self {
        let path = env::var("CONNECTOR_AUTH_FILE_PATH").unwrap_or_else(|_| {
            concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../router/tests/connectors/sample_auth.toml"
            )
            .to_owned()
        });
        let text = fs::read_to_string(&path).expect("connector authentication file not found");
        Self::from_sections(&parse_sections(&text))
    }
}

type Sections = HashMap<String, HashMap<String, String>>;

/// Reads `[section]` headers and `key = "value"` lines; enough for the auth
/// file, not a general TOML parser.
fn parse_sections(text: &str) -> Sections {
    let mut sections = Sections::new();
    let mut current = String::new();
    for line in text.lines().map(str::trim) {
        if let Some(name) = line
            .strip_prefix('[')
            .and_then(|rest| rest.strip_suffix(']'))
        {
            current = name.trim().to_owned();
            sections.entry(current.clone()).or_default();
        } else if let Some((key, value)) = line.split_once('=') {
            if !line.starts_with('#') {
                let value = value.trim().trim_matches('"').to_owned();
                sections
                    .entry(current.clone())
                    .or_default()
                    .insert(key.trim().to_owned(), value);
            }
        }
    }
    sections
}

/// Credentials of one shape, readable from an auth-file section.
trait FromSection: Sized {
    /// Builds the credentials from one section; `None` if a key is missing.
    fn from_section(section: &HashMap<String, String>) -> Option<Self>;
}

fn secret(section: &HashMap<String, String>, key: &str) -> Option<Secret<String>> {
    section.get(key).cloned().map(Secret::new)
}

#[derive(Debug, Clone)]
pub struct HeaderKey {
    pub api_key: Secret<String>,
}

impl FromSection for HeaderKey {
    fn from_section(section: &HashMap<String, String>) -> Option<Self> {
        Some(Self {
            api_key: secret(section, "api_key")?,
        })
    }
}

impl From<HeaderKey> for ConnectorAuthType {
    fn from(key: HeaderKey) -> Self {
        Self::HeaderKey {
            api_key: key.api_key,
        }
    }
}

#[derive(Debug, Clone)]
pub struct BodyKey {
    pub api_key: Secret<String>,
    pub key1: Secret<String>,
}

impl FromSection for BodyKey {
    fn from_section(section: &HashMap<String, String>) -> Option<Self> {
        Some(Self {
            api_key: secret(section, "api_key")?,
            key1: secret(section, "key1")?,
        })
    }
}

impl From<BodyKey> for ConnectorAuthType {
    fn from(key: BodyKey) -> Self {
        Self::BodyKey {
            api_key: key.api_key,
            key1: key.key1,
        }
    }
}

#[derive(Debug, Clone)]
pub struct SignatureKey {
    pub api_key: Secret<String>,
    pub key1: Secret<String>,
    pub api_secret: Secret<String>,
}

impl FromSection for SignatureKey {
    fn from_section(section: &HashMap<String, String>) -> Option<Self> {
        Some(Self {
            api_key: secret(section, "api_key")?,
            key1: secret(section, "key1")?,
            api_secret: secret(section, "api_secret")?,
        })
    }
}

impl From<SignatureKey> for ConnectorAuthType {
    fn from(key: SignatureKey) -> Self {
        Self::SignatureKey {
            api_key: key.api_key,
            key1: key.key1,
            api_secret: key.api_secret,
        }
    }
}
