//! The request metadata headers of 2026-07-28 Streamable HTTP (reference §2.1.4) checked
//! against the body: `MCP-Protocol-Version`, `Mcp-Method` and `Mcp-Name`.
//!
//! The body is the source of truth; the headers are copies for intermediaries, and a copy that
//! is missing, malformed or different is `-32020 HeaderMismatch` with HTTP 400. One deliberate
//! leniency: a `MCP-Protocol-Version` that names a *legacy* version while the body's `_meta`
//! names a modern one is tolerated and reported, because Claude sends exactly that
//! (https://github.com/anthropics/claude-code/issues/93290) and the spec's strict
//! answer would fail every call it makes.
//!
//! `Mcp-Param-{Name}` headers depend on the tool's `inputSchema` and are checked with the tools;
//! [`decode_value`] is the decoding they share with `Mcp-Name`.

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use serde_json::Value;

use super::jsonrpc::{ErrorCode, ErrorObject, Message};
use super::version::{Era, Version};

/// `MCP-Protocol-Version` (header names are case-insensitive; this is the spelling to emit).
pub const PROTOCOL_VERSION: &str = "MCP-Protocol-Version";
/// `Mcp-Method`: a copy of the body's `method`.
pub const METHOD: &str = "Mcp-Method";
/// `Mcp-Name`: a copy of `params.name` or `params.uri`.
pub const NAME: &str = "Mcp-Name";
/// `Mcp-Session-Id`: the legacy session (§2.2.4).
pub const SESSION_ID: &str = "Mcp-Session-Id";

/// The MCP headers of one POST, as the HTTP layer read them (`None` = absent).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RequestHeaders<'a> {
    /// `MCP-Protocol-Version`.
    pub protocol_version: Option<&'a str>,
    /// `Mcp-Session-Id`.
    pub session_id: Option<&'a str>,
    /// `Mcp-Method`.
    pub method: Option<&'a str>,
    /// `Mcp-Name`.
    pub name: Option<&'a str>,
}

/// A header that fails validation; always `-32020` with HTTP 400 (§2.1.4, §2.1.5).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HeaderError {
    /// A required header is absent.
    #[error("required header {header} is missing")]
    Missing {
        /// The header's name.
        header: &'static str,
    },
    /// The value has characters a plain header value may not carry, or a base64 sentinel
    /// that does not decode to UTF-8.
    #[error("{header} header value is not a valid header value")]
    Invalid {
        /// The header's name.
        header: &'static str,
    },
    /// The value differs from the body.
    #[error("{header} header value '{header_value}' does not match body value '{}'",
        body_value.as_deref().unwrap_or("(absent)"))]
    Mismatch {
        /// The header's name.
        header: &'static str,
        /// The header's value (decoded when it was base64).
        header_value: String,
        /// The body's value, `None` when the body has none.
        body_value: Option<String>,
    },
}

impl HeaderError {
    /// Always 400.
    pub fn http_status(&self) -> u16 {
        400
    }

    /// The `-32020` error object, worded like the spec's example
    /// ("Header mismatch: Mcp-Name header value 'foo' does not match body value 'bar'").
    pub fn to_error_object(&self) -> ErrorObject {
        ErrorObject::new(
            ErrorCode::HeaderMismatch,
            format!("Header mismatch: {self}"),
        )
    }
}

const SENTINEL_PREFIX: &str = "=?base64?";
const SENTINEL_SUFFIX: &str = "?=";

/// Whether a value can travel as a plain header value: printable ASCII (space included) with
/// no leading or trailing space. Anything else must be base64-encoded by the client.
fn is_plain(value: &str) -> bool {
    value.bytes().all(|byte| (0x20..=0x7e).contains(&byte))
        && !value.starts_with(' ')
        && !value.ends_with(' ')
}

/// Decodes an `Mcp-Name` or `Mcp-Param-*` value: `=?base64?…?=` (case-sensitive markers) is
/// standard base64 of UTF-8, anything else must be a plain value. `None` when invalid.
pub fn decode_value(raw: &str) -> Option<String> {
    match raw
        .strip_prefix(SENTINEL_PREFIX)
        .and_then(|rest| rest.strip_suffix(SENTINEL_SUFFIX))
    {
        Some(encoded) => STANDARD
            .decode(encoded)
            .ok()
            .and_then(|bytes| String::from_utf8(bytes).ok()),
        None => is_plain(raw).then(|| raw.to_owned()),
    }
}

