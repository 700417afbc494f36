//! The structured log line written once per request.
//!
//! Only fields that can never hold a secret are logged: the method, the path without its
//! query string (queries carry authorization codes and states), the status, the duration and
//! ids. Workers Logs indexes the JSON fields when observability is enabled.

use serde::Serialize;

/// One request's log record.
#[derive(Debug, Serialize)]
pub struct RequestLog<'a> {
    /// Always `"request"`, to tell these lines from others.
    pub event: &'static str,
    /// The gateway's id for this request, also sent as `X-Request-Id`.
    pub request_id: &'a str,
    /// The HTTP method.
    pub method: &'a str,
    /// The path, without query or fragment.
    pub path: &'a str,
    /// The response status.
    pub status: u16,
    /// Wall time spent, in milliseconds (on Workers, time advances across I/O only).
    pub duration_ms: f64,
    /// A short machine-readable reason when the request failed on the gateway's side.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<&'a str>,
}

impl RequestLog<'_> {
    /// The record as one line of JSON.
    pub fn to_line(&self) -> String {
        // Serializing a struct of strings and numbers cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// Which requests get a `request` line (`REQUEST_LOG`).
///
/// Every `console.log` is a log event for Workers Logs (billed per event) and, under
/// `wrangler dev`, a Chrome DevTools Protocol message relayed to the wrangler process: about
/// 3 ms of CPU per line on a 2-core machine, the whole gap between this worker's runtime floor
/// and a JavaScript worker's (docs/ARCHITECTURE.md, "The runtime floor"). Workers Logs records
/// each invocation's method, URL, status and time by itself, so an operator can keep only the
/// lines that say more than that.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RequestLogPolicy {
    /// A line for every request (the default).
    #[default]
    All,
    /// A line only for answers with status 400 or above and for requests the gateway failed.
    Errors,
}

impl RequestLogPolicy {
    /// The policy named by a `REQUEST_LOG` value (`all` or `errors`).
    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "all" => Some(Self::All),
            "errors" => Some(Self::Errors),
            _ => None,
        }
    }

    /// Whether a request answered with `status` gets a line; `failed` is a gateway-side
    /// failure (a line is always written for one).
    pub fn logs(self, status: u16, failed: bool) -> bool {
        match self {
            Self::All => true,
            Self::Errors => failed || status >= 400,
        }
    }
}

/// Hex-encodes 16 random bytes into a request id.
pub fn request_id_from(bytes: [u8; 16]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_is_flat_json_with_every_field() {
        let line = RequestLog {
            event: "request",
            request_id: "abc",
            method: "GET",
            path: "/health",
            status: 200,
            duration_ms: 1.5,
            error: None,
        }
        .to_line();
        let parsed: serde_json::Value = serde_json::from_str(&line).unwrap();
        assert_eq!(
            parsed,
            serde_json::json!({
                "event": "request", "request_id": "abc", "method": "GET",
                "path": "/health", "status": 200, "duration_ms": 1.5
            })
        );
        assert!(!line.contains('\n'));
    }

    #[test]
    fn the_errors_policy_keeps_only_error_answers_and_failures() {
        assert_eq!(RequestLogPolicy::parse("all"), Some(RequestLogPolicy::All));
        assert_eq!(
            RequestLogPolicy::parse("errors"),
            Some(RequestLogPolicy::Errors)
        );
        assert_eq!(RequestLogPolicy::parse("none"), None);
        let errors = RequestLogPolicy::Errors;
        assert!(!errors.logs(200, false));
        assert!(!errors.logs(302, false));
        assert!(errors.logs(401, false));
        assert!(errors.logs(429, false));
        assert!(errors.logs(500, false));
        assert!(errors.logs(200, true));
        assert!(RequestLogPolicy::All.logs(200, false));
        assert_eq!(RequestLogPolicy::default(), RequestLogPolicy::All);
    }

    #[test]
    fn request_ids_are_32_hex_digits() {
        let id = request_id_from([0xab; 16]);
        assert_eq!(id.len(), 32);
        assert_eq!(id, "ab".repeat(16));
    }
}
