//! Tools: what each vendor endpoint offers a model, as data.
//!
//! A [`Tool`] declares its name, its arguments ([`Param`]s, from which the JSON Schema is
//! generated and against which calls are validated), its toolset, the scope it needs and how
//! its vendor calls are made ([`Action`]: a request template, or a plan function for the
//! irregular few). Running a plan (`run.rs`) and rendering its result (`render.rs`) are written
//! once for every vendor; a vendor's catalog lives in its folder (`src/vendors/<vendor>/tools.rs`).
//!
//! Everything here but `run.rs` is pure and tested natively.

pub mod args;
pub mod cursor;
pub mod docs;
pub mod pages;
pub mod plan;
pub mod render;
pub mod run;
pub mod toolsets;

use crate::oauth::scopes::Scope;
use crate::vendors::kit::paging::Paging;
use crate::vendors::kit::shape::Records;
use args::{ArgError, Args, Kind, Param};
use plan::{Action, Plan, Settings};
use serde_json::{json, Map, Value};
pub use toolsets::{Selection, Toolset};

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

    /// Whether the tool's vendor calls only read (and so may be retried).
    pub fn safety(self) -> crate::vendors::kit::request::Safety {
        match self {
            Self::Write => crate::vendors::kit::request::Safety::Write,
            Self::Read | Self::Secret => crate::vendors::kit::request::Safety::Read,
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
    /// The toolset it belongs to (a name from the catalog's [`Catalog::toolsets`]).
    pub toolset: &'static str,
    /// How its vendor calls are made.
    pub action: Action,
    /// The fields the text rendering shows for each record, most telling first.
    pub summary: &'static [&'static str],
    /// The vendor entity whose picklist labels are put beside ids in the result.
    pub labels: Option<&'static str>,
}

impl Tool {
    /// Whether the result is a list (the plan walks pages).
    pub fn lists(&self) -> bool {
        self.params.iter().any(|param| param.name == args::LIMIT)
    }

    /// The vendor calls for valid arguments, before the connection is known (a
    /// [`Action::Connected`] plan is made with no settings).
    pub fn plan(&self, args: &Args) -> Result<Plan, ArgError> {
        self.plan_for(args, &Settings::new())
    }

    /// The vendor calls for valid arguments and the connection's plain settings.
    pub fn plan_for(&self, args: &Args, settings: &Settings) -> Result<Plan, ArgError> {
        let template = match self.action {
            Action::Plan(plan) => return plan(args),
            Action::Connected(plan) => return plan(args, settings),
            Action::Template(template) => template,
        };
        let call = template.call(args);
        let records = template.records;
        Ok(if self.lists() {
            Plan::List {
                call,
                records,
                limit: args.limit(),
                keep: Vec::new(),
            }
        } else if self.access == Access::Write {
            Plan::Change {
                call,
                answer: Value::Null,
                records,
            }
        } else {
            Plan::Record { call, records }
        })
    }

    /// Whether the plan depends on the connection's settings (made again once it is open).
    pub fn reads_settings(&self) -> bool {
        matches!(self.action, Action::Connected(_))
    }

    /// Whether an argument names a picklist value (resolved against the vendor before planning).
    pub fn takes_labels(&self) -> bool {
        self.params
            .iter()
            .any(|param| matches!(param.kind, Kind::Picklist(_)))
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
        // Claude's connector directory asks for destructiveHint on every tool; a read
        // destroys nothing.
        let effect = self.effect.unwrap_or(Effect {
            destructive: false,
            idempotent: true,
        });
        annotations.insert("destructiveHint".into(), json!(effect.destructive));
        annotations.insert("idempotentHint".into(), json!(effect.idempotent));
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
            "count": { "type": "integer", "minimum": 0, "description": "records returned" },
            "total": { "type": ["integer", "null"], "minimum": 0, "description": "records the vendor holds for these filters, or null when it does not say" },
            "truncated": { "type": "boolean", "description": "more records exist beyond limit" },
            "next_cursor": { "type": "string", "description": "pass as `cursor`, with the same filters, for the next records" }
        },
        "required": ["items", "count", "total", "truncated"]
    })
}

