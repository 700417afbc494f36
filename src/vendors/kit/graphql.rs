//! GraphQL as a protocol: every call is a `POST {query, variables}` to the API root, the
//! user's values travel only as variables (never spliced into the query text), and failures
//! arrive as HTTP 200 with an `errors` array, read here into the engine's typed errors. Pure.

use super::request::Call;
use super::upstream::{redact, UpstreamError, UpstreamResponse};
use serde_json::{json, Value};

/// A GraphQL operation: `query` is the tool's fixed text, `variables` the user's values.
pub fn call(query: &'static str, variables: Value) -> Call {
    Call::post("", json!({ "query": query, "variables": variables }))
}

/// One code of an error's `extensions` (`code`, or each of SuperOps' `clientError[]`), with
/// the input it is about where the vendor says (`param`: a name, or an object naming the
/// attribute, and for bulk inputs the index of the failing item).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientError {
    /// The code, lowercased.
    pub code: String,
    /// The input attribute the code is about.
    pub attribute: Option<String>,
    /// For a list input, which item failed.
    pub index: Option<u64>,
}

/// The failure a 200 answer reports: its first message (redacted) and every code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub message: Option<String>,
    pub codes: Vec<ClientError>,
}

/// Reads the `errors` of a 2xx GraphQL answer; `None` when it has none.
pub fn failure(response: &UpstreamResponse, secrets: &[&str]) -> Option<Failure> {
    if !response.ok() {
        return None;
    }
    let body: Value = serde_json::from_slice(&response.body).ok()?;
    let errors = body.get("errors")?.as_array().filter(|e| !e.is_empty())?;
    let message = errors
        .iter()
        .find_map(|error| error.get("message").and_then(Value::as_str))
        .map(|text| redact(text, secrets));
    let codes = errors
        .iter()
        .filter_map(|error| error.get("extensions"))
        .flat_map(|extensions| {
            extensions
                .get("clientError")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .chain(std::iter::once(extensions))
        })
        .filter_map(client_error)
        .collect();
    Some(Failure { message, codes })
}

fn client_error(entry: &Value) -> Option<ClientError> {
    let code = entry.get("code")?.as_str()?.to_ascii_lowercase();
    let param = entry.get("param");
    let attribute = match param {
        Some(Value::String(name)) => Some(name.clone()),
        Some(Value::Object(object)) => ["attribute", "field", "name", "key"]
            .iter()
            .find_map(|key| object.get(*key).and_then(Value::as_str))
            .map(str::to_owned),
        _ => None,
    };
    let index = param.and_then(|p| p.get("index")).and_then(Value::as_u64);
    Some(ClientError {
        code,
        attribute,
        index,
    })
}

/// How a vendor's GraphQL failures read beyond the common codes.
#[derive(Debug, Clone, Copy)]
pub struct Reading {
    /// The wait to report after a rate limit, when the answer does not say (the vendor's
    /// window). A wait past the retry limit is reported to the model, not waited out.
    pub rate_limit_wait_seconds: Option<u64>,
    /// The tool argument behind an input attribute the vendor names (`subject` → `subject`,
    /// `client` → `client_id`), so a validation failure names what the model can correct.
    pub argument: fn(&str) -> Option<&'static str>,
}

impl Reading {
    /// No vendor knowledge: no wait, attributes named as the vendor names them.
    pub const PLAIN: Reading = Reading {
        rate_limit_wait_seconds: None,
        argument: |_| None,
    };
}

/// Reads a 200 whose body carries GraphQL `errors` into a failure. Error codes come from
/// `extensions.code` or `extensions.clientError[].code`: rate limits become
/// [`UpstreamError::RateLimited`], authentication failures [`UpstreamError::Unauthorized`],
/// anything else [`UpstreamError::Refused`] with the first message.
pub fn classify(response: &UpstreamResponse, secrets: &[&str]) -> Option<UpstreamError> {
    classify_with(response, secrets, &Reading::PLAIN)
}

