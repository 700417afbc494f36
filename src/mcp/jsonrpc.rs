//! JSON-RPC 2.0 as MCP uses it (reference §1.4): reading a POST body into messages, and
//! writing the responses and notifications the gateway sends.
//!
//! Reading is strict where MCP is stricter than JSON-RPC (an `id` is a string or an integer and
//! never `null` on a request) and lenient where both are silent (unknown members are ignored).
//! Every way a body can be wrong has its own variant, and each maps to the standard code:
//! `-32700` when the bytes are not JSON, `-32600` when the JSON is not a message, echoing the
//! message's `id` whenever it could be read.
//!
//! Whether a batch (a JSON array) is acceptable depends on the negotiated protocol version, which
//! the caller knows only after reading the body: [`parse_body`] therefore accepts arrays, and
//! [`Body::check_batching`] refuses one once the caller has asked
//! [`Version::allows_batches`](super::version::Version::allows_batches).

use std::fmt;

use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{Map, Number, Value};

/// The largest POST body the MCP endpoint reads, in bytes (4 MiB).
///
/// Client messages are small: a `tools/call` carries a tool name and arguments, typically well
/// under 10 KiB; the largest legitimate one is a document or note body passed to a "create"
/// tool. 4 MiB leaves a wide margin above that, while bounding the memory a parsed
/// `serde_json::Value` takes (several times the text size) far below a Worker isolate's 128 MB.
/// A larger body is [`BodyError::TooLarge`], which the HTTP layer answers with 413.
pub const MAX_BODY_BYTES: usize = 4 * 1024 * 1024;
/// The most messages one batch may hold (batches exist only in 2025-03-26): a batch is one
/// request at the door, so its size bounds the work one request can ask for.
pub const MAX_BATCH: usize = 20;

/// A request id: a string or an integer, kept exactly as the client wrote it so it can be
/// echoed back (reference §1.4: "MUST have a string or integer `id`", "MUST NOT be `null`").
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Id {
    /// A string id, any content (the empty string included).
    String(String),
    /// An integer id. [`Id::from_value`] only builds this from integers that fit 64 bits;
    /// fractions and exponents (`1.5`, `1.0`, `1e3`) are not ids.
    Number(Number),
}

impl Id {
    /// Reads an id (or a progress token, which has the same type) from a JSON value; `None` for
    /// `null`, booleans, non-integer numbers, objects and arrays.
    pub fn from_value(value: &Value) -> Option<Self> {
        match value {
            Value::String(text) => Some(Self::String(text.clone())),
            Value::Number(number) if number.is_i64() || number.is_u64() => {
                Some(Self::Number(number.clone()))
            }
            _ => None,
        }
    }

    /// The id as a JSON value.
    pub fn to_value(&self) -> Value {
        match self {
            Self::String(text) => Value::String(text.clone()),
            Self::Number(number) => Value::Number(number.clone()),
        }
    }
}

impl From<i64> for Id {
    fn from(number: i64) -> Self {
        Self::Number(number.into())
    }
}

impl From<&str> for Id {
    fn from(text: &str) -> Self {
        Self::String(text.to_owned())
    }
}

impl From<String> for Id {
    fn from(text: String) -> Self {
        Self::String(text)
    }
}

impl fmt::Display for Id {
    /// JSON notation, so `"7"` and `7` stay distinguishable in logs.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.to_value())
    }
}

impl Serialize for Id {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::String(text) => serializer.serialize_str(text),
            Self::Number(number) => number.serialize(serializer),
        }
    }
}

/// The `params` of a request or notification: JSON-RPC allows an object or an array (MCP
/// itself only uses objects).
#[derive(Debug, Clone, PartialEq)]
pub enum Params {
    /// Named parameters.
    Object(Map<String, Value>),
    /// Positional parameters.
    Array(Vec<Value>),
}

impl Params {
    /// A named parameter; `None` for positional params.
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Self::Object(object) => object.get(key),
            Self::Array(_) => None,
        }
    }

    /// `params._meta`, when it is an object.
    pub fn meta(&self) -> Option<&Map<String, Value>> {
        self.get("_meta").and_then(Value::as_object)
    }

    /// The params as a JSON value.
    pub fn to_value(&self) -> Value {
        match self {
            Self::Object(object) => Value::Object(object.clone()),
            Self::Array(items) => Value::Array(items.clone()),
        }
    }
}

impl Serialize for Params {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Object(object) => object.serialize(serializer),
            Self::Array(items) => items.serialize(serializer),
        }
    }
}

/// A request: it has an id and expects exactly one response.
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    /// The id to echo in the response.
    pub id: Id,
    /// The method name, e.g. `tools/call`.
    pub method: String,
    /// The parameters, if any.
    pub params: Option<Params>,
}

impl Request {
    /// A request with no params.
    pub fn new(id: impl Into<Id>, method: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            method: method.into(),
            params: None,
        }
    }

    /// The same request with these params.
    pub fn with_params(mut self, params: Params) -> Self {
        self.params = Some(params);
        self
    }
}

