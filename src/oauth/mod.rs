//! The OAuth 2.1 authorization server and the resource-server check for `/v1/<vendor>`.
//!
//! Pure cores (no worker types, tested natively): `error`, `scopes`, `pkce`, `redirect`,
//! `secrets`, `access_token`, `refresh`, `registration`, `metadata`, `known_clients`,
//! `cimd::address` and `cimd::document`. The endpoints, one file each, use them with the D1
//! store.

pub mod access_token;
pub mod authorize;
pub mod cimd;
pub mod clients;
pub mod error;
pub mod known_clients;
pub mod metadata;
pub mod pkce;
pub mod redirect;
pub mod refresh;
pub mod register;
pub mod registration;
pub mod resource;
pub mod respond;
pub mod revoke;
pub mod scopes;
pub mod secrets;
pub mod store;
pub mod token;
pub mod well_known;
