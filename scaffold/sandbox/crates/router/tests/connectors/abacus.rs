use common_utils::masking::Maskable;
use hyperswitch_interfaces::configs::Connectors;
use router::types::{self, api, storage::enums};
use test_utils::connector_auth;

use crate::utils::{self, ConnectorActions};

#[derive(Clone, Copy)]
struct AbacusTest;
impl ConnectorActions for AbacusTest {}
impl utils::Connector for AbacusTest {
    fn get_data(&self) -> api::ConnectorData {
        use router::connector::Abacus;
        utils::construct_connector_data_old(
            Box::new(Abacus::new()),
            types::Connector::Abacus,
            api::GetToken::Connector,
            None,
        )
    }

    fn get_auth_token(&self) -> types::ConnectorAuthType {
        utils::to_connector_auth_type(
            connector_auth::ConnectorAuthentication::new()
                .abacus
                .expect("Missing connector authentication configuration")
                .into(),
        )
    }

    fn get_name(&self) -> String {
        "abacus".to_string()
    }

    fn get_connectors(&self) -> Connectors {
        let mut connectors = Connectors::default();
        connectors.abacus.base_url = "https://sandbox.abacus.test/".to_string();
        connectors
    }
}

static CONNECTOR: AbacusTest = AbacusTest {};

#[test]
#[ignore = "needs Abacus test credentials and network access"]
fn should_only_authorize_payment() {
    let response = CONNECTOR
        .authorize_payment(None, None)
        .expect("Authorize payment response");
    assert_eq!(response.status, enums::AttemptStatus::Authorized);
}

#[test]
#[ignore = "needs Abacus test credentials and network access"]
fn should_make_payment() {
    let response = CONNECTOR.make_payment(None, None).unwrap();
    assert_eq!(response.status, enums::AttemptStatus::Charged);
}

#[test]
#[ignore = "needs Abacus test credentials and network access"]
fn should_refund_auto_captured_payment() {
    let response = CONNECTOR.make_payment_and_refund(None, None, None).unwrap();
    assert_eq!(
        response.response.unwrap().refund_status,
        enums::RefundStatus::Success,
    );
}

#[test]
fn offline_authorize_sends_minor_units_and_bearer_token() {
    let request = CONNECTOR.generate_data(utils::PaymentAuthorizeType::default().0, None);
    let response: types::PaymentsAuthorizeRouterData = CONNECTOR
        .run_with(request, &|outgoing| {
            assert_eq!(outgoing.url, "https://sandbox.abacus.test/v1/payments");
            let body = outgoing.body.as_ref().unwrap().get_inner_value();
            assert!(body.contains(r#""amount":100"#), "{body}");
            assert!(outgoing
                .headers
                .iter()
                .any(|(name, value)| name == "Authorization"
                    && *value == Maskable::Masked("Bearer Bearer token".to_string().into())));
            Ok(utils::canned_response(
                200,
                r#"{"id":"pay_1","status":"captured"}"#,
            ))
        })
        .unwrap();
    assert_eq!(response.status, enums::AttemptStatus::Charged);
    assert_eq!(
        utils::get_connector_transaction_id(response.response),
        Some("pay_1".to_string())
    );
}

#[test]
fn offline_refund_error_is_parsed() {
    let request = CONNECTOR.generate_data(utils::PaymentRefundType::default().0, None);
    let response: types::RefundExecuteRouterData = CONNECTOR
        .run_with(request, &|_| {
            Ok(utils::canned_response(
                422,
                r#"{"code":"amount_too_large","message":"Refund exceeds the charge"}"#,
            ))
        })
        .unwrap();
    let error = response.response.unwrap_err();
    assert_eq!(error.code, "amount_too_large");
    assert_eq!(error.status_code, 422);
}
