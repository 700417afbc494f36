//! `/oauth/authorize`: validates the request, sends the user through sign-in (and, once the
//! credential vault lands, the vendor connect step), shows the consent page, and redirects
//! back with `code`, `state` and `iss` (RFC 9207) — or an error.
//!
//! Problems with the client or the redirect URI are shown on a page and never redirected
//! (OAuth 2.1 §4.1.2.1); every other error goes back to the client's redirect URI.

use super::clients::{self, Client};
use super::error::{ErrorCode, OAuthError};
use super::scopes::{Scope, ScopeSet};
use super::{known_clients, pkce, redirect, secrets, store};
use crate::accounts::store::SessionUser;
use crate::accounts::web::Browser;
use crate::audit::{Action, Event};
use crate::config::Config;
use crate::db::{self, Db};
use crate::form::Form;
use crate::http;
use crate::ui::{pages, render};
use crate::vault::connections;
use crate::vendors::{self, Vendor, VENDORS};
use url::Url;
use worker::{Env, Request, Response, Result};

/// The parameters of an authorization request, from the query (GET) or the consent form (POST).
#[derive(Debug, Default)]
pub struct Params<'a> {
    pub client_id: Option<&'a str>,
    pub redirect_uri: Option<&'a str>,
    pub response_type: Option<&'a str>,
    pub state: Option<&'a str>,
    pub code_challenge: Option<&'a str>,
    pub code_challenge_method: Option<&'a str>,
    pub scope: Option<&'a str>,
    pub resource: Option<&'a str>,
}

const PARAM_NAMES: [&str; 8] = [
    "client_id",
    "redirect_uri",
    "response_type",
    "state",
    "code_challenge",
    "code_challenge_method",
    "scope",
    "resource",
];

impl<'a> Params<'a> {
    fn from_form(form: &'a Form, scope_field: &str) -> Self {
        Self {
            client_id: form.get("client_id"),
            redirect_uri: form.get("redirect_uri"),
            response_type: form.get("response_type"),
            state: form.get("state"),
            code_challenge: form.get("code_challenge"),
            code_challenge_method: form.get("code_challenge_method"),
            scope: form.get(scope_field),
            resource: form.get("resource"),
        }
    }

    /// The parameters by name, each `None` when absent.
    fn named(&self) -> [(&'static str, Option<&'a str>); 8] {
        [
            ("client_id", self.client_id),
            ("redirect_uri", self.redirect_uri),
            ("response_type", self.response_type),
            ("state", self.state),
            ("code_challenge", self.code_challenge),
            ("code_challenge_method", self.code_challenge_method),
            ("scope", self.scope),
            ("resource", self.resource),
        ]
    }

    /// The first parameter longer than `limit` characters, if any.
    fn oversized(&self, limit: usize) -> Option<&'static str> {
        self.named()
            .into_iter()
            .find(|(_, value)| value.is_some_and(|v| v.chars().count() > limit))
            .map(|(name, _)| name)
    }

    /// The parameters to carry through the consent form, under their own names (the scope as
    /// `requested_scope`, since the form's `scope` fields are the user's choice).
    fn hidden(&self) -> Vec<(&'static str, String)> {
        self.named()
            .into_iter()
            .filter_map(|(name, value)| {
                let name = if name == "scope" {
                    "requested_scope"
                } else {
                    name
                };
                value.map(|v| (name, v.to_owned()))
            })
            .collect()
    }
}

/// A request that passed validation.
pub struct Validated {
    pub client: Client,
    pub redirect_uri: String,
    pub state: Option<String>,
    pub code_challenge: String,
    pub scope: ScopeSet,
    /// The vendor the request's `resource` names; `None` lets the user choose.
    pub vendor: Option<&'static Vendor>,
}

/// Why a request cannot proceed.
pub enum Rejection {
    /// Shown to the user; the client or redirect URI cannot be trusted with a redirect.
    Page {
        title: &'static str,
        message: String,
    },
    /// Returned to the client at its redirect URI.
    Redirect {
        redirect_uri: String,
        state: Option<String>,
        error: OAuthError,
    },
}