/// A notification: no id, and the receiver never answers it.
#[derive(Debug, Clone, PartialEq)]
pub struct Notification {
    /// The method name, e.g. `notifications/progress`.
    pub method: String,
    /// The parameters, if any.
    pub params: Option<Params>,
}

impl Notification {
    /// A notification with named params (pass an empty map for none worth sending).
    pub fn new(method: impl Into<String>, params: Map<String, Value>) -> Self {
        Self {
            method: method.into(),
            params: Some(Params::Object(params)),
        }
    }
}

/// The two ways a request can end.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// `result`: success, any JSON value.
    Result(Value),
    /// `error`: failure.
    Error(ErrorObject),
}

/// A response: what the gateway answers a request with, or what a legacy-era client posts back
/// when it answers a server request.
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    /// The request's id; `None` is written as `null` and only happens on an error about a
    /// message whose id could not be read.
    pub id: Option<Id>,
    /// The result or the error.
    pub outcome: Outcome,
}

impl Response {
    /// A success response.
    pub fn success(id: Id, result: Value) -> Self {
        Self {
            id: Some(id),
            outcome: Outcome::Result(result),
        }
    }

    /// An error response; pass `None` when the request's id could not be read.
    pub fn error(id: Option<Id>, error: ErrorObject) -> Self {
        Self {
            id,
            outcome: Outcome::Error(error),
        }
    }
}

/// One JSON-RPC message, of any kind.
#[derive(Debug, Clone, PartialEq)]
pub enum Message {
    /// A request (has an id).
    Request(Request),
    /// A notification (no id).
    Notification(Notification),
    /// A response (result or error).
    Response(Response),
}

impl Message {
    /// The method, for requests and notifications.
    pub fn method(&self) -> Option<&str> {
        match self {
            Self::Request(request) => Some(&request.method),
            Self::Notification(notification) => Some(&notification.method),
            Self::Response(_) => None,
        }
    }

    /// The params, for requests and notifications that have them.
    pub fn params(&self) -> Option<&Params> {
        match self {
            Self::Request(request) => request.params.as_ref(),
            Self::Notification(notification) => notification.params.as_ref(),
            Self::Response(_) => None,
        }
    }

    /// The id, for requests and responses that carry one.
    pub fn id(&self) -> Option<&Id> {
        match self {
            Self::Request(request) => Some(&request.id),
            Self::Notification(_) => None,
            Self::Response(response) => response.id.as_ref(),
        }
    }

    /// `params._meta`, when present and an object.
    pub fn meta(&self) -> Option<&Map<String, Value>> {
        self.params().and_then(Params::meta)
    }
}

const JSONRPC: &str = "jsonrpc";
const VERSION: &str = "2.0";

impl Serialize for Request {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry(JSONRPC, VERSION)?;
        map.serialize_entry("id", &self.id)?;
        map.serialize_entry("method", &self.method)?;
        if let Some(params) = &self.params {
            map.serialize_entry("params", params)?;
        }
        map.end()
    }
}

impl Serialize for Notification {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry(JSONRPC, VERSION)?;
        map.serialize_entry("method", &self.method)?;
        if let Some(params) = &self.params {
            map.serialize_entry("params", params)?;
        }
        map.end()
    }
}

impl Serialize for Response {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry(JSONRPC, VERSION)?;
        map.serialize_entry("id", &self.id)?;
        match &self.outcome {
            Outcome::Result(result) => map.serialize_entry("result", result)?,
            Outcome::Error(error) => map.serialize_entry("error", error)?,
        }
        map.end()
    }
}

impl Serialize for Message {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Request(request) => request.serialize(serializer),
            Self::Notification(notification) => notification.serialize(serializer),
            Self::Response(response) => response.serialize(serializer),
        }
    }
}

/// The error codes the gateway emits or recognises: JSON-RPC 2.0's five, the MCP ones of
/// reference §1.8, and one implementation-defined code (see [`ErrorCode::BadRequest`]).
/// Which era may emit which code is [`Version::may_emit`](super::version::Version::may_emit).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorCode {
    /// `-32700`: the body is not JSON.
    ParseError,
    /// `-32600`: the JSON is not a valid JSON-RPC message.
    InvalidRequest,
    /// `-32601`: unknown method, or a capability the server did not advertise
    /// (2026-07-28 over HTTP: status 404).
    MethodNotFound,
    /// `-32602`: bad params: unknown tool or prompt, invalid cursor or log level, a missing
    /// required `_meta` field (2026-07-28), a missing resource (2026-07-28), an `initialize`
    /// without a usable `protocolVersion` (legacy).
    InvalidParams,
    /// `-32603`: the server failed.
    InternalError,
    /// `-32000`: implementation-defined "Bad Request", the TypeScript SDK's convention for
    /// transport-level problems in the legacy era (reference §1.8, "SDK conventions"; not
    /// spec). 2026-07-28 says receivers must not assume a meaning for `-32000..-32019`.
    BadRequest,
    /// `-32002`: resource not found, legacy era only (2026-07-28 uses `-32602`, §1.8).
    ResourceNotFound,
    /// `-32042`: URL elicitation required, 2025-11-25 only (§1.8).
    UrlElicitationRequired,
    /// `-32020`: an MCP request header is missing, malformed or disagrees with the body
    /// (2026-07-28, §1.8 and §2.1.4; HTTP 400).
    HeaderMismatch,
    /// `-32021`: the request needs a client capability the request did not declare;
    /// `data.requiredCapabilities` (2026-07-28, §1.8; HTTP 400).
    MissingRequiredClientCapability,
    /// `-32022`: the protocol version in `_meta` is not supported; `data.supported` and
    /// `data.requested` (2026-07-28, §1.3.1 and §1.8; HTTP 400). The draft-era numbers
    /// `-32001/-32003/-32004` were renumbered before GA and are never used.
    UnsupportedProtocolVersion,
}

