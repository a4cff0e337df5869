//! What the control centre shows for each connector: accepted credentials
//! and payment methods, per environment.

pub mod connector;
