//! Tenant members: `/settings/members` (list, invite by single-use link, change roles,
//! remove) and `/invite` (accept an invitation, creating an account when needed).
//!
//! Owners invite admins and members and change roles; admins invite members and remove
//! members. Nobody sees another member's vendor credentials: connections are per user.

use super::{back, notice, or_respond, signed_in, signed_in_form, when, SignedIn};
use crate::accounts::web::Browser;
use crate::accounts::{password, store};
use crate::audit::{Action, Event};
use crate::config::Config;
use crate::db::{self, Db, Statement};
use crate::form::Form;
use crate::http;
use crate::oauth::secrets;
use crate::params;
use crate::ui::pages::{self, InvitationView, MemberView, Members};
use crate::ui::render;
use crate::vault::connections;
use crate::vendors::engine;
use serde::Deserialize;
use worker::{Env, Request, Response, Result};

/// How long an invitation link works, in seconds (7 days).
const INVITATION_TTL: i64 = 7 * 24 * 60 * 60;

#[derive(Debug, Deserialize)]
struct MemberRow {
    user_id: String,
    email: String,
    role: String,
    created_at: i64,
}

/// The tenant's members, oldest first; with `only`, just that user (if a member).
async fn members(db: &Db, tenant_id: &str, only: Option<&str>) -> Result<Vec<MemberRow>> {
    db.all(
        "SELECT m.user_id, u.email, m.role, m.created_at FROM memberships m JOIN users u ON u.id = m.user_id
          WHERE m.tenant_id = ?1 AND (?2 IS NULL OR m.user_id = ?2) ORDER BY m.created_at",
        params![tenant_id, only],
    )
    .await
}

/// The roles `inviter` may hand out.
pub fn invitable_roles(inviter: &str) -> &'static [&'static str] {
    match inviter {
        "owner" => &["member", "admin"],
        "admin" => &["member"],
        _ => &[],
    }
}

/// Whether `actor` (a role) may remove a member with `target` role.
pub fn may_remove(actor: &str, target: &str) -> bool {
    match actor {
        "owner" => true,
        "admin" => target == "member",
        _ => false,
    }
}

async fn render_page(
    signed_in: &SignedIn,
    db: &Db,
    status: u16,
    notice_code: Option<&str>,
    invite_link: Option<String>,
    error: Option<String>,
) -> Result<Response> {
    let user = &signed_in.user;
    let members = members(db, &user.tenant_id, None)
        .await?
        .into_iter()
        .map(|m| MemberView {
            is_self: m.user_id == user.user_id,
            removable: m.user_id != user.user_id && may_remove(&user.role, &m.role),
            user_id: m.user_id,
            email: m.email,
            role: m.role,
            joined: when(Some(m.created_at)),
        })
        .collect();
    #[derive(Deserialize)]
    struct Pending {
        email: String,
        role: String,
        expires_at: i64,
    }
    let invitations: Vec<Pending> = if signed_in.is_admin() {
        db.all(
            "SELECT email, role, expires_at FROM invitations
              WHERE tenant_id = ?1 AND accepted_at IS NULL AND expires_at > ?2 ORDER BY created_at",
            params![user.tenant_id.as_str(), db::now()],
        )
        .await?
    } else {
        Vec::new()
    };
    let page = Members {
        nav: signed_in.nav("/settings/members", notice(notice_code)),
        members,
        invitations: invitations
            .into_iter()
            .map(|i| InvitationView {
                email: i.email,
                role: i.role,
                expires: when(Some(i.expires_at)),
            })
            .collect(),
        can_invite: signed_in.is_admin(),
        can_change_roles: user.role == "owner",
        invite_roles: invitable_roles(&user.role).to_vec(),
        invite_link,
        error,
    };
    signed_in.page(status, render(&page))
}

/// `GET /settings/members`.
pub async fn show(req: Request, config: &Config, db: &Db) -> Result<Response> {
    let (signed_in, query) = or_respond!(signed_in(&req, config, db).await);
    render_page(&signed_in, db, 200, query.get("notice"), None, None).await
}

