//! `/settings/account`: change the password, sign out everywhere, or delete the account with
//! everything it stored (credentials, grants and their tokens, sessions, connections) in one
//! transaction. The audit trail is kept: the deleted user's entries carry a pseudonym.

use super::{notice, or_respond, signed_in, signed_in_form, SignedIn};
use crate::accounts::everywhere::{self, Actor, Reason};
use crate::accounts::throttle::{self, Attempt, Rule};
use crate::accounts::web::SESSION_COOKIE;
use crate::accounts::{links, password, store};
use crate::audit::{self, Action};
use crate::config::Config;
use crate::db::{self, Db, Statement};
use crate::params;
use crate::ui::pages::{self, AccountPage};
use crate::ui::render;
use crate::vault::connections;
use crate::vendors::engine;
use crate::{cookies, http};
use serde::Deserialize;
use worker::{Env, Request, Response, Result};

fn page(
    signed_in: &SignedIn,
    status: u16,
    notice_code: Option<&str>,
    password_error: Option<String>,
    delete_error: Option<String>,
) -> Result<Response> {
    let page = AccountPage {
        nav: signed_in.nav("/settings/account", notice(notice_code)),
        email: &signed_in.user.email,
        role: &signed_in.user.role,
        min_password: password::MIN_LEN,
        password_error,
        delete_error,
    };
    signed_in.page(status, render(&page))
}

/// `GET /settings/account`.
pub async fn show(req: Request, config: &Config, db: &Db) -> Result<Response> {
    let (signed_in, query) = or_respond!(signed_in(&req, config, db).await);
    page(&signed_in, 200, query.get("notice"), None, None)
}

/// Checks the signed-in user's password before a sensitive change, under the same backoff as
/// sign-in, counted per user (a stolen session must not become a password oracle).
/// `Some((status, message))` when the change must not go ahead.
async fn confirm_password(
    db: &Db,
    config: &Config,
    user_id: &str,
    email: &str,
    typed: &str,
) -> Result<Option<(u16, String)>> {
    let key = throttle::confirm_key(user_id);
    let rule = Rule::sign_in(config.sign_in_backoff);
    if let Attempt::Refused { retry_after } =
        store::take_attempt(db, &key, &rule, db::now()).await?
    {
        return Ok(Some((
            429,
            format!(
                "Too many wrong passwords. Try again in {}.",
                throttle::describe_wait(retry_after)
            ),
        )));
    }
    let matches = store::credentials(db, email)
        .await?
        .is_some_and(|user| password::verify(typed, &user.password_hash));
    if matches {
        store::forget_attempts(db, &key).await?;
        Ok(None)
    } else {
        Ok(Some((401, "The password is incorrect.".to_owned())))
    }
}

/// `POST /settings/password`: needs the current password; ends every other session and
/// revokes every app's grant (a password change is what a person does when they fear someone
/// else got in).
pub async fn change_password(mut req: Request, config: &Config, db: &Db) -> Result<Response> {
    let (signed_in, form) = or_respond!(signed_in_form(&mut req, config, db).await);
    let user = &signed_in.user;
    let new_password = form.get("new_password").unwrap_or("");
    let typed = form.get("current_password").unwrap_or("");
    if let Some((status, message)) =
        confirm_password(db, config, &user.user_id, &user.email, typed).await?
    {
        return page(&signed_in, status, None, Some(message), None);
    }
    if let Err(problem) = password::check_policy(new_password) {
        return page(
            &signed_in,
            400,
            None,
            Some(format!("That password is too weak or too long. {problem}")),
            None,
        );
    }
    let now = db::now();
    let ip = http::client_ip(&req);
    let actor = Actor {
        user_id: &user.user_id,
        email: &user.email,
        ip: &ip,
    };
    let current_session = signed_in.browser.session_hash();
    let mut statements = vec![
        Statement::new(
            "UPDATE users SET password_hash = ?2 WHERE id = ?1",
            params![user.user_id.as_str(), password::hash(new_password)],
        ),
        links::spend_all_resets(&user.user_id, now),
        signed_in
            .event(Action::PasswordChanged, &ip)
            .statement_everywhere(now),
    ];
    statements.extend(everywhere::end_access(
        &actor,
        current_session.as_deref(),
        Reason::PasswordChanged,
        now,
    ));
    db.batch(statements).await?;
    super::back(&signed_in, "/settings/account", "password_changed")
}

/// `POST /settings/sign-out-everywhere`: ends every browser session of the user, this one
/// included, and revokes every app's grant, in every organisation.
pub async fn sign_out_everywhere(mut req: Request, config: &Config, db: &Db) -> Result<Response> {
    let (signed_in, _form) = or_respond!(signed_in_form(&mut req, config, db).await);
    let user = &signed_in.user;
    let now = db::now();
    let ip = http::client_ip(&req);
    let actor = Actor {
        user_id: &user.user_id,
        email: &user.email,
        ip: &ip,
    };
    let mut statements = vec![signed_in
        .event(Action::SignedOutEverywhere, &ip)
        .statement_everywhere(now)];
    statements.extend(everywhere::end_access(
        &actor,
        None,
        Reason::SignedOutEverywhere,
        now,
    ));
    db.batch(statements).await?;
    let done = pages::Message {
        title: "Signed out everywhere",
        message: "Every browser you were signed in with, this one included, is signed out, and \
                  every app you connected lost its access. Apps ask you to allow them again \
                  when they next connect.",
        link_href: "/sign-in",
        link_text: "Sign in again",
    };
    let mut response = http::html(200, render(&done))?;
    http::append_header(&mut response, "set-cookie", &cookies::clear(SESSION_COOKIE))?;
    signed_in.browser.finish(response)
}

