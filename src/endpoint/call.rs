//! `tools/call`: from a request to a tool result, the same way for every vendor.
//!
//! [`prepare`] does everything that needs no vendor call — the tool exists, the grant holds
//! its scope, the arguments are valid, the connection opens — so the transport can decide how
//! to answer before anything is sent upstream. [`execute`] runs the plan and turns the outcome
//! into a result, an `isError` result the model can act on, or nothing (cancelled), and writes
//! one audit event.

use super::{last_used, Caller};
use crate::audit::{Action, Event};
use crate::db::{self, Statement};
use crate::killswitch::Pause;
use crate::mcp::{ErrorCode, ErrorObject, Params};
use crate::oauth::resource::{self, Denial};
use crate::oauth::store;
use crate::timing::Phase;
use crate::tools::args::{ArgError, Args};
use crate::tools::cursor::{self, Position, CURSOR};
use crate::tools::plan::Plan;
use crate::tools::run::{self, RunError, Watcher, Work};
use crate::tools::{render, Access, Catalog, Tool};
use crate::usage;
use crate::vault::connections::{self, Connection};
use crate::vendors::engine::Target;
use crate::vendors::kit::fields::Credentials;
use crate::vendors::kit::upstream::UpstreamError;
use serde_json::{json, Value};
use worker::Result;

/// A call ready to run.
pub struct Prepared {
    pub tool: &'static Tool,
    pub catalog: &'static Catalog,
    pub args: Args,
    pub plan: Plan,
    /// Where a list goes on, from the call's `cursor`.
    resume: Option<Position>,
    connection: Connection,
    credentials: Credentials,
}

/// What preparing a call came to.
pub enum Preparation {
    /// Ready to run.
    Ready(Box<Prepared>),
    /// Answered without calling the vendor: a tool execution error (`isError`).
    Answered(Value),
    /// Held back by a kill switch: a tool error, with the records of the refusal.
    Held(Held),
    /// A protocol error (unknown tool, malformed params).
    Refused(ErrorObject),
    /// The grant lacks the tool's scope: HTTP 403 for step-up.
    Denied(Denial),
}

