pub mod abacus;
pub mod lumapay;
pub mod zentra;

pub use self::{
    // one `module::Type` per connector, kept in alphabetical order
    abacus::Abacus,
    lumapay::Lumapay,
    zentra::Zentra,
};
