//! Tool calls answered as an event stream (progress notifications, then the response), and the
//! watchers that report progress and stop a walk the client cancelled.

use super::{call, dispatch, sessions, Caller};
use crate::config::Config;
use crate::db::Db;
use crate::http;
use crate::mcp::utilities::Progress;
use crate::mcp::{ErrorCode, ErrorObject, Id, Response as RpcResponse};
use crate::session::sse_event;
use crate::timing::Timings;
use crate::tools::run::Watcher;
use futures::channel::mpsc;
use futures::StreamExt;
use serde_json::json;
use worker::{Env, Response, Result};

/// An event-stream answer whose events come from `stream`.
pub(super) fn event_stream(
    stream: impl futures::Stream<Item = Vec<u8>> + 'static,
) -> Result<Response> {
    let mut response = Response::from_stream(stream.map(Ok::<Vec<u8>, worker::Error>))?;
    http::set_header(&mut response, "content-type", "text/event-stream")?;
    http::set_header(&mut response, "cache-control", "no-store")?;
    http::set_header(&mut response, "x-accel-buffering", "no")?;
    Ok(response)
}

/// Answers a tool call as an event stream: a progress notification after each page, then the
/// response. The stream drives the call, so a client that closes it cancels the call.
pub(super) fn stream_call(
    caller: &Caller<'_>,
    id: Id,
    prepared: call::Prepared,
    progress: Option<Id>,
) -> Result<Response> {
    let (sender, receiver) = mpsc::unbounded::<Vec<u8>>();
    let env = caller.env.clone();
    let config = caller.config.clone();
    let principal = caller.principal.clone();
    let toolsets = caller.toolsets.clone();
    let started = caller.started;
    let (vendor, catalog, version, session, ip, mount) = (
        caller.vendor,
        caller.catalog,
        caller.version,
        caller.session.clone(),
        caller.ip.clone(),
        caller.mount,
    );
    let work = async move {
        let Ok(db) = Db::from_env(&env) else { return };
        // The answer's headers have gone before the call runs: nothing to time for them.
        let timings = Timings::new(false, 0.0);
        let caller = Caller {
            env: &env,
            config: &config,
            timings: &timings,
            db: &db,
            principal,
            vendor,
            catalog,
            toolsets,
            version,
            session,
            presented: None,
            ip,
            mount,
            started,
        };
        let mut watcher = Streamed {
            inner: Cancellable::new(&caller, &id),
            sender: sender.clone(),
            token: progress,
            pages: 0,
        };
        let executed = match call::execute(&caller, prepared, &mut watcher).await {
            Ok(executed) => executed,
            Err(error) => {
                let response = RpcResponse::error(
                    Some(id),
                    ErrorObject::new(ErrorCode::InternalError, "Internal error"),
                );
                worker::console_error!(
                    "{}",
                    json!({ "event": "tool_call_failed", "error": error.to_string() })
                );
                let _ = sender.unbounded_send(sse_event(
                    "message",
                    &serde_json::to_vec(&response).unwrap_or_default(),
                ));
                return;
            }
        };
        if let Some(result) = executed.result {
            let response = RpcResponse::success(id, dispatch::decorate(&caller, result));
            let _ = sender.unbounded_send(sse_event(
                "message",
                &serde_json::to_vec(&response).unwrap_or_default(),
            ));
        }
        let _ = db.batch(executed.records).await;
    };
    let merged = futures::stream::select(
        receiver.map(Some),
        futures::stream::once(work).map(|()| None),
    )
    .filter_map(futures::future::ready);
    event_stream(merged)
}

/// A watcher that stops a walk when a legacy client cancelled the request.
pub(super) struct Cancellable<'a> {
    env: &'a Env,
    config: &'a Config,
    session: Option<String>,
    request_id: String,
}

impl<'a> Cancellable<'a> {
    pub(super) fn new(caller: &Caller<'a>, id: &Id) -> Self {
        Self {
            env: caller.env,
            config: caller.config,
            session: caller.session.clone(),
            request_id: id.to_value().to_string(),
        }
    }
}

impl Watcher for Cancellable<'_> {
    async fn page(&mut self, _kept: usize, _total: Option<u64>) -> bool {
        match &self.session {
            Some(session) => {
                !sessions::cancelled(self.env, self.config, session, self.request_id.clone())
                    .await
                    .unwrap_or(false)
            }
            None => true,
        }
    }
}

/// A watcher that also reports progress on the event stream.
struct Streamed<'a> {
    inner: Cancellable<'a>,
    sender: mpsc::UnboundedSender<Vec<u8>>,
    token: Option<Id>,
    pages: u32,
}

impl Watcher for Streamed<'_> {
    async fn page(&mut self, kept: usize, total: Option<u64>) -> bool {
        self.pages += 1;
        if let Some(token) = &self.token {
            let message = match total {
                Some(total) => format!("{kept} of {total} records after {} pages", self.pages),
                None => format!("{kept} records after {} pages", self.pages),
            };
            let notification = Progress {
                token: token.clone(),
                progress: f64::from(self.pages),
                total: None,
                message: Some(message),
            }
            .to_notification();
            let frame = sse_event(
                "message",
                &serde_json::to_vec(&notification).unwrap_or_default(),
            );
            if self.sender.unbounded_send(frame).is_err() {
                return false;
            }
        }
        self.inner.page(kept, total).await
    }
}
