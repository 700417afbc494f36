//! Picklists: fields whose values are ids with labels ("In Progress" is status 8). Tools take
//! a label wherever the vendor wants an id, and results show the label beside each id. Values
//! may depend on another field's value (Autotask's sub-issue types belong to an issue type),
//! and inactive values are never offered. Pure; the engine reads and caches the definitions.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// One picklist field of an entity, as the vendor defines it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PicklistField {
    /// The field's name in records (`queueID`).
    pub name: String,
    /// The field whose value a value of this one depends on (`issueType`).
    pub parent: Option<String>,
    pub values: Vec<PicklistValue>,
}

/// One value of a picklist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PicklistValue {
    /// The id, as digits.
    pub id: String,
    pub label: String,
    pub active: bool,
    /// The value the vendor uses when none is given.
    pub default: bool,
    /// The parent field's value this one belongs to.
    pub parent: Option<String>,
}

/// A tool argument that names a picklist value by label or by id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Picklist {
    /// The vendor entity whose field it is (`Tickets`).
    pub entity: &'static str,
    /// The field (`subIssueType`).
    pub field: &'static str,
    /// The argument holding the parent value, for dependent picklists (`issue_type`).
    pub parent: Option<&'static str>,
    /// Whether the vendor's default value is used when the argument is absent.
    pub default: bool,
}

/// Why a value is refused; the text says what would be accepted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PicklistError {
    /// Neither an active label nor an id of the field.
    #[error("must be one of: {accepted} (a label or its id)")]
    Unknown { accepted: String },
    /// A dependent value that belongs to another parent value.
    #[error(
        "{given:?} does not belong to the {parent_field} given ({parent}); it takes: {accepted}"
    )]
    WrongParent {
        given: String,
        parent_field: String,
        parent: String,
        accepted: String,
    },
    /// The vendor does not define the field as a picklist.
    #[error("is not a picklist of {entity}")]
    NoSuchField { entity: String },
}

impl PicklistField {
    /// Active values, those under `parent` only when one is given.
    fn offered<'a>(&'a self, parent: Option<&'a str>) -> impl Iterator<Item = &'a PicklistValue> {
        self.values.iter().filter(move |value| {
            value.active && parent.is_none_or(|parent| value.parent.as_deref() == Some(parent))
        })
    }

    fn accepted(&self, parent: Option<&str>) -> String {
        let labels: Vec<String> = self
            .offered(parent)
            .map(|value| format!("{} ({})", value.label, value.id))
            .collect();
        if labels.is_empty() {
            "no active values".into()
        } else {
            labels.join(", ")
        }
    }

    /// The id for `given` (an active label, ignoring case, or an id), checked against the
    /// parent value when the field depends on one; without `given`, the default value if
    /// `use_default`.
    pub fn resolve(
        &self,
        given: Option<&str>,
        parent: Option<&str>,
        use_default: bool,
    ) -> Result<Option<String>, PicklistError> {
        let Some(given) = given.map(str::trim) else {
            let default = use_default
                .then(|| self.offered(parent).find(|value| value.default))
                .flatten();
            return Ok(default.map(|value| value.id.clone()));
        };
        let found = self.values.iter().find(|value| {
            value.id == given || (value.active && value.label.eq_ignore_ascii_case(given))
        });
        let Some(found) = found else {
            return Err(PicklistError::Unknown {
                accepted: self.accepted(parent),
            });
        };
        if let Some(parent) = parent {
            if self.parent.is_some() && found.parent.as_deref() != Some(parent) {
                return Err(PicklistError::WrongParent {
                    given: given.to_owned(),
                    parent_field: self.parent.clone().unwrap_or_default(),
                    parent: parent.to_owned(),
                    accepted: self.accepted(Some(parent)),
                });
            }
        }
        Ok(Some(found.id.clone()))
    }

    /// The label of an id.
    pub fn label_of(&self, id: &str) -> Option<&str> {
        self.values
            .iter()
            .find(|value| value.id == id)
            .map(|value| value.label.as_str())
    }
}

/// Finds a field by name, ignoring case.
pub fn field<'a>(fields: &'a [PicklistField], name: &str) -> Option<&'a PicklistField> {
    fields.iter().find(|f| f.name.eq_ignore_ascii_case(name))
}

