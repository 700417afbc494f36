//! `docs/TOOLS.md`, generated from the catalogs so the page cannot drift from the code. A
//! native test compares the file with [`markdown`]; `UPDATE_DOCS=1 cargo test tools_md`
//! rewrites it. The end-to-end suites read the tool names and arguments from the same page.

use super::args::{Kind, Param, LIMIT};
use super::{Access, Tool};
use crate::vendors::VENDORS;

const INTRODUCTION: &str = "\
# Tools

<!-- Generated from the catalogs in src/vendors/<vendor>/tools.rs by src/tools/docs.rs; do not
edit by hand. After changing a catalog run `UPDATE_DOCS=1 cargo test tools_md`. -->

Each vendor endpoint (`/v1/<vendor>`) serves that vendor's tools. Names carry the vendor's
prefix (`datto_`, `itglue_`, `autotask_`) so a client that connects several vendors never sees
two tools with one name. Arguments are `snake_case`; `name?` is optional.

## Toolsets

Every tool belongs to a toolset. `tools/list` shows a vendor's default toolsets (marked
*default* below) unless the user picked others for the connection on the settings page, or
the client asks for some on the MCP URL: `/v1/autotask?toolsets=tickets,time`, or
`?toolsets=all`. A tool outside the chosen toolsets is neither listed nor callable.

## Results

- Every result carries `structuredContent`, complete on its own (ids, names, counts,
  truncation), and one compact text block for clients and models that read only text.
- **Listing tools** (`*_list_*`, `*_search_*`) answer `{ \"items\": [ … ], \"count\": <items
  returned>, \"total\": <records the vendor holds for these filters, or null>, \"truncated\": <more
  exist beyond limit>, \"next_cursor\": <when more exist> }`. They walk the vendor's pages until
  `limit` (default 50, at most 500) is reached; with a `progressToken` they report one progress
  notification per page, and they stop when the request is cancelled. Every listing tool also
  takes `cursor`: the `next_cursor` of the previous answer, with the same filters, goes on where
  it stopped, so a walk returns every record once. A cursor is opaque, bound to the app's grant,
  the tool and the filters, and lasts 15 minutes; any other use is a tool error saying why.
  `limit: 0` returns only the `total` (Datto RMM and IT Glue read it from one small page,
  Autotask from its count query).
- **Reading one record** answers the record itself, as the vendor names its fields. JSON:API
  records (IT Glue) are flattened to `{ \"id\", \"type\", …attributes }`. Where a vendor has
  picklists (Autotask), `<field>Label` stands beside each picklist id, and arguments take a
  label (\"In Progress\") or the id.
- A vendor failure is a result with `isError: true` whose text names the vendor's reason and
  what to do (reconnect at the settings page after the keys are refused; retry after N seconds
  after a rate limit). A bad argument is also `isError: true`, naming the argument and what it
  accepts, so the model can correct it.
- *write* tools need the `tools:write` scope and *secret* tools `secrets:read`; without it the
  request is refused with HTTP 403 `insufficient_scope` (OAuth step-up).
";

/// The whole page.
pub fn markdown() -> String {
    let mut out = INTRODUCTION.to_owned();
    for vendor in VENDORS {
        let Some(catalog) = vendor.catalog() else {
            continue;
        };
        out.push_str(&format!("\n## {} (`/v1/{}`)\n\n", vendor.name, vendor.id));
        out.push_str("Toolsets: ");
        let sets: Vec<String> = catalog
            .toolsets
            .iter()
            .map(|set| {
                let default = if set.default { ", *default*" } else { "" };
                format!("`{}` ({}{default})", set.name, set.description)
            })
            .collect();
        out.push_str(&sets.join("; "));
        out.push_str(".\n\n| Tool | Toolset | Access | Arguments | What it does |\n| --- | --- | --- | --- | --- |\n");
        for tool in catalog.tools {
            out.push_str(&row(tool));
        }
    }
    out
}

fn row(tool: &Tool) -> String {
    let access = match (tool.access, tool.effect) {
        (Access::Read, _) => "read",
        (Access::Secret, _) => "secret",
        (Access::Write, Some(effect)) if effect.destructive => "write, destructive",
        (Access::Write, _) => "write",
    };
    let arguments: Vec<String> = tool.params.iter().map(argument).collect();
    let arguments = if arguments.is_empty() {
        "none".to_owned()
    } else {
        arguments.join(", ")
    };
    format!(
        "| `{}` | {} | {access} | {arguments} | {} |\n",
        tool.name,
        tool.toolset,
        tool.description.replace('|', "\\|")
    )
}

fn argument(param: &Param) -> String {
    let optional = if param.required { "" } else { "?" };
    let kind = match param.kind {
        Kind::OneOf(values) => format!(" ({})", values.join("\\|")),
        Kind::Picklist(_) => " (label or id)".to_owned(),
        Kind::DateTime => " (date)".to_owned(),
        Kind::IdList => " (list of ids)".to_owned(),
        _ if param.name == LIMIT => String::new(),
        _ => String::new(),
    };
    format!("`{}{optional}`{kind}", param.name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tools_md_is_generated_from_the_catalogs() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/TOOLS.md");
        let expected = markdown();
        if std::env::var_os("UPDATE_DOCS").is_some() {
            std::fs::write(path, &expected).unwrap();
        }
        let actual = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            actual == expected,
            "docs/TOOLS.md is out of date: run `UPDATE_DOCS=1 cargo test tools_md`"
        );
    }

    #[test]
    fn every_tool_has_a_row() {
        let page = markdown();
        for vendor in VENDORS {
            for tool in vendor.catalog().map(|c| c.tools).unwrap_or_default() {
                assert!(
                    page.contains(&format!("| `{}` |", tool.name)),
                    "{}",
                    tool.name
                );
            }
        }
    }
}
