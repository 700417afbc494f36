//! The `McpSession` Durable Object and access to its namespace.
//!
//! One object per legacy-era MCP session, named by the session id (32 random bytes, hex). It
//! holds, in its own storage, who the session belongs to (tenant, user, OAuth client, vendor)
//! and the negotiated protocol version, so a session survives a restart of the runtime and is
//! refused to anyone else. An alarm ends it after [`IDLE_MS`] without a request.
//!
//! For the 2024-11-05 HTTP+SSE transport the object also holds the open event stream: the
//! Worker posts each answer here and the object writes it to the stream, with keep-alive
//! comments in between. The tool calls themselves run in the Worker, not here.
//!
//! The Worker talks to the object with internal requests (see `endpoint/sessions.rs`):
//! `POST /open`, `POST /check`, `POST /end`, `POST /cancel`, `POST /cancelled`,
//! `POST /stream`, `POST /push`, and `GET /ping` for the readiness probe.

use futures::channel::mpsc::{unbounded, UnboundedSender};
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::time::Duration;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use worker::{
    durable_object, DurableObject, Env, Method, ObjectNamespace, Request, RequestInit, Response,
    Result, State, Stub,
};

/// The binding name of the session namespace in `wrangler.toml`.
pub const BINDING: &str = "MCP_SESSIONS";
/// A session ends after this long without a request, in milliseconds.
pub const IDLE_MS: i64 = 60 * 60 * 1000;
/// How often an open event stream gets a keep-alive comment.
const KEEP_ALIVE: Duration = Duration::from_secs(15);
/// How many cancelled request ids a session remembers.
const CANCELLED_KEPT: usize = 64;

#[wasm_bindgen]
extern "C" {
    /// The part of the JavaScript `DurableObjectNamespace` API that workers-rs does not wrap.
    type JurisdictionCapable;

    /// `DurableObjectNamespace.jurisdiction(name)`: a namespace whose objects — including
    /// named ones from `idFromName`/`getByName` — are created and stored in that jurisdiction.
    #[wasm_bindgen(method, catch)]
    fn jurisdiction(
        this: &JurisdictionCapable,
        name: &str,
    ) -> std::result::Result<JsValue, JsValue>;
}

/// The session namespace, restricted to `jurisdiction` when one is configured.
///
/// workers-rs only offers `unique_id_with_jurisdiction`, which cannot address objects by name,
/// so this calls the runtime's `jurisdiction()` method directly and wraps the namespace it
/// returns.
pub fn namespace(env: &Env, jurisdiction: Option<&str>) -> Result<ObjectNamespace> {
    namespace_of(env, BINDING, jurisdiction)
}

/// The Durable Object namespace bound as `binding`, restricted to `jurisdiction` when one is
/// configured (every object class of the gateway is created where its data must stay).
pub fn namespace_of(
    env: &Env,
    binding: &str,
    jurisdiction: Option<&str>,
) -> Result<ObjectNamespace> {
    let namespace = env.durable_object(binding)?;
    let Some(jurisdiction) = jurisdiction else {
        return Ok(namespace);
    };
    let raw: &JsValue = namespace.as_ref();
    let scoped = raw
        .unchecked_ref::<JurisdictionCapable>()
        .jurisdiction(jurisdiction)
        .map_err(worker::Error::from)?;
    Ok(ObjectNamespace::unchecked_from_js(scoped))
}

/// POSTs `body` as JSON to `path` of the object behind `stub`: the internal requests the
/// Worker sends its Durable Objects (this one, and the governor's `VendorBudget`), which
/// route on the path alone.
pub async fn post_to_object(stub: &Stub, path: &str, body: &impl Serialize) -> Result<Response> {
    let mut init = RequestInit::new();
    init.with_method(Method::Post)
        .with_body(Some(JsValue::from_str(&serde_json::to_string(body)?)));
    let request = Request::new_with_init(&format!("https://object.internal{path}"), &init)?;
    stub.fetch_with_request(request).await
}

