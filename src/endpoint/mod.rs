//! The MCP endpoint, `/v1/<vendor>`: both protocol eras on one URL, plus the 2024-11-05
//! HTTP+SSE transport at `/v1/<vendor>/sse` and `/v1/<vendor>/messages`.
//!
//! A POST goes through, in order (each failure gets the status the spec asks for):
//! 1. `Origin` (403), then the bearer token (401, `WWW-Authenticate`);
//! 2. `Content-Type` (415), `Accept` (406), size (413), JSON and JSON-RPC (400: `-32700`,
//!    `-32600`), see [`crate::mcp`];
//! 3. the era ([`crate::mcp::classify`]): **modern** requests are served statelessly after
//!    their `_meta` (400 `-32602`/`-32022`) and `Mcp-Method`/`Mcp-Name` headers (400 `-32020`)
//!    are checked; an unknown method is 404 `-32601`. **Legacy** requests open a session with
//!    `initialize` (`Mcp-Session-Id`, held by the session Durable Object) and present it after
//!    (400 without it, 404 for an unknown or expired one, 400 for a wrong
//!    `MCP-Protocol-Version`);
//! 4. dispatch ([`dispatch`]); a `tools/call` runs through [`call`], answered as JSON, or as
//!    an event stream with progress when the client asked for progress on a tool that walks
//!    pages.
//!
//! Legacy `GET` (a standalone server stream) is 405: the gateway sends nothing unprompted.

pub mod call;
pub mod checks;
pub mod dispatch;
pub mod last_used;
pub mod sessions;
mod sse;
mod stream;
mod tool_limits;

use crate::body;
use crate::config::Config;
use crate::db::{Db, Statement};
use crate::http;
use crate::limits::{self, Limiter};
use crate::mcp::headers::{check_method_and_name, check_version_header, RequestHeaders};
use crate::mcp::version::{legacy_version, read_request_meta, Era, Version};
use crate::mcp::{
    classify, jsonrpc, parse_body, Body, ErrorCode, ErrorObject, Id, Message,
    Response as RpcResponse,
};
use crate::oauth::metadata::Mount;
use crate::oauth::resource::{self, Principal};
use crate::session::{sse_event, Owner, Record};
use crate::timing::{Phase, Timings};
use crate::tools::{Catalog, Selection};
use crate::vault::connections::Connection;
use crate::vendors::Vendor;
use checks::Accepts;
use dispatch::{Notice, Reply};
use serde_json::json;
use stream::{event_stream, stream_call, Cancellable};
use worker::{Context, Env, Request, Response, Result};

/// Headers a browser-based client may send and read cross-origin.
const ALLOW_HEADERS: &str =
    "authorization, content-type, accept, mcp-protocol-version, mcp-session-id, mcp-method, mcp-name, last-event-id";
const EXPOSE_HEADERS: &str = "mcp-session-id, mcp-protocol-version, www-authenticate";

/// Everything a request's handling needs to know about who is calling what.
pub struct Caller<'a> {
    pub env: &'a Env,
    pub config: &'a Config,
    /// Where the request's time goes (`Server-Timing`).
    pub timings: &'a Timings,
    pub db: &'a Db,
    pub principal: Principal,
    pub vendor: &'static Vendor,
    pub catalog: Option<&'static Catalog>,
    /// The toolsets the MCP URL asked for (`?toolsets=`); `None` leaves the choice to the
    /// connection's settings, then the vendor's defaults.
    pub toolsets: Option<Selection>,
    /// The protocol version the request is served in.
    pub version: Version,
    /// The legacy session, if any.
    pub session: Option<String>,
    /// The legacy session presented with the request, as its Durable Object answered when
    /// the request arrived.
    presented: Option<PresentedSession>,
    pub ip: String,
    /// The URL the request came to, for `WWW-Authenticate` challenges.
    pub mount: Mount,
    /// When the request reached the endpoint (Workers clock, ms), for the usage counters'
    /// gateway time.
    pub started: f64,
}

