//! Tool arguments: their declaration ([`Param`]), the JSON Schema generated from it, and the
//! validation of a call's `arguments` against the same declaration.
//!
//! A bad argument is a tool execution error the model can correct (MCP 2025-11-25, SEP-1303),
//! so [`ArgError`] names the argument and says what would be accepted.

use super::cursor::CURSOR;
use crate::vendors::kit::picklist::Picklist;
use serde_json::{json, Map, Value};

/// The name of the argument every listing tool takes.
pub const LIMIT: &str = "limit";
/// How many records a listing tool returns when `limit` is not given.
pub const DEFAULT_LIMIT: u64 = 50;
/// The most records one call returns.
pub const MAX_LIMIT: u64 = 500;
/// The longest text argument, in characters: room for a ticket's description, and a bound on
/// what one argument can make the gateway send (a vendor URL has a length limit too).
pub const MAX_TEXT_CHARS: usize = 8_000;

/// The type of an argument.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A non-empty string.
    Text,
    /// A numeric id, as a string of digits or a non-negative integer.
    NumericId,
    /// A boolean.
    Flag,
    /// One of a fixed set of strings.
    OneOf(&'static [&'static str]),
    /// How many records to return, 0 (only count them) to [`MAX_LIMIT`].
    Limit,
    /// An object whose values are strings (named variables).
    StringMap,
    /// A number of at least zero (hours worked).
    Number,
    /// A date (`2026-11-02`) or a date and time with an offset (`2026-11-02T14:00:00Z`).
    DateTime,
    /// A picklist value of the vendor's, by label ("In Progress") or by id (8); resolved to the
    /// id against the vendor's definitions before the call is planned.
    Picklist(Picklist),
    /// One to [`MAX_IDS`] distinct ids (strings, or integers given as numbers), for a tool
    /// that acts on several records at once.
    IdList,
}

/// The most ids one [`Kind::IdList`] argument takes: a bound on the vendor calls one tool
/// call can make.
pub const MAX_IDS: usize = 25;

/// One declared argument.
#[derive(Debug, Clone, Copy)]
pub struct Param {
    pub name: &'static str,
    pub kind: Kind,
    pub required: bool,
    /// What the argument means, for the model.
    pub description: &'static str,
}

impl Param {
    /// A required argument.
    pub const fn required(name: &'static str, kind: Kind, description: &'static str) -> Self {
        Self {
            name,
            kind,
            required: true,
            description,
        }
    }

    /// An optional argument.
    pub const fn optional(name: &'static str, kind: Kind, description: &'static str) -> Self {
        Self {
            name,
            kind,
            required: false,
            description,
        }
    }

    /// The `limit` argument of listing tools (which also take [`CURSOR`]).
    pub const fn limit() -> Self {
        Self::optional(
            LIMIT,
            Kind::Limit,
            "How many records to return (default 50, at most 500); 0 returns only the total, where the vendor counts.",
        )
    }

    /// The `cursor` argument every listing tool takes besides its own.
    const fn cursor() -> Self {
        Self::optional(
            CURSOR,
            Kind::Text,
            "The next_cursor of the previous answer, to go on where it stopped (with the same filters).",
        )
    }

    fn schema(&self) -> Value {
        let mut schema = match self.kind {
            Kind::Text => json!({ "type": "string", "minLength": 1, "maxLength": MAX_TEXT_CHARS }),
            Kind::NumericId => {
                json!({ "type": ["string", "integer"], "pattern": "^[0-9]+$", "minimum": 0 })
            }
            Kind::Flag => json!({ "type": "boolean" }),
            Kind::OneOf(values) => json!({ "type": "string", "enum": values }),
            Kind::Limit => {
                json!({ "type": "integer", "minimum": 0, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT })
            }
            Kind::StringMap => {
                json!({ "type": "object", "additionalProperties": { "type": "string" } })
            }
            Kind::Number => json!({ "type": "number", "minimum": 0 }),
            Kind::DateTime => json!({ "type": "string", "format": "date-time" }),
            Kind::Picklist(_) => json!({ "type": ["string", "integer"] }),
            Kind::IdList => json!({
                "type": "array",
                "items": { "type": ["string", "integer"], "minLength": 1, "maxLength": 200, "minimum": 0 },
                "minItems": 1,
                "maxItems": MAX_IDS,
                "uniqueItems": true,
            }),
        };
        schema["description"] = json!(self.description);
        schema
    }
}