/// `POST /settings/members/invite`: creates a single-use link, shown once.
pub async fn invite(mut req: Request, config: &Config, db: &Db) -> Result<Response> {
    let (signed_in, form) = or_respond!(signed_in_form(&mut req, config, db).await);
    let user = &signed_in.user;
    let role = form.get("role").unwrap_or("member");
    if !invitable_roles(&user.role).contains(&role) {
        return render_page(
            &signed_in,
            db,
            403,
            None,
            None,
            Some("Your role cannot invite someone with that role.".to_owned()),
        )
        .await;
    }
    let email = store::normalise_email(form.get("email").unwrap_or(""));
    if !crate::accounts::web::valid_email(&email) {
        return render_page(
            &signed_in,
            db,
            400,
            None,
            None,
            Some("Enter a valid email address.".into()),
        )
        .await;
    }
    if members(db, &user.tenant_id, None)
        .await?
        .iter()
        .any(|m| m.email == email)
    {
        return render_page(
            &signed_in,
            db,
            409,
            None,
            None,
            Some(format!("{email} is already a member.")),
        )
        .await;
    }
    let token = secrets::new_secret("inv");
    let id = secrets::new_id("inv");
    let now = db::now();
    let ip = http::client_ip(&req);
    let detail = format!("{email} as {role}");
    let event = signed_in
        .event(Action::MemberInvited, &ip)
        .on(None, &id)
        .detail(&detail);
    db.batch(vec![
        // A new invitation replaces any pending one for the same address.
        Statement::new(
            "DELETE FROM invitations WHERE tenant_id = ?1 AND email = ?2 AND accepted_at IS NULL",
            params![user.tenant_id.as_str(), email.as_str()],
        ),
        Statement::new(
            "INSERT INTO invitations (token_hash, id, tenant_id, email, role, invited_by, created_at, expires_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                secrets::hash(&token),
                id.as_str(),
                user.tenant_id.as_str(),
                email.as_str(),
                role,
                user.user_id.as_str(),
                now,
                now + INVITATION_TTL
            ],
        ),
        event.statement(now),
    ])
    .await?;
    let link = format!("{}/invite?token={token}", config.origin());
    render_page(&signed_in, db, 200, None, Some(link), None).await
}

async fn member_of(db: &Db, tenant_id: &str, user_id: &str) -> Result<Option<MemberRow>> {
    Ok(members(db, tenant_id, Some(user_id))
        .await?
        .into_iter()
        .next())
}

/// What removing a member erases in the tenant (`?1`) for the user (`?2`), including the
/// pending invitations they sent or that were meant for them.
const ERASE_MEMBERSHIP: [&str; 5] = [
    "DELETE FROM invitations WHERE tenant_id = ?1 AND accepted_at IS NULL
       AND (invited_by = ?2 OR email = (SELECT email FROM users WHERE id = ?2))",
    "DELETE FROM grants WHERE tenant_id = ?1 AND user_id = ?2",
    "DELETE FROM vendor_connections WHERE tenant_id = ?1 AND user_id = ?2",
    "DELETE FROM browser_sessions WHERE tenant_id = ?1 AND user_id = ?2",
    "DELETE FROM memberships WHERE tenant_id = ?1 AND user_id = ?2",
];

/// `POST /settings/members/remove`: the member leaves the tenant; their connections, grants
/// and sessions in it are erased at once.
pub async fn remove(mut req: Request, env: &Env, config: &Config, db: &Db) -> Result<Response> {
    let (signed_in, form) = or_respond!(signed_in_form(&mut req, config, db).await);
    let user = &signed_in.user;
    let Some(member) = member_of(db, &user.tenant_id, form.get("member").unwrap_or("")).await?
    else {
        return back(&signed_in, "/settings/members", "not_found");
    };
    if member.user_id == user.user_id || !may_remove(&user.role, &member.role) {
        return back(&signed_in, "/settings/members", "not_allowed");
    }
    let now = db::now();
    let ip = http::client_ip(&req);
    let event = signed_in
        .event(Action::MemberRemoved, &ip)
        .on(None, &member.user_id)
        .detail(&member.email);
    let (tenant, target) = (user.tenant_id.as_str(), member.user_id.as_str());
    let mut statements: Vec<Statement> = ERASE_MEMBERSHIP
        .iter()
        .map(|sql| Statement::new(sql, params![tenant, target]))
        .collect();
    statements.push(event.statement(now));
    let cached = connections::list(db, tenant, target).await?;
    db.batch(statements).await?;
    for connection in &cached {
        engine::forget_session(env, &connection.id, &connection.fingerprint()).await;
    }
    back(&signed_in, "/settings/members", "member_removed")
}

