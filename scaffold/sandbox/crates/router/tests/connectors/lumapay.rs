use common_utils::masking::{Maskable, Secret};
use hyperswitch_interfaces::{configs::Connectors, errors::ConnectorError};
use router::types::{self, api, storage::enums};
use test_utils::connector_auth;

use crate::utils::{self, ConnectorActions};

#[derive(Clone, Copy)]
struct LumapayTest;
impl ConnectorActions for LumapayTest {}
impl utils::Connector for LumapayTest {
    fn get_data(&self) -> api::ConnectorData {
        use router::connector::Lumapay;
        utils::construct_connector_data_old(
            Box::new(Lumapay::new()),
            types::Connector::Lumapay,
            api::GetToken::Connector,
            None,
        )
    }

    fn get_auth_token(&self) -> types::ConnectorAuthType {
        utils::to_connector_auth_type(
            connector_auth::ConnectorAuthentication::new()
                .lumapay
                .expect("Missing connector authentication configuration")
                .into(),
        )
    }

    fn get_name(&self) -> String {
        "lumapay".to_string()
    }

    fn get_connectors(&self) -> Connectors {
        let mut connectors = Connectors::default();
        connectors.lumapay.base_url = "https://api-test.lumapay.test/v2".to_string();
        connectors
    }
}

static CONNECTOR: LumapayTest = LumapayTest {};

#[test]
#[ignore = "needs Lumapay test credentials and network access"]
fn should_capture_authorized_payment() {
    let response = CONNECTOR
        .authorize_and_capture_payment(None, None, None)
        .expect("Capture payment response");
    assert_eq!(response.status, enums::AttemptStatus::Charged);
}

#[test]
#[ignore = "needs Lumapay test credentials and network access"]
fn should_void_authorized_payment() {
    let response = CONNECTOR
        .authorize_and_void_payment(None, None, None)
        .expect("Void payment response");
    assert_eq!(response.status, enums::AttemptStatus::Voided);
}

#[test]
fn offline_authorize_sends_major_unit_string_and_basic_auth() {
    let request = CONNECTOR.generate_data(
        types::PaymentsAuthorizeData {
            minor_amount: common_utils::types::MinorUnit::new(1050),
            currency: enums::Currency::EUR,
            ..utils::PaymentAuthorizeType::default().0
        },
        None,
    );
    let response: types::PaymentsAuthorizeRouterData = CONNECTOR
        .run_with(request, &|outgoing| {
            assert_eq!(
                outgoing.url,
                "https://api-test.lumapay.test/v2/transactions"
            );
            let body = outgoing.body.as_ref().unwrap().get_inner_value();
            assert!(body.contains(r#""amount":"10.50""#), "{body}");
            // base64("Merchant Account:API Key")
            let expected = "Basic TWVyY2hhbnQgQWNjb3VudDpBUEkgS2V5".to_string();
            assert!(outgoing
                .headers
                .iter()
                .any(|(name, value)| name == "Authorization"
                    && *value == Maskable::Masked(expected.clone().into())));
            Ok(utils::canned_response(
                201,
                r#"{"transaction":{"id":"tx_9","state":"approved","amount":"10.50"}}"#,
            ))
        })
        .unwrap();
    assert_eq!(response.status, enums::AttemptStatus::Charged);
}

#[test]
fn offline_apple_pay_is_not_implemented() {
    let request = CONNECTOR.generate_data(
        types::PaymentsAuthorizeData {
            payment_method_data: types::PaymentMethodData::Wallet(types::WalletData::ApplePay {
                payment_data: Secret::new("token".to_string()),
            }),
            ..utils::PaymentAuthorizeType::default().0
        },
        None,
    );
    let error = CONNECTOR
        .run_with::<_, _, types::PaymentsResponseData>(request, &utils::no_network)
        .unwrap_err();
    assert!(matches!(
        error.current_context(),
        ConnectorError::NotImplemented(_)
    ));
}