/// The `params` field `Mcp-Name` copies for methods that require it (§2.1.4).
pub fn name_field(method: &str) -> Option<&'static str> {
    match method {
        "tools/call" | "prompts/get" => Some("name"),
        "resources/read" => Some("uri"),
        _ => None,
    }
}

/// Checks `Mcp-Method` and `Mcp-Name` against a modern message.
///
/// - Requests: `Mcp-Method` is required and must equal `method`; for `tools/call`,
///   `prompts/get` and `resources/read`, `Mcp-Name` is required and, once decoded, must equal
///   `params.name` / `params.uri`.
/// - Notifications: the revision defines no header requirements for them, so nothing is
///   required, but a header that is sent must still match the body.
/// - Responses: clients must not post them in this era; there is nothing to compare.
pub fn check_method_and_name(
    headers: &RequestHeaders<'_>,
    message: &Message,
) -> Result<(), HeaderError> {
    let required = match message {
        Message::Request(_) => true,
        Message::Notification(_) => false,
        Message::Response(_) => return Ok(()),
    };
    let Some(method) = message.method() else {
        return Ok(());
    };

    match headers.method {
        None if required => return Err(HeaderError::Missing { header: METHOD }),
        None => {}
        Some(raw) if !is_plain(raw) => return Err(HeaderError::Invalid { header: METHOD }),
        Some(raw) if raw != method => {
            return Err(HeaderError::Mismatch {
                header: METHOD,
                header_value: raw.to_owned(),
                body_value: Some(method.to_owned()),
            })
        }
        Some(_) => {}
    }

    let Some(field) = name_field(method) else {
        return Ok(());
    };
    let body_value = message
        .params()
        .and_then(|params| params.get(field))
        .and_then(Value::as_str);
    let header_value = match headers.name {
        None if required => return Err(HeaderError::Missing { header: NAME }),
        None => return Ok(()),
        Some(raw) => decode_value(raw).ok_or(HeaderError::Invalid { header: NAME })?,
    };
    if body_value == Some(header_value.as_str()) {
        Ok(())
    } else {
        Err(HeaderError::Mismatch {
            header: NAME,
            header_value,
            body_value: body_value.map(str::to_owned),
        })
    }
}

/// `MCP-Protocol-Version` disagreeing with the body's `_meta` version, for the log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionMismatch {
    /// The header as received; `None` when absent.
    pub header: Option<String>,
    /// The version in the body's `_meta`.
    pub body: String,
}

/// Compares the `MCP-Protocol-Version` header with the body's `_meta` version; `None` when they
/// agree.
pub fn version_mismatch(header: Option<&str>, body_version: &str) -> Option<VersionMismatch> {
    (header != Some(body_version)).then(|| VersionMismatch {
        header: header.map(str::to_owned),
        body: body_version.to_owned(),
    })
}

