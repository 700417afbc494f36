//! What a tool asks of its vendor: one record, a list walked page by page, a change, or a
//! record with a list attached. Most tools declare a [`Template`] (method, path with `{param}`
//! segments, query pairs from params, a body builder, where the records are); a plan function
//! serves the irregular few. Run by `run.rs`, the same way for every vendor.

use super::args::{ArgError, Args};
use crate::vendors::kit::paging::Paging;
use crate::vendors::kit::request::{with_query, Call};
use crate::vendors::kit::shape::Records;
use crate::vendors::kit::upstream::Verb;
use serde_json::Value;
use std::collections::BTreeMap;

/// The plain settings of the connection a call runs for (a region, an edition), never its
/// secrets: what a [`Action::Connected`] plan may depend on.
pub type Settings = BTreeMap<String, String>;

/// The paging a list declares for itself, where a vendor's endpoints page differently (Xyte's
/// `has_next_page`, `next_page` and bare arrays). Equal when it is the same declaration.
#[derive(Debug, Clone, Copy)]
pub struct Walk(pub &'static Paging);

impl PartialEq for Walk {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self.0, other.0)
    }
}

/// One of several changes of a [`Plan::Each`]: what it is about (`{"id": "…"}`, repeated in
/// its outcome) and its call.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub key: Value,
    pub call: Call,
}

/// A case-insensitive "contains" test on a record's top-level string field, for filters the
/// vendor's endpoint does not offer (Datto's per-site device list has no hostname filter).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contains {
    /// The field; a dotted path reaches into objects (`deviceType.category`).
    pub field: &'static str,
    pub needle: String,
}

/// The vendor calls of one tool call. `records: None` means the catalog's default place.
#[derive(Debug, Clone, PartialEq)]
pub enum Plan {
    /// One record.
    Record {
        call: Call,
        records: Option<Records>,
    },
    /// Records page after page until `limit` records are kept.
    List {
        call: Call,
        records: Option<Records>,
        limit: usize,
        keep: Vec<Contains>,
    },
    /// A change; `answer` is the result when the vendor answers with no body. A body is the
    /// record at `records` (the answer itself when `None`).
    Change {
        call: Call,
        answer: Value,
        records: Option<Records>,
    },
    /// A record with a list attached under `name` (Datto's audit and its software).
    RecordWithList {
        record: Call,
        name: &'static str,
        list: Box<Plan>,
    },
    /// The active values of one picklist field of an entity, from the vendor's definitions
    /// (read once and cached, like the labels every tool shows).
    Picklist { entity: String, field: String },
    /// A lookup, then the plan `then` makes from its answer and the arguments: a ConnectWise
    /// status name resolved on the ticket's own board (ticket → board statuses → change), an
    /// Automate command's answer read into its state. The lookup is sent with the tool's own
    /// access, so a write tool's lookups are never repeated on a 5xx.
    After { call: Call, then: Then },
    /// A result already known (what a [`Plan::After`] step made of its lookup).
    Answer(Value),
    /// A list (or a record with a list) walked with its own paging instead of the catalog's.
    Paged { paging: Walk, list: Box<Plan> },
    /// Several changes made one after another, each reported with its own outcome (resolving
    /// several alerts): `{ "results": [{ …key, "ok", "error"? }], "succeeded", "failed" }`.
    /// Refused keys stop them all (the connection needs its keys again); any other failure is
    /// that change's outcome. `records` says where a change's answer is; an answer of `false`
    /// is a change the vendor did not make.
    Each {
        changes: Vec<Change>,
        records: Option<Records>,
    },
}

/// The step after a lookup: the next plan from the lookup's JSON answer and the arguments, or
/// an argument the answer refuses (an unknown status, with the ones that exist).
#[derive(Clone, Copy)]
pub struct Then(pub fn(&Value, &Args) -> Result<Plan, ArgError>);

impl std::fmt::Debug for Then {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Then(fn)")
    }
}

impl PartialEq for Then {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::fn_addr_eq(self.0, other.0)
    }
}

impl Plan {
    /// A lookup followed by `then`.
    pub fn after(call: Call, then: fn(&Value, &Args) -> Result<Plan, ArgError>) -> Self {
        Self::After {
            call,
            then: Then(then),
        }
    }
}

