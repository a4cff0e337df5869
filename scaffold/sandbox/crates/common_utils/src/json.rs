//! A minimal JSON value with a parser, a writer and two conversion traits,
//! standing in for `serde` so the sandbox builds without dependencies.
//!
//! Request and response types implement [`ToJson`] / [`FromJson`], usually
//! through [`impl_to_json!`](crate::impl_to_json),
//! [`impl_from_json!`](crate::impl_from_json), [`impl_json!`](crate::impl_json)
//! and [`impl_json_enum!`](crate::impl_json_enum).

use std::fmt::{self, Write as _};

/// A parsed JSON document. Numbers keep their source text so integers
/// survive without going through `f64`.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum JsonValue {
    #[default]
    Null,
    Bool(bool),
    Number(String),
    String(String),
    Array(Vec<JsonValue>),
    Object(Vec<(String, JsonValue)>),
}

/// Why a document could not be parsed or converted.
#[derive(Clone, Debug, PartialEq)]
pub struct JsonError(pub String);

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Types that can be written as JSON.
pub trait ToJson {
    /// Builds the JSON representation of `self`.
    fn to_json(&self) -> JsonValue;
}

/// Types that can be read from JSON.
pub trait FromJson: Sized {
    /// Reads `Self` from a JSON value; `Null` stands for a missing field.
    fn from_json(value: &JsonValue) -> Result<Self, JsonError>;
}

impl JsonValue {
    /// Parses a complete JSON document.
    pub fn parse(text: &str) -> Result<Self, JsonError> {
        let mut parser = Parser {
            chars: text.chars().collect(),
            pos: 0,
        };
        let value = parser.value()?;
        parser.skip_ws();
        match parser.peek() {
            None => Ok(value),
            Some(c) => Err(parser.error(&format!("trailing character `{c}`"))),
        }
    }

    /// Builds an object, leaving out `null` members.
    pub fn object<K: Into<String>>(members: impl IntoIterator<Item = (K, JsonValue)>) -> Self {
        Self::Object(
            members
                .into_iter()
                .filter(|(_, value)| *value != Self::Null)
                .map(|(key, value)| (key.into(), value))
                .collect(),
        )
    }

    /// The member `key` of an object.
    pub fn get(&self, key: &str) -> Option<&Self> {
        match self {
            Self::Object(members) => members.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// Reads member `key` as `T`; a missing member reads as `null`.
    pub fn field<T: FromJson>(&self, key: &str) -> Result<T, JsonError> {
        if !matches!(self, Self::Object(_)) {
            return Err(JsonError(format!("expected an object holding `{key}`")));
        }
        T::from_json(self.get(key).unwrap_or(&Self::Null))
            .map_err(|error| JsonError(format!("{key}: {error}")))
    }

    /// The text of a string value.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Self::String(text) => Some(text),
            _ => None,
        }
    }
}

impl fmt::Display for JsonValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Null => f.write_str("null"),
            Self::Bool(value) => write!(f, "{value}"),
            Self::Number(text) => f.write_str(text),
            Self::String(text) => write_string(f, text),
            Self::Array(items) => {
                f.write_char('[')?;
                for (index, item) in items.iter().enumerate() {
                    if index > 0 {
                        f.write_char(',')?;
                    }
                    write!(f, "{item}")?;
                }
                f.write_char(']')
            }
            Self::Object(members) => {
                f.write_char('{')?;
                for (index, (key, value)) in members.iter().enumerate() {
                    if index > 0 {
                        f.write_char(',')?;
                    }
                    write_string(f, key)?;
                    write!(f, ":{value}")?;
                }
                f.write_char('}')
            }
        }
    }
}

fn write_string(f: &mut fmt::Formatter<'_>, text: &str) -> fmt::Result {
    f.write_char('"')?;
    for c in text.chars() {
        match c {
            '"' => f.write_str("\\\"")?,
            '\\' => f.write_str("\\\\")?,
            '\n' => f.write_str("\\n")?,
            '\r' => f.write_str("\\r")?,
            '\t' => f.write_str("\\t")?,
            c if u32::from(c) < 0x20 => write!(f, "\\u{:04x}", u32::from(c))?,
            c => f.write_char(c)?,
        }
    }
    f.write_char('"')
}

struct Parser {
    chars: Vec<char>,
    pos: usize,
}

impl Parser {
    fn error(&self, message: &str) -> JsonError {
        JsonError(format!("{message} at offset {}", self.pos))
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn next(&mut self) -> Option<char> {
        let c = self.peek();
        self.pos += 1;
        c
    }

    fn skip_ws(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.pos += 1;
        }
    }

