//! `GET /health` (liveness and build), `GET /health/ready` (every storage binding answers) and
//! `GET /health/vendors` (each vendor's calls and failures over the last minutes).

use crate::config::Config;
use crate::db::Db;
use crate::{http, session, usage};
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

#[derive(Serialize)]
struct VendorHealth {
    vendor: &'static str,
    status: &'static str,
    calls: i64,
    errors: i64,
    failures: i64,
    /// Errors of any kind as a percentage of calls.
    error_rate: f64,
    /// Vendor-side failures (5xx, timeouts, unreachable) as a percentage of calls.
    failure_rate: f64,
    /// Open circuit breakers of this vendor. Always empty for now: the breakers of issue 19
    /// (`kit/breaker.rs`) live in each isolate's memory, keyed by account without the vendor,
    /// so this endpoint cannot see them; their refusals do show here, as vendor failures.
    open_breakers: Vec<String>,
    /// Whether the gateway's operator paused this vendor for everyone (`PAUSED_VENDORS`):
    /// its calls are answered without reaching it, and are not counted here.
    paused_by_operator: bool,
}

#[derive(Serialize)]
struct VendorsHealth {
    status: &'static str,
    window_minutes: i64,
    vendors: Vec<VendorHealth>,
}

/// `GET /health/vendors`: every registered vendor's calls, error rate and vendor failures
/// across all organisations over the last [`usage::WINDOW_MINUTES`], with a status per vendor
/// and `degraded` overall when any vendor is failing. Counts only, never an organisation.
pub async fn vendors(config: &Config, db: &Db) -> Result<Response> {
    let now = crate::db::now();
    let since = now - now.rem_euclid(60) - (usage::WINDOW_MINUTES - 1) * 60;
    let windows = usage::store::health(db, since).await?;
    let vendors: Vec<VendorHealth> = crate::vendors::VENDORS
        .iter()
        .map(|vendor| {
            let window = windows.iter().find(|w| w.vendor == vendor.id);
            let (calls, errors, failures) =
                window.map_or((0, 0, 0), |w| (w.calls, w.errors, w.failures));
            VendorHealth {
                vendor: vendor.id,
                status: usage::status(calls, failures),
                calls,
                errors,
                failures,
                error_rate: usage::report::rate(calls, errors),
                failure_rate: usage::report::rate(calls, failures),
                open_breakers: Vec::new(),
                paused_by_operator: config.operator_paused(vendor.id),
            }
        })
        .collect();
    let status = if vendors.iter().any(|v| v.status == "failing") {
        "degraded"
    } else {
        "ok"
    };
    let mut response = http::json(
        200,
        &VendorsHealth {
            status,
            window_minutes: usage::WINDOW_MINUTES,
            vendors,
        },
    )?;
    http::set_header(&mut response, "cache-control", "no-store")?;
    Ok(response)
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