/// The organisations the user alone owns while others still belong to them: deleting the
/// account would leave those without an owner.
async fn orphaned_tenants(db: &Db, user_id: &str) -> Result<Vec<String>> {
    #[derive(Deserialize)]
    struct Row {
        name: String,
    }
    let rows: Vec<Row> = db
        .all(
            "SELECT t.name FROM memberships m JOIN tenants t ON t.id = m.tenant_id
              WHERE m.user_id = ?1 AND m.role = 'owner'
                AND NOT EXISTS (SELECT 1 FROM memberships o WHERE o.tenant_id = m.tenant_id AND o.user_id != ?1 AND o.role = 'owner')
                AND EXISTS (SELECT 1 FROM memberships x WHERE x.tenant_id = m.tenant_id AND x.user_id != ?1)",
            params![user_id],
        )
        .await?;
    Ok(rows.into_iter().map(|r| r.name).collect())
}

/// Every statement that erases a user, in order. Audit entries are not erased: the user's own
/// and those that name them are pseudonymised ([`audit::pseudonymise`]), and one
/// `account.deleted` entry per organisation records the deletion under the same pseudonym.
pub fn erase_user(user_id: &str, email: &str, now: i64) -> Vec<Statement> {
    let name = audit::pseudonym(user_id);
    let mut statements = audit::pseudonymise(user_id, email);
    statements.push(Statement::new(
        "INSERT INTO audit_events (tenant_id, user_id, actor, action, outcome, target, detail, created_at)
         SELECT tenant_id, ?1, ?1, ?2, 'success', ?1, 'The account and everything it stored were erased.', ?3
           FROM memberships WHERE user_id = ?4",
        params![name.as_str(), Action::AccountDeleted.as_str(), now, user_id],
    ));
    statements.extend([
        Statement::new("DELETE FROM grants WHERE user_id = ?1", params![user_id]),
        Statement::new("DELETE FROM vendor_connections WHERE user_id = ?1", params![user_id]),
        Statement::new("DELETE FROM browser_sessions WHERE user_id = ?1", params![user_id]),
        Statement::new("DELETE FROM password_resets WHERE user_id = ?1", params![user_id]),
        Statement::new("DELETE FROM sign_up_requests WHERE email = ?1", params![email]),
        // The counters that name the user: their confirmations, mail to them, and sign-in
        // attempts for their email from any address (keys end in `|<email>`; compared
        // exactly, never with LIKE).
        Statement::new(
            "DELETE FROM attempt_counters
              WHERE key IN (?1, ?2)
                 OR (substr(key, 1, 8) = 'sign-in:' AND substr(key, -length(?3) - 1) = '|' || ?3)",
            params![throttle::confirm_key(user_id), throttle::mail_key(email), email],
        ),
        Statement::new("DELETE FROM invitations WHERE email = ?1", params![email]),
        Statement::new(
            "DELETE FROM tenants WHERE id IN (SELECT tenant_id FROM memberships WHERE user_id = ?1)
               AND NOT EXISTS (SELECT 1 FROM memberships o WHERE o.tenant_id = tenants.id AND o.user_id != ?1)",
            params![user_id],
        ),
        Statement::new("DELETE FROM memberships WHERE user_id = ?1", params![user_id]),
        Statement::new("DELETE FROM users WHERE id = ?1", params![user_id]),
    ]);
    statements
}

/// `POST /settings/delete`: after the email and password are confirmed, erases the account.
pub async fn delete(mut req: Request, env: &Env, config: &Config, db: &Db) -> Result<Response> {
    let (signed_in, form) = or_respond!(signed_in_form(&mut req, config, db).await);
    let user = &signed_in.user;
    let confirm = store::normalise_email(form.get("confirm_email").unwrap_or(""));
    if confirm != user.email {
        return page(
            &signed_in,
            400,
            None,
            None,
            Some("Type your account's email exactly to confirm.".into()),
        );
    }
    let typed = form.get("password").unwrap_or("");
    if let Some((status, message)) =
        confirm_password(db, config, &user.user_id, &user.email, typed).await?
    {
        return page(&signed_in, status, None, None, Some(message));
    }
    let orphaned = orphaned_tenants(db, &user.user_id).await?;
    if !orphaned.is_empty() {
        return page(
            &signed_in,
            409,
            None,
            None,
            Some(format!(
                "You are the only owner of {}, which still has other members. Make one of them an owner (Members tab) or remove them first.",
                orphaned.join(", ")
            )),
        );
    }
    // Every tenant's connections, not only the signed-in one's: each may hold a cached vendor
    // session in KV.
    let stored = connections::list_everywhere(db, &user.user_id).await?;
    db.batch(erase_user(&user.user_id, &user.email, db::now()))
        .await?;
    for connection in &stored {
        engine::forget_session(env, &connection.id, &connection.fingerprint()).await;
    }
    let done = pages::Error {
        title: "Account deleted",
        message:
            "Your account, your vendor keys, your connected apps and their tokens were erased.",
    };
    let mut response = http::html(200, render(&done))?;
    http::append_header(&mut response, "set-cookie", &cookies::clear(SESSION_COOKIE))?;
    signed_in.browser.finish(response)
}
