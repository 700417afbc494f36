//! The protocol versions the gateway serves and how a request's version is settled
//! (reference §1.1–§1.3, §2.1.5, §2.2.5).
//!
//! - Modern (2026-07-28): every request names its version in
//!   `params._meta["io.modelcontextprotocol/protocolVersion"]` ([`read_request_meta`]).
//! - Legacy (2025-11-25 and earlier): `initialize` negotiates a version ([`negotiate`]); later
//!   requests name it in the `MCP-Protocol-Version` header, and a request without the header is
//!   2025-03-26 ([`legacy_version`]).
//!
//! Which era a POST belongs to is [`classify`](super::era::classify).

use std::fmt;

use serde_json::{json, Map, Value};

use super::jsonrpc::{ErrorCode, ErrorObject, Message, Request};

/// The two protocol eras (reference §1.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Era {
    /// 2026-07-28 and later: stateless, version and capabilities in every request's `_meta`.
    Modern,
    /// 2025-11-25 and earlier: a session opened by `initialize`.
    Legacy,
}

/// A protocol version the gateway serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Version {
    /// The first public revision; clients of this era speak the HTTP+SSE transport.
    V2024_11_05,
    /// Streamable HTTP and OAuth arrive; the only version with JSON-RPC batches.
    V2025_03_26,
    /// Batches removed; `MCP-Protocol-Version` header required after `initialize`.
    V2025_06_18,
    /// The last legacy revision, and the most widely deployed.
    V2025_11_25,
    /// The stateless redesign.
    V2026_07_28,
}

impl Version {
    /// Every version, newest first (the order of `supported` lists).
    pub const ALL: [Version; 5] = [
        Self::V2026_07_28,
        Self::V2025_11_25,
        Self::V2025_06_18,
        Self::V2025_03_26,
        Self::V2024_11_05,
    ];

    /// The newest version.
    pub const LATEST: Version = Self::V2026_07_28;

    /// The newest version `initialize` can negotiate.
    pub const LATEST_LEGACY: Version = Self::V2025_11_25;

    /// The version of a legacy request without an `MCP-Protocol-Version` header (§2.2.5: the
    /// server "SHOULD assume `2025-03-26`"; §2.1.5: it "MAY treat a request that omits the header
    /// as protocol version `2025-03-26`").
    pub const WITHOUT_HEADER: Version = Self::V2025_03_26;

    /// The version with this exact name (case-sensitive, no surrounding whitespace).
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|version| version.as_str() == text)
    }

    /// The version as written on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::V2024_11_05 => "2024-11-05",
            Self::V2025_03_26 => "2025-03-26",
            Self::V2025_06_18 => "2025-06-18",
            Self::V2025_11_25 => "2025-11-25",
            Self::V2026_07_28 => "2026-07-28",
        }
    }

    /// The era the version belongs to.
    pub fn era(self) -> Era {
        match self {
            Self::V2026_07_28 => Era::Modern,
            _ => Era::Legacy,
        }
    }

    /// Whether a POST body may be a JSON-RPC batch: added in 2025-03-26, removed in
    /// 2025-06-18 (reference §1.1, §1.4), never part of 2024-11-05 or 2026-07-28.
    pub fn allows_batches(self) -> bool {
        self == Self::V2025_03_26
    }

    /// Whether a server speaking this version may send this error code (reference §1.8):
    /// `-32002` only up to 2025-11-25, `-32042` only in 2025-11-25, `-32020..-32022` only in
    /// 2026-07-28, and the implementation-defined `-32000` not in 2026-07-28 (whose policy
    /// keeps new codes out of `-32768..-32000`).
    pub fn may_emit(self, code: ErrorCode) -> bool {
        match code {
            ErrorCode::ParseError
            | ErrorCode::InvalidRequest
            | ErrorCode::MethodNotFound
            | ErrorCode::InvalidParams
            | ErrorCode::InternalError => true,
            ErrorCode::BadRequest | ErrorCode::ResourceNotFound => self.era() == Era::Legacy,
            ErrorCode::UrlElicitationRequired => self == Self::V2025_11_25,
            ErrorCode::HeaderMismatch
            | ErrorCode::MissingRequiredClientCapability
            | ErrorCode::UnsupportedProtocolVersion => self.era() == Era::Modern,
        }
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The names of the versions in `era`, newest first.
fn names(era: Option<Era>) -> Vec<&'static str> {
    Version::ALL
        .into_iter()
        .filter(|version| era.is_none_or(|era| version.era() == era))
        .map(Version::as_str)
        .collect()
}

