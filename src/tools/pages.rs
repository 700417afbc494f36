//! Reading vendor records into tool results: local filters, hidden fields and the list
//! envelope. Pure. (Where records are in an answer, and paging, are the vendor kit's:
//! `src/vendors/kit/shape.rs`, `src/vendors/kit/paging.rs`.)

use super::plan::Contains;
use serde_json::{json, Value};

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

/// The result of a listing tool: the records, how many, how many the vendor counts in all
/// (`null` when it does not say), and whether more exist beyond them.
pub fn list_result(items: Vec<Value>, truncated: bool, total: Option<u64>) -> Value {
    json!({ "count": items.len(), "total": total, "truncated": truncated, "items": items })
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let mut list = list_result(vec![json!({"name": "a", "password": "p"})], false, Some(1));
        hide(&mut list, &["password"]);
        assert_eq!(list["items"][0], json!({"name": "a"}));
        let mut one = json!({"name": "a", "password": "p"});
        hide(&mut one, &["password"]);
        assert_eq!(one, json!({"name": "a"}));
    }
}