/// The parameters of a tool as it is called: its own, and `cursor` with every `limit`.
fn with_cursor(params: &[Param]) -> impl Iterator<Item = Param> + '_ {
    let lists = params.iter().any(|param| param.name == LIMIT);
    params.iter().copied().chain(lists.then(Param::cursor))
}

/// The `inputSchema` for a tool's parameters: a closed object.
pub fn input_schema(params: &[Param]) -> Value {
    let properties: Map<String, Value> = with_cursor(params)
        .map(|param| (param.name.to_owned(), param.schema()))
        .collect();
    let required: Vec<&str> = params
        .iter()
        .filter(|param| param.required)
        .map(|param| param.name)
        .collect();
    json!({
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": false,
    })
}

/// Why a call's arguments are refused; the text is written for the model to act on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ArgError {
    /// `arguments` is not an object.
    #[error("arguments must be a JSON object")]
    NotAnObject,
    /// A required argument is absent (or null).
    #[error("missing required argument `{0}`")]
    Missing(&'static str),
    /// An argument the tool does not take.
    #[error("unknown argument `{name}`; this tool takes: {accepted}")]
    Unknown { name: String, accepted: String },
    /// An argument of the wrong type or out of range.
    #[error("argument `{name}` {expected}")]
    Invalid {
        name: &'static str,
        expected: String,
    },
    /// Arguments that are each valid but do not go together.
    #[error("{0}")]
    Combination(&'static str),
}

/// Validated arguments.
#[derive(Debug, Clone, Default)]
pub struct Args(Map<String, Value>);

impl Args {
    /// Validates `arguments` (absent means none) against `params`.
    pub fn validate(params: &[Param], arguments: Option<&Value>) -> Result<Self, ArgError> {
        let given = match arguments {
            None | Some(Value::Null) => Map::new(),
            Some(Value::Object(map)) => map.clone(),
            Some(_) => return Err(ArgError::NotAnObject),
        };
        let params: Vec<Param> = with_cursor(params).collect();
        for name in given.keys() {
            if !params.iter().any(|param| param.name == name) {
                let accepted: Vec<&str> = params.iter().map(|param| param.name).collect();
                return Err(ArgError::Unknown {
                    name: name.clone(),
                    accepted: if accepted.is_empty() {
                        "no arguments".into()
                    } else {
                        accepted.join(", ")
                    },
                });
            }
        }
        let mut valid = Map::new();
        for param in &params {
            match given.get(param.name) {
                None | Some(Value::Null) if param.required => {
                    return Err(ArgError::Missing(param.name))
                }
                None | Some(Value::Null) => {}
                Some(value) => {
                    valid.insert(param.name.to_owned(), check(param, value)?);
                }
            }
        }
        Ok(Self(valid))
    }

    /// A text, id or choice argument, if given.
    pub fn text(&self, name: &str) -> Option<&str> {
        self.0.get(name).and_then(Value::as_str)
    }

    /// Every valid argument, by name.
    pub fn values(&self) -> &Map<String, Value> {
        &self.0
    }

    /// Whether an argument was given.
    pub fn has(&self, name: &str) -> bool {
        self.0.contains_key(name)
    }

    /// A required text argument; validation guarantees it for required params.
    pub fn required(&self, name: &str) -> &str {
        self.text(name).unwrap_or_default()
    }

    /// A numeric id or picklist id as an integer, if given.
    pub fn integer(&self, name: &str) -> Option<i64> {
        self.text(name).and_then(|text| text.parse().ok())
    }

    /// A number, if given.
    pub fn number(&self, name: &str) -> Option<f64> {
        self.0.get(name).and_then(Value::as_f64)
    }

    /// Replaces an argument's value (a picklist label by its id).
    pub fn set(&mut self, name: &str, value: Value) {
        self.0.insert(name.to_owned(), value);
    }

    /// The ids of a [`Kind::IdList`] argument, as strings (empty when not given).
    pub fn ids(&self, name: &str) -> Vec<&str> {
        self.0
            .get(name)
            .and_then(Value::as_array)
            .map(|ids| ids.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default()
    }

    /// A [`Kind::DateTime`] argument as an instant in UTC (a plain date is its midnight, UTC).
    pub fn instant(&self, name: &str) -> Option<chrono::DateTime<chrono::Utc>> {
        let text = self.text(name)?;
        chrono::DateTime::parse_from_rfc3339(text)
            .map(|at| at.with_timezone(&chrono::Utc))
            .ok()
            .or_else(|| {
                chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
                    .ok()
                    .and_then(|day| day.and_hms_opt(0, 0, 0))
                    .map(|midnight| midnight.and_utc())
            })
    }

    /// A flag, if given.
    pub fn flag(&self, name: &str) -> Option<bool> {
        self.0.get(name).and_then(Value::as_bool)
    }

    /// The `limit`, or the default.
    pub fn limit(&self) -> usize {
        self.0
            .get(LIMIT)
            .and_then(Value::as_u64)
            .unwrap_or(DEFAULT_LIMIT) as usize
    }

    /// A string map, as ordered pairs.
    pub fn pairs(&self, name: &str) -> Vec<(String, String)> {
        self.0
            .get(name)
            .and_then(Value::as_object)
            .map(|map| {
                map.iter()
                    .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_owned()))
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// Checks one value and normalises it (numeric ids become strings).
fn check(param: &Param, value: &Value) -> Result<Value, ArgError> {
    let invalid = |expected: String| ArgError::Invalid {
        name: param.name,
        expected,
    };
    match param.kind {
        Kind::Text => match value.as_str().map(str::trim) {
            // `.` and `..` would climb the vendor's path where they become a segment (a URL
            // parser resolves them, percent-encoded or not), and are never a useful value.
            Some("." | "..") => Err(invalid("must not be `.` or `..`".into())),
            Some(text) if text.chars().count() > MAX_TEXT_CHARS => Err(invalid(format!(
                "is {} characters long; at most {MAX_TEXT_CHARS} are accepted",
                text.chars().count()
            ))),
            Some(text) if !text.is_empty() => Ok(json!(text)),
            _ => Err(invalid("must be a non-empty string".into())),
        },
        Kind::NumericId => {
            let digits = match value {
                Value::String(text) => text.trim().to_owned(),
                Value::Number(number) if number.is_u64() => number.to_string(),
                _ => String::new(),
            };
            if !digits.is_empty()
                && digits.len() <= 20
                && digits.bytes().all(|b| b.is_ascii_digit())
            {
                Ok(json!(digits))
            } else {
                Err(invalid(format!(
                    "must be a numeric id such as \"2001\" (got {value})"
                )))
            }
        }
        Kind::Flag => value
            .as_bool()
            .map(Value::Bool)
            .ok_or_else(|| invalid("must be true or false".into())),
        Kind::OneOf(values) => match value.as_str() {
            Some(text) if values.contains(&text) => Ok(json!(text)),
            _ => Err(invalid(format!("must be one of: {}", values.join(", ")))),
        },
        Kind::Limit => match value.as_u64() {
            Some(n) if n <= MAX_LIMIT => Ok(json!(n)),
            _ => Err(invalid(format!("must be an integer from 0 to {MAX_LIMIT}"))),
        },
        Kind::Number => match value.as_f64() {
            Some(n) if n >= 0.0 && n.is_finite() => Ok(json!(n)),
            _ => Err(invalid("must be a number of at least 0".into())),
        },
        Kind::DateTime => match value.as_str().map(str::trim) {
            Some(text) if is_date_time(text) => Ok(json!(text)),
            _ => Err(invalid(
                "must be a date such as \"2026-11-02\" or a date and time such as \"2026-11-02T14:00:00Z\"".into(),
            )),
        },
        Kind::Picklist(_) => match value {
            Value::String(text) if !text.trim().is_empty() => Ok(json!(text.trim())),
            Value::Number(number) if number.is_u64() => Ok(json!(number.to_string())),
            _ => Err(invalid("must be a label (such as \"In Progress\") or its numeric id".into())),
        },
        Kind::IdList => {
            let expected = || {
                invalid(format!(
                    "must be a list of 1 to {MAX_IDS} different ids, such as [\"5150178940650622977\"]"
                ))
            };
            let ids = value.as_array().ok_or_else(expected)?;
            let mut texts: Vec<String> = Vec::with_capacity(ids.len());
            for id in ids {
                let text = match id {
                    Value::String(text) => text.trim().to_owned(),
                    Value::Number(number) if number.is_u64() => number.to_string(),
                    _ => return Err(expected()),
                };
                if text.is_empty() || text.len() > 200 || texts.contains(&text) {
                    return Err(expected());
                }
                texts.push(text);
            }
            if texts.is_empty() || texts.len() > MAX_IDS {
                return Err(expected());
            }
            Ok(json!(texts))
        }
        Kind::StringMap => match value.as_object() {
            Some(map) if map.values().all(Value::is_string) => Ok(value.clone()),
            _ => Err(invalid(
                "must be an object whose values are strings, such as {\"Service\": \"Spooler\"}"
                    .into(),
            )),
        },
    }
}

/// Whether a text is an RFC 3339 date-time or a plain `YYYY-MM-DD` date.
fn is_date_time(text: &str) -> bool {
    chrono::DateTime::parse_from_rfc3339(text).is_ok()
        || chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    const PARAMS: &[Param] = &[
        Param::required("site_uid", Kind::Text, "The site."),
        Param::optional("organization_id", Kind::NumericId, "The org."),
        Param::optional("status", Kind::OneOf(&["open", "resolved"]), "Which."),
        Param::optional("archived", Kind::Flag, "Archived too."),
        Param::optional("variables", Kind::StringMap, "Vars."),
        Param::optional("hours", Kind::Number, "Hours."),
        Param::optional("since", Kind::DateTime, "Since."),
        Param::optional("priority", Kind::Picklist(PRIORITY), "Priority."),
        Param::optional("alert_ids", Kind::IdList, "Alerts."),
        Param::limit(),
    ];

    const PRIORITY: Picklist = Picklist {
        entity: "Tickets",
        field: "priority",
        parent: None,
        default: false,
    };

    fn validate(value: Value) -> Result<Args, ArgError> {
        Args::validate(PARAMS, Some(&value))
    }

    #[test]
    fn schema_is_closed_and_lists_required() {
        let schema = input_schema(PARAMS);
        assert_eq!(schema["required"], json!(["site_uid"]));
        assert_eq!(schema["additionalProperties"], false);
        assert_eq!(
            schema["properties"]["status"]["enum"],
            json!(["open", "resolved"])
        );
        assert_eq!(schema["properties"]["limit"]["maximum"], MAX_LIMIT);
        assert_eq!(input_schema(&[])["properties"], json!({}));
    }

    #[test]
    fn accepts_and_normalises() {
        let args = validate(json!({
            "site_uid": " abc ", "organization_id": 2001, "status": "resolved",
            "archived": true, "variables": {"a": "b"}, "limit": 5
        }))
        .unwrap();
        assert_eq!(args.text("site_uid"), Some("abc"));
        assert_eq!(args.text("organization_id"), Some("2001"));
        assert_eq!(args.flag("archived"), Some(true));
        assert_eq!(args.limit(), 5);
        assert_eq!(args.pairs("variables"), vec![("a".into(), "b".into())]);
        let more =
            validate(json!({"site_uid": "x", "hours": 1.5, "since": "2026-11-02", "priority": 2}))
                .unwrap();
        assert_eq!(more.number("hours"), Some(1.5));
        assert_eq!(more.text("since"), Some("2026-11-02"));
        assert_eq!(more.integer("priority"), Some(2));
        assert!(validate(
            json!({"site_uid": "x", "since": "2026-11-02T14:00:00Z", "priority": "High"})
        )
        .is_ok());
        let defaults = validate(json!({"site_uid": "x", "status": null})).unwrap();
        assert_eq!(defaults.limit(), DEFAULT_LIMIT as usize);
        assert_eq!(defaults.text("status"), None);
    }

    #[test]
    fn refuses_with_a_correctable_reason() {
        assert_eq!(
            validate(json!({})).unwrap_err(),
            ArgError::Missing("site_uid")
        );
        assert_eq!(
            Args::validate(PARAMS, Some(&json!([1]))).unwrap_err(),
            ArgError::NotAnObject
        );
        let unknown = validate(json!({"site_uid": "x", "hostname": "y"})).unwrap_err();
        assert!(unknown.to_string().contains("unknown argument `hostname`"));
        assert!(unknown.to_string().contains("site_uid, organization_id"));
        for (field, value, words) in [
            ("site_uid", json!(""), "non-empty string"),
            ("site_uid", json!(".."), "must not be `.` or `..`"),
            ("site_uid", json!(" . "), "must not be `.` or `..`"),
            (
                "site_uid",
                json!("x".repeat(MAX_TEXT_CHARS + 1)),
                "at most 8000 are accepted",
            ),
            ("site_uid", json!(7), "non-empty string"),
            ("organization_id", json!("20a1"), "numeric id"),
            ("organization_id", json!(-3), "numeric id"),
            ("organization_id", json!(1.5), "numeric id"),
            ("status", json!("closed"), "one of: open, resolved"),
            ("archived", json!("yes"), "true or false"),
            ("limit", json!(-1), "from 0 to 500"),
            ("limit", json!(501), "from 0 to 500"),
            ("limit", json!("10"), "from 0 to 500"),
            ("cursor", json!(""), "non-empty string"),
            ("variables", json!({"a": 1}), "values are strings"),
            ("hours", json!(-1), "at least 0"),
            ("hours", json!("2"), "at least 0"),
            ("since", json!("yesterday"), "a date"),
            ("since", json!("2026-13-01"), "a date"),
            ("priority", json!(""), "label"),
        ] {
            let mut args = json!({"site_uid": "x"});
            args[field] = value;
            let error = validate(args).unwrap_err();
            assert!(
                error.to_string().contains(words) && error.to_string().contains(field),
                "{field}: {error}"
            );
        }
    }

    #[test]
    fn id_lists_and_instants() {
        let args = validate(
            json!({"site_uid": "x", "alert_ids": ["a1", 7], "since": "2026-11-02T14:00:00+02:00"}),
        )
        .unwrap();
        assert_eq!(args.ids("alert_ids"), ["a1", "7"]);
        assert_eq!(
            args.instant("since").unwrap().to_rfc3339(),
            "2026-11-02T12:00:00+00:00"
        );
        let day = validate(json!({"site_uid": "x", "since": "2026-11-02"})).unwrap();
        assert_eq!(day.instant("since").unwrap().timestamp(), 1_793_577_600);
        assert!(day.ids("alert_ids").is_empty());
        let too_many: Vec<String> = (0..=MAX_IDS).map(|i| i.to_string()).collect();
        for bad in [
            json!([]),
            json!(["a", "a"]),
            json!([""]),
            json!("a"),
            json!([1.5]),
            json!(too_many),
        ] {
            let error = validate(json!({"site_uid": "x", "alert_ids": bad})).unwrap_err();
            assert!(error.to_string().contains("alert_ids"), "{error}");
        }
        assert_eq!(
            input_schema(PARAMS)["properties"]["alert_ids"]["maxItems"],
            MAX_IDS
        );
    }

    #[test]
    fn no_arguments_is_an_empty_object() {
        assert!(Args::validate(&[Param::limit()], None).is_ok());
        assert!(Args::validate(&[], Some(&Value::Null)).is_ok());
        assert!(Args::validate(&[], Some(&json!({"x": 1})))
            .unwrap_err()
            .to_string()
            .contains("no arguments"));
    }
}
