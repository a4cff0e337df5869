//! The log record of one connector API call.

use common_utils::json::{JsonValue, ToJson};

/// What was sent to and received from a connector during one call.
#[derive(Clone, Debug, Default)]
pub struct ConnectorEvent {
    pub connector_name: String,
    pub flow: String,
    pub request: String,
    pub response: Option<String>,
    pub error: Option<String>,
    pub status_code: u16,
}

impl ConnectorEvent {
    /// Starts a record for `flow` of `connector_name`.
    pub fn new(connector_name: &str, flow: &str, request: String) -> Self {
        Self {
            connector_name: connector_name.to_owned(),
            flow: flow.to_owned(),
            request,
            ..Self::default()
        }
    }

    /// Records the parsed response body.
    pub fn set_response_body<T: ToJson>(&mut self, response: &T) {
        self.response = Some(response.to_json().to_string());
    }

    /// Records an error description.
    pub fn set_error(&mut self, error: JsonValue) {
        self.error = Some(error.to_string());
    }
}
