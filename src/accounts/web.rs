//! The account pages: sign in and sign out, and the `Browser` every page reads cookies
//! through. Every form carries a CSRF token; every failure re-renders the form with a precise
//! message that is the same whether or not the email has an account.

use super::store::{self, SessionUser};
use super::throttle::{self, Attempt, Rule};
use super::{csrf, password};
use crate::audit::{Action, Event};
use crate::config::Config;
use crate::db::{self, Db};
use crate::form::Form;
use crate::keys::{self, Purpose};
use crate::oauth::secrets;
use crate::ui::{pages, render};
use crate::{cookies, http};
use worker::{Context, Env, Request, Response, Result};

/// The browser session cookie.
pub const SESSION_COOKIE: &str = "__Host-mgw_session";
/// How long a browser session lasts, in seconds (7 days).
const SESSION_TTL: i64 = 7 * 24 * 60 * 60;
/// How long the CSRF cookie lasts, in seconds (1 day).
const CSRF_TTL: i64 = 24 * 60 * 60;
/// The longest email address accepted (RFC 5321's path limit).
pub const MAX_EMAIL_LEN: usize = 254;

/// What the gateway knows about the browser making a request: its cookies and CSRF state.
pub struct Browser {
    cookie_header: Option<String>,
    csrf_value: String,
    csrf_fresh: bool,
    csrf_key: [u8; 32],
}

impl Browser {
    /// Reads the request's cookies; a browser without a CSRF cookie is given a new one.
    pub fn from_request(req: &Request, config: &Config) -> Result<Self> {
        let cookie_header = req.headers().get("cookie")?;
        let existing = cookies::get(cookie_header.as_deref(), csrf::COOKIE).map(str::to_owned);
        let csrf_fresh = existing.is_none();
        let csrf_value = existing.unwrap_or_else(|| secrets::new_secret("csrf"));
        let csrf_key = keys::derive(config.token_signing_keys.current(), Purpose::Csrf);
        Ok(Self {
            cookie_header,
            csrf_value,
            csrf_fresh,
            csrf_key,
        })
    }

    /// The token to put in forms.
    pub fn csrf_token(&self) -> String {
        csrf::token_for(&self.csrf_key, &self.csrf_value)
    }

    /// Whether a submitted form carries a valid CSRF token for this browser's cookie.
    pub fn csrf_ok(&self, form: &Form) -> bool {
        !self.csrf_fresh
            && csrf::verify(
                &self.csrf_key,
                Some(&self.csrf_value),
                form.get(csrf::FIELD),
            )
    }

    /// The stored hash of this browser's session id, if it sent one.
    pub fn session_hash(&self) -> Option<String> {
        cookies::get(self.cookie_header.as_deref(), SESSION_COOKIE).map(secrets::hash)
    }

    /// The signed-in user, if the session cookie names a live session.
    pub async fn user(&self, db: &Db) -> Result<Option<SessionUser>> {
        match self.session_hash() {
            Some(hash) => store::session_user(db, &hash, db::now()).await,
            None => Ok(None),
        }
    }

    /// Adds the CSRF cookie to a response when this browser had none.
    pub fn finish(&self, mut response: Response) -> Result<Response> {
        if self.csrf_fresh {
            http::append_header(
                &mut response,
                "set-cookie",
                &cookies::set(csrf::COOKIE, &self.csrf_value, CSRF_TTL),
            )?;
        }
        Ok(response)
    }

    /// A 403 page for a form whose CSRF token is missing or wrong.
    /// Reads a posted form through the capped reader and checks its CSRF token; when either
    /// fails, the answer to send instead.
    pub async fn posted_form(
        &self,
        req: &mut Request,
    ) -> Result<std::result::Result<Form, Response>> {
        let form = match read_form(req).await? {
            Ok(form) => form,
            Err(answer) => return Ok(Err(answer)),
        };
        if !self.csrf_ok(&form) {
            return Ok(Err(self.csrf_failure()?));
        }
        Ok(Ok(form))
    }

    pub fn csrf_failure(&self) -> Result<Response> {
        let page = pages::Error {
            title: "This form has expired",
            message: "The form was missing its security token or it did not match. Reload the page and try again.",
        };
        self.finish(http::html(403, render(&page))?)
    }
}

