//! Amount types and the convertors connectors use to express amounts the way
//! their API expects.

use common_enums::Currency;

use crate::{
    errors::{ParsingError, Report},
    json::{FromJson, JsonError, JsonValue, ToJson},
};

/// Converts the switch's [`MinorUnit`] amounts into a connector's amount type
/// and back. Connectors hold one as
/// `&'static (dyn AmountConvertor<Output = T> + Sync)`.
pub trait AmountConvertor: Send {
    /// The amount type the connector's API uses.
    type Output;

    /// Converts a minor-unit amount into the connector's representation.
    fn convert(
        &self,
        amount: MinorUnit,
        currency: Currency,
    ) -> Result<Self::Output, Report<ParsingError>>;

    /// Converts a connector amount back into minor units.
    fn convert_back(
        &self,
        amount: Self::Output,
        currency: Currency,
    ) -> Result<MinorUnit, Report<ParsingError>>;
}

/// An amount in the currency's smallest unit (cents for USD).
#[derive(Clone, Copy, Debug, Default, Eq, Hash, PartialEq, PartialOrd, Ord)]
pub struct MinorUnit(i64);

/// A minor-unit amount written as a string (`"1050"`).
#[derive(Clone, Debug, Default, Eq, PartialEq)]
pub struct StringMinorUnit(String);

/// A major-unit amount as a float (`10.5`).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct FloatMajorUnit(f64);

/// A major-unit amount written as a string with the currency's decimals
/// (`"10.50"`).
#[derive(Clone, Debug, Default, Eq, PartialEq)]
pub struct StringMajorUnit(String);

impl MinorUnit {
    /// Wraps a minor-unit integer.
    pub fn new(value: i64) -> Self {
        Self(value)
    }

    /// The minor-unit integer.
    pub fn get_amount_as_i64(self) -> i64 {
        self.0
    }

    fn scale(currency: Currency) -> i64 {
        10_i64.pow(u32::from(currency.number_of_digits_after_decimal_point()))
    }

    fn to_major_unit_as_string(self, currency: Currency) -> StringMajorUnit {
        let digits = usize::from(currency.number_of_digits_after_decimal_point());
        let sign = if self.0 < 0 { "-" } else { "" };
        let (whole, fraction) = (
            self.0.unsigned_abs() / Self::scale(currency).unsigned_abs(),
            self.0.unsigned_abs() % Self::scale(currency).unsigned_abs(),
        );
        StringMajorUnit(if digits == 0 {
            format!("{sign}{whole}")
        } else {
            format!("{sign}{whole}.{fraction:0digits$}")
        })
    }
}

impl StringMinorUnit {
    /// Wraps a string amount.
    pub fn new(value: String) -> Self {
        Self(value)
    }
}

impl FloatMajorUnit {
    /// Wraps a float amount.
    pub fn new(value: f64) -> Self {
        Self(value)
    }

    /// The float amount.
    pub fn get_amount_as_f64(self) -> f64 {
        self.0
    }
}

impl StringMajorUnit {
    /// Wraps a string amount.
    pub fn new(value: String) -> Self {
        Self(value)
    }

    /// The string amount.
    pub fn get_amount_as_string(&self) -> String {
        self.0.clone()
    }

    fn to_minor_unit(&self, currency: Currency) -> Result<MinorUnit, Report<ParsingError>> {
        let invalid = || Report::new(ParsingError::InvalidAmount(self.0.clone()));
        let digits = usize::from(currency.number_of_digits_after_decimal_point());
        let (whole, fraction) = self.0.split_once('.').unwrap_or((&self.0, ""));
        if fraction.len() > digits || !fraction.chars().all(|c| c.is_ascii_digit()) {
            return Err(invalid());
        }
        format!("{whole}{fraction:0<digits$}")
            .parse()
            .map(MinorUnit)
            .map_err(|_| invalid())
    }
}

/// Convertor for connectors that take minor units as integers.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct MinorUnitForConnector;

/// Convertor for connectors that take minor units as strings.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct StringMinorUnitForConnector;

/// Convertor for connectors that take major units as strings.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct StringMajorUnitForConnector;

/// Convertor for connectors that take major units as floats.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct FloatMajorUnitForConnector;

impl AmountConvertor for MinorUnitForConnector {
    type Output = MinorUnit;