    fn expect(&mut self, word: &str) -> Result<(), JsonError> {
        for expected in word.chars() {
            if self.next() != Some(expected) {
                return Err(self.error(&format!("expected `{word}`")));
            }
        }
        Ok(())
    }

    fn value(&mut self) -> Result<JsonValue, JsonError> {
        self.skip_ws();
        match self.peek() {
            Some('n') => self.expect("null").map(|()| JsonValue::Null),
            Some('t') => self.expect("true").map(|()| JsonValue::Bool(true)),
            Some('f') => self.expect("false").map(|()| JsonValue::Bool(false)),
            Some('"') => self.string().map(JsonValue::String),
            Some('[') => self.array(),
            Some('{') => self.object(),
            Some(c) if c == '-' || c.is_ascii_digit() => Ok(self.number()),
            _ => Err(self.error("expected a value")),
        }
    }

    fn number(&mut self) -> JsonValue {
        let start = self.pos;
        while self
            .peek()
            .is_some_and(|c| c.is_ascii_digit() || "+-.eE".contains(c))
        {
            self.pos += 1;
        }
        JsonValue::Number(self.chars[start..self.pos].iter().collect())
    }

    fn string(&mut self) -> Result<String, JsonError> {
        self.expect("\"")?;
        let mut text = String::new();
        loop {
            match self.next() {
                None => return Err(self.error("unterminated string")),
                Some('"') => return Ok(text),
                Some('\\') => match self.next() {
                    Some('n') => text.push('\n'),
                    Some('r') => text.push('\r'),
                    Some('t') => text.push('\t'),
                    Some('b') => text.push('\u{8}'),
                    Some('f') => text.push('\u{c}'),
                    Some('u') => {
                        let hex: String = (0..4).filter_map(|_| self.next()).collect();
                        let code = u32::from_str_radix(&hex, 16)
                            .map_err(|_| self.error("bad \\u escape"))?;
                        text.push(char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER));
                    }
                    Some(c) => text.push(c),
                    None => return Err(self.error("unterminated escape")),
                },
                Some(c) => text.push(c),
            }
        }
    }

    fn array(&mut self) -> Result<JsonValue, JsonError> {
        self.expect("[")?;
        let mut items = Vec::new();
        self.skip_ws();
        if self.peek() == Some(']') {
            self.pos += 1;
            return Ok(JsonValue::Array(items));
        }
        loop {
            items.push(self.value()?);
            self.skip_ws();
            match self.next() {
                Some(',') => continue,
                Some(']') => return Ok(JsonValue::Array(items)),
                _ => return Err(self.error("expected `,` or `]`")),
            }
        }
    }

    fn object(&mut self) -> Result<JsonValue, JsonError> {
        self.expect("{")?;
        let mut members = Vec::new();
        self.skip_ws();
        if self.peek() == Some('}') {
            self.pos += 1;
            return Ok(JsonValue::Object(members));
        }
        loop {
            self.skip_ws();
            let key = self.string()?;
            self.skip_ws();
            self.expect(":")?;
            members.push((key, self.value()?));
            self.skip_ws();
            match self.next() {
                Some(',') => continue,
                Some('}') => return Ok(JsonValue::Object(members)),
                _ => return Err(self.error("expected `,` or `}`")),
            }
        }
    }
}

impl ToJson for JsonValue {
    fn to_json(&self) -> JsonValue {
        self.clone()
    }
}

impl FromJson for JsonValue {
    fn from_json(value: &JsonValue) -> Result<Self, JsonError> {
        Ok(value.clone())
    }
}

impl<T: ToJson + ?Sized> ToJson for &T {
    fn to_json(&self) -> JsonValue {
        (**self).to_json()
    }
}

impl<T: ToJson + ?Sized> ToJson for Box<T> {
    fn to_json(&self) -> JsonValue {
        (**self).to_json()
    }
}

impl ToJson for str {
    fn to_json(&self) -> JsonValue {
        JsonValue::String(self.to_owned())
    }
}

impl ToJson for String {
    fn to_json(&self) -> JsonValue {
        JsonValue::String(self.clone())
    }
}

impl FromJson for String {
    fn from_json(value: &JsonValue) -> Result<Self, JsonError> {
        match value {
            JsonValue::String(text) => Ok(text.clone()),
            other => Err(JsonError(format!("expected a string, found {other}"))),
        }
    }
}

impl ToJson for bool {
    fn to_json(&self) -> JsonValue {
        JsonValue::Bool(*self)
    }
}

