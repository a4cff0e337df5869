//! Extension traits for parsing connector payloads.

use crate::{
    errors::{CustomResult, ParsingError, Report},
    json::{FromJson, JsonValue},
};

/// Parsing helpers for raw response bodies.
pub trait BytesExt {
    /// Parses a JSON body into `T`; `type_name` names `T` in the error.
    fn parse_struct<T: FromJson>(&self, type_name: &'static str) -> CustomResult<T, ParsingError>;
}

impl BytesExt for [u8] {
    fn parse_struct<T: FromJson>(&self, type_name: &'static str) -> CustomResult<T, ParsingError> {
        let text = std::str::from_utf8(self).map_err(|error| {
            Report::new(ParsingError::StructParseFailure(type_name)).attach_printable(error)
        })?;
        JsonValue::parse(text)
            .and_then(|value| T::from_json(&value))
            .map_err(|error| {
                Report::new(ParsingError::StructParseFailure(type_name)).attach_printable(error)
            })
    }
}
