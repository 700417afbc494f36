//! Redirect URI rules: what a client may register, and how a request's `redirect_uri` is
//! matched against the registration (OAuth 2.1 §2.3.1 and §8.4.2, RFC 8252 §7.3).

use url::{Host, Url};

/// Why a redirect URI cannot be registered.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RedirectUriError {
    #[error("{0} is not an absolute URL")]
    NotAbsolute(String),
    #[error("{0} must use https (http is allowed only for localhost and 127.0.0.1)")]
    Insecure(String),
    #[error("{0} must not contain a fragment")]
    Fragment(String),
    #[error("{0} must not contain user credentials")]
    Credentials(String),
    #[error(
        "a redirect URI must not contain spaces, tabs, line breaks or other control characters"
    )]
    Whitespace,
    #[error("{given} is not written the way it would be matched; register {canonical}")]
    NotCanonical { given: String, canonical: String },
}

/// Whether `url` is an http URL on a loopback host, for which any port is accepted.
fn is_loopback_http(url: &Url) -> bool {
    url.scheme() == "http"
        && match url.host() {
            Some(Host::Domain(domain)) => domain.eq_ignore_ascii_case("localhost"),
            Some(Host::Ipv4(ip)) => ip.is_loopback(),
            Some(Host::Ipv6(ip)) => ip.is_loopback(),
            None => false,
        }
}

/// Validates one redirect URI a client registers. It must be written exactly as it will be
/// matched and delivered to: a URL parser drops tabs and line breaks and repairs `https:///cb`
/// into `https://cb/`, so anything it would rewrite is refused rather than stored as sent.
pub fn validate_registration(uri: &str) -> Result<Url, RedirectUriError> {
    if uri.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(RedirectUriError::Whitespace);
    }
    let url = Url::parse(uri).map_err(|_| RedirectUriError::NotAbsolute(uri.to_owned()))?;
    if url.as_str() != uri {
        return Err(RedirectUriError::NotCanonical {
            given: uri.to_owned(),
            canonical: url.to_string(),
        });
    }
    if url.fragment().is_some() {
        return Err(RedirectUriError::Fragment(uri.to_owned()));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(RedirectUriError::Credentials(uri.to_owned()));
    }
    match url.scheme() {
        "https" if url.host().is_some() => Ok(url),
        "http" if is_loopback_http(&url) => Ok(url),
        // Private-use schemes (RFC 8252 §7.1) for native apps, e.g. `com.example.app:/cb`.
        scheme if scheme.contains('.') && !matches!(scheme, "http" | "https") => Ok(url),
        _ => Err(RedirectUriError::Insecure(uri.to_owned())),
    }
}

/// Whether a request's `redirect_uri` matches one registered value: exact string match, except
/// that loopback http URIs match on any port (RFC 8252 §7.3).
pub fn matches(registered: &str, requested: &str) -> bool {
    if registered == requested {
        return true;
    }
    let (Ok(registered), Ok(requested)) = (Url::parse(registered), Url::parse(requested)) else {
        return false;
    };
    if !is_loopback_http(&registered) || !is_loopback_http(&requested) {
        return false;
    }
    registered.host() == requested.host()
        && registered.path() == requested.path()
        && registered.query() == requested.query()
        && requested.fragment().is_none()
}

/// The registered URI a request's `redirect_uri` resolves to, if any.
pub fn find_match<'a>(registered: &'a [String], requested: &str) -> Option<&'a str> {
    registered
        .iter()
        .map(String::as_str)
        .find(|uri| matches(uri, requested))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn https_loopback_and_private_schemes_register() {
        for uri in [
            "https://claude.ai/api/mcp/auth_callback",
            "https://claude.com/api/mcp/auth_callback",
            "http://localhost:3334/oauth/callback",
            "http://127.0.0.1/callback",
            "http://[::1]:6276/oauth/callback",
            "com.example.app:/oauth2redirect",
        ] {
            validate_registration(uri).unwrap_or_else(|e| panic!("{uri}: {e}"));
        }
    }

    #[test]
    fn insecure_or_odd_uris_are_refused() {
        assert!(matches!(
            validate_registration("http://evil.example/cb"),
            Err(RedirectUriError::Insecure(_))
        ));
        assert!(matches!(
            validate_registration("http://localhost.evil.example/cb"),
            Err(RedirectUriError::Insecure(_))
        ));
        assert!(matches!(
            validate_registration("javascript:alert(1)"),
            Err(RedirectUriError::Insecure(_))
        ));
        assert!(matches!(
            validate_registration("https://a.example/cb#frag"),
            Err(RedirectUriError::Fragment(_))
        ));
        assert!(matches!(
            validate_registration("https://user@a.example/cb"),
            Err(RedirectUriError::Credentials(_))
        ));
        assert!(matches!(
            validate_registration("/relative"),
            Err(RedirectUriError::NotAbsolute(_))
        ));
    }

    #[test]
    fn what_is_registered_is_exactly_what_is_delivered_to() {
        for uri in [
            "https://app.example/c\rb",
            "https://app.example/c\nb",
            "https://app.example/c\tb",
            "https://app.example/c b",
        ] {
            assert_eq!(
                validate_registration(uri),
                Err(RedirectUriError::Whitespace),
                "{uri:?}"
            );
        }
        assert_eq!(
            validate_registration("https:///cb"),
            Err(RedirectUriError::NotCanonical {
                given: "https:///cb".into(),
                canonical: "https://cb/".into()
            })
        );
        assert!(matches!(
            validate_registration("https://APP.example/cb"),
            Err(RedirectUriError::NotCanonical { .. })
        ));
        assert!(matches!(
            validate_registration("https://app.example"),
            Err(RedirectUriError::NotCanonical { canonical, .. }) if canonical == "https://app.example/"
        ));
    }

    #[test]
    fn loopback_matches_on_any_port_but_nothing_else_varies() {
        let registered = "http://127.0.0.1:3000/callback";
        assert!(matches(registered, "http://127.0.0.1:51234/callback"));
        assert!(matches(registered, "http://127.0.0.1/callback"));
        assert!(!matches(registered, "http://127.0.0.1:3000/other"));
        assert!(
            !matches(registered, "http://localhost:3000/callback"),
            "host must match"
        );
        assert!(!matches(registered, "http://127.0.0.1:3000/callback?x=1"));
    }

    #[test]
    fn non_loopback_matching_is_exact() {
        let registered = "https://claude.ai/api/mcp/auth_callback";
        assert!(matches(registered, registered));
        assert!(!matches(
            registered,
            "https://claude.ai/api/mcp/auth_callback/"
        ));
        assert!(!matches(
            registered,
            "https://claude.ai:444/api/mcp/auth_callback"
        ));
        assert!(!matches(
            registered,
            "https://CLAUDE.ai/api/mcp/auth_callback"
        ));
        assert!(!matches(
            registered,
            "https://claude.ai/api/mcp/auth_callback?next=https://evil"
        ));
    }
}