impl ErrorCode {
    /// Every code, for tables and tests.
    pub const ALL: [ErrorCode; 11] = [
        Self::ParseError,
        Self::InvalidRequest,
        Self::MethodNotFound,
        Self::InvalidParams,
        Self::InternalError,
        Self::BadRequest,
        Self::ResourceNotFound,
        Self::UrlElicitationRequired,
        Self::HeaderMismatch,
        Self::MissingRequiredClientCapability,
        Self::UnsupportedProtocolVersion,
    ];

    /// The number on the wire.
    pub fn code(self) -> i64 {
        match self {
            Self::ParseError => -32700,
            Self::InvalidRequest => -32600,
            Self::MethodNotFound => -32601,
            Self::InvalidParams => -32602,
            Self::InternalError => -32603,
            Self::BadRequest => -32000,
            Self::ResourceNotFound => -32002,
            Self::UrlElicitationRequired => -32042,
            Self::HeaderMismatch => -32020,
            Self::MissingRequiredClientCapability => -32021,
            Self::UnsupportedProtocolVersion => -32022,
        }
    }

    /// The default `message` (JSON-RPC 2.0's own wording for its five codes).
    pub fn message(self) -> &'static str {
        match self {
            Self::ParseError => "Parse error",
            Self::InvalidRequest => "Invalid Request",
            Self::MethodNotFound => "Method not found",
            Self::InvalidParams => "Invalid params",
            Self::InternalError => "Internal error",
            Self::BadRequest => "Bad Request",
            Self::ResourceNotFound => "Resource not found",
            Self::UrlElicitationRequired => "URL elicitation required",
            Self::HeaderMismatch => "Header mismatch",
            Self::MissingRequiredClientCapability => "Missing required client capability",
            Self::UnsupportedProtocolVersion => "Unsupported protocol version",
        }
    }

    /// The code with this number, if it is one of these.
    pub fn from_code(code: i64) -> Option<Self> {
        Self::ALL.into_iter().find(|known| known.code() == code)
    }
}

/// A JSON-RPC error object. `code` is a plain integer because errors posted by clients may
/// carry any code.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ErrorObject {
    /// The error code.
    pub code: i64,
    /// A short description.
    pub message: String,
    /// Structured detail, omitted when `None`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<Value>,
}

impl ErrorObject {
    /// An error with this code and message.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code: code.code(),
            message: message.into(),
            data: None,
        }
    }

    /// The same error with `data`.
    pub fn with_data(mut self, data: Value) -> Self {
        self.data = Some(data);
        self
    }

    /// The known code, if the number is one.
    pub fn known_code(&self) -> Option<ErrorCode> {
        ErrorCode::from_code(self.code)
    }
}

impl From<ErrorCode> for ErrorObject {
    /// The error with its default message.
    fn from(code: ErrorCode) -> Self {
        Self::new(code, code.message())
    }
}

/// What makes a JSON value not a JSON-RPC message (all answered with `-32600`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    /// The message is a string, number, boolean or `null`, not an object.
    #[error("a message must be a JSON object")]
    NotAnObject,
    /// `jsonrpc` is missing or not exactly `"2.0"`.
    #[error("the \"jsonrpc\" member must be exactly \"2.0\"")]
    WrongVersion,
    /// `method` is present but not a string.
    #[error("\"method\" must be a string")]
    MethodNotString,
    /// `params` is present but neither an object nor an array.
    #[error("\"params\" must be an object or an array")]
    ParamsNotStructured,
    /// A request's `id` is `null`, a fraction, a boolean, an object or an array.
    #[error("\"id\" must be a string or an integer, and not null")]
    InvalidId,
    /// A response has no `id` member at all.
    #[error("a response must have an \"id\"")]
    MissingResponseId,
    /// Neither `method` nor `result` nor `error`.
    #[error(
        "a message needs \"method\" (request or notification) or \"result\"/\"error\" (response)"
    )]
    NoMethodOrOutcome,
    /// Both `result` and `error`, or `method` together with either.
    #[error("a message must be exactly one of request, notification or response")]
    Ambiguous,
    /// `error` is not an object with an integer `code` and a string `message`.
    #[error("\"error\" must be an object with an integer \"code\" and a string \"message\"")]
    MalformedError,
}

