//! The one table of paths → handlers.
//!
//! Routing is pure: [`resolve`] maps a method and a path to a [`Route`], or says why none
//! matches, so the table is tested natively and `lib.rs` only dispatches. The `Allow` header
//! of a 405 comes from the same table.

use crate::assets::{self, Asset};
use crate::oauth::metadata::Mount;
use crate::vendors::{self, Vendor};

/// The HTTP methods the gateway distinguishes when routing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Head,
    Post,
    Put,
    Patch,
    Delete,
    Options,
    /// Any method the gateway never serves (TRACE, CONNECT, extension methods).
    Other,
}

impl Method {
    /// Classifies a method name as sent on the wire (case-sensitive, per RFC 9110 §9.1).
    pub fn parse(name: &str) -> Self {
        match name {
            "GET" => Self::Get,
            "HEAD" => Self::Head,
            "POST" => Self::Post,
            "PUT" => Self::Put,
            "PATCH" => Self::Patch,
            "DELETE" => Self::Delete,
            "OPTIONS" => Self::Options,
            _ => Self::Other,
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Head => "HEAD",
            Self::Post => "POST",
            Self::Put => "PUT",
            Self::Patch => "PATCH",
            Self::Delete => "DELETE",
            Self::Options => "OPTIONS",
            Self::Other => "",
        }
    }
}

