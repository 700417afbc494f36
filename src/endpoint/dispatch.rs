//! Method dispatch for one JSON-RPC message, in the era and version the transport settled:
//! `initialize` (legacy), `server/discover` (modern), `ping` (legacy), `tools/list`,
//! `tools/call`, and the client's notifications. Results are shaped per era: modern ones carry
//! `resultType`, the server's identity in `_meta` and cache hints.

use super::call::{self, Preparation, Prepared};
use super::Caller;
use crate::health::VERSION;
use crate::mcp::era::{DISCOVER, INITIALIZE};
use crate::mcp::utilities::{pong, Cancellation, PING};
use crate::mcp::version::{negotiate_initialize, Era, Version};
use crate::mcp::{ErrorCode, ErrorObject, Id, Message, Request, Response};
use crate::oauth::resource::Denial;
use crate::tools;
use serde_json::{json, Value};
use worker::Result;

/// `tools/list`.
pub const TOOLS_LIST: &str = "tools/list";
/// `tools/call`.
pub const TOOLS_CALL: &str = "tools/call";
/// How long clients may cache the tool list and discovery, in milliseconds.
const LIST_TTL_MS: u64 = 5 * 60 * 1000;

/// What to do about one message.
pub enum Reply {
    /// Send this response.
    Message(Response),
    /// Send nothing (a notification, a posted response).
    Nothing,
    /// Refuse the HTTP request: the grant lacks a scope (403 step-up).
    Denied(Denial),
    /// Send this response, then write these records after the answer (a call a kill switch
    /// held back: its audit event and usage counters).
    Recorded {
        response: Response,
        records: Vec<crate::db::Statement>,
    },
    /// Run this tool call; the transport decides how to answer.
    Call {
        id: Id,
        prepared: Box<Prepared>,
        progress: Option<Id>,
    },
}

/// A notification the transport must act on.
pub enum Notice {
    /// `notifications/cancelled`.
    Cancel(Cancellation),
    /// Anything else: nothing to do.
    Ignore,
}

/// Reads a client notification.
pub fn notice(message: &Message) -> Notice {
    Cancellation::from_message(message).map_or(Notice::Ignore, Notice::Cancel)
}

/// Handles one request.
pub async fn request(caller: &Caller<'_>, request: &Request, message: &Message) -> Result<Reply> {
    let era = caller.version.era();
    let id = request.id.clone();
    let answer = |result: Value| {
        Ok(Reply::Message(Response::success(
            id.clone(),
            decorate(caller, result),
        )))
    };
    match (request.method.as_str(), era) {
        (DISCOVER, Era::Modern) => answer(discover(caller)),
        (INITIALIZE, Era::Legacy) => match negotiate_initialize(request) {
            Ok(version) => Ok(Reply::Message(Response::success(
                id,
                initialize(caller, version),
            ))),
            Err(error) => Ok(Reply::Message(Response::error(
                Some(id),
                error.to_error_object(),
            ))),
        },
        (PING, Era::Legacy) => Ok(Reply::Message(pong(id))),
        (TOOLS_LIST, _) => {
            let cursor = request.params.as_ref().and_then(|p| p.get("cursor"));
            let cursor = match cursor {
                None | Some(Value::Null) => None,
                Some(Value::String(cursor)) => Some(cursor.as_str()),
                Some(_) => return Ok(invalid(id, "Invalid params: cursor must be a string")),
            };
            // The list is the same for everyone who asks with the same URL, unless the
            // connection's own toolsets choose it.
            let mut scope = "public";
            let page = match caller.catalog {
                Some(catalog) => {
                    let connection = match caller.toolsets {
                        Some(_) => None,
                        None => call::connection(caller),
                    };
                    if connection.is_some_and(|c| c.toolsets.is_some()) {
                        scope = "private";
                    }
                    let selection = caller.selection(connection);
                    tools::list_page(catalog, &selection, cursor, tools::LIST_PAGE_SIZE)
                }
                None if cursor.is_none() => Ok((Vec::new(), None)),
                None => Err(tools::BadCursor(cursor.unwrap_or_default().to_owned())),
            };
            match page {
                Ok((tools, next)) => {
                    let mut result = json!({ "tools": tools });
                    if let Some(next) = next {
                        result["nextCursor"] = json!(next);
                    }
                    answer(cacheable(caller, result, scope))
                }
                Err(error) => Ok(invalid(id, &format!("Invalid params: {error}"))),
            }
        }
        (TOOLS_CALL, _) => {
            let progress = match crate::mcp::utilities::progress_token(message) {
                Ok(progress) => progress,
                Err(error) => return Ok(Reply::Message(Response::error(Some(id), error))),
            };
            Ok(
                match call::prepare(caller, request.params.as_ref()).await? {
                    Preparation::Ready(prepared) => Reply::Call {
                        id,
                        prepared,
                        progress,
                    },
                    Preparation::Answered(result) => {
                        Reply::Message(Response::success(id, decorate(caller, result)))
                    }
                    Preparation::Held(held) => Reply::Recorded {
                        response: Response::success(id, decorate(caller, held.result)),
                        records: held.records,
                    },
                    Preparation::Refused(error) => Reply::Message(Response::error(Some(id), error)),
                    Preparation::Denied(denial) => Reply::Denied(denial),
                },
            )
        }
        (method, _) => Ok(Reply::Message(Response::error(
            Some(id),
            ErrorObject::new(
                ErrorCode::MethodNotFound,
                format!("Method not found: {method}"),
            )
            .with_data(json!({ "method": method })),
        ))),
    }
}

