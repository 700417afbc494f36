//! `GET /health` (liveness and build) and `GET /health/ready` (every storage binding answers).

use crate::config::Config;
use crate::{http, session};
use serde::Serialize;
use worker::{Env, Response, Result};

/// The crate version, from `Cargo.toml`.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The build identifier (the commit the worker was built from), set by `scripts/build.sh`.
pub const BUILD: &str = match option_env!("GATEWAY_BUILD") {
    Some(build) => build,
    None => "dev",
};

#[derive(Serialize)]
struct Health {
    status: &'static str,
    version: &'static str,
    build: &'static str,
}

/// Liveness: the Worker runs and its configuration is valid.
pub fn health() -> Result<Response> {
    http::json(
        200,
        &Health {
            status: "ok",
            version: VERSION,
            build: BUILD,
        },
    )
}

#[derive(Serialize)]
struct Check {
    name: &'static str,
    ok: bool,
    duration_ms: f64,
}

#[derive(Serialize)]
struct Readiness {
    status: &'static str,
    checks: Vec<Check>,
}

/// Readiness: one round trip each to D1, KV and a session Durable Object (created in the
/// configured jurisdiction). 503 when any fails; failures are logged, not shown.
pub async fn ready(env: &Env, config: &Config) -> Result<Response> {
    let checks = vec![
        timed("d1", probe_d1(env)).await,
        timed("kv", probe_kv(env)).await,
        timed("durable_object", probe_session(env, config)).await,
    ];
    let all_ok = checks.iter().all(|check| check.ok);
    let (status, word) = if all_ok {
        (200, "ready")
    } else {
        (503, "unavailable")
    };
    http::json(
        status,
        &Readiness {
            status: word,
            checks,
        },
    )
}

async fn timed(name: &'static str, probe: impl std::future::Future<Output = Result<()>>) -> Check {
    let started = js_sys::Date::now();
    let outcome = probe.await;
    if let Err(error) = &outcome {
        worker::console_error!(
            "{}",
            serde_json::json!({ "event": "readiness_probe_failed", "check": name, "error": error.to_string() })
        );
    }
    Check {
        name,
        ok: outcome.is_ok(),
        duration_ms: js_sys::Date::now() - started,
    }
}

async fn probe_d1(env: &Env) -> Result<()> {
    let one: Option<u32> = env
        .d1("DB")?
        .prepare("SELECT 1 AS one")
        .first(Some("one"))
        .await?;
    match one {
        Some(1) => Ok(()),
        _ => Err("D1 answered SELECT 1 with something else".into()),
    }
}

async fn probe_kv(env: &Env) -> Result<()> {
    env.kv("CACHE")?.get("readiness-probe").text().await?;
    Ok(())
}

async fn probe_session(env: &Env, config: &Config) -> Result<()> {
    let namespace = session::namespace(env, config.durable_object_jurisdiction.as_deref())?;
    let mut response = namespace
        .get_by_name("readiness-probe")?
        .fetch_with_str("https://session.internal/ping")
        .await?;
    match response.status_code() {
        200 => Ok(()),
        status => Err(format!(
            "session object answered {status}: {}",
            response.text().await?
        )
        .into()),
    }
}
