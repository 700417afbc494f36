//! Where the records are in a vendor's answer: the answer itself (a bare array or a bare
//! object), under a key or a dotted path (`items`, `data.getTicketList.tickets`), or JSON:API
//! resources under `data`, flattened to `{ id, type, …attributes }`. Pure.

use serde_json::{Map, Value};

/// Where the records of an answer are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Records {
    /// The answer itself: a bare array of records, or one bare record.
    Root,
    /// Under a dotted path; a `*` segment stands for the one key of an object (the operation
    /// name of a GraphQL answer).
    At(&'static str),
    /// JSON:API resources under `data`, flattened.
    JsonApi,
    /// Records at a dotted path (the answer itself when `at` is empty), each taken out of
    /// its `each` wrapper when it has one: Syncro wraps single records in their singular
    /// name (`{"ticket": {…}}`) except where it does not (`GET /contracts/{id}` is flat), and
    /// its appointments list wraps every item (`{"appointments": [{"appointment": {…}}]}`).
    Keyed {
        at: &'static str,
        each: &'static str,
    },
}

impl Records {
    /// Takes the records out of one page, leaving `null` where they were (the rest of the
    /// page, which paging reads, stays): a page of records is moved, not copied.
    pub fn take(self, page: &mut Value) -> Vec<Value> {
        let found = match self {
            Self::Root => Some(page),
            Self::At(path) => at_mut(page, path),
            Self::JsonApi => page.get_mut("data"),
            Self::Keyed { at: path, .. } => within_mut(page, path),
        };
        let records = match found {
            Some(found @ Value::Array(_)) => match found.take() {
                Value::Array(records) => records,
                _ => unreachable!("matched as an array"),
            },
            _ => Vec::new(),
        };
        match self {
            Self::JsonApi => records.into_iter().map(flatten).collect(),
            Self::Keyed { each, .. } => records.into_iter().map(|r| unwrapped(r, each)).collect(),
            Self::Root | Self::At(_) => records,
        }
    }

    /// The one record of a single-record answer (`Null` when it is absent).
    pub fn one(self, mut body: Value) -> Value {
        match self {
            Self::Root => body,
            Self::At(path) => at_mut(&mut body, path).map(Value::take).unwrap_or_default(),
            Self::JsonApi => body
                .get_mut("data")
                .map(Value::take)
                .map(flatten)
                .unwrap_or_default(),
            Self::Keyed { at: path, each } => within_mut(&mut body, path)
                .map(Value::take)
                .map(|record| unwrapped(record, each))
                .unwrap_or_default(),
        }
    }
}

/// The value at a dotted path, or the value itself for an empty path (to change or take).
fn within_mut<'a>(value: &'a mut Value, path: &str) -> Option<&'a mut Value> {
    if path.is_empty() {
        Some(value)
    } else {
        at_mut(value, path)
    }
}

/// `{ "<key>": {…} }` → `{…}`; anything else is kept as it is.
fn unwrapped(record: Value, key: &str) -> Value {
    match record {
        Value::Object(mut object) if object.get(key).is_some_and(Value::is_object) => {
            object.remove(key).unwrap_or(Value::Null)
        }
        other => other,
    }
}

/// The value at a dotted path; a `*` segment steps into the only key of an object.
pub fn at<'a>(value: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.').try_fold(value, |value, key| match key {
        "*" => value
            .as_object()
            .filter(|object| object.len() == 1)
            .and_then(|object| object.values().next()),
        key => value.get(key),
    })
}

/// [`at`], for changing or taking the value.
fn at_mut<'a>(value: &'a mut Value, path: &str) -> Option<&'a mut Value> {
    path.split('.').try_fold(value, |value, key| match key {
        "*" => value
            .as_object_mut()
            .filter(|object| object.len() == 1)
            .and_then(|object| object.values_mut().next()),
        key => value.get_mut(key),
    })
}

/// A non-empty string at a dotted path.
pub fn string_at(value: &Value, path: &str) -> Option<String> {
    at(value, path)
        .and_then(Value::as_str)
        .filter(|text| !text.is_empty())
        .map(str::to_owned)
}