/// [`classify`] with a vendor's [`Reading`]: a rate limit carries the vendor's wait, a
/// validation code (`mandatory_validation_failed`, `value_length_exceeds_limit`, …) names the
/// argument at fault, a missing entity is [`UpstreamError::NotFound`], and a subscription
/// that lapsed is [`UpstreamError::Forbidden`].
pub fn classify_with(
    response: &UpstreamResponse,
    secrets: &[&str],
    reading: &Reading,
) -> Option<UpstreamError> {
    let Failure { message, codes } = failure(response, secrets)?;
    let has = |needle: &str| codes.iter().find(|c| c.code.contains(needle));
    if has("rate_limit").or(has("too_many")).is_some() {
        return Some(UpstreamError::RateLimited {
            retry_after_seconds: reading.rate_limit_wait_seconds,
        });
    }
    if has("unauthenticated")
        .or(has("unauthorized"))
        .or(has("invalid_token"))
        .is_some()
    {
        return Some(UpstreamError::Unauthorized { reason: message });
    }
    if has("forbidden").is_some() {
        return Some(UpstreamError::Forbidden { reason: message });
    }
    if let Some(lapsed) = has("subscription_") {
        let state = lapsed
            .code
            .trim_start_matches("subscription_")
            .replace('_', " ");
        return Some(UpstreamError::Forbidden {
            reason: Some(format!("the subscription is {state}")),
        });
    }
    if let Some(missing) = has("entity_does_not_exist") {
        return Some(UpstreamError::NotFound {
            reason: Some(about(
                missing,
                reading,
                "names nothing that exists",
                &message,
            )),
        });
    }
    if let Some((invalid, words)) = codes
        .iter()
        .find_map(|code| validation_words(&code.code).map(|words| (code, words)))
    {
        return Some(UpstreamError::Refused {
            status: 200,
            reason: Some(about(invalid, reading, words, &message)),
        });
    }
    Some(UpstreamError::Refused {
        status: 200,
        reason: message,
    })
}

/// What a validation code says about the input it names.
fn validation_words(code: &str) -> Option<&'static str> {
    Some(match code {
        "mandatory_validation_failed" => "is required",
        "type_validation_failed" => "has the wrong type",
        "value_length_exceeds_limit" => "is too long",
        "referred_value_does_not_exist" => "names a value that does not exist",
        "value_pattern_validation_failed" => "does not have the required format",
        "dependent_validation_failed" => "does not go with the other values given",
        "unique_validation_failed" => "would duplicate an existing record",
        other if other.contains("validation") => "is not valid",
        _ => return None,
    })
}