/// Puts `<field>Label` beside every picklist id of a record, or of each record of a list
/// result (`items`).
pub fn label(result: &mut Value, fields: &[PicklistField]) {
    if let Some(Value::Array(items)) = result.get_mut("items") {
        for item in items {
            label_record(item, fields);
        }
    } else {
        label_record(result, fields);
    }
}

fn label_record(record: &mut Value, fields: &[PicklistField]) {
    let Value::Object(object) = record else {
        return;
    };
    let mut labels = Vec::new();
    for (name, value) in object.iter() {
        let id = match value {
            Value::Number(number) => number.to_string(),
            Value::String(text) if !text.is_empty() => text.clone(),
            _ => continue,
        };
        if let Some(label) = field(fields, name).and_then(|f| f.label_of(&id)) {
            labels.push((format!("{name}Label"), Value::String(label.to_owned())));
        }
    }
    for (name, label) in labels {
        object.entry(name).or_insert(label);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn value(id: &str, label: &str, parent: Option<&str>) -> PicklistValue {
        PicklistValue {
            id: id.into(),
            label: label.into(),
            active: true,
            default: false,
            parent: parent.map(str::to_owned),
        }
    }

    fn status() -> PicklistField {
        let mut hold = value("19", "Legacy Hold", None);
        hold.active = false;
        let mut new = value("1", "New", None);
        new.default = true;
        PicklistField {
            name: "status".into(),
            parent: None,
            values: vec![new, value("8", "In Progress", None), hold],
        }
    }

    fn sub_issue() -> PicklistField {
        PicklistField {
            name: "subIssueType".into(),
            parent: Some("issueType".into()),
            values: vec![
                value("101", "Laptop", Some("1")),
                value("102", "Printer", Some("1")),
                value("201", "Email", Some("2")),
            ],
        }
    }

    #[test]
    fn labels_and_ids_resolve_to_ids() {
        let status = status();
        assert_eq!(
            status.resolve(Some("in progress"), None, false),
            Ok(Some("8".into()))
        );
        assert_eq!(status.resolve(Some("8"), None, false), Ok(Some("8".into())));
        assert_eq!(status.resolve(None, None, true), Ok(Some("1".into())));
        assert_eq!(status.resolve(None, None, false), Ok(None));
    }

    #[test]
    fn inactive_and_unknown_labels_are_refused_with_the_active_ones() {
        let error = status()
            .resolve(Some("Legacy Hold"), None, false)
            .unwrap_err();
        let text = error.to_string();
        assert!(
            text.contains("New (1)") && text.contains("In Progress (8)"),
            "{text}"
        );
        assert!(!text.contains("Legacy"), "{text}");
        assert!(status().resolve(Some("Closed"), None, false).is_err());
    }

    #[test]
    fn a_dependent_value_must_belong_to_its_parent() {
        let field = sub_issue();
        assert_eq!(
            field.resolve(Some("printer"), Some("1"), false),
            Ok(Some("102".into()))
        );
        let error = field
            .resolve(Some("Printer"), Some("2"), false)
            .unwrap_err();
        assert!(matches!(error, PicklistError::WrongParent { .. }));
        let text = error.to_string();
        assert!(
            text.contains("Email (201)") && !text.contains("Laptop"),
            "{text}"
        );
        assert!(field.resolve(Some("Email"), Some("1"), false).is_err());
    }

    #[test]
    fn results_get_labels_beside_ids() {
        let fields = vec![status(), sub_issue()];
        let mut list = json!({"items": [{"id": 5, "status": 8, "subIssueType": 102, "title": "x"}], "count": 1});
        label(&mut list, &fields);
        assert_eq!(list["items"][0]["statusLabel"], "In Progress");
        assert_eq!(list["items"][0]["subIssueTypeLabel"], "Printer");
        assert!(list["items"][0].get("titleLabel").is_none());
        let mut one = json!({"status": 1, "subIssueType": null});
        label(&mut one, &fields);
        assert_eq!(
            one,
            json!({"status": 1, "statusLabel": "New", "subIssueType": null})
        );
    }
}