impl Caller<'_> {
    /// The toolsets this request may use: the URL's, else the connection's, else the defaults.
    pub fn selection(&self, connection: Option<&Connection>) -> Selection {
        if let Some(selection) = &self.toolsets {
            return selection.clone();
        }
        let stored = connection.and_then(|c| c.toolsets.as_deref());
        match (stored, self.catalog) {
            (Some(stored), Some(catalog)) => {
                Selection::parse(stored, catalog).unwrap_or(Selection::Default)
            }
            _ => Selection::Default,
        }
    }

    /// Where the user (re)connects this vendor.
    pub fn connect_url(&self) -> String {
        format!(
            "{}/settings/vendors/{}/connect",
            self.config.origin(),
            self.vendor.id
        )
    }

    fn owner(&self) -> Owner {
        owner(&self.principal)
    }

    /// The record of session `id` if it is live and the caller's: the answer fetched with
    /// the grant when this is the presented session, else asked now.
    async fn session_record(&self, id: &str) -> Result<Option<Record>> {
        match &self.presented {
            Some(presented) if presented.id == id => Ok(presented.record.clone()),
            _ => sessions::check(self.env, self.config, id, &self.owner()).await,
        }
    }
}

/// A legacy session id presented with a request, and what its Durable Object said of it.
struct PresentedSession {
    id: String,
    record: Option<Record>,
}

fn owner(principal: &Principal) -> Owner {
    Owner {
        tenant_id: principal.tenant_id.clone(),
        user_id: principal.user_id.clone(),
        client_id: principal.client_id.clone(),
        vendor: principal.vendor.id.to_owned(),
    }
}

/// Which MCP URL a request came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Door {
    /// `/v1/<vendor>` or `/<vendor>/mcp`: Streamable HTTP, both eras.
    Streamable(Mount),
    /// `GET /v1/<vendor>/sse`: opens an HTTP+SSE session.
    SseOpen,
    /// `POST /v1/<vendor>/messages?sessionId=…`: a message for an HTTP+SSE session.
    SseMessage,
}

impl Door {
    /// The mount whose resource metadata a challenge points at.
    fn mount(self) -> Mount {
        match self {
            Self::Streamable(mount) => mount,
            Self::SseOpen | Self::SseMessage => Mount::V1,
        }
    }
}

