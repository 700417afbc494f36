//! The `VendorBudget` Durable Object (SQLite-backed): one per vendor account, named by a hash
//! of the account (`super::account`). It holds the account's [`Ledger`] in its own storage,
//! written before each answer, so a restart of the runtime loses nothing it granted.
//!
//! The Worker talks to it with internal requests (`super::ask`): `POST /lease`
//! ([`LeaseRequest`] → [`Answer`]), `POST /block` ([`BlockRequest`]), `POST /observe`
//! ([`Observed`]) and `POST /usage` ([`Terms`] → [`Usage`]).

use super::ledger::{Answer, Ledger, Returned, Terms, Usage};
use crate::vendors::kit::budget::Observed;
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use worker::{durable_object, DurableObject, Env, Request, Response, Result, State};

/// The storage key of the ledger.
const LEDGER: &str = "ledger";

/// `POST /lease`: the account's terms, and the slice given back, if any.
#[derive(Debug, Serialize, Deserialize)]
pub struct LeaseRequest {
    pub terms: Terms,
    pub returning: Option<Returned>,
}

/// `POST /block`: the vendor asked for quiet until `until` (ms since the epoch); the isolate
/// that heard it gives back what it held.
#[derive(Debug, Serialize, Deserialize)]
pub struct BlockRequest {
    pub until: f64,
    pub returning: Option<Returned>,
}

/// One vendor account's budget.
#[durable_object]
pub struct VendorBudget {
    state: State,
    /// The ledger as last stored (read from storage on the first request).
    ledger: RefCell<Option<Ledger>>,
}

impl DurableObject for VendorBudget {
    fn new(state: State, _env: Env) -> Self {
        Self {
            state,
            ledger: RefCell::new(None),
        }
    }

    async fn fetch(&self, mut req: Request) -> Result<Response> {
        self.load().await?;
        let now = js_sys::Date::now();
        match req.path().as_str() {
            "/lease" => {
                let asked: LeaseRequest = req.json().await?;
                let answer: Answer = self.change(|l| l.lease(asked.terms, now, asked.returning));
                self.store().await?;
                Response::from_json(&answer)
            }
            "/block" => {
                let blocked: BlockRequest = req.json().await?;
                self.change(|l| {
                    if let Some(returned) = blocked.returning {
                        l.credit(returned, now);
                    }
                    l.block(blocked.until, now);
                });
                self.store().await?;
                Response::empty().map(|r| r.with_status(204))
            }
            "/observe" => {
                let observed: Observed = req.json().await?;
                self.change(|l| l.observe(observed, now));
                self.store().await?;
                Response::empty().map(|r| r.with_status(204))
            }
            "/usage" => {
                let terms: Terms = req.json().await?;
                let usage: Usage = self.change(|l| l.usage(terms, now));
                Response::from_json(&usage)
            }
            _ => Response::error("no such budget operation", 404),
        }
    }
}

impl VendorBudget {
    /// Reads the ledger from storage once per object instance.
    async fn load(&self) -> Result<()> {
        if self.ledger.borrow().is_some() {
            return Ok(());
        }
        let stored: Option<Ledger> = self.state.storage().get(LEDGER).await?;
        let mut ledger = self.ledger.borrow_mut();
        if ledger.is_none() {
            *ledger = Some(stored.unwrap_or_default());
        }
        Ok(())
    }

    /// Changes the ledger in memory, with no await in between (requests to one object are
    /// answered one at a time between awaits).
    fn change<T>(&self, work: impl FnOnce(&mut Ledger) -> T) -> T {
        let mut ledger = self.ledger.borrow_mut();
        work(ledger.get_or_insert_with(Ledger::default))
    }

    /// Writes the ledger; the answer leaves only once the write is durable (output gate).
    async fn store(&self) -> Result<()> {
        let ledger = self.ledger.borrow().clone().unwrap_or_default();
        self.state.storage().put(LEDGER, &ledger).await
    }
}