/// Who a session belongs to; every request on it must come from the same.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Owner {
    pub tenant_id: String,
    pub user_id: String,
    pub client_id: String,
    pub vendor: String,
}

/// What a session's storage holds.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Record {
    pub owner: Owner,
    /// The negotiated protocol version.
    pub version: String,
    /// Milliseconds since the epoch of the last request.
    pub last_seen: i64,
}

/// `POST /check` and `/end`: the owner presenting the session.
#[derive(Debug, Serialize, Deserialize)]
pub struct Presented {
    pub owner: Owner,
}

/// `POST /cancel` and `/cancelled`: a request id, as its JSON text.
#[derive(Debug, Serialize, Deserialize)]
pub struct RequestRef {
    pub request_id: String,
}

/// `POST /stream`: the session to open with its stream, and the `endpoint` event's data.
#[derive(Debug, Serialize, Deserialize)]
pub struct StreamOpen {
    pub record: Record,
    pub endpoint: String,
}

const RECORD: &str = "record";

/// One MCP session (legacy protocol era) and, for HTTP+SSE, its event stream.
#[durable_object]
pub struct McpSession {
    state: State,
    /// The open event stream of an HTTP+SSE session.
    stream: RefCell<Option<UnboundedSender<Vec<u8>>>>,
    /// Request ids the client cancelled, newest last.
    cancelled: RefCell<Vec<String>>,
}

impl DurableObject for McpSession {
    fn new(state: State, _env: Env) -> Self {
        Self {
            state,
            stream: RefCell::new(None),
            cancelled: RefCell::new(Vec::new()),
        }
    }

    async fn fetch(&self, mut req: Request) -> Result<Response> {
        let now = js_sys::Date::now() as i64;
        match req.path().as_str() {
            "/ping" => {
                // A storage round trip proves the SQLite-backed class is provisioned.
                let storage = self.state.storage();
                let pings: u64 = storage.get("pings").await?.unwrap_or(0);
                storage.put("pings", pings + 1).await?;
                Response::from_json(&serde_json::json!({ "ok": true, "pings": pings + 1 }))
            }
            "/open" => {
                let mut record: Record = req.json().await?;
                record.last_seen = now;
                self.save(&record).await?;
                Response::empty().map(|r| r.with_status(201))
            }
            "/check" => {
                let presented: Presented = req.json().await?;
                match self.owned_record(&presented.owner, now).await? {
                    Ok(mut record) => {
                        // Storage and the alarm move at most once a minute.
                        if now - record.last_seen > 60_000 {
                            record.last_seen = now;
                            self.save(&record).await?;
                        }
                        Response::from_json(&record)
                    }
                    Err(status) => Response::empty().map(|r| r.with_status(status)),
                }
            }
            "/end" => {
                let presented: Presented = req.json().await?;
                match self.owned_record(&presented.owner, now).await? {
                    Ok(_) => {
                        self.end().await?;
                        Response::empty().map(|r| r.with_status(204))
                    }
                    Err(status) => Response::empty().map(|r| r.with_status(status)),
                }
            }
            "/cancel" => {
                let cancel: RequestRef = req.json().await?;
                let mut cancelled = self.cancelled.borrow_mut();
                cancelled.push(cancel.request_id);
                let excess = cancelled.len().saturating_sub(CANCELLED_KEPT);
                cancelled.drain(..excess);
                Response::empty().map(|r| r.with_status(204))
            }
            "/cancelled" => {
                let asked: RequestRef = req.json().await?;
                let cancelled = self.cancelled.borrow().contains(&asked.request_id);
                Response::from_json(&serde_json::json!({ "cancelled": cancelled }))
            }
            "/stream" => {
                let open: StreamOpen = req.json().await?;
                let mut record = open.record;
                record.last_seen = now;
                self.save(&record).await?;
                self.open_stream(&open.endpoint)
            }
            "/push" => {
                let message = req.bytes().await?;
                let sent = self.stream.borrow().as_ref().is_some_and(|stream| {
                    stream
                        .unbounded_send(sse_event("message", &message))
                        .is_ok()
                });
                if sent {
                    Response::empty().map(|r| r.with_status(202))
                } else {
                    *self.stream.borrow_mut() = None;
                    Response::empty().map(|r| r.with_status(404))
                }
            }
            _ => Response::error("no such session operation", 404),
        }
    }

