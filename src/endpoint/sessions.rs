//! The Worker's side of legacy sessions: minting session ids and asking the session's Durable
//! Object (`session.rs`) to open, check, end, cancel within, or stream for a session.
//!
//! A live session's record is remembered by the isolate for [`REMEMBERED_MS`] after the object
//! last vouched for it (or opened it), so a warm legacy call does not wait for the object: the
//! grant check in D1 stays its one storage round trip. The session's owner is still compared on
//! every request, and ending a session forgets it at once in the isolate that ended it; another
//! isolate refuses it within [`REMEMBERED_MS`]. The session is not what authorizes a call (the
//! access token and its grant are, checked on every request), so that window decides only when
//! a client that ended its own session hears 404 elsewhere.

use crate::config::Config;
use crate::session::{self, Owner, Presented, Record, RequestRef, StreamOpen};
use serde::Serialize;
use std::cell::RefCell;
use std::collections::HashMap;
use worker::{Env, Response, Result, Stub};

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

/// How long the isolate trusts a session record the object gave it, in milliseconds. The
/// object moves a session's idle deadline on a check at most once a minute, so within this
/// window it still hears of a busy session often enough.
pub const REMEMBERED_MS: f64 = 15_000.0;

/// Sessions remembered at most; past it the memory starts afresh.
const REMEMBERED_SESSIONS: usize = 1024;

thread_local! {
    /// Session records by id, with when the object last vouched for them (ms since the epoch).
    static REMEMBERED: RefCell<HashMap<String, (Record, f64)>> = RefCell::new(HashMap::new());
}

fn remember(id: &str, record: &Record, now: f64) {
    REMEMBERED.with(|remembered| {
        let mut remembered = remembered.borrow_mut();
        if remembered.len() >= REMEMBERED_SESSIONS {
            remembered.clear();
        }
        remembered.insert(id.to_owned(), (record.clone(), now));
    });
}

fn recall(id: &str, now: f64) -> Option<Record> {
    REMEMBERED.with(|remembered| {
        remembered
            .borrow()
            .get(id)
            .filter(|(_, vouched)| now - vouched < REMEMBERED_MS)
            .map(|(record, _)| record.clone())
    })
}

fn forget(id: &str) {
    REMEMBERED.with(|remembered| remembered.borrow_mut().remove(id));
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
    session::post_to_object(&stub(env, config, id)?, path, body).await
}

/// Stores a new session.
pub async fn open(env: &Env, config: &Config, id: &str, record: &Record) -> Result<()> {
    let response = send(env, config, id, "/open", record).await?;
    expect(response.status_code(), 201)?;
    remember(id, record, js_sys::Date::now());
    Ok(())
}

/// The session's record if it exists and belongs to `owner` (`None`: answer 404).
pub async fn check(env: &Env, config: &Config, id: &str, owner: &Owner) -> Result<Option<Record>> {
    if !well_formed(id) {
        return Ok(None);
    }
    let now = js_sys::Date::now();
    if let Some(record) = recall(id, now) {
        return Ok((record.owner == *owner).then_some(record));
    }
    let presented = Presented {
        owner: owner.clone(),
    };
    let mut response = send(env, config, id, "/check", &presented).await?;
    match response.status_code() {
        200 => {
            let record: Record = response.json().await?;
            remember(id, &record, now);
            Ok(Some(record))
        }
        _ => {
            forget(id);
            Ok(None)
        }
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
    let ended = response.status_code() == 204;
    if ended {
        forget(id);
    }
    Ok(ended)
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
