//! Tools: what each vendor endpoint offers a model, as data.
//!
//! A [`Tool`] declares its name, its arguments ([`Param`]s, from which the JSON Schema is
//! generated and against which calls are validated), the scope it needs and a `plan` function
//! turning valid arguments into a [`Plan`]: the vendor calls to make. Running a plan (`run.rs`)
//! and rendering its result (`render.rs`) are written once for every vendor; a vendor file
//! (`datto_rmm.rs`, `itglue.rs`) holds only its table.
//!
//! Everything here but `run.rs` is pure and tested natively.

pub mod args;
mod datto_rmm;
mod itglue;
pub mod pages;
pub mod plan;
pub mod render;
pub mod run;

use crate::oauth::scopes::Scope;
use args::{ArgError, Args, Param};
use plan::{Format, Paging, Plan};
use serde_json::{json, Map, Value};

/// What calling a tool can do, and so which scope it needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Reads vendor data (`tools:read`).
    Read,
    /// Changes something at the vendor (`tools:write`).
    Write,
    /// Reveals a stored secret (`secrets:read`, ticked explicitly on the consent page).
    Secret,
}

impl Access {
    /// The scope a grant must hold to call a tool with this access.
    pub fn scope(self) -> Scope {
        match self {
            Self::Read => Scope::ToolsRead,
            Self::Write => Scope::ToolsWrite,
            Self::Secret => Scope::SecretsRead,
        }
    }
}

/// Hints for clients about a write tool's effect (MCP tool annotations).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Effect {
    /// The change may destroy or overwrite something (running a script does).
    pub destructive: bool,
    /// Calling twice with the same arguments changes nothing more.
    pub idempotent: bool,
}

/// One tool.
#[derive(Debug)]
pub struct Tool {
    /// The wire name, vendor-prefixed.
    pub name: &'static str,
    /// A short human title.
    pub title: &'static str,
    /// What it does and when to use it, for the model.
    pub description: &'static str,
    /// The arguments.
    pub params: &'static [Param],
    /// What calling it can do.
    pub access: Access,
    /// For write tools, their effect.
    pub effect: Option<Effect>,
    /// The vendor calls for valid arguments; an `Err` is an argument the schema cannot express
    /// (one of two ids required, say).
    pub plan: fn(&Args) -> Result<Plan, ArgError>,
    /// The fields the text rendering shows for each record, most telling first.
    pub summary: &'static [&'static str],
}

impl Tool {
    /// Whether the result is a list (the plan walks pages).
    pub fn lists(&self) -> bool {
        self.params.iter().any(|param| param.name == args::LIMIT)
    }

    /// The `Tool` object of `tools/list`.
    pub fn to_json(&self) -> Value {
        let mut tool = json!({
            "name": self.name,
            "title": self.title,
            "description": self.description,
            "inputSchema": args::input_schema(self.params),
            "annotations": self.annotations(),
        });
        if self.lists() {
            tool["outputSchema"] = list_output_schema();
        }
        tool
    }

    fn annotations(&self) -> Value {
        let mut annotations = Map::new();
        annotations.insert("title".into(), json!(self.title));
        annotations.insert("readOnlyHint".into(), json!(self.access != Access::Write));
        if let Some(effect) = self.effect {
            annotations.insert("destructiveHint".into(), json!(effect.destructive));
            annotations.insert("idempotentHint".into(), json!(effect.idempotent));
        }
        // Every tool reaches the vendor's live data, which others change.
        annotations.insert("openWorldHint".into(), json!(true));
        Value::Object(annotations)
    }
}

/// The `outputSchema` every listing tool shares.
fn list_output_schema() -> Value {
    json!({
        "type": "object",
        "properties": {
            "items": { "type": "array", "items": { "type": "object" } },
            "count": { "type": "integer", "minimum": 0 },
            "truncated": { "type": "boolean", "description": "more records exist beyond limit" }
        },
        "required": ["items", "count", "truncated"]
    })
}

/// A vendor's tools and how its API shapes records and pages.
#[derive(Debug)]
pub struct Catalog {
    /// The vendor id the tools belong to.
    pub vendor: &'static str,
    /// How records come back.
    pub format: Format,
    /// How lists are paged.
    pub paging: Paging,
    /// Fields only tools with [`Access::Secret`] return; removed from every other result,
    /// whatever the vendor sends.
    pub secret_fields: &'static [&'static str],
    /// The tools, in the order `tools/list` gives them.
    pub tools: &'static [Tool],
}

impl Catalog {
    /// Looks a tool up by name.
    pub fn find(&self, name: &str) -> Option<&'static Tool> {
        self.tools.iter().find(|tool| tool.name == name)
    }
}

static CATALOGS: [&Catalog; 2] = [&datto_rmm::CATALOG, &itglue::CATALOG];

/// The catalog of a vendor, if its tools exist yet.
pub fn catalog(vendor: &str) -> Option<&'static Catalog> {
    CATALOGS.iter().copied().find(|c| c.vendor == vendor)
}

/// How many tools one `tools/list` page carries.
pub const LIST_PAGE_SIZE: usize = 50;

/// Why a `tools/list` cursor is refused (`-32602`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid cursor {0:?}; pass the nextCursor of the previous page, or none")]
pub struct BadCursor(pub String);