/// Maps a `resource` parameter to the vendor it identifies. The gateway's origin (the root
/// resource metadata) or no resource at all leaves the choice to the user.
pub fn vendor_for_resource(
    origin: &str,
    resource: Option<&str>,
) -> std::result::Result<Option<&'static Vendor>, OAuthError> {
    let Some(resource) = resource else {
        return Ok(None);
    };
    let trimmed = resource.strip_suffix('/').unwrap_or(resource);
    if trimmed == origin {
        return Ok(None);
    }
    let path = trimmed.strip_prefix(origin).unwrap_or_default();
    path.strip_prefix("/v1/")
        .or_else(|| {
            path.strip_prefix('/')
                .and_then(|rest| rest.strip_suffix("/mcp"))
        })
        .and_then(vendors::find)
        .map(Some)
        .ok_or_else(|| {
            OAuthError::new(
                ErrorCode::InvalidTarget,
                format!("resource {resource} is not served here; use {origin}/v1/<vendor>"),
            )
        })
}

/// Validates an authorization request.
pub async fn validate(
    env: &Env,
    config: &Config,
    db: &Db,
    params: &Params<'_>,
    repeated: Option<&str>,
) -> std::result::Result<Validated, Rejection> {
    if let Some(name) = repeated {
        return Err(Rejection::Page {
            title: "Invalid authorization request",
            message: format!("The parameter {name} appears more than once."),
        });
    }
    // Anything may be echoed back in a redirect (the state, a refused value), so nothing
    // unbounded is accepted: a redirect must stay small.
    if let Some(name) = params.oversized(MAX_PARAMETER_CHARS) {
        return Err(Rejection::Page {
            title: "Invalid authorization request",
            message: format!(
                "The parameter {name} is longer than {MAX_PARAMETER_CHARS} characters."
            ),
        });
    }
    let Some(client_id) = params.client_id else {
        return Err(Rejection::Page {
            title: "Invalid authorization request",
            message: "The request names no client (client_id is missing).".into(),
        });
    };
    let client = clients::find(env, config, db, client_id)
        .await
        .map_err(|error| Rejection::Page {
            title: "Unknown application",
            message: format!("This application cannot be used: {}.", error.description),
        })?;
    let redirect_uri = match params.redirect_uri {
        Some(requested) => match redirect::find_match(&client.redirect_uris, requested) {
            Some(_) => requested.to_owned(),
            None => {
                return Err(Rejection::Page {
                    title: "Redirect address not registered",
                    message: format!(
                        "{requested} is not a redirect URI registered for {}.",
                        client.name
                    ),
                })
            }
        },
        None if client.redirect_uris.len() == 1 => client.redirect_uris[0].clone(),
        None => {
            return Err(Rejection::Page {
                title: "Invalid authorization request",
                message: "redirect_uri is required because the client registered several.".into(),
            })
        }
    };
    let state = params.state.map(str::to_owned);
    let back = |error: OAuthError| Rejection::Redirect {
        redirect_uri: redirect_uri.clone(),
        state: state.clone(),
        error,
    };

    match params.response_type {
        Some("code") => {}
        None => {
            return Err(back(OAuthError::invalid_request(
                "response_type is required",
            )))
        }
        Some(other) => {
            return Err(back(OAuthError::new(
                ErrorCode::UnsupportedResponseType,
                format!("response_type {other} is not supported; use code"),
            )))
        }
    }
    let code_challenge =
        pkce::validate_challenge(params.code_challenge, params.code_challenge_method)
            .map_err(back)?;
    let requested = ScopeSet::parse(params.scope.unwrap_or("")).map_err(back)?;
    let scope = if requested.is_empty() {
        ScopeSet::default_request()
    } else {
        requested
    };
    let vendor = vendor_for_resource(config.origin(), params.resource).map_err(back)?;
    Ok(Validated {
        client,
        redirect_uri,
        state,
        code_challenge,
        scope,
        vendor,
    })
}

