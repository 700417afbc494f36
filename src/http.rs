//! Response building shared by every handler: JSON bodies, the error shape, and the headers
//! every response carries.

use serde::Serialize;
use worker::{Headers, Response, Result};

/// The Content-Security-Policy on every response: pages load only this origin's stylesheet
/// and images, run no script, and cannot be framed.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; style-src 'self'; img-src 'self'; \
     form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// The policy for a page whose form ends in a redirect to `target` (the consent page, whose
/// decision redirects to the client): browsers apply `form-action` to that redirect too, so
/// the target's origin (or, for an app's private URI scheme, the scheme) must be allowed.
pub fn policy_allowing_form_target(target: &str) -> String {
    let source = match url::Url::parse(target) {
        Ok(url) if matches!(url.scheme(), "http" | "https") => url.origin().ascii_serialization(),
        Ok(url) => format!("{}:", url.scheme()),
        Err(_) => String::new(),
    };
    let allowed = if source.is_empty() || source.contains([';', ',', ' ', '\'', '"']) {
        "'self'".to_owned()
    } else {
        format!("'self' {source}")
    };
    CONTENT_SECURITY_POLICY.replace("form-action 'self'", &format!("form-action {allowed}"))
}

/// Headers set on every response, whatever its type.
pub fn baseline_headers(https: bool) -> Vec<(&'static str, &'static str)> {
    let mut headers = vec![
        ("content-security-policy", CONTENT_SECURITY_POLICY),
        ("x-content-type-options", "nosniff"),
        ("x-frame-options", "DENY"),
        ("referrer-policy", "no-referrer"),
        ("cross-origin-opener-policy", "same-origin"),
    ];
    if https {
        headers.push((
            "strict-transport-security",
            "max-age=63072000; includeSubDomains",
        ));
    }
    headers
}

/// The body of every error the gateway answers with outside JSON-RPC and OAuth flows.
#[derive(Debug, Serialize)]
pub struct ErrorBody<'a> {
    /// A stable, machine-readable code such as `not_found`.
    pub error: &'a str,
    /// What went wrong and what to do, for a person.
    pub error_description: &'a str,
}

/// A JSON response with the given status.
pub fn json<T: Serialize>(status: u16, body: &T) -> Result<Response> {
    Ok(Response::from_json(body)?.with_status(status))
}

/// A JSON error response: `{"error": code, "error_description": description}`.
pub fn error(status: u16, code: &str, description: &str) -> Result<Response> {
    json(
        status,
        &ErrorBody {
            error: code,
            error_description: description,
        },
    )
}

/// 429 with `Retry-After` and a JSON error body.
pub fn too_many_requests(description: &str, retry_after_seconds: u64) -> Result<Response> {
    let mut response = error(429, "rate_limited", description)?;
    set_header(
        &mut response,
        "retry-after",
        &retry_after_seconds.to_string(),
    )?;
    Ok(response)
}

/// The client's address as Cloudflare reports it (`local` under `wrangler dev` without one).
pub fn client_ip(req: &worker::Request) -> String {
    req.headers()
        .get("cf-connecting-ip")
        .ok()
        .flatten()
        .unwrap_or_else(|| "local".to_owned())
}

/// An HTML page with the given status.
pub fn html(status: u16, body: String) -> Result<Response> {
    Ok(Response::from_html(body)?.with_status(status))
}

/// A redirect with `status` (302 or 303) to `location`.
pub fn redirect(status: u16, location: &str) -> Result<Response> {
    let mut response = Response::empty()?.with_status(status);
    response.headers_mut().set("location", location)?;
    Ok(response)
}

/// Adds a header value without replacing earlier ones (for `Set-Cookie`).
pub fn append_header(response: &mut Response, name: &str, value: &str) -> Result<()> {
    response.headers_mut().append(name, value)
}

/// Sets a header on a response, replacing any earlier value.
pub fn set_header(response: &mut Response, name: &str, value: &str) -> Result<()> {
    response.headers_mut().set(name, value)
}

/// Applies the headers every response carries, plus its request id.
pub fn finish(mut response: Response, request_id: &str, https: bool) -> Result<Response> {
    let headers: &mut Headers = response.headers_mut();
    // A handler may have set a narrower or page-specific policy; every other header is fixed.
    let own_policy = headers.has("content-security-policy")?;
    for (name, value) in baseline_headers(https) {
        if name == "content-security-policy" && own_policy {
            continue;
        }
        headers.set(name, value)?;
    }
    headers.set("x-request-id", request_id)?;
    if !headers.has("cache-control")? {
        headers.set("cache-control", "no-store")?;
    }
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hsts_only_over_https() {
        let names = |https| {
            baseline_headers(https)
                .into_iter()
                .map(|(n, _)| n)
                .collect::<Vec<_>>()
        };
        assert!(names(true).contains(&"strict-transport-security"));
        assert!(!names(false).contains(&"strict-transport-security"));
    }

    #[test]
    fn the_consent_policy_lets_the_decision_reach_the_client_only() {
        let policy = policy_allowing_form_target("http://127.0.0.1:33418/callback?x=1");
        assert!(
            policy.contains("form-action 'self' http://127.0.0.1:33418;"),
            "{policy}"
        );
        assert!(policy.contains("default-src 'none'") && policy.contains("frame-ancestors 'none'"));
        assert!(
            policy_allowing_form_target("cursor://anysphere.cursor-retrieval/oauth/callback")
                .contains("form-action 'self' cursor:;")
        );
        assert!(policy_allowing_form_target("com.example.app:/callback")
            .contains("form-action 'self' com.example.app:;"));
        assert!(policy_allowing_form_target("not a url").contains("form-action 'self';"));
    }

    #[test]
    fn the_policy_forbids_script_and_framing() {
        assert!(CONTENT_SECURITY_POLICY.contains("default-src 'none'"));
        assert!(CONTENT_SECURITY_POLICY.contains("frame-ancestors 'none'"));
        assert!(!CONTENT_SECURITY_POLICY.contains("script-src"));
    }
}
