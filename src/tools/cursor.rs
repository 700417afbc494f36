//! List cursors: where a listing tool stopped, so the next call goes on from there. A cursor
//! is opaque to the client — the vendor call that fetched the page (method, path, body), how
//! many of that page's records were already returned, the grant, the tool and the filters it
//! belongs to, and when it expires — sealed with AES-256-GCM under a key derived from
//! `TOKEN_SIGNING_KEYS`, so it can be neither read nor altered. Pure.

use crate::config::KeyRing;
use crate::keys::{self, Purpose};
use crate::vendors::kit::request::Call;
use crate::vendors::kit::upstream::Verb;
use aes_gcm::aead::{Aead, KeyInit};
use aes_gcm::{Aes256Gcm, Nonce};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};

/// The name of the argument every listing tool takes.
pub const CURSOR: &str = "cursor";
const NONCE_LEN: usize = 12;

/// Where a walk goes on: the page's call, and how many of its records were already passed.
#[derive(Debug, Clone, PartialEq)]
pub struct Position {
    pub call: Call,
    pub skip: usize,
}

/// A cursor's contents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Contents {
    /// The grant it was issued to.
    g: String,
    /// The tool.
    t: String,
    /// The filters' digest.
    f: String,
    /// The call's method, path and body.
    m: String,
    p: String,
    b: Option<Value>,
    /// Records of that page already passed.
    s: usize,
    /// When it expires (Unix seconds).
    e: i64,
}

/// What a cursor is bound to.
#[derive(Debug, Clone, Copy)]
pub struct Binding<'a> {
    pub grant: &'a str,
    pub tool: &'a str,
    /// [`filters_digest`] of the call's arguments.
    pub filters: &'a str,
}

/// Why a cursor is refused; each text tells the model what to do instead.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CursorError {
    #[error("the cursor is damaged or was not issued by this gateway; call the tool again without `cursor`")]
    Damaged,
    #[error("the cursor has expired; call the tool again without `cursor` to start over")]
    Expired,
    #[error("the cursor was issued to another app; call the tool again without `cursor`")]
    OtherGrant,
    #[error("the cursor belongs to {0}, not to this tool; pass it to {0}, or call this tool without `cursor`")]
    OtherTool(String),
    #[error("the cursor was made for other filters; pass the same filters as the call that returned it, or none with a new search")]
    OtherFilters,
}

/// A digest of the arguments that choose the records (everything but `cursor` and `limit`),
/// so a cursor cannot be replayed with other filters.
pub fn filters_digest(arguments: &serde_json::Map<String, Value>) -> String {
    let filters: serde_json::Map<String, Value> = arguments
        .iter()
        .filter(|(name, _)| *name != CURSOR && *name != super::args::LIMIT)
        .map(|(name, value)| (name.clone(), value.clone()))
        .collect();
    // serde_json's map is ordered by key, so equal filters serialise equally.
    let digest = Sha256::digest(Value::Object(filters).to_string().as_bytes());
    URL_SAFE_NO_PAD.encode(&digest[..16])
}

fn cipher(key: &crate::config::VersionedKey) -> Aes256Gcm {
    Aes256Gcm::new(&keys::derive(key, Purpose::ListCursor).into())
}

/// Seals a position for `binding`, valid for `ttl` seconds from `now` (`LIST_CURSOR_TTL_SECONDS`,
/// 15 minutes by default: vendors' own paging tokens live about as long).
pub fn seal(
    ring: &KeyRing,
    binding: Binding<'_>,
    position: &Position,
    now: i64,
    ttl: i64,
) -> String {
    let contents = Contents {
        g: binding.grant.to_owned(),
        t: binding.tool.to_owned(),
        f: binding.filters.to_owned(),
        m: position.call.method.as_str().to_owned(),
        p: position.call.path.clone(),
        b: position.call.body.clone(),
        s: position.skip,
        e: now + ttl,
    };
    let plain = serde_json::to_vec(&contents).expect("a cursor always serialises");
    let key = ring.current();
    let nonce = crate::oauth::secrets::random_bytes::<NONCE_LEN>();
    let sealed = cipher(key)
        .encrypt(Nonce::from_slice(&nonce), plain.as_slice())
        .expect("AES-GCM encryption of an in-memory buffer cannot fail");
    let mut blob = nonce.to_vec();
    blob.extend_from_slice(&sealed);
    format!("{}.{}", key.id, URL_SAFE_NO_PAD.encode(blob))
}

