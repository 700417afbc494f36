//! A call to a vendor's API as the tools see it: method, path and query under the API root (or
//! a next-page URL already checked to be on the origin the engine called), and a JSON body.
//! The walk over pages changes only what the vendor's paging style says and keeps the rest, so
//! an Autotask `POST …/query` keeps its body on page two. Pure.

use super::upstream::Verb;
use serde_json::Value;

/// Whether a call only reads. Reads are retried after a 5xx or a lost connection whatever
/// their verb (an Autotask `POST …/query`, a GraphQL query); writes never are, since a second
/// attempt could act twice (Datto's quick-job `PUT` starts a job each time).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Safety {
    /// Reading: repeating it changes nothing.
    Read,
    /// Changing something at the vendor.
    Write,
}

/// A call to the vendor's API.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    pub method: Verb,
    /// The path and query under the API root, or an absolute URL that has been checked to be
    /// on the origin of the API the engine called (a vendor's next-page link).
    pub path: String,
    /// A JSON body, sent with the vendor's JSON media type.
    pub body: Option<Value>,
}

impl Call {
    /// A GET.
    pub fn get(path: impl Into<String>) -> Self {
        Self::with(Verb::Get, path, None)
    }

    /// A POST with a JSON body.
    pub fn post(path: impl Into<String>, body: Value) -> Self {
        Self::with(Verb::Post, path, Some(body))
    }

    /// A call with a method and an optional JSON body.
    pub fn with(method: Verb, path: impl Into<String>, body: Option<Value>) -> Self {
        Self {
            method,
            path: path.into(),
            body,
        }
    }

    /// Whether `path` is an absolute URL (a vendor's next-page link) rather than a path
    /// under the API root.
    pub fn is_absolute(&self) -> bool {
        self.path.starts_with("https://") || self.path.starts_with("http://")
    }

    /// The first segment of the path under the API root `base` (`Tickets` for
    /// `/Tickets/query` and for a next-page link `{base}/Tickets/query/next?…`), the unit
    /// some vendors limit concurrency by.
    pub fn resource(&self, base: &str) -> String {
        let path = if self.is_absolute() {
            let lower = self.path.to_ascii_lowercase();
            match lower.strip_prefix(&base.to_ascii_lowercase()) {
                Some(rest) => &self.path[self.path.len() - rest.len()..],
                None => "",
            }
        } else {
            &self.path
        };
        let first = path.trim_start_matches('/').split(['/', '?']).next();
        first.unwrap_or_default().to_ascii_lowercase()
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

/// Sets one query parameter, replacing any value it had and keeping every other parameter in
/// its place.
pub fn set_query(path: &str, name: &str, value: &str) -> String {
    let (base, query) = path.split_once('?').unwrap_or((path, ""));
    let mut pairs: Vec<(String, String)> = url::form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect();
    match pairs.iter_mut().find(|(key, _)| key == name) {
        Some(pair) => pair.1 = value.to_owned(),
        None => pairs.push((name.to_owned(), value.to_owned())),
    }
    let query = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish();
    format!("{base}?{query}")
}

/// The value of one query parameter.
pub fn query_value(path: &str, name: &str) -> Option<String> {
    let (_, query) = path.split_once('?')?;
    url::form_urlencoded::parse(query.as_bytes())
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.into_owned())
}

/// Sets a value at a dotted path in a JSON body, creating objects on the way.
pub fn set_at(body: &mut Value, path: &str, value: Value) {
    let mut node = body;
    for key in path.split('.') {
        if !node.is_object() {
            *node = Value::Object(serde_json::Map::new());
        }
        node = node
            .as_object_mut()
            .expect("made an object above")
            .entry(key.to_owned())
            .or_insert(Value::Null);
    }
    *node = value;
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

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
    fn set_query_replaces_in_place() {
        assert_eq!(set_query("/p", "page", "2"), "/p?page=2");
        assert_eq!(
            set_query("/p?page=1&size=5", "page", "2"),
            "/p?page=2&size=5"
        );
        assert_eq!(
            query_value("/p?page=2&size=5", "size").as_deref(),
            Some("5")
        );
        assert_eq!(query_value("/p", "size"), None);
    }

    #[test]
    fn set_at_builds_the_path() {
        let mut body = json!({"query": "q", "variables": {"input": {"a": 1}}});
        set_at(&mut body, "variables.listInfo.page", json!(3));
        set_at(&mut body, "MaxRecords", json!(50));
        assert_eq!(body["variables"]["listInfo"]["page"], 3);
        assert_eq!(body["variables"]["input"]["a"], 1);
        assert_eq!(body["MaxRecords"], 50);
    }

    #[test]
    fn the_resource_is_the_first_segment() {
        let base = "https://h.example/ATServicesRest/v1.0";
        assert_eq!(Call::get("/Tickets/query").resource(base), "tickets");
        assert_eq!(Call::get("/Companies?x=1").resource(base), "companies");
        assert_eq!(
            Call::get("https://h.example/atservicesrest/V1.0/Tickets/query/next?p=1")
                .resource(base),
            "tickets"
        );
        assert_eq!(
            Call::get("https://other.example/Tickets").resource(base),
            ""
        );
        assert!(Call::get("https://h/x").is_absolute());
    }
}
