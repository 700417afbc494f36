//! Which protocol era a POST to the MCP endpoint belongs to (reference §1.2; DESIGN.md, "A
//! request", step 3).
//!
//! A dual-era server "selects its behavior from how the client opens". The rules, first match
//! wins:
//!
//! 1. a message whose `params._meta` carries `io.modelcontextprotocol/protocolVersion` (the
//!    "envelope claim", whatever its value) is **modern**: the modern path owns the answer,
//!    including `-32022` for a version it does not serve;
//! 2. a `server/discover` request is **modern** (it exists only in 2026-07-28, and answering it
//!    the legacy way with `-32601` stops Claude Code's fallback, claude-ai-mcp#1044);
//! 3. an `initialize` request is **legacy**;
//! 4. an `Mcp-Session-Id` header is **legacy**;
//! 5. an `MCP-Protocol-Version` header naming a modern version is **modern** (the modern path
//!    then answers the missing `_meta` with `-32602`);
//! 6. everything else is **legacy**: 2025-era requests and notifications, posted responses,
//!    all-legacy batches.
//!
//! Rules 1, 5 and 6 are the TypeScript SDK's `isLegacyRequest` (§1.2); 2–4 make explicit the
//! signals DESIGN.md routes on (a modern request, `initialize`, an `Mcp-Session-Id`). Body beats headers: a modern body with a 2025 `MCP-Protocol-Version`
//! (what Claude sends) is modern, and the disagreement is reported for the log.

use serde_json::Value;

use super::headers::{version_mismatch, RequestHeaders, VersionMismatch};
use super::jsonrpc::{Body, Message};
use super::version::{Era, Version, META_PROTOCOL_VERSION};

/// `server/discover`, the 2026-07-28 method servers must implement.
pub const DISCOVER: &str = "server/discover";
/// `initialize`, the legacy handshake.
pub const INITIALIZE: &str = "initialize";

/// Why a POST is modern.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModernReason {
    /// A message carries the `_meta` protocol version.
    EnvelopeClaim,
    /// A `server/discover` request without the claim.
    Discover,
    /// No claim, but `MCP-Protocol-Version` names a modern version.
    ModernHeader,
}

/// Why a POST is legacy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LegacyReason {
    /// An `initialize` request.
    Initialize,
    /// An `Mcp-Session-Id` header.
    SessionHeader,
    /// None of the modern signals.
    NoClaim,
}

/// The era of a POST and the evidence for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Classification {
    /// Serve statelessly per 2026-07-28.
    Modern {
        /// The signal that decided it.
        reason: ModernReason,
        /// `MCP-Protocol-Version` disagreeing with the envelope's version (a string claim
        /// only), for the log; [`check_version_header`](super::headers::check_version_header)
        /// decides whether the request is refused.
        version_mismatch: Option<VersionMismatch>,
    },
    /// Serve per the legacy version of the session or header.
    Legacy {
        /// The signal that decided it.
        reason: LegacyReason,
    },
}

impl Classification {
    /// The era.
    pub fn era(&self) -> Era {
        match self {
            Self::Modern { .. } => Era::Modern,
            Self::Legacy { .. } => Era::Legacy,
        }
    }
}

/// The envelope claim of a message: `params._meta["io.modelcontextprotocol/protocolVersion"]`,
/// any JSON value.
pub fn envelope_claim(message: &Message) -> Option<&Value> {
    message
        .meta()
        .and_then(|meta| meta.get(META_PROTOCOL_VERSION))
}

fn is_request(message: &Message, method: &str) -> bool {
    matches!(message, Message::Request(request) if request.method == method)
}