fn reject(rejection: Rejection, config: &Config) -> Result<Response> {
    match rejection {
        Rejection::Page { title, message } => http::html(
            400,
            render(&pages::Error {
                title,
                message: &message,
            }),
        ),
        Rejection::Redirect {
            redirect_uri,
            state,
            error,
        } => {
            let mut pairs = vec![
                ("error", error.code.as_str().to_owned()),
                ("error_description", error.description),
            ];
            if let Some(state) = state {
                pairs.push(("state", state));
            }
            pairs.push(("iss", config.origin().to_owned()));
            http::redirect(302, &with_query(&redirect_uri, &pairs))
        }
    }
}

/// `redirect_uri` with parameters appended to its query.
fn with_query(redirect_uri: &str, pairs: &[(&str, String)]) -> String {
    match Url::parse(redirect_uri) {
        Ok(mut url) => {
            {
                let mut query = url.query_pairs_mut();
                for (name, value) in pairs {
                    query.append_pair(name, value);
                }
            }
            url.to_string()
        }
        Err(_) => redirect_uri.to_owned(),
    }
}

/// The scopes a vendor's tools can use: changes and secrets where some tool needs them.
pub fn vendor_scopes(vendor: Option<&Vendor>) -> ScopeSet {
    vendor
        .and_then(Vendor::catalog)
        .map(|catalog| {
            catalog
                .tools
                .iter()
                .map(|tool| tool.access.scope())
                .collect()
        })
        .unwrap_or_default()
}

/// The scopes offered on the consent page: read access (always granted), offline access
/// (untick it and no refresh token is issued), every permission the vendor's tools have, and
/// whatever else the client asked for. The user decides, not the client's scope logic: a
/// client that asked only to read can still be allowed to change things.
fn offered(requested: &ScopeSet, vendor: Option<&Vendor>) -> impl Iterator<Item = Scope> {
    let capable = vendor_scopes(vendor);
    let requested = requested.clone();
    Scope::ALL.into_iter().filter(move |scope| {
        requested.contains(*scope)
            || capable.contains(*scope)
            || matches!(scope, Scope::ToolsRead | Scope::OfflineAccess)
    })
}

/// The consent page's checkboxes. Changes and secrets are never ticked in advance.
pub fn scope_choices(requested: &ScopeSet, vendor: Option<&Vendor>) -> Vec<pages::ScopeChoice> {
    offered(requested, vendor)
        .map(|scope| pages::ScopeChoice {
            name: scope.as_str(),
            description: scope.describe(),
            checked: matches!(scope, Scope::ToolsRead | Scope::OfflineAccess),
            locked: scope == Scope::ToolsRead,
        })
        .collect()
}

/// The scopes granted: the ticked ones among those offered, always with read access.
pub fn granted_scopes(requested: &ScopeSet, vendor: Option<&Vendor>, ticked: &[&str]) -> ScopeSet {
    offered(requested, vendor)
        .filter(|scope| *scope == Scope::ToolsRead || ticked.contains(&scope.as_str()))
        .collect()
}

fn sign_in_redirect(req: &Request) -> Result<Response> {
    let url = req.url()?;
    let here = format!("{}?{}", url.path(), url.query().unwrap_or(""));
    let query = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("return_to", &here)
        .finish();
    http::redirect(303, &format!("/sign-in?{query}"))
}

/// What the user must do about the vendor's credentials before consenting.
enum ConnectionStep {
    /// No usable connection: go to the connect page (this URL), which returns afterwards.
    Connect(String),
    /// The usable connections (id, label), most recently verified first; never empty.
    Choose(Vec<(String, String)>),
}

async fn connection_step(
    db: &Db,
    user: &SessionUser,
    vendor: &'static Vendor,
    return_to: &str,
) -> Result<ConnectionStep> {
    let usable =
        connections::active_for_vendor(db, &user.tenant_id, &user.user_id, vendor.id).await?;
    if !usable.is_empty() {
        return Ok(ConnectionStep::Choose(
            usable.into_iter().map(|c| (c.id, c.label)).collect(),
        ));
    }
    // A connection whose keys the vendor refused is updated rather than duplicated.
    let stale = connections::list(db, &user.tenant_id, &user.user_id)
        .await?
        .into_iter()
        .find(|c| c.vendor == vendor.id && c.status == connections::status::NEEDS_REAUTH);
    let mut query = url::form_urlencoded::Serializer::new(String::new());
    query.append_pair("return_to", return_to);
    if let Some(stale) = stale {
        query.append_pair("connection", &stale.id);
    }
    Ok(ConnectionStep::Connect(format!(
        "/settings/vendors/{}/connect?{}",
        vendor.id,
        query.finish()
    )))
}

