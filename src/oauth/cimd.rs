//! Client ID Metadata Documents (draft-ietf-oauth-client-id-metadata-document): a client whose
//! `client_id` is an https URL publishes its metadata there. The gateway fetches it with a
//! size and time limit and no redirects, validates it, and caches it in KV.

use super::clients::Client;
use super::error::{ErrorCode, OAuthError};
use super::{redirect, registration::clean_name, secrets};
use crate::config::{Config, Environment};
use futures::future::{select, Either};
use serde::{Deserialize, Serialize};
use std::time::Duration;
use url::{Host, Url};
use worker::{AbortController, Delay, Env, Fetch, Method, Request, RequestInit, RequestRedirect};

const MAX_BYTES: usize = 16 * 1024;
const FETCH_TIMEOUT: Duration = Duration::from_secs(5);
const CACHE_TTL_SECONDS: u64 = 3_600;

/// The fields of a metadata document the gateway uses.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Document {
    pub client_id: String,
    #[serde(default)]
    pub client_name: Option<String>,
    #[serde(default)]
    pub redirect_uris: Vec<String>,
    #[serde(default)]
    pub token_endpoint_auth_method: Option<String>,
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(Host::Domain(domain)) => domain.eq_ignore_ascii_case("localhost"),
        Some(Host::Ipv4(ip)) => ip.is_loopback(),
        Some(Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

/// Whether a `client_id` is a metadata document URL the gateway will fetch: https with a path
/// and a DNS host; plain http to loopback only in development.
pub fn is_document_url(client_id: &str, config: &Config) -> bool {
    let Ok(url) = Url::parse(client_id) else {
        return false;
    };
    let has_path = url.path() != "/";
    match url.scheme() {
        "https" => {
            has_path
                && matches!(url.host(), Some(Host::Domain(d)) if !d.eq_ignore_ascii_case("localhost"))
        }
        "http" => has_path && config.environment == Environment::Development && is_loopback(&url),
        _ => false,
    }
}

fn document_error(description: impl Into<String>) -> OAuthError {
    OAuthError::new(ErrorCode::InvalidClient, description)
}

/// Validates a fetched document for `client_id` into a client.
pub fn validate(client_id: &str, document: Document) -> Result<Client, OAuthError> {
    if document.client_id != client_id {
        return Err(document_error(
            "the metadata document's client_id does not equal its URL",
        ));
    }
    let name = document
        .client_name
        .as_deref()
        .map(clean_name)
        .filter(|n| !n.is_empty());
    let name = name.ok_or_else(|| document_error("the metadata document has no client_name"))?;
    if document.redirect_uris.is_empty() {
        return Err(document_error(
            "the metadata document lists no redirect_uris",
        ));
    }
    for uri in &document.redirect_uris {
        redirect::validate_registration(uri)
            .map_err(|e| document_error(format!("metadata document: {e}")))?;
    }
    match document.token_endpoint_auth_method.as_deref() {
        None | Some("none") => {}
        Some(other) => {
            return Err(document_error(format!(
                "metadata document clients must be public (token_endpoint_auth_method none), not {other}"
            )))
        }
    }
    Ok(Client::from_document(
        client_id.to_owned(),
        name,
        document.redirect_uris,
    ))
}

fn cache_key(client_id: &str) -> String {
    format!("cimd:{}", secrets::hash(client_id))
}

/// The client a metadata document URL identifies, from the KV cache or fetched.
pub async fn resolve(env: &Env, client_id: &str) -> Result<Client, OAuthError> {
    let kv = env
        .kv("CACHE")
        .map_err(|e| OAuthError::new(ErrorCode::ServerError, e.to_string()))?;
    if let Ok(Some(document)) = kv.get(&cache_key(client_id)).json::<Document>().await {
        return validate(client_id, document);
    }
    let document = fetch(client_id).await?;
    let client = validate(client_id, document.clone())?;
    if let Ok(put) = kv.put(&cache_key(client_id), &document) {
        let _ = put.expiration_ttl(CACHE_TTL_SECONDS).execute().await;
    }
    Ok(client)
}

async fn fetch(client_id: &str) -> Result<Document, OAuthError> {
    let unreachable = |why: &str| {
        document_error(format!(
            "the client's metadata document could not be fetched: {why}"
        ))
    };
    let mut init = RequestInit::new();
    init.with_method(Method::Get)
        .with_redirect(RequestRedirect::Manual);
    let request =
        Request::new_with_init(client_id, &init).map_err(|_| unreachable("invalid URL"))?;
    request
        .headers()
        .set("accept", "application/json")
        .map_err(|_| unreachable("invalid request"))?;
    let controller = AbortController::default();
    let signal = controller.signal();
    let sending = Fetch::Request(request);
    let send = Box::pin(sending.send_with_signal(&signal));
    let mut response = match select(send, Box::pin(Delay::from(FETCH_TIMEOUT))).await {
        Either::Left((Ok(response), _)) => response,
        Either::Left((Err(_), _)) => return Err(unreachable("the request failed")),
        Either::Right(_) => {
            controller.abort();
            return Err(unreachable("it took longer than 5 seconds"));
        }
    };
    if response.status_code() != 200 {
        return Err(unreachable(&format!(
            "it answered HTTP {}",
            response.status_code()
        )));
    }
    let bytes = response
        .bytes()
        .await
        .map_err(|_| unreachable("the body could not be read"))?;
    if bytes.len() > MAX_BYTES {
        return Err(unreachable("it is larger than 16 KiB"));
    }
    serde_json::from_slice(&bytes).map_err(|_| {
        document_error("the client's metadata document is not valid JSON of the expected shape")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "https://app.example/oauth/client.json";

    fn doc(json: serde_json::Value) -> Document {
        serde_json::from_value(json).unwrap()
    }

    #[test]
    fn a_valid_document_becomes_a_public_client() {
        let client = validate(ID, doc(serde_json::json!({
            "client_id": ID, "client_name": "Example", "redirect_uris": ["http://127.0.0.1:3000/callback"],
            "token_endpoint_auth_method": "none"
        })))
        .unwrap();
        assert_eq!(client.name, "Example");
        assert_eq!(
            client.auth_method,
            super::super::registration::AuthMethod::None
        );
    }

    #[test]
    fn mismatched_or_incomplete_documents_are_refused() {
        for (json, needle) in [
            (
                serde_json::json!({"client_id": "https://other.example/c.json", "client_name": "X", "redirect_uris": ["https://a.example/cb"]}),
                "does not equal",
            ),
            (
                serde_json::json!({"client_id": ID, "redirect_uris": ["https://a.example/cb"]}),
                "client_name",
            ),
            (
                serde_json::json!({"client_id": ID, "client_name": "X"}),
                "redirect_uris",
            ),
            (
                serde_json::json!({"client_id": ID, "client_name": "X", "redirect_uris": ["http://evil.example/cb"]}),
                "https",
            ),
            (
                serde_json::json!({"client_id": ID, "client_name": "X", "redirect_uris": ["https://a.example/cb"], "token_endpoint_auth_method": "private_key_jwt"}),
                "public",
            ),
        ] {
            let error = validate(ID, doc(json)).unwrap_err();
            assert_eq!(error.code, ErrorCode::InvalidClient);
            assert!(error.description.contains(needle), "{}", error.description);
        }
    }
}
