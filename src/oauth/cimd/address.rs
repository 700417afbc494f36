//! Which `client_id` URLs the gateway will fetch a metadata document from.
//!
//! The URL is chosen by whoever starts an authorization, so fetching it is a request to an
//! attacker-chosen address (SSRF). In production only https on port 443 to a public DNS name
//! is fetched: no IP literal, no loopback, private or link-local address, no name that only
//! resolves locally (`localhost`, `*.local`, `*.internal`, …). Development additionally allows
//! loopback hosts over http or https on any port, for local test clients. A public name that
//! resolves to a private address cannot be caught here; Workers' `fetch` does not reach
//! private networks.
//!
//! The URL must also be what the CIMD draft asks for: a path, no fragment, no credentials, and
//! written in normal form (the document's `client_id` must equal it character for character).

use crate::config::Environment;
use crate::vendors::kit::hosts;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use url::{Host, Url};

/// Why a `client_id` URL is not fetched. The messages complete "the client_id URL …".
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum AddressError {
    #[error("is not a valid URL")]
    Invalid,
    #[error("must use https")]
    NotHttps,
    #[error("must use the standard https port (443)")]
    Port,
    #[error("must not contain a user name or password")]
    Credentials,
    #[error("must not contain a fragment")]
    Fragment,
    #[error("must have a path, such as /oauth/client.json")]
    NoPath,
    #[error("must be written in normal form (lower-case host, no default port, no dot segments)")]
    NotNormal,
    #[error("names a loopback, private or link-local address")]
    Internal,
    #[error("names an IP address; use a DNS name")]
    IpLiteral,
    #[error("names a host that is not public (local, private or reserved names are refused)")]
    NotPublic,
}

/// Whether a `client_id` has the shape of a metadata document URL (rather than an id the
/// gateway issued at registration). Such ids are then checked by [`check`], so a refused URL
/// gets a precise error instead of "not registered".
pub fn is_url_shaped(client_id: &str) -> bool {
    let starts = |prefix: &str| {
        client_id
            .get(..prefix.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
    };
    starts("https://") || starts("http://")
}

/// Checks a metadata document URL and returns it parsed.
pub fn check(client_id: &str, environment: Environment) -> Result<Url, AddressError> {
    let url = Url::parse(client_id).map_err(|_| AddressError::Invalid)?;
    if !url.username().is_empty() || url.password().is_some() {
        return Err(AddressError::Credentials);
    }
    if url.fragment().is_some() {
        return Err(AddressError::Fragment);
    }
    let local_dev = environment == Environment::Development && is_loopback(&url);
    match url.scheme() {
        "https" => {}
        "http" if local_dev => {}
        _ => return Err(AddressError::NotHttps),
    }
    if !local_dev {
        if url.port_or_known_default() != Some(443) {
            return Err(AddressError::Port);
        }
        match url.host() {
            Some(Host::Domain(name)) => {
                hosts::check_public_name(name).map_err(|_| AddressError::NotPublic)?
            }
            Some(Host::Ipv4(ip)) => return Err(ip_error(IpAddr::V4(ip))),
            Some(Host::Ipv6(ip)) => return Err(ip_error(IpAddr::V6(ip))),
            None => return Err(AddressError::Invalid),
        }
    }
    if url.path() == "/" {
        return Err(AddressError::NoPath);
    }
    if url.as_str() != client_id {
        return Err(AddressError::NotNormal);
    }
    Ok(url)
}

/// The host of a metadata document URL, lowercased (as it is matched against trusted hosts).
pub fn host(client_id: &str) -> Option<String> {
    Url::parse(client_id)
        .ok()
        .and_then(|url| url.host_str().map(str::to_ascii_lowercase))
}

fn ip_error(ip: IpAddr) -> AddressError {
    if is_internal(ip) {
        AddressError::Internal
    } else {
        AddressError::IpLiteral
    }
}

/// `localhost` (and its subdomains, RFC 6761) or a loopback IP literal.
fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(Host::Domain(name)) => {
            let name = name.trim_end_matches('.').to_ascii_lowercase();
            name == "localhost" || name.ends_with(".localhost")
        }
        Some(Host::Ipv4(ip)) => ip.is_loopback(),
        Some(Host::Ipv6(ip)) => {
            ip.is_loopback() || ip.to_ipv4_mapped().is_some_and(|v4| v4.is_loopback())
        }
        None => false,
    }
}

/// Addresses that are not on the public internet: loopback, private (RFC 1918, unique local),
/// shared (CGNAT), link-local (including cloud metadata at 169.254.169.254), unspecified,
/// broadcast, documentation and multicast ranges.
pub fn is_internal(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(ip) => is_internal_v4(ip),
        IpAddr::V6(ip) => match ip.to_ipv4_mapped() {
            Some(v4) => is_internal_v4(v4),
            None => is_internal_v6(ip),
        },
    }
}

fn is_internal_v4(ip: Ipv4Addr) -> bool {
    let [a, b, ..] = ip.octets();
    ip.is_loopback()
        || ip.is_private()
        || ip.is_link_local()
        || ip.is_unspecified()
        || ip.is_broadcast()
        || ip.is_documentation()
        || ip.is_multicast()
        || a == 0
        || (a == 100 && (64..128).contains(&b))
}

