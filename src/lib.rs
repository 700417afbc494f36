//! MCP Gateway: one Cloudflare Worker that serves MCP endpoints for MSP vendor APIs behind
//! OAuth 2.1. This file is the `fetch` entry: read the configuration, route, answer, log.
//! See `docs/ARCHITECTURE.md` for the module map.

pub mod accounts;
pub mod alerts;
pub mod assets;
pub mod audit;
pub mod audit_stream;
pub mod body;
pub mod config;
pub mod cookies;
pub mod db;
pub mod deliveries;
pub mod endpoint;
pub mod form;
pub mod governor;
pub mod health;
pub mod http;
pub mod keys;
pub mod killswitch;
pub mod limits;
pub mod mail;
pub mod maintenance;
pub mod mcp;
pub mod oauth;
pub mod observability;
pub mod routes;
pub mod session;
pub mod settings;
pub mod stream_read;
pub mod timing;
pub mod tools;
pub mod ui;
pub mod usage;
pub mod vault;
pub mod vendors;
pub mod webhooks;

use config::Config;
use endpoint::Door;
use observability::{RequestLog, RequestLogPolicy};
use routes::{Method, Resolution, Route};
use std::cell::RefCell;
use std::rc::Rc;
use timing::{Phase, Timings};
use worker::{event, Context, Env, Request, Response, Result, ScheduleContext, ScheduledEvent};

/// Reads vars and secrets from the Worker environment (both are strings there).
struct EnvSource<'a>(&'a Env);

impl config::Source for EnvSource<'_> {
    fn get(&self, name: &str) -> Option<String> {
        self.0.var(name).ok().map(|value| value.to_string())
    }
}

thread_local! {
    /// The configuration, read once per isolate: vars and secrets are fixed for the life of a
    /// deployment's isolate (changing one deploys a new version, in new isolates).
    static CONFIG: RefCell<Option<Rc<Config>>> = const { RefCell::new(None) };
}

/// The isolate's configuration, read from the environment on first use. An invalid one is
/// not kept, so every request reports it until it is fixed.
fn config(env: &Env) -> std::result::Result<Rc<Config>, config::ConfigError> {
    if let Some(config) = CONFIG.with(|cached| cached.borrow().clone()) {
        return Ok(config);
    }
    let config = Rc::new(Config::from_source(&EnvSource(env))?);
    CONFIG.with(|cached| *cached.borrow_mut() = Some(config.clone()));
    Ok(config)
}

#[event(fetch)]
async fn fetch(req: Request, env: Env, ctx: Context) -> Result<Response> {
    console_error_panic_hook::set_once();
    let started = js_sys::Date::now();
    let mut timings = Timings::new(false, started);
    let request_id = new_request_id();
    let method = req.method().to_string();
    let path = req.path();

    let (response, https, failure, log_policy) = match config(&env) {
        Ok(config) => {
            let https = config.public_origin.scheme() == "https";
            let log_policy = config.request_log;
            timings.set_enabled(config.server_timing);
            timings.add(Phase::Config, js_sys::Date::now() - started);
            match handle(req, &env, &ctx, &config, &timings).await {
                Ok(response) => (response, https, None, log_policy),
                Err(error) => {
                    worker::console_error!(
                        "{}",
                        serde_json::json!({ "event": "handler_error", "request_id": request_id, "error": error.to_string() })
                    );
                    let response = http::error(
                        500,
                        "internal_error",
                        "The gateway failed to handle this request. Quote the X-Request-Id header if you report it.",
                    )?;
                    (response, https, Some("internal_error"), log_policy)
                }
            }
        }
        Err(problem) => {
            worker::console_error!(
                "{}",
                serde_json::json!({ "event": "config_invalid", "request_id": request_id, "setting": problem.setting(), "problem": problem.to_string() })
            );
            (
                misconfigured(&problem)?,
                false,
                Some("config_invalid"),
                RequestLogPolicy::All,
            )
        }
    };

    let mut response = http::finish(response, &request_id, https)?;
    if timings.enabled() {
        http::set_header(
            &mut response,
            "server-timing",
            &timings.header(js_sys::Date::now()),
        )?;
    }
    if !log_policy.logs(response.status_code(), failure.is_some()) {
        return Ok(response);
    }
    let line = RequestLog {
        event: "request",
        request_id: &request_id,
        method: &method,
        path: &path,
        status: response.status_code(),
        duration_ms: js_sys::Date::now() - started,
        error: failure,
    }
    .to_line();
    worker::console_log!("{line}");
    Ok(response)
}

