//! The payment instrument the customer chose.

use common_enums::CardNetwork;
use common_utils::{
    json::{JsonValue, ToJson},
    masking::{PeekInterface, Secret},
};

/// Payment method details attached to a payment.
#[derive(Clone, Debug, PartialEq)]
pub enum PaymentMethodData {
    Card(Card),
    Wallet(WalletData),
    BankRedirect(BankRedirectData),
    MandatePayment,
}

/// A card number; only its last four digits are ever printed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CardNumber(Secret<String>);

impl CardNumber {
    /// Wraps a card number.
    pub fn new(number: &str) -> Self {
        Self(Secret::new(number.replace(' ', "")))
    }

    /// The last four digits.
    pub fn get_last4(&self) -> String {
        let digits = self.0.peek();
        digits[digits.len().saturating_sub(4)..].to_owned()
    }
}

impl ToJson for CardNumber {
    fn to_json(&self) -> JsonValue {
        self.0.to_json()
    }
}

/// Card details.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Card {
    pub card_number: CardNumber,
    pub card_exp_month: Secret<String>,
    pub card_exp_year: Secret<String>,
    pub card_cvc: Secret<String>,
    pub card_holder_name: Option<Secret<String>>,
    pub card_network: Option<CardNetwork>,
}

impl Card {
    /// The expiry year with four digits.
    pub fn get_expiry_year_4_digit(&self) -> Secret<String> {
        let year = self.card_exp_year.peek();
        Secret::new(if year.len() == 2 {
            format!("20{year}")
        } else {
            year.clone()
        })
    }
}

/// Wallet payment data.
#[derive(Clone, Debug, PartialEq)]
pub enum WalletData {
    ApplePay { payment_data: Secret<String> },
    GooglePay { token: Secret<String> },
}

/// Bank redirect payment data.
#[derive(Clone, Debug, PartialEq)]
pub enum BankRedirectData {
    Ideal { bank_name: Option<String> },
}
