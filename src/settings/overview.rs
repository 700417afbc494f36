//! `GET /settings`: who you are, your connections at a glance, and how to connect a client.

use super::{notice, or_respond, signed_in};
use crate::config::Config;
use crate::db::Db;
use crate::ui::pages::Overview;
use crate::ui::render;
use crate::vault::connections::{self, status};
use worker::{Request, Response, Result};

/// `GET /settings`.
pub async fn show(req: Request, config: &Config, db: &Db) -> Result<Response> {
    let (signed_in, query) = or_respond!(signed_in(&req, config, db).await);
    let user = &signed_in.user;
    let connections = connections::list(db, &user.tenant_id, &user.user_id)
        .await?
        .iter()
        .filter(|c| c.status != status::REVOKED)
        .filter_map(super::vendors::view)
        .collect();
    let app_count = super::apps::list(db, &user.tenant_id, &user.user_id)
        .await?
        .len();
    let page = Overview {
        nav: signed_in.nav("/settings", notice(query.get("notice"))),
        role: &user.role,
        connections,
        app_count,
        example_url: format!("{}/v1/datto-rmm", config.origin()),
    };
    signed_in.page(200, render(&page))
}