impl FromJson for bool {
    fn from_json(value: &JsonValue) -> Result<Self, JsonError> {
        match value {
            JsonValue::Bool(flag) => Ok(*flag),
            other => Err(JsonError(format!("expected a boolean, found {other}"))),
        }
    }
}

macro_rules! json_numbers {
    ($($number:ty),*) => {$(
        impl ToJson for $number {
            fn to_json(&self) -> JsonValue {
                JsonValue::Number(self.to_string())
            }
        }

        impl FromJson for $number {
            fn from_json(value: &JsonValue) -> Result<Self, JsonError> {
                match value {
                    JsonValue::Number(text) => text
                        .parse()
                        .map_err(|_| JsonError(format!("`{text}` is not a valid {}", stringify!($number)))),
                    other => Err(JsonError(format!("expected a number, found {other}"))),
                }
            }
        }
    )*};
}

json_numbers!(i64, u16, u32, f64);

impl<T: ToJson> ToJson for Option<T> {
    fn to_json(&self) -> JsonValue {
        self.as_ref().map_or(JsonValue::Null, ToJson::to_json)
    }
}

impl<T: FromJson> FromJson for Option<T> {
    fn from_json(value: &JsonValue) -> Result<Self, JsonError> {
        match value {
            JsonValue::Null => Ok(None),
            other => T::from_json(other).map(Some),
        }
    }
}

impl<T: ToJson> ToJson for Vec<T> {
    fn to_json(&self) -> JsonValue {
        JsonValue::Array(self.iter().map(ToJson::to_json).collect())
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn from_json(value: &JsonValue) -> Result<Self, JsonError> {
        match value {
            JsonValue::Array(items) => items.iter().map(T::from_json).collect(),
            other => Err(JsonError(format!("expected an array, found {other}"))),
        }
    }
}

impl ToJson for common_enums::Currency {
    fn to_json(&self) -> JsonValue {
        JsonValue::String(self.to_string())
    }
}

impl FromJson for common_enums::Currency {
    fn from_json(value: &JsonValue) -> Result<Self, JsonError> {
        String::from_json(value)?.parse().map_err(JsonError)
    }
}

/// Implements [`ToJson`] for a struct by listing its fields; `field => "key"`
/// renames a member.
#[macro_export]
macro_rules! impl_to_json {
    ($name:ident { $($field:ident $(=> $key:literal)?),* $(,)? }) => {
        impl $crate::json::ToJson for $name {
            fn to_json(&self) -> $crate::json::JsonValue {
                $crate::json::JsonValue::object::<&str>([
                    $(($crate::__json_key!($field $(, $key)?), $crate::json::ToJson::to_json(&self.$field)),)*
                ])
            }
        }
    };
}

/// Implements [`FromJson`] for a struct by listing its fields; `field => "key"`
/// reads the field from another member name.
#[macro_export]
macro_rules! impl_from_json {
    ($name:ident { $($field:ident $(=> $key:literal)?),* $(,)? }) => {
        impl $crate::json::FromJson for $name {
            fn from_json(
                value: &$crate::json::JsonValue,
            ) -> ::std::result::Result<Self, $crate::json::JsonError> {
                Ok(Self {
                    $($field: value.field($crate::__json_key!($field $(, $key)?))?,)*
                })
            }
        }
    };
}

/// Implements both [`ToJson`] and [`FromJson`] for a struct.
#[macro_export]
macro_rules! impl_json {
    ($($tokens:tt)*) => {
        $crate::impl_to_json!($($tokens)*);
        $crate::impl_from_json!($($tokens)*);
    };
}

/// Implements [`ToJson`] and [`FromJson`] for a fieldless enum, mapping each
/// variant to a string.
#[macro_export]
macro_rules! impl_json_enum {
    ($name:ident { $($variant:ident => $text:literal),* $(,)? }) => {
        impl $crate::json::ToJson for $name {
            fn to_json(&self) -> $crate::json::JsonValue {
                $crate::json::JsonValue::String(
                    match self {
                        $(Self::$variant => $text,)*
                    }
                    .to_owned(),
                )
            }
        }

        impl $crate::json::FromJson for $name {
            fn from_json(
                value: &$crate::json::JsonValue,
            ) -> ::std::result::Result<Self, $crate::json::JsonError> {
                match value.as_str() {
                    $(Some($text) => Ok(Self::$variant),)*
                    _ => Err($crate::json::JsonError(format!(
                        "unexpected {} value {value}",
                        stringify!($name)
                    ))),
                }
            }
        }
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __json_key {
    ($field:ident) => {
        stringify!($field)
    };
    ($field:ident, $key:literal) => {
        $key
    };
}
