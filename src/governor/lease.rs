//! The isolate's side of the governor: the slice of budget it holds per vendor account,
//! spent locally, so a warm call only does arithmetic; the account's object is asked only when
//! the slice is empty or expired. Pure; the engine keeps one [`Leases`] per isolate.

use super::ledger::{Granted, Returned};
use std::collections::HashMap;

/// A slice of one account's budget held by this isolate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Lease {
    pub id: u64,
    /// Calls not yet spent.
    pub left: u32,
    /// When it stops being spendable (ms since the epoch).
    pub expires_at: f64,
}

impl From<Granted> for Lease {
    fn from(granted: Granted) -> Self {
        Self {
            id: granted.lease,
            left: granted.calls,
            expires_at: granted.expires_at,
        }
    }
}

/// What spending one call from the isolate's lease came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Spend {
    /// Spent from the lease held: send the call.
    Spent,
    /// No spendable lease: ask the account's object for a slice.
    Ask,
}

/// Accounts whose leases are remembered at most; past it the empty and expired ones go.
const REMEMBERED: usize = 1024;

/// This isolate's leases, by vendor account.
#[derive(Debug, Default)]
pub struct Leases(HashMap<String, Lease>);

impl Leases {
    /// Spends one call of `account`'s lease at `now` (ms) if it has one left and has not
    /// expired.
    pub fn spend(&mut self, account: &str, now: f64) -> Spend {
        match self.0.get_mut(account) {
            Some(lease) if lease.left > 0 && now < lease.expires_at => {
                lease.left -= 1;
                Spend::Spent
            }
            _ => Spend::Ask,
        }
    }

    /// Keeps a slice just granted for `account`, spending `spent` of it at once.
    pub fn keep(&mut self, account: &str, granted: Granted, spent: u32, now: f64) {
        if self.0.len() >= REMEMBERED {
            self.0
                .retain(|_, lease| lease.left > 0 && now < lease.expires_at);
        }
        let mut lease = Lease::from(granted);
        lease.left = lease.left.saturating_sub(spent);
        self.0.insert(account.to_owned(), lease);
    }

    /// Drops `account`'s lease (the vendor said "wait"), returning what is still creditable:
    /// the unused calls of a lease that has not expired.
    pub fn drop_lease(&mut self, account: &str, now: f64) -> Option<Returned> {
        let lease = self.0.remove(account)?;
        (lease.left > 0 && now < lease.expires_at).then_some(Returned {
            lease: lease.id,
            unused: lease.left,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ACCOUNT: &str = "t1|autotask|https://webservices.autotask.net";

    fn slice(calls: u32, expires_at: f64) -> Granted {
        Granted {
            lease: 7,
            calls,
            expires_at,
            refresh: false,
        }
    }

    #[test]
    fn a_lease_is_spent_locally_until_empty_or_expired() {
        let mut leases = Leases::default();
        assert_eq!(leases.spend(ACCOUNT, 0.0), Spend::Ask, "nothing held yet");
        leases.keep(ACCOUNT, slice(3, 10_000.0), 1, 0.0);
        assert_eq!(leases.spend(ACCOUNT, 1.0), Spend::Spent);
        assert_eq!(leases.spend(ACCOUNT, 2.0), Spend::Spent);
        assert_eq!(
            leases.spend(ACCOUNT, 3.0),
            Spend::Ask,
            "three calls, three spent"
        );
        leases.keep(ACCOUNT, slice(5, 10_000.0), 1, 3.0);
        assert_eq!(leases.spend(ACCOUNT, 10_000.0), Spend::Ask, "expired");
        assert_eq!(leases.spend("other", 4.0), Spend::Ask, "per account");
    }

    #[test]
    fn dropping_returns_only_what_is_creditable() {
        let mut leases = Leases::default();
        leases.keep(ACCOUNT, slice(5, 10_000.0), 1, 0.0);
        assert_eq!(
            leases.drop_lease(ACCOUNT, 5.0),
            Some(Returned {
                lease: 7,
                unused: 4
            })
        );
        assert_eq!(leases.spend(ACCOUNT, 6.0), Spend::Ask, "dropped at once");
        leases.keep(ACCOUNT, slice(5, 10_000.0), 1, 0.0);
        assert_eq!(leases.drop_lease(ACCOUNT, 10_000.0), None, "expired: gone");
        assert_eq!(leases.drop_lease(ACCOUNT, 0.0), None, "nothing held");
    }
}