fn is_internal_v6(ip: Ipv6Addr) -> bool {
    let first = ip.segments()[0];
    ip.is_loopback()
        || ip.is_unspecified()
        || ip.is_multicast()
        || (first & 0xfe00) == 0xfc00
        || (first & 0xffc0) == 0xfe80
}

#[cfg(test)]
mod tests {
    use super::*;
    use Environment::{Development, Production};

    #[test]
    fn public_https_urls_on_port_443_with_a_path_are_fetched() {
        for url in [
            "https://claude.ai/oauth/mcp-oauth-client-metadata",
            "https://app.example.com/oauth/client.json?v=2",
        ] {
            for environment in [Production, Development] {
                assert_eq!(check(url, environment).unwrap().as_str(), url);
            }
        }
    }

    #[test]
    fn production_refuses_other_schemes_ports_and_shapes() {
        for (url, expected) in [
            ("http://app.example.com/c.json", AddressError::NotHttps),
            ("ftp://app.example.com/c.json", AddressError::NotHttps),
            ("https://app.example.com:8443/c.json", AddressError::Port),
            ("https://app.example.com:80/c.json", AddressError::Port),
            (
                "https://user:pw@app.example.com/c.json",
                AddressError::Credentials,
            ),
            ("https://app.example.com/c.json#x", AddressError::Fragment),
            ("https://app.example.com", AddressError::NoPath),
            ("https://app.example.com/", AddressError::NoPath),
            ("https://App.Example.com/c.json", AddressError::NotNormal),
            (
                "https://app.example.com:443/c.json",
                AddressError::NotNormal,
            ),
            (
                "https://app.example.com/a/../c.json",
                AddressError::NotNormal,
            ),
            ("https://", AddressError::Invalid),
        ] {
            assert_eq!(check(url, Production).unwrap_err(), expected, "{url}");
        }
    }

    #[test]
    fn internal_addresses_are_refused_as_ip_literals_and_by_name() {
        for (url, expected) in [
            ("https://127.0.0.1/c.json", AddressError::Internal),
            ("https://127.1/c.json", AddressError::Internal),
            ("https://0x7f000001/c.json", AddressError::Internal),
            ("https://10.1.2.3/c.json", AddressError::Internal),
            ("https://172.16.0.1/c.json", AddressError::Internal),
            ("https://192.168.1.1/c.json", AddressError::Internal),
            (
                "https://169.254.169.254/latest/meta-data",
                AddressError::Internal,
            ),
            ("https://100.64.0.1/c.json", AddressError::Internal),
            ("https://0.0.0.0/c.json", AddressError::Internal),
            ("https://[::1]/c.json", AddressError::Internal),
            ("https://[fe80::1]/c.json", AddressError::Internal),
            ("https://[fd00::1]/c.json", AddressError::Internal),
            ("https://[::ffff:10.0.0.1]/c.json", AddressError::Internal),
            ("https://93.184.216.34/c.json", AddressError::IpLiteral),
            ("https://[2606:4700::1]/c.json", AddressError::IpLiteral),
            ("https://localhost/c.json", AddressError::NotPublic),
            ("https://api.localhost/c.json", AddressError::NotPublic),
            ("https://printer.local/c.json", AddressError::NotPublic),
            (
                "https://metadata.google.internal/c.json",
                AddressError::NotPublic,
            ),
            ("https://router.home.arpa/c.json", AddressError::NotPublic),
            ("https://intranet/c.json", AddressError::NotPublic),
        ] {
            assert_eq!(check(url, Production).unwrap_err(), expected, "{url}");
        }
    }

    #[test]
    fn development_also_allows_loopback_and_nothing_else_private() {
        for url in [
            "http://127.0.0.1:4100/client.json",
            "http://localhost:4100/client.json",
            "https://localhost/client.json",
            "http://[::1]:4100/client.json",
        ] {
            assert!(check(url, Development).is_ok(), "{url}");
            assert!(check(url, Production).is_err(), "{url} in production");
        }
        for (url, expected) in [
            ("http://10.0.0.1:4100/c.json", AddressError::NotHttps),
            ("https://10.0.0.1/c.json", AddressError::Internal),
            ("https://169.254.169.254/c.json", AddressError::Internal),
            ("http://app.example.com/c.json", AddressError::NotHttps),
            ("https://app.example.com:8443/c.json", AddressError::Port),
            ("http://127.0.0.1:4100/", AddressError::NoPath),
        ] {
            assert_eq!(check(url, Development).unwrap_err(), expected, "{url}");
        }
    }

    #[test]
    fn url_shaped_ids_are_told_apart_from_issued_ones() {
        assert!(is_url_shaped("https://app.example.com/c.json"));
        assert!(is_url_shaped("HTTP://127.0.0.1/c.json"));
        assert!(!is_url_shaped("mcp_abc123"));
        assert!(!is_url_shaped("https:"));
        assert_eq!(
            host("https://Claude.AI/oauth/x").as_deref(),
            Some("claude.ai")
        );
    }
}
