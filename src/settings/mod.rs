//! The signed-in settings pages: the overview, vendor connections (connect, test, update
//! keys, disconnect), connected apps, the audit log, the account, and tenant members.
//!
//! Every page needs a browser session; every form carries a CSRF token. Each outcome comes
//! back as a redirect with a `notice` code that maps to a fixed message (never reflected).

pub mod account;
pub mod apps;
pub mod audit_log;
pub mod budgets;
pub mod connect;
pub mod members;
pub mod monitoring;
pub mod overview;
pub mod pauses;
pub mod sign_in;
pub mod usage;
pub mod vendors;

use crate::accounts::store::SessionUser;
use crate::accounts::web::Browser;
use crate::audit::{Action, Event};
use crate::config::Config;
use crate::db::Db;
use crate::form::Form;
use crate::http;
use crate::ui::pages::{Nav, Tab};
use worker::{Request, Response, Result};

/// A signed-in browser.
pub struct SignedIn {
    pub browser: Browser,
    pub user: SessionUser,
}

impl SignedIn {
    /// Whether the user may manage members and read the tenant's audit log.
    pub fn is_admin(&self) -> bool {
        matches!(self.user.role.as_str(), "owner" | "admin")
    }

    /// The header and tabs of a settings page; `current` is the tab's path.
    pub fn nav(&self, current: &str, notice: Option<&'static str>) -> Nav {
        let tabs = TABS
            .iter()
            .map(|(href, label)| Tab {
                href,
                label,
                current: *href == current,
            })
            .collect();
        Nav {
            csrf_token: self.browser.csrf_token(),
            email: self.user.email.clone(),
            tenant_name: self.user.tenant_name.clone(),
            tabs,
            notice,
        }
    }

    /// A successful action by this user, from `ip`, to record in the audit log.
    pub fn event<'a>(&'a self, action: Action, ip: &'a str) -> Event<'a> {
        let user = &self.user;
        Event::by(&user.tenant_id, &user.user_id, &user.email, action).from_ip(ip)
    }

    /// An HTML response with the browser's cookies and `no-store`.
    pub fn page(&self, status: u16, body: String) -> Result<Response> {
        let mut response = http::html(status, body)?;
        http::set_header(&mut response, "cache-control", "no-store")?;
        self.browser.finish(response)
    }
}

const TABS: &[(&str, &str)] = &[
    ("/settings", "Overview"),
    ("/settings/vendors", "Vendors"),
    ("/settings/apps", "Connected apps"),
    ("/settings/usage", "Usage"),
    ("/settings/audit", "Audit log"),
    ("/settings/monitoring", "Alerts"),
    ("/settings/pauses", "Pauses"),
    ("/settings/members", "Members"),
    ("/settings/account", "Account"),
];

/// Unwraps a handler step's `Ok(value)`, or returns its `Err(response)` (a redirect to sign
/// in, a CSRF failure) from the handler.
macro_rules! or_respond {
    ($step:expr) => {
        match $step? {
            Ok(value) => value,
            Err(response) => return Ok(response),
        }
    };
}
pub(crate) use or_respond;

/// The signed-in user of a page request and its query, or the redirect to sign in and come
/// back.
pub async fn signed_in(
    req: &Request,
    config: &Config,
    db: &Db,
) -> Result<std::result::Result<(SignedIn, Form), Response>> {
    let browser = Browser::from_request(req, config)?;
    match browser.user(db).await? {
        Some(user) => Ok(Ok((
            SignedIn { browser, user },
            Form::from_query(&req.url()?),
        ))),
        None => {
            let url = req.url()?;
            let here = match url.query() {
                Some(query) => format!("{}?{query}", url.path()),
                None => url.path().to_owned(),
            };
            let query = url::form_urlencoded::Serializer::new(String::new())
                .append_pair("return_to", &here)
                .finish();
            let redirect = http::redirect(303, &format!("/sign-in?{query}"))?;
            Ok(Err(browser.finish(redirect)?))
        }
    }
}

/// The signed-in user and the form of a POST: the CSRF token is checked first, and a
/// signed-out browser is sent to sign in.
pub async fn signed_in_form(
    req: &mut Request,
    config: &Config,
    db: &Db,
) -> Result<std::result::Result<(SignedIn, Form), Response>> {
    let browser = Browser::from_request(req, config)?;
    let form = match browser.posted_form(req).await? {
        Ok(form) => form,
        Err(answer) => return Ok(Err(answer)),
    };
    match browser.user(db).await? {
        Some(user) => Ok(Ok((SignedIn { browser, user }, form))),
        None => Ok(Err(browser.finish(http::redirect(303, "/sign-in")?)?)),
    }
}

/// Sends the browser to `path` with a notice code (see [`notice`]).
pub fn back(signed_in: &SignedIn, path: &str, notice: &str) -> Result<Response> {
    let separator = if path.contains('?') { '&' } else { '?' };
    signed_in.browser.finish(http::redirect(
        303,
        &format!("{path}{separator}notice={notice}"),
    )?)
}

/// The message for a notice code; unknown codes show nothing.
pub fn notice(code: Option<&str>) -> Option<&'static str> {
    Some(match code? {
        "connected" => "Connected. The keys passed the test and are stored encrypted.",
        "saved" => "Saved. The keys are stored encrypted; they will be tested on first use.",
        "updated" => "The new keys passed the test and replaced the old ones.",
        "tested" => "Test passed: the vendor accepted the stored keys.",
        "toolsets_saved" => "Toolsets saved. Apps list the chosen tools from their next request.",
        "test_failed" => "Test failed. The details are shown on the connection.",
        "disconnected" => {
            "Disconnected. The keys were erased and the apps using them were signed out."
        }
        "revoked" => "Access revoked. The app can no longer use the gateway.",
        "permissions_saved" => "Permissions saved. A permission taken back stops at the app's next request; a new one arrives with its next token.",
        "password_changed" => "Password changed. Your other sessions were signed out and your connected apps lost their access: allow them again when they ask.",
        "member_removed" => {
            "Member removed. Their connections and apps in this organisation were erased."
        }
        "role_changed" => "Role changed.",
        "joined" => "Welcome! You joined the organisation.",
        "not_found" => "That item no longer exists.",
        "not_allowed" => "Your role does not allow that.",
        "alerts_removed" => "Alert webhook removed. Alerts waiting to be sent were dropped.",
        "stream_removed" => "Audit stream removed. Events are no longer sent.",
        _ => return None,
    })
}

/// Unix seconds as `2026-11-21 14:05 UTC`, or `never`.
pub fn when(seconds: Option<i64>) -> String {
    seconds
        .and_then(|s| chrono::DateTime::from_timestamp(s, 0))
        .map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string())
        .unwrap_or_else(|| "never".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notices_are_fixed_texts_and_unknown_codes_show_nothing() {
        assert!(notice(Some("connected")).unwrap().starts_with("Connected"));
        assert_eq!(notice(Some("<script>")), None);
        assert_eq!(notice(None), None);
    }

    #[test]
    fn times_read_as_utc_minutes() {
        assert_eq!(when(Some(1_763_733_900)), "2025-11-21 14:05 UTC");
        assert_eq!(when(None), "never");
    }
}