async fn handle(
    req: Request,
    env: &Env,
    ctx: &Context,
    config: &Config,
    timings: &Timings,
) -> Result<Response> {
    let method = Method::parse(req.method().as_ref());
    let route = match routes::resolve(method, &req.path()) {
        Resolution::Matched(route) => route,
        Resolution::MethodNotAllowed { allow } => {
            let mut response = http::error(
                405,
                "method_not_allowed",
                &format!(
                    "{} is not served on {}; use {allow}.",
                    req.method(),
                    req.path()
                ),
            )?;
            http::set_header(&mut response, "allow", &allow)?;
            return Ok(response);
        }
        Resolution::NotFound => {
            return http::error(
                404,
                "not_found",
                &format!("Nothing is served at {}.", req.path()),
            )
        }
    };
    let db = || db::Db::from_env(env);
    if takes_credentials(&route)
        && !limits::allows(env, limits::Limiter::Auth, &http::client_ip(&req)).await
    {
        return http::too_many_requests(
            "too many requests from this address; try again in a minute",
            limits::PERIOD_SECONDS,
        );
    }
    let response = match route {
        Route::Landing => {
            Response::from_html(ui::landing::render(config.origin(), health::VERSION))?
        }
        Route::Health => health::health()?,
        Route::Ready => health::ready(env, config).await?,
        Route::HealthVendors => health::vendors(config, &db()?).await?,
        Route::StaticAsset(asset) => {
            let mut response = Response::from_bytes(asset.body.to_vec())?;
            http::set_header(&mut response, "content-type", asset.content_type)?;
            http::set_header(&mut response, "cache-control", "public, max-age=3600")?;
            response
        }
        Route::AuthorizationServerMetadata => oauth::well_known::authorization_server(config)?,
        Route::ProtectedResourceMetadata(Some((vendor, mount))) => {
            oauth::well_known::protected_resource(config, vendor, mount)?
        }
        Route::ProtectedResourceMetadata(None) => {
            oauth::well_known::root_protected_resource(config)?
        }
        Route::Register => oauth::register::handle(req, &db()?).await?,
        Route::AuthorizeShow => oauth::authorize::show(req, env, config, &db()?).await?,
        Route::AuthorizeDecide => oauth::authorize::decide(req, env, config, &db()?).await?,
        Route::Token => oauth::token::handle(req, env, config, &db()?).await?,
        Route::Revoke => oauth::revoke::handle(req, env, config, &db()?).await?,
        Route::SignInPage => accounts::web::sign_in_page(req, config).await?,
        Route::SignIn => accounts::web::sign_in(req, env, ctx, config, &db()?).await?,
        Route::SignUpPage => accounts::sign_up::page(req, config).await?,
        Route::SignUp => accounts::sign_up::request(req, env, ctx, config).await?,
        Route::SignUpFinishPage => accounts::sign_up::finish_page(req, config, &db()?).await?,
        Route::SignUpFinish => accounts::sign_up::finish(req, config, &db()?).await?,
        Route::ForgotPasswordPage => accounts::reset::page(req, config).await?,
        Route::ForgotPassword => accounts::reset::request(req, env, ctx, config).await?,
        Route::ResetPasswordPage => accounts::reset::reset_page(req, config, &db()?).await?,
        Route::ResetPassword => accounts::reset::reset(req, config, &db()?).await?,
        Route::SignOut => accounts::web::sign_out(req, config, &db()?).await?,
        Route::Settings => settings::overview::show(req, config, &db()?).await?,
        Route::SettingsVendors => settings::vendors::show(req, env, config, &db()?).await?,
        Route::ConnectPage(vendor) => settings::connect::show(req, config, &db()?, vendor).await?,
        Route::Connect(vendor) => {
            settings::connect::submit(req, env, config, &db()?, vendor).await?
        }
        Route::VendorSignIn(vendor) => {
            settings::sign_in::start(req, env, config, &db()?, vendor).await?
        }
        Route::VendorCallback(vendor) => {
            settings::sign_in::finish(req, env, config, &db()?, vendor).await?
        }
        Route::TestConnection => settings::vendors::test(req, env, config, &db()?).await?,
        Route::Disconnect => settings::vendors::disconnect(req, env, config, &db()?).await?,
        Route::SetToolsets => settings::vendors::set_toolsets(req, config, &db()?).await?,
        Route::AppPermissions => settings::apps::permissions(req, config, &db()?).await?,
        Route::SettingsApps => settings::apps::show(req, config, &db()?).await?,
        Route::RevokeApp => settings::apps::revoke(req, config, &db()?).await?,
        Route::SettingsAudit => settings::audit_log::show(req, config, &db()?).await?,
        Route::AuditExport => settings::audit_log::export(req, config, &db()?).await?,
        Route::SettingsAccount => settings::account::show(req, config, &db()?).await?,
        Route::ChangePassword => settings::account::change_password(req, config, &db()?).await?,
        Route::SignOutEverywhere => {
            settings::account::sign_out_everywhere(req, config, &db()?).await?
        }
        Route::DeleteAccount => settings::account::delete(req, env, config, &db()?).await?,
        Route::SettingsMembers => settings::members::show(req, config, &db()?).await?,
        Route::InviteMember => settings::members::invite(req, config, &db()?).await?,
        Route::RemoveMember => settings::members::remove(req, env, config, &db()?).await?,
        Route::ChangeRole => settings::members::change_role(req, config, &db()?).await?,
        Route::InvitationPage => settings::members::show_invitation(req, config, &db()?).await?,
        Route::AcceptInvitation => settings::members::accept(req, config, &db()?).await?,
        Route::SettingsUsage => settings::usage::show(req, config, &db()?).await?,
        Route::UsageExport => settings::usage::export(req, config, &db()?).await?,
        Route::SettingsMonitoring => settings::monitoring::show(req, config, &db()?).await?,
        Route::SaveAlerts => settings::monitoring::save_alerts(req, config, &db()?).await?,
        Route::TestAlert => settings::monitoring::test_alert(req, config, &db()?).await?,
        Route::SaveStream => settings::monitoring::save_stream(req, config, &db()?).await?,
        Route::RemoveSink => settings::monitoring::remove(req, config, &db()?).await?,
        Route::SettingsPauses => settings::pauses::show(req, config, &db()?).await?,
        Route::SwitchConnection => settings::pauses::switch_connection(req, config, &db()?).await?,
        Route::SwitchOrganisation => {
            settings::pauses::switch_organisation(req, config, &db()?).await?
        }
        Route::Mcp(vendor, mount) => {
            let door = Door::Streamable(mount);
            mcp(req, env, ctx, config, timings, vendor, door).await?
        }
        Route::McpSse(vendor) => mcp(req, env, ctx, config, timings, vendor, Door::SseOpen).await?,
        Route::McpMessages(vendor) => {
            mcp(req, env, ctx, config, timings, vendor, Door::SseMessage).await?
        }
        Route::McpPreflight => endpoint::preflight(&req, config)?,
        Route::Preflight => oauth::respond::preflight()?,
    };
    Ok(if method == Method::Head {
        without_body(response)
    } else {
        response
    })
}

