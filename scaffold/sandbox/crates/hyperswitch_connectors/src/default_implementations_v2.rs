//! Default implementations of the v2 integration trait.
//!
//! Same convention as `default_implementations.rs`: every connector appears
//! in every list, one per line, until it implements the v2 flows itself.

use hyperswitch_domain_models::{
    router_flow_types::{Authorize, Capture, Execute, PSync, RSync, Void},
    router_request_types::{
        PaymentsAuthorizeData, PaymentsCancelData, PaymentsCaptureData, PaymentsSyncData,
        RefundsData,
    },
    router_response_types::{PaymentsResponseData, RefundsResponseData},
};
use hyperswitch_interfaces::connector_integration_v2::{
    ConnectorIntegrationV2, PaymentAuthorizeV2, PaymentCaptureV2, PaymentFlowData, PaymentSyncV2,
    PaymentVoidV2, RefundExecuteV2, RefundFlowData, RefundSyncV2,
};

use crate::connectors;

macro_rules! default_imp_for_new_connector_integration_payment {
    ($($path:ident::$connector:ident),* $(,)?) => {
        $(
            impl PaymentAuthorizeV2 for $path::$connector {}
            impl PaymentSyncV2 for $path::$connector {}
            impl PaymentCaptureV2 for $path::$connector {}
            impl PaymentVoidV2 for $path::$connector {}
            impl
                ConnectorIntegrationV2<
                    Authorize,
                    PaymentFlowData,
                    PaymentsAuthorizeData,
                    PaymentsResponseData,
                > for $path::$connector
            {
            }
            impl
                ConnectorIntegrationV2<PSync, PaymentFlowData, PaymentsSyncData, PaymentsResponseData>
                for $path::$connector
            {
            }
            impl
                ConnectorIntegrationV2<
                    Capture,
                    PaymentFlowData,
                    PaymentsCaptureData,
                    PaymentsResponseData,
                > for $path::$connector
            {
            }
            impl
                ConnectorIntegrationV2<Void, PaymentFlowData, PaymentsCancelData, PaymentsResponseData>
                for $path::$connector
            {
            }
        )*
    };
}

#[rustfmt::skip]
default_imp_for_new_connector_integration_payment!(
    connectors::Abacus,
    connectors::Lumapay,
    connectors::Zentra,
);

macro_rules! default_imp_for_new_connector_integration_refund {
    ($($path:ident::$connector:ident),* $(,)?) => {
        $(
            impl RefundExecuteV2 for $path::$connector {}
            impl RefundSyncV2 for $path::$connector {}
            impl
                ConnectorIntegrationV2<Execute, RefundFlowData, RefundsData, RefundsResponseData>
                for $path::$connector
            {
            }
            impl
                ConnectorIntegrationV2<RSync, RefundFlowData, RefundsData, RefundsResponseData>
                for $path::$connector
            {
            }
        )*
    };
}

#[rustfmt::skip]
default_imp_for_new_connector_integration_refund!(
    connectors::Abacus,
    connectors::Lumapay,
    connectors::Zentra,
);