/// Serves one request to an MCP URL.
#[allow(clippy::too_many_arguments)]
pub async fn serve(
    mut req: Request,
    env: &Env,
    ctx: &Context,
    config: &Config,
    timings: &Timings,
    db: &Db,
    vendor: &'static Vendor,
    door: Door,
) -> Result<Response> {
    let started = js_sys::Date::now();
    let origin = req.headers().get("origin")?;
    if !checks::origin_allowed(
        origin.as_deref(),
        config.origin(),
        &config.mcp_allowed_origins,
    ) {
        let response = rpc_error(
            403,
            None,
            ErrorObject::new(
                ErrorCode::InvalidRequest,
                "Forbidden: this Origin may not call the MCP endpoint",
            ),
        )?;
        return Ok(response);
    }
    let claims = match resource::verify(&req, config, vendor)? {
        Ok(claims) => claims,
        Err(denial) => {
            return cors(
                resource::deny(config, vendor, door.mount(), &denial)?,
                origin.as_deref(),
            )
        }
    };
    // What the request needs from storage is asked at once, so a warm call of either era
    // waits for one round trip: the grant with its connection (D1), the per-grant limit (the
    // Rate Limiting binding), a POST's body with its tool calls counted against the per-user
    // and per-organisation limits, and, when a legacy session is presented, its Durable
    // Object. The body is used only once the grant admits the request; one refused for its
    // Content-Type or Accept header is neither read nor counted.
    let streamable_post =
        matches!(door, Door::Streamable(_)) && req.method() == worker::Method::Post;
    let presented = match streamable_post {
        true => req.headers().get("mcp-session-id")?,
        false => None,
    };
    let owner = Owner {
        tenant_id: claims.tid.clone(),
        user_id: claims.sub.clone(),
        client_id: claims.client_id.clone(),
        vendor: vendor.id.to_owned(),
    };
    let grant_id = claims.gid.clone();
    let (admitted, allowed, session, early_post) = futures::future::join4(
        timings.time(Phase::Auth, resource::admit(db, vendor, claims)),
        limits::allows(env, Limiter::Mcp, &grant_id),
        timings.time(Phase::Session, async {
            match &presented {
                Some(id) => sessions::check(env, config, id, &owner).await.map(Some),
                None => Ok(None),
            }
        }),
        async {
            match streamable_post {
                true => EarlyPost::read(&mut req, env, &owner).await.map(Some),
                false => Ok(None),
            }
        },
    )
    .await;
    let principal = match admitted? {
        Ok(principal) => principal,
        Err(denial) => {
            return cors(
                resource::deny(config, vendor, door.mount(), &denial)?,
                origin.as_deref(),
            )
        }
    };
    if !allowed {
        let response = tool_limits::rate_limited(None, Limiter::Mcp)?;
        return cors(response, origin.as_deref());
    }
    let early_post = early_post?;
    let presented = match (presented, session?) {
        (Some(id), Some(record)) => Some(PresentedSession { id, record }),
        _ => None,
    };
    let catalog = vendor.catalog();
    let toolsets = match (catalog, toolsets_asked(&req)?) {
        (Some(catalog), Some(asked)) => match Selection::parse(&asked, catalog) {
            Ok(selection) => Some(selection),
            Err(unknown) => {
                let error = ErrorObject::new(
                    ErrorCode::InvalidParams,
                    format!("Invalid toolsets in the URL: {unknown}"),
                );
                return cors(rpc_error(400, None, error)?, origin.as_deref());
            }
        },
        _ => None,
    };
    let caller = Caller {
        env,
        config,
        timings,
        db,
        principal,
        vendor,
        catalog,
        toolsets,
        version: Version::LATEST_LEGACY,
        session: None,
        presented,
        ip: http::client_ip(&req),
        mount: door.mount(),
        started,
    };
    let method = req.method().to_string();
    // `early_post` is there exactly for a Streamable HTTP POST.
    let response = match (door, method.as_str(), early_post) {
        (Door::Streamable(_), _, Some(early_post)) => post(&req, early_post, ctx, caller).await?,
        (Door::Streamable(_), "DELETE", None) => delete(&req, &caller).await?,
        (Door::Streamable(_), _, None) => {
            let mut response = rpc_error(
                405,
                None,
                ErrorObject::new(
                    ErrorCode::InvalidRequest,
                    "Method Not Allowed: the gateway offers no standalone event stream; POST requests",
                ),
            )?;
            http::set_header(&mut response, "allow", "POST, DELETE")?;
            response
        }
        (Door::SseOpen, _, _) => sse::open(&caller).await?,
        (Door::SseMessage, _, _) => sse::message(req, ctx, caller).await?,
    };
    cors(response, origin.as_deref())
}

/// The answer to a CORS preflight on an MCP URL.
pub fn preflight(req: &Request, config: &Config) -> Result<Response> {
    let origin = req.headers().get("origin")?;
    if !checks::origin_allowed(
        origin.as_deref(),
        config.origin(),
        &config.mcp_allowed_origins,
    ) {
        return Ok(Response::empty()?.with_status(403));
    }
    let mut response = Response::empty()?.with_status(204);
    http::set_header(
        &mut response,
        "access-control-allow-methods",
        "GET, POST, DELETE, OPTIONS",
    )?;
    http::set_header(&mut response, "access-control-allow-headers", ALLOW_HEADERS)?;
    http::set_header(&mut response, "access-control-max-age", "86400")?;
    cors(response, origin.as_deref())
}

fn cors(mut response: Response, origin: Option<&str>) -> Result<Response> {
    if let Some(origin) = origin {
        http::set_header(&mut response, "access-control-allow-origin", origin)?;
        http::set_header(&mut response, "vary", "origin")?;
    }
    http::set_header(
        &mut response,
        "access-control-expose-headers",
        EXPOSE_HEADERS,
    )?;
    Ok(response)
}

