use common_utils::masking::Secret;
use hyperswitch_domain_models::payment_method_data::{Card, PaymentMethodData};
use router::types::{self, api, storage::enums};
use test_utils::connector_auth;

use crate::utils::{self, ConnectorActions};

#[derive(Clone, Copy)]
struct {{project-name | downcase | pascal_case}}Test;
impl ConnectorActions for {{project-name | downcase | pascal_case}}Test {}
impl utils::Connector for {{project-name | downcase | pascal_case}}Test {
    fn get_data(&self) -> api::ConnectorData {
        use router::connector::{{project-name | downcase | pascal_case}};
        utils::construct_connector_data_old(
            Box::new({{project-name | downcase | pascal_case}}::new()),
            // Placeholder: the `Connector` enum has no variant for this connector yet.
            types::Connector::Abacus,
            api::GetToken::Connector,
            None,
        )
    }

    fn get_auth_token(&self) -> types::ConnectorAuthType {
        utils::to_connector_auth_type(
            connector_auth::ConnectorAuthentication::new()
                .{{project-name | downcase}}
                .expect("Missing connector authentication configuration")
                .into(),
        )
    }

    fn get_name(&self) -> String {
        "{{project-name | downcase}}".to_string()
    }
}

static CONNECTOR: {{project-name | downcase | pascal_case}}Test = {{project-name | downcase | pascal_case}}Test {};

fn get_default_payment_info() -> Option<utils::PaymentInfo> {
    None
}

fn payment_method_details() -> Option<types::PaymentsAuthorizeData> {
    None
}

// Registered everywhere: the router finds the connector by its configuration name.
#[test]
fn should_be_found_by_its_name() {
    let found = api::ConnectorData::get_connector_by_name("{{project-name | downcase}}", api::GetToken::Connector)
        .expect("the router does not know this connector: `hs-scaffold audit {{project-name | downcase}}` lists what is missing");
    assert_eq!(found.connector.id(), "{{project-name | downcase}}");
}

// Manual capture, cards, no 3DS: authorize only.
#[test]
#[ignore = "needs {{project-name | downcase}} credentials in sample_auth.toml and network access"]
fn should_only_authorize_payment() {
    let response = CONNECTOR
        .authorize_payment(payment_method_details(), get_default_payment_info())
        .expect("Authorize payment response");
    assert_eq!(response.status, enums::AttemptStatus::Authorized);
}

// Manual capture: authorize, then capture the full amount.
#[test]
#[ignore = "needs {{project-name | downcase}} credentials in sample_auth.toml and network access"]
fn should_capture_authorized_payment() {
    let response = CONNECTOR
        .authorize_and_capture_payment(payment_method_details(), None, get_default_payment_info())
        .expect("Capture payment response");
    assert_eq!(response.status, enums::AttemptStatus::Charged);
}

// Manual capture: authorize, then capture part of the amount.
#[test]
#[ignore = "needs {{project-name | downcase}} credentials in sample_auth.toml and network access"]
fn should_partially_capture_authorized_payment() {
    let response = CONNECTOR
        .authorize_and_capture_payment(
            payment_method_details(),
            Some(types::PaymentsCaptureData {
                amount_to_capture: 50,
                ..utils::PaymentCaptureType::default().0
            }),
            get_default_payment_info(),
        )
        .expect("Capture payment response");
    assert_eq!(response.status, enums::AttemptStatus::Charged);
}

// Manual capture: the authorized payment syncs as authorized.
#[test]
#[ignore = "needs {{project-name | downcase}} credentials in sample_auth.toml and network access"]
fn should_sync_authorized_payment() {
    let authorize_response = CONNECTOR
        .authorize_payment(payment_method_details(), get_default_payment_info())
        .expect("Authorize payment response");
    let txn_id = utils::get_connector_transaction_id(authorize_response.response);
    let response = CONNECTOR
        .psync_retry_till_status_matches(
            enums::AttemptStatus::Authorized,
            Some(types::PaymentsSyncData {
                connector_transaction_id: types::ResponseId::ConnectorTransactionId(
                    txn_id.unwrap(),
                ),
                ..Default::default()
            }),
            get_default_payment_info(),
        )
        .expect("PSync response");
    assert_eq!(response.status, enums::AttemptStatus::Authorized);
}

