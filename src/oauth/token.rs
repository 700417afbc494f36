//! `POST /oauth/token`: the `authorization_code` and `refresh_token` grants.

use super::access_token::{self, AccessClaims};
use super::authorize::vendor_for_resource;
use super::clients::{Client, ClientRequest};
use super::error::{ErrorCode, OAuthError};
use super::refresh::{self, Decision, Presented};
use super::scopes::{Scope, ScopeSet};
use super::store::{self, GrantRow};
use super::{pkce, respond, secrets};
use crate::audit::{Action, Event};
use crate::config::Config;
use crate::db::{self, Db, Statement};
use crate::form::Form;
use serde_json::json;
use worker::{Env, Request, Response, Result};

const SINGLE_VALUED: [&str; 9] = [
    "grant_type",
    "code",
    "redirect_uri",
    "code_verifier",
    "refresh_token",
    "client_id",
    "client_secret",
    "resource",
    "scope",
];

/// Handles a token request.
pub async fn handle(mut req: Request, env: &Env, config: &Config, db: &Db) -> Result<Response> {
    let request = match ClientRequest::read(&mut req, &SINGLE_VALUED).await? {
        Ok(request) => request,
        Err(error) => return respond::error(&error, true),
    };
    let outcome = async {
        let form = &request.form;
        match form.get("grant_type") {
            Some("authorization_code") => {
                let client = request.authenticate(env, config, db).await?;
                exchange_code(form, &client, config, db).await
            }
            Some("refresh_token") => refresh(&request, env, config, db).await,
            None => Err(OAuthError::invalid_request("grant_type is required")),
            Some(other) => Err(OAuthError::new(
                ErrorCode::UnsupportedGrantType,
                format!("grant_type {other} is not supported"),
            )),
        }
    }
    .await;
    match outcome {
        Ok(body) => respond::json(200, &body),
        Err(error) => respond::error(&error, request.used_basic()),
    }
}

fn server_error(error: worker::Error) -> OAuthError {
    OAuthError::new(ErrorCode::ServerError, format!("storage failed: {error}"))
}

fn check_resource(
    config: &Config,
    form: &Form,
    grant: &GrantRow,
) -> std::result::Result<(), OAuthError> {
    let Some(resource) = form.get("resource") else {
        return Ok(());
    };
    match vendor_for_resource(config.origin(), Some(resource))? {
        Some(vendor) if vendor.id == grant.vendor => Ok(()),
        _ => Err(OAuthError::new(
            ErrorCode::InvalidTarget,
            format!("this grant is for {}, not {resource}", grant.resource),
        )),
    }
}

async fn exchange_code(
    form: &Form,
    client: &Client,
    config: &Config,
    db: &Db,
) -> std::result::Result<serde_json::Value, OAuthError> {
    let code = form
        .get("code")
        .ok_or_else(|| OAuthError::invalid_request("code is required"))?;
    let code_hash = secrets::hash(code);
    let now = db::now();
    let row = store::code(db, &code_hash)
        .await
        .map_err(server_error)?
        .ok_or_else(|| OAuthError::invalid_grant("the authorization code is unknown"))?;
    if row.client_id != client.id {
        return Err(OAuthError::invalid_grant(
            "the authorization code was issued to another client",
        ));
    }
    if row.used_at.is_some() {
        store::revoke_grant(db, &row.grant_id, "authorization code reused", now)
            .await
            .map_err(server_error)?;
        return Err(OAuthError::invalid_grant(
            "the authorization code was already used; the tokens issued with it are revoked",
        ));
    }
    // Any redemption attempt uses the code up (OAuth 2.1 §4.1.3, RFC 9700 §2.1.1): a wrong
    // verifier cannot be followed by a right one.
    if !store::consume_code(db, &code_hash, now)
        .await
        .map_err(server_error)?
    {
        store::revoke_grant(db, &row.grant_id, "authorization code reused", now)
            .await
            .map_err(server_error)?;
        return Err(OAuthError::invalid_grant(
            "the authorization code was already used; the tokens issued with it are revoked",
        ));
    }
    let checked = check_redemption(form, &row, now, config, db).await;
    let grant = match checked {
        Ok(grant) => grant,
        Err(error) => {
            // No token will ever come of this grant: take it off the user's list of apps.
            store::revoke_grant(
                db,
                &row.grant_id,
                "authorization code redemption failed",
                now,
            )
            .await
            .map_err(server_error)?;
            return Err(error);
        }
    };
    let (body, writes) = issue(&grant, None, None, config, now);
    if !writes.is_empty() {
        db.batch(writes).await.map_err(server_error)?;
    }
    Ok(body)
}

/// The checks of a code redemption after the code is used up: expiry, redirect URI, PKCE,
/// the grant still live, and the resource.
async fn check_redemption(
    form: &Form,
    row: &store::CodeRow,
    now: i64,
    config: &Config,
    db: &Db,
) -> std::result::Result<store::GrantRow, OAuthError> {
    if now >= row.expires_at {
        return Err(OAuthError::invalid_grant(
            "the authorization code has expired",
        ));
    }
    if form
        .get("redirect_uri")
        .is_some_and(|uri| uri != row.redirect_uri)
    {
        return Err(OAuthError::invalid_grant(
            "redirect_uri does not match the authorization request",
        ));
    }
    pkce::verify(form.get("code_verifier"), &row.code_challenge)?;
    let grant = store::grant(db, &row.grant_id)
        .await
        .map_err(server_error)?
        .ok_or_else(|| OAuthError::invalid_grant("the grant no longer exists"))?;
    if grant.revoked_at.is_some() {
        return Err(OAuthError::invalid_grant("the grant has been revoked"));
    }
    check_resource(config, form, &grant)?;
    Ok(grant)
}

