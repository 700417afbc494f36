//! The HTTP-level checks of an MCP request, pure: what the client accepts, whether the body
//! is JSON, and whether a browser origin may call. Each failure names its status.

/// What the `Accept` header allows in answer to a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Accepts {
    pub json: bool,
    pub event_stream: bool,
}

impl Accepts {
    /// Reads `Accept`. A missing header or a wildcard accepts both (Claude's backend was seen
    /// sending `*/*`, reference §2.2.6); otherwise the listed types count, ignoring `q=0`.
    pub fn parse(header: Option<&str>) -> Self {
        let Some(header) = header else {
            return Self {
                json: true,
                event_stream: true,
            };
        };
        let mut accepts = Self {
            json: false,
            event_stream: false,
        };
        for item in header.split(',') {
            let mut parts = item.split(';').map(str::trim);
            let media = parts.next().unwrap_or_default().to_ascii_lowercase();
            let refused = parts.any(|p| {
                p.strip_prefix("q=")
                    .and_then(|q| q.parse::<f32>().ok())
                    .is_some_and(|q| q == 0.0)
            });
            if refused {
                continue;
            }
            match media.as_str() {
                "*/*" => {
                    accepts.json = true;
                    accepts.event_stream = true;
                }
                "application/*" | "application/json" => accepts.json = true,
                "text/*" | "text/event-stream" => accepts.event_stream = true,
                _ => {}
            }
        }
        accepts
    }

    /// Whether any answer can be given at all (else 406).
    pub fn any(self) -> bool {
        self.json || self.event_stream
    }
}

/// Whether `Content-Type` says JSON (`application/json`, any parameters).
pub fn is_json(content_type: Option<&str>) -> bool {
    content_type
        .and_then(|value| value.split(';').next())
        .is_some_and(|media| media.trim().eq_ignore_ascii_case("application/json"))
}

/// Whether a request's `Origin` may call the MCP endpoint (reference §2.1.1): none (a
/// server-side client), the gateway's own origin, or one the operator allowed. Anything else,
/// `null` included, is refused with 403 to stop DNS rebinding.
pub fn origin_allowed(origin: Option<&str>, own: &str, allowed: &[String]) -> bool {
    match origin {
        None => true,
        Some(origin) => {
            let origin = origin.trim_end_matches('/');
            origin.eq_ignore_ascii_case(own)
                || allowed.iter().any(|a| a.eq_ignore_ascii_case(origin))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_header_forms() {
        let both = Accepts {
            json: true,
            event_stream: true,
        };
        assert_eq!(Accepts::parse(None), both);
        assert_eq!(Accepts::parse(Some("*/*")), both);
        assert_eq!(
            Accepts::parse(Some("application/json, text/event-stream")),
            both
        );
        assert_eq!(
            Accepts::parse(Some("application/json")),
            Accepts {
                json: true,
                event_stream: false
            }
        );
        assert_eq!(
            Accepts::parse(Some("TEXT/EVENT-STREAM;q=0.9")),
            Accepts {
                json: false,
                event_stream: true
            }
        );
        assert!(!Accepts::parse(Some("text/html")).any());
        assert!(!Accepts::parse(Some("application/json;q=0")).any());
    }

    #[test]
    fn json_content_type() {
        assert!(is_json(Some("application/json")));
        assert!(is_json(Some("Application/JSON; charset=utf-8")));
        assert!(!is_json(Some("text/plain")));
        assert!(!is_json(Some("application/jsonx")));
        assert!(!is_json(None));
    }

    #[test]
    fn origins() {
        let own = "https://mcp.example.com";
        let allowed = vec!["http://localhost:6274".to_owned()];
        assert!(origin_allowed(None, own, &allowed));
        assert!(origin_allowed(
            Some("https://mcp.example.com"),
            own,
            &allowed
        ));
        assert!(origin_allowed(Some("http://localhost:6274"), own, &allowed));
        assert!(!origin_allowed(Some("https://evil.example"), own, &allowed));
        assert!(!origin_allowed(Some("null"), own, &allowed));
        assert!(!origin_allowed(
            Some("https://mcp.example.com.evil.example"),
            own,
            &allowed
        ));
    }
}