    async fn alarm(&self) -> Result<Response> {
        let now = js_sys::Date::now() as i64;
        let storage = self.state.storage();
        let record: Option<Record> = storage.get(RECORD).await?;
        let streaming = self
            .stream
            .borrow()
            .as_ref()
            .is_some_and(|stream| !stream.is_closed());
        match record {
            Some(record) if streaming || now - record.last_seen < IDLE_MS => {
                storage.set_alarm(now + IDLE_MS).await?;
            }
            _ => self.end().await?,
        }
        Response::empty()
    }
}

impl McpSession {
    async fn save(&self, record: &Record) -> Result<()> {
        let storage = self.state.storage();
        storage.put(RECORD, record).await?;
        storage.set_alarm(record.last_seen + IDLE_MS).await
    }

    /// The record if it exists, is not idle past its end, and belongs to `owner`; else the
    /// status to answer: 404 for none (or another owner's: a session id proves nothing).
    async fn owned_record(
        &self,
        owner: &Owner,
        now: i64,
    ) -> Result<std::result::Result<Record, u16>> {
        let record: Option<Record> = self.state.storage().get(RECORD).await?;
        Ok(match record {
            Some(record) if record.owner == *owner && now - record.last_seen < IDLE_MS => {
                Ok(record)
            }
            _ => Err(404),
        })
    }

    async fn end(&self) -> Result<()> {
        if let Some(stream) = self.stream.borrow_mut().take() {
            stream.close_channel();
        }
        self.cancelled.borrow_mut().clear();
        let storage = self.state.storage();
        storage.delete_alarm().await?;
        storage.delete_all().await
    }

    /// Opens the HTTP+SSE stream: the `endpoint` event first, then whatever is pushed, with a
    /// keep-alive comment every [`KEEP_ALIVE`] until the client goes away.
    fn open_stream(&self, endpoint: &str) -> Result<Response> {
        let (sender, receiver) = unbounded::<Vec<u8>>();
        sender
            .unbounded_send(sse_event("endpoint", endpoint.as_bytes()))
            .map_err(|_| worker::Error::RustError("stream closed at once".into()))?;
        if let Some(previous) = self.stream.borrow_mut().replace(sender.clone()) {
            previous.close_channel();
        }
        wasm_bindgen_futures::spawn_local(async move {
            loop {
                worker::Delay::from(KEEP_ALIVE).await;
                if sender.unbounded_send(b": keep-alive\n\n".to_vec()).is_err() {
                    break;
                }
            }
        });
        let body = futures::StreamExt::map(receiver, Ok::<Vec<u8>, worker::Error>);
        let mut response = Response::from_stream(body)?;
        let headers = response.headers_mut();
        headers.set("content-type", "text/event-stream")?;
        headers.set("cache-control", "no-store")?;
        headers.set("x-accel-buffering", "no")?;
        Ok(response)
    }
}

/// One SSE event: `event: <name>` and the data, one `data:` line per line.
pub fn sse_event(name: &str, data: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(data);
    let mut event = format!("event: {name}\n");
    for line in text.split('\n') {
        event.push_str("data: ");
        event.push_str(line.trim_end_matches('\r'));
        event.push('\n');
    }
    event.push('\n');
    event.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_frame_each_line() {
        assert_eq!(
            sse_event("endpoint", b"/v1/x/messages?sessionId=ab"),
            b"event: endpoint\ndata: /v1/x/messages?sessionId=ab\n\n".to_vec()
        );
        assert_eq!(
            sse_event("message", b"{\"a\":1}\r\n{\"b\":2}"),
            b"event: message\ndata: {\"a\":1}\ndata: {\"b\":2}\n\n".to_vec()
        );
    }
}
