//! The Worker's side of legacy sessions: minting session ids and asking the session's Durable
//! Object (`session.rs`) to open, check, end, cancel within, or stream for a session.

use crate::config::Config;
use crate::session::{self, Owner, Presented, Record, RequestRef, StreamOpen};
use serde::Serialize;
use wasm_bindgen::JsValue;
use worker::{Env, Method, Request, RequestInit, Response, Result, Stub};

/// A new session id: 32 random bytes as hex, visible ASCII as the transport requires.
pub fn new_id() -> String {
    let mut bytes = [0u8; 32];
    // The runtime's CSPRNG does not fail on Workers.
    let _ = getrandom::getrandom(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Whether a presented session id could be one the gateway minted.
pub fn well_formed(id: &str) -> bool {
    id.len() == 64
        && id
            .bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
}

fn stub(env: &Env, config: &Config, id: &str) -> Result<Stub> {
    session::namespace(env, config.durable_object_jurisdiction.as_deref())?.get_by_name(id)
}

async fn send(
    env: &Env,
    config: &Config,
    id: &str,
    path: &str,
    body: &impl Serialize,
) -> Result<Response> {
    let mut init = RequestInit::new();
    init.with_method(Method::Post)
        .with_body(Some(JsValue::from_str(&serde_json::to_string(body)?)));
    let request = Request::new_with_init(&format!("https://session.internal{path}"), &init)?;
    stub(env, config, id)?.fetch_with_request(request).await
}

/// Stores a new session.
pub async fn open(env: &Env, config: &Config, id: &str, record: &Record) -> Result<()> {
    let response = send(env, config, id, "/open", record).await?;
    expect(response.status_code(), 201)
}

/// The session's record if it exists and belongs to `owner` (`None`: answer 404).
pub async fn check(env: &Env, config: &Config, id: &str, owner: &Owner) -> Result<Option<Record>> {
    if !well_formed(id) {
        return Ok(None);
    }
    let presented = Presented {
        owner: owner.clone(),
    };
    let mut response = send(env, config, id, "/check", &presented).await?;
    match response.status_code() {
        200 => Ok(Some(response.json().await?)),
        _ => Ok(None),
    }
}

/// Ends a session; `false` when there was none for this owner.
pub async fn end(env: &Env, config: &Config, id: &str, owner: &Owner) -> Result<bool> {
    if !well_formed(id) {
        return Ok(false);
    }
    let presented = Presented {
        owner: owner.clone(),
    };
    let response = send(env, config, id, "/end", &presented).await?;
    Ok(response.status_code() == 204)
}

/// Records a client's `notifications/cancelled` for a request id (as JSON text).
pub async fn cancel(env: &Env, config: &Config, id: &str, request_id: String) -> Result<()> {
    send(env, config, id, "/cancel", &RequestRef { request_id }).await?;
    Ok(())
}

/// Whether the client cancelled a request id (as JSON text).
pub async fn cancelled(env: &Env, config: &Config, id: &str, request_id: String) -> Result<bool> {
    let mut response = send(env, config, id, "/cancelled", &RequestRef { request_id }).await?;
    let answer: serde_json::Value = response.json().await?;
    Ok(answer["cancelled"] == true)
}

/// Opens an HTTP+SSE session; the response is the event stream itself.
pub async fn open_stream(
    env: &Env,
    config: &Config,
    id: &str,
    record: Record,
    endpoint: String,
) -> Result<Response> {
    send(env, config, id, "/stream", &StreamOpen { record, endpoint }).await
}

/// Sends one message down an HTTP+SSE session's stream; `false` when the stream is gone.
pub async fn push(env: &Env, config: &Config, id: &str, message: &impl Serialize) -> Result<bool> {
    let response = send(env, config, id, "/push", message).await?;
    Ok(response.status_code() == 202)
}

fn expect(status: u16, wanted: u16) -> Result<()> {
    if status == wanted {
        Ok(())
    } else {
        Err(worker::Error::RustError(format!(
            "the session object answered {status}, expected {wanted}"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_64_lowercase_hex_and_distinct() {
        let (a, b) = (new_id(), new_id());
        assert!(well_formed(&a) && well_formed(&b));
        assert_ne!(a, b);
        assert!(!well_formed("abc"));
        assert!(!well_formed(&a.to_uppercase()));
        assert!(!well_formed(&format!("{}g", &a[..63])));
    }
}
