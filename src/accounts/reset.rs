//! Password reset by emailed link: `/forgot-password` answers "check your email" for every
//! well-formed address and mails a link only when an account uses it; `/reset-password` (the
//! link, single use, 30 minutes) sets the new password, ends every session and revokes every
//! app's grant, since whoever knew the old password may have used it.

use super::everywhere::{self, Actor, Reason};
use super::outbox;
use super::sign_up::no_mail;
use super::throttle;
use super::web::{valid_email, Browser, MAX_EMAIL_LEN};
use super::{emails, links, password, store};
use crate::audit::{Action, Event};
use crate::config::{Config, MailSender};
use crate::db::{self, Db, Statement};
use crate::form::Form;
use crate::http;
use crate::params;
use crate::ui::{pages, render};
use serde::Deserialize;
use worker::{Context, Env, Request, Response, Result};

/// `GET /forgot-password`.
pub async fn page(req: Request, config: &Config) -> Result<Response> {
    let browser = Browser::from_request(&req, config)?;
    if config.mail_sender == MailSender::Off {
        return no_mail(&browser);
    }
    let page = pages::ForgotPassword {
        csrf_token: &browser.csrf_token(),
        email: "",
        error: None,
    };
    browser.finish(http::html(200, render(&page))?)
}

/// `POST /forgot-password`: "check your email", the same for every well-formed address.
pub async fn request(
    mut req: Request,
    env: &Env,
    ctx: &Context,
    config: &Config,
) -> Result<Response> {
    let browser = Browser::from_request(&req, config)?;
    let form = match browser.posted_form(&mut req).await? {
        Ok(form) => form,
        Err(answer) => return Ok(answer),
    };
    if config.mail_sender == MailSender::Off {
        return no_mail(&browser);
    }
    let email = store::normalise_email(form.get("email").unwrap_or(""));
    if email.len() > MAX_EMAIL_LEN || !valid_email(&email) {
        let page = pages::ForgotPassword {
            csrf_token: &browser.csrf_token(),
            email: &email,
            error: Some("Enter a valid email address, like name@example.com."),
        };
        return browser.finish(http::html(400, render(&page))?);
    }
    let ip = http::client_ip(&req);
    let to = email.clone();
    outbox::after_answer(
        ctx,
        env,
        config,
        &ip,
        &email,
        move |db, config| async move {
            // An unknown address gets no mail: there is nothing to reset, and the page already
            // answered the same as for a known one.
            let Some(user) = store::credentials(&db, &to).await? else {
                return Ok(None);
            };
            let (secret, hash) = links::new_link_secret("rst");
            links::create_reset(&db, &hash, &user.id, db::now()).await?;
            let link = format!("{}/reset-password?token={secret}", config.origin());
            Ok(Some(emails::reset_password(config.origin(), &to, &link)))
        },
    );
    let page = pages::Message {
        title: "Check your email",
        message: &format!(
            "If an account uses {email}, we sent it a link to choose a new password. The link \
             works once, for 30 minutes. Nothing arrived after a few minutes? Check your spam \
             folder, or ask again."
        ),
        link_href: "/sign-in",
        link_text: "Back to sign in",
    };
    browser.finish(http::html(200, render(&page))?)
}

/// `GET /reset-password?token=…`: the emailed link.
pub async fn reset_page(req: Request, config: &Config, db: &Db) -> Result<Response> {
    let browser = Browser::from_request(&req, config)?;
    let query = Form::from_query(&req.url()?);
    let token = query.get("token").unwrap_or("");
    match links::find_reset(db, token, db::now()).await? {
        Some(_) => reset_form(&browser, token, 200, None),
        None => invalid_link(&browser),
    }
}

/// `POST /reset-password`: spends the link once and sets the new password; every session
/// ends and every grant is revoked in the same transaction.
pub async fn reset(mut req: Request, config: &Config, db: &Db) -> Result<Response> {
    let browser = Browser::from_request(&req, config)?;
    let form = match browser.posted_form(&mut req).await? {
        Ok(form) => form,
        Err(answer) => return Ok(answer),
    };
    let token = form.get("token").unwrap_or("");
    let typed = form.get("new_password").unwrap_or("");
    let now = db::now();
    if let Err(problem) = password::check_policy(typed) {
        // The link is not spent by a refused password.
        return match links::find_reset(db, token, now).await? {
            Some(_) => reset_form(
                &browser,
                token,
                400,
                Some(format!("That password is too weak or too long. {problem}")),
            ),
            None => invalid_link(&browser),
        };
    }
    let Some(user_id) = links::spend_reset(db, token, now).await? else {
        return invalid_link(&browser);
    };
    #[derive(Deserialize)]
    struct User {
        email: String,
    }
    let Some(user) = db
        .first::<User>(
            "SELECT email FROM users WHERE id = ?1",
            params![user_id.as_str()],
        )
        .await?
    else {
        return invalid_link(&browser);
    };
    let ip = http::client_ip(&req);
    let actor = Actor {
        user_id: &user_id,
        email: &user.email,
        ip: &ip,
    };
    let mut statements = vec![
        Statement::new(
            "UPDATE users SET password_hash = ?2 WHERE id = ?1",
            params![user_id.as_str(), password::hash(typed)],
        ),
        links::spend_all_resets(&user_id, now),
        // The person proved they read the mailbox: their own address's backoff ends.
        Statement::new(
            "DELETE FROM attempt_counters WHERE key IN (?1, ?2)",
            params![
                throttle::sign_in_key(&ip, &user.email),
                throttle::confirm_key(&user_id)
            ],
        ),
        Event::by("", &user_id, &user.email, Action::PasswordReset)
            .from_ip(&ip)
            .statement_everywhere(now),
    ];
    statements.extend(everywhere::end_access(
        &actor,
        None,
        Reason::PasswordReset,
        now,
    ));
    db.batch(statements).await?;
    let page = pages::Message {
        title: "Password changed",
        message: "Sign in with your new password. Every browser was signed out and every app you \
                  connected lost its access; apps ask you to allow them again when they next \
                  connect.",
        link_href: "/sign-in",
        link_text: "Sign in",
    };
    browser.finish(http::html(200, render(&page))?)
}

fn reset_form(
    browser: &Browser,
    token: &str,
    status: u16,
    error: Option<String>,
) -> Result<Response> {
    let page = pages::ResetPassword {
        csrf_token: &browser.csrf_token(),
        token,
        min_password: password::MIN_LEN,
        error,
    };
    let mut response = http::html(status, render(&page))?;
    http::set_header(&mut response, "cache-control", "no-store")?;
    browser.finish(response)
}

fn invalid_link(browser: &Browser) -> Result<Response> {
    let page = pages::Message {
        title: "This link no longer works",
        message: "Password reset links work once, for 30 minutes. Ask for a new one.",
        link_href: "/forgot-password",
        link_text: "Ask for a new link",
    };
    browser.finish(http::html(404, render(&page))?)
}