impl Plan {
    /// A single GET, records where the catalog says.
    pub fn get(path: String) -> Self {
        Self::Record {
            call: Call::get(path),
            records: None,
        }
    }

    /// A walk over GET pages with records at `records`.
    pub fn list(path: String, records: Records, limit: usize) -> Self {
        Self::List {
            call: Call::get(path),
            records: Some(records),
            limit,
            keep: Vec::new(),
        }
    }

    /// Adds a local filter to a list (no-op on other plans).
    pub fn keeping(mut self, field: &'static str, needle: Option<&str>) -> Self {
        if let (Self::List { keep, .. }, Some(needle)) = (&mut self, needle) {
            keep.push(Contains {
                field,
                needle: needle.to_owned(),
            });
        }
        self
    }

    /// The same list walked with `paging` instead of the catalog's.
    pub fn paged(self, paging: &'static Paging) -> Self {
        Self::Paged {
            paging: Walk(paging),
            list: Box::new(self),
        }
    }

    /// Whether the plan may read more than one page.
    pub fn walks(&self) -> bool {
        match self {
            Self::List { .. } | Self::RecordWithList { .. } => true,
            Self::Paged { list, .. } => list.walks(),
            Self::Record { .. }
            | Self::Change { .. }
            | Self::Picklist { .. }
            | Self::Each { .. }
            | Self::After { .. }
            | Self::Answer(_) => false,
        }
    }

    /// The first call the plan makes (`None` for a picklist, read through the cache).
    pub fn first_call(&self) -> Option<&Call> {
        match self {
            Self::Record { call, .. }
            | Self::List { call, .. }
            | Self::Change { call, .. }
            | Self::After { call, .. } => Some(call),
            Self::RecordWithList { record, .. } => Some(record),
            Self::Paged { list, .. } => list.first_call(),
            Self::Each { changes, .. } => changes.first().map(|change| &change.call),
            Self::Picklist { .. } | Self::Answer(_) => None,
        }
    }
}

/// How a tool makes its plan.
#[derive(Debug, Clone, Copy)]
pub enum Action {
    /// One request template: a record, a list (the tool takes `limit`) or a change (a write).
    Template(Template),
    /// A plan function, for what a template cannot say; an `Err` is an argument the schema
    /// cannot express (one of two ids required, say).
    Plan(fn(&Args) -> Result<Plan, ArgError>),
    /// A plan function that also reads the connection's plain settings, for a vendor whose
    /// API differs by what the connection chose (SuperOps' MSP and IT editions name different
    /// fields). A call plans it once the connection is open; [`super::Tool::plan`] plans it
    /// with no settings.
    Connected(fn(&Args, &Settings) -> Result<Plan, ArgError>),
}

/// A request from a tool's arguments, declared as data.
#[derive(Debug, Clone, Copy)]
pub struct Template {
    pub method: Verb,
    /// The path under the API root; `{name}` is the argument `name`, percent-encoded.
    pub path: &'static str,
    /// Query parameters: (the vendor's name, the argument), sent when the argument is given.
    pub query: &'static [(&'static str, &'static str)],
    /// The JSON body, built from the arguments.
    pub body: Option<fn(&Args) -> Value>,
    /// Where the records are, when not where the catalog says.
    pub records: Option<Records>,
}

impl Template {
    /// A GET of `path`.
    pub const fn get(path: &'static str) -> Self {
        Self::with(Verb::Get, path)
    }

    /// A request with any method.
    pub const fn with(method: Verb, path: &'static str) -> Self {
        Self {
            method,
            path,
            query: &[],
            body: None,
            records: None,
        }
    }

    /// Adds query parameters from arguments.
    pub const fn query(self, query: &'static [(&'static str, &'static str)]) -> Self {
        Self { query, ..self }
    }

    /// Adds a JSON body.
    pub const fn body(self, body: fn(&Args) -> Value) -> Self {
        Self {
            body: Some(body),
            ..self
        }
    }

    /// Says where the records are.
    pub const fn records(self, records: Records) -> Self {
        Self {
            records: Some(records),
            ..self
        }
    }