/// A JSON value that is not a valid message, with the id to echo when it could be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid JSON-RPC message: {problem}")]
pub struct InvalidMessage {
    /// The message's `id`, if it was a string or an integer.
    pub id: Option<Id>,
    /// What is wrong.
    pub problem: Problem,
}

impl InvalidMessage {
    /// The `-32600` error response for this message.
    pub fn to_response(&self) -> Response {
        Response::error(
            self.id.clone(),
            ErrorObject::new(
                ErrorCode::InvalidRequest,
                format!("Invalid Request: {}", self.problem),
            ),
        )
    }
}

/// Why a POST body yields no message at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BodyError {
    /// The body is larger than [`MAX_BODY_BYTES`]; the HTTP layer answers 413.
    #[error("the body is {size} bytes, over the {MAX_BODY_BYTES}-byte limit")]
    TooLarge {
        /// The body's size (or its declared `Content-Length`).
        size: u64,
    },
    /// The bytes are not JSON (or not UTF-8): `-32700`.
    #[error("the body is not valid JSON: {0}")]
    NotJson(String),
    /// The body is `[]`: `-32600` (JSON-RPC 2.0 §6).
    #[error("the body is an empty batch")]
    EmptyBatch,
    /// The body is a batch and the protocol version does not allow batches: `-32600`.
    #[error("JSON-RPC batches are not supported in this protocol version")]
    BatchNotAllowed,
    /// The batch holds more than [`MAX_BATCH`] messages: `-32600`, nothing is served.
    #[error("the batch holds {0} messages; at most {MAX_BATCH} are served in one request")]
    BatchTooLong(usize),
    /// The body is one JSON value that is not a valid message: `-32600`.
    #[error(transparent)]
    Invalid(InvalidMessage),
}

impl BodyError {
    /// The JSON-RPC code of the error answer.
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::NotJson(_) => ErrorCode::ParseError,
            Self::TooLarge { .. }
            | Self::EmptyBatch
            | Self::BatchNotAllowed
            | Self::BatchTooLong(_)
            | Self::Invalid(_) => ErrorCode::InvalidRequest,
        }
    }

    /// The HTTP status: 413 for a body over the limit, 400 otherwise.
    pub fn http_status(&self) -> u16 {
        match self {
            Self::TooLarge { .. } => 413,
            _ => 400,
        }
    }

    /// The error response: the message's id when it could be read, `null` otherwise.
    pub fn to_response(&self) -> Response {
        match self {
            Self::Invalid(invalid) => invalid.to_response(),
            other => Response::error(
                None,
                ErrorObject::new(other.code(), format!("{}: {other}", other.code().message())),
            ),
        }
    }
}

/// A parsed POST body.
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    /// One message.
    Single(Message),
    /// A non-empty batch; each element is a message or the reason it is not one (an invalid
    /// element gets its own error response, the others are still served).
    Batch(Vec<Result<Message, InvalidMessage>>),
}

impl Body {
    /// The valid messages, in order.
    pub fn messages(&self) -> impl Iterator<Item = &Message> {
        let (single, batch) = match self {
            Self::Single(message) => (Some(message), None),
            Self::Batch(items) => (
                None,
                Some(items.iter().filter_map(|item| item.as_ref().ok())),
            ),
        };
        single.into_iter().chain(batch.into_iter().flatten())
    }

    /// Whether the body is a batch.
    pub fn is_batch(&self) -> bool {
        matches!(self, Self::Batch(_))
    }

    /// Refuses a batch when batches are not `allowed` (see
    /// [`Version::allows_batches`](super::version::Version::allows_batches)).
    pub fn check_batching(&self, allowed: bool) -> Result<(), BodyError> {
        if self.is_batch() && !allowed {
            Err(BodyError::BatchNotAllowed)
        } else {
            Ok(())
        }
    }
}

/// Refuses a body over [`MAX_BODY_BYTES`]; call it with `Content-Length` before reading the
/// body, and [`parse_body`] checks the bytes again.
pub fn check_size(size: u64) -> Result<(), BodyError> {
    if size > MAX_BODY_BYTES as u64 {
        Err(BodyError::TooLarge { size })
    } else {
        Ok(())
    }
}

/// Parses a POST body into one message or a batch.
pub fn parse_body(bytes: &[u8]) -> Result<Body, BodyError> {
    check_size(bytes.len() as u64)?;
    let value: Value =
        serde_json::from_slice(bytes).map_err(|error| BodyError::NotJson(error.to_string()))?;
    match value {
        Value::Array(items) if items.is_empty() => Err(BodyError::EmptyBatch),
        Value::Array(items) if items.len() > MAX_BATCH => Err(BodyError::BatchTooLong(items.len())),
        Value::Array(items) => Ok(Body::Batch(items.into_iter().map(parse_message).collect())),
        single => parse_message(single)
            .map(Body::Single)
            .map_err(BodyError::Invalid),
    }
}

