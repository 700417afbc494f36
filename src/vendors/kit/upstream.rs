//! Calls to vendor APIs, as data: the request the engine sends, the answer it gets back, and
//! every way a call can fail, with the vendor's own reason extracted and secrets redacted.
//! Pure, so request building and error mapping are tested natively; `engine.rs` sends them.

use serde::{Deserialize, Serialize};

/// HTTP methods used with vendor APIs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verb {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

impl Verb {
    /// The method name on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Post => "POST",
            Self::Put => "PUT",
            Self::Patch => "PATCH",
            Self::Delete => "DELETE",
        }
    }
}

/// A request body with its media type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Body {
    pub content_type: &'static str,
    pub text: String,
}

/// A request to a vendor: an absolute URL, headers and an optional body. `Debug` leaves out
/// header values and the body, which carry credentials.
#[derive(Clone, PartialEq, Eq)]
pub struct UpstreamRequest {
    pub method: Verb,
    pub url: String,
    pub headers: Vec<(&'static str, String)>,
    pub body: Option<Body>,
}

impl UpstreamRequest {
    /// A request with no headers and no body.
    pub fn new(method: Verb, url: impl Into<String>) -> Self {
        Self {
            method,
            url: url.into(),
            headers: Vec::new(),
            body: None,
        }
    }

    /// Adds a header.
    pub fn header(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into()));
        self
    }

    /// Sets an `application/x-www-form-urlencoded` body.
    pub fn form(mut self, pairs: &[(&str, &str)]) -> Self {
        let text = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(pairs)
            .finish();
        self.body = Some(Body {
            content_type: "application/x-www-form-urlencoded",
            text,
        });
        self
    }
}

impl std::fmt::Debug for UpstreamRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UpstreamRequest")
            .field("method", &self.method)
            .field("url", &self.url)
            .field(
                "headers",
                &self.headers.iter().map(|(n, _)| n).collect::<Vec<_>>(),
            )
            .field("body", &self.body.as_ref().map(|b| b.content_type))
            .finish()
    }
}

/// A vendor's answer.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct UpstreamResponse {
    pub status: u16,
    /// The `Retry-After` header, as sent.
    pub retry_after: Option<String>,
    /// The `Link` header (RFC 8288), as sent.
    pub link: Option<String>,
    /// The URL that was called, so next-page links are checked against the host really used.
    pub url: String,
    pub body: Vec<u8>,
}

impl UpstreamResponse {
    /// Whether the status is 2xx.
    pub fn ok(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// An answer with a status and a text body, for tests of the code that reads answers.
    #[cfg(test)]
    pub fn test(status: u16, body: &str) -> Self {
        Self {
            status,
            body: body.as_bytes().to_vec(),
            ..Self::default()
        }
    }
}

/// A short-lived vendor session from a token exchange or discovery step (Datto's access
/// token, Autotask's zone URL), cached sealed in KV. `Debug` hides the token.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VendorSession {
    /// A bearer token to send, if the exchange issued one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
    /// The API root to call instead of the vendor's default, if discovery found one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_url: Option<String>,
    /// How long the session may be cached, in seconds.
    pub ttl_seconds: u64,
}

impl std::fmt::Debug for VendorSession {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("VendorSession")
            .field("token", &self.token.as_ref().map(|_| "<redacted>"))
            .field("base_url", &self.base_url)
            .field("ttl_seconds", &self.ttl_seconds)
            .finish()
    }
}

