pub use hyperswitch_connectors::connectors::{
    abacus, abacus::Abacus, lumapay, lumapay::Lumapay, zentra, zentra::Zentra,
};
