//! Dynamic Client Registration (RFC 7591): validating a registration request into the client
//! record the gateway stores.

use super::error::{ErrorCode, OAuthError};
use super::redirect;
use serde::Deserialize;

/// How a client authenticates at the token endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthMethod {
    /// A public client (PKCE only).
    None,
    /// `client_secret` in the form body.
    ClientSecretPost,
    /// HTTP Basic with the client id and secret.
    ClientSecretBasic,
}

impl AuthMethod {
    /// The method's registered name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::ClientSecretPost => "client_secret_post",
            Self::ClientSecretBasic => "client_secret_basic",
        }
    }

    /// Parses a registered name.
    pub fn parse(name: &str) -> Option<Self> {
        [Self::None, Self::ClientSecretPost, Self::ClientSecretBasic]
            .into_iter()
            .find(|method| method.as_str() == name)
    }

    /// Whether clients using this method hold a secret.
    pub fn is_confidential(self) -> bool {
        self != Self::None
    }
}

/// The fields of a registration request the gateway reads (RFC 7591 §2, OIDC `application_type`).
#[derive(Debug, Default, Deserialize)]
pub struct RegistrationRequest {
    #[serde(default)]
    pub redirect_uris: Option<Vec<String>>,
    #[serde(default)]
    pub token_endpoint_auth_method: Option<String>,
    #[serde(default)]
    pub grant_types: Option<Vec<String>>,
    #[serde(default)]
    pub response_types: Option<Vec<String>>,
    #[serde(default)]
    pub client_name: Option<String>,
    #[serde(default)]
    pub client_uri: Option<String>,
    #[serde(default)]
    pub logo_uri: Option<String>,
    #[serde(default)]
    pub application_type: Option<String>,
    #[serde(default)]
    pub software_id: Option<String>,
    #[serde(default)]
    pub software_version: Option<String>,
}

/// A validated client, ready to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientMetadata {
    pub name: String,
    pub redirect_uris: Vec<String>,
    pub grant_types: Vec<String>,
    pub auth_method: AuthMethod,
    pub application_type: String,
    pub client_uri: Option<String>,
    pub logo_uri: Option<String>,
}

const MAX_REDIRECT_URIS: usize = 10;
const MAX_NAME_CHARS: usize = 100;
const GRANT_TYPES: &[&str] = &["authorization_code", "refresh_token"];

fn metadata_error(description: impl Into<String>) -> OAuthError {
    OAuthError::new(ErrorCode::InvalidClientMetadata, description)
}

fn optional_https_url(field: &str, value: Option<String>) -> Result<Option<String>, OAuthError> {
    match value.filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(value) => match url::Url::parse(&value) {
            Ok(url) if url.scheme() == "https" => Ok(Some(value)),
            _ => Err(metadata_error(format!("{field} must be an https URL"))),
        },
    }
}

/// A display name made safe: control characters removed, length bounded.
pub fn clean_name(name: &str) -> String {
    name.chars()
        .filter(|c| !c.is_control())
        .take(MAX_NAME_CHARS)
        .collect::<String>()
        .trim()
        .to_owned()
}

