//! Toolsets: named groups of a vendor's tools (`tickets`, `time`, `billing`, …). `tools/list`
//! shows the vendor's default toolsets unless the user picked others for the connection (the
//! settings page) or the client asks with `?toolsets=a,b` (or `all`) on the MCP URL. A tool
//! outside the chosen toolsets is neither listed nor callable: the strongest single-vendor
//! servers have 55–170 tools, and putting them all in a model's context is a known failure.
//! Pure.

use super::Catalog;

/// One toolset of a catalog.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Toolset {
    /// The name used in `?toolsets=` and stored per connection: lowercase, no commas.
    pub name: &'static str,
    /// What its tools are about, for the settings page.
    pub description: &'static str,
    /// Whether it is offered when nobody chose.
    pub default: bool,
}

/// Which toolsets a request may use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selection {
    /// The catalog's default toolsets.
    Default,
    /// Every toolset.
    All,
    /// These toolsets, by name.
    Named(Vec<String>),
}

/// A toolset name the catalog does not have.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown toolset {given:?}; this vendor has: {known}, or all")]
pub struct UnknownToolset {
    pub given: String,
    pub known: String,
}

impl Selection {
    /// Reads a comma-separated list (`tickets,time`, or `all`) against a catalog's toolsets.
    /// An empty list is the default.
    pub fn parse(text: &str, catalog: &Catalog) -> Result<Self, UnknownToolset> {
        let names: Vec<&str> = text
            .split(',')
            .map(str::trim)
            .filter(|name| !name.is_empty())
            .collect();
        if names.is_empty() {
            return Ok(Self::Default);
        }
        if names.iter().any(|name| name.eq_ignore_ascii_case("all")) {
            return Ok(Self::All);
        }
        let mut chosen = Vec::new();
        for name in names {
            let Some(set) = catalog
                .toolsets
                .iter()
                .find(|set| set.name.eq_ignore_ascii_case(name))
            else {
                return Err(UnknownToolset {
                    given: name.chars().take(40).collect(),
                    known: catalog
                        .toolsets
                        .iter()
                        .map(|set| set.name)
                        .collect::<Vec<_>>()
                        .join(", "),
                });
            };
            if !chosen.iter().any(|c: &String| c == set.name) {
                chosen.push(set.name.to_owned());
            }
        }
        Ok(Self::Named(chosen))
    }

    /// Whether the toolset `name` is in the selection.
    pub fn includes(&self, catalog: &Catalog, name: &str) -> bool {
        match self {
            Self::All => true,
            Self::Default => catalog
                .toolsets
                .iter()
                .any(|set| set.name == name && set.default),
            Self::Named(names) => names.iter().any(|chosen| chosen == name),
        }
    }

    /// The stored form: `None` for the default, `all`, or the names joined by commas.
    pub fn stored(&self) -> Option<String> {
        match self {
            Self::Default => None,
            Self::All => Some("all".into()),
            Self::Named(names) => Some(names.join(",")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vendors;

    fn autotask() -> &'static Catalog {
        vendors::find("autotask").and_then(|v| v.catalog()).unwrap()
    }

    #[test]
    fn names_all_and_the_default() {
        let catalog = autotask();
        assert_eq!(Selection::parse("", catalog), Ok(Selection::Default));
        assert_eq!(Selection::parse(" , ", catalog), Ok(Selection::Default));
        assert_eq!(Selection::parse("tickets,ALL", catalog), Ok(Selection::All));
        assert_eq!(
            Selection::parse("Tickets, time,tickets", catalog),
            Ok(Selection::Named(vec!["tickets".into(), "time".into()]))
        );
        let error = Selection::parse("tickets,bogus", catalog).unwrap_err();
        assert!(error.to_string().contains("\"bogus\"") && error.to_string().contains("tickets"));
    }

    #[test]
    fn a_selection_decides_which_tools_are_offered() {
        let catalog = autotask();
        let time = Selection::parse("time", catalog).unwrap();
        let offered: Vec<&str> = catalog.offered(&time).map(|t| t.name).collect();
        assert!(offered.contains(&"autotask_add_time_entry"));
        assert!(!offered.contains(&"autotask_search_tickets"));
        let defaults = catalog.offered(&Selection::Default).count();
        assert!(defaults < catalog.offered(&Selection::All).count());
        assert_eq!(
            catalog.offered(&Selection::All).count(),
            catalog.tools.len()
        );
        assert_eq!(time.stored().as_deref(), Some("time"));
        assert_eq!(Selection::Default.stored(), None);
    }
}
