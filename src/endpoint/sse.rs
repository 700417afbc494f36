//! The HTTP+SSE transport (2024-11-05): `GET /v1/<vendor>/sse` opens a session whose event
//! stream the session object holds; `POST /v1/<vendor>/messages?sessionId=` is served here like
//! a legacy request, and its answer goes out on that stream.

use super::stream::event_stream;
use super::{
    checks, dispatch, json_answer, one_legacy, read_body, record_later, rpc_error, run_call,
    session_not_found, sessions, tool_limits, unsupported_media_type, Caller, Reply,
};
use crate::mcp::version::Version;
use crate::mcp::{Body, ErrorCode, ErrorObject, Message};
use crate::oauth::resource;
use crate::session::Record;
use futures::StreamExt;
use worker::{Context, Request, Response, Result};

/// `GET /v1/<vendor>/sse`: opens an HTTP+SSE (2024-11-05) session whose first event names
/// the URL to post messages to.
pub(super) async fn open(caller: &Caller<'_>) -> Result<Response> {
    let id = sessions::new_id();
    let record = Record {
        owner: caller.owner(),
        version: Version::V2024_11_05.as_str().to_owned(),
        last_seen: 0,
    };
    let mut endpoint = format!("/v1/{}/messages?sessionId={id}", caller.vendor.id);
    // The messages URL keeps the toolsets the client asked for on the SSE URL.
    if let Some(stored) = caller.toolsets.as_ref().and_then(|s| s.stored()) {
        endpoint =
            crate::vendors::kit::request::with_query(&endpoint, &[("toolsets", Some(&stored))]);
    }
    let mut upstream =
        sessions::open_stream(caller.env, caller.config, &id, record, endpoint).await?;
    // The object's response has immutable headers; re-wrap its body in one of ours.
    event_stream(upstream.stream()?.map(|chunk| chunk.unwrap_or_default()))
}

/// `POST /v1/<vendor>/messages?sessionId=…`: the answer goes out on the session's stream.
pub(super) async fn message(
    mut req: Request,
    ctx: &Context,
    mut caller: Caller<'_>,
) -> Result<Response> {
    let url = req.url()?;
    let Some(session) = url
        .query_pairs()
        .find(|(k, _)| k == "sessionId")
        .map(|(_, v)| v.into_owned())
    else {
        return rpc_error(
            400,
            None,
            ErrorObject::new(
                ErrorCode::BadRequest,
                "Bad Request: the sessionId query parameter is required",
            ),
        );
    };
    let Some(record) =
        sessions::check(caller.env, caller.config, &session, &caller.owner()).await?
    else {
        return session_not_found(None);
    };
    if !checks::is_json(req.headers().get("content-type")?.as_deref()) {
        return unsupported_media_type();
    }
    let body = match read_body(&mut req).await? {
        Ok(body) => body,
        Err(response) => return Ok(response),
    };
    if let Some(refusal) = tool_limits::refusal(&caller, &body).await? {
        return Ok(refusal);
    }
    caller.version = Version::parse(&record.version).unwrap_or(Version::V2024_11_05);
    caller.session = Some(session.clone());
    let Body::Single(message) = body else {
        return json_answer(400, &crate::mcp::BodyError::BatchNotAllowed.to_response());
    };
    let reply = match &message {
        // initialize on this transport only negotiates: the session already exists.
        Message::Request(request) => dispatch::request(&caller, request, &message).await?,
        other => one_legacy(&caller, other).await?,
    };
    let response = match reply {
        Reply::Message(response) => Some(response),
        Reply::Nothing => None,
        Reply::Denied(denial) => {
            return resource::deny(caller.config, caller.vendor, caller.mount, &denial)
        }
        Reply::Call { id, prepared, .. } => run_call(ctx, &caller, id, *prepared).await?,
        Reply::Recorded { response, records } => {
            record_later(ctx, &caller, records);
            Some(response)
        }
    };
    if let Some(response) = response {
        if !sessions::push(caller.env, caller.config, &session, &response).await? {
            return session_not_found(None);
        }
    }
    Ok(Response::ok("Accepted")?.with_status(202))
}