/// `POST /settings/members/role`: owners change another member's role.
pub async fn change_role(mut req: Request, config: &Config, db: &Db) -> Result<Response> {
    let (signed_in, form) = or_respond!(signed_in_form(&mut req, config, db).await);
    let user = &signed_in.user;
    let role = form.get("role").unwrap_or("");
    if user.role != "owner" || !matches!(role, "owner" | "admin" | "member") {
        return back(&signed_in, "/settings/members", "not_allowed");
    }
    let Some(member) = member_of(db, &user.tenant_id, form.get("member").unwrap_or("")).await?
    else {
        return back(&signed_in, "/settings/members", "not_found");
    };
    if member.user_id == user.user_id {
        return back(&signed_in, "/settings/members", "not_allowed");
    }
    let now = db::now();
    let ip = http::client_ip(&req);
    let detail = format!("{}: {} → {role}", member.email, member.role);
    let event = signed_in
        .event(Action::MemberRoleChanged, &ip)
        .on(None, &member.user_id)
        .detail(&detail);
    // Conditional on the actor still being an owner when the write lands: two owners
    // demoting each other at once cannot leave the organisation without one.
    let changed = db
        .run(
            "UPDATE memberships SET role = ?3 WHERE tenant_id = ?1 AND user_id = ?2
               AND EXISTS (SELECT 1 FROM memberships WHERE tenant_id = ?1 AND user_id = ?4 AND role = 'owner')",
            params![
                user.tenant_id.as_str(),
                member.user_id.as_str(),
                role,
                user.user_id.as_str()
            ],
        )
        .await?;
    if changed != 1 {
        return back(&signed_in, "/settings/members", "not_allowed");
    }
    event.record(db, now).await?;
    back(&signed_in, "/settings/members", "role_changed")
}

/// A pending invitation found by its token.
#[derive(Debug, Deserialize)]
struct Invitation {
    id: String,
    tenant_id: String,
    tenant_name: String,
    email: String,
    role: String,
}

async fn invitation(db: &Db, token: &str) -> Result<Option<Invitation>> {
    db.first(
        "SELECT i.id, i.tenant_id, t.name AS tenant_name, i.email, i.role FROM invitations i JOIN tenants t ON t.id = i.tenant_id
          WHERE i.token_hash = ?1 AND i.accepted_at IS NULL AND i.expires_at > ?2",
        params![secrets::hash(token), db::now()],
    )
    .await
}

fn invalid_invitation(browser: &Browser) -> Result<Response> {
    let page = pages::Error {
        title: "Invitation not valid",
        message: "This invitation link was already used, has expired, or was never issued. Ask for a new one.",
    };
    browser.finish(http::html(404, render(&page))?)
}

/// What the visitor of an invitation must do next.
async fn step_for(browser: &Browser, db: &Db, invitation: &Invitation) -> Result<&'static str> {
    Ok(match browser.user(db).await? {
        Some(user) if user.email == invitation.email => "join",
        Some(_) => "other_user",
        None if store::credentials(db, &invitation.email).await?.is_some() => "sign_in",
        None => "create",
    })
}

fn invite_page(
    browser: &Browser,
    invitation: &Invitation,
    token: &str,
    step: &'static str,
    status: u16,
    error: Option<String>,
) -> Result<Response> {
    let page = pages::Invite {
        csrf_token: &browser.csrf_token(),
        token,
        tenant_name: &invitation.tenant_name,
        email: &invitation.email,
        role: &invitation.role,
        step,
        min_password: password::MIN_LEN,
        error,
    };
    let mut response = http::html(status, render(&page))?;
    http::set_header(&mut response, "cache-control", "no-store")?;
    browser.finish(response)
}