/// Opens a cursor and checks it is this grant's, this tool's, for these filters, and alive.
pub fn open(
    ring: &KeyRing,
    text: &str,
    binding: Binding<'_>,
    now: i64,
) -> Result<Position, CursorError> {
    let (kid, blob) = text.split_once('.').ok_or(CursorError::Damaged)?;
    let key = ring.get(kid).ok_or(CursorError::Damaged)?;
    let blob = URL_SAFE_NO_PAD
        .decode(blob)
        .map_err(|_| CursorError::Damaged)?;
    if blob.len() <= NONCE_LEN {
        return Err(CursorError::Damaged);
    }
    let (nonce, sealed) = blob.split_at(NONCE_LEN);
    let plain = cipher(key)
        .decrypt(Nonce::from_slice(nonce), sealed)
        .map_err(|_| CursorError::Damaged)?;
    let contents: Contents = serde_json::from_slice(&plain).map_err(|_| CursorError::Damaged)?;
    if contents.g != binding.grant {
        return Err(CursorError::OtherGrant);
    }
    if contents.t != binding.tool {
        return Err(CursorError::OtherTool(contents.t));
    }
    if contents.f != binding.filters {
        return Err(CursorError::OtherFilters);
    }
    if contents.e <= now {
        return Err(CursorError::Expired);
    }
    let method = [Verb::Get, Verb::Post, Verb::Put, Verb::Patch, Verb::Delete]
        .into_iter()
        .find(|verb| verb.as_str() == contents.m)
        .ok_or(CursorError::Damaged)?;
    Ok(Position {
        call: Call::with(method, contents.p, contents.b),
        skip: contents.s,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn ring() -> KeyRing {
        KeyRing::parse("T", "k2:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8,k1:Hx4dHBsaGRgXFhUUExIREA8ODQwLCgkIBwYFBAMCAQA").unwrap()
    }

    fn position() -> Position {
        Position {
            call: Call::post(
                "https://z.example/v1.0/Tickets/query/next?paging=abc",
                json!({"filter": [], "MaxRecords": 50}),
            ),
            skip: 7,
        }
    }

    const TTL: i64 = 900;

    const BINDING: Binding<'static> = Binding {
        grant: "gr_1",
        tool: "autotask_search_tickets",
        filters: "f1",
    };

    #[test]
    fn a_cursor_goes_on_where_it_stopped() {
        let cursor = seal(&ring(), BINDING, &position(), 1000, TTL);
        assert!(cursor.starts_with("k2."));
        assert!(!cursor.contains("paging"), "the contents are not readable");
        assert_eq!(open(&ring(), &cursor, BINDING, 1000 + 60), Ok(position()));
    }

    #[test]
    fn every_misuse_has_its_own_refusal() {
        let cursor = seal(&ring(), BINDING, &position(), 1000, TTL);
        let mut tampered = cursor.clone().into_bytes();
        let last = tampered.len() - 3;
        tampered[last] = if tampered[last] == b'A' { b'B' } else { b'A' };
        let tampered = String::from_utf8(tampered).unwrap();
        assert_eq!(
            open(&ring(), &tampered, BINDING, 1001),
            Err(CursorError::Damaged)
        );
        assert_eq!(
            open(&ring(), "garbage", BINDING, 1001),
            Err(CursorError::Damaged)
        );
        assert_eq!(
            open(&ring(), "k9.AAAA", BINDING, 1001),
            Err(CursorError::Damaged)
        );
        assert_eq!(
            open(&ring(), &cursor, BINDING, 1000 + TTL),
            Err(CursorError::Expired)
        );
        let other_grant = Binding {
            grant: "gr_2",
            ..BINDING
        };
        assert_eq!(
            open(&ring(), &cursor, other_grant, 1001),
            Err(CursorError::OtherGrant)
        );
        let other_tool = Binding {
            tool: "autotask_search_companies",
            ..BINDING
        };
        let refused = open(&ring(), &cursor, other_tool, 1001).unwrap_err();
        assert_eq!(
            refused,
            CursorError::OtherTool("autotask_search_tickets".into())
        );
        assert!(refused.to_string().contains("autotask_search_tickets"));
        let other_filters = Binding {
            filters: "f2",
            ..BINDING
        };
        assert_eq!(
            open(&ring(), &cursor, other_filters, 1001),
            Err(CursorError::OtherFilters)
        );
    }

    #[test]
    fn filters_leave_out_the_cursor_and_the_limit() {
        let a = json!({"company_id": "5", "limit": 10, "cursor": "x"});
        let b = json!({"limit": 200, "company_id": "5"});
        let c = json!({"company_id": "6"});
        let digest = |v: &Value| filters_digest(v.as_object().unwrap());
        assert_eq!(digest(&a), digest(&b));
        assert_ne!(digest(&a), digest(&c));
    }
}
