use common_utils::request::Method;
use hyperswitch_interfaces::{
    configs::Connectors,
    webhooks::{IncomingWebhook, IncomingWebhookEvent, IncomingWebhookRequestDetails},
};
use router::{
    connector::Zentra,
    types::{self, api, storage::enums},
};
use test_utils::connector_auth;

use crate::utils::{self, ConnectorActions};

#[derive(Clone, Copy)]
struct ZentraTest;
impl ConnectorActions for ZentraTest {}
impl utils::Connector for ZentraTest {
    fn get_data(&self) -> api::ConnectorData {
        utils::construct_connector_data_old(
            Box::new(Zentra::new()),
            types::Connector::Zentra,
            api::GetToken::Connector,
            None,
        )
    }

    fn get_auth_token(&self) -> types::ConnectorAuthType {
        utils::to_connector_auth_type(
            connector_auth::ConnectorAuthentication::new()
                .zentra
                .expect("Missing connector authentication configuration")
                .into(),
        )
    }

    fn get_name(&self) -> String {
        "zentra".to_string()
    }

    fn get_connectors(&self) -> Connectors {
        let mut connectors = Connectors::default();
        connectors.zentra.base_url = "https://api.sandbox.zentra.test/".to_string();
        connectors
    }
}

static CONNECTOR: ZentraTest = ZentraTest {};

#[test]
#[ignore = "needs Zentra test credentials and network access"]
fn should_sync_authorized_payment() {
    let authorize_response = CONNECTOR
        .authorize_payment(None, None)
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
            None,
        )
        .expect("PSync response");
    assert_eq!(response.status, enums::AttemptStatus::Authorized);
}

#[test]
fn offline_capture_uses_account_scoped_url_and_float_amount() {
    let request = CONNECTOR.generate_data(
        types::PaymentsCaptureData {
            connector_transaction_id: "ch_42".to_string(),
            minor_amount_to_capture: common_utils::types::MinorUnit::new(2599),
            ..utils::PaymentCaptureType::default().0
        },
        None,
    );
    let response: types::PaymentsCaptureRouterData = CONNECTOR
        .run_with(request, &|outgoing| {
            assert_eq!(outgoing.method, Method::Post);
            assert_eq!(
                outgoing.url,
                "https://api.sandbox.zentra.test/accounts/Account ID/charges/ch_42/capture"
            );
            let body = outgoing.body.as_ref().unwrap().get_inner_value();
            assert_eq!(body, r#"{"amount":25.99}"#);
            Ok(utils::canned_response(
                200,
                r#"{"charge_id":"ch_42","outcome":"succeeded"}"#,
            ))
        })
        .unwrap();
    assert_eq!(response.status, enums::AttemptStatus::Charged);
}

#[test]
fn offline_webhook_is_classified() {
    let body = br#"{"type":"refund.succeeded","refund_id":"re_7","data":{"amount":5}}"#;
    let request = IncomingWebhookRequestDetails {
        method: Method::Post,
        uri: "/webhooks/zentra",
        headers: &[],
        body,
        query_params: String::new(),
    };
    let event = Zentra::new()
        .get_webhook_event_type(&request, None)
        .unwrap();
    assert_eq!(event, IncomingWebhookEvent::RefundSuccess);
    assert!(Zentra::new()
        .get_webhook_object_reference_id(&request)
        .is_ok());
}
