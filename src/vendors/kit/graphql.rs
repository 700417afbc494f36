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

/// Reads a 200 whose body carries GraphQL `errors` into a failure. Error codes come from
/// `extensions.code` or `extensions.clientError[].code`: rate limits become
/// [`UpstreamError::RateLimited`], authentication failures [`UpstreamError::Unauthorized`],
/// anything else [`UpstreamError::Refused`] with the first message.
pub fn classify(response: &UpstreamResponse, secrets: &[&str]) -> Option<UpstreamError> {
    if !response.ok() {
        return None;
    }
    let body: Value = serde_json::from_slice(&response.body).ok()?;
    let first = body.get("errors")?.as_array()?.first()?;
    let message = first
        .get("message")
        .and_then(Value::as_str)
        .map(|text| redact(text, secrets));
    let extensions = first.get("extensions");
    let codes: Vec<String> = extensions
        .and_then(|e| e.get("clientError"))
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .chain(extensions)
        .filter_map(|e| e.get("code").and_then(Value::as_str))
        .map(str::to_ascii_lowercase)
        .collect();
    let has = |needle: &str| codes.iter().any(|code| code.contains(needle));
    Some(if has("rate_limit") || has("too_many") {
        UpstreamError::RateLimited {
            retry_after_seconds: None,
        }
    } else if has("unauthenticated") || has("unauthorized") || has("invalid_token") {
        UpstreamError::Unauthorized { reason: message }
    } else if has("forbidden") {
        UpstreamError::Forbidden { reason: message }
    } else {
        UpstreamError::Refused {
            status: 200,
            reason: message,
        }
    })
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
    }
}