    fn convert(&self, amount: MinorUnit, _: Currency) -> Result<MinorUnit, Report<ParsingError>> {
        Ok(amount)
    }

    fn convert_back(
        &self,
        amount: MinorUnit,
        _: Currency,
    ) -> Result<MinorUnit, Report<ParsingError>> {
        Ok(amount)
    }
}

impl AmountConvertor for StringMinorUnitForConnector {
    type Output = StringMinorUnit;

    fn convert(
        &self,
        amount: MinorUnit,
        _: Currency,
    ) -> Result<StringMinorUnit, Report<ParsingError>> {
        Ok(StringMinorUnit(amount.0.to_string()))
    }

    fn convert_back(
        &self,
        amount: StringMinorUnit,
        _: Currency,
    ) -> Result<MinorUnit, Report<ParsingError>> {
        amount
            .0
            .parse()
            .map(MinorUnit)
            .map_err(|_| Report::new(ParsingError::InvalidAmount(amount.0)))
    }
}

impl AmountConvertor for StringMajorUnitForConnector {
    type Output = StringMajorUnit;

    fn convert(
        &self,
        amount: MinorUnit,
        currency: Currency,
    ) -> Result<StringMajorUnit, Report<ParsingError>> {
        Ok(amount.to_major_unit_as_string(currency))
    }

    fn convert_back(
        &self,
        amount: StringMajorUnit,
        currency: Currency,
    ) -> Result<MinorUnit, Report<ParsingError>> {
        amount.to_minor_unit(currency)
    }
}

impl AmountConvertor for FloatMajorUnitForConnector {
    type Output = FloatMajorUnit;

    fn convert(
        &self,
        amount: MinorUnit,
        currency: Currency,
    ) -> Result<FloatMajorUnit, Report<ParsingError>> {
        // Go through the exact decimal string so 0.1 + 0.2 style noise never
        // reaches the connector.
        let text = amount.to_major_unit_as_string(currency).0;
        text.parse()
            .map(FloatMajorUnit)
            .map_err(|_| Report::new(ParsingError::InvalidAmount(text)))
    }

    fn convert_back(
        &self,
        amount: FloatMajorUnit,
        currency: Currency,
    ) -> Result<MinorUnit, Report<ParsingError>> {
        let digits = usize::from(currency.number_of_digits_after_decimal_point());
        StringMajorUnit(format!("{:.digits$}", amount.0)).to_minor_unit(currency)
    }
}

impl ToJson for MinorUnit {
    fn to_json(&self) -> JsonValue {
        self.0.to_json()
    }
}

impl FromJson for MinorUnit {
    fn from_json(value: &JsonValue) -> Result<Self, JsonError> {
        i64::from_json(value).map(Self)
    }
}

impl ToJson for FloatMajorUnit {
    fn to_json(&self) -> JsonValue {
        self.0.to_json()
    }
}

impl FromJson for FloatMajorUnit {
    fn from_json(value: &JsonValue) -> Result<Self, JsonError> {
        f64::from_json(value).map(Self)
    }
}

impl ToJson for StringMinorUnit {
    fn to_json(&self) -> JsonValue {
        self.0.to_json()
    }
}

impl FromJson for StringMinorUnit {
    fn from_json(value: &JsonValue) -> Result<Self, JsonError> {
        String::from_json(value).map(Self)
    }
}

impl ToJson for StringMajorUnit {
    fn to_json(&self) -> JsonValue {
        self.0.to_json()
    }
}

impl FromJson for StringMajorUnit {
    fn from_json(value: &JsonValue) -> Result<Self, JsonError> {
        String::from_json(value).map(Self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_between_units() {
        let usd = Currency::USD;
        let major = StringMajorUnitForConnector.convert(MinorUnit::new(1050), usd);
        assert_eq!(major.ok(), Some(StringMajorUnit::new("10.50".into())));
        let jpy = StringMajorUnitForConnector.convert(MinorUnit::new(500), Currency::JPY);
        assert_eq!(jpy.ok(), Some(StringMajorUnit::new("500".into())));
        let float = FloatMajorUnitForConnector.convert(MinorUnit::new(-1234), Currency::KWD);
        assert_eq!(float.ok(), Some(FloatMajorUnit::new(-1.234)));
        let back = FloatMajorUnitForConnector.convert_back(FloatMajorUnit::new(10.5), usd);
        assert_eq!(back.ok(), Some(MinorUnit::new(1050)));
    }
}