/// The longest `return_to` kept, in bytes; a longer one is dropped for `/settings` (it ends up
/// in a `Location` header).
const MAX_RETURN_TO: usize = 2048;

/// A `return_to` that stays on this site: a path of at most 2 KiB, never `//host` or a
/// backslash trick.
pub fn safe_return_to(value: Option<&str>) -> &str {
    match value {
        // Browsers drop tabs and newlines inside URLs, so `/\t/evil.example` would become
        // `//evil.example`: no whitespace or control character is accepted at all.
        Some(path)
            if path.starts_with('/')
                && path.len() <= MAX_RETURN_TO
                && !path.starts_with("//")
                && !path.contains('\\')
                && !path.chars().any(|c| c.is_whitespace() || c.is_control()) =>
        {
            path
        }
        _ => "/settings",
    }
}

/// Reads a posted urlencoded form through the capped reader; a body over the form cap, or a
/// broken one, is the answer to send instead.
async fn read_form(req: &mut Request) -> Result<std::result::Result<Form, Response>> {
    Ok(
        match crate::body::read(req, crate::body::FORM_LIMIT).await? {
            Ok(bytes) => Ok(Form::parse(&bytes)),
            Err(error) => Err(error.response()?),
        },
    )
}

/// `GET /sign-in`.
pub async fn sign_in_page(req: Request, config: &Config) -> Result<Response> {
    let browser = Browser::from_request(&req, config)?;
    let query = Form::from_query(&req.url()?);
    let page = pages::SignIn {
        csrf_token: &browser.csrf_token(),
        return_to: safe_return_to(query.get("return_to")),
        email: "",
        error: None,
    };
    browser.finish(http::html(200, render(&page))?)
}

/// `POST /sign-in`.
pub async fn sign_in(
    mut req: Request,
    env: &Env,
    ctx: &Context,
    config: &Config,
    db: &Db,
) -> Result<Response> {
    let browser = Browser::from_request(&req, config)?;
    let form = match browser.posted_form(&mut req).await? {
        Ok(form) => form,
        Err(answer) => return Ok(answer),
    };
    let return_to = safe_return_to(form.get("return_to"));
    let email = store::normalise_email(form.get("email").unwrap_or(""));
    let password = form.get("password").unwrap_or("");
    let csrf_token = browser.csrf_token();
    let page = |status: u16, message: &str| -> Result<Response> {
        let page = pages::SignIn {
            csrf_token: &csrf_token,
            return_to,
            email: &email,
            error: Some(message),
        };
        http::html(status, render(&page))
    };

    if email.len() > MAX_EMAIL_LEN {
        // No account has such an address; it is not worth a counter row.
        return browser.finish(page(401, "The email or password is incorrect.")?);
    }
    // Attempts are taken before the password is looked at, in one atomic write per key, so
    // parallel guesses cannot all pass. The keys pair the address with the email, and the
    // address alone: nothing is counted per email alone, so a stranger who knows someone's
    // email cannot lock them out from elsewhere. The refusal reads the same for every email.
    let now = db::now();
    let ip = http::client_ip(&req);
    let pair = throttle::sign_in_key(&ip, &email);
    let network = throttle::sign_in_network_key(&ip);
    let network_rule = Rule::sign_in_network(config.sign_in_backoff);
    for (key, rule) in [
        (&pair, Rule::sign_in(config.sign_in_backoff)),
        (&network, network_rule),
    ] {
        if let Attempt::Refused { retry_after } = store::take_attempt(db, key, &rule, now).await? {
            let message = format!(
                "Too many sign-in attempts. Try again in {}.",
                throttle::describe_wait(retry_after)
            );
            let mut response = page(429, &message)?;
            http::set_header(&mut response, "retry-after", &retry_after.to_string())?;
            return browser.finish(response);
        }
    }

    let (user_id, known) = match store::credentials(db, &email).await? {
        Some(user) if password::verify(password, &user.password_hash) => (Some(user.id), None),
        Some(user) => (None, Some(user.id)),
        None => {
            password::verify_against_nothing(password);
            (None, None)
        }
    };
    let Some(user_id) = user_id else {
        if let Some(known) = known {
            record_failure_later(ctx, env, known, email.clone(), ip.clone(), now);
        }
        return browser.finish(page(401, "The email or password is incorrect.")?);
    };
    store::forget_attempts(db, &pair).await?;
    store::refund_attempt(db, &network, &network_rule).await?;
    let Some(tenant_id) = store::primary_tenant(db, &user_id).await? else {
        return browser.finish(page(
            403,
            "This account no longer belongs to an organisation.",
        )?);
    };
    Event::by(&tenant_id, &user_id, &email, Action::SignIn)
        .from_ip(&ip)
        .record(db, now)
        .await?;
    start_session(&browser, db, &user_id, &tenant_id, return_to).await
}

