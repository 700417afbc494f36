//! Accounts: users, tenants and memberships, browser sign-in sessions, password hashing,
//! attempt throttling and CSRF protection for the gateway's own pages, and the emailed links
//! that finish a sign-up or reset a password.

pub mod csrf;
pub mod emails;
pub mod everywhere;
pub mod links;
pub mod outbox;
pub mod password;
pub mod reset;
pub mod sign_up;
pub mod store;
pub mod throttle;
pub mod web;
