//! The MCP protocol core, pure: no `worker` types, no I/O, tested natively.
//!
//! What lives here:
//! - [`jsonrpc`]: reading a POST body into JSON-RPC messages (with the body size limit) and
//!   writing responses and notifications; the error codes.
//! - [`version`]: the protocol versions served, their eras, `initialize` negotiation, the
//!   legacy `MCP-Protocol-Version` header rules and the modern per-request `_meta`.
//! - [`era`]: which era a POST belongs to.
//! - [`headers`]: the 2026-07-28 `MCP-Protocol-Version` / `Mcp-Method` / `Mcp-Name` checks.
//! - [`utilities`]: ping, cancellation and progress.
//!
//! What does not: HTTP (status codes are only *reported*, as `http_status()`), sessions and
//! their Durable Object, SSE framing, method dispatch and tools. Those call in here.
//!
//! The order a POST is meant to go through, so that each failure gets the answer the spec
//! asks for:
//! 1. [`jsonrpc::check_size`] on `Content-Length`, then [`jsonrpc::parse_body`] (`-32700`,
//!    `-32600`, 413);
//! 2. [`era::classify`] with the headers;
//! 3. modern: [`Body::check_batching`] with `false` (2026-07-28 has no batches), then
//!    [`version::read_request_meta`] (`-32022` before `-32602`), then
//!    [`headers::check_version_header`] and [`headers::check_method_and_name`] (`-32020`);
//! 4. legacy: the version from [`version::negotiate_initialize`] for `initialize`, else from
//!    [`version::legacy_version`] (400), then [`Body::check_batching`] with
//!    [`Version::allows_batches`].

pub mod era;
pub mod headers;
pub mod jsonrpc;
pub mod utilities;
pub mod version;

pub use era::{classify, Classification, LegacyReason, ModernReason};
pub use headers::{HeaderError, RequestHeaders, VersionMismatch};
pub use jsonrpc::{
    parse_body, Body, BodyError, ErrorCode, ErrorObject, Id, InvalidMessage, Message, Notification,
    Outcome, Params, Request, Response, MAX_BODY_BYTES,
};
pub use version::{Era, MetaError, RequestMeta, Version};