/// Parses one JSON value into a message.
pub fn parse_message(value: Value) -> Result<Message, InvalidMessage> {
    let Value::Object(mut object) = value else {
        return Err(InvalidMessage {
            id: None,
            problem: Problem::NotAnObject,
        });
    };
    let id_member = object.remove("id");
    let id = id_member.as_ref().and_then(Id::from_value);
    let fail = |problem| InvalidMessage {
        id: id.clone(),
        problem,
    };

    if object.get(JSONRPC).and_then(Value::as_str) != Some(VERSION) {
        return Err(fail(Problem::WrongVersion));
    }
    let result = object.remove("result");
    let error = object.remove("error");
    match object.remove("method") {
        Some(Value::String(method)) => {
            if result.is_some() || error.is_some() {
                return Err(fail(Problem::Ambiguous));
            }
            let params = match object.remove("params") {
                None => None,
                Some(Value::Object(params)) => Some(Params::Object(params)),
                Some(Value::Array(params)) => Some(Params::Array(params)),
                Some(_) => return Err(fail(Problem::ParamsNotStructured)),
            };
            match (id_member, id.clone()) {
                (None, _) => Ok(Message::Notification(Notification { method, params })),
                (Some(_), Some(id)) => Ok(Message::Request(Request { id, method, params })),
                (Some(_), None) => Err(fail(Problem::InvalidId)),
            }
        }
        Some(_) => Err(fail(Problem::MethodNotString)),
        None => {
            let outcome = match (result, error) {
                (Some(_), Some(_)) => return Err(fail(Problem::Ambiguous)),
                (None, None) => return Err(fail(Problem::NoMethodOrOutcome)),
                (Some(result), None) => Outcome::Result(result),
                (None, Some(error)) => {
                    Outcome::Error(parse_error_object(error).ok_or(fail(Problem::MalformedError))?)
                }
            };
            // JSON-RPC: `id` is required in a response; `null` only on an error about a
            // message whose id could not be read.
            match (&id_member, &outcome) {
                (None, _) => Err(fail(Problem::MissingResponseId)),
                (Some(Value::Null), Outcome::Error(_)) => {
                    Ok(Message::Response(Response { id: None, outcome }))
                }
                (Some(_), _) => match id {
                    Some(id) => Ok(Message::Response(Response {
                        id: Some(id),
                        outcome,
                    })),
                    None => Err(fail(Problem::InvalidId)),
                },
            }
        }
    }
}

fn parse_error_object(value: Value) -> Option<ErrorObject> {
    let Value::Object(mut object) = value else {
        return None;
    };
    let code = object.get("code").and_then(Value::as_i64)?;
    let message = match object.remove("message") {
        Some(Value::String(message)) => message,
        _ => return None,
    };
    Some(ErrorObject {
        code,
        message,
        data: object.remove("data"),
    })
}

