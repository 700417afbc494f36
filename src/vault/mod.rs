//! The credential vault: sealing (pure crypto, `seal.rs`) and the vendor connections it
//! protects (`connections.rs`, D1).

pub mod connections;
pub mod seal;
