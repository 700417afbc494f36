//! Request rate limits at the door, on Cloudflare's Rate Limiting binding: counted at the edge
//! location with no storage round trip, and shared by every isolate there (an isolate-local
//! map would not be: isolates are many). Two limiters, their limits in `wrangler.toml`:
//! - `AUTH_LIMITER`, per client address: sign-up, sign-in, password reset, client
//!   registration and the token endpoint;
//! - `MCP_LIMITER`, per grant: every request to `/v1/<vendor>`.
//!
//! Over a limit the answer is 429 with `Retry-After` (the limiter's period). A missing or
//! failing binding lets the request through: the limits protect availability, and the
//! sign-in throttle and the vendor's own limits still stand behind them.

use worker::Env;

/// The limiters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limiter {
    /// Account forms and OAuth endpoints that take credentials, per client address.
    Auth,
    /// The MCP endpoint, per grant.
    Mcp,
}

/// The period of both limiters, in seconds (`wrangler.toml`, `simple.period`).
pub const PERIOD_SECONDS: u64 = 60;

impl Limiter {
    fn binding(self) -> &'static str {
        match self {
            Self::Auth => "AUTH_LIMITER",
            Self::Mcp => "MCP_LIMITER",
        }
    }

    fn key(self, subject: &str) -> String {
        match self {
            Self::Auth => format!("ip:{subject}"),
            Self::Mcp => format!("grant:{subject}"),
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