/// Checks `MCP-Protocol-Version` against the body's `_meta` version on a modern request.
///
/// Equal: `Ok(None)`. A supported *legacy* version in the header: tolerated, `Ok(Some(..))` for
/// the caller to log (Claude's 2025 header with a 2026 body, see the module doc). Absent,
/// malformed or any other value: `-32020`, as §2.1.4 requires.
pub fn check_version_header(
    header: Option<&str>,
    body_version: &str,
) -> Result<Option<VersionMismatch>, HeaderError> {
    let Some(mismatch) = version_mismatch(header, body_version) else {
        return Ok(None);
    };
    let raw = header.ok_or(HeaderError::Missing {
        header: PROTOCOL_VERSION,
    })?;
    if !is_plain(raw) {
        return Err(HeaderError::Invalid {
            header: PROTOCOL_VERSION,
        });
    }
    match Version::parse(raw) {
        Some(version) if version.era() == Era::Legacy => Ok(Some(mismatch)),
        _ => Err(HeaderError::Mismatch {
            header: PROTOCOL_VERSION,
            header_value: raw.to_owned(),
            body_value: Some(body_version.to_owned()),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(text: &str) -> Message {
        crate::mcp::jsonrpc::single_message(text)
    }

    fn headers<'a>(method: Option<&'a str>, name: Option<&'a str>) -> RequestHeaders<'a> {
        RequestHeaders {
            method,
            name,
            ..RequestHeaders::default()
        }
    }

    #[test]
    fn values_decode_per_the_sentinel_rules() {
        // The spec's own encoding examples (streamable-http.mdx, "Value Encoding").
        let table = [
            ("us-west1", Some("us-west1")),
            ("=?base64?SGVsbG8sIOS4lueVjA==?=", Some("Hello, 世界")),
            ("=?base64?IHBhZGRlZCA=?=", Some(" padded ")),
            ("=?base64?bGluZTEKbGluZTI=?=", Some("line1\nline2")),
            (
                "=?base64?PT9iYXNlNjQ/bGl0ZXJhbD89?=",
                Some("=?base64?literal?="),
            ),
            (
                "file:///projects/my app/config.json",
                Some("file:///projects/my app/config.json"),
            ),
            ("", Some("")),
            // Markers are case-sensitive: this is a plain value.
            ("=?BASE64?eA==?=", Some("=?BASE64?eA==?=")),
            // Not base64, or not UTF-8 once decoded.
            ("=?base64?***?=", None),
            ("=?base64?/w==?=", None),
            // Not a plain value.
            ("caf\u{e9}", None),
            ("a\tb", None),
            ("a\nb", None),
            (" lead", None),
            ("trail ", None),
        ];
        for (raw, decoded) in table {
            assert_eq!(decode_value(raw).as_deref(), decoded, "{raw:?}");
        }
    }

    #[test]
    fn name_fields() {
        assert_eq!(name_field("tools/call"), Some("name"));
        assert_eq!(name_field("prompts/get"), Some("name"));
        assert_eq!(name_field("resources/read"), Some("uri"));
        assert_eq!(name_field("tools/list"), None);
        assert_eq!(name_field("server/discover"), None);
    }

    #[test]
    fn method_and_name_checks() {
        let call =
            r#"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"execute_sql"}}"#;
        let read = r#"{"jsonrpc":"2.0","id":2,"method":"resources/read","params":{"uri":"file:///x.json"}}"#;
        let unicode =
            r#"{"jsonrpc":"2.0","id":3,"method":"prompts/get","params":{"name":"Hello, 世界"}}"#;
        let nameless = r#"{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{}}"#;
        let list = r#"{"jsonrpc":"2.0","id":5,"method":"tools/list"}"#;
        let notification =
            r#"{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":1}}"#;
        let response = r#"{"jsonrpc":"2.0","id":1,"result":{}}"#;
        let mismatch =
            |header: &'static str, value: &str, body: Option<&str>| HeaderError::Mismatch {
                header,
                header_value: value.into(),
                body_value: body.map(Into::into),
            };
        let table: Vec<(&str, RequestHeaders, Result<(), HeaderError>)> = vec![
            (
                call,
                headers(Some("tools/call"), Some("execute_sql")),
                Ok(()),
            ),
            (
                read,
                headers(Some("resources/read"), Some("file:///x.json")),
                Ok(()),
            ),
            (
                unicode,
                headers(Some("prompts/get"), Some("=?base64?SGVsbG8sIOS4lueVjA==?=")),
                Ok(()),
            ),
            (list, headers(Some("tools/list"), None), Ok(())),
            // Mcp-Name on a method that has no name is not compared.
            (list, headers(Some("tools/list"), Some("anything")), Ok(())),
            (
                call,
                headers(None, Some("execute_sql")),
                Err(HeaderError::Missing { header: METHOD }),
            ),
            (
                call,
                headers(Some("tools/call"), None),
                Err(HeaderError::Missing { header: NAME }),
            ),
            (
                call,
                headers(Some("tools/list"), Some("execute_sql")),
                Err(mismatch(METHOD, "tools/list", Some("tools/call"))),
            ),
            // Values are case-sensitive.
            (
                call,
                headers(Some("Tools/Call"), Some("execute_sql")),
                Err(mismatch(METHOD, "Tools/Call", Some("tools/call"))),
            ),
            (
                call,
                headers(Some("tools/call"), Some("EXECUTE_SQL")),
                Err(mismatch(NAME, "EXECUTE_SQL", Some("execute_sql"))),
            ),
            (
                call,
                headers(Some("tools/call"), Some("=?base64?Zm9v?=")),
                Err(mismatch(NAME, "foo", Some("execute_sql"))),
            ),
            (
                nameless,
                headers(Some("tools/call"), Some("x")),
                Err(mismatch(NAME, "x", None)),
            ),
            (
                call,
                headers(Some("tools/call\n"), Some("execute_sql")),
                Err(HeaderError::Invalid { header: METHOD }),
            ),
            (
                call,
                headers(Some("tools/call"), Some("execute_sql\u{0}")),
                Err(HeaderError::Invalid { header: NAME }),
            ),
            (
                call,
                headers(Some("tools/call"), Some("=?base64?%%?=")),
                Err(HeaderError::Invalid { header: NAME }),
            ),
            // Mcp-Method is never base64: the sentinel form is compared as written.
            (
                list,
                headers(Some("=?base64?dG9vbHMvbGlzdA==?="), None),
                Err(mismatch(
                    METHOD,
                    "=?base64?dG9vbHMvbGlzdA==?=",
                    Some("tools/list"),
                )),
            ),
            // Notifications: nothing required, but what is sent must match.
            (notification, headers(None, None), Ok(())),
            (
                notification,
                headers(Some("notifications/cancelled"), None),
                Ok(()),
            ),
            (
                notification,
                headers(Some("notifications/progress"), None),
                Err(mismatch(
                    METHOD,
                    "notifications/progress",
                    Some("notifications/cancelled"),
                )),
            ),
            (response, headers(Some("whatever"), None), Ok(())),
        ];
        for (body, headers, expected) in table {
            assert_eq!(
                check_method_and_name(&headers, &message(body)),
                expected,
                "{body} {headers:?}"
            );
        }
    }

    #[test]
    fn header_errors_are_header_mismatch_400() {
        let error = HeaderError::Mismatch {
            header: NAME,
            header_value: "foo".into(),
            body_value: Some("bar".into()),
        };
        assert_eq!(error.http_status(), 400);
        let object = error.to_error_object();
        assert_eq!(object.code, -32020);
        assert_eq!(
            object.message,
            "Header mismatch: Mcp-Name header value 'foo' does not match body value 'bar'"
        );
        let missing = HeaderError::Missing { header: METHOD }.to_error_object();
        assert_eq!(missing.code, -32020);
        assert_eq!(
            missing.message,
            "Header mismatch: required header Mcp-Method is missing"
        );
        let absent = HeaderError::Mismatch {
            header: NAME,
            header_value: "x".into(),
            body_value: None,
        };
        assert!(absent.to_string().ends_with("body value '(absent)'"));
    }

    type Checked = Result<Option<VersionMismatch>, HeaderError>;

    #[test]
    fn version_header_against_the_body() {
        let tolerated = |header: &str| {
            Ok(Some(VersionMismatch {
                header: Some(header.into()),
                body: "2026-07-28".into(),
            }))
        };
        let table: [(Option<&str>, Checked); 9] = [
            (Some("2026-07-28"), Ok(None)),
            // Claude's case: a 2025 header on a 2026 body is tolerated and reported.
            (Some("2025-11-25"), tolerated("2025-11-25")),
            (Some("2025-06-18"), tolerated("2025-06-18")),
            (Some("2024-11-05"), tolerated("2024-11-05")),
            (
                None,
                Err(HeaderError::Missing {
                    header: PROTOCOL_VERSION,
                }),
            ),
            (
                Some("2099-01-01"),
                Err(HeaderError::Mismatch {
                    header: PROTOCOL_VERSION,
                    header_value: "2099-01-01".into(),
                    body_value: Some("2026-07-28".into()),
                }),
            ),
            (
                Some("garbage"),
                Err(HeaderError::Mismatch {
                    header: PROTOCOL_VERSION,
                    header_value: "garbage".into(),
                    body_value: Some("2026-07-28".into()),
                }),
            ),
            (
                Some("2026-07-28\r"),
                Err(HeaderError::Invalid {
                    header: PROTOCOL_VERSION,
                }),
            ),
            (
                Some("2026-07-28 "),
                Err(HeaderError::Invalid {
                    header: PROTOCOL_VERSION,
                }),
            ),
        ];
        for (header, expected) in table {
            assert_eq!(
                check_version_header(header, "2026-07-28"),
                expected,
                "{header:?}"
            );
        }
        // An unknown body version with the same header agrees here; `_meta` validation answers
        // -32022 for it.
        assert_eq!(
            check_version_header(Some("2099-01-01"), "2099-01-01"),
            Ok(None)
        );
    }

    #[test]
    fn version_mismatch_report() {
        assert_eq!(version_mismatch(Some("2026-07-28"), "2026-07-28"), None);
        assert_eq!(
            version_mismatch(None, "2026-07-28"),
            Some(VersionMismatch {
                header: None,
                body: "2026-07-28".into()
            })
        );
        assert_eq!(
            version_mismatch(Some("2025-11-25"), "2026-07-28"),
            Some(VersionMismatch {
                header: Some("2025-11-25".into()),
                body: "2026-07-28".into()
            })
        );
    }
}
