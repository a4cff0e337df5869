//! Payment flows as the core drives them.

pub mod flows;
