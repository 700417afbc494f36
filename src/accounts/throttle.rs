//! Attempt throttling with backoff, for sign-in, password confirmation and outgoing mail.
//!
//! Each guarded action first takes an attempt for its keys in one atomic statement
//! (`store::take_attempt`): the count goes up and the key's refusal window is tested in the same
//! write, so parallel attempts cannot all slip past a check made before any of them counted.
//! The first `limit` attempts pass freely; the attempt that reaches the limit opens a refusal
//! window of `first_window` seconds, and every further attempt let through doubles it, up to
//! `max_window`. A key quiet for `forget_after` seconds starts again from zero. A successful
//! sign-in forgets its key.
//!
//! Sign-in is counted per client address *and* email together, plus per address alone (a
//! looser limit, for password spraying across many emails). Nothing is counted per email
//! alone, so knowing someone's email is not enough to lock them out: only the address that
//! keeps failing waits.

/// How one kind of key is throttled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    /// Attempts that pass before the first refusal window opens.
    pub limit: i64,
    /// The first refusal window, in seconds; it doubles with each attempt let through after.
    pub first_window: i64,
    /// The longest refusal window, in seconds.
    pub max_window: i64,
    /// A key without attempts for this long is forgotten, in seconds.
    pub forget_after: i64,
}

/// The longest refusal window of the sign-in rules: one hour.
const MAX_SIGN_IN_WINDOW: i64 = 60 * 60;

impl Rule {
    /// Sign-in from one client address for one email (and password confirmation by a
    /// signed-in user): five attempts, then `backoff` seconds, doubling to an hour.
    pub fn sign_in(backoff: i64) -> Self {
        Self {
            limit: 5,
            first_window: backoff,
            max_window: MAX_SIGN_IN_WINDOW.max(backoff),
            forget_after: 24 * 60 * 60,
        }
    }

    /// Sign-in from one client address, whatever the email: thirty attempts an hour (an
    /// office shares one address; successful sign-ins give their attempt back).
    pub fn sign_in_network(backoff: i64) -> Self {
        Self {
            limit: 30,
            first_window: backoff,
            max_window: MAX_SIGN_IN_WINDOW.max(backoff),
            forget_after: 60 * 60,
        }
    }

    /// Mail to one address: three in a row, then ten minutes, doubling to an hour. Past it
    /// the mail is silently not sent (the page answers the same), so nobody can flood an
    /// inbox through the sign-up or reset forms.
    pub const MAIL_ADDRESS: Self = Self {
        limit: 3,
        first_window: 10 * 60,
        max_window: 60 * 60,
        forget_after: 60 * 60,
    };

    /// Mail asked for from one client address: twenty, then ten minutes, doubling to an hour.
    pub const MAIL_NETWORK: Self = Self {
        limit: 20,
        first_window: 10 * 60,
        max_window: 60 * 60,
        forget_after: 60 * 60,
    };
}

/// What taking an attempt decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attempt {
    /// Go ahead.
    Allowed,
    /// Refused; the window ends in this many seconds.
    Refused { retry_after: i64 },
}

/// The key for sign-in attempts from `ip` for `email`.
pub fn sign_in_key(ip: &str, email: &str) -> String {
    format!("sign-in:{ip}|{email}")
}

/// The key for sign-in attempts from `ip`, whatever the email.
pub fn sign_in_network_key(ip: &str) -> String {
    format!("sign-in-ip:{ip}")
}

/// The key for password confirmations by a signed-in user.
pub fn confirm_key(user_id: &str) -> String {
    format!("confirm:{user_id}")
}

/// The key for mail sent to `email`.
pub fn mail_key(email: &str) -> String {
    format!("mail:{email}")
}

/// The key for mail asked for from `ip`.
pub fn mail_network_key(ip: &str) -> String {
    format!("mail-ip:{ip}")
}

/// A person-readable wait: "1 minute", "14 minutes".
pub fn describe_wait(seconds: i64) -> String {
    let minutes = (seconds.max(1) + 59) / 60;
    if minutes == 1 {
        "1 minute".to_owned()
    } else {
        format!("{minutes} minutes")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_open_a_window_only_after_their_limit_and_cap_it() {
        for rule in [
            Rule::sign_in(60),
            Rule::sign_in_network(60),
            Rule::sign_in(3_600),
            Rule::MAIL_ADDRESS,
            Rule::MAIL_NETWORK,
        ] {
            assert!(rule.limit >= 1, "{rule:?}");
            assert!(rule.first_window >= 1, "{rule:?}");
            assert!(rule.first_window <= rule.max_window, "{rule:?}");
            assert!(rule.forget_after >= rule.max_window, "{rule:?}");
        }
        assert!(Rule::sign_in_network(60).limit > Rule::sign_in(60).limit);
    }

    #[test]
    fn sign_in_keys_pair_the_address_with_the_email() {
        assert_eq!(
            sign_in_key("203.0.113.9", "tech@msp.example"),
            "sign-in:203.0.113.9|tech@msp.example"
        );
        assert_ne!(
            sign_in_key("203.0.113.9", "tech@msp.example"),
            sign_in_key("198.51.100.7", "tech@msp.example"),
            "another address counts on its own"
        );
        assert_eq!(sign_in_network_key("2001:db8::1"), "sign-in-ip:2001:db8::1");
        assert_eq!(confirm_key("usr_1"), "confirm:usr_1");
        assert_eq!(mail_key("tech@msp.example"), "mail:tech@msp.example");
        assert_eq!(mail_network_key("203.0.113.9"), "mail-ip:203.0.113.9");
    }

    #[test]
    fn waits_round_up_to_minutes() {
        assert_eq!(describe_wait(1), "1 minute");
        assert_eq!(describe_wait(61), "2 minutes");
        assert_eq!(describe_wait(900), "15 minutes");
    }
}