impl RegistrationRequest {
    /// Validates the request; errors are `invalid_redirect_uri` or `invalid_client_metadata`.
    pub fn validate(self) -> Result<ClientMetadata, OAuthError> {
        let redirect_uris = self.redirect_uris.unwrap_or_default();
        if redirect_uris.is_empty() {
            return Err(OAuthError::new(
                ErrorCode::InvalidRedirectUri,
                "redirect_uris must list at least one URI",
            ));
        }
        if redirect_uris.len() > MAX_REDIRECT_URIS {
            return Err(OAuthError::new(
                ErrorCode::InvalidRedirectUri,
                format!("at most {MAX_REDIRECT_URIS} redirect_uris may be registered"),
            ));
        }
        for uri in &redirect_uris {
            redirect::validate_registration(uri)
                .map_err(|e| OAuthError::new(ErrorCode::InvalidRedirectUri, e.to_string()))?;
        }

        // RFC 7591 §2: the default method is client_secret_basic.
        let auth_method = match self.token_endpoint_auth_method.as_deref() {
            None => AuthMethod::ClientSecretBasic,
            Some(name) => AuthMethod::parse(name).ok_or_else(|| {
                metadata_error(format!(
                    "token_endpoint_auth_method {name} is not supported (none, client_secret_post, client_secret_basic)"
                ))
            })?,
        };
        let grant_types = self
            .grant_types
            .unwrap_or_else(|| vec!["authorization_code".into()]);
        if let Some(unsupported) = grant_types
            .iter()
            .find(|g| !GRANT_TYPES.contains(&g.as_str()))
        {
            return Err(metadata_error(format!(
                "grant type {unsupported} is not supported"
            )));
        }
        if !grant_types.iter().any(|g| g == "authorization_code") {
            return Err(metadata_error(
                "grant_types must include authorization_code",
            ));
        }
        if let Some(types) = &self.response_types {
            if types.iter().any(|t| t != "code") {
                return Err(metadata_error("only the response type code is supported"));
            }
        }
        let application_type = match self.application_type.as_deref() {
            None | Some("web") => "web",
            Some("native") => "native",
            Some(other) => {
                return Err(metadata_error(format!(
                    "application_type {other} is not supported (web or native)"
                )))
            }
        };
        let client_uri = optional_https_url("client_uri", self.client_uri)?;
        let logo_uri = optional_https_url("logo_uri", self.logo_uri)?;
        let name = self
            .client_name
            .as_deref()
            .map(clean_name)
            .filter(|name| !name.is_empty())
            .unwrap_or_else(|| "Unnamed MCP client".to_owned());
        Ok(ClientMetadata {
            name,
            redirect_uris,
            grant_types,
            auth_method,
            application_type: application_type.to_owned(),
            client_uri,
            logo_uri,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(json: serde_json::Value) -> Result<ClientMetadata, OAuthError> {
        serde_json::from_value::<RegistrationRequest>(json)
            .unwrap()
            .validate()
    }

    #[test]
    fn a_typical_public_native_client_registers() {
        let client = request(serde_json::json!({
            "redirect_uris": ["http://localhost:3334/oauth/callback"],
            "token_endpoint_auth_method": "none",
            "grant_types": ["authorization_code", "refresh_token"],
            "response_types": ["code"],
            "client_name": "MCP CLI Client\u{7}",
            "application_type": "native"
        }))
        .unwrap();
        assert_eq!(client.auth_method, AuthMethod::None);
        assert_eq!(client.name, "MCP CLI Client");
        assert_eq!(client.application_type, "native");
    }

    #[test]
    fn defaults_follow_rfc_7591() {
        let client = request(
            serde_json::json!({"redirect_uris": ["https://claude.ai/api/mcp/auth_callback"]}),
        )
        .unwrap();
        assert_eq!(client.auth_method, AuthMethod::ClientSecretBasic);
        assert_eq!(client.grant_types, vec!["authorization_code"]);
        assert_eq!(client.name, "Unnamed MCP client");
    }

    #[test]
    fn bad_metadata_gets_the_precise_error() {
        for (json, code, needle) in [
            (
                serde_json::json!({}),
                ErrorCode::InvalidRedirectUri,
                "at least one",
            ),
            (
                serde_json::json!({"redirect_uris": ["http://evil.example/cb"]}),
                ErrorCode::InvalidRedirectUri,
                "https",
            ),
            (
                serde_json::json!({"redirect_uris": ["https://a.example/cb"], "token_endpoint_auth_method": "private_key_jwt"}),
                ErrorCode::InvalidClientMetadata,
                "private_key_jwt",
            ),
            (
                serde_json::json!({"redirect_uris": ["https://a.example/cb"], "grant_types": ["client_credentials"]}),
                ErrorCode::InvalidClientMetadata,
                "client_credentials",
            ),
            (
                serde_json::json!({"redirect_uris": ["https://a.example/cb"], "response_types": ["token"]}),
                ErrorCode::InvalidClientMetadata,
                "response type",
            ),
            (
                serde_json::json!({"redirect_uris": ["https://a.example/cb"], "logo_uri": "http://a.example/x.png"}),
                ErrorCode::InvalidClientMetadata,
                "logo_uri",
            ),
        ] {
            let error = request(json).unwrap_err();
            assert_eq!(error.code, code);
            assert!(error.description.contains(needle), "{}", error.description);
        }
    }
}