/// A JSON-RPC error as the whole HTTP answer.
/// The `toolsets` query parameter of the MCP URL, if given.
fn toolsets_asked(req: &Request) -> Result<Option<String>> {
    Ok(req
        .url()?
        .query_pairs()
        .find(|(name, _)| name == "toolsets")
        .map(|(_, value)| value.into_owned()))
}

fn rpc_error(status: u16, id: Option<Id>, error: ErrorObject) -> Result<Response> {
    json_answer(status, &RpcResponse::error(id, error))
}

fn json_answer(status: u16, body: &impl serde::Serialize) -> Result<Response> {
    let mut response = http::json(status, body)?;
    http::set_header(&mut response, "cache-control", "no-store")?;
    Ok(response)
}

/// 415 for a body that is not JSON.
fn unsupported_media_type() -> Result<Response> {
    rpc_error(
        415,
        None,
        ErrorObject::new(
            ErrorCode::InvalidRequest,
            "Unsupported Media Type: Content-Type must be application/json",
        ),
    )
}

fn accepted() -> Result<Response> {
    Ok(Response::empty()?.with_status(202))
}

/// Reads and parses a POST body within the size limit (counted while it streams, whatever
/// `Content-Length` says).
async fn read_body(req: &mut Request) -> Result<std::result::Result<Body, Response>> {
    let parsed = match body::read(req, jsonrpc::MAX_BODY_BYTES).await? {
        Ok(bytes) => parse_body(&bytes),
        Err(body::BodyError::TooLarge { .. }) => Err(jsonrpc::BodyError::TooLarge {
            size: jsonrpc::MAX_BODY_BYTES as u64 + 1,
        }),
        Err(broken) => return Ok(Err(broken.response()?)),
    };
    match parsed {
        Ok(body) => Ok(Ok(body)),
        Err(error) => Ok(Err(json_answer(error.http_status(), &error.to_response())?)),
    }
}

/// A Streamable HTTP POST as read beside the grant read (`serve`), used once the grant
/// admits the request.
enum EarlyPost {
    /// The answer to its Content-Type or Accept header (415, 406); its body was not read.
    Refused(Response),
    /// What it accepts in answer, its body (or the answer to a body that cannot be served),
    /// and the refusal of its tool calls by the per-user and per-organisation limits, if any.
    Read {
        accepts: Accepts,
        body: std::result::Result<Body, Response>,
        over_limit: Option<tool_limits::Refused>,
    },
}

impl EarlyPost {
    /// Checks the headers, then reads the body and counts its tool calls for `owner`.
    async fn read(req: &mut Request, env: &Env, owner: &Owner) -> Result<Self> {
        if !checks::is_json(req.headers().get("content-type")?.as_deref()) {
            return unsupported_media_type().map(Self::Refused);
        }
        let accepts = Accepts::parse(req.headers().get("accept")?.as_deref());
        if !accepts.any() {
            return rpc_error(
                406,
                None,
                ErrorObject::new(
                    ErrorCode::InvalidRequest,
                    "Not Acceptable: Accept must allow application/json or text/event-stream",
                ),
            )
            .map(Self::Refused);
        }
        let body = read_body(req).await?;
        let over_limit = match &body {
            Ok(body) => tool_limits::count(env, &owner.user_id, &owner.tenant_id, body).await,
            Err(_) => None,
        };
        Ok(Self::Read {
            accepts,
            body,
            over_limit,
        })
    }
}

