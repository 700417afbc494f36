//! The response shapes of the OAuth endpoints: JSON with `Cache-Control: no-store`, errors as
//! RFC 6749 §5.2 bodies, and CORS for the endpoints browser-based clients call.

use super::error::{ErrorCode, OAuthError};
use crate::http;
use serde::Serialize;
use worker::{Response, Result};

/// Allows any origin to read the response: the endpoints it is used on take no cookies.
pub fn allow_cors(response: &mut Response) -> Result<()> {
    http::set_header(response, "access-control-allow-origin", "*")?;
    http::set_header(
        response,
        "access-control-expose-headers",
        "www-authenticate",
    )
}

/// The answer to a CORS preflight for the public OAuth and metadata endpoints.
pub fn preflight() -> Result<Response> {
    let mut response = Response::empty()?.with_status(204);
    allow_cors(&mut response)?;
    http::set_header(
        &mut response,
        "access-control-allow-methods",
        "GET, POST, OPTIONS",
    )?;
    http::set_header(
        &mut response,
        "access-control-allow-headers",
        "authorization, content-type, mcp-protocol-version",
    )?;
    http::set_header(&mut response, "access-control-max-age", "86400")?;
    Ok(response)
}

/// A JSON body that must not be cached (tokens, registrations, errors).
pub fn json<T: Serialize>(status: u16, body: &T) -> Result<Response> {
    let mut response = http::json(status, body)?;
    http::set_header(&mut response, "cache-control", "no-store")?;
    http::set_header(&mut response, "pragma", "no-cache")?;
    allow_cors(&mut response)?;
    Ok(response)
}

/// A JSON error. `invalid_client` after HTTP Basic carries a `WWW-Authenticate` challenge.
pub fn error(error: &OAuthError, basic_challenge: bool) -> Result<Response> {
    let mut response = json(error.code.status(), &error.to_json())?;
    if error.code == ErrorCode::InvalidClient && basic_challenge {
        http::set_header(
            &mut response,
            "www-authenticate",
            "Basic realm=\"mcp-gateway\"",
        )?;
    }
    Ok(response)
}

/// A public, cacheable JSON document (discovery metadata).
pub fn document(body: &serde_json::Value) -> Result<Response> {
    let mut response = http::json(200, body)?;
    http::set_header(&mut response, "cache-control", "public, max-age=300")?;
    allow_cors(&mut response)?;
    Ok(response)
}
