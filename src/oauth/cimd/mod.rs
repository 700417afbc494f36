//! Client ID Metadata Documents (draft-ietf-oauth-client-id-metadata-document): a client whose
//! `client_id` is an https URL publishes its metadata there.
//!
//! `address` decides which URLs are fetched at all, `fetch` reads one within a deadline and a
//! size cap, `document` validates what was read. The outcome is cached in KV under
//! `cimd:<sha256(url)>`: a valid document for an hour, a failure for a minute, so one
//! `client_id` cannot make the gateway fetch on every request.

pub mod address;
pub mod document;
pub mod fetch;

use super::clients::Client;
use super::error::{ErrorCode, OAuthError};
use super::secrets;
use crate::config::Config;
use document::{document_error, Document};
use serde::{Deserialize, Serialize};
use worker::Env;

/// How long a valid document is cached, in seconds.
const DOCUMENT_TTL_SECONDS: u64 = 3_600;
/// How long a failure is cached, in seconds (KV's shortest expiry).
const FAILURE_TTL_SECONDS: u64 = 60;

/// What the cache remembers about a document URL.
#[derive(Debug, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
enum Cached {
    /// The document fetched, which passed validation.
    Document { document: Document },
    /// Why the document could not be used (an `invalid_client` description).
    Failure { reason: String },
}

/// Whether a `client_id` names a metadata document (as opposed to a registered client).
pub fn is_document_url(client_id: &str) -> bool {
    address::is_url_shaped(client_id)
}

fn cache_key(client_id: &str) -> String {
    format!("cimd:{}", secrets::hash(client_id))
}

/// The client a metadata document URL identifies: from the KV cache, or fetched, validated
/// and cached. Every failure is `invalid_client` with a description saying what was wrong.
pub async fn resolve(env: &Env, config: &Config, client_id: &str) -> Result<Client, OAuthError> {
    let url = address::check(client_id, config.environment)
        .map_err(|e| document_error(format!("the client_id URL {e}")))?;
    let kv = env
        .kv("CACHE")
        .map_err(|e| OAuthError::new(ErrorCode::ServerError, e.to_string()))?;
    let key = cache_key(client_id);
    let cached = kv.get(&key).json::<Cached>().await.ok().flatten();
    let outcome = match cached {
        Some(Cached::Document { document }) => document::validate(client_id, document),
        Some(Cached::Failure { reason }) => Err(document_error(reason)),
        None => {
            let fetched = fetch_and_validate(client_id, &url).await;
            let (entry, ttl) = match &fetched {
                Ok((document, _)) => (
                    Cached::Document {
                        document: document.clone(),
                    },
                    DOCUMENT_TTL_SECONDS,
                ),
                Err(error) => (
                    Cached::Failure {
                        reason: error.description.clone(),
                    },
                    FAILURE_TTL_SECONDS,
                ),
            };
            if let Ok(put) = kv.put(&key, &entry) {
                let _ = put.expiration_ttl(ttl).execute().await;
            }
            fetched.map(|(_, client)| client)
        }
    };
    outcome.map(|client| trusted(client, config))
}

async fn fetch_and_validate(
    client_id: &str,
    url: &url::Url,
) -> Result<(Document, Client), OAuthError> {
    let body = fetch::fetch(url).await.map_err(|e| {
        document_error(format!(
            "the client's metadata document could not be fetched: {e}"
        ))
    })?;
    let document = document::parse(&body)?;
    let client = document::validate(client_id, document.clone())?;
    Ok((document, client))
}

/// Marks the client verified when its document's host is one the operator trusts.
fn trusted(mut client: Client, config: &Config) -> Client {
    client.verified = client
        .document_host
        .as_ref()
        .is_some_and(|host| config.trusted_client_hosts.contains(host));
    client
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::names;

    fn config(trusted: &str) -> Config {
        let key = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8";
        Config::from_source(&|name: &str| match name {
            names::PUBLIC_ORIGIN => Some("https://mcp.example.com".to_owned()),
            names::ENVIRONMENT => Some("production".to_owned()),
            names::TOKEN_SIGNING_KEYS | names::CREDENTIAL_KEYS => Some(format!("k1:{key}")),
            names::TRUSTED_CLIENT_HOSTS => Some(trusted.to_owned()),
            _ => None,
        })
        .unwrap()
    }

    fn client(id: &str) -> Client {
        Client::from_document(id.to_owned(), "Claude".to_owned(), Vec::new())
    }

    #[test]
    fn only_documents_on_trusted_hosts_are_verified() {
        let id = "https://claude.ai/oauth/mcp-oauth-client-metadata";
        assert!(
            !trusted(client(id), &config("")).verified,
            "none is trusted by default"
        );
        assert!(trusted(client(id), &config("claude.ai")).verified);
        for other in [
            "https://evil.example/oauth/claude.json",
            "https://claude.ai.evil.example/c.json",
            "https://app.claude.ai/c.json",
        ] {
            assert!(
                !trusted(client(other), &config("claude.ai")).verified,
                "{other}: hosts match exactly"
            );
        }
    }

    #[test]
    fn cached_outcomes_round_trip() {
        let failure = Cached::Failure {
            reason: "the client's metadata document could not be fetched: it answered HTTP 500"
                .into(),
        };
        let text = serde_json::to_string(&failure).unwrap();
        assert!(text.contains(r#""outcome":"failure""#), "{text}");
        assert!(matches!(
            serde_json::from_str::<Cached>(&text).unwrap(),
            Cached::Failure { reason } if reason.ends_with("HTTP 500")
        ));
        let legacy = r#"{"client_id":"https://a.example/c","redirect_uris":[]}"#;
        assert!(
            serde_json::from_str::<Cached>(legacy).is_err(),
            "an entry of the old shape is a miss, fetched again"
        );
    }
}
