//! Sign-up by emailed link: `/sign-up` asks for the organisation and the email and answers
//! "check your email" for every well-formed address, new or known; `/sign-up/finish` (the
//! link) lets the mailbox owner choose a password, creates the tenant and its owner, and signs
//! them in.
//!
//! Why this shape: the page cannot differ between a new and a known address, so it cannot
//! create the account and sign in at once. The mail differs instead (a finish link, or "you
//! already have an account" with the way to sign in and reset), and only the mailbox owner
//! reads it. Nothing is created until the link is used, so nobody can squat an address they do
//! not read, and the password is chosen by whoever opened the link. The lookup, the write and
//! the mail happen after the answer ([`outbox`]), so its timing reveals nothing either.

use super::outbox;
use super::web::{safe_return_to, start_session, valid_email, Browser, MAX_EMAIL_LEN};
use super::{emails, links, password, store};
use crate::audit::{Action, Event};
use crate::config::{Config, MailSender};
use crate::db::{self, Db};
use crate::form::Form;
use crate::http;
use crate::oauth::{registration::clean_name, secrets};
use crate::ui::{pages, render};
use worker::{Context, Env, Request, Response, Result};

/// `GET /sign-up`.
pub async fn page(req: Request, config: &Config) -> Result<Response> {
    let browser = Browser::from_request(&req, config)?;
    let query = Form::from_query(&req.url()?);
    if config.mail_sender == MailSender::Off {
        return no_mail(&browser);
    }
    let page = pages::SignUp {
        csrf_token: &browser.csrf_token(),
        return_to: safe_return_to(query.get("return_to")),
        organisation: "",
        email: "",
        error: None,
    };
    browser.finish(http::html(200, render(&page))?)
}

/// `POST /sign-up`: "check your email", the same for every well-formed address.
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
    let return_to = safe_return_to(form.get("return_to")).to_owned();
    let organisation = clean_name(form.get("organisation").unwrap_or(""));
    let email = store::normalise_email(form.get("email").unwrap_or(""));
    let invalid = |message: &str| -> Result<Response> {
        let page = pages::SignUp {
            csrf_token: &browser.csrf_token(),
            return_to: &return_to,
            organisation: &organisation,
            email: &email,
            error: Some(message),
        };
        browser.finish(http::html(400, render(&page))?)
    };
    if organisation.is_empty() {
        return invalid("Enter your organisation's name.");
    }
    if email.len() > MAX_EMAIL_LEN || !valid_email(&email) {
        return invalid("Enter a valid email address, like name@example.com.");
    }

    let ip = http::client_ip(&req);
    let request = links::SignUpRequest {
        email: email.clone(),
        organisation,
        return_to,
    };
    outbox::after_answer(
        ctx,
        env,
        config,
        &ip,
        &email,
        move |db, config| async move {
            let origin = config.origin();
            if store::credentials(&db, &request.email).await?.is_some() {
                return Ok(Some(emails::already_registered(origin, &request.email)));
            }
            let (secret, hash) = links::new_link_secret("sup");
            links::create_sign_up(&db, &hash, &request, db::now()).await?;
            let link = format!("{origin}/sign-up/finish?token={secret}");
            Ok(Some(emails::finish_sign_up(origin, &request.email, &link)))
        },
    );

    let page = pages::Message {
        title: "Check your email",
        message: &format!(
            "We sent a message to {email}. Open the link in it within 24 hours to choose your \
             password and finish. If that address already has an account, the message says how \
             to sign in instead. Nothing arrived after a few minutes? Check your spam folder, \
             or sign up again."
        ),
        link_href: "/sign-in",
        link_text: "Back to sign in",
    };
    browser.finish(http::html(200, render(&page))?)
}

/// `GET /sign-up/finish?token=…`: the emailed link.
pub async fn finish_page(req: Request, config: &Config, db: &Db) -> Result<Response> {
    let browser = Browser::from_request(&req, config)?;
    let query = Form::from_query(&req.url()?);
    let token = query.get("token").unwrap_or("");
    match links::find_sign_up(db, token, db::now()).await? {
        Some(request) => finish_form(&browser, &request, token, 200, None),
        None => invalid_link(&browser),
    }
}

/// `POST /sign-up/finish`: spends the link once, creates the tenant and its owner, and signs
/// them in.
pub async fn finish(mut req: Request, config: &Config, db: &Db) -> Result<Response> {
    let browser = Browser::from_request(&req, config)?;
    let form = match browser.posted_form(&mut req).await? {
        Ok(form) => form,
        Err(answer) => return Ok(answer),
    };
    let token = form.get("token").unwrap_or("");
    let typed = form.get("password").unwrap_or("");
    let now = db::now();
    if let Err(problem) = password::check_policy(typed) {
        // The link is not spent by a refused password.
        return match links::find_sign_up(db, token, now).await? {
            Some(request) => finish_form(
                &browser,
                &request,
                token,
                400,
                Some(format!("That password is too weak or too long. {problem}")),
            ),
            None => invalid_link(&browser),
        };
    }
    let Some(request) = links::spend_sign_up(db, token, now).await? else {
        return invalid_link(&browser);
    };
    let (tenant_id, user_id) = (secrets::new_id("ten"), secrets::new_id("usr"));
    let ip = http::client_ip(&req);
    let mut statements = store::create_account(
        (&tenant_id, &user_id),
        &request.organisation,
        &request.email,
        &password::hash(typed),
        now,
    );
    statements.push(
        Event::by(&tenant_id, &user_id, &request.email, Action::AccountCreated)
            .detail("email confirmed by link")
            .from_ip(&ip)
            .statement(now),
    );
    if let Err(error) = db.batch(statements).await {
        // Another link for the same address was used first. Whoever holds this link reads
        // that mailbox, so saying so reveals nothing to them.
        if store::credentials(db, &request.email).await?.is_some() {
            let page = pages::Message {
                title: "You already have an account",
                message: "An account already uses this address. Sign in, or choose a new \
                          password if you forgot it.",
                link_href: "/forgot-password",
                link_text: "Choose a new password",
            };
            return browser.finish(http::html(409, render(&page))?);
        }
        return Err(error);
    }
    start_session(&browser, db, &user_id, &tenant_id, &request.return_to).await
}

fn finish_form(
    browser: &Browser,
    request: &links::SignUpRequest,
    token: &str,
    status: u16,
    error: Option<String>,
) -> Result<Response> {
    let page = pages::SignUpFinish {
        csrf_token: &browser.csrf_token(),
        token,
        email: &request.email,
        organisation: &request.organisation,
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
        message: "Sign-up links work once, for 24 hours. Sign up again to get a new one, or sign \
                  in if you already finished.",
        link_href: "/sign-up",
        link_text: "Sign up again",
    };
    browser.finish(http::html(404, render(&page))?)
}

/// The answer while no mail sender is configured: sign-up cannot confirm an address.
pub fn no_mail(browser: &Browser) -> Result<Response> {
    let page = pages::Error {
        title: "Email is not set up",
        message: "This gateway cannot send email yet, so new accounts and password resets are \
                  unavailable. Its operator must set MAIL_SENDER (see the README).",
    };
    browser.finish(http::html(503, render(&page))?)
}