/// `GET /invite?token=…`.
pub async fn show_invitation(req: Request, config: &Config, db: &Db) -> Result<Response> {
    let browser = Browser::from_request(&req, config)?;
    let query = Form::from_query(&req.url()?);
    let token = query.get("token").unwrap_or("");
    let Some(invitation) = invitation(db, token).await? else {
        return invalid_invitation(&browser);
    };
    let step = step_for(&browser, db, &invitation).await?;
    invite_page(&browser, &invitation, token, step, 200, None)
}

/// `POST /invite`: accepts the invitation (once) and signs the person in to the tenant.
pub async fn accept(mut req: Request, config: &Config, db: &Db) -> Result<Response> {
    let browser = Browser::from_request(&req, config)?;
    let form = match browser.posted_form(&mut req).await? {
        Ok(form) => form,
        Err(answer) => return Ok(answer),
    };
    let token = form.get("token").unwrap_or("");
    let Some(invitation) = invitation(db, token).await? else {
        return invalid_invitation(&browser);
    };
    let step = step_for(&browser, db, &invitation).await?;
    let now = db::now();
    let user_id = match step {
        "join" => browser
            .user(db)
            .await?
            .map(|u| u.user_id)
            .unwrap_or_default(),
        "create" => {
            let typed = form.get("password").unwrap_or("");
            if let Err(problem) = password::check_policy(typed) {
                return invite_page(
                    &browser,
                    &invitation,
                    token,
                    step,
                    400,
                    Some(format!("That password is too weak or too long. {problem}")),
                );
            }
            secrets::new_id("usr")
        }
        _ => return invite_page(&browser, &invitation, token, step, 409, None),
    };
    // The conditional update makes the link single-use even under concurrent clicks.
    let claimed = db
        .run(
            "UPDATE invitations SET accepted_at = ?2 WHERE token_hash = ?1 AND accepted_at IS NULL AND expires_at > ?2",
            params![secrets::hash(token), now],
        )
        .await?;
    if claimed != 1 {
        return invalid_invitation(&browser);
    }
    let mut statements = Vec::new();
    if step == "create" {
        statements.push(Statement::new(
            "INSERT INTO users (id, email, password_hash, created_at) VALUES (?1, ?2, ?3, ?4)",
            params![
                user_id.as_str(),
                invitation.email.as_str(),
                password::hash(form.get("password").unwrap_or("")),
                now
            ],
        ));
    }
    statements.push(Statement::new(
        "INSERT INTO memberships (tenant_id, user_id, role, created_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (tenant_id, user_id) DO NOTHING",
        params![
            invitation.tenant_id.as_str(),
            user_id.as_str(),
            invitation.role.as_str(),
            now
        ],
    ));
    let ip = http::client_ip(&req);
    let detail = format!("{} as {}", invitation.email, invitation.role);
    statements.push(
        Event {
            target: Some(&invitation.id),
            detail: Some(&detail),
            ip: Some(&ip),
            ..Event::by(
                &invitation.tenant_id,
                &user_id,
                &invitation.email,
                Action::MemberJoined,
            )
        }
        .statement(now),
    );
    if db.batch(statements).await.is_err() {
        // Most likely the address was registered meanwhile: give the link back and explain.
        db.run(
            "UPDATE invitations SET accepted_at = NULL WHERE token_hash = ?1 AND accepted_at = ?2",
            params![secrets::hash(token), now],
        )
        .await?;
        let step = step_for(&browser, db, &invitation).await?;
        let message = "The invitation could not be accepted just now. Sign in if you already have an account, then try the link again.";
        return invite_page(
            &browser,
            &invitation,
            token,
            step,
            409,
            Some(message.to_owned()),
        );
    }
    crate::accounts::web::start_session(
        &browser,
        db,
        &user_id,
        &invitation.tenant_id,
        "/settings?notice=joined",
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_limit_who_invites_and_removes_whom() {
        assert_eq!(invitable_roles("owner"), ["member", "admin"]);
        assert_eq!(invitable_roles("admin"), ["member"]);
        assert!(invitable_roles("member").is_empty());
        assert!(may_remove("owner", "admin"));
        assert!(may_remove("admin", "member"));
        assert!(!may_remove("admin", "admin"));
        assert!(!may_remove("admin", "owner"));
        assert!(!may_remove("member", "member"));
    }
}