/// The longest authorization parameter accepted, in characters (a `state` is far shorter).
const MAX_PARAMETER_CHARS: usize = 2048;

/// The `GET /oauth/authorize` URL (path and query) for these parameters and `vendor`, to
/// come back to after the connect step.
fn authorize_url(params: &Params<'_>, origin: &str, vendor: &Vendor) -> String {
    let resource = super::metadata::resource_url(origin, vendor);
    let mut query = url::form_urlencoded::Serializer::new(String::new());
    for (name, value) in [
        ("response_type", params.response_type),
        ("client_id", params.client_id),
        ("redirect_uri", params.redirect_uri),
        ("state", params.state),
        ("code_challenge", params.code_challenge),
        ("code_challenge_method", params.code_challenge_method),
        ("scope", params.scope),
        ("resource", Some(resource.as_str())),
    ] {
        if let Some(value) = value {
            query.append_pair(name, value);
        }
    }
    format!("/oauth/authorize?{}", query.finish())
}

/// Whether the client's name imitates a known client's from a host that is not that
/// client's: where the code goes, and for a metadata-document client where it is published.
fn imitation_of(request: &Validated) -> Option<known_clients::Imitation> {
    let hosts: Vec<String> = known_clients::redirect_host(&request.redirect_uri)
        .into_iter()
        .chain(request.client.document_host.clone())
        .collect();
    known_clients::imitation(&request.client.name, &hosts)
}

/// `GET /oauth/authorize`.
pub async fn show(req: Request, env: &Env, config: &Config, db: &Db) -> Result<Response> {
    let browser = Browser::from_request(&req, config)?;
    let query = Form::from_query(&req.url()?);
    let params = Params::from_form(&query, "scope");
    let request = match validate(env, config, db, &params, query.repeated(&PARAM_NAMES)).await {
        Ok(request) => request,
        Err(rejection) => return browser.finish(reject(rejection, config)?),
    };
    let Some(user) = browser.user(db).await? else {
        return browser.finish(sign_in_redirect(&req)?);
    };
    // The vendor connect step: without a working connection to the vendor, the user enters
    // (and the gateway tests) their credentials first, then comes back here.
    let mut connection_choices = Vec::new();
    if let Some(vendor) = request.vendor {
        let url = req.url()?;
        let here = format!("{}?{}", url.path(), url.query().unwrap_or(""));
        match connection_step(db, &user, vendor, &here).await? {
            ConnectionStep::Connect(location) => {
                return browser.finish(http::redirect(303, &location)?)
            }
            ConnectionStep::Choose(choices) => connection_choices = choices,
        }
    }
    let redirect_host = Url::parse(&request.redirect_uri)
        .ok()
        .and_then(|url| url.host_str().map(str::to_owned))
        .unwrap_or_else(|| request.redirect_uri.clone());
    let page = pages::Consent {
        csrf_token: &browser.csrf_token(),
        email: &user.email,
        client_name: &request.client.name,
        client_verified: request.client.verified,
        document_host: request.client.document_host.as_deref(),
        imitation: imitation_of(&request),
        loopback_redirect: matches!(redirect_host.as_str(), "localhost" | "127.0.0.1" | "[::1]"),
        redirect_host: &redirect_host,
        vendor_name: request.vendor.map(|v| v.name),
        vendor_choices: VENDORS.iter().map(|v| (v.id, v.name)).collect(),
        connections: connection_choices,
        scopes: scope_choices(&request.scope, request.vendor),
        hidden: params.hidden(),
    };
    let mut response = http::html(200, render(&page))?;
    http::set_header(&mut response, "cache-control", "no-store")?;
    http::set_header(
        &mut response,
        "content-security-policy",
        &http::policy_allowing_form_target(&request.redirect_uri),
    )?;
    browser.finish(response)
}