/// One page of `tools/list`: the tools from `cursor` on, and the cursor of the next page.
/// Cursors are the offset of the page's first tool; the list is the same for everyone, so an
/// offset reveals nothing and needs no signature.
pub fn list_page(
    catalog: &Catalog,
    cursor: Option<&str>,
    page_size: usize,
) -> Result<(Vec<Value>, Option<String>), BadCursor> {
    let start = match cursor {
        None => 0,
        Some(text) => text
            .parse::<usize>()
            .ok()
            .filter(|start| *start < catalog.tools.len() && start % page_size == 0)
            .ok_or_else(|| BadCursor(text.to_owned()))?,
    };
    let end = (start + page_size).min(catalog.tools.len());
    let tools = catalog.tools[start..end]
        .iter()
        .map(Tool::to_json)
        .collect();
    let next = (end < catalog.tools.len()).then(|| end.to_string());
    Ok((tools, next))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn names_are_unique_prefixed_and_valid() {
        for catalog in CATALOGS {
            let prefix = match catalog.vendor {
                "datto-rmm" => "datto_",
                "itglue" => "itglue_",
                other => panic!("unexpected catalog {other}"),
            };
            let mut seen = HashSet::new();
            for tool in catalog.tools {
                assert!(seen.insert(tool.name), "{} twice", tool.name);
                assert!(tool.name.starts_with(prefix), "{}", tool.name);
                assert!(tool.name.len() <= 64);
                assert!(tool
                    .name
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b == b'_'));
                assert!(tool.description.len() > 30, "{}", tool.name);
                assert!(!tool.summary.is_empty(), "{}", tool.name);
                assert_eq!(tool.effect.is_some(), tool.access == Access::Write);
                let schema = args::input_schema(tool.params);
                assert_eq!(schema["type"], "object");
                assert_eq!(schema["additionalProperties"], false);
            }
        }
    }

    #[test]
    fn the_issue_names_every_required_tool() {
        let names = |vendor: &str| -> Vec<&str> {
            catalog(vendor)
                .unwrap()
                .tools
                .iter()
                .map(|t| t.name)
                .collect()
        };
        let datto = names("datto-rmm");
        for name in [
            "datto_list_devices",
            "datto_get_device",
            "datto_list_alerts",
            "datto_resolve_alert",
            "datto_list_sites",
            "datto_get_site",
            "datto_run_quickjob",
            "datto_get_audit",
        ] {
            assert!(datto.contains(&name), "{name}");
        }
        let itglue = names("itglue");
        for name in [
            "itglue_search_organizations",
            "itglue_get_organization",
            "itglue_search_configurations",
            "itglue_get_configuration",
            "itglue_search_passwords",
            "itglue_get_password",
            "itglue_search_documents",
            "itglue_search_flexible_assets",
        ] {
            assert!(itglue.contains(&name), "{name}");
        }
        assert!(catalog("autotask").is_none());
    }

    #[test]
    fn scopes_follow_access() {
        let datto = catalog("datto-rmm").unwrap();
        assert_eq!(
            datto.find("datto_resolve_alert").unwrap().access.scope(),
            Scope::ToolsWrite
        );
        assert_eq!(
            datto.find("datto_list_devices").unwrap().access.scope(),
            Scope::ToolsRead
        );
        let itglue = catalog("itglue").unwrap();
        assert_eq!(
            itglue.find("itglue_get_password").unwrap().access.scope(),
            Scope::SecretsRead
        );
        assert_eq!(
            itglue
                .find("itglue_search_passwords")
                .unwrap()
                .access
                .scope(),
            Scope::ToolsRead
        );
    }

    #[test]
    fn tool_json_has_title_annotations_and_list_output_schema() {
        let datto = catalog("datto-rmm").unwrap();
        let list = datto.find("datto_list_devices").unwrap().to_json();
        assert_eq!(list["annotations"]["readOnlyHint"], true);
        assert_eq!(list["outputSchema"]["required"][0], "items");
        let job = datto.find("datto_run_quickjob").unwrap().to_json();
        assert_eq!(job["annotations"]["readOnlyHint"], false);
        assert_eq!(job["annotations"]["destructiveHint"], true);
        assert!(job.get("outputSchema").is_none());
        assert!(job["title"].as_str().unwrap().len() > 3);
    }

    #[test]
    fn list_pages_and_cursors() {
        let datto = catalog("datto-rmm").unwrap();
        let (tools, next) = list_page(datto, None, LIST_PAGE_SIZE).unwrap();
        assert_eq!(tools.len(), datto.tools.len());
        assert_eq!(next, None);
        // Walking small pages visits every tool once, in order.
        let mut cursor = None;
        let mut names = Vec::new();
        loop {
            let (tools, next) = list_page(datto, cursor.as_deref(), 5).unwrap();
            assert!(tools.len() <= 5 && !tools.is_empty());
            names.extend(tools.iter().map(|t| t["name"].as_str().unwrap().to_owned()));
            match next {
                Some(next) => cursor = Some(next),
                None => break,
            }
        }
        let expected: Vec<&str> = datto.tools.iter().map(|t| t.name).collect();
        assert_eq!(names, expected);
        for bad in ["x", "1", "", "-5", "500"] {
            assert!(list_page(datto, Some(bad), 5).is_err(), "{bad}");
        }
    }
}