/// Why a vendor call failed. [`UpstreamError::describe`] (and `Display`, which says "the
/// vendor") is safe to show a user: vendor reasons are redacted of the connection's secrets
/// and cut short.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UpstreamError {
    /// The vendor refused the credentials (401, or the token exchange turned them down).
    Unauthorized { reason: Option<String> },
    /// The credentials work but lack a permission (403).
    Forbidden { reason: Option<String> },
    /// The vendor's rate limit (429).
    RateLimited { retry_after_seconds: Option<u64> },
    /// The thing asked for does not exist (404).
    NotFound { reason: Option<String> },
    /// Another 4xx: the request was refused as invalid.
    Refused { status: u16, reason: Option<String> },
    /// A 5xx: the vendor is failing.
    Unavailable { status: u16, reason: Option<String> },
    /// No answer in time.
    Timeout { seconds: u64 },
    /// The request could not be sent (DNS, TLS, connection refused).
    Unreachable,
    /// A 2xx whose body is not what the vendor documents.
    InvalidResponse { detail: String },
    /// Not sent: the vendor account failed too often in a row, and its circuit breaker
    /// (`kit/breaker.rs`) holds calls back for about this many more seconds.
    CircuitOpen { retry_in_seconds: u64 },
    /// The gateway lacks an operator setting the vendor needs (ConnectWise's client id), and
    /// the connection gives no value of its own.
    NotConfigured { setting: &'static str },
    /// Not sent: the vendor account's request budget (the gateway's share of it, after the
    /// headroom left to the MSP's other integrations) is spent for now; it refills in about
    /// this many seconds (`src/governor/`).
    BudgetUsedUp { refill_in_seconds: u64 },
    /// Not sent: the gateway could not reach the vendor account's budget keeper.
    BudgetUnavailable,
}

impl std::error::Error for UpstreamError {}

impl std::fmt::Display for UpstreamError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.describe("the vendor"))
    }
}

fn reason_suffix(reason: &Option<String>) -> String {
    reason
        .as_deref()
        .map(|r| format!(": {r}"))
        .unwrap_or_default()
}

fn retry_suffix(seconds: &Option<u64>) -> String {
    match seconds {
        Some(s) => format!("; retry in {s} seconds"),
        None => "; retry in a minute".to_owned(),
    }
}

/// A refill time in words: "N seconds" under a minute, "1 minute" under two, else whole
/// minutes rounded up.
fn refill_time(seconds: u64) -> String {
    match seconds {
        0..=59 => format!("{} seconds", seconds.max(1)),
        60..=119 => "1 minute".to_owned(),
        _ => format!("{} minutes", seconds.div_ceil(60)),
    }
}

/// The longest vendor reason passed on, in characters.
const MAX_REASON_CHARS: usize = 200;

impl UpstreamError {
    /// The failure in words, naming the vendor (`Datto RMM refused these credentials: …`).
    pub fn describe(&self, vendor: &str) -> String {
        match self {
            Self::Unauthorized { reason } => {
                format!(
                    "{vendor} refused these credentials{}",
                    reason_suffix(reason)
                )
            }
            Self::Forbidden { reason } => {
                format!("{vendor} denied access{}", reason_suffix(reason))
            }
            Self::RateLimited {
                retry_after_seconds,
            } => format!(
                "{vendor}'s rate limit was reached{}",
                retry_suffix(retry_after_seconds)
            ),
            Self::NotFound { reason } => {
                format!("{vendor} found nothing there{}", reason_suffix(reason))
            }
            Self::Refused { status, reason } => format!(
                "{vendor} refused the request (HTTP {status}){}",
                reason_suffix(reason)
            ),
            Self::Unavailable { status, reason } => format!(
                "{vendor}'s API is failing (HTTP {status}){}",
                reason_suffix(reason)
            ),
            Self::Timeout { seconds } => {
                format!("{vendor} did not answer within {seconds} seconds")
            }
            Self::Unreachable => format!("{vendor}'s API could not be reached"),
            Self::InvalidResponse { detail } => {
                format!("{vendor} sent an answer the gateway does not understand ({detail})")
            }
            Self::CircuitOpen { retry_in_seconds } => format!(
                "{vendor} has been failing (server errors or no answer several times in a row), so the gateway is giving it time to recover and did not call it; try again in {retry_in_seconds} seconds"
            ),
            Self::BudgetUsedUp { refill_in_seconds } => format!(
                "{vendor} was not called: this vendor account's API budget is used up (the gateway leaves part of it to your other integrations); it refills in {}",
                refill_time(*refill_in_seconds)
            ),
            Self::BudgetUnavailable => format!(
                "{vendor} was not called: the gateway could not check this vendor account's API budget; try again in a few seconds"
            ),
            Self::NotConfigured { setting } => format!(
                "{vendor} cannot be called: the gateway's operator has not set {setting}, and this connection gives no value under Advanced"
            ),
        }
    }