/// The version `initialize` answers with when the client asks for `requested` (reference
/// §1.3.2): the same version if the gateway supports it in the legacy era, otherwise its latest
/// legacy version. A modern version is not negotiable through `initialize`, which 2026-07-28
/// removed, so asking for it also yields the latest legacy version.
pub fn negotiate(requested: &str) -> Version {
    match Version::parse(requested) {
        Some(version) if version.era() == Era::Legacy => version,
        _ => Version::LATEST_LEGACY,
    }
}

/// An `initialize` request the gateway cannot negotiate from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum InitializeError {
    /// `params.protocolVersion` is absent or not a string.
    #[error("initialize needs a string params.protocolVersion")]
    MissingProtocolVersion,
}

impl InitializeError {
    /// The `-32602` error object.
    pub fn to_error_object(self) -> ErrorObject {
        ErrorObject::new(ErrorCode::InvalidParams, format!("Invalid params: {self}"))
    }
}

/// Negotiates the version for an `initialize` request from its `params.protocolVersion`.
pub fn negotiate_initialize(request: &Request) -> Result<Version, InitializeError> {
    request
        .params
        .as_ref()
        .and_then(|params| params.get("protocolVersion"))
        .and_then(Value::as_str)
        .map(negotiate)
        .ok_or(InitializeError::MissingProtocolVersion)
}

/// A legacy request's `MCP-Protocol-Version` header names no legacy version the gateway
/// serves. §2.2.5: the server "MUST respond with `400 Bad Request`".
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unsupported MCP-Protocol-Version header {value:?}")]
pub struct UnsupportedVersionHeader {
    /// The header as received.
    pub value: String,
}

impl UnsupportedVersionHeader {
    /// Always 400 (§2.2.5, §2.2.6).
    pub fn http_status(&self) -> u16 {
        400
    }

    /// The body of the 400. The spec fixes only the status; the code is the TypeScript SDK's
    /// `-32000 "Bad Request: …"` convention (§1.8), with the supported legacy versions.
    pub fn to_error_object(&self) -> ErrorObject {
        ErrorObject::new(
            ErrorCode::BadRequest,
            format!("Bad Request: Unsupported protocol version {:?}", self.value),
        )
        .with_data(json!({ "supported": names(Some(Era::Legacy)), "requested": self.value }))
    }
}

/// The version of a legacy request after `initialize`, from its `MCP-Protocol-Version` header:
/// none means 2025-03-26 (§2.2.5), a legacy version is taken as is, anything else (a modern
/// version included) is refused with 400.
pub fn legacy_version(header: Option<&str>) -> Result<Version, UnsupportedVersionHeader> {
    let Some(value) = header else {
        return Ok(Version::WITHOUT_HEADER);
    };
    match Version::parse(value) {
        Some(version) if version.era() == Era::Legacy => Ok(version),
        _ => Err(UnsupportedVersionHeader {
            value: value.to_owned(),
        }),
    }
}

/// `_meta` key of the protocol version in every modern request (§1.3.1; required).
pub const META_PROTOCOL_VERSION: &str = "io.modelcontextprotocol/protocolVersion";
/// `_meta` key of the client's capabilities for this request (§1.3.1; required).
pub const META_CLIENT_CAPABILITIES: &str = "io.modelcontextprotocol/clientCapabilities";
/// `_meta` key of the client's self-reported name and version (§1.3.1; optional, never to be
/// used for security decisions).
pub const META_CLIENT_INFO: &str = "io.modelcontextprotocol/clientInfo";

