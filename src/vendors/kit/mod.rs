//! The vendor kit: everything about calling a vendor that is not one vendor's own, written
//! once and pure (tested natively). A vendor folder (`../datto_rmm/`, `../autotask/`, …) holds
//! only data and small functions built from these parts; `../engine.rs` does the I/O.
//!
//! - `fields`, `hosts`: the connect form's fields and the checks on typed hosts;
//! - `api`: how an API is reached (root, session exchange, auth, verify, failure hook,
//!   concurrency, picklists);
//! - `request`: a call (method, path, query, body) and the path and query builders;
//! - `paging`, `shape`: how lists are paged and where records are in an answer;
//! - `upstream`, `retry`: the wire model of requests, answers and failures, and when to retry;
//! - `breaker`: when to stop calling a failing vendor account for a while;
//! - `budget`: a vendor account's request budget and the vendor's own count of it (kept
//!   fleet-wide by `src/governor/`);
//! - `pace`: a vendor's request budget kept per connection (a sliding window, and a hold
//!   after a 429);
//! - `picklist`: labels for ids, dependent values;
//! - `graphql`: GraphQL as a protocol;
//! - `oauth`: tokens from a vendor's own OAuth 2 server (client credentials, or a person's
//!   sign-in with PKCE and its refresh token), the `oauth2` crate doing the protocol;
//! - `conditions`: ConnectWise-style conditions built from values;
//! - `clock`: the time, and ISO 8601 dates read into it (absolute token expiries).

pub mod api;
pub mod breaker;
pub mod budget;
pub mod clock;
pub mod conditions;
pub mod fields;
pub mod graphql;
pub mod hosts;
pub mod oauth;
pub mod pace;
pub mod paging;
pub mod picklist;
pub mod request;
pub mod retry;
pub mod shape;
pub mod upstream;
