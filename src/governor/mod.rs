//! The vendor quota governor: one authority per vendor account (the `VendorBudget` Durable
//! Object, `object.rs`) keeps every isolate's calls under the account's budget, less the
//! headroom left to the MSP's other integrations. `ledger` is the object's accounting (pure),
//! `lease` the isolate's slice spent locally (pure); this file is the Worker's side: which
//! account a call spends from, the terms, and the few requests to the object. The accounting
//! is written down in `docs/governor.md`.
//!
//! A vendor account is the organisation, the vendor and where the account is (the vendor's
//! own API root for the connection: site, region, subdomain or server URL, from the
//! connection's plain settings), so every connection of the organisation to the same vendor
//! instance shares one budget, whoever made it.

pub mod lease;
pub mod ledger;
pub mod object;

use crate::config::Config;
use crate::vendors::kit::api::Upstream;
use crate::vendors::kit::budget::{Budget, Observed};
use crate::vendors::kit::fields::Credentials;
use crate::vendors::kit::retry;
use crate::vendors::kit::upstream::UpstreamError;
use lease::{Leases, Spend};
use ledger::{Answer, Terms, Usage, Why};
use object::{BlockRequest, LeaseRequest};
use serde::{de::DeserializeOwned, Serialize};
use sha2::{Digest, Sha256};
use std::cell::RefCell;
use std::time::Duration;
use worker::{Delay, Env};

/// The binding name of the budget objects' namespace in `wrangler.toml`.
pub const BINDING: &str = "VENDOR_BUDGET_OBJECTS";

/// The vendor account a connection's calls spend from: organisation, vendor and the vendor's
/// own API root for the connection's plain settings (never its secrets: every `base_url`
/// reads only plain settings, so the settings page computes the same account).
pub fn account(
    tenant_id: &str,
    vendor_id: &str,
    upstream: &Upstream,
    credentials: &Credentials,
) -> String {
    format!(
        "{tenant_id}|{vendor_id}|{}",
        (upstream.base_url)(credentials)
    )
}

/// The budget a vendor's calls are kept under: the operator's `VENDOR_BUDGETS` entry for it,
/// or the vendor's own (`Upstream::budget`); `None` when neither gives one.
pub fn budget(config: &Config, vendor_id: &str, upstream: &Upstream) -> Option<Budget> {
    match (config.vendor_budgets.get(vendor_id), upstream.budget) {
        (Some(&(requests, per_seconds)), Some(own)) => Some(own.resized(requests, per_seconds)),
        (Some(&(requests, per_seconds)), None) => Some(Budget::of(requests, per_seconds)),
        (None, own) => own,
    }
}

/// The terms a lease request brings for `budget`.
pub fn terms(config: &Config, budget: &Budget) -> Terms {
    Terms {
        requests: budget.requests,
        per_seconds: budget.per_seconds,
        headroom_percent: config.budget_headroom_percent,
        vendor_counts: budget.count.is_some(),
    }
}

thread_local! {
    /// This isolate's slices, by vendor account.
    static LEASES: RefCell<Leases> = RefCell::new(Leases::default());
}

/// What spending one call came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Permit {
    /// Send the call.
    Go,
    /// Send the call, then read the vendor's own count with one more (already spent) call
    /// and report it ([`observed`]).
    GoAndCount,
}