fn invalid(id: Id, message: &str) -> Reply {
    Reply::Message(Response::error(
        Some(id),
        ErrorObject::new(ErrorCode::InvalidParams, message),
    ))
}

/// A result in the caller's era: modern results say they are complete and who answered.
pub fn decorate(caller: &Caller<'_>, mut result: Value) -> Value {
    if caller.version.era() == Era::Modern {
        if let Value::Object(object) = &mut result {
            object.insert("resultType".into(), json!("complete"));
            object.insert(
                "_meta".into(),
                json!({ "io.modelcontextprotocol/serverInfo": server_info(caller) }),
            );
        }
    }
    result
}

/// Adds the 2026-07-28 cache hints: `public` when the answer depends on the URL alone.
fn cacheable(caller: &Caller<'_>, mut result: Value, scope: &str) -> Value {
    if caller.version.era() == Era::Modern {
        result["ttlMs"] = json!(LIST_TTL_MS);
        result["cacheScope"] = json!(scope);
    }
    result
}

fn server_info(caller: &Caller<'_>) -> Value {
    json!({
        "name": "mcp-gateway",
        "title": format!("MCP Gateway: {}", caller.vendor.name),
        "version": VERSION,
    })
}

fn instructions(caller: &Caller<'_>) -> String {
    format!(
        "Tools for {name} ({category}), called with the user's own {name} connection. Listing tools take `limit` and say when more records exist. Tools that change data at {name} need the user's explicit permission. Vendor errors come back as tool errors with the vendor's reason; after a refusal of the stored keys the user must reconnect at {connect}.",
        name = caller.vendor.name,
        category = caller.vendor.category,
        connect = caller.connect_url(),
    )
}

/// The `server/discover` result.
fn discover(caller: &Caller<'_>) -> Value {
    // The same list as -32022's `data.supported`: every version served on this URL.
    let supported: Vec<&str> = Version::ALL.into_iter().map(Version::as_str).collect();
    json!({
        "supportedVersions": supported,
        "capabilities": { "tools": {} },
        "instructions": instructions(caller),
        "ttlMs": LIST_TTL_MS,
        "cacheScope": "public",
    })
}

/// The `initialize` result for the negotiated legacy version.
fn initialize(caller: &Caller<'_>, version: Version) -> Value {
    json!({
        "protocolVersion": version.as_str(),
        "capabilities": { "tools": { "listChanged": false } },
        "serverInfo": server_info(caller),
        "instructions": instructions(caller),
    })
}
