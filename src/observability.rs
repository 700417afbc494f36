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
    fn request_ids_are_32_hex_digits() {
        let id = request_id_from([0xab; 16]);
        assert_eq!(id.len(), 32);
        assert_eq!(id, "ab".repeat(16));
    }
}
