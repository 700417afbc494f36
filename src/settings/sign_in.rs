//! "Sign in with <vendor>" on the connect page, for vendors with their own OAuth server that
//! offer it (HaloPSA): the authorization code flow with PKCE against the MSP's own instance.
//!
//! 1. `POST /settings/vendors/<vendor>/sign-in` reads the sign-in form (where the vendor is,
//!    the application's client id), and keeps the pending sign-in — PKCE verifier, settings,
//!    the connection it creates or updates, where the page returns — sealed in KV for ten
//!    minutes under a hash of the `state`, bound to the signed-in user. The answer is a short
//!    page that goes on to the vendor (a redirect straight from the form would be stopped by
//!    the page's `form-action 'self'`).
//! 2. The vendor sends the browser back to `GET /settings/vendors/<vendor>/callback?code&state`:
//!    the pending sign-in is taken (used once), must belong to the signed-in user, and the code
//!    is redeemed with its verifier (`oauth2` over the engine's fetch, `vendors/tokens.rs`).
//! 3. The connection is tested with the new access token and saved like the connect form saves
//!    (`connect::save`), the refresh token sealed among its secrets; then back to `return_to`
//!    (the consent page, in an app's OAuth flow).

use super::connect::{self, existing, return_target, Context, Saved, Saving};
use super::{or_respond, signed_in, signed_in_form, SignedIn};
use crate::config::Config;
use crate::db::Db;
use crate::http;
use crate::oauth::registration::clean_name;
use crate::oauth::secrets;
use crate::ui::pages::{ContinueToVendor, FieldView};
use crate::ui::render;
use crate::vault::connections::{self, status};
use crate::vault::seal::{self, Binding, Contents, Sealed};
use crate::vendors::kit::api::overridden_root;
use crate::vendors::kit::fields::{self, Credentials};
use crate::vendors::kit::oauth::{self, Exchange};
use crate::vendors::tokens;
use crate::vendors::Vendor;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use worker::{Env, Request, Response, Result};

/// How long a person has to finish signing in at the vendor, in seconds.
const PENDING_SECONDS: u64 = 600;
/// The KV namespace the pending sign-ins are kept in (with the engine's caches).
const KV: &str = "CACHE";

/// The gateway's callback for a vendor's sign-in, registered at the vendor as redirect URI.
pub fn callback_url(config: &Config, vendor: &Vendor) -> String {
    format!(
        "{}/settings/vendors/{}/callback",
        config.origin(),
        vendor.id
    )
}

fn pending_key(state: &str) -> String {
    format!("vendor-sign-in:{}", secrets::hash(state))
}

/// A pending sign-in as kept in KV: who it belongs to in the clear (to bind the seal), the
/// rest sealed.
#[derive(Serialize, Deserialize)]
struct Pending {
    tenant_id: String,
    user_id: String,
    connection_id: String,
    key_version: String,
    blob: String,
}

/// The sealed part of a pending sign-in.
#[derive(Serialize, Deserialize)]
struct Started {
    verifier: String,
    settings: BTreeMap<String, String>,
    client_id: String,
    return_to: String,
    label: String,
    /// Whether `connection_id` names a connection being updated.
    update: bool,
}

fn binding<'a>(vendor: &'a Vendor, pending: &'a Pending) -> Binding<'a> {
    Binding {
        tenant_id: &pending.tenant_id,
        user_id: &pending.user_id,
        vendor: vendor.id,
        connection_id: &pending.connection_id,
        settings: "",
        contents: Contents::SignIn,
    }
}