/// Serves a Streamable HTTP POST whose grant admitted it.
async fn post(
    req: &Request,
    early_post: EarlyPost,
    ctx: &Context,
    mut caller: Caller<'_>,
) -> Result<Response> {
    let (accepts, body) = match early_post {
        EarlyPost::Refused(response) => return Ok(response),
        EarlyPost::Read {
            body: Err(response),
            ..
        } => return Ok(response),
        EarlyPost::Read {
            over_limit: Some(refused),
            ..
        } => return refused.response(),
        EarlyPost::Read {
            accepts,
            body: Ok(body),
            over_limit: None,
        } => (accepts, body),
    };
    let header = |name: &str| req.headers().get(name).ok().flatten();
    let (protocol_version, session_id, method, name) = (
        header("mcp-protocol-version"),
        header("mcp-session-id"),
        header("mcp-method"),
        header("mcp-name"),
    );
    let headers = RequestHeaders {
        protocol_version: protocol_version.as_deref(),
        session_id: session_id.as_deref(),
        method: method.as_deref(),
        name: name.as_deref(),
    };
    match classify(&body, &headers).era() {
        Era::Modern => modern(ctx, &mut caller, body, &headers, accepts).await,
        Era::Legacy => legacy(ctx, &mut caller, body, &headers, accepts).await,
    }
}

async fn modern(
    ctx: &Context,
    caller: &mut Caller<'_>,
    body: Body,
    headers: &RequestHeaders<'_>,
    accepts: Accepts,
) -> Result<Response> {
    if let Err(error) = body.check_batching(false) {
        return json_answer(400, &error.to_response());
    }
    let Body::Single(message) = body else {
        unreachable!("a batch was refused above")
    };
    let request = match &message {
        Message::Response(_) => {
            return rpc_error(
                400,
                None,
                ErrorObject::new(
                    ErrorCode::InvalidRequest,
                    "Invalid Request: clients do not send responses in 2026-07-28",
                ),
            )
        }
        Message::Notification(_) => {
            return match check_method_and_name(headers, &message) {
                Ok(()) => accepted(),
                Err(error) => rpc_error(400, None, error.to_error_object()),
            }
        }
        Message::Request(request) => request,
    };
    let id = Some(request.id.clone());
    // The header is compared with the body's claim before the claim itself is judged: a
    // disagreement is -32020 even when the body names a version nobody serves (§2.1.4).
    if let Some(claimed) = crate::mcp::era::envelope_claim(&message).and_then(|v| v.as_str()) {
        match check_version_header(headers.protocol_version, claimed) {
            Ok(None) => {}
            // Claude sends its 2025 header with a 2026 body: served, and logged.
            Ok(Some(mismatch)) => worker::console_log!(
                "{}",
                json!({ "event": "mcp_version_header_mismatch", "header": mismatch.header, "body": mismatch.body, "client_id": caller.principal.client_id })
            ),
            Err(error) => return rpc_error(400, id, error.to_error_object()),
        }
    }
    let meta = match read_request_meta(&message) {
        Ok(meta) => meta,
        Err(error) => return rpc_error(error.http_status(), id, error.to_error_object()),
    };
    if let Err(error) = check_method_and_name(headers, &message) {
        return rpc_error(400, id, error.to_error_object());
    }
    caller.version = meta.version;
    let reply = dispatch::request(caller, request, &message).await?;
    answer(ctx, caller, reply, accepts).await
}