// Manual capture: authorize, then void.
#[test]
#[ignore = "needs {{project-name | downcase}} credentials in sample_auth.toml and network access"]
fn should_void_authorized_payment() {
    let response = CONNECTOR
        .authorize_and_void_payment(
            payment_method_details(),
            Some(types::PaymentsCancelData {
                connector_transaction_id: String::from(""),
                cancellation_reason: Some("requested_by_customer".to_string()),
                ..Default::default()
            }),
            get_default_payment_info(),
        )
        .expect("Void payment response");
    assert_eq!(response.status, enums::AttemptStatus::Voided);
}

// Manual capture: capture, then refund everything.
#[test]
#[ignore = "needs {{project-name | downcase}} credentials in sample_auth.toml and network access"]
fn should_refund_manually_captured_payment() {
    let response = CONNECTOR
        .capture_payment_and_refund(payment_method_details(), None, None, get_default_payment_info())
        .unwrap();
    assert_eq!(response.response.unwrap().refund_status, enums::RefundStatus::Success);
}

// Manual capture: capture, refund, and sync the refund.
#[test]
#[ignore = "needs {{project-name | downcase}} credentials in sample_auth.toml and network access"]
fn should_sync_manually_captured_refund() {
    let refund_response = CONNECTOR
        .capture_payment_and_refund(payment_method_details(), None, None, get_default_payment_info())
        .unwrap();
    let response = CONNECTOR
        .rsync_retry_till_status_matches(
            enums::RefundStatus::Success,
            refund_response.response.unwrap().connector_refund_id,
            None,
            get_default_payment_info(),
        )
        .unwrap();
    assert_eq!(response.response.unwrap().refund_status, enums::RefundStatus::Success);
}

// Automatic capture: one call charges the card.
#[test]
#[ignore = "needs {{project-name | downcase}} credentials in sample_auth.toml and network access"]
fn should_make_payment() {
    let authorize_response = CONNECTOR
        .make_payment(payment_method_details(), get_default_payment_info())
        .unwrap();
    assert_eq!(authorize_response.status, enums::AttemptStatus::Charged);
}

// Automatic capture: charge, then refund part of the amount.
#[test]
#[ignore = "needs {{project-name | downcase}} credentials in sample_auth.toml and network access"]
fn should_partially_refund_succeeded_payment() {
    let refund_response = CONNECTOR
        .make_payment_and_refund(
            payment_method_details(),
            Some(types::RefundsData {
                refund_amount: 50,
                ..utils::PaymentRefundType::default().0
            }),
            get_default_payment_info(),
        )
        .unwrap();
    assert_eq!(refund_response.response.unwrap().refund_status, enums::RefundStatus::Success);
}

// Cards, negative: a five-digit CVC is refused.
#[test]
#[ignore = "needs {{project-name | downcase}} credentials in sample_auth.toml and network access"]
fn should_fail_payment_for_incorrect_cvc() {
    let response = CONNECTOR
        .make_payment(
            Some(types::PaymentsAuthorizeData {
                payment_method_data: PaymentMethodData::Card(Card {
                    card_cvc: Secret::new("12345".to_string()),
                    ..utils::CCardType::default().0
                }),
                ..utils::PaymentAuthorizeType::default().0
            }),
            get_default_payment_info(),
        )
        .unwrap();
    assert_eq!(
        response.response.unwrap_err().message,
        "Your card's security code is invalid.".to_string(),
    );
}

// Capturing an unknown payment id fails.
#[test]
#[ignore = "needs {{project-name | downcase}} credentials in sample_auth.toml and network access"]
fn should_fail_capture_for_invalid_payment() {
    let capture_response = CONNECTOR
        .capture_payment("123456789".to_string(), None, get_default_payment_info())
        .unwrap();
    assert!(capture_response.response.is_err());
}

// Refunding more than was charged fails.
#[test]
#[ignore = "needs {{project-name | downcase}} credentials in sample_auth.toml and network access"]
fn should_fail_for_refund_amount_higher_than_payment_amount() {
    let response = CONNECTOR
        .make_payment_and_refund(
            payment_method_details(),
            Some(types::RefundsData {
                refund_amount: 150,
                ..utils::PaymentRefundType::default().0
            }),
            get_default_payment_info(),
        )
        .unwrap();
    assert!(response.response.is_err());
}

// Add connector-specific cases (wallets, 3DS, webhooks) below.
