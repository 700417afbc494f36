//! The `McpSession` Durable Object and access to its namespace.
//!
//! Legacy-era MCP sessions and SSE streams live here (see `docs/ARCHITECTURE.md`). Today the
//! object answers the readiness probe, which proves the binding, the SQLite-backed class
//! migration and the jurisdiction bridge work; the session protocol builds on the same object.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use worker::{
    durable_object, DurableObject, Env, ObjectNamespace, Request, Response, Result, State,
};

/// The binding name of the session namespace in `wrangler.toml`.
pub const BINDING: &str = "MCP_SESSIONS";

#[wasm_bindgen]
extern "C" {
    /// The part of the JavaScript `DurableObjectNamespace` API that workers-rs does not wrap.
    type JurisdictionCapable;

    /// `DurableObjectNamespace.jurisdiction(name)`: a namespace whose objects — including
    /// named ones from `idFromName`/`getByName` — are created and stored in that jurisdiction.
    #[wasm_bindgen(method, catch)]
    fn jurisdiction(
        this: &JurisdictionCapable,
        name: &str,
    ) -> std::result::Result<JsValue, JsValue>;
}

/// The session namespace, restricted to `jurisdiction` when one is configured.
///
/// workers-rs only offers `unique_id_with_jurisdiction`, which cannot address objects by name,
/// so this calls the runtime's `jurisdiction()` method directly and wraps the namespace it
/// returns.
pub fn namespace(env: &Env, jurisdiction: Option<&str>) -> Result<ObjectNamespace> {
    let namespace = env.durable_object(BINDING)?;
    let Some(jurisdiction) = jurisdiction else {
        return Ok(namespace);
    };
    let raw: &JsValue = namespace.as_ref();
    let scoped = raw
        .unchecked_ref::<JurisdictionCapable>()
        .jurisdiction(jurisdiction)
        .map_err(worker::Error::from)?;
    Ok(ObjectNamespace::unchecked_from_js(scoped))
}

/// One MCP session (legacy protocol era) or SSE stream.
#[durable_object]
pub struct McpSession {
    state: State,
}

impl DurableObject for McpSession {
    fn new(state: State, _env: Env) -> Self {
        Self { state }
    }

    async fn fetch(&self, req: Request) -> Result<Response> {
        match req.path().as_str() {
            "/ping" => {
                // A storage round trip proves the SQLite-backed class is provisioned.
                let storage = self.state.storage();
                let pings: u64 = storage.get("pings").await?.unwrap_or(0);
                storage.put("pings", pings + 1).await?;
                Response::from_json(&serde_json::json!({ "ok": true, "pings": pings + 1 }))
            }
            _ => Response::error("no such session operation", 404),
        }
    }
}