/// What a modern request says about itself in `params._meta`.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestMeta {
    /// The protocol version, always a modern one.
    pub version: Version,
    /// The capabilities the client declares for this request.
    pub client_capabilities: Map<String, Value>,
    /// The client's `Implementation` (name, version), if sent.
    pub client_info: Option<Value>,
}

/// Why a modern request's `_meta` is unusable. Every case is HTTP 400 (§2.1.5).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MetaError {
    /// A required `_meta` field is absent (or `params`/`_meta` itself is): `-32602`.
    #[error("missing required _meta field {0}")]
    Missing(&'static str),
    /// A required `_meta` field has the wrong type: `-32602`.
    #[error("_meta field {0} has the wrong type")]
    Malformed(&'static str),
    /// The version is not one the gateway serves statelessly: `-32022`.
    #[error("unsupported protocol version {requested:?}")]
    UnsupportedVersion {
        /// The version the request named.
        requested: String,
    },
}

impl MetaError {
    /// The JSON-RPC code: `-32602`, or `-32022` for a version.
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::Missing(_) | Self::Malformed(_) => ErrorCode::InvalidParams,
            Self::UnsupportedVersion { .. } => ErrorCode::UnsupportedProtocolVersion,
        }
    }

    /// Always 400 (§1.3.1, §2.1.5).
    pub fn http_status(&self) -> u16 {
        400
    }

    /// The error object. An unsupported version lists every version the gateway serves, legacy
    /// ones included, so a dual-era client can fall back to `initialize` (§1.3.1 design note;
    /// the spec's own example lists a legacy version).
    pub fn to_error_object(&self) -> ErrorObject {
        match self {
            Self::UnsupportedVersion { requested } => {
                ErrorObject::from(ErrorCode::UnsupportedProtocolVersion)
                    .with_data(json!({ "supported": names(None), "requested": requested }))
            }
            other => ErrorObject::new(other.code(), format!("Invalid params: {other}")),
        }
    }
}