/// A non-negative integer at a dotted path (a number, or digits in a string).
pub fn count_at(value: &Value, path: &str) -> Option<u64> {
    match at(value, path)? {
        Value::Number(number) => number.as_u64(),
        Value::String(text) => text.parse().ok(),
        _ => None,
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn json_api_records_are_flattened() {
        let mut page = json!({"data": [
            {"id": "1", "type": "organizations", "attributes": {"name": "A", "id": "spoof"}, "relationships": {}},
        ], "links": {"next": "n"}});
        assert_eq!(
            Records::JsonApi.take(&mut page),
            vec![json!({"id": "1", "type": "organizations", "name": "A"})]
        );
        assert_eq!(page["links"]["next"], "n", "what paging reads stays");
        let one = Records::JsonApi.one(
            json!({"data": {"id": "7", "type": "passwords", "attributes": {"username": "u"}}}),
        );
        assert_eq!(
            one,
            json!({"id": "7", "type": "passwords", "username": "u"})
        );
        assert_eq!(Records::JsonApi.one(json!({})), Value::Null);
    }

    #[test]
    fn records_at_the_root_a_key_or_a_path() {
        assert_eq!(
            Records::Root.take(&mut json!([{"id": 1}, {"id": 2}])).len(),
            2
        );
        let mut bare = json!({"id": 1});
        assert!(Records::Root.take(&mut bare).is_empty());
        assert_eq!(bare, json!({"id": 1}), "a bare record is left as it was");
        let mut page = json!({"pageDetails": {"count": 1}, "devices": [{"uid": "a"}]});
        assert_eq!(
            Records::At("devices").take(&mut page),
            vec![json!({"uid": "a"})]
        );
        assert_eq!(page["pageDetails"]["count"], 1);
        assert!(Records::At("sites").take(&mut page).is_empty());
        let mut graphql = json!({"data": {"getTicketList": {"tickets": [{"ticketId": "7"}], "listInfo": {"hasMore": false}}}});
        assert_eq!(
            Records::At("data.*.tickets").take(&mut graphql),
            vec![json!({"ticketId": "7"})]
        );
        assert_eq!(
            graphql["data"]["getTicketList"]["listInfo"]["hasMore"],
            false
        );
        assert_eq!(
            Records::At("item").one(json!({"item": {"id": 5}})),
            json!({"id": 5})
        );
        assert_eq!(Records::At("item").one(json!({"item": null})), Value::Null);
        assert_eq!(Records::Root.one(json!({"a": 1})), json!({"a": 1}));
    }

    #[test]
    fn fields_by_path() {
        let page = json!({"pageDetails": {"nextPageUrl": "u", "totalCount": 3}, "links": {"next": ""}, "meta": {"n": "12"}});
        assert_eq!(
            string_at(&page, "pageDetails.nextPageUrl").as_deref(),
            Some("u")
        );
        assert_eq!(string_at(&page, "links.next"), None);
        assert_eq!(count_at(&page, "pageDetails.totalCount"), Some(3));
        assert_eq!(count_at(&page, "meta.n"), Some(12));
        assert_eq!(at(&json!({"a": 1, "b": 2}), "*"), None);
    }

    #[test]
    fn keyed_records_are_unwrapped_where_they_are_wrapped() {
        let one = Records::Keyed {
            at: "",
            each: "ticket",
        };
        assert_eq!(
            one.one(json!({"ticket": {"id": 5}})),
            json!({"id": 5}),
            "wrapped"
        );
        let flat = Records::Keyed {
            at: "",
            each: "contract",
        };
        assert_eq!(
            flat.one(json!({"id": 1, "name": "Tier 1"}))["id"],
            1,
            "flat"
        );
        assert_eq!(
            flat.one(Value::Null),
            Value::Null,
            "a deleted record reads as none"
        );
        let list = Records::Keyed {
            at: "appointments",
            each: "appointment",
        };
        let page = json!({"appointments": [{"appointment": {"id": 3}}, {"id": 4}]});
        let mut page = page;
        assert_eq!(
            list.take(&mut page),
            vec![json!({"id": 3}), json!({"id": 4})]
        );
        assert!(list.take(&mut json!({"meta": {}})).is_empty());
    }
}