    /// Maps a non-2xx answer to an error, with the vendor's reason redacted of `secrets`.
    pub fn from_response(response: &UpstreamResponse, secrets: &[&str]) -> Self {
        let reason = vendor_reason(&response.body, secrets);
        match response.status {
            401 => Self::Unauthorized { reason },
            403 => Self::Forbidden { reason },
            404 => Self::NotFound { reason },
            429 => Self::RateLimited {
                retry_after_seconds: response
                    .retry_after
                    .as_deref()
                    .and_then(retry_after_seconds),
            },
            status @ 500..=599 => Self::Unavailable { status, reason },
            status => Self::Refused { status, reason },
        }
    }

    /// The vendor's HTTP status, when it answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Unauthorized { .. } => Some(401),
            Self::Forbidden { .. } => Some(403),
            Self::RateLimited { .. } => Some(429),
            Self::NotFound { .. } => Some(404),
            Self::Refused { status, .. } | Self::Unavailable { status, .. } => Some(*status),
            Self::Timeout { .. }
            | Self::Unreachable
            | Self::InvalidResponse { .. }
            | Self::CircuitOpen { .. }
            | Self::NotConfigured { .. }
            | Self::BudgetUsedUp { .. }
            | Self::BudgetUnavailable => None,
        }
    }
}

/// The vendor's own explanation in an error body: the first of the fields vendors use
/// (`error_description`, JSON:API `errors[].detail`/`title`, `message`, `Message`, `error`),
/// or a short plain-text body. `secrets` are redacted from the whole text before it is
/// shortened, so no part of one survives a cut.
pub fn vendor_reason(body: &[u8], secrets: &[&str]) -> Option<String> {
    let text = std::str::from_utf8(body).ok()?.trim();
    if text.is_empty() {
        return None;
    }
    let reason = match serde_json::from_str::<serde_json::Value>(text) {
        Ok(json) => json_reason(&json)?,
        Err(_) if text.starts_with('<') => return None,
        Err(_) => text.to_owned(),
    };
    let reason = redact(&reason, secrets);
    let reason: String = reason.split_whitespace().collect::<Vec<_>>().join(" ");
    let cut: String = reason.chars().take(MAX_REASON_CHARS).collect();
    Some(if cut.len() < reason.len() {
        format!("{cut}…")
    } else {
        cut
    })
    .filter(|r| !r.is_empty())
}

fn json_reason(json: &serde_json::Value) -> Option<String> {
    let text = |value: &serde_json::Value| value.as_str().map(str::to_owned);
    if let Some(first) = json.get("errors").and_then(|e| e.get(0)) {
        return ["detail", "title", "message"]
            .iter()
            .find_map(|key| first.get(key).and_then(text))
            .or_else(|| text(first));
    }
    [
        "error_description",
        "message",
        "Message",
        "detail",
        "title",
        "error",
    ]
    .iter()
    .find_map(|key| json.get(key).and_then(text))
}

/// Replaces every occurrence of a secret with `[redacted]`. `secrets` are longest first, so
/// a secret containing another is replaced whole.
pub fn redact(text: &str, secrets: &[&str]) -> String {
    secrets
        .iter()
        .filter(|secret| !secret.is_empty())
        .fold(text.to_owned(), |acc, secret| {
            acc.replace(secret, "[redacted]")
        })
}