/// Reads and checks the per-request `_meta` of a modern message (§1.3.1). The version is read
/// first, so a request from a newer client learns the supported versions even if its other
/// fields differ.
pub fn read_request_meta(message: &Message) -> Result<RequestMeta, MetaError> {
    let empty = Map::new();
    let meta = message.meta().unwrap_or(&empty);
    let requested = match meta.get(META_PROTOCOL_VERSION) {
        None => return Err(MetaError::Missing(META_PROTOCOL_VERSION)),
        Some(Value::String(requested)) => requested,
        Some(_) => return Err(MetaError::Malformed(META_PROTOCOL_VERSION)),
    };
    let version = Version::parse(requested)
        .filter(|version| version.era() == Era::Modern)
        .ok_or_else(|| MetaError::UnsupportedVersion {
            requested: requested.clone(),
        })?;
    let client_capabilities = match meta.get(META_CLIENT_CAPABILITIES) {
        None => return Err(MetaError::Missing(META_CLIENT_CAPABILITIES)),
        Some(Value::Object(capabilities)) => capabilities.clone(),
        Some(_) => return Err(MetaError::Malformed(META_CLIENT_CAPABILITIES)),
    };
    Ok(RequestMeta {
        version,
        client_capabilities,
        client_info: meta.get(META_CLIENT_INFO).cloned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(text: &str) -> Message {
        crate::mcp::jsonrpc::single_message(text)
    }

    #[test]
    fn versions_parse_exactly_and_know_their_era() {
        let table = [
            ("2026-07-28", Version::V2026_07_28, Era::Modern, false),
            ("2025-11-25", Version::V2025_11_25, Era::Legacy, false),
            ("2025-06-18", Version::V2025_06_18, Era::Legacy, false),
            ("2025-03-26", Version::V2025_03_26, Era::Legacy, true),
            ("2024-11-05", Version::V2024_11_05, Era::Legacy, false),
        ];
        for (name, version, era, batches) in table {
            assert_eq!(Version::parse(name), Some(version));
            assert_eq!(version.as_str(), name);
            assert_eq!(version.to_string(), name);
            assert_eq!(version.era(), era, "{name}");
            assert_eq!(version.allows_batches(), batches, "{name}");
        }
        for unknown in [
            "",
            "2024-10-07",
            "2026-07-28 ",
            " 2025-11-25",
            "draft",
            "1.0.0",
            "2025-11-25T00",
        ] {
            assert_eq!(Version::parse(unknown), None, "{unknown:?}");
        }
        assert_eq!(Version::ALL[0], Version::LATEST);
        assert!(
            Version::ALL.windows(2).all(|pair| pair[0] > pair[1]),
            "newest first"
        );
    }

    #[test]
    fn error_codes_per_era() {
        use ErrorCode::*;
        let always = [
            ParseError,
            InvalidRequest,
            MethodNotFound,
            InvalidParams,
            InternalError,
        ];
        for version in Version::ALL {
            for code in always {
                assert!(version.may_emit(code), "{version} {code:?}");
            }
        }
        let table: [(ErrorCode, [bool; 5]); 6] = [
            // columns: 2026-07-28, 2025-11-25, 2025-06-18, 2025-03-26, 2024-11-05
            (ResourceNotFound, [false, true, true, true, true]),
            (BadRequest, [false, true, true, true, true]),
            (UrlElicitationRequired, [false, true, false, false, false]),
            (HeaderMismatch, [true, false, false, false, false]),
            (
                MissingRequiredClientCapability,
                [true, false, false, false, false],
            ),
            (
                UnsupportedProtocolVersion,
                [true, false, false, false, false],
            ),
        ];
        for (code, allowed) in table {
            for (version, expected) in Version::ALL.into_iter().zip(allowed) {
                assert_eq!(version.may_emit(code), expected, "{version} {code:?}");
            }
        }
    }

    #[test]
    fn initialize_negotiation() {
        let table = [
            ("2025-11-25", Version::V2025_11_25),
            ("2025-06-18", Version::V2025_06_18),
            ("2025-03-26", Version::V2025_03_26),
            ("2024-11-05", Version::V2024_11_05),
            // Not negotiable: the latest legacy version instead.
            ("2026-07-28", Version::V2025_11_25),
            ("2027-01-01", Version::V2025_11_25),
            ("2024-10-07", Version::V2025_11_25),
            ("1.0.0", Version::V2025_11_25),
            ("", Version::V2025_11_25),
        ];
        for (requested, answered) in table {
            assert_eq!(negotiate(requested), answered, "{requested:?}");
            let request = message(&format!(
                r#"{{"jsonrpc":"2.0","id":1,"method":"initialize","params":{{"protocolVersion":"{requested}","capabilities":{{}}}}}}"#
            ));
            let Message::Request(request) = request else {
                panic!("a request")
            };
            assert_eq!(
                negotiate_initialize(&request),
                Ok(answered),
                "{requested:?}"
            );
        }
    }

    #[test]
    fn initialize_without_a_version_is_invalid_params() {
        for params in [
            "",
            r#","params":{}"#,
            r#","params":{"protocolVersion":20251125}"#,
            r#","params":["2025-11-25"]"#,
        ] {
            let Message::Request(request) = message(&format!(
                r#"{{"jsonrpc":"2.0","id":1,"method":"initialize"{params}}}"#
            )) else {
                panic!("a request")
            };
            let error = negotiate_initialize(&request).unwrap_err();
            assert_eq!(error, InitializeError::MissingProtocolVersion, "{params}");
            assert_eq!(error.to_error_object().code, -32602);
        }
    }

    #[test]
    fn legacy_header_rules() {
        let accepted = [
            (None, Version::V2025_03_26),
            (Some("2025-11-25"), Version::V2025_11_25),
            (Some("2025-06-18"), Version::V2025_06_18),
            (Some("2025-03-26"), Version::V2025_03_26),
            (Some("2024-11-05"), Version::V2024_11_05),
        ];
        for (header, version) in accepted {
            assert_eq!(legacy_version(header), Ok(version), "{header:?}");
        }
        for refused in ["2026-07-28", "2099-01-01", "", "2025-11-25 ", "latest"] {
            let error = legacy_version(Some(refused)).unwrap_err();
            assert_eq!(error.value, refused);
            assert_eq!(error.http_status(), 400);
            let object = error.to_error_object();
            assert_eq!(object.code, -32000);
            assert_eq!(
                object.data,
                Some(json!({
                    "supported": ["2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05"],
                    "requested": refused
                }))
            );
        }
    }

    #[test]
    fn modern_meta_is_read() {
        let message = message(
            r#"{"jsonrpc":"2.0","id":"d","method":"server/discover","params":{"_meta":{
                "io.modelcontextprotocol/protocolVersion":"2026-07-28",
                "io.modelcontextprotocol/clientInfo":{"name":"c","version":"1"},
                "io.modelcontextprotocol/clientCapabilities":{"elicitation":{}}}}}"#,
        );
        let meta = read_request_meta(&message).unwrap();
        assert_eq!(meta.version, Version::V2026_07_28);
        assert_eq!(
            Value::Object(meta.client_capabilities),
            json!({"elicitation": {}})
        );
        assert_eq!(meta.client_info, Some(json!({"name": "c", "version": "1"})));
    }

    #[test]
    fn modern_meta_errors() {
        const V: &str = "io.modelcontextprotocol/protocolVersion";
        const C: &str = "io.modelcontextprotocol/clientCapabilities";
        let table: [(&str, MetaError, i64); 9] = [
            ("", MetaError::Missing(V), -32602),
            (r#","params":{}"#, MetaError::Missing(V), -32602),
            (r#","params":{"_meta":{}}"#, MetaError::Missing(V), -32602),
            (r#","params":{"_meta":[]}"#, MetaError::Missing(V), -32602),
            (
                r#","params":{"_meta":{"io.modelcontextprotocol/protocolVersion":20260728}}"#,
                MetaError::Malformed(V),
                -32602,
            ),
            (
                r#","params":{"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28"}}"#,
                MetaError::Missing(C),
                -32602,
            ),
            (
                r#","params":{"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":[]}}"#,
                MetaError::Malformed(C),
                -32602,
            ),
            // The version is checked before the capabilities.
            (
                r#","params":{"_meta":{"io.modelcontextprotocol/protocolVersion":"1900-01-01"}}"#,
                MetaError::UnsupportedVersion {
                    requested: "1900-01-01".into(),
                },
                -32022,
            ),
            // A legacy version in a modern envelope is not served statelessly.
            (
                r#","params":{"_meta":{"io.modelcontextprotocol/protocolVersion":"2025-11-25","io.modelcontextprotocol/clientCapabilities":{}}}"#,
                MetaError::UnsupportedVersion {
                    requested: "2025-11-25".into(),
                },
                -32022,
            ),
        ];
        for (params, expected, code) in table {
            let message = message(&format!(
                r#"{{"jsonrpc":"2.0","id":1,"method":"tools/list"{params}}}"#
            ));
            let error = read_request_meta(&message).unwrap_err();
            assert_eq!(error, expected, "{params}");
            assert_eq!(error.code().code(), code, "{params}");
            assert_eq!(error.http_status(), 400);
            assert_eq!(error.to_error_object().code, code, "{params}");
        }
    }

    #[test]
    fn unsupported_version_error_matches_the_reference_shape() {
        let error = MetaError::UnsupportedVersion {
            requested: "1900-01-01".into(),
        };
        assert_eq!(
            serde_json::to_value(error.to_error_object()).unwrap(),
            json!({
                "code": -32022,
                "message": "Unsupported protocol version",
                "data": {
                    "supported": ["2026-07-28", "2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05"],
                    "requested": "1900-01-01"
                }
            })
        );
    }
}