    /// The arguments the template reads: `{name}` path segments, then query arguments.
    pub fn arguments(&self) -> Vec<&'static str> {
        let mut names: Vec<&'static str> = self
            .path
            .split('{')
            .skip(1)
            .filter_map(|part| part.split_once('}').map(|(name, _)| name))
            .collect();
        names.extend(self.query.iter().map(|(_, argument)| *argument));
        names
    }

    /// The call for valid arguments.
    pub fn call(&self, args: &Args) -> Call {
        let mut path = String::new();
        let mut rest = self.path;
        while let Some((before, after)) = rest.split_once('{') {
            let (name, after) = after.split_once('}').unwrap_or((after, ""));
            path.push_str(before);
            path.push_str(&crate::vendors::kit::request::segment(args.required(name)));
            rest = after;
        }
        path.push_str(rest);
        // Flags travel as `true`/`false`; text, ids, choices and dates as given.
        let pairs: Vec<(&str, Option<&str>)> = self
            .query
            .iter()
            .map(|(vendor_name, argument)| {
                let flag = args
                    .flag(argument)
                    .map(|flag| if flag { "true" } else { "false" });
                (*vendor_name, args.text(argument).or(flag))
            })
            .collect();
        Call::with(
            self.method,
            with_query(&path, &pairs),
            self.body.map(|body| body(args)),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tools::args::{Kind, Param};
    use serde_json::json;

    const PARAMS: &[Param] = &[
        Param::required("site_uid", Kind::Text, "The site."),
        Param::optional("name", Kind::Text, "Part of a name."),
    ];

    #[test]
    fn templates_fill_segments_and_query_from_arguments() {
        let template =
            Template::get("/api/v2/site/{site_uid}/devices").query(&[("siteName", "name")]);
        assert_eq!(template.arguments(), ["site_uid", "name"]);
        let args =
            Args::validate(PARAMS, Some(&json!({"site_uid": "a b/..", "name": "x&y"}))).unwrap();
        let call = template.call(&args);
        assert_eq!(call.path, "/api/v2/site/a%20b%2F../devices?siteName=x%26y");
        assert_eq!((call.method, call.body), (Verb::Get, None));
        let bare = Args::validate(PARAMS, Some(&json!({"site_uid": "s"}))).unwrap();
        assert_eq!(template.call(&bare).path, "/api/v2/site/s/devices");
    }

    #[test]
    fn flags_in_the_query_are_sent_as_true_or_false() {
        const FLAGGED: &[Param] = &[Param::optional("disabled", Kind::Flag, "Include disabled.")];
        let template = Template::get("/customers").query(&[("include_disabled", "disabled")]);
        let on = Args::validate(FLAGGED, Some(&json!({"disabled": true}))).unwrap();
        assert_eq!(template.call(&on).path, "/customers?include_disabled=true");
        let off = Args::validate(FLAGGED, Some(&json!({"disabled": false}))).unwrap();
        assert_eq!(
            template.call(&off).path,
            "/customers?include_disabled=false"
        );
        let none = Args::validate(FLAGGED, Some(&json!({}))).unwrap();
        assert_eq!(template.call(&none).path, "/customers");
    }

    #[test]
    fn template_bodies_come_from_arguments() {
        let template = Template::with(Verb::Post, "/x/{site_uid}")
            .body(|args| json!({ "name": args.text("name") }));
        let args = Args::validate(PARAMS, Some(&json!({"site_uid": "s", "name": "n"}))).unwrap();
        assert_eq!(template.call(&args).body, Some(json!({"name": "n"})));
    }

    #[test]
    fn keeping_applies_to_lists_only() {
        let list =
            Plan::list("/d".into(), Records::At("devices"), 5).keeping("hostname", Some("dc"));
        assert!(matches!(&list, Plan::List { keep, .. } if keep.len() == 1));
        let none = Plan::list("/d".into(), Records::At("devices"), 5).keeping("hostname", None);
        assert!(matches!(&none, Plan::List { keep, .. } if keep.is_empty()));
        assert!(list.walks());
        assert!(!Plan::get("/x".into()).walks());
    }
}
