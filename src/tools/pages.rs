//! Reading vendor answers into tool results: records out of pages, JSON:API flattening, local
//! filters, hidden fields, and the checks on next-page links. Pure.

use super::plan::{Contains, Format};
use serde_json::{json, Map, Value};

/// The records of one page.
pub fn records(format: Format, page: &Value, items: &str) -> Vec<Value> {
    let key = match format {
        Format::Plain => items,
        Format::JsonApi => "data",
    };
    page.get(key)
        .and_then(Value::as_array)
        .map(|records| records.iter().map(|r| shape(format, r.clone())).collect())
        .unwrap_or_default()
}

/// One record from a single-record answer.
pub fn record(format: Format, body: Value) -> Value {
    match format {
        Format::Plain => body,
        Format::JsonApi => body
            .get("data")
            .cloned()
            .map(flatten)
            .unwrap_or(Value::Null),
    }
}

fn shape(format: Format, value: Value) -> Value {
    match format {
        Format::Plain => value,
        Format::JsonApi => flatten(value),
    }
}

/// `{ id, type, attributes: {…} }` → `{ id, type, … }`; anything else is kept as it is.
pub fn flatten(resource: Value) -> Value {
    let Value::Object(mut object) = resource else {
        return resource;
    };
    let Some(Value::Object(attributes)) = object.remove("attributes") else {
        return Value::Object(object);
    };
    let mut flat = Map::new();
    for key in ["id", "type"] {
        if let Some(value) = object.remove(key) {
            flat.insert(key.to_owned(), value);
        }
    }
    for (key, value) in attributes {
        flat.entry(key).or_insert(value);
    }
    Value::Object(flat)
}

/// Whether a record passes every local filter.
pub fn keeps(record: &Value, filters: &[Contains]) -> bool {
    filters.iter().all(|filter| {
        let value = filter
            .field
            .split('.')
            .try_fold(record, |value, key| value.get(key));
        value
            .and_then(Value::as_str)
            .is_some_and(|text| text.to_lowercase().contains(&filter.needle.to_lowercase()))
    })
}

/// Removes `hidden` fields from a record (and from each record of a list result).
pub fn hide(value: &mut Value, hidden: &[&str]) {
    if hidden.is_empty() {
        return;
    }
    match value {
        Value::Object(object) => {
            for field in hidden {
                object.remove(*field);
            }
            if let Some(Value::Array(items)) = object.get_mut("items") {
                for item in items {
                    hide(item, hidden);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|item| hide(item, hidden)),
        _ => {}
    }
}

/// The result of a listing tool.
pub fn list_result(items: Vec<Value>, truncated: bool) -> Value {
    json!({ "count": items.len(), "truncated": truncated, "items": items })
}

/// Why a vendor's next-page link is not followed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the vendor's next-page link {0:?} is not on its own API host")]
pub struct ForeignLink(pub String);

/// Checks that a next-page link stays on the API's own origin, so credentials are never sent
/// anywhere a vendor's answer points.
pub fn check_link(next: &str, base: &str) -> Result<(), ForeignLink> {
    let foreign = || ForeignLink(next.to_owned());
    let next_url = url::Url::parse(next).map_err(|_| foreign())?;
    let base_url = url::Url::parse(base).map_err(|_| foreign())?;
    let same = next_url.scheme() == base_url.scheme()
        && next_url.host_str() == base_url.host_str()
        && next_url.port_or_known_default() == base_url.port_or_known_default()
        && next_url.username().is_empty()
        && next_url.password().is_none();
    same.then_some(()).ok_or_else(foreign)
}

/// A non-empty string field by dotted path.
pub fn string_at(value: &Value, path: &str) -> Option<String> {
    path.split('.')
        .try_fold(value, |value, key| value.get(key))
        .and_then(Value::as_str)
        .filter(|text| !text.is_empty())
        .map(str::to_owned)
}

/// A non-negative integer field by dotted path.
pub fn count_at(value: &Value, path: &str) -> Option<u64> {
    path.split('.')
        .try_fold(value, |value, key| value.get(key))
        .and_then(Value::as_u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_api_records_are_flattened() {
        let page = json!({"data": [
            {"id": "1", "type": "organizations", "attributes": {"name": "A", "id": "spoof"}, "relationships": {}},
        ]});
        let records = records(Format::JsonApi, &page, "ignored");
        assert_eq!(
            records,
            vec![json!({"id": "1", "type": "organizations", "name": "A"})]
        );
        let one = record(
            Format::JsonApi,
            json!({"data": {"id": "7", "type": "passwords", "attributes": {"username": "u"}}}),
        );
        assert_eq!(
            one,
            json!({"id": "7", "type": "passwords", "username": "u"})
        );
        assert_eq!(record(Format::JsonApi, json!({})), Value::Null);
    }

    #[test]
    fn plain_records_come_from_their_key() {
        let page = json!({"pageDetails": {}, "devices": [{"uid": "a"}]});
        assert_eq!(
            records(Format::Plain, &page, "devices"),
            vec![json!({"uid": "a"})]
        );
        assert!(records(Format::Plain, &page, "sites").is_empty());
    }

    #[test]
    fn local_filters_are_case_insensitive_contains_on_paths() {
        let device = json!({"hostname": "NW-DC01", "deviceType": {"category": "Server"}});
        let filter = |field, needle: &str| Contains {
            field,
            needle: needle.into(),
        };
        assert!(keeps(&device, &[filter("hostname", "dc0")]));
        assert!(keeps(&device, &[filter("deviceType.category", "server")]));
        assert!(!keeps(&device, &[filter("hostname", "ws")]));
        assert!(!keeps(&device, &[filter("missing", "x")]));
        assert!(keeps(&device, &[]));
    }

    #[test]
    fn hidden_fields_go_from_records_and_lists() {
        let mut list = list_result(vec![json!({"name": "a", "password": "p"})], false);
        hide(&mut list, &["password"]);
        assert_eq!(list["items"][0], json!({"name": "a"}));
        let mut one = json!({"name": "a", "password": "p"});
        hide(&mut one, &["password"]);
        assert_eq!(one, json!({"name": "a"}));
    }

    #[test]
    fn next_links_must_stay_on_the_api_origin() {
        let base = "https://merlot-api.centrastage.net";
        assert!(check_link("https://merlot-api.centrastage.net/api/v2/x?page=1", base).is_ok());
        assert!(check_link("https://merlot-api.centrastage.net:443/api", base).is_ok());
        for bad in [
            "https://evil.example/api",
            "http://merlot-api.centrastage.net/api",
            "https://merlot-api.centrastage.net:8443/api",
            "https://user:pw@merlot-api.centrastage.net/api",
            "/api/v2/relative",
        ] {
            assert!(check_link(bad, base).is_err(), "{bad}");
        }
    }

    #[test]
    fn fields_by_path() {
        let page =
            json!({"pageDetails": {"nextPageUrl": "u", "totalCount": 3}, "links": {"next": ""}});
        assert_eq!(
            string_at(&page, "pageDetails.nextPageUrl").as_deref(),
            Some("u")
        );
        assert_eq!(string_at(&page, "links.next"), None);
        assert_eq!(count_at(&page, "pageDetails.totalCount"), Some(3));
    }
}