/// "argument `subject` is required (mandatory_validation_failed): <message>".
fn about(error: &ClientError, reading: &Reading, words: &str, message: &Option<String>) -> String {
    let subject = match error.attribute.as_deref() {
        Some(attribute) => match (reading.argument)(attribute) {
            Some(argument) => format!("argument `{argument}`"),
            None => format!("the value of `{attribute}`"),
        },
        None => "a value".to_owned(),
    };
    let item = error
        .index
        .map(|index| format!(" (item {} of the list)", index + 1))
        .unwrap_or_default();
    let detail = message
        .as_deref()
        .map(|text| format!(": {text}"))
        .unwrap_or_default();
    format!("{subject}{item} {words} ({}){detail}", error.code)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(body: &str) -> UpstreamResponse {
        UpstreamResponse::test(200, body)
    }

    #[test]
    fn values_travel_as_variables() {
        let call = call(
            "query q($id: ID!) { getTicket(input: {ticketId: $id}) { ticketId } }",
            json!({"id": "\" } evil"}),
        );
        let body = call.body.unwrap();
        assert!(!body["query"].as_str().unwrap().contains("evil"));
        assert_eq!(body["variables"]["id"], "\" } evil");
    }

    #[test]
    fn errors_in_a_200_become_typed_failures() {
        let limited = answer(
            r#"{"data":null,"errors":[{"message":"Too many","extensions":{"clientError":[{"code":"rate_limit_exceeded"}]}}]}"#,
        );
        assert!(matches!(
            classify(&limited, &[]),
            Some(UpstreamError::RateLimited { .. })
        ));
        let auth = answer(
            r#"{"errors":[{"message":"token tok-123 invalid","extensions":{"code":"UNAUTHENTICATED"}}]}"#,
        );
        assert_eq!(
            classify(&auth, &["tok-123"]),
            Some(UpstreamError::Unauthorized {
                reason: Some("token [redacted] invalid".into())
            })
        );
        let invalid = answer(
            r#"{"errors":[{"message":"Variable $id is invalid","extensions":{"clientError":[{"code":"invalid_input"}]}}]}"#,
        );
        assert!(matches!(
            classify(&invalid, &[]),
            Some(UpstreamError::Refused { status: 200, .. })
        ));
        assert_eq!(classify(&answer(r#"{"data":{"x":1}}"#), &[]), None);
        assert_eq!(
            classify(&answer(r#"{"data":{"x":1},"errors":[]}"#), &[]),
            None
        );
    }

    const SUPEROPS_LIKE: Reading = Reading {
        rate_limit_wait_seconds: Some(60),
        argument: |attribute| match attribute {
            "subject" => Some("subject"),
            "ticketId" => Some("ticket_id"),
            _ => None,
        },
    };

    #[test]
    fn a_reading_adds_the_wait_and_names_the_argument() {
        let limited = answer(
            r#"{"errors":[{"message":"API limit reached","extensions":{"clientError":[{"code":"rate_limit_exceeded","param":{}}]}}]}"#,
        );
        let error = classify_with(&limited, &[], &SUPEROPS_LIKE).unwrap();
        assert_eq!(
            error.describe("SuperOps"),
            "SuperOps's rate limit was reached; retry in 60 seconds"
        );
        let missing = answer(
            r#"{"errors":[{"message":"Mandatory validation failed","extensions":{"clientError":[{"code":"mandatory_validation_failed","param":{"attribute":"subject"}}]}}]}"#,
        );
        assert_eq!(
            classify_with(&missing, &[], &SUPEROPS_LIKE),
            Some(UpstreamError::Refused {
                status: 200,
                reason: Some("argument `subject` is required (mandatory_validation_failed): Mandatory validation failed".into())
            })
        );
        let bulk = answer(
            r#"{"errors":[{"extensions":{"clientError":[{"code":"value_length_exceeds_limit","param":{"attribute":"colour","index":2}}]}}]}"#,
        );
        assert_eq!(
            classify_with(&bulk, &[], &SUPEROPS_LIKE),
            Some(UpstreamError::Refused {
                status: 200,
                reason: Some("the value of `colour` (item 3 of the list) is too long (value_length_exceeds_limit)".into())
            })
        );
        let gone = answer(
            r#"{"errors":[{"message":"Ticket not found","extensions":{"clientError":[{"code":"entity_does_not_exist","param":"ticketId"}]}}]}"#,
        );
        assert!(matches!(
            classify_with(&gone, &[], &SUPEROPS_LIKE),
            Some(UpstreamError::NotFound { reason: Some(r) }) if r.starts_with("argument `ticket_id` names nothing")
        ));
        let paused = answer(
            r#"{"errors":[{"message":"x","extensions":{"clientError":[{"code":"subscription_paused"}]}}]}"#,
        );
        assert_eq!(
            classify_with(&paused, &[], &SUPEROPS_LIKE),
            Some(UpstreamError::Forbidden {
                reason: Some("the subscription is paused".into())
            })
        );
        let unknown_field = answer(
            r#"{"errors":[{"message":"Cannot query field \"colour\" on type \"Ticket\".","extensions":{"classification":"ValidationError"}}]}"#,
        );
        assert_eq!(
            classify_with(&unknown_field, &[], &SUPEROPS_LIKE),
            Some(UpstreamError::Refused {
                status: 200,
                reason: Some("Cannot query field \"colour\" on type \"Ticket\".".into())
            })
        );
    }
}