/// `POST /oauth/authorize`: the user's decision on the consent page.
pub async fn decide(mut req: Request, env: &Env, config: &Config, db: &Db) -> Result<Response> {
    let browser = Browser::from_request(&req, config)?;
    let form = match browser.posted_form(&mut req).await? {
        Ok(form) => form,
        Err(answer) => return Ok(answer),
    };
    let Some(user) = browser.user(db).await? else {
        let page = pages::Error {
            title: "Signed out",
            message: "Your session ended. Go back to the app and connect again.",
        };
        return browser.finish(http::html(401, render(&page))?);
    };
    let params = Params::from_form(&form, "requested_scope");
    let request = match validate(
        env,
        config,
        db,
        &params,
        form.repeated(&["client_id", "redirect_uri", "state", "code_challenge"]),
    )
    .await
    {
        Ok(request) => request,
        Err(rejection) => return browser.finish(reject(rejection, config)?),
    };
    if form.get("decision") != Some("allow") {
        let rejection = Rejection::Redirect {
            redirect_uri: request.redirect_uri,
            state: request.state,
            error: OAuthError::new(ErrorCode::AccessDenied, "the user denied access"),
        };
        return browser.finish(reject(rejection, config)?);
    }
    let vendor = match request
        .vendor
        .or_else(|| form.get("vendor").and_then(vendors::find))
    {
        Some(vendor) => vendor,
        None => {
            let page = pages::Error {
                title: "Choose a vendor",
                message: "Pick the vendor this app may use, then allow it.",
            };
            return browser.finish(http::html(400, render(&page))?);
        }
    };
    let back_here = authorize_url(&params, config.origin(), vendor);
    let connection_id = match connection_step(db, &user, vendor, &back_here).await? {
        ConnectionStep::Connect(location) => {
            return browser.finish(http::redirect(303, &location)?)
        }
        ConnectionStep::Choose(choices) => {
            let chosen = form.get("connection");
            let picked = match chosen {
                Some(id) => choices.iter().find(|(choice, _)| choice == id),
                // With one connection the consent page names it and there is nothing to choose.
                None if choices.len() == 1 => choices.first(),
                // The vendor was picked on this page, so its connections were not offered yet:
                // show the consent page again for that vendor, with the choice.
                None => return browser.finish(http::redirect(303, &back_here)?),
            };
            match picked {
                Some((id, _)) => id.clone(),
                None => {
                    let page = pages::Error {
                        title: "Choose a connection",
                        message: "The connection chosen is not one of your working connections any more. Go back, reload the page and choose again.",
                    };
                    return browser.finish(http::html(400, render(&page))?);
                }
            }
        }
    };
    let scope = granted_scopes(&request.scope, request.vendor, &form.all("scope"));
    let code = secrets::new_secret("mca");
    let (grant_id, resource) = (
        secrets::new_id("grt"),
        super::metadata::resource_url(config.origin(), vendor),
    );
    let now = db::now();
    let scope_text = scope.to_string();
    let grant = store::NewGrant {
        grant_id: &grant_id,
        tenant_id: &user.tenant_id,
        user_id: &user.user_id,
        client_id: &request.client.id,
        client_name: &request.client.name,
        vendor: vendor.id,
        connection_id: &connection_id,
        resource: &resource,
        scope: &scope_text,
        code_hash: &secrets::hash(&code),
        redirect_uri: &request.redirect_uri,
        code_challenge: &request.code_challenge,
        code_expires_at: now + config.authorization_code_ttl,
    };
    let ip = crate::http::client_ip(&req);
    let issued = Event::by(
        &user.tenant_id,
        &user.user_id,
        &user.email,
        Action::GrantIssued,
    )
    .on(Some(vendor.id), &grant_id)
    .detail(&request.client.name)
    .from_ip(&ip);
    store::insert_grant_with_code(db, &grant, issued.statement(now), now).await?;
    let mut pairs = vec![("code", code)];
    if let Some(state) = request.state {
        pairs.push(("state", state));
    }
    pairs.push(("iss", config.origin().to_owned()));
    browser.finish(http::redirect(
        302,
        &with_query(&request.redirect_uri, &pairs),
    )?)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ORIGIN: &str = "https://mcp.example.com";

    #[test]
    fn resources_map_to_vendors_or_to_the_users_choice() {
        assert_eq!(
            vendor_for_resource(ORIGIN, Some("https://mcp.example.com/v1/itglue"))
                .unwrap()
                .unwrap()
                .id,
            "itglue"
        );
        assert_eq!(
            vendor_for_resource(ORIGIN, Some("https://mcp.example.com/v1/itglue/"))
                .unwrap()
                .unwrap()
                .id,
            "itglue"
        );
        assert_eq!(
            vendor_for_resource(ORIGIN, Some("https://mcp.example.com/itglue/mcp"))
                .unwrap()
                .unwrap()
                .id,
            "itglue",
            "the alias mount"
        );
        assert!(vendor_for_resource(ORIGIN, None).unwrap().is_none());
        assert!(vendor_for_resource(ORIGIN, Some(ORIGIN)).unwrap().is_none());
        for bad in [
            "https://mcp.example.com/v1/nope",
            "https://mcp.example.com/nope/mcp",
            "https://mcp.example.com/itglue/mcpx",
            "https://mcp.example.com/mcp",
            "https://evil.example/v1/itglue",
            "https://mcp.example.com.evil/v1/itglue",
        ] {
            assert_eq!(
                vendor_for_resource(ORIGIN, Some(bad)).unwrap_err().code,
                ErrorCode::InvalidTarget,
                "{bad}"
            );
        }
    }

    #[test]
    fn consent_offers_what_the_vendor_can_do_and_preticks_only_reading() {
        let itglue = crate::vendors::find("itglue");
        let choices = scope_choices(&ScopeSet::parse("tools:read").unwrap(), itglue);
        let names: Vec<_> = choices
            .iter()
            .map(|c| (c.name, c.checked, c.locked))
            .collect();
        assert_eq!(
            names,
            vec![
                ("tools:read", true, true),
                ("secrets:read", false, false),
                ("offline_access", true, false)
            ],
            "IT Glue has a password tool and no write tool"
        );
        let datto = crate::vendors::find("datto-rmm");
        let choices = scope_choices(&ScopeSet::parse("tools:read").unwrap(), datto);
        let names: Vec<_> = choices.iter().map(|c| (c.name, c.checked)).collect();
        assert_eq!(
            names,
            vec![
                ("tools:read", true),
                ("tools:write", false),
                ("offline_access", true)
            ],
            "changes are offered though the client asked only to read, and never pre-ticked"
        );
    }

    #[test]
    fn the_user_decides_within_what_is_offered() {
        let requested = ScopeSet::parse("tools:read offline_access").unwrap();
        let datto = crate::vendors::find("datto-rmm");
        assert_eq!(
            granted_scopes(&requested, datto, &["tools:read"]).to_string(),
            "tools:read"
        );
        assert_eq!(
            granted_scopes(&requested, datto, &["tools:write", "offline_access"]).to_string(),
            "tools:read tools:write offline_access",
            "changes granted though only reading was asked for"
        );
        assert_eq!(
            granted_scopes(&requested, datto, &["secrets:read"]).to_string(),
            "tools:read",
            "Datto RMM has no secrets: not offered, not granted"
        );
        assert_eq!(
            granted_scopes(&requested, datto, &["bogus"]).to_string(),
            "tools:read"
        );
    }

    #[test]
    fn redirect_parameters_are_appended_to_the_existing_query() {
        assert_eq!(
            with_query(
                "https://app.example/cb?x=1",
                &[("code", "a b".into()), ("iss", ORIGIN.into())]
            ),
            "https://app.example/cb?x=1&code=a+b&iss=https%3A%2F%2Fmcp.example.com"
        );
    }
}