async fn legacy(
    ctx: &Context,
    caller: &mut Caller<'_>,
    body: Body,
    headers: &RequestHeaders<'_>,
    accepts: Accepts,
) -> Result<Response> {
    let initialize = body
        .messages()
        .find_map(|m| match m {
            Message::Request(r) if r.method == crate::mcp::era::INITIALIZE => Some(r),
            _ => None,
        })
        .cloned();
    if let Some(request) = initialize {
        if body.is_batch() {
            return rpc_error(
                400,
                None,
                ErrorObject::new(
                    ErrorCode::InvalidRequest,
                    "Invalid Request: initialize must be sent on its own",
                ),
            );
        }
        let live = match headers.session_id {
            Some(session) => caller.session_record(session).await?.is_some(),
            None => false,
        };
        if live {
            return rpc_error(
                400,
                Some(request.id.clone()),
                ErrorObject::new(
                    ErrorCode::InvalidRequest,
                    "Invalid Request: this session is already initialized",
                ),
            );
        }
        return open_session(caller, &request).await;
    }
    let Some(session) = headers.session_id else {
        return rpc_error(
            400,
            None,
            ErrorObject::new(
                ErrorCode::BadRequest,
                "Bad Request: Mcp-Session-Id header is required; send initialize first",
            ),
        );
    };
    let Some(record) = caller.session_record(session).await? else {
        return session_not_found(single_id(&body));
    };
    let negotiated = Version::parse(&record.version).unwrap_or(Version::WITHOUT_HEADER);
    let version = match headers.protocol_version {
        None => negotiated,
        Some(_) => match legacy_version(headers.protocol_version) {
            Ok(version) if version == negotiated => version,
            Ok(version) => {
                return rpc_error(
                    400,
                    None,
                    ErrorObject::new(
                        ErrorCode::BadRequest,
                        format!("Bad Request: MCP-Protocol-Version {version} differs from the version negotiated for this session, {negotiated}"),
                    ),
                )
            }
            Err(error) => return rpc_error(error.http_status(), None, error.to_error_object()),
        },
    };
    if let Err(error) = body.check_batching(version.allows_batches()) {
        return json_answer(400, &error.to_response());
    }
    caller.version = version;
    caller.session = Some(session.to_owned());
    match body {
        Body::Single(message) => {
            let reply = one_legacy(caller, &message).await?;
            answer(ctx, caller, reply, accepts).await
        }
        Body::Batch(items) => {
            let mut responses = Vec::new();
            for item in items {
                let reply = match item {
                    Ok(message) => one_legacy(caller, &message).await?,
                    Err(invalid) => Reply::Message(invalid.to_response()),
                };
                match reply {
                    Reply::Message(response) => responses.push(response),
                    Reply::Nothing => {}
                    Reply::Denied(denial) => {
                        return resource::deny(caller.config, caller.vendor, caller.mount, &denial)
                    }
                    Reply::Call { id, prepared, .. } => {
                        responses.extend(run_call(ctx, caller, id, *prepared).await?);
                    }
                    Reply::Recorded { response, records } => {
                        record_later(ctx, caller, records);
                        responses.push(response);
                    }
                }
            }
            if responses.is_empty() {
                accepted()
            } else {
                json_answer(200, &responses)
            }
        }
    }
}

/// One message of a legacy session: requests are dispatched, notifications acted on.
async fn one_legacy(caller: &Caller<'_>, message: &Message) -> Result<Reply> {
    match message {
        Message::Request(request) if request.method == crate::mcp::era::INITIALIZE => {
            Ok(Reply::Message(RpcResponse::error(
                Some(request.id.clone()),
                ErrorObject::new(
                    ErrorCode::InvalidRequest,
                    "Invalid Request: this session is already initialized",
                ),
            )))
        }
        Message::Request(request) => dispatch::request(caller, request, message).await,
        Message::Notification(_) => {
            if let (Notice::Cancel(cancel), Some(session)) =
                (dispatch::notice(message), &caller.session)
            {
                sessions::cancel(
                    caller.env,
                    caller.config,
                    session,
                    cancel.request_id.to_value().to_string(),
                )
                .await?;
            }
            Ok(Reply::Nothing)
        }
        Message::Response(_) => Ok(Reply::Nothing),
    }
}

/// 404 for an unknown, ended or expired session, echoing the request's id when there is one.
fn session_not_found(id: Option<Id>) -> Result<Response> {
    rpc_error(
        404,
        id,
        ErrorObject::new(
            ErrorCode::BadRequest,
            "Session not found: it ended or expired; send initialize again",
        ),
    )
}

/// The id of a single request, for errors about the request as a whole.
fn single_id(body: &Body) -> Option<Id> {
    match body {
        Body::Single(message) => message.id().cloned(),
        Body::Batch(_) => None,
    }
}

