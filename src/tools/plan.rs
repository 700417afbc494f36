//! What a tool asks of its vendor: one record, a list walked page by page, a change, or a
//! record with a list attached. Built by a tool's `plan` function from valid arguments; run by
//! `run.rs`, the same way for every vendor.

use crate::vendors::Call;
use serde_json::Value;

/// How a vendor's API shapes records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Plain JSON objects (Datto RMM).
    Plain,
    /// JSON:API resources `{ id, type, attributes }` under `data` (IT Glue), flattened to
    /// `{ id, type, …attributes }`.
    JsonApi,
}

/// How a vendor's lists are paged.
#[derive(Debug)]
pub struct Paging {
    /// The query parameter setting the page size (`max`, `page[size]`).
    pub size_param: &'static str,
    /// The largest page size the vendor accepts.
    pub max_size: usize,
    /// The absolute URL of the next page in a page's body, if there is one.
    pub next: fn(&Value) -> Option<String>,
    /// The total number of records the vendor reports, if it does.
    pub total: fn(&Value) -> Option<u64>,
}

/// A case-insensitive "contains" test on a record's top-level string field, for filters the
/// vendor's endpoint does not offer (Datto's per-site device list has no hostname filter).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contains {
    /// The field; a dotted path reaches into objects (`deviceType.category`).
    pub field: &'static str,
    pub needle: String,
}

/// The vendor calls of one tool call.
#[derive(Debug, Clone, PartialEq)]
pub enum Plan {
    /// One record.
    Record(Call),
    /// Records under `items` (ignored for JSON:API, whose records are under `data`), page
    /// after page until `limit` records are kept.
    List {
        call: Call,
        items: &'static str,
        limit: usize,
        keep: Vec<Contains>,
    },
    /// A change; `answer` is the result when the vendor answers with no body.
    Change { call: Call, answer: Value },
    /// A record with a list attached under `name` (Datto's audit and its software).
    RecordWithList {
        record: Call,
        name: &'static str,
        list: Box<Plan>,
    },
}

impl Plan {
    /// A single GET.
    pub fn get(path: String) -> Self {
        Self::Record(Call::get(path))
    }

    /// A walk over GET pages.
    pub fn list(path: String, items: &'static str, limit: usize) -> Self {
        Self::List {
            call: Call::get(path),
            items,
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

    /// Whether the plan may read more than one page.
    pub fn walks(&self) -> bool {
        match self {
            Self::List { .. } | Self::RecordWithList { .. } => true,
            Self::Record(_) | Self::Change { .. } => false,
        }
    }
}

/// Builds a path from literal parts and percent-encoded segments: `path(&["/site/", uid])`
/// encodes every odd element.
pub fn path(parts: &[&str]) -> String {
    parts
        .iter()
        .enumerate()
        .map(|(i, part)| {
            if i % 2 == 1 {
                segment(part)
            } else {
                (*part).to_owned()
            }
        })
        .collect()
}

/// Percent-encodes one path segment (everything but unreserved characters).
pub fn segment(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes())
        .collect::<String>()
        .replace('+', "%20")
}

/// Appends query parameters, skipping absent ones.
pub fn with_query(path: &str, pairs: &[(&str, Option<&str>)]) -> String {
    let mut query = url::form_urlencoded::Serializer::new(String::new());
    let mut any = false;
    for (name, value) in pairs {
        if let Some(value) = value {
            query.append_pair(name, value);
            any = true;
        }
    }
    if !any {
        return path.to_owned();
    }
    let separator = if path.contains('?') { '&' } else { '?' };
    format!("{path}{separator}{}", query.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_encodes_only_segments() {
        assert_eq!(
            path(&["/api/v2/site/", "a b/c", "/devices"]),
            "/api/v2/site/a%20b%2Fc/devices"
        );
        assert_eq!(path(&["/x/", "../admin"]), "/x/..%2Fadmin");
    }

    #[test]
    fn query_skips_absent_and_encodes() {
        assert_eq!(with_query("/p", &[("a", None)]), "/p");
        assert_eq!(
            with_query(
                "/p",
                &[
                    ("filter[name]", Some("A&B")),
                    ("x", None),
                    ("max", Some("5"))
                ]
            ),
            "/p?filter%5Bname%5D=A%26B&max=5"
        );
        assert_eq!(with_query("/p?a=1", &[("b", Some("2"))]), "/p?a=1&b=2");
    }

    #[test]
    fn keeping_applies_to_lists_only() {
        let list = Plan::list("/d".into(), "devices", 5).keeping("hostname", Some("dc"));
        assert!(matches!(&list, Plan::List { keep, .. } if keep.len() == 1));
        let none = Plan::list("/d".into(), "devices", 5).keeping("hostname", None);
        assert!(matches!(&none, Plan::List { keep, .. } if keep.is_empty()));
        assert!(list.walks());
        assert!(!Plan::get("/x".into()).walks());
    }
}
