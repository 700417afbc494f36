//! The per-user and per-organisation limits on tool calls (`src/limits.rs`): a body carrying
//! `tools/call` requests is counted against the caller's user and organisation before any of
//! it is served, and refused whole with 429 when either is over its limit. Other methods
//! (`initialize`, `tools/list`, pings) are not counted: a client starting up with many
//! connectors at once is not what these limits guard against; tool calls reach vendors. A
//! 2026-era request announces its method in `Mcp-Method`, so its limits are asked beside the
//! grant read (`serve`) rather than after the body, keeping the warm call to one round trip.

use super::{rpc_error, Caller};
use crate::http;
use crate::limits::{self, Limiter};
use crate::mcp::{Body, ErrorCode, ErrorObject, Id, Message};
use serde_json::json;
use worker::{Response, Result};

/// The JSON-RPC method counted.
pub(super) const TOOLS_CALL: &str = "tools/call";

/// The 429 answer when the body's tool calls are over the user's or organisation's limit.
pub(super) async fn refusal(caller: &Caller<'_>, body: &Body) -> Result<Option<Response>> {
    let mut calls = body.messages().filter_map(|message| match message {
        Message::Request(request) if request.method == TOOLS_CALL => Some(&request.id),
        _ => None,
    });
    let Some(first) = calls.next().cloned() else {
        return Ok(None);
    };
    let principal = &caller.principal;
    // A call its header announced was counted with the grant read; a 2026-era body holds
    // one message, so nothing of it is left to count.
    let (mut refused, to_count) = match caller.announced_call {
        Some(answer) => (answer, calls.count()),
        None => (None, calls.count() + 1),
    };
    // Every call of a batch counts; the first refusal answers for the whole body.
    for _ in 0..to_count {
        if refused.is_some() {
            break;
        }
        refused =
            limits::refuses_tool_call(caller.env, &principal.user_id, &principal.tenant_id).await;
    }
    refused
        .map(|limiter| rate_limited(Some(first), limiter))
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