/// `initialize` on Streamable HTTP: negotiates, stores the session, returns its id.
async fn open_session(caller: &mut Caller<'_>, request: &crate::mcp::Request) -> Result<Response> {
    let message = Message::Request(request.clone());
    let Reply::Message(response) = dispatch::request(caller, request, &message).await? else {
        unreachable!("initialize always answers")
    };
    let version = match &response.outcome {
        crate::mcp::Outcome::Result(result) => {
            result["protocolVersion"].as_str().map(str::to_owned)
        }
        crate::mcp::Outcome::Error(_) => None,
    };
    let Some(version) = version else {
        return json_answer(200, &response);
    };
    let id = sessions::new_id();
    let record = Record {
        owner: caller.owner(),
        version,
        last_seen: 0,
    };
    sessions::open(caller.env, caller.config, &id, &record).await?;
    let mut answer = json_answer(200, &response)?;
    http::set_header(&mut answer, "mcp-session-id", &id)?;
    Ok(answer)
}

/// `DELETE` with a session: ends it (204), or 404 when there is none.
async fn delete(req: &Request, caller: &Caller<'_>) -> Result<Response> {
    let Some(session) = req.headers().get("mcp-session-id")? else {
        return rpc_error(
            400,
            None,
            ErrorObject::new(
                ErrorCode::BadRequest,
                "Bad Request: Mcp-Session-Id header is required",
            ),
        );
    };
    if sessions::end(caller.env, caller.config, &session, &caller.owner()).await? {
        Ok(Response::empty()?.with_status(204))
    } else {
        session_not_found(None)
    }
}

/// Turns a reply into the HTTP answer.
async fn answer(
    ctx: &Context,
    caller: &Caller<'_>,
    reply: Reply,
    accepts: Accepts,
) -> Result<Response> {
    match reply {
        Reply::Message(response) => {
            let status = match &response.outcome {
                crate::mcp::Outcome::Error(error)
                    if caller.version.era() == Era::Modern
                        && error.code == ErrorCode::MethodNotFound.code() =>
                {
                    404
                }
                _ => 200,
            };
            if accepts.json {
                json_answer(status, &response)
            } else {
                event_stream(futures::stream::once(async move {
                    sse_event(
                        "message",
                        &serde_json::to_vec(&response).unwrap_or_default(),
                    )
                }))
            }
        }
        Reply::Nothing => accepted(),
        Reply::Denied(denial) => {
            resource::deny(caller.config, caller.vendor, caller.mount, &denial)
        }
        Reply::Recorded { response, records } => {
            record_later(ctx, caller, records);
            Box::pin(answer(ctx, caller, Reply::Message(response), accepts)).await
        }
        Reply::Call {
            id,
            prepared,
            progress,
        } => {
            let stream = accepts.event_stream
                && (!accepts.json || (progress.is_some() && prepared.plan.walks()));
            if stream {
                return stream_call(caller, id, *prepared, progress);
            }
            match run_call(ctx, caller, id, *prepared).await? {
                Some(response) => caller
                    .timings
                    .measure(Phase::Serialise, || json_answer(200, &response)),
                None => accepted(),
            }
        }
    }
}

/// Runs a tool call to its end and answers it (`None` when it was cancelled); its audit event
/// and last-used times are written after the answer has gone.
async fn run_call(
    ctx: &Context,
    caller: &Caller<'_>,
    id: Id,
    prepared: call::Prepared,
) -> Result<Option<RpcResponse>> {
    let executed = call::execute(caller, prepared, &mut Cancellable::new(caller, &id)).await?;
    record_later(ctx, caller, executed.records);
    Ok(executed
        .result
        .map(|result| RpcResponse::success(id, dispatch::decorate(caller, result))))
}

/// Writes a call's audit event and last-used times after the answer has gone.
fn record_later(ctx: &Context, caller: &Caller<'_>, records: Vec<Statement>) {
    let env = caller.env.clone();
    ctx.wait_until(async move {
        if let Ok(db) = Db::from_env(&env) {
            if let Err(error) = db.batch(records).await {
                worker::console_error!(
                    "{}",
                    json!({ "event": "tool_call_record_failed", "error": error.to_string() })
                );
            }
        }
    });
}