/// Checks a `tools/call` request up to the point of calling the vendor.
pub async fn prepare(caller: &Caller<'_>, params: Option<&Params>) -> Result<Preparation> {
    let Some(name) = params.and_then(|p| p.get("name")).and_then(Value::as_str) else {
        return Ok(Preparation::Refused(ErrorObject::new(
            ErrorCode::InvalidParams,
            "Invalid params: tools/call needs a string params.name",
        )));
    };
    let Some((catalog, tool)) = caller
        .catalog
        .and_then(|catalog| catalog.find(name).map(|tool| (catalog, tool)))
    else {
        return Ok(Preparation::Refused(
            ErrorObject::new(ErrorCode::InvalidParams, format!("Unknown tool: {name}"))
                .with_data(json!({ "tool": name })),
        ));
    };
    let connection = connection(caller);
    if !caller.selection(connection).includes(catalog, tool.toolset) {
        return Ok(Preparation::Refused(
            ErrorObject::new(
                ErrorCode::InvalidParams,
                format!(
                    "Unknown tool: {name} is in the `{}` toolset, which this connection does not offer; add ?toolsets={} (or all) to the MCP URL, or choose it on the settings page",
                    tool.toolset, tool.toolset
                ),
            )
            .with_data(json!({ "tool": name, "toolset": tool.toolset })),
        ));
    }
    if let Err(denial) = resource::require(&caller.principal, tool.access.scope()) {
        return Ok(Preparation::Denied(denial));
    }
    // A kill switch answers before the arguments, the keys or the vendor are touched; its
    // state came with the grant, so this costs nothing.
    if let Some(pause) = pause_of(caller, connection) {
        return Ok(Preparation::Held(held(caller, tool, connection, pause)));
    }
    let arguments = params.and_then(|p| p.get("arguments"));
    // A plan that reads the connection's settings (an edition, a region) is made once they
    // are known, below; the others now, so bad arguments are answered before anything opens.
    let planned = Args::validate(tool.params, arguments).and_then(|args| {
        if tool.reads_settings() {
            return Ok((args, None));
        }
        tool.plan(&args).map(|plan| (args, Some(plan)))
    });
    let (args, plan) = match planned {
        Ok(planned) => planned,
        Err(error) => return Ok(Preparation::Answered(invalid_arguments(name, &error))),
    };
    let resume = match args.text(CURSOR) {
        Some(text) => match cursor::open(
            &caller.config.token_signing_keys,
            text,
            cursor_binding(caller, tool, &args, &mut String::new()),
            db::now(),
        ) {
            Ok(position) => Some(position),
            Err(error) => {
                return Ok(Preparation::Answered(failure(&format!(
                    "Invalid cursor for {name}: {error}."
                ))))
            }
        },
        None => None,
    };
    let Some(connection) = connection.filter(|c| c.status != connections::status::REVOKED) else {
        return Ok(Preparation::Answered(failure(&format!(
            "This app has no {} connection. Connect one at {}, then reconnect the app.",
            caller.vendor.name,
            caller.connect_url()
        ))));
    };
    if connection.status == connections::status::NEEDS_REAUTH {
        return Ok(Preparation::Answered(reconnect(caller)));
    }
    let opened = caller.timings.measure(Phase::Unseal, || {
        connection.open(&caller.config.credential_keys)
    });
    let credentials = match opened {
        Ok(credentials) => credentials,
        Err(error) => {
            worker::console_error!(
                "{}",
                json!({ "event": "connection_unopenable", "connection": connection.id, "error": error.to_string() })
            );
            return Ok(Preparation::Answered(failure(&format!(
                "The stored {} keys could not be opened. Enter them again at {}.",
                caller.vendor.name,
                caller.connect_url()
            ))));
        }
    };
    let plan = match plan {
        Some(plan) => plan,
        None => match tool.plan_for(&args, &credentials.settings) {
            Ok(plan) => plan,
            Err(error) => return Ok(Preparation::Answered(invalid_arguments(name, &error))),
        },
    };
    Ok(Preparation::Ready(Box::new(Prepared {
        tool,
        catalog,
        args,
        plan,
        resume,
        connection: connection.clone(),
        credentials,
    })))
}

/// A call a kill switch held back: the tool error, and its audit event and usage counters for
/// the caller to write after the answer.
pub struct Held {
    pub result: Value,
    pub records: Vec<Statement>,
}

/// The pause holding back the caller's calls, if any (`src/killswitch.rs`).
fn pause_of(caller: &Caller<'_>, connection: Option<&Connection>) -> Option<Pause> {
    Pause::of(
        caller.config.operator_paused(caller.vendor.id),
        caller.principal.tenant_paused_at,
        connection.and_then(|c| c.paused_at),
    )
}

/// The answer to a held call and the records of it.
fn held(
    caller: &Caller<'_>,
    tool: &'static Tool,
    connection: Option<&Connection>,
    pause: Pause,
) -> Held {
    let settings = format!("{}/settings/pauses", caller.config.origin());
    let text = pause.message(
        caller.vendor.name,
        |at| crate::settings::when(Some(at)),
        &settings,
    );
    let now = db::now();
    let detail = json!({
        "tool": tool.name,
        "outcome": "paused",
        "paused": pause.scope(),
        "client_id": caller.principal.client_id,
    })
    .to_string();
    let target = connection.map_or("", |c| c.id.as_str());
    let mut records = vec![audit(
        caller,
        Action::ToolCalled,
        target,
        &detail,
        false,
        now,
    )];
    records.extend(usage::counted(
        caller,
        tool.name,
        usage::Kind::Paused,
        0,
        now,
    ));
    Held {
        result: failure(&text),
        records,
    }
}