/// `POST /settings/vendors/<vendor>/sign-in`.
pub async fn start(
    mut req: Request,
    env: &Env,
    config: &Config,
    db: &Db,
    vendor: &'static Vendor,
) -> Result<Response> {
    let (signed_in, form) = or_respond!(signed_in_form(&mut req, config, db).await);
    let Some(sign_in) = vendor.sign_in() else {
        return http::error(404, "not_found", "This vendor offers no sign-in.");
    };
    let connection = or_respond!(existing(&signed_in, db, vendor, &form).await);
    let return_to = return_target(form.get("return_to"));
    let context = Context {
        signed_in: &signed_in,
        vendor,
        connection: connection.as_ref(),
        return_to,
        config,
    };
    let credentials = match fields::read(sign_in.fields, &form, None) {
        Ok(credentials) => credentials,
        Err(errors) => {
            let message = errors
                .iter()
                .map(|e| e.message.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            return refuse(&context, 400, format!("Sign in: {message}"));
        }
    };
    let base = base_url(config, vendor, &credentials);
    let Some(oauth) = vendor.api.and_then(|api| api.upstream.oauth()) else {
        return http::error(404, "not_found", "This vendor offers no sign-in.");
    };
    let endpoints = (oauth.endpoints)(&credentials, &base);
    let client_id = credentials.get(sign_in.client_id_field).to_owned();
    let authorization = match oauth::authorization(
        &endpoints,
        &client_id,
        &callback_url(config, vendor),
        sign_in.scope,
    ) {
        Ok(authorization) => authorization,
        Err(error) => return refuse(&context, 400, format!("Sign in: {error}.")),
    };
    let user = &signed_in.user;
    let pending_id = connection
        .as_ref()
        .map_or_else(|| secrets::new_id("con"), |c| c.id.clone());
    let started = Started {
        verifier: authorization.verifier,
        settings: credentials.settings.clone(),
        client_id,
        return_to: return_to.to_owned(),
        label: clean_name(form.get("label").unwrap_or("")),
        update: connection.is_some(),
    };
    let mut pending = Pending {
        tenant_id: user.tenant_id.clone(),
        user_id: user.user_id.clone(),
        connection_id: pending_id,
        key_version: String::new(),
        blob: String::new(),
    };
    let plain = serde_json::to_vec(&started).expect("a pending sign-in serializes");
    let sealed = seal::seal(&config.credential_keys, &binding(vendor, &pending), &plain);
    pending.key_version = sealed.key_version;
    pending.blob = sealed.blob;
    let kv = env.kv(KV)?;
    kv.put(&pending_key(&authorization.state), &pending)?
        .expiration_ttl(PENDING_SECONDS)
        .execute()
        .await?;
    let host = url::Url::parse(&endpoints.authorize)
        .ok()
        .and_then(|url| url.host_str().map(str::to_owned))
        .unwrap_or_default();
    let page = ContinueToVendor {
        vendor_name: vendor.name,
        host: &host,
        url: &authorization.url,
    };
    signed_in.page(200, render(&page))
}

/// `GET /settings/vendors/<vendor>/callback?code&state` (or `?error&state`).
pub async fn finish(
    req: Request,
    env: &Env,
    config: &Config,
    db: &Db,
    vendor: &'static Vendor,
) -> Result<Response> {
    let (signed_in, query) = or_respond!(signed_in(&req, config, db).await);
    let (Some(sign_in), Some(oauth)) = (
        vendor.sign_in(),
        vendor.api.and_then(|api| api.upstream.oauth()),
    ) else {
        return http::error(404, "not_found", "This vendor offers no sign-in.");
    };
    let Some(state) = query.get("state").filter(|s| !s.is_empty()) else {
        return start_again(
            &signed_in,
            config,
            vendor,
            "The sign-in came back without its state.",
        );
    };
    // Taken once: a replayed callback finds nothing.
    let kv = env.kv(KV)?;
    let key = pending_key(state);
    let pending = kv.get(&key).json::<Pending>().await.ok().flatten();
    if pending.is_some() {
        kv.delete(&key).await?;
    }
    let user = &signed_in.user;
    let Some(pending) =
        pending.filter(|p| p.user_id == user.user_id && p.tenant_id == user.tenant_id)
    else {
        return start_again(
            &signed_in,
            config,
            vendor,
            "This sign-in is unknown, expired or was started by someone else. Start it again.",
        );
    };
    let sealed = Sealed {
        key_version: pending.key_version.clone(),
        blob: pending.blob.clone(),
    };
    let Some(started) = seal::open(&config.credential_keys, &binding(vendor, &pending), &sealed)
        .ok()
        .and_then(|plain| serde_json::from_slice::<Started>(&plain).ok())
    else {
        return start_again(
            &signed_in,
            config,
            vendor,
            "This sign-in could not be read. Start it again.",
        );
    };
    let connection = match started.update {
        true => {
            let found =
                connections::find(db, &user.tenant_id, &user.user_id, &pending.connection_id)
                    .await?;
            match found.filter(|c| c.vendor == vendor.id && c.status != status::REVOKED) {
                Some(connection) => Some(connection),
                None => {
                    return start_again(
                        &signed_in,
                        config,
                        vendor,
                        "The connection this sign-in was updating is gone.",
                    )
                }
            }
        }
        false => None,
    };
    let return_to = return_target(Some(&started.return_to));
    let context = Context {
        signed_in: &signed_in,
        vendor,
        connection: connection.as_ref(),
        return_to,
        config,
    };
    let code = match (query.get("code"), query.get("error")) {
        (Some(code), None) if !code.is_empty() => code,
        (_, error) => {
            let reason = query
                .get("error_description")
                .or(error)
                .unwrap_or("no code");
            let reason: String = reason.chars().take(200).collect();
            return refuse(
                &context,
                400,
                format!(
                    "{} did not sign you in ({reason}). Nothing was saved; try again.",
                    vendor.name
                ),
            );
        }
    };
    let mut credentials = Credentials {
        settings: started.settings,
        secrets: BTreeMap::new(),
    };
    credentials.secrets.insert(
        sign_in.client_id_field.to_owned(),
        started.client_id.clone(),
    );
    let base = base_url(config, vendor, &credentials);
    let endpoints = (oauth.endpoints)(&credentials, &base);
    let redeemed = tokens::request(
        config,
        &endpoints,
        Exchange::Code {
            client_id: &started.client_id,
            code,
            verifier: &started.verifier,
            redirect: &callback_url(config, vendor),
        },
        &[code.to_owned(), started.verifier.clone()],
    )
    .await;
    let tokens = match redeemed {
        Ok(tokens) => tokens,
        Err(error) => {
            let message = super::vendors::describe_failure(vendor, &error);
            return refuse(&context, 422, format!("Sign-in failed. {message}"));
        }
    };
    let Some(refresh_token) = tokens.refresh_token.clone() else {
        return refuse(
            &context,
            422,
            format!(
                "{} signed you in but issued no refresh token, so the gateway could not stay signed in. Check that the application allows refresh tokens (the offline_access scope).",
                vendor.name
            ),
        );
    };
    credentials
        .secrets
        .insert(sign_in.refresh_field.to_owned(), refresh_token);
    let session = tokens.session();
    let ip = http::client_ip(&req);
    let saving = Saving {
        context: &context,
        ip: &ip,
        connection_id: &pending.connection_id,
        credentials: &credentials,
        typed_label: &started.label,
        session: Some(&session),
    };
    match connect::save(env, db, saving).await? {
        Saved::Done(response) => Ok(response),
        Saved::Refused {
            status, message, ..
        } => refuse(&context, status, message),
    }
}

/// The API root a sign-in's endpoints are derived from: the configured override (a sandbox
/// or the test mock), else the vendor's own for these settings.
fn base_url(config: &Config, vendor: &Vendor, credentials: &Credentials) -> String {
    let own = vendor
        .api
        .map(|api| (api.upstream.base_url)(credentials))
        .unwrap_or_default();
    match config.upstream_override(vendor.id) {
        Some(root) => overridden_root(root, &own),
        None => own,
    }
}

/// The connect page again, with the problem at the top.
fn refuse(context: &Context<'_>, status: u16, message: String) -> Result<Response> {
    let fields: Vec<FieldView> = connect::field_views(
        context.vendor,
        &connect::settings_of(context.connection),
        context.connection.is_some(),
        &[],
    );
    let label = context.connection.map_or("", |c| c.label.as_str());
    context.render(status, fields, label, Some(message))
}

/// The connect page (for a new connection) with the problem, when the pending sign-in itself
/// is gone.
fn start_again(
    signed_in: &SignedIn,
    config: &Config,
    vendor: &'static Vendor,
    message: &str,
) -> Result<Response> {
    let context = Context {
        signed_in,
        vendor,
        connection: None,
        return_to: return_target(None),
        config,
    };
    refuse(&context, 400, message.to_owned())
}
