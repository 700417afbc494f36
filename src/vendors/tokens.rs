//! The engine's OAuth half (`kit/oauth.rs` is the pure one): token requests to a vendor's own
//! authorisation server through the `oauth2` crate, whose HTTP is the engine's `fetch`
//! ([`super::engine::send`]: timeout, capped answers, redirects only on the same origin), and
//! a rotated refresh token sealed back into its connection with a compare-and-set.
//!
//! The engine calls [`obtain`] when it has no cached access token (or the vendor refused the
//! cached one); the sign-in callback (`settings/sign_in.rs`) calls [`request`] to redeem a code.

use super::engine::{self, Target};
use super::kit::fields::Credentials;
use super::kit::oauth::{self, Endpoints, Exchange, Grant, OAuthApi, Tokens};
use super::kit::upstream::{UpstreamError, VendorSession};
use crate::config::Config;
use crate::db::{self, Db};
use crate::vault::connections::{self, Connection};
use oauth2::HttpRequest;
use serde_json::json;
use std::rc::Rc;
use worker::Env;

/// A token for a call, and the connection's new fingerprint when a rotated refresh token was
/// stored (so the engine caches the token where the next request looks).
pub struct Obtained {
    pub session: VendorSession,
    pub renewed: Option<String>,
}

/// One token request over the engine's `fetch`. `secrets` are redacted from vendor reasons.
pub async fn request(
    config: &Config,
    endpoints: &Endpoints,
    exchange: Exchange<'_>,
    secrets: &[String],
) -> Result<Tokens, UpstreamError> {
    // The crate's HTTP function owns what its futures use.
    let shared = Rc::new((config.clone(), secrets.to_vec()));
    let http = move |request: HttpRequest| {
        let shared = Rc::clone(&shared);
        async move {
            let (config, secrets) = &*shared;
            let outgoing = oauth::outgoing(&request)?;
            let response = engine::send(config, &outgoing).await?;
            let secrets: Vec<&str> = secrets.iter().map(String::as_str).collect();
            oauth::answer(response, &secrets)
        }
    };
    let secrets: Vec<&str> = secrets.iter().map(String::as_str).collect();
    oauth::request(&http, endpoints, exchange, &secrets).await
}

/// The authorisation server's endpoints for a target (at the configured override in tests).
pub fn endpoints(config: &Config, target: &Target<'_>, oauth: &OAuthApi) -> Endpoints {
    (oauth.endpoints)(target.credentials, &target.base_url(config))
}

/// A fresh access token for the target's stored grant. A refresh that brings a new refresh
/// token stores it in the connection. A refused refresh is checked against the stored row
/// first: when another request rotated the token a moment ago, its successor is used instead
/// of calling the connection dead.
pub async fn obtain(
    env: &Env,
    config: &Config,
    target: &Target<'_>,
    oauth: &OAuthApi,
) -> Result<Obtained, UpstreamError> {
    let endpoints = endpoints(config, target, oauth);
    let grant = (oauth.grant)(target.credentials);
    let secrets = target.credentials.secret_values();
    match request(config, &endpoints, Exchange::Grant(&grant), &secrets).await {
        Ok(tokens) => {
            let renewed = store_rotation(env, config, target, oauth, &grant, &tokens, None).await;
            Ok(Obtained {
                session: tokens.session(),
                renewed,
            })
        }
        Err(error @ UpstreamError::Unauthorized { .. })
            if matches!(grant, Grant::Refresh { .. }) =>
        {
            match rotated_elsewhere(env, config, target, oauth, &endpoints).await {
                Some(obtained) => Ok(obtained),
                None => Err(error),
            }
        }
        Err(error) => Err(error),
    }
}

/// When the stored row holds another refresh token than the one just refused (a concurrent
/// request rotated it), a token from that one: cached by the other request, or refreshed here.
async fn rotated_elsewhere(
    env: &Env,
    config: &Config,
    target: &Target<'_>,
    oauth: &OAuthApi,
    endpoints: &Endpoints,
) -> Option<Obtained> {
    let db = Db::from_env(env).ok()?;
    let row = stored(&db, target).await?;
    let fingerprint = row.fingerprint();
    if fingerprint == target.fingerprint || !row.is_active() {
        return None;
    }
    let key = engine::session_cache_key(target.connection_id, &fingerprint);
    if let Some(session) = engine::cached_session(env, config, target, &key).await {
        return Some(Obtained {
            session,
            renewed: Some(fingerprint),
        });
    }
    let credentials = row.open(&config.credential_keys).ok()?;
    let grant = (oauth.grant)(&credentials);
    let secrets = credentials.secret_values();
    let tokens = request(config, endpoints, Exchange::Grant(&grant), &secrets)
        .await
        .ok()?;
    let current = Target {
        credentials: &credentials,
        fingerprint: &fingerprint,
        ..*target
    };
    let renewed = store_rotation(env, config, &current, oauth, &grant, &tokens, Some(row))
        .await
        .or(Some(fingerprint));
    Some(Obtained {
        session: tokens.session(),
        renewed,
    })
}

async fn stored(db: &Db, target: &Target<'_>) -> Option<Connection> {
    connections::find(db, target.tenant_id, target.user_id, target.connection_id)
        .await
        .ok()
        .flatten()
}

/// Seals a refresh token the vendor rotated into the connection, if it is still the one the
/// target was opened from. Returns the connection's new fingerprint when stored.
async fn store_rotation(
    env: &Env,
    config: &Config,
    target: &Target<'_>,
    oauth: &OAuthApi,
    grant: &Grant,
    tokens: &Tokens,
    row: Option<Connection>,
) -> Option<String> {
    let (Grant::Refresh { refresh_token, .. }, Some(next), Some(sign_in)) =
        (grant, &tokens.refresh_token, &oauth.sign_in)
    else {
        return None;
    };
    if next == refresh_token {
        return None;
    }
    let db = Db::from_env(env).ok()?;
    let row = match row {
        Some(row) => row,
        None => stored(&db, target).await?,
    };
    let previous = row.sealed.clone()?;
    if row.fingerprint() != target.fingerprint {
        return None;
    }
    let mut credentials: Credentials = target.credentials.clone();
    credentials
        .secrets
        .insert(sign_in.refresh_field.to_owned(), next.clone());
    let binding = connections::binding(
        target.tenant_id,
        target.user_id,
        target.vendor.id,
        target.connection_id,
        &row.settings,
    );
    let sealed = connections::seal_credentials(&config.credential_keys, &binding, &credentials);
    match connections::replace_sealed(&db, &row, &previous, &sealed, db::now()).await {
        Ok(true) => Some(connections::fingerprint(&sealed.blob)),
        outcome => {
            // The vendor's new refresh token could not be kept; the next refresh will tell
            // whether the old one still works. No token is logged.
            worker::console_error!(
                "{}",
                json!({
                    "event": "refresh_token_not_stored",
                    "connection": target.connection_id,
                    "error": outcome.err().map(|e| e.to_string()),
                })
            );
            None
        }
    }
}
