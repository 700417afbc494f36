//! A vendor's request budget as vendor data: how many requests one vendor account may make in
//! a rolling window (Autotask's 10,000 an hour per database), and, where the vendor reports
//! its own count of the account's requests (Autotask's `ThresholdInformation`), the call that
//! asks for it and how to read the answer. The fleet-wide governor (`src/governor/`) keeps
//! every isolate's calls for one account under it; see `docs/governor.md`. Pure.

use super::request::Call;

/// A vendor's published budget for one account: at most `requests` in any `per_seconds`,
/// shared by every integration of the account (the gateway spends only part of it).
#[derive(Debug, Clone, Copy)]
pub struct Budget {
    pub requests: u32,
    pub per_seconds: u32,
    /// The vendor's own count of the account's requests, when it reports one.
    pub count: Option<VendorCount>,
}

impl Budget {
    /// A budget of `requests` per `per_seconds` with no vendor-side count.
    pub const fn of(requests: u32, per_seconds: u32) -> Self {
        Self {
            requests,
            per_seconds,
            count: None,
        }
    }

    /// The same budget with another size (an operator's `VENDOR_BUDGETS` entry); the
    /// vendor's count call is kept.
    pub fn resized(self, requests: u32, per_seconds: u32) -> Self {
        Self {
            requests,
            per_seconds,
            ..self
        }
    }
}

/// The call that asks the vendor how many requests the account made in its window, and how
/// to read the answer.
#[derive(Debug, Clone, Copy)]
pub struct VendorCount {
    pub call: fn() -> Call,
    pub parse: fn(&[u8]) -> Result<Observed, String>,
}

/// What the vendor said about the account's window: its threshold and the requests already
/// counted against it (by every integration of the account, the gateway's included).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Observed {
    pub threshold: u32,
    pub count: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_override_resizes_and_keeps_the_vendor_count() {
        fn call() -> Call {
            Call::get("/ThresholdInformation")
        }
        fn parse(_: &[u8]) -> Result<Observed, String> {
            Ok(Observed {
                threshold: 1,
                count: 0,
            })
        }
        let budget = Budget {
            count: Some(VendorCount { call, parse }),
            ..Budget::of(10_000, 3_600)
        };
        let resized = budget.resized(40, 60);
        assert_eq!((resized.requests, resized.per_seconds), (40, 60));
        assert!(resized.count.is_some());
        assert!(Budget::of(1, 1).count.is_none());
    }
}