/// Every endpoint the gateway serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    /// `GET /` — the landing page.
    Landing,
    /// `GET /health` — liveness and build information.
    Health,
    /// `GET /health/ready` — readiness: every storage binding answers.
    Ready,
    /// `GET /static/<name>` — an embedded static asset.
    StaticAsset(&'static Asset),
    /// `GET /.well-known/oauth-authorization-server` (and the OpenID discovery URL).
    AuthorizationServerMetadata,
    /// `GET /.well-known/oauth-protected-resource[/v1/<vendor>]`.
    ProtectedResourceMetadata(Option<(&'static Vendor, Mount)>),
    /// `POST /oauth/register`.
    Register,
    /// `GET /oauth/authorize` — validate, sign in, consent.
    AuthorizeShow,
    /// `POST /oauth/authorize` — the consent decision.
    AuthorizeDecide,
    /// `POST /oauth/token`.
    Token,
    /// `POST /oauth/revoke`.
    Revoke,
    /// `GET /sign-in`.
    SignInPage,
    /// `POST /sign-in`.
    SignIn,
    /// `GET /sign-up`.
    SignUpPage,
    /// `POST /sign-up` — mails a link.
    SignUp,
    /// `GET /sign-up/finish` — the emailed sign-up link.
    SignUpFinishPage,
    /// `POST /sign-up/finish` — choose a password, create the account.
    SignUpFinish,
    /// `GET /forgot-password`.
    ForgotPasswordPage,
    /// `POST /forgot-password` — mails a reset link.
    ForgotPassword,
    /// `GET /reset-password` — the emailed reset link.
    ResetPasswordPage,
    /// `POST /reset-password` — set the new password.
    ResetPassword,
    /// `POST /sign-out`.
    SignOut,
    /// `GET /settings` — the overview.
    Settings,
    /// `GET /settings/vendors`.
    SettingsVendors,
    /// `GET /settings/vendors/<vendor>/connect`.
    ConnectPage(&'static Vendor),
    /// `POST /settings/vendors/<vendor>/connect` — test and save credentials.
    Connect(&'static Vendor),
    /// `POST /settings/vendors/<vendor>/sign-in` — start "Sign in with <vendor>".
    VendorSignIn(&'static Vendor),
    /// `GET /settings/vendors/<vendor>/callback` — the vendor's sign-in comes back.
    VendorCallback(&'static Vendor),
    /// `POST /settings/connections/test`.
    TestConnection,
    /// `POST /settings/connections/toolsets`.
    SetToolsets,
    /// `POST /settings/apps/permissions`.
    AppPermissions,
    /// `POST /settings/connections/disconnect`.
    Disconnect,
    /// `GET /settings/apps` — connected apps.
    SettingsApps,
    /// `POST /settings/revoke` — revoke an app's grant.
    RevokeApp,
    /// `GET /settings/audit`.
    SettingsAudit,
    /// `GET /settings/audit/export`.
    AuditExport,
    /// `GET /settings/account`.
    SettingsAccount,
    /// `POST /settings/password`.
    ChangePassword,
    /// `POST /settings/sign-out-everywhere` — end every session and revoke every grant.
    SignOutEverywhere,
    /// `POST /settings/delete` — delete the account.
    DeleteAccount,
    /// `GET /settings/members`.
    SettingsMembers,
    /// `POST /settings/members/invite`.
    InviteMember,
    /// `POST /settings/members/remove`.
    RemoveMember,
    /// `POST /settings/members/role`.
    ChangeRole,
    /// `GET /settings/usage` — usage charts over a date range.
    SettingsUsage,
    /// `GET /settings/usage/export` — the usage counters as CSV.
    UsageExport,
    /// `GET /settings/monitoring` — alert webhook and audit streaming.
    SettingsMonitoring,
    /// `POST /settings/monitoring/alerts` — save the alert webhook.
    SaveAlerts,
    /// `POST /settings/monitoring/alerts/test` — send a test alert now.
    TestAlert,
    /// `POST /settings/monitoring/stream` — save the audit stream endpoint.
    SaveStream,
    /// `POST /settings/monitoring/remove` — stop alerts or streaming.
    RemoveSink,
    /// `GET /health/vendors` — per-vendor status over the last minutes.
    HealthVendors,
    /// `GET /settings/pauses` — the kill switches.
    SettingsPauses,
    /// `POST /settings/pauses/connection` — pause or resume one connection.
    SwitchConnection,
    /// `POST /settings/pauses/organisation` — pause or resume every connection.
    SwitchOrganisation,
    /// `GET /invite` — an invitation link.
    InvitationPage,
    /// `POST /invite` — accept an invitation.
    AcceptInvitation,
    /// `/v1/<vendor>` (or its alias `/<vendor>/mcp`) — the vendor's MCP endpoint.
    Mcp(&'static Vendor, Mount),
    /// `GET /v1/<vendor>/sse` — opens an HTTP+SSE (2024-11-05) session.
    McpSse(&'static Vendor),
    /// `POST /v1/<vendor>/messages` — a message for an HTTP+SSE session.
    McpMessages(&'static Vendor),
    /// `OPTIONS` on an MCP URL.
    McpPreflight,
    /// `OPTIONS` on an endpoint browser-based clients call cross-origin.
    Preflight,
}

/// The outcome of routing one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    /// A handler serves this method on this path.
    Matched(Route),
    /// The path exists but not for this method; `allow` lists the methods it takes.
    MethodNotAllowed { allow: String },
    /// No such path.
    NotFound,
}

/// The methods served on `path`, each with its route.
fn endpoints(path: &str) -> Option<Vec<(Method, Route)>> {
    use Method::{Get, Options, Post};
    let read = |route| Some(vec![(Get, route)]);
    let write = |route| Some(vec![(Post, route)]);
    let cross_origin = |method, route| Some(vec![(method, route), (Options, Route::Preflight)]);
    match path {
        "/" => read(Route::Landing),
        "/health" => read(Route::Health),
        "/health/ready" => read(Route::Ready),
        "/health/vendors" => read(Route::HealthVendors),
        "/.well-known/oauth-authorization-server" | "/.well-known/openid-configuration" => {
            cross_origin(Get, Route::AuthorizationServerMetadata)
        }
        "/.well-known/oauth-protected-resource" => {
            cross_origin(Get, Route::ProtectedResourceMetadata(None))
        }
        "/oauth/register" => cross_origin(Post, Route::Register),
        "/oauth/authorize" => Some(vec![
            (Get, Route::AuthorizeShow),
            (Post, Route::AuthorizeDecide),
        ]),
        "/oauth/token" => cross_origin(Post, Route::Token),
        "/oauth/revoke" => cross_origin(Post, Route::Revoke),
        "/sign-in" => Some(vec![(Get, Route::SignInPage), (Post, Route::SignIn)]),
        "/sign-up" => Some(vec![(Get, Route::SignUpPage), (Post, Route::SignUp)]),
        "/sign-up/finish" => Some(vec![
            (Get, Route::SignUpFinishPage),
            (Post, Route::SignUpFinish),
        ]),
        "/forgot-password" => Some(vec![
            (Get, Route::ForgotPasswordPage),
            (Post, Route::ForgotPassword),
        ]),
        "/reset-password" => Some(vec![
            (Get, Route::ResetPasswordPage),
            (Post, Route::ResetPassword),
        ]),
        "/sign-out" => Some(vec![(Post, Route::SignOut)]),
        "/settings" => read(Route::Settings),
        "/settings/vendors" => read(Route::SettingsVendors),
        "/settings/connections/test" => write(Route::TestConnection),
        "/settings/connections/disconnect" => write(Route::Disconnect),
        "/settings/connections/toolsets" => write(Route::SetToolsets),
        "/settings/apps/permissions" => write(Route::AppPermissions),
        "/settings/apps" => read(Route::SettingsApps),
        "/settings/revoke" => write(Route::RevokeApp),
        "/settings/audit" => read(Route::SettingsAudit),
        "/settings/audit/export" => read(Route::AuditExport),
        "/settings/account" => read(Route::SettingsAccount),
        "/settings/password" => write(Route::ChangePassword),
        "/settings/sign-out-everywhere" => write(Route::SignOutEverywhere),
        "/settings/delete" => write(Route::DeleteAccount),
        "/settings/members" => read(Route::SettingsMembers),
        "/settings/members/invite" => write(Route::InviteMember),
        "/settings/members/remove" => write(Route::RemoveMember),
        "/settings/members/role" => write(Route::ChangeRole),
        "/settings/usage" => read(Route::SettingsUsage),
        "/settings/usage/export" => read(Route::UsageExport),
        "/settings/monitoring" => read(Route::SettingsMonitoring),
        "/settings/monitoring/alerts" => write(Route::SaveAlerts),
        "/settings/monitoring/alerts/test" => write(Route::TestAlert),
        "/settings/monitoring/stream" => write(Route::SaveStream),
        "/settings/monitoring/remove" => write(Route::RemoveSink),
        "/settings/pauses" => read(Route::SettingsPauses),
        "/settings/pauses/connection" => write(Route::SwitchConnection),
        "/settings/pauses/organisation" => write(Route::SwitchOrganisation),
        "/invite" => Some(vec![
            (Get, Route::InvitationPage),
            (Post, Route::AcceptInvitation),
        ]),
        _ => {
            if let Some(vendor) = path
                .strip_prefix("/settings/vendors/")
                .and_then(|rest| rest.strip_suffix("/connect"))
                .and_then(vendors::find)
            {
                return Some(vec![
                    (Get, Route::ConnectPage(vendor)),
                    (Post, Route::Connect(vendor)),
                ]);
            }
            if let Some((vendor, step)) = vendor_sign_in(path) {
                return Some(match step {
                    "sign-in" => vec![(Post, Route::VendorSignIn(vendor))],
                    _ => vec![(Get, Route::VendorCallback(vendor))],
                });
            }
            if let Some(asset) = path.strip_prefix("/static/").and_then(assets::find) {
                return read(Route::StaticAsset(asset));
            }
            if let Some(resource) = path.strip_prefix("/.well-known/oauth-protected-resource") {
                let (vendor, mount) = mounted(resource)?;
                return cross_origin(Get, Route::ProtectedResourceMetadata(Some((vendor, mount))));
            }
            if let Some((vendor, Mount::Alias)) = mounted(path) {
                return mcp_endpoint(Route::Mcp(vendor, Mount::Alias));
            }
            let rest = path.strip_prefix("/v1/")?;
            let (id, door) = rest.split_once('/').unwrap_or((rest, ""));
            let vendor = vendors::find(id)?;
            match door {
                "" => mcp_endpoint(Route::Mcp(vendor, Mount::V1)),
                "sse" => Some(vec![
                    (Get, Route::McpSse(vendor)),
                    (Options, Route::McpPreflight),
                ]),
                "messages" => Some(vec![
                    (Post, Route::McpMessages(vendor)),
                    (Options, Route::McpPreflight),
                ]),
                _ => None,
            }
        }
    }
}

/// The vendor and mount of an MCP endpoint path: `/v1/<vendor>` or `/<vendor>/mcp`.
fn mounted(path: &str) -> Option<(&'static Vendor, Mount)> {
    if let Some(vendor) = path.strip_prefix("/v1/").and_then(vendors::find) {
        return Some((vendor, Mount::V1));
    }
    let vendor = path.strip_prefix('/')?.strip_suffix("/mcp")?;
    vendors::find(vendor).map(|vendor| (vendor, Mount::Alias))
}

/// The methods of a Streamable HTTP endpoint.
fn mcp_endpoint(route: Route) -> Option<Vec<(Method, Route)>> {
    use Method::{Delete, Get, Options, Post};
    Some(vec![
        (Get, route),
        (Post, route),
        (Delete, route),
        (Options, Route::McpPreflight),
    ])
}

/// Resolves a request to its route. `HEAD` is served wherever `GET` is.
pub fn resolve(method: Method, path: &str) -> Resolution {
    let Some(served) = endpoints(path) else {
        return Resolution::NotFound;
    };
    let wanted = if method == Method::Head {
        Method::Get
    } else {
        method
    };
    if let Some((_, route)) = served.iter().find(|(m, _)| *m == wanted) {
        return Resolution::Matched(*route);
    }
    let mut allow: Vec<&str> = Vec::new();
    for (m, _) in &served {
        allow.push(m.as_str());
        if *m == Method::Get {
            allow.push("HEAD");
        }
    }
    Resolution::MethodNotAllowed {
        allow: allow.join(", "),
    }
}

/// `/settings/vendors/<vendor>/sign-in` or `…/callback`, for vendors that offer a sign-in.
fn vendor_sign_in(path: &str) -> Option<(&'static Vendor, &'static str)> {
    let rest = path.strip_prefix("/settings/vendors/")?;
    let (id, step) = rest.split_once('/')?;
    let step = ["sign-in", "callback"].into_iter().find(|s| *s == step)?;
    let vendor = vendors::find(id).filter(|vendor| vendor.sign_in().is_some())?;
    Some((vendor, step))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_paths_resolve_for_get_and_head() {
        for method in [Method::Get, Method::Head] {
            assert_eq!(resolve(method, "/"), Resolution::Matched(Route::Landing));
            assert_eq!(
                resolve(method, "/health"),
                Resolution::Matched(Route::Health)
            );
            assert_eq!(
                resolve(method, "/health/ready"),
                Resolution::Matched(Route::Ready)
            );
        }
    }

    #[test]
    fn static_assets_resolve_by_name_only() {
        match resolve(Method::Get, "/static/style.css") {
            Resolution::Matched(Route::StaticAsset(asset)) => {
                assert_eq!(asset.content_type, "text/css; charset=utf-8")
            }
            other => panic!("expected the stylesheet, got {other:?}"),
        }
        assert_eq!(
            resolve(Method::Get, "/static/../Cargo.toml"),
            Resolution::NotFound
        );
        assert_eq!(resolve(Method::Get, "/static/"), Resolution::NotFound);
    }

    #[test]
    fn wrong_method_lists_what_is_allowed() {
        for method in [Method::Post, Method::Put, Method::Delete, Method::Other] {
            assert_eq!(
                resolve(method, "/health"),
                Resolution::MethodNotAllowed {
                    allow: "GET, HEAD".into()
                }
            );
        }
        assert_eq!(
            resolve(Method::Get, "/oauth/token"),
            Resolution::MethodNotAllowed {
                allow: "POST, OPTIONS".into()
            }
        );
        assert_eq!(
            resolve(Method::Put, "/v1/itglue"),
            Resolution::MethodNotAllowed {
                allow: "GET, HEAD, POST, DELETE, OPTIONS".into()
            }
        );
    }

    #[test]
    fn vendor_paths_need_a_known_vendor() {
        let datto = vendors::find("datto-rmm").unwrap();
        assert_eq!(
            resolve(Method::Post, "/v1/datto-rmm"),
            Resolution::Matched(Route::Mcp(datto, Mount::V1))
        );
        assert_eq!(
            resolve(Method::Post, "/datto-rmm/mcp"),
            Resolution::Matched(Route::Mcp(datto, Mount::Alias))
        );
        assert_eq!(
            resolve(
                Method::Get,
                "/.well-known/oauth-protected-resource/datto-rmm/mcp"
            ),
            Resolution::Matched(Route::ProtectedResourceMetadata(Some((
                datto,
                Mount::Alias
            ))))
        );
        assert_eq!(resolve(Method::Post, "/nope/mcp"), Resolution::NotFound);
        assert_eq!(
            resolve(Method::Get, "/v1/datto-rmm/sse"),
            Resolution::Matched(Route::McpSse(datto))
        );
        assert_eq!(
            resolve(
                Method::Get,
                "/.well-known/oauth-protected-resource/v1/datto-rmm"
            ),
            Resolution::Matched(Route::ProtectedResourceMetadata(Some((datto, Mount::V1))))
        );
        assert_eq!(resolve(Method::Post, "/v1/nope"), Resolution::NotFound);
        assert_eq!(
            resolve(Method::Get, "/.well-known/oauth-protected-resource/v1/nope"),
            Resolution::NotFound
        );
    }

    #[test]
    fn oauth_and_account_endpoints_split_by_method() {
        assert_eq!(
            resolve(Method::Get, "/oauth/authorize"),
            Resolution::Matched(Route::AuthorizeShow)
        );
        assert_eq!(
            resolve(Method::Post, "/oauth/authorize"),
            Resolution::Matched(Route::AuthorizeDecide)
        );
        assert_eq!(
            resolve(Method::Options, "/oauth/token"),
            Resolution::Matched(Route::Preflight)
        );
        assert_eq!(
            resolve(Method::Get, "/sign-in"),
            Resolution::Matched(Route::SignInPage)
        );
        assert_eq!(
            resolve(Method::Post, "/sign-in"),
            Resolution::Matched(Route::SignIn)
        );
        assert_eq!(
            resolve(Method::Get, "/.well-known/openid-configuration"),
            Resolution::Matched(Route::AuthorizationServerMetadata)
        );
        for (path, page, form) in [
            (
                "/sign-up/finish",
                Route::SignUpFinishPage,
                Route::SignUpFinish,
            ),
            (
                "/forgot-password",
                Route::ForgotPasswordPage,
                Route::ForgotPassword,
            ),
            (
                "/reset-password",
                Route::ResetPasswordPage,
                Route::ResetPassword,
            ),
        ] {
            assert_eq!(resolve(Method::Get, path), Resolution::Matched(page));
            assert_eq!(resolve(Method::Post, path), Resolution::Matched(form));
        }
        assert_eq!(
            resolve(Method::Get, "/settings/sign-out-everywhere"),
            Resolution::MethodNotAllowed {
                allow: "POST".into()
            }
        );
    }

    #[test]
    fn settings_pages_read_and_their_forms_post() {
        assert_eq!(
            resolve(Method::Get, "/settings/vendors"),
            Resolution::Matched(Route::SettingsVendors)
        );
        let datto = vendors::find("datto-rmm").unwrap();
        assert_eq!(
            resolve(Method::Get, "/settings/vendors/datto-rmm/connect"),
            Resolution::Matched(Route::ConnectPage(datto))
        );
        assert_eq!(
            resolve(Method::Post, "/settings/vendors/datto-rmm/connect"),
            Resolution::Matched(Route::Connect(datto))
        );
        assert_eq!(
            resolve(Method::Post, "/settings/vendors/halopsa/sign-in"),
            Resolution::Matched(Route::VendorSignIn(vendors::find("halopsa").unwrap()))
        );
        assert_eq!(
            resolve(Method::Get, "/settings/vendors/halopsa/callback"),
            Resolution::Matched(Route::VendorCallback(vendors::find("halopsa").unwrap()))
        );
        assert_eq!(
            resolve(Method::Get, "/settings/vendors/datto-rmm/callback"),
            Resolution::NotFound
        );
        assert_eq!(
            resolve(Method::Get, "/settings/vendors/nope/connect"),
            Resolution::NotFound
        );
        assert_eq!(
            resolve(Method::Get, "/settings/revoke"),
            Resolution::MethodNotAllowed {
                allow: "POST".into()
            }
        );
        assert_eq!(
            resolve(Method::Post, "/invite"),
            Resolution::Matched(Route::AcceptInvitation)
        );
    }

    #[test]
    fn the_kill_switches_are_routed() {
        for (method, path, route) in [
            (Method::Get, "/settings/pauses", Route::SettingsPauses),
            (
                Method::Post,
                "/settings/pauses/connection",
                Route::SwitchConnection,
            ),
            (
                Method::Post,
                "/settings/pauses/organisation",
                Route::SwitchOrganisation,
            ),
        ] {
            assert_eq!(resolve(method, path), Resolution::Matched(route), "{path}");
        }
        assert!(matches!(
            resolve(Method::Get, "/settings/pauses/organisation"),
            Resolution::MethodNotAllowed { .. }
        ));
    }

    #[test]
    fn usage_monitoring_and_vendor_health_are_routed() {
        for (method, path, route) in [
            (Method::Get, "/settings/usage", Route::SettingsUsage),
            (Method::Get, "/settings/usage/export", Route::UsageExport),
            (
                Method::Get,
                "/settings/monitoring",
                Route::SettingsMonitoring,
            ),
            (
                Method::Post,
                "/settings/monitoring/alerts",
                Route::SaveAlerts,
            ),
            (
                Method::Post,
                "/settings/monitoring/alerts/test",
                Route::TestAlert,
            ),
            (
                Method::Post,
                "/settings/monitoring/stream",
                Route::SaveStream,
            ),
            (
                Method::Post,
                "/settings/monitoring/remove",
                Route::RemoveSink,
            ),
            (Method::Get, "/health/vendors", Route::HealthVendors),
        ] {
            assert_eq!(resolve(method, path), Resolution::Matched(route), "{path}");
        }
        assert_eq!(
            resolve(Method::Get, "/settings/monitoring/alerts/test"),
            Resolution::MethodNotAllowed {
                allow: "POST".into()
            }
        );
    }

    #[test]
    fn unknown_paths_are_not_found_whatever_the_method() {
        assert_eq!(resolve(Method::Get, "/nope"), Resolution::NotFound);
        assert_eq!(resolve(Method::Post, "/nope"), Resolution::NotFound);
        assert_eq!(resolve(Method::Get, "/health/"), Resolution::NotFound);
        assert_eq!(resolve(Method::Get, ""), Resolution::NotFound);
    }

    #[test]
    fn methods_parse_case_sensitively() {
        assert_eq!(Method::parse("GET"), Method::Get);
        assert_eq!(Method::parse("get"), Method::Other);
        assert_eq!(Method::parse("TRACE"), Method::Other);
    }
}