/// The refresh grant in three storage round trips: the client and the token read together,
/// the rotation (compare-and-set), then the new token with its audit event in one batch.
async fn refresh(
    request: &ClientRequest,
    env: &Env,
    config: &Config,
    db: &Db,
) -> std::result::Result<serde_json::Value, OAuthError> {
    let form = &request.form;
    let Some(token) = form.get("refresh_token") else {
        // The client's own failure is reported first, as for every grant.
        request.authenticate(env, config, db).await?;
        return Err(OAuthError::invalid_request("refresh_token is required"));
    };
    let token_hash = secrets::hash(token);
    let now = db::now();
    let (client, row) = futures::future::join(
        request.authenticate(env, config, db),
        store::refresh_token(db, &token_hash),
    )
    .await;
    let client = client?;
    let row = row
        .map_err(server_error)?
        .ok_or_else(|| OAuthError::invalid_grant("the refresh token is unknown"))?;
    let presented = Presented {
        status: row.status(),
        expires_at: row.expires_at,
        grant_revoked: row.grant.revoked_at.is_some(),
        same_client: row.grant.client_id == client.id,
        parent_of_active: row.parent_of_active != 0,
        retried: row.retried_at.is_some(),
    };
    let grant = row.grant;
    check_resource(config, form, &grant)?;
    let narrowed = match form.get("scope") {
        None => None,
        Some(text) => {
            let asked = ScopeSet::parse(text)?;
            if !ScopeSet::parse(&grant.scope)
                .unwrap_or_default()
                .covers(&asked)
            {
                return Err(OAuthError::new(
                    ErrorCode::InvalidScope,
                    "the requested scope exceeds what was granted",
                ));
            }
            Some(asked)
        }
    };
    let won = match refresh::decide(&presented, now, config.refresh_grace) {
        // Losing the rotation to a concurrent request with the same token makes this the
        // retry of that request.
        Decision::Rotate => {
            store::mark_rotated(db, &token_hash, now)
                .await
                .map_err(server_error)?
                || retry(db, &grant.id, &token_hash, now).await?
        }
        Decision::ReplaceSuccessor => retry(db, &grant.id, &token_hash, now).await?,
        Decision::Refuse(error) => return Err(error),
        Decision::RevokeGrant(error) => {
            store::revoke_grant(db, &grant.id, "refresh token reuse", now)
                .await
                .map_err(server_error)?;
            Event::for_user(&grant.tenant_id, &grant.user_id, Action::GrantRevoked)
                .on(Some(&grant.vendor), &grant.id)
                .detail("a used refresh token was presented again")
                .failed()
                .record(db, now)
                .await
                .map_err(server_error)?;
            return Err(error);
        }
    };
    if !won {
        return Err(OAuthError::invalid_grant(
            "a concurrent refresh already used this token",
        ));
    }
    let detail = format!("by {}", client.name);
    let refreshed = Event::for_user(&grant.tenant_id, &grant.user_id, Action::GrantRefreshed)
        .on(Some(&grant.vendor), &grant.id)
        .detail(&detail)
        .statement(now);
    let (body, writes) = issue(&grant, Some(&token_hash), narrowed, config, now);
    db.batch(std::iter::once(refreshed).chain(writes).collect())
        .await
        .map_err(server_error)?;
    Ok(body)
}

/// Spends a rotated token's one retry and discards the successor its client never got; false
/// when another request got there first (then nothing is issued).
async fn retry(
    db: &Db,
    grant_id: &str,
    token_hash: &str,
    now: i64,
) -> std::result::Result<bool, OAuthError> {
    Ok(store::claim_retry(db, token_hash, now)
        .await
        .map_err(server_error)?
        && store::discard_successor(db, grant_id, token_hash)
            .await
            .map_err(server_error)?)
}

/// Issues an access token (and a refresh token when the grant allows offline access): the
/// token response, and the writes that store it for the caller to run with its own.
fn issue(
    grant: &GrantRow,
    parent: Option<&str>,
    narrowed: Option<ScopeSet>,
    config: &Config,
    now: i64,
) -> (serde_json::Value, Vec<Statement>) {
    let granted = ScopeSet::parse(&grant.scope).unwrap_or_default();
    let scope = narrowed.unwrap_or_else(|| granted.clone()).to_string();
    let claims = AccessClaims {
        iss: config.origin().to_owned(),
        sub: grant.user_id.clone(),
        aud: grant.resource.clone(),
        jti: secrets::new_id("at"),
        client_id: grant.client_id.clone(),
        tid: grant.tenant_id.clone(),
        gid: grant.id.clone(),
        scope: scope.clone(),
    };
    let access_token = access_token::issue(
        &config.token_signing_keys,
        claims,
        now,
        config.access_token_ttl,
    );
    let mut body = json!({
        "access_token": access_token,
        "token_type": "Bearer",
        "expires_in": config.access_token_ttl,
        "scope": scope,
    });
    let mut writes = Vec::new();
    if granted.contains(Scope::OfflineAccess) {
        let refresh_token = secrets::new_secret("mcr");
        writes.push(store::insert_refresh_token(
            &secrets::hash(&refresh_token),
            &grant.id,
            parent,
            now,
            config.refresh_token_ttl,
        ));
        body["refresh_token"] = json!(refresh_token);
    }
    (body, writes)
}
