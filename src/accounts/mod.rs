//! Accounts: users, tenants and memberships, browser sign-in sessions, password hashing,
//! sign-in throttling and CSRF protection for the gateway's own pages.

pub mod csrf;
pub mod password;
pub mod store;
pub mod throttle;
pub mod web;
