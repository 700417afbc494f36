//! Validation of the URLs an owner types for alerts and audit streaming, by the rules every
//! typed host follows (`src/vendors/kit/hosts.rs`): https to a public DNS name, no IP literal,
//! no local or private name, no credentials in the URL. Unlike a vendor host, a webhook URL
//! keeps its path and query (Slack, Teams and Splunk HEC URLs have both) and may name a port
//! (Splunk HEC listens on 8088). In development only, `http` or `https` to a loopback host
//! (`localhost`, `127.0.0.1`, `[::1]`) is accepted too, for local receivers and tests.

use crate::vendors::kit::hosts::{check_public_name, HostError};
use url::{Host, Url};

/// The longest URL accepted.
pub const MAX_URL_CHARS: usize = 2_048;

/// Why a webhook URL was refused; the message is shown next to the field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UrlError {
    #[error("enter the receiver's URL")]
    Empty,
    #[error("the URL is longer than {MAX_URL_CHARS} characters")]
    TooLong,
    #[error("this is not a valid URL")]
    Invalid,
    #[error("use an https:// URL")]
    NotHttps,
    #[error("put credentials in the token field, not in the URL")]
    Credentials,
    #[error("remove the #fragment: it is never sent")]
    Fragment,
    #[error("use the receiver's DNS name, not an IP address")]
    IpLiteral,
    #[error("use the receiver's public DNS name; local and private names cannot be reached")]
    NotPublic,
}

impl From<HostError> for UrlError {
    fn from(_: HostError) -> Self {
        Self::NotPublic
    }
}

/// Checks a typed URL; `development` lets loopback receivers through.
pub fn validate(input: &str, development: bool) -> Result<Url, UrlError> {
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Err(UrlError::Empty);
    }
    if trimmed.chars().count() > MAX_URL_CHARS {
        return Err(UrlError::TooLong);
    }
    let url = Url::parse(trimmed).map_err(|_| UrlError::Invalid)?;
    if !url.username().is_empty() || url.password().is_some() {
        return Err(UrlError::Credentials);
    }
    if url.fragment().is_some() {
        return Err(UrlError::Fragment);
    }
    let loopback = match url.host() {
        Some(Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        Some(Host::Ipv4(ip)) => ip.is_loopback(),
        Some(Host::Ipv6(ip)) => ip.is_loopback(),
        None => return Err(UrlError::Invalid),
    };
    if development && loopback && matches!(url.scheme(), "http" | "https") {
        return Ok(url);
    }
    if url.scheme() != "https" {
        return Err(UrlError::NotHttps);
    }
    match url.host() {
        Some(Host::Domain(name)) => check_public_name(name)?,
        Some(Host::Ipv4(_) | Host::Ipv6(_)) => return Err(UrlError::IpLiteral),
        None => return Err(UrlError::Invalid),
    }
    Ok(url)
}

/// What the settings page shows of a URL: its host (and port), never the path or query,
/// which for Slack and Teams are the credential.
pub fn display_host(url: &Url) -> String {
    match (url.host_str(), url.port()) {
        (Some(host), Some(port)) => format!("{host}:{port}"),
        (Some(host), None) => host.to_owned(),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_https_urls_keep_path_query_and_port() {
        let url = validate("https://hooks.slack.com/services/T000/B000/XXXX", false).unwrap();
        assert_eq!(url.path(), "/services/T000/B000/XXXX");
        assert_eq!(display_host(&url), "hooks.slack.com");
        let hec = validate(
            "https://splunk.msp.example.com:8088/services/collector/event?channel=x",
            false,
        )
        .unwrap();
        assert_eq!(display_host(&hec), "splunk.msp.example.com:8088");
    }

    #[test]
    fn production_refuses_http_private_loopback_and_credentials() {
        let refused = |input: &str| validate(input, false).unwrap_err();
        assert_eq!(refused(""), UrlError::Empty);
        assert_eq!(refused("http://hooks.example.com/x"), UrlError::NotHttps);
        assert_eq!(refused("https://127.0.0.1/x"), UrlError::IpLiteral);
        assert_eq!(refused("https://10.0.0.8/x"), UrlError::IpLiteral);
        assert_eq!(refused("https://[::1]/x"), UrlError::IpLiteral);
        assert_eq!(refused("https://localhost/x"), UrlError::NotPublic);
        assert_eq!(refused("https://siem.corp/x"), UrlError::NotPublic);
        assert_eq!(refused("https://printer.local/x"), UrlError::NotPublic);
        assert_eq!(
            refused("https://user:pw@hooks.example.com/x"),
            UrlError::Credentials
        );
        assert_eq!(refused("https://hooks.example.com/x#y"), UrlError::Fragment);
        assert_eq!(refused("hooks.example.com/x"), UrlError::Invalid);
        assert_eq!(refused("ftp://hooks.example.com/x"), UrlError::NotHttps);
        let long = format!("https://hooks.example.com/{}", "a".repeat(MAX_URL_CHARS));
        assert_eq!(refused(&long), UrlError::TooLong);
    }

    #[test]
    fn development_lets_loopback_receivers_through_and_nothing_else() {
        assert!(validate("http://127.0.0.1:8123/hook", true).is_ok());
        assert!(validate("http://localhost:8123/hook", true).is_ok());
        assert!(validate("http://[::1]:8123/hook", true).is_ok());
        assert_eq!(
            validate("http://10.0.0.8/hook", true).unwrap_err(),
            UrlError::NotHttps
        );
        assert_eq!(
            validate("https://192.168.1.2/hook", true).unwrap_err(),
            UrlError::IpLiteral
        );
        assert_eq!(
            validate("http://127.0.0.1:8123/hook", false).unwrap_err(),
            UrlError::NotHttps
        );
    }
}