/// Classifies a parsed POST body with its headers.
pub fn classify(body: &Body, headers: &RequestHeaders<'_>) -> Classification {
    if let Some(claim) = body.messages().find_map(envelope_claim) {
        return Classification::Modern {
            reason: ModernReason::EnvelopeClaim,
            version_mismatch: claim
                .as_str()
                .and_then(|claimed| version_mismatch(headers.protocol_version, claimed)),
        };
    }
    let modern = |reason| Classification::Modern {
        reason,
        version_mismatch: None,
    };
    let legacy = |reason| Classification::Legacy { reason };
    if body.messages().any(|message| is_request(message, DISCOVER)) {
        return modern(ModernReason::Discover);
    }
    if body
        .messages()
        .any(|message| is_request(message, INITIALIZE))
    {
        return legacy(LegacyReason::Initialize);
    }
    if headers.session_id.is_some() {
        return legacy(LegacyReason::SessionHeader);
    }
    let modern_header = headers
        .protocol_version
        .and_then(Version::parse)
        .is_some_and(|version| version.era() == Era::Modern);
    if modern_header {
        modern(ModernReason::ModernHeader)
    } else {
        legacy(LegacyReason::NoClaim)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mcp::jsonrpc::parse_body;

    const META: &str = r#""_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}"#;

    fn body(text: &str) -> Body {
        parse_body(text.as_bytes()).expect("a valid body")
    }

    fn modern(reason: ModernReason) -> Classification {
        Classification::Modern {
            reason,
            version_mismatch: None,
        }
    }

    fn legacy(reason: LegacyReason) -> Classification {
        Classification::Legacy { reason }
    }

    #[test]
    fn eras_from_body_and_headers() {
        let tools_modern =
            format!(r#"{{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{{{META}}}}}"#);
        let discover_modern =
            format!(r#"{{"jsonrpc":"2.0","id":1,"method":"server/discover","params":{{{META}}}}}"#);
        let odd_claim = r#"{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{"_meta":{"io.modelcontextprotocol/protocolVersion":"1900-01-01"}}}"#;
        let number_claim = r#"{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{"_meta":{"io.modelcontextprotocol/protocolVersion":7}}}"#;
        let discover_bare = r#"{"jsonrpc":"2.0","id":1,"method":"server/discover"}"#;
        let initialize = r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{}}}"#;
        let initialized = r#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#;
        let tools_legacy = r#"{"jsonrpc":"2.0","id":2,"method":"tools/list"}"#;
        let response = r#"{"jsonrpc":"2.0","id":"s1","result":{}}"#;
        let legacy_batch = r#"[{"jsonrpc":"2.0","id":1,"method":"tools/list"},{"jsonrpc":"2.0","method":"notifications/initialized"}]"#;
        let mixed_batch = format!(r#"[{tools_legacy},{tools_modern}]"#);
        let discover_in_batch = r#"[{"jsonrpc":"2.0","method":"notifications/x"},{"jsonrpc":"2.0","id":1,"method":"server/discover"}]"#;
        // A discover-like notification is not a discover request.
        let discover_notification = r#"{"jsonrpc":"2.0","method":"server/discover"}"#;

        let none = RequestHeaders::default();
        let session = RequestHeaders {
            session_id: Some("abc"),
            ..none
        };
        let header_2026 = RequestHeaders {
            protocol_version: Some("2026-07-28"),
            ..none
        };
        let header_2025 = RequestHeaders {
            protocol_version: Some("2025-11-25"),
            ..none
        };
        let session_2026 = RequestHeaders {
            session_id: Some("abc"),
            protocol_version: Some("2026-07-28"),
            ..none
        };

        let table: Vec<(&str, RequestHeaders, Classification)> = vec![
            (
                &tools_modern,
                header_2026,
                modern(ModernReason::EnvelopeClaim),
            ),
            (
                &discover_modern,
                header_2026,
                modern(ModernReason::EnvelopeClaim),
            ),
            (
                odd_claim,
                header_2026,
                Classification::Modern {
                    reason: ModernReason::EnvelopeClaim,
                    version_mismatch: Some(VersionMismatch {
                        header: Some("2026-07-28".into()),
                        body: "1900-01-01".into(),
                    }),
                },
            ),
            // A claim that is not a string is still modern; `_meta` validation answers it.
            (number_claim, none, modern(ModernReason::EnvelopeClaim)),
            // The claim beats a session header: modern ignores Mcp-Session-Id (§2.1.5).
            (
                &tools_modern,
                RequestHeaders {
                    protocol_version: Some("2026-07-28"),
                    ..session
                },
                modern(ModernReason::EnvelopeClaim),
            ),
            (discover_bare, none, modern(ModernReason::Discover)),
            (discover_bare, session, modern(ModernReason::Discover)),
            (discover_in_batch, none, modern(ModernReason::Discover)),
            (discover_notification, none, legacy(LegacyReason::NoClaim)),
            (initialize, none, legacy(LegacyReason::Initialize)),
            (initialize, header_2026, legacy(LegacyReason::Initialize)),
            (initialize, session, legacy(LegacyReason::Initialize)),
            (tools_legacy, session, legacy(LegacyReason::SessionHeader)),
            (
                tools_legacy,
                session_2026,
                legacy(LegacyReason::SessionHeader),
            ),
            (initialized, session, legacy(LegacyReason::SessionHeader)),
            (
                tools_legacy,
                header_2026,
                modern(ModernReason::ModernHeader),
            ),
            (tools_legacy, header_2025, legacy(LegacyReason::NoClaim)),
            (tools_legacy, none, legacy(LegacyReason::NoClaim)),
            (
                tools_legacy,
                RequestHeaders {
                    protocol_version: Some("2099-01-01"),
                    ..none
                },
                legacy(LegacyReason::NoClaim),
            ),
            (initialized, none, legacy(LegacyReason::NoClaim)),
            (response, none, legacy(LegacyReason::NoClaim)),
            (legacy_batch, none, legacy(LegacyReason::NoClaim)),
            (
                &mixed_batch,
                none,
                Classification::Modern {
                    reason: ModernReason::EnvelopeClaim,
                    version_mismatch: Some(VersionMismatch {
                        header: None,
                        body: "2026-07-28".into(),
                    }),
                },
            ),
        ];
        for (text, headers, expected) in table {
            let classification = classify(&body(text), &headers);
            let expected_era = expected.era();
            assert_eq!(classification, expected, "{text} {headers:?}");
            assert_eq!(classification.era(), expected_era);
        }
    }

    #[test]
    fn claude_sends_a_2025_header_with_a_2026_body() {
        // https://github.com/anthropics/claude-code/issues/93290: modern wins, mismatch reported.
        let text = format!(
            r#"{{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{{"name":"x",{META}}}}}"#
        );
        let headers = RequestHeaders {
            protocol_version: Some("2025-11-25"),
            method: Some("tools/call"),
            name: Some("x"),
            session_id: None,
        };
        let classification = classify(&body(&text), &headers);
        assert_eq!(classification.era(), Era::Modern);
        assert_eq!(
            classification,
            Classification::Modern {
                reason: ModernReason::EnvelopeClaim,
                version_mismatch: Some(VersionMismatch {
                    header: Some("2025-11-25".into()),
                    body: "2026-07-28".into(),
                }),
            }
        );
    }

    #[test]
    fn the_envelope_claim_is_read_from_params_meta_only() {
        let table = [
            (
                r#"{"jsonrpc":"2.0","id":1,"method":"m","params":{"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28"}}}"#,
                true,
            ),
            (
                r#"{"jsonrpc":"2.0","id":1,"method":"m","params":{"io.modelcontextprotocol/protocolVersion":"2026-07-28"}}"#,
                false,
            ),
            (
                r#"{"jsonrpc":"2.0","id":1,"method":"m","_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28"}}"#,
                false,
            ),
            (
                r#"{"jsonrpc":"2.0","id":1,"method":"m","params":{"_meta":{"protocolVersion":"2026-07-28"}}}"#,
                false,
            ),
            (
                r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2026-07-28"}}"#,
                false,
            ),
        ];
        for (text, claimed) in table {
            let Body::Single(message) = body(text) else {
                panic!("one message")
            };
            assert_eq!(envelope_claim(&message).is_some(), claimed, "{text}");
        }
    }
}