/// Records a wrong password for an account that exists, in its own audit log, after the
/// answer has gone: the answer to a known email then takes no longer than to an unknown one.
fn record_failure_later(
    ctx: &Context,
    env: &Env,
    user_id: String,
    email: String,
    ip: String,
    now: i64,
) {
    let env = env.clone();
    ctx.wait_until(async move {
        let recorded: Result<()> = async {
            let db = Db::from_env(&env)?;
            if let Some(tenant_id) = store::primary_tenant(&db, &user_id).await? {
                Event::by(&tenant_id, &user_id, &email, Action::SignIn)
                    .detail("wrong password")
                    .from_ip(&ip)
                    .failed()
                    .record(&db, now)
                    .await?;
            }
            Ok(())
        }
        .await;
        if let Err(error) = recorded {
            worker::console_error!(
                "{}",
                serde_json::json!({ "event": "sign_in_record_failed", "error": error.to_string() })
            );
        }
    });
}

/// Starts a browser session for a user in a tenant and redirects to `return_to`.
pub async fn start_session(
    browser: &Browser,
    db: &Db,
    user_id: &str,
    tenant_id: &str,
    return_to: &str,
) -> Result<Response> {
    let session_id = secrets::new_secret("ses");
    store::create_session(
        db,
        &secrets::hash(&session_id),
        user_id,
        tenant_id,
        db::now(),
        SESSION_TTL,
    )
    .await?;
    let mut response = http::redirect(303, return_to)?;
    http::append_header(
        &mut response,
        "set-cookie",
        &cookies::set(SESSION_COOKIE, &session_id, SESSION_TTL),
    )?;
    browser.finish(response)
}

/// Whether an address looks like an email (loosely: the mail server decides).
pub fn valid_email(email: &str) -> bool {
    match email.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !email.chars().any(|c| c.is_whitespace() || c.is_control())
                && !domain.contains('@')
        }
        None => false,
    }
}

/// `POST /sign-out`.
pub async fn sign_out(mut req: Request, config: &Config, db: &Db) -> Result<Response> {
    let browser = Browser::from_request(&req, config)?;
    // The form carries only the CSRF token.
    if let Err(answer) = browser.posted_form(&mut req).await? {
        return Ok(answer);
    }
    if let Some(hash) = browser.session_hash() {
        store::delete_session(db, &hash).await?;
    }
    let mut response = http::redirect(303, "/")?;
    http::append_header(&mut response, "set-cookie", &cookies::clear(SESSION_COOKIE))?;
    browser.finish(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_return_to_is_dropped() {
        let long = format!("/oauth/authorize?state={}", "x".repeat(MAX_RETURN_TO));
        assert_eq!(safe_return_to(Some(&long)), "/settings");
        let fits = format!("/oauth/authorize?state={}", "x".repeat(100));
        assert_eq!(safe_return_to(Some(&fits)), fits);
    }

    #[test]
    fn return_to_stays_on_site() {
        assert_eq!(
            safe_return_to(Some("/oauth/authorize?x=1")),
            "/oauth/authorize?x=1"
        );
        for bad in [
            "//evil.example",
            "https://evil.example",
            "/\\evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "/ /evil.example",
            "evil",
        ] {
            assert_eq!(safe_return_to(Some(bad)), "/settings", "{bad}");
        }
        assert_eq!(safe_return_to(None), "/settings");
    }

    #[test]
    fn emails_are_checked_loosely_but_sanely() {
        assert!(valid_email("tech@msp.example"));
        for bad in [
            "",
            "no-at",
            "@msp.example",
            "a@nodot",
            "a@.x.y",
            "a b@msp.example",
            "a@b@c.d",
        ] {
            assert!(!valid_email(bad), "{bad}");
        }
    }
}
