//! `POST /oauth/revoke` (RFC 7009): a client revokes a refresh or access token it holds, which
//! revokes the whole grant. Unknown tokens, and tokens of other clients, get the same 200 so
//! the endpoint reveals nothing.

use super::access_token;
use super::clients::ClientRequest;
use super::error::OAuthError;
use super::{respond, secrets, store};
use crate::audit::{Action, Event};
use crate::config::Config;
use crate::db::{self, Db};
use worker::{Env, Request, Response, Result};

/// Handles a revocation request.
pub async fn handle(mut req: Request, env: &Env, config: &Config, db: &Db) -> Result<Response> {
    let request =
        match ClientRequest::read(&mut req, &["token", "token_type_hint", "client_id"]).await? {
            Ok(request) => request,
            Err(error) => return respond::error(&error, true),
        };
    let client = match request.authenticate(env, config, db).await {
        Ok(client) => client,
        Err(error) => return respond::error(&error, request.used_basic()),
    };
    let Some(token) = request.form.get("token") else {
        return respond::error(&OAuthError::invalid_request("token is required"), false);
    };
    if let Some(grant_id) = grant_of(token, config, db).await? {
        if let Some(grant) = store::grant(db, &grant_id).await? {
            let now = db::now();
            if grant.client_id == client.id
                && store::revoke_grant(db, &grant.id, "revoked by the client", now).await?
            {
                let detail = format!("by {}", client.name);
                Event::for_user(&grant.tenant_id, &grant.user_id, Action::GrantRevoked)
                    .on(Some(&grant.vendor), &grant.id)
                    .detail(&detail)
                    .record(db, now)
                    .await?;
            }
        }
    }
    respond::json(200, &serde_json::json!({}))
}

/// The grant a refresh token or (unexpired, genuine) access token belongs to.
async fn grant_of(token: &str, config: &Config, db: &Db) -> Result<Option<String>> {
    if let Some(row) = store::refresh_token(db, &secrets::hash(token)).await? {
        return Ok(Some(row.grant.id));
    }
    Ok(access_token::verify(
        &config.token_signing_keys,
        token,
        db::now(),
        config.origin(),
    )
    .ok()
    .map(|claims| claims.gid))
}
