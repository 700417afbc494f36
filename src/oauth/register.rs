//! `POST /oauth/register`: Dynamic Client Registration (RFC 7591).

use super::error::OAuthError;
use super::registration::RegistrationRequest;
use super::{respond, secrets, store};
use crate::db::{self, Db};
use serde_json::json;
use worker::{Request, Response, Result};

const MAX_BODY: usize = 16 * 1024;

/// Registers a client and answers 201 with its id (and secret, for confidential clients).
pub async fn handle(mut req: Request, db: &Db) -> Result<Response> {
    let content_type = req.headers().get("content-type")?.unwrap_or_default();
    if !content_type
        .to_ascii_lowercase()
        .starts_with("application/json")
    {
        let error = OAuthError::invalid_request("send the registration as application/json");
        return respond::error(&error, false);
    }
    let body = match crate::body::read(&mut req, MAX_BODY).await? {
        Ok(body) => body,
        Err(crate::body::BodyError::TooLarge { .. }) => {
            return respond::error(
                &OAuthError::invalid_request("the registration is larger than 16 KiB"),
                false,
            )
        }
        Err(broken) => {
            return respond::error(&OAuthError::invalid_request(broken.to_string()), false)
        }
    };
    let request: RegistrationRequest = match serde_json::from_slice(&body) {
        Ok(request) => request,
        Err(problem) => {
            let error = OAuthError::new(
                super::error::ErrorCode::InvalidClientMetadata,
                format!("the registration is not valid JSON of the expected shape: {problem}"),
            );
            return respond::error(&error, false);
        }
    };
    let client = match request.validate() {
        Ok(client) => client,
        Err(error) => return respond::error(&error, false),
    };

    let now = db::now();
    let client_id = secrets::new_id("mcp");
    let secret = client
        .auth_method
        .is_confidential()
        .then(|| secrets::new_secret("mcs"));
    store::insert_client(
        db,
        &client_id,
        secret.as_deref().map(secrets::hash).as_deref(),
        &client,
        now,
    )
    .await?;
    // Registration is where clients appear, so it is where idle ones are swept.
    let _ = store::delete_idle_clients(db, now - super::clients::IDLE_SECONDS).await;

    let mut body = json!({
        "client_id": client_id,
        "client_id_issued_at": now,
        "client_name": client.name,
        "redirect_uris": client.redirect_uris,
        "grant_types": client.grant_types,
        "response_types": ["code"],
        "token_endpoint_auth_method": client.auth_method.as_str(),
        "application_type": client.application_type,
    });
    if let Some(secret) = secret {
        body["client_secret"] = json!(secret);
        body["client_secret_expires_at"] = json!(0);
    }
    if let Some(uri) = client.client_uri {
        body["client_uri"] = json!(uri);
    }
    if let Some(uri) = client.logo_uri {
        body["logo_uri"] = json!(uri);
    }
    respond::json(201, &body)
}
