//! Helpers shared by connectors.

use common_enums::{CaptureMethod, Currency};
use common_utils::{
    errors::{Report, ResultExt},
    types::{AmountConvertor, MinorUnit},
};
use hyperswitch_domain_models::router_request_types::PaymentsAuthorizeData;
use hyperswitch_interfaces::errors;

/// Converts a minor-unit amount with the connector's convertor. Connectors
/// must go through this instead of doing their own arithmetic.
pub(crate) fn convert_amount<T>(
    amount_convertor: &dyn AmountConvertor<Output = T>,
    amount: MinorUnit,
    currency: Currency,
) -> Result<T, Report<errors::ConnectorError>> {
    amount_convertor
        .convert(amount, currency)
        .change_context(errors::ConnectorError::AmountConversionFailed)
}

/// Error for a required field the request does not carry.
pub(crate) fn missing_field_err(field_name: &'static str) -> Report<errors::ConnectorError> {
    Report::new(errors::ConnectorError::MissingRequiredField { field_name })
}

/// Message for a payment method a connector does not (yet) handle.
pub(crate) fn get_unimplemented_payment_method_error_message(connector: &str) -> String {
    format!("Selected payment method through {connector}")
}

/// Standard base64 (with padding), used for HTTP basic authentication.
pub(crate) fn base64_encode(input: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut output = String::with_capacity(input.len().div_ceil(3) * 4);
    for chunk in input.chunks(3) {
        let bytes = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let triple = u32::from_be_bytes([0, bytes[0], bytes[1], bytes[2]]);
        for index in 0..4 {
            if index <= chunk.len() {
                let sextet = (triple >> (18 - 6 * index)) & 0x3f;
                output.push(char::from(ALPHABET[sextet as usize]));
            } else {
                output.push('=');
            }
        }
    }
    output
}

/// Convenience accessors on authorize requests.
pub(crate) trait PaymentsAuthorizeRequestData {
    /// Whether the payment is captured together with the authorization.
    fn is_auto_capture(&self) -> bool;
}

impl PaymentsAuthorizeRequestData for PaymentsAuthorizeData {
    fn is_auto_capture(&self) -> bool {
        matches!(
            self.capture_method.unwrap_or_default(),
            CaptureMethod::Automatic | CaptureMethod::SequentialAutomatic
        )
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn encodes_base64() {
        assert_eq!(
            super::base64_encode(b"merchant:secret"),
            "bWVyY2hhbnQ6c2VjcmV0"
        );
        assert_eq!(super::base64_encode(b"ab"), "YWI=");
        assert_eq!(super::base64_encode(b""), "");
    }
}