/// `Retry-After` as delay-seconds. (The HTTP-date form is rare from these vendors and is
/// treated as unknown.)
pub fn retry_after_seconds(value: &str) -> Option<u64> {
    value.trim().parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(status: u16, body: &str) -> UpstreamResponse {
        UpstreamResponse::test(status, body)
    }

    #[test]
    fn reasons_come_from_each_vendors_error_shape() {
        for (body, reason) in [
            (
                r#"{"error":"invalid_grant","error_description":"Bad credentials"}"#,
                Some("Bad credentials"),
            ),
            (
                r#"{"errors":[{"status":"401","title":"Unauthorized","detail":"Invalid API key"}]}"#,
                Some("Invalid API key"),
            ),
            (
                r#"{"errors":["Zone information could not be determined"]}"#,
                Some("Zone information could not be determined"),
            ),
            (
                r#"{"Message":"Authorization has been denied"}"#,
                Some("Authorization has been denied"),
            ),
            ("Too   many\nrequests", Some("Too many requests")),
            ("<html><body>502 Bad Gateway</body></html>", None),
            ("", None),
            (r#"{"ok":false}"#, None),
        ] {
            assert_eq!(
                vendor_reason(body.as_bytes(), &[]).as_deref(),
                reason,
                "{body}"
            );
        }
        let long = "x".repeat(500);
        assert_eq!(
            vendor_reason(long.as_bytes(), &[]).unwrap().chars().count(),
            MAX_REASON_CHARS + 1
        );
    }

    #[test]
    fn statuses_map_to_errors_and_secrets_never_pass_through() {
        let secret = "S3CR3T-value";
        let error = UpstreamError::from_response(
            &response(
                401,
                &format!(r#"{{"message":"key {secret} is not valid"}}"#),
            ),
            &[secret],
        );
        assert_eq!(
            error,
            UpstreamError::Unauthorized {
                reason: Some("key [redacted] is not valid".into())
            }
        );
        assert!(!error.to_string().contains(secret));
        assert!(matches!(
            UpstreamError::from_response(&response(503, ""), &[]),
            UpstreamError::Unavailable {
                status: 503,
                reason: None
            }
        ));
        assert!(matches!(
            UpstreamError::from_response(&response(422, "{}"), &[]),
            UpstreamError::Refused { status: 422, .. }
        ));
        let limited = UpstreamError::from_response(
            &UpstreamResponse {
                status: 429,
                retry_after: Some("17".into()),
                body: vec![],
                ..UpstreamResponse::default()
            },
            &[],
        );
        assert_eq!(
            limited.to_string(),
            "the vendor's rate limit was reached; retry in 17 seconds"
        );
        assert_eq!(limited.status(), Some(429));
        assert_eq!(UpstreamError::Timeout { seconds: 3 }.status(), None);
    }

    #[test]
    fn a_secret_across_the_cut_is_redacted_whole() {
        let secret = "S".repeat(40);
        let body = format!("{}{secret}", "x".repeat(MAX_REASON_CHARS - 10));
        let reason = vendor_reason(body.as_bytes(), &[&secret]).unwrap();
        assert!(!reason.contains("SSSS"), "{reason}");
    }

    #[test]
    fn redaction_replaces_longer_secrets_first() {
        assert_eq!(
            redact("abcdef and abc", &["abcdef", "abc"]),
            "[redacted] and [redacted]"
        );
    }

    #[test]
    fn form_bodies_are_encoded() {
        let request = UpstreamRequest::new(Verb::Post, "https://x.example/token")
            .form(&[("grant_type", "password"), ("username", "a b&c")]);
        assert_eq!(
            request.body.unwrap().text,
            "grant_type=password&username=a+b%26c"
        );
    }

    #[test]
    fn a_spent_budget_says_so_with_its_refill_time() {
        let used_up = |seconds| {
            UpstreamError::BudgetUsedUp {
                refill_in_seconds: seconds,
            }
            .describe("Autotask")
        };
        assert!(used_up(3_000).contains(
            "this vendor account's API budget is used up (the gateway leaves part of it to your other integrations); it refills in 50 minutes"
        ));
        assert!(used_up(61).ends_with("it refills in 1 minute"));
        assert!(used_up(125).ends_with("it refills in 3 minutes"));
        assert!(used_up(12).ends_with("it refills in 12 seconds"));
        assert_eq!(
            UpstreamError::BudgetUsedUp {
                refill_in_seconds: 1
            }
            .status(),
            None
        );
    }
}
