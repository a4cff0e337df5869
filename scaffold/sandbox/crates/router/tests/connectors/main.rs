//! Connector tests. The flows talk to the connectors' test environments,
//! which needs credentials (see `sample_auth.toml`) and network access, so
//! those tests are `#[ignore]`d; run them with `-- --ignored`. Tests named
//! `offline_*` replay canned responses and always run.
#![allow(clippy::expect_used, clippy::panic, clippy::unwrap_used)]

mod abacus;
mod lumapay;
mod utils;
mod zentra;
