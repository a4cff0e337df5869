//! Secrets that stay out of logs, in the manner of the `masking` crate.

use std::fmt;

use crate::json::{FromJson, JsonError, JsonValue, ToJson};

/// A value whose `Debug` output never reveals it.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Secret<T>(T);

impl<T> Secret<T> {
    /// Wraps a value.
    pub fn new(value: T) -> Self {
        Self(value)
    }
}

impl<T> From<T> for Secret<T> {
    fn from(value: T) -> Self {
        Self(value)
    }
}

impl<T> fmt::Debug for Secret<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "*** {} ***", std::any::type_name::<T>())
    }
}

/// Borrow the value inside a secret.
pub trait PeekInterface<T> {
    /// A reference to the hidden value.
    fn peek(&self) -> &T;
}

/// Take the value out of a secret.
pub trait ExposeInterface<T> {
    /// Consumes the secret and returns the hidden value.
    fn expose(self) -> T;
}

impl<T> PeekInterface<T> for Secret<T> {
    fn peek(&self) -> &T {
        &self.0
    }
}

impl<T> ExposeInterface<T> for Secret<T> {
    fn expose(self) -> T {
        self.0
    }
}

impl<T: ToJson> ToJson for Secret<T> {
    fn to_json(&self) -> JsonValue {
        self.0.to_json()
    }
}

impl<T: FromJson> FromJson for Secret<T> {
    fn from_json(value: &JsonValue) -> Result<Self, JsonError> {
        T::from_json(value).map(Self)
    }
}

/// A header value that is either safe to log or masked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Maskable<T> {
    Masked(Secret<T>),
    Normal(T),
}

impl<T> Maskable<T> {
    /// The value, whether masked or not.
    pub fn into_inner(self) -> T {
        match self {
            Self::Masked(secret) => secret.expose(),
            Self::Normal(value) => value,
        }
    }

    /// Whether the value must stay out of logs.
    pub fn is_masked(&self) -> bool {
        matches!(self, Self::Masked(_))
    }
}

impl From<String> for Maskable<String> {
    fn from(value: String) -> Self {
        Self::Normal(value)
    }
}

impl From<&str> for Maskable<String> {
    fn from(value: &str) -> Self {
        Self::Normal(value.to_owned())
    }
}

/// Mark a value as sensitive.
pub trait Mask {
    /// The wrapped type.
    type Output;

    /// Turns the value into a masked [`Maskable`].
    fn into_masked(self) -> Maskable<Self::Output>;
}

impl Mask for String {
    type Output = Self;

    fn into_masked(self) -> Maskable<Self> {
        Maskable::Masked(Secret::new(self))
    }
}

impl Mask for Secret<String> {
    type Output = String;

    fn into_masked(self) -> Maskable<String> {
        Maskable::Masked(self)
    }
}
