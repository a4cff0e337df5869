//! Payment flows.

/// Authorize (and possibly capture) a payment.
#[derive(Clone, Debug)]
pub struct Authorize;

/// Fetch the current status of a payment.
#[derive(Clone, Debug)]
pub struct PSync;

/// Capture an authorized payment.
#[derive(Clone, Debug)]
pub struct Capture;

/// Cancel an authorized payment.
#[derive(Clone, Debug)]
pub struct Void;

/// Create a wallet session (Apple Pay, Google Pay...).
#[derive(Clone, Debug)]
pub struct Session;

/// Store a payment method for later merchant-initiated payments.
#[derive(Clone, Debug)]
pub struct SetupMandate;

/// Exchange a payment method for a connector token.
#[derive(Clone, Debug)]
pub struct PaymentMethodToken;

/// Finish an authorization after a redirect or 3DS challenge.
#[derive(Clone, Debug)]
pub struct CompleteAuthorize;

/// Create a customer record at the connector.
#[derive(Clone, Debug)]
pub struct CreateConnectorCustomer;

/// Raise the authorized amount of a payment.
#[derive(Clone, Debug)]
pub struct IncrementalAuthorization;