/// The connection the caller's grant is bound to, as stored (read with the grant).
pub fn connection<'a>(caller: &'a Caller<'_>) -> Option<&'a Connection> {
    caller.principal.connection.as_ref()
}

/// What a list cursor of this call is bound to; `filters` holds the digest it borrows.
fn cursor_binding<'a>(
    caller: &'a Caller<'_>,
    tool: &'static Tool,
    args: &Args,
    filters: &'a mut String,
) -> cursor::Binding<'a> {
    *filters = cursor::filters_digest(args.values());
    cursor::Binding {
        grant: &caller.principal.grant_id,
        tool: tool.name,
        filters,
    }
}

/// The tool error for arguments the tool refuses.
fn invalid_arguments(name: &str, error: &ArgError) -> Value {
    failure(&format!(
        "Invalid arguments for {name}: {error}. The input schema in tools/list describes every argument."
    ))
}

/// What running a prepared call produced: the result (`None` when cancelled) and the writes
/// that record it (audit event, last-used times), for the caller to run when it suits.
pub struct Executed {
    pub result: Option<Value>,
    pub records: Vec<Statement>,
}

/// Runs a prepared call.
pub async fn execute<W: Watcher>(
    caller: &Caller<'_>,
    prepared: Prepared,
    watcher: &mut W,
) -> Result<Executed> {
    let Some(api) = caller.vendor.api else {
        return Ok(Executed {
            result: Some(failure("This vendor's API is not wired yet.")),
            records: Vec::new(),
        });
    };
    let started = js_sys::Date::now();
    let fingerprint = prepared.connection.fingerprint();
    let target = Target {
        vendor: caller.vendor,
        upstream: &api.upstream,
        credentials: &prepared.credentials,
        tenant_id: &caller.principal.tenant_id,
        user_id: &caller.principal.user_id,
        connection_id: &prepared.connection.id,
        fingerprint: &fingerprint,
        timings: Some(caller.timings),
    };
    let mut filters = String::new();
    let binding = cursor_binding(caller, prepared.tool, &prepared.args, &mut filters);
    let binding = (binding.grant.to_owned(), binding.filters.to_owned());
    let work = Work {
        catalog: prepared.catalog,
        tool: prepared.tool,
        args: prepared.args,
        plan: prepared.plan,
        resume: prepared.resume,
    };
    let vendor_before = caller.timings.spent(Phase::Vendor);
    let mut outcome = run::run(caller.env, caller.config, &target, work, watcher).await;
    if let Ok(ran) = &mut outcome {
        if let Some(position) = ran.next.take() {
            let binding = cursor::Binding {
                grant: &binding.0,
                tool: prepared.tool.name,
                filters: &binding.1,
            };
            let next = cursor::seal(
                &caller.config.token_signing_keys,
                binding,
                &position,
                db::now(),
                caller.config.list_cursor_ttl,
            );
            ran.result["next_cursor"] = json!(next);
        }
    }
    let ran_ms = js_sys::Date::now() - started;
    let latency_ms = ran_ms.round() as i64;
    let vendor_ms = caller.timings.spent(Phase::Vendor) - vendor_before;
    caller.timings.add(Phase::Shape, ran_ms - vendor_ms);
    let now = db::now();
    let (mut result, upstream_status, mut outcome_word) = match &mut outcome {
        // The structured result moves into the answer: a page of records is not copied.
        Ok(ran) => (
            Some(caller.timings.measure(Phase::Shape, || {
                success(std::mem::take(&mut ran.result), prepared.tool.summary)
            })),
            Some(200),
            "ok",
        ),
        Err(RunError::Cancelled) => (None, None, "cancelled"),
        Err(RunError::Argument(error)) => (
            Some(invalid_arguments(prepared.tool.name, error)),
            None,
            "invalid_arguments",
        ),
        Err(RunError::Upstream(error)) => {
            let text = match &*error {
                UpstreamError::Unauthorized { .. } => reconnect_text(caller),
                other => sentence(other.describe(caller.vendor.name)),
            };
            (Some(failure(&text)), error.status(), "failed")
        }
    };
    let detail = json!({
        "tool": prepared.tool.name,
        "outcome": outcome_word,
        "latency_ms": latency_ms,
        "upstream_status": upstream_status,
        "client_id": caller.principal.client_id,
    })
    .to_string();
    // A secret is shown only once its reveal is on record: the audit row is written before the
    // answer leaves, and if it cannot be, the secret is withheld.
    if prepared.tool.access == Access::Secret && outcome.is_ok() {
        let reveal = audit(
            caller,
            Action::SecretRevealed,
            &prepared.connection.id,
            &detail,
            true,
            now,
        );
        if let Err(error) = caller.db.batch(vec![reveal]).await {
            worker::console_error!(
                "{}",
                json!({ "event": "secret_reveal_unrecorded", "tool": prepared.tool.name, "error": error.to_string() })
            );
            result = Some(failure(
                "The secret was not shown: its reveal could not be recorded in the audit log. Try again shortly.",
            ));
            outcome_word = "unrecorded";
        }
    }
    let mut records = vec![audit(
        caller,
        Action::ToolCalled,
        &prepared.connection.id,
        &detail,
        outcome.is_ok() && outcome_word == "ok",
        now,
    )];
    if last_used::due(&format!("grant:{}", caller.principal.grant_id), now) {
        records.push(store::touch_grant(&caller.principal.grant_id, now));
    }
    match &outcome {
        Err(RunError::Upstream(UpstreamError::Unauthorized { reason })) => {
            let reason = reason
                .clone()
                .unwrap_or_else(|| "the vendor refused the stored keys".into());
            records.push(connections::needs_reauth(&prepared.connection, &reason));
            records.push(audit(
                caller,
                Action::ConnectionNeedsReauth,
                &prepared.connection.id,
                &detail,
                false,
                now,
            ));
        }
        _ => {
            if last_used::due(&format!("connection:{}", prepared.connection.id), now) {
                records.push(connections::touch(&prepared.connection, now));
            }
        }
    }
    records.extend(usage::counted(
        caller,
        prepared.tool.name,
        usage::Kind::of(&outcome, outcome_word != "unrecorded"),
        latency_ms,
        now,
    ));
    Ok(Executed { result, records })
}