/// A vendor's tools, and how its API shapes records and pages.
#[derive(Debug)]
pub struct Catalog {
    /// Where a single record is in an answer, unless a tool says otherwise.
    pub record: Records,
    /// Where the records of a list page are, unless a tool says otherwise.
    pub list: Records,
    /// How lists are paged.
    pub paging: Paging,
    /// Fields only tools with [`Access::Secret`] return; removed from every other result,
    /// whatever the vendor sends.
    pub secret_fields: &'static [&'static str],
    /// The toolsets, in the order the settings page shows them.
    pub toolsets: &'static [Toolset],
    /// The tools, in the order `tools/list` gives them.
    pub tools: &'static [Tool],
}

impl Catalog {
    /// Looks a tool up by name.
    pub fn find(&self, name: &str) -> Option<&'static Tool> {
        self.tools.iter().find(|tool| tool.name == name)
    }

    /// The tools a selection of toolsets offers, in catalog order.
    pub fn offered<'a>(
        &'static self,
        selection: &'a Selection,
    ) -> impl Iterator<Item = &'static Tool> + 'a {
        self.tools
            .iter()
            .filter(move |tool| selection.includes(self, tool.toolset))
    }

    /// The plan tool `name` makes of `args` (a JSON object), after the validation a call
    /// gets: what a vendor's catalog tests look at.
    #[cfg(test)]
    pub fn plan_of(&self, name: &str, args: Value) -> Result<Plan, ArgError> {
        let tool = self.find(name).unwrap_or_else(|| panic!("no tool {name}"));
        tool.plan(&Args::validate(tool.params, Some(&args))?)
    }
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
    catalog: &'static Catalog,
    selection: &Selection,
    cursor: Option<&str>,
    page_size: usize,
) -> Result<(Vec<Value>, Option<String>), BadCursor> {
    let offered: Vec<&Tool> = catalog.offered(selection).collect();
    let start = match cursor {
        None => 0,
        Some(text) => text
            .parse::<usize>()
            .ok()
            .filter(|start| *start < offered.len() && start % page_size == 0)
            .ok_or_else(|| BadCursor(text.to_owned()))?,
    };
    let end = (start + page_size).min(offered.len());
    let tools = offered[start..end]
        .iter()
        .map(|tool| tool.to_json())
        .collect();
    let next = (end < offered.len()).then(|| end.to_string());
    Ok((tools, next))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vendors::{self, VENDORS};
    use std::collections::HashSet;

    fn catalog(vendor: &str) -> &'static Catalog {
        vendors::find(vendor).and_then(|v| v.catalog()).unwrap()
    }

    /// Claude's connector directory rules, held for every vendor's catalog
    /// (`docs/ARCHITECTURE.md`, "Tools are declared").
    #[test]
    fn every_catalog_meets_the_connector_directory_rules() {
        for vendor in VENDORS {
            let Some(catalog) = vendor.catalog() else {
                continue;
            };
            let mut seen = HashSet::new();
            for tool in catalog.tools {
                let json = tool.to_json();
                assert!(seen.insert(tool.name), "{} twice", tool.name);
                assert!(tool.name.starts_with(vendor.tool_prefix), "{}", tool.name);
                assert!(tool.name.len() <= 64, "{}", tool.name);
                assert!(tool
                    .name
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b == b'_'));
                assert!(!tool.title.is_empty() && json["title"] == tool.title);
                for hint in [
                    "title",
                    "readOnlyHint",
                    "destructiveHint",
                    "idempotentHint",
                    "openWorldHint",
                ] {
                    assert!(
                        json["annotations"].get(hint).is_some(),
                        "{}: {hint}",
                        tool.name
                    );
                }
                // One tool never both reads and writes: a write's calls are all writes, and
                // its read-only hint says so.
                assert_eq!(
                    json["annotations"]["readOnlyHint"],
                    tool.access != Access::Write,
                    "{}",
                    tool.name
                );
                assert_eq!(
                    tool.effect.is_some(),
                    tool.access == Access::Write,
                    "{}",
                    tool.name
                );
                assert!(
                    !(tool.access == Access::Write && tool.lists()),
                    "{} writes and lists",
                    tool.name
                );
                // Descriptions say what a tool does; they never instruct the model.
                assert!(tool.description.len() > 30, "{}", tool.name);
                let lower = tool.description.to_lowercase();
                for instruction in [
                    "always ",
                    "never call",
                    "you must",
                    "you should",
                    "ignore previous",
                    "do not tell",
                ] {
                    assert!(
                        !lower.contains(instruction),
                        "{} instructs the model: {instruction}",
                        tool.name
                    );
                }
                assert!(!tool.summary.is_empty(), "{}", tool.name);
                let schema = args::input_schema(tool.params);
                assert_eq!(schema["type"], "object");
                assert_eq!(schema["additionalProperties"], false);
                assert!(
                    catalog.toolsets.iter().any(|set| set.name == tool.toolset),
                    "{} is in the undeclared toolset {}",
                    tool.name,
                    tool.toolset
                );
            }
            for set in catalog.toolsets {
                assert!(
                    catalog.tools.iter().any(|t| t.toolset == set.name),
                    "{}: toolset {} is empty",
                    vendor.id,
                    set.name
                );
            }
            assert!(
                catalog.toolsets.iter().any(|set| set.default),
                "{} has no default toolset",
                vendor.id
            );
        }
    }

    #[test]
    fn every_template_names_only_declared_params() {
        for vendor in VENDORS {
            let Some(catalog) = vendor.catalog() else {
                continue;
            };
            for tool in catalog.tools {
                let Action::Template(template) = tool.action else {
                    continue;
                };
                for name in template.arguments() {
                    let param = tool.params.iter().find(|p| p.name == name);
                    assert!(
                        param.is_some(),
                        "{} reads the undeclared argument {name}",
                        tool.name
                    );
                    if template.path.contains(&format!("{{{name}}}")) {
                        assert!(
                            param.unwrap().required,
                            "{}: path argument {name} must be required",
                            tool.name
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn the_issue_names_every_required_tool() {
        let names =
            |vendor: &str| -> Vec<&str> { catalog(vendor).tools.iter().map(|t| t.name).collect() };
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
    }

    #[test]
    fn scopes_follow_access() {
        let datto = catalog("datto-rmm");
        assert_eq!(
            datto.find("datto_resolve_alert").unwrap().access.scope(),
            Scope::ToolsWrite
        );
        assert_eq!(
            datto.find("datto_list_devices").unwrap().access.scope(),
            Scope::ToolsRead
        );
        let itglue = catalog("itglue");
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
        let datto = catalog("datto-rmm");
        let list = datto.find("datto_list_devices").unwrap().to_json();
        assert_eq!(list["annotations"]["readOnlyHint"], true);
        assert_eq!(list["annotations"]["destructiveHint"], false);
        assert_eq!(list["outputSchema"]["required"][0], "items");
        let job = datto.find("datto_run_quickjob").unwrap().to_json();
        assert_eq!(job["annotations"]["readOnlyHint"], false);
        assert_eq!(job["annotations"]["destructiveHint"], true);
        assert!(job.get("outputSchema").is_none());
        assert!(job["title"].as_str().unwrap().len() > 3);
    }

    #[test]
    fn list_pages_and_cursors() {
        let datto = catalog("datto-rmm");
        let all = Selection::All;
        let (tools, next) = list_page(datto, &all, None, LIST_PAGE_SIZE).unwrap();
        assert_eq!(tools.len(), datto.tools.len());
        assert_eq!(next, None);
        // Walking small pages visits every tool once, in order.
        let mut cursor = None;
        let mut names = Vec::new();
        loop {
            let (tools, next) = list_page(datto, &all, cursor.as_deref(), 5).unwrap();
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
            assert!(list_page(datto, &all, Some(bad), 5).is_err(), "{bad}");
        }
    }
}