/// The cron triggers: every minute the delivery run ([`deliveries`]: alerts and audit
/// streaming); every ten minutes [`maintenance`] as well. One JSON log line says what each did.
#[event(scheduled)]
async fn scheduled(event: ScheduledEvent, env: Env, _ctx: ScheduleContext) {
    console_error_panic_hook::set_once();
    let config = match Config::from_source(&EnvSource(&env)) {
        Ok(config) => config,
        Err(problem) => {
            worker::console_error!(
                "{}",
                serde_json::json!({ "event": "maintenance_failed", "error": problem.to_string() })
            );
            return;
        }
    };
    let db = match db::Db::from_env(&env) {
        Ok(db) => db,
        Err(error) => {
            worker::console_error!(
                "{}",
                serde_json::json!({ "event": "maintenance_failed", "error": error.to_string() })
            );
            return;
        }
    };
    if event.cron() != deliveries::CRON {
        match maintenance::run(&config, &db).await {
            Ok(report) => worker::console_log!(
                "{}",
                serde_json::json!({ "event": "maintenance", "report": report })
            ),
            Err(error) => worker::console_error!(
                "{}",
                serde_json::json!({ "event": "maintenance_failed", "error": error.to_string() })
            ),
        }
    }
    match deliveries::run(&config, &db).await {
        Ok(report) => worker::console_log!(
            "{}",
            serde_json::json!({ "event": "deliveries", "report": report })
        ),
        Err(error) => worker::console_error!(
            "{}",
            serde_json::json!({ "event": "deliveries_failed", "error": error.to_string() })
        ),
    }
}

/// An MCP URL: see [`endpoint`].
async fn mcp(
    req: Request,
    env: &Env,
    ctx: &Context,
    config: &Config,
    timings: &Timings,
    vendor: &'static vendors::Vendor,
    door: Door,
) -> Result<Response> {
    let db = db::Db::from_env(env)?;
    endpoint::serve(req, env, ctx, config, timings, &db, vendor, door).await
}

/// The same status and headers with no body, for `HEAD`.
fn without_body(response: Response) -> Response {
    let status = response.status_code();
    let headers = response.headers().clone();
    Response::builder()
        .with_status(status)
        .with_headers(headers)
        .empty()
}

/// The answer to every request while the configuration is invalid. It names the setting and
/// the problem, which are safe to show, and never a value.
fn misconfigured(problem: &config::ConfigError) -> Result<Response> {
    http::error(
        500,
        "server_misconfigured",
        &format!(
            "The gateway is not configured correctly: {problem}. An operator must fix this setting (see the README's configuration table)."
        ),
    )
}

fn new_request_id() -> String {
    let mut bytes = [0u8; 16];
    // The runtime's CSPRNG does not fail on Workers; an all-zero id would still be a valid log key.
    let _ = getrandom::getrandom(&mut bytes);
    observability::request_id_from(bytes)
}

/// Routes that take a password, an email or client credentials: limited per client address.
fn takes_credentials(route: &Route) -> bool {
    matches!(
        route,
        Route::SignIn
            | Route::SignUp
            | Route::SignUpFinish
            | Route::ForgotPassword
            | Route::Register
            | Route::Token
    )
}
