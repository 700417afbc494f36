//! The contents of a Client ID Metadata Document: what the gateway reads from it and how it
//! is validated into a public client (draft-ietf-oauth-client-id-metadata-document §4).

use super::super::clients::Client;
use super::super::error::{ErrorCode, OAuthError};
use super::super::{redirect, registration::clean_name};
use serde::{Deserialize, Serialize};

/// The fields of a metadata document the gateway uses.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Document {
    /// Must equal the URL the document was fetched from.
    pub client_id: String,
    /// The name the client gives itself (unverified unless its host is trusted).
    #[serde(default)]
    pub client_name: Option<String>,
    /// Where authorization codes may be sent.
    #[serde(default)]
    pub redirect_uris: Vec<String>,
    /// Only `none` (public clients) is accepted.
    #[serde(default)]
    pub token_endpoint_auth_method: Option<String>,
}

/// An `invalid_client` error about the document.
pub fn document_error(description: impl Into<String>) -> OAuthError {
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

/// Parses a fetched body into a document.
pub fn parse(body: &[u8]) -> Result<Document, OAuthError> {
    serde_json::from_slice(body).map_err(|_| {
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
            crate::oauth::registration::AuthMethod::None
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
