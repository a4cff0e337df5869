//! Outgoing HTTP requests, described but never sent by the sandbox.

use std::fmt;

use crate::{
    json::{JsonValue, ToJson},
    masking::Maskable,
};

/// HTTP methods used by connectors.
#[derive(Clone, Copy, Debug, Default, Eq, PartialEq)]
pub enum Method {
    #[default]
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Get => "GET",
            Self::Post => "POST",
            Self::Put => "PUT",
            Self::Patch => "PATCH",
            Self::Delete => "DELETE",
        })
    }
}

/// Header list; values may be masked.
pub type Headers = Vec<(String, Maskable<String>)>;

/// The body of a request.
pub enum RequestContent {
    Json(Box<dyn ToJson + Send>),
    FormUrlEncoded(Box<dyn ToJson + Send>),
    RawBytes(Vec<u8>),
}

impl RequestContent {
    /// The body as it would go over the wire.
    pub fn get_inner_value(&self) -> String {
        match self {
            Self::Json(body) => body.to_json().to_string(),
            Self::FormUrlEncoded(body) => match body.to_json() {
                JsonValue::Object(members) => members
                    .iter()
                    .map(|(key, value)| match value {
                        JsonValue::String(text) => format!("{key}={text}"),
                        other => format!("{key}={other}"),
                    })
                    .collect::<Vec<_>>()
                    .join("&"),
                other => other.to_string(),
            },
            Self::RawBytes(bytes) => String::from_utf8_lossy(bytes).into_owned(),
        }
    }
}

impl fmt::Debug for RequestContent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RequestContent({})", self.get_inner_value())
    }
}

/// A fully described HTTP request.
#[derive(Debug)]
pub struct Request {
    pub url: String,
    pub method: Method,
    pub headers: Headers,
    pub body: Option<RequestContent>,
}

/// Builder for [`Request`].
#[derive(Debug, Default)]
pub struct RequestBuilder {
    url: String,
    method: Method,
    headers: Headers,
    body: Option<RequestContent>,
}

impl RequestBuilder {
    /// An empty `GET` request.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the HTTP method.
    pub fn method(mut self, method: Method) -> Self {
        self.method = method;
        self
    }

    /// Sets the URL.
    pub fn url(mut self, url: &str) -> Self {
        self.url = url.to_owned();
        self
    }

    /// Adds the headers every outgoing request carries.
    pub fn attach_default_headers(mut self) -> Self {
        self.headers
            .push(("Via".to_owned(), "HyperSwitch sandbox".into()));
        self
    }

    /// Adds one header.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.into()));
        self
    }

    /// Adds several headers.
    pub fn headers(mut self, headers: Headers) -> Self {
        self.headers.extend(headers);
        self
    }

    /// Sets the body.
    pub fn set_body(mut self, body: impl Into<RequestContent>) -> Self {
        self.body = Some(body.into());
        self
    }

    /// Finishes the request.
    pub fn build(self) -> Request {
        Request {
            url: self.url,
            method: self.method,
            headers: self.headers,
            body: self.body,
        }
    }
}