fn audit(
    caller: &Caller<'_>,
    action: Action,
    connection: &str,
    detail: &str,
    ok: bool,
    now: i64,
) -> Statement {
    let event = Event::for_user(
        &caller.principal.tenant_id,
        &caller.principal.user_id,
        action,
    )
    .on(Some(caller.vendor.id), connection)
    .detail(detail)
    .from_ip(&caller.ip);
    let event = if ok { event } else { event.failed() };
    event.statement(now)
}

/// A successful result: the structured content and its text rendering.
fn success(structured: Value, summary: &[&str]) -> Value {
    let text = render::text(&structured, summary);
    json!({
        "content": [{ "type": "text", "text": text }],
        "structuredContent": structured,
        "isError": false,
    })
}

/// Ends a text with exactly one full stop (vendor reasons often bring their own).
fn sentence(text: String) -> String {
    if text.ends_with('.') {
        text
    } else {
        text + "."
    }
}

/// A tool execution error the model reads and can act on.
pub fn failure(text: &str) -> Value {
    json!({ "content": [{ "type": "text", "text": text }], "isError": true })
}

fn reconnect_text(caller: &Caller<'_>) -> String {
    format!(
        "{} refused the stored keys (they may have been rotated or revoked). Ask the user to enter new keys at {} and try again.",
        caller.vendor.name,
        caller.connect_url()
    )
}

fn reconnect(caller: &Caller<'_>) -> Value {
    failure(&reconnect_text(caller))
}
