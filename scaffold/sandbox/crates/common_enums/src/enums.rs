//! Payment-domain enumerations.

use std::{fmt, str::FromStr};

/// ISO 4217 currencies known to the sandbox.
#[derive(Clone, Copy, Debug, Default, Eq, Hash, PartialEq, PartialOrd, Ord)]
pub enum Currency {
    AUD,
    BHD,
    BRL,
    CAD,
    EUR,
    GBP,
    INR,
    JPY,
    KWD,
    SEK,
    #[default]
    USD,
    ZAR,
}

impl Currency {
    /// Digits after the decimal point in the currency's major unit
    /// (2 for USD cents, 0 for JPY, 3 for KWD fils).
    pub fn number_of_digits_after_decimal_point(self) -> u8 {
        match self {
            Self::JPY => 0,
            Self::BHD | Self::KWD => 3,
            Self::AUD
            | Self::BRL
            | Self::CAD
            | Self::EUR
            | Self::GBP
            | Self::INR
            | Self::SEK
            | Self::USD
            | Self::ZAR => 2,
        }
    }

    /// Every currency, in declaration order.
    pub const ALL: [Self; 12] = [
        Self::AUD,
        Self::BHD,
        Self::BRL,
        Self::CAD,
        Self::EUR,
        Self::GBP,
        Self::INR,
        Self::JPY,
        Self::KWD,
        Self::SEK,
        Self::USD,
        Self::ZAR,
    ];
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self, f)
    }
}

impl FromStr for Currency {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|currency| currency.to_string().eq_ignore_ascii_case(s))
            .ok_or_else(|| format!("unknown currency `{s}`"))
    }
}

/// Lifecycle of one payment attempt at a connector.
#[derive(Clone, Copy, Debug, Default, Eq, Hash, PartialEq)]
pub enum AttemptStatus {
    Started,
    AuthenticationFailed,
    AuthenticationPending,
    Authorized,
    AuthorizationFailed,
    Authorizing,
    Charged,
    CaptureInitiated,
    CaptureFailed,
    PartialCharged,
    Voided,
    VoidInitiated,
    VoidFailed,
    Failure,
    #[default]
    Pending,
}

/// Lifecycle of a refund at a connector.
#[derive(Clone, Copy, Debug, Default, Eq, Hash, PartialEq)]
pub enum RefundStatus {
    Failure,
    ManualReview,
    #[default]
    Pending,
    Success,
    TransactionFailure,
}

/// When the funds of an authorized payment are captured.
#[derive(Clone, Copy, Debug, Default, Eq, Hash, PartialEq)]
pub enum CaptureMethod {
    #[default]
    Automatic,
    Manual,
    SequentialAutomatic,
}

/// Broad family of a payment method.
#[derive(Clone, Copy, Debug, Eq, Hash, PartialEq, PartialOrd, Ord)]
pub enum PaymentMethod {
    Card,
    Wallet,
    BankRedirect,
}

/// Specific payment method within a family.
#[derive(Clone, Copy, Debug, Eq, Hash, PartialEq, PartialOrd, Ord)]
pub enum PaymentMethodType {
    Credit,
    Debit,
    ApplePay,
    GooglePay,
    Ideal,
}

/// Card schemes.
#[derive(Clone, Copy, Debug, Eq, Hash, PartialEq)]
pub enum CardNetwork {
    Visa,
    Mastercard,
    AmericanExpress,
}

/// Whether a feature is available for a payment method at a connector.
#[derive(Clone, Copy, Debug, Eq, PartialEq)]
pub enum FeatureStatus {
    Supported,
    NotSupported,
}

/// Classes of outgoing webhook events a connector can drive.
#[derive(Clone, Copy, Debug, Eq, Hash, PartialEq)]
pub enum EventClass {
    Payments,
    Refunds,
    Disputes,
}

/// What kind of service a connector is.
#[derive(Clone, Copy, Debug, Eq, PartialEq)]
pub enum HyperswitchConnectorCategory {
    PaymentGateway,
    AlternativePaymentMethod,
    PaymentVault,
}

/// Maturity of an integration.
#[derive(Clone, Copy, Debug, Eq, PartialEq)]
pub enum ConnectorIntegrationStatus {
    Live,
    Sandbox,
    Beta,
    Alpha,
}