/// The one message of a test body (test support for every `mcp` module).
#[cfg(test)]
pub(crate) fn single_message(text: &str) -> Message {
    match parse_body(text.as_bytes()) {
        Ok(Body::Single(message)) => message,
        other => panic!("expected one message, got {other:?}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parse(text: &str) -> Result<Body, BodyError> {
        parse_body(text.as_bytes())
    }

    fn single(text: &str) -> Message {
        match parse(text) {
            Ok(Body::Single(message)) => message,
            other => panic!("expected one message from {text}, got {other:?}"),
        }
    }

    #[test]
    fn message_kinds() {
        assert_eq!(
            single(r#"{"jsonrpc":"2.0","id":1,"method":"tools/list"}"#),
            Message::Request(Request::new(1, "tools/list"))
        );
        assert_eq!(
            single(r#"{"jsonrpc":"2.0","id":"a","method":"tools/call","params":{"name":"x"}}"#),
            Message::Request(Request {
                id: Id::from("a"),
                method: "tools/call".into(),
                params: Some(Params::Object(
                    json!({"name":"x"}).as_object().cloned().unwrap()
                )),
            })
        );
        assert_eq!(
            single(r#"{"jsonrpc":"2.0","id":2,"method":"m","params":[1,2]}"#),
            Message::Request(
                Request::new(2, "m").with_params(Params::Array(vec![json!(1), json!(2)]))
            )
        );
        assert_eq!(
            single(r#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#),
            Message::Notification(Notification {
                method: "notifications/initialized".into(),
                params: None
            })
        );
        assert_eq!(
            single(r#"{"jsonrpc":"2.0","id":"s-1","result":{"ok":true}}"#),
            Message::Response(Response::success(Id::from("s-1"), json!({"ok": true})))
        );
        assert_eq!(
            single(r#"{"jsonrpc":"2.0","id":3,"error":{"code":-1,"message":"no","data":[1]}}"#),
            Message::Response(Response::error(
                Some(Id::from(3)),
                ErrorObject {
                    code: -1,
                    message: "no".into(),
                    data: Some(json!([1]))
                }
            ))
        );
        assert_eq!(
            single(r#"{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"x"}}"#),
            Message::Response(Response::error(
                None,
                ErrorObject::new(ErrorCode::ParseError, "x")
            ))
        );
        // `result: null` is a result, and unknown members are ignored.
        assert_eq!(
            single(r#"{"jsonrpc":"2.0","id":4,"result":null,"extra":1}"#),
            Message::Response(Response::success(Id::from(4), Value::Null))
        );
    }

    #[test]
    fn ids_are_kept_exactly() {
        let cases = [
            (r#""7""#, Id::from("7")),
            (r#""""#, Id::from("")),
            ("7", Id::from(7)),
            ("-5", Id::from(-5)),
            ("0", Id::from(0)),
            ("18446744073709551615", Id::Number(Number::from(u64::MAX))),
            ("-9223372036854775808", Id::from(i64::MIN)),
        ];
        for (text, expected) in cases {
            let body = format!(r#"{{"jsonrpc":"2.0","id":{text},"method":"ping"}}"#);
            let message = single(&body);
            assert_eq!(message.id(), Some(&expected), "{text}");
            let echoed = serde_json::to_value(Response::success(expected, json!({}))).unwrap();
            assert_eq!(echoed["id"].to_string(), text, "{text} echoes as written");
        }
        assert_eq!(Id::from("7").to_string(), r#""7""#);
        assert_eq!(Id::from(7).to_string(), "7");
    }

    #[test]
    fn invalid_messages_echo_the_id_when_readable() {
        let cases: [(&str, Option<Id>, Problem); 17] = [
            ("1", None, Problem::NotAnObject),
            (r#""x""#, None, Problem::NotAnObject),
            ("null", None, Problem::NotAnObject),
            (
                r#"{"id":1,"method":"m"}"#,
                Some(1.into()),
                Problem::WrongVersion,
            ),
            (
                r#"{"jsonrpc":"1.0","id":"a","method":"m"}"#,
                Some("a".into()),
                Problem::WrongVersion,
            ),
            (
                r#"{"jsonrpc":2.0,"id":1,"method":"m"}"#,
                Some(1.into()),
                Problem::WrongVersion,
            ),
            (
                r#"{"jsonrpc":"2.0","id":1,"method":5}"#,
                Some(1.into()),
                Problem::MethodNotString,
            ),
            (
                r#"{"jsonrpc":"2.0","id":1,"method":null}"#,
                Some(1.into()),
                Problem::MethodNotString,
            ),
            (
                r#"{"jsonrpc":"2.0","id":1,"method":"m","params":"x"}"#,
                Some(1.into()),
                Problem::ParamsNotStructured,
            ),
            (
                r#"{"jsonrpc":"2.0","method":"m","params":3}"#,
                None,
                Problem::ParamsNotStructured,
            ),
            (
                r#"{"jsonrpc":"2.0","id":1,"method":"m","params":null}"#,
                Some(1.into()),
                Problem::ParamsNotStructured,
            ),
            (
                r#"{"jsonrpc":"2.0","id":1}"#,
                Some(1.into()),
                Problem::NoMethodOrOutcome,
            ),
            (
                r#"{"jsonrpc":"2.0","id":1,"result":1,"error":{"code":1,"message":"m"}}"#,
                Some(1.into()),
                Problem::Ambiguous,
            ),
            (
                r#"{"jsonrpc":"2.0","id":1,"method":"m","result":{}}"#,
                Some(1.into()),
                Problem::Ambiguous,
            ),
            (
                r#"{"jsonrpc":"2.0","id":1,"error":{"code":1.5,"message":"m"}}"#,
                Some(1.into()),
                Problem::MalformedError,
            ),
            (
                r#"{"jsonrpc":"2.0","id":1,"error":{"code":1}}"#,
                Some(1.into()),
                Problem::MalformedError,
            ),
            (
                r#"{"jsonrpc":"2.0","result":{}}"#,
                None,
                Problem::MissingResponseId,
            ),
        ];
        for (text, id, problem) in cases {
            let expected = InvalidMessage { id, problem };
            assert_eq!(parse(text), Err(BodyError::Invalid(expected)), "{text}");
        }
        assert_eq!(
            parse(r#"{"jsonrpc":"2.0","id":1,"error":"boom"}"#),
            Err(BodyError::Invalid(InvalidMessage {
                id: Some(1.into()),
                problem: Problem::MalformedError
            }))
        );
    }

    #[test]
    fn bad_ids_are_invalid_requests_with_a_null_id() {
        for id in [
            "null",
            "1.5",
            "1.0",
            "1e3",
            "true",
            "{}",
            "[]",
            "[1]",
            "18446744073709551616",
        ] {
            for body in [
                format!(r#"{{"jsonrpc":"2.0","id":{id},"method":"tools/list"}}"#),
                format!(r#"{{"jsonrpc":"2.0","id":{id},"result":{{}}}}"#),
            ] {
                let error = parse(&body).unwrap_err();
                assert_eq!(
                    error,
                    BodyError::Invalid(InvalidMessage {
                        id: None,
                        problem: Problem::InvalidId
                    }),
                    "{body}"
                );
                let answer = serde_json::to_value(error.to_response()).unwrap();
                assert_eq!(answer["id"], Value::Null, "{body}");
                assert_eq!(answer["error"]["code"], -32600, "{body}");
            }
        }
    }

    #[test]
    fn body_errors_map_to_codes_and_statuses() {
        let too_large = vec![b' '; MAX_BODY_BYTES + 1];
        let cases: [(Result<Body, BodyError>, i64, u16); 7] = [
            (parse_body(&too_large), -32600, 413),
            (parse(""), -32700, 400),
            (parse("{"), -32700, 400),
            (parse_body(b"\xff\xfe{}"), -32700, 400),
            (parse("{} {}"), -32700, 400),
            (parse("[]"), -32600, 400),
            (parse(r#"{"jsonrpc":"2.0","id":9,"method":1}"#), -32600, 400),
        ];
        for (index, (result, code, status)) in cases.into_iter().enumerate() {
            let error = result.expect_err("every case fails");
            assert_eq!(error.code().code(), code, "case {index}");
            assert_eq!(error.http_status(), status, "case {index}");
            let answer = serde_json::to_value(error.to_response()).unwrap();
            assert_eq!(answer["error"]["code"], code, "case {index}");
            let expected_id = if index == 6 { json!(9) } else { Value::Null };
            assert_eq!(answer["id"], expected_id, "case {index}");
        }
        assert_eq!(
            parse_body(&too_large),
            Err(BodyError::TooLarge {
                size: MAX_BODY_BYTES as u64 + 1
            })
        );
        assert_eq!(check_size(MAX_BODY_BYTES as u64), Ok(()));
        assert!(check_size(u64::MAX).is_err());
    }

    #[test]
    fn a_body_at_the_limit_is_read() {
        let mut body = br#"{"jsonrpc":"2.0","method":"m"}"#.to_vec();
        body.resize(MAX_BODY_BYTES, b' ');
        assert!(matches!(parse_body(&body), Ok(Body::Single(_))));
    }

    #[test]
    fn deep_nesting_is_a_parse_error_not_a_crash() {
        let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        assert_eq!(parse(&deep).unwrap_err().code(), ErrorCode::ParseError);
    }

    #[test]
    fn long_batches_are_refused_whole() {
        let message = r#"{"jsonrpc":"2.0","id":1,"method":"ping"}"#;
        let batch = |n: usize| format!("[{}]", vec![message; n].join(","));
        assert!(parse(&batch(MAX_BATCH)).is_ok());
        let error = parse(&batch(150)).unwrap_err();
        assert_eq!(error, BodyError::BatchTooLong(150));
        assert_eq!(
            (error.code(), error.http_status()),
            (ErrorCode::InvalidRequest, 400)
        );
        assert!(error.to_string().contains("at most 20"));
    }

    #[test]
    fn batches_keep_each_element_apart() {
        let body = parse(
            r#"[{"jsonrpc":"2.0","id":1,"method":"a"},
                {"jsonrpc":"2.0","method":"b"},
                5,
                {"jsonrpc":"2.0","id":"x","method":7},
                [],
                {"jsonrpc":"2.0","id":2,"result":{}}]"#,
        )
        .unwrap();
        let Body::Batch(items) = &body else {
            panic!("expected a batch")
        };
        assert_eq!(items.len(), 6);
        assert_eq!(items[0], Ok(Message::Request(Request::new(1, "a"))));
        assert!(matches!(items[1], Ok(Message::Notification(_))));
        assert_eq!(
            items[2],
            Err(InvalidMessage {
                id: None,
                problem: Problem::NotAnObject
            })
        );
        assert_eq!(
            items[3],
            Err(InvalidMessage {
                id: Some("x".into()),
                problem: Problem::MethodNotString
            })
        );
        assert_eq!(
            items[4],
            Err(InvalidMessage {
                id: None,
                problem: Problem::NotAnObject
            })
        );
        assert!(matches!(items[5], Ok(Message::Response(_))));
        let methods: Vec<_> = body.messages().filter_map(Message::method).collect();
        assert_eq!(methods, ["a", "b"]);
        assert_eq!(body.messages().count(), 3);
    }

    #[test]
    fn batching_is_the_callers_decision() {
        let batch = parse(r#"[{"jsonrpc":"2.0","method":"a"}]"#).unwrap();
        let one = parse(r#"{"jsonrpc":"2.0","method":"a"}"#).unwrap();
        assert!(batch.is_batch());
        assert!(!one.is_batch());
        assert_eq!(batch.check_batching(true), Ok(()));
        assert_eq!(batch.check_batching(false), Err(BodyError::BatchNotAllowed));
        assert_eq!(one.check_batching(false), Ok(()));
        assert_eq!(one.messages().count(), 1);
        let refused = BodyError::BatchNotAllowed;
        assert_eq!(
            (refused.code(), refused.http_status()),
            (ErrorCode::InvalidRequest, 400)
        );
    }

    #[test]
    fn error_codes_match_the_reference() {
        let table = [
            (ErrorCode::ParseError, -32700, "Parse error"),
            (ErrorCode::InvalidRequest, -32600, "Invalid Request"),
            (ErrorCode::MethodNotFound, -32601, "Method not found"),
            (ErrorCode::InvalidParams, -32602, "Invalid params"),
            (ErrorCode::InternalError, -32603, "Internal error"),
            (ErrorCode::BadRequest, -32000, "Bad Request"),
            (ErrorCode::ResourceNotFound, -32002, "Resource not found"),
            (
                ErrorCode::UrlElicitationRequired,
                -32042,
                "URL elicitation required",
            ),
            (ErrorCode::HeaderMismatch, -32020, "Header mismatch"),
            (
                ErrorCode::MissingRequiredClientCapability,
                -32021,
                "Missing required client capability",
            ),
            (
                ErrorCode::UnsupportedProtocolVersion,
                -32022,
                "Unsupported protocol version",
            ),
        ];
        assert_eq!(table.len(), ErrorCode::ALL.len());
        for (code, number, message) in table {
            assert_eq!(code.code(), number);
            assert_eq!(code.message(), message);
            assert_eq!(ErrorCode::from_code(number), Some(code));
        }
        // The draft-era numbers were renumbered before GA (§1.8).
        for stale in [-32001, -32003, -32004] {
            assert_eq!(ErrorCode::from_code(stale), None);
        }
    }

    #[test]
    fn responses_serialise() {
        let ok = Response::success(Id::from(1), json!({"tools": []}));
        assert_eq!(
            serde_json::to_value(&ok).unwrap(),
            json!({"jsonrpc": "2.0", "id": 1, "result": {"tools": []}})
        );
        let plain = Response::error(Some(Id::from("a")), ErrorCode::MethodNotFound.into());
        assert_eq!(
            serde_json::to_value(&plain).unwrap(),
            json!({"jsonrpc": "2.0", "id": "a", "error": {"code": -32601, "message": "Method not found"}})
        );
        let with_data = Response::error(
            None,
            ErrorObject::new(
                ErrorCode::UnsupportedProtocolVersion,
                "Unsupported protocol version",
            )
            .with_data(json!({"supported": ["2026-07-28"], "requested": "1900-01-01"})),
        );
        assert_eq!(
            serde_json::to_value(&with_data).unwrap(),
            json!({"jsonrpc": "2.0", "id": null, "error": {
                "code": -32022, "message": "Unsupported protocol version",
                "data": {"supported": ["2026-07-28"], "requested": "1900-01-01"}}})
        );
    }

    #[test]
    fn messages_round_trip() {
        let texts = [
            r#"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"arguments":{},"name":"x"}}"#,
            r#"{"jsonrpc":"2.0","id":"q","method":"m","params":[true]}"#,
            r#"{"jsonrpc":"2.0","method":"notifications/progress","params":{"progress":1,"progressToken":"t"}}"#,
            r#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#,
            r#"{"jsonrpc":"2.0","id":1,"result":{}}"#,
            r#"{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error"}}"#,
            r#"{"jsonrpc":"2.0","id":2,"error":{"code":5,"message":"m","data":{"k":1}}}"#,
        ];
        for text in texts {
            let message = single(text);
            let written = serde_json::to_string(&message).unwrap();
            assert_eq!(written, text);
        }
    }

    #[test]
    fn notifications_the_server_sends() {
        let mut params = Map::new();
        params.insert("progressToken".into(), json!("abc"));
        let notification = Notification::new("notifications/progress", params);
        assert_eq!(
            serde_json::to_value(&notification).unwrap(),
            json!({"jsonrpc": "2.0", "method": "notifications/progress", "params": {"progressToken": "abc"}})
        );
    }

    #[test]
    fn meta_and_params_accessors() {
        let message = single(
            r#"{"jsonrpc":"2.0","id":1,"method":"m","params":{"name":"n","_meta":{"k":"v"}}}"#,
        );
        assert_eq!(message.method(), Some("m"));
        assert_eq!(
            message.params().and_then(|p| p.get("name")),
            Some(&json!("n"))
        );
        assert_eq!(message.meta().and_then(|m| m.get("k")), Some(&json!("v")));
        let positional = single(r#"{"jsonrpc":"2.0","id":1,"method":"m","params":[{"_meta":{}}]}"#);
        assert_eq!(positional.meta(), None);
        let not_object = single(r#"{"jsonrpc":"2.0","id":1,"method":"m","params":{"_meta":1}}"#);
        assert_eq!(not_object.meta(), None);
        let response = single(r#"{"jsonrpc":"2.0","id":1,"result":{}}"#);
        assert_eq!((response.method(), response.params()), (None, None));
    }
}
