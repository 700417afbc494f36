//! The per-user and per-organisation limits on tool calls (`src/limits.rs`): a body carrying
//! `tools/call` requests is counted against the caller's user and organisation before any of
//! it is served, and refused whole with 429 when either is over its limit. Other methods
//! (`initialize`, `tools/list`, pings) are not counted: a client starting up with many
//! connectors at once is not what these limits guard against; tool calls reach vendors. On
//! the Streamable HTTP door the body is read and counted beside the grant read (`serve`), so
//! a warm call of either era waits for one round trip; HTTP+SSE messages are counted once
//! their session is checked.

use super::dispatch::TOOLS_CALL;
use super::{rpc_error, Caller};
use crate::http;
use crate::limits::{self, Limiter};
use crate::mcp::{Body, ErrorCode, ErrorObject, Id, Message};
use serde_json::json;
use worker::{Env, Response, Result};

/// A body whose tool calls went over a limit: the id its 429 answers (the body's first tool
/// call) and the limiter that refused.
pub(super) struct Refused {
    first: Id,
    limiter: Limiter,
}

impl Refused {
    /// The 429 answer for the whole body.
    pub(super) fn response(self) -> Result<Response> {
        rate_limited(Some(self.first), self.limiter)
    }
}

/// Counts every tool call of `body` against `user_id`'s and `tenant_id`'s limits; the first
/// refusal, if any, answers for the whole body (the calls after it are not counted).
pub(super) async fn count(
    env: &Env,
    user_id: &str,
    tenant_id: &str,
    body: &Body,
) -> Option<Refused> {
    let mut calls = body.messages().filter_map(|message| match message {
        Message::Request(request) if request.method == TOOLS_CALL => Some(&request.id),
        _ => None,
    });
    let first = calls.next()?.clone();
    for _ in 0..=calls.count() {
        if let Some(limiter) = limits::refuses_tool_call(env, user_id, tenant_id).await {
            return Some(Refused { first, limiter });
        }
    }
    None
}

/// The 429 answer when the body's tool calls are over the caller's limits (`count`).
pub(super) async fn refusal(caller: &Caller<'_>, body: &Body) -> Result<Option<Response>> {
    let principal = &caller.principal;
    count(caller.env, &principal.user_id, &principal.tenant_id, body)
        .await
        .map(Refused::response)
        .transpose()
}

/// 429 with `Retry-After` and a JSON-RPC error saying whose limit it is and how long to wait.
pub(super) fn rate_limited(id: Option<Id>, limiter: Limiter) -> Result<Response> {
    let seconds = limiter.period_seconds();
    let (who, scope) = match limiter {
        Limiter::UserBurst | Limiter::User => ("you made too many tool calls", "user"),
        Limiter::Org => ("your organisation made too many tool calls", "organization"),
        Limiter::Mcp | Limiter::Auth => ("this app sent too many requests", "grant"),
    };
    let (window, wait) = match seconds {
        60 => ("minute".to_owned(), "a minute".to_owned()),
        n => (format!("{n} seconds"), format!("{n} seconds")),
    };
    let message = format!("Rate limited: {who} in the last {window}; try again in {wait}");
    let error = ErrorObject::new(ErrorCode::BadRequest, message)
        .with_data(json!({ "retryAfterSeconds": seconds, "scope": scope }));
    let mut response = rpc_error(429, id, error)?;
    http::set_header(&mut response, "retry-after", &seconds.to_string())?;
    Ok(response)
}