/// Spends one call of `account`'s budget: from the isolate's slice when it has one (no I/O),
/// else from a new slice the account's object grants. A refusal whose wait is short (up to
/// [`retry::LONGEST_WAIT_SECONDS`]) is waited out, as the engine waits for the vendor's own
/// `Retry-After`; a longer one is the tool error: the budget used up with its refill time,
/// or the vendor's own wait.
pub async fn spend(
    env: &Env,
    config: &Config,
    account: &str,
    budget: &Budget,
) -> Result<Permit, UpstreamError> {
    let terms = terms(config, budget);
    loop {
        let now = js_sys::Date::now();
        if LEASES.with(|l| l.borrow_mut().spend(account, now)) == Spend::Spent {
            return Ok(Permit::Go);
        }
        let asked = LeaseRequest {
            terms,
            returning: None,
        };
        let answer: Answer = match ask(env, config, account, "/lease", &asked).await {
            Ok(answer) => answer,
            Err(error) => {
                // Kept back rather than sent unaccounted; the account is named by its hash.
                worker::console_error!(
                    "{}",
                    serde_json::json!({
                        "event": "vendor_budget_unavailable",
                        "object": object_name(account),
                        "error": error.to_string(),
                    })
                );
                return Err(UpstreamError::BudgetUnavailable);
            }
        };
        let now = js_sys::Date::now();
        let (why, retry_in_ms) = match answer {
            Answer::Granted(granted) => {
                let count = granted.refresh && granted.calls >= 2;
                let spent = if count { 2 } else { 1 };
                LEASES.with(|l| l.borrow_mut().keep(account, granted, spent, now));
                return Ok(if count {
                    Permit::GoAndCount
                } else {
                    Permit::Go
                });
            }
            Answer::Refused { why, retry_in_ms } => (why, retry_in_ms),
        };
        let wait = Duration::from_millis(retry_in_ms.max(0.0).ceil() as u64);
        if wait <= Duration::from_secs(retry::LONGEST_WAIT_SECONDS) {
            Delay::from(wait).await;
            continue;
        }
        let seconds = wait.as_millis().div_ceil(1000) as u64;
        return Err(match why {
            Why::UsedUp => UpstreamError::BudgetUsedUp {
                refill_in_seconds: seconds,
            },
            Why::Blocked => UpstreamError::RateLimited {
                retry_after_seconds: Some(seconds),
            },
        });
    }
}

/// The vendor answered 429 asking for `seconds` of quiet: this isolate drops its slice at once
/// (giving back what it had not spent) and the object refuses every isolate's next slice
/// until then. Best effort: a failure to tell the object leaves the vendor's own answer.
pub async fn blocked(env: &Env, config: &Config, account: &str, seconds: u64) {
    let now = js_sys::Date::now();
    let returning = LEASES.with(|l| l.borrow_mut().drop_lease(account, now));
    let block = BlockRequest {
        until: now + seconds as f64 * 1000.0,
        returning,
    };
    let _ = send(env, config, account, "/block", &block).await;
}

/// Reports the vendor's own count of the account's requests. Best effort.
pub async fn observed(env: &Env, config: &Config, account: &str, observed: &Observed) {
    let _ = send(env, config, account, "/observe", observed).await;
}

/// The account's usage for the settings page (one object round trip, not on the hot path).
pub async fn usage(
    env: &Env,
    config: &Config,
    account: &str,
    budget: &Budget,
) -> worker::Result<Usage> {
    ask(env, config, account, "/usage", &terms(config, budget)).await
}

/// The object's name for an account: a hash, so names carry no identifiers.
fn object_name(account: &str) -> String {
    Sha256::digest(account.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

async fn send(
    env: &Env,
    config: &Config,
    account: &str,
    path: &str,
    body: &impl Serialize,
) -> worker::Result<worker::Response> {
    let stub =
        crate::session::namespace_of(env, BINDING, config.durable_object_jurisdiction.as_deref())?
            .get_by_name(&object_name(account))?;
    crate::session::post_to_object(&stub, path, body).await
}

async fn ask<T: DeserializeOwned>(
    env: &Env,
    config: &Config,
    account: &str,
    path: &str,
    body: &impl Serialize,
) -> worker::Result<T> {
    let mut response = send(env, config, account, path, body).await?;
    if response.status_code() != 200 {
        return Err(worker::Error::RustError(format!(
            "the budget object answered {}",
            response.status_code()
        )));
    }
    response.json().await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn object_names_are_hashes_of_the_account() {
        let name = object_name("t1|autotask|https://webservices.autotask.net");
        assert_eq!(name.len(), 64);
        assert!(!name.contains("t1"));
        assert_ne!(
            name,
            object_name("t2|autotask|https://webservices.autotask.net")
        );
    }
}
