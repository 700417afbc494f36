//! Request rate limits at the door, on Cloudflare's Rate Limiting binding: counted at the edge
//! location with no storage round trip, and shared by every isolate there (an isolate-local
//! map would not be: isolates are many). The limiters, their limits in `wrangler.toml`:
//! - `AUTH_LIMITER`, per client address: sign-up, sign-in, password reset, client
//!   registration and the token endpoint;
//! - `MCP_LIMITER`, per grant: every request to `/v1/<vendor>`;
//! - `USER_BURST_LIMITER` and `USER_LIMITER`, per user across all of the user's grants and
//!   tokens: tool calls, a burst over 10 seconds and a sustained rate over a minute;
//! - `ORG_LIMITER`, per organisation: tool calls of all its users over a minute.
//!
//! An operator sets each limit in the binding's own `[[ratelimits]]` entry (`simple = { limit,
//! period }`, a period of 10 or 60 seconds); the binding takes no other configuration, and a
//! second mechanism beside it would count the same calls twice.
//!
//! Over a limit the answer is 429 with `Retry-After` (the limiter's period). A missing or
//! failing binding lets the request through: the limits protect availability, and the
//! sign-in throttle, the vendor budgets and the vendor's own limits still stand behind them.

use worker::Env;

/// The limiters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limiter {
    /// Account forms and OAuth endpoints that take credentials, per client address.
    Auth,
    /// The MCP endpoint, per grant.
    Mcp,
    /// Tool calls of one user in a burst (10 s).
    UserBurst,
    /// Tool calls of one user, sustained (60 s).
    User,
    /// Tool calls of one organisation (60 s).
    Org,
}

/// The period of the per-address and per-grant limiters, in seconds (`wrangler.toml`,
/// `simple.period`).
pub const PERIOD_SECONDS: u64 = 60;

impl Limiter {
    fn binding(self) -> &'static str {
        match self {
            Self::Auth => "AUTH_LIMITER",
            Self::Mcp => "MCP_LIMITER",
            Self::UserBurst => "USER_BURST_LIMITER",
            Self::User => "USER_LIMITER",
            Self::Org => "ORG_LIMITER",
        }
    }

    fn key(self, subject: &str) -> String {
        match self {
            Self::Auth => format!("ip:{subject}"),
            Self::Mcp => format!("grant:{subject}"),
            Self::UserBurst | Self::User => format!("user:{subject}"),
            Self::Org => format!("org:{subject}"),
        }
    }

    /// The limiter's counting period in seconds, which a refused caller waits at most.
    pub fn period_seconds(self) -> u64 {
        match self {
            Self::UserBurst => 10,
            Self::Auth | Self::Mcp | Self::User | Self::Org => PERIOD_SECONDS,
        }
    }
}

/// Whether one more request of `subject` (a client address, a grant id) is within the limit.
pub async fn allows(env: &Env, limiter: Limiter, subject: &str) -> bool {
    let Ok(binding) = env.rate_limiter(limiter.binding()) else {
        return true;
    };
    match binding.limit(limiter.key(subject)).await {
        Ok(outcome) => outcome.success,
        Err(_) => true,
    }
}

/// Counts one tool call of `user_id` in `tenant_id` against the user's and the
/// organisation's limiters, all asked at once; the first that refuses it, if any (the
/// longest wait first, so a retry after it is not refused by another).
pub async fn refuses_tool_call(env: &Env, user_id: &str, tenant_id: &str) -> Option<Limiter> {
    let asked = [
        (Limiter::Org, tenant_id),
        (Limiter::User, user_id),
        (Limiter::UserBurst, user_id),
    ];
    let answers = futures::future::join_all(
        asked
            .iter()
            .map(|(limiter, subject)| allows(env, *limiter, subject)),
    )
    .await;
    asked
        .iter()
        .zip(answers)
        .find(|(_, allowed)| !allowed)
        .map(|((limiter, _), _)| *limiter)
}
