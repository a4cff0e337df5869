//! Default (not supported) implementations of the optional flows.
//!
//! Each macro below gives every connector it lists an empty implementation
//! of one flow: the trait defaults build no request, so the flow is a no-op.
//! A connector that implements the flow itself must be removed from the
//! list, and a new connector must be added to every list.
//!
//! The lists stay one connector per line (`#[rustfmt::skip]`) because
//! `scripts/add_connector.sh` edits them line by line.

use hyperswitch_domain_models::{
    router_flow_types::{CompleteAuthorize, CreateConnectorCustomer, IncrementalAuthorization},
    router_request_types::{
        CompleteAuthorizeData, ConnectorCustomerData, PaymentsIncrementalAuthorizationData,
    },
    router_response_types::PaymentsResponseData,
};
use hyperswitch_interfaces::api::{
    ConnectorCustomer, ConnectorIntegration, PaymentIncrementalAuthorization,
    PaymentsCompleteAuthorize,
};

use crate::connectors;

macro_rules! default_imp_for_complete_authorize {
    ($($path:ident::$connector:ident),* $(,)?) => {
        $(
            impl PaymentsCompleteAuthorize for $path::$connector {}
            impl
                ConnectorIntegration<CompleteAuthorize, CompleteAuthorizeData, PaymentsResponseData>
                for $path::$connector
            {
            }
        )*
    };
}

#[rustfmt::skip]
default_imp_for_complete_authorize!(
    connectors::Abacus,
    connectors::Lumapay,
    connectors::Zentra,
);

macro_rules! default_imp_for_create_customer {
    ($($path:ident::$connector:ident),* $(,)?) => {
        $(
            impl ConnectorCustomer for $path::$connector {}
            impl
                ConnectorIntegration<
                    CreateConnectorCustomer,
                    ConnectorCustomerData,
                    PaymentsResponseData,
                > for $path::$connector
            {
            }
        )*
    };
}

#[rustfmt::skip]
default_imp_for_create_customer!(
    connectors::Abacus,
    connectors::Lumapay,
    connectors::Zentra,
);

macro_rules! default_imp_for_incremental_authorization {
    ($($path:ident::$connector:ident),* $(,)?) => {
        $(
            impl PaymentIncrementalAuthorization for $path::$connector {}
            impl
                ConnectorIntegration<
                    IncrementalAuthorization,
                    PaymentsIncrementalAuthorizationData,
                    PaymentsResponseData,
                > for $path::$connector
            {
            }
        )*
    };
}

#[rustfmt::skip]
default_imp_for_incremental_authorization!(
    connectors::Abacus,
    connectors::Lumapay,
    connectors::Zentra,
);
