//! Validation of hosts a user types (a HaloPSA URL, a Syncro subdomain, an Automate server).
//!
//! The gateway sends vendor secrets to these hosts, so a typed host must be a public DNS
//! name reached over https: no IP literal, no loopback, no private or link-local name, no
//! credentials, path or query. (A public name that resolves to a private address cannot be
//! caught here; Workers' `fetch` does not reach private networks.)

use url::{Host, Url};

/// Why a typed host was refused; the message is shown next to the field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HostError {
    #[error("enter an address")]
    Empty,
    #[error("use an https:// address")]
    NotHttps,
    #[error("enter only the address, without a path, query or user name")]
    NotBare,
    #[error("use the server's DNS name, not an IP address")]
    IpLiteral,
    #[error("use the server's public DNS name; local and private names cannot be reached")]
    NotPublic,
    #[error("this is not a valid address")]
    Invalid,
    #[error("enter the part before {0}, using letters, digits and hyphens")]
    InvalidLabel(&'static str),
}

/// Suffixes of names that never resolve on the public internet.
const PRIVATE_SUFFIXES: &[&str] = &[
    "localhost",
    "local",
    "internal",
    "intranet",
    "lan",
    "home",
    "corp",
    "home.arpa",
    "test",
    "invalid",
    "example",
];

/// Normalises a typed server address to an https origin (`https://host[:port]`). A bare
/// host gets `https://`; a trailing slash is dropped.
pub fn public_https_origin(input: &str) -> Result<String, HostError> {
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Err(HostError::Empty);
    }
    let with_scheme = if trimmed.contains("://") {
        trimmed.to_owned()
    } else {
        format!("https://{trimmed}")
    };
    let url = Url::parse(&with_scheme).map_err(|_| HostError::Invalid)?;
    if url.scheme() != "https" {
        return Err(HostError::NotHttps);
    }
    if !url.username().is_empty()
        || url.password().is_some()
        || url.query().is_some()
        || url.fragment().is_some()
        || !matches!(url.path(), "" | "/")
    {
        return Err(HostError::NotBare);
    }
    match url.host() {
        Some(Host::Domain(name)) => check_public_name(name)?,
        Some(Host::Ipv4(_) | Host::Ipv6(_)) => return Err(HostError::IpLiteral),
        None => return Err(HostError::Invalid),
    }
    Ok(url.origin().ascii_serialization())
}

/// Whether a DNS name can be a public host: at least two valid labels, an alphabetic (or IDN)
/// top-level label, and no suffix reserved for local or private networks.
pub fn check_public_name(name: &str) -> Result<(), HostError> {
    let name = name.trim_end_matches('.');
    let labels: Vec<&str> = name.split('.').collect();
    if labels.len() < 2 || !labels.iter().all(|label| valid_label(label)) {
        return Err(HostError::NotPublic);
    }
    let top = labels[labels.len() - 1];
    if !top.bytes().all(|b| b.is_ascii_alphabetic()) && !top.starts_with("xn--") {
        return Err(HostError::NotPublic);
    }
    let private = PRIVATE_SUFFIXES
        .iter()
        .any(|suffix| name == *suffix || name.ends_with(&format!(".{suffix}")));
    if private {
        return Err(HostError::NotPublic);
    }
    Ok(())
}

/// One DNS label: 1–63 letters, digits or hyphens, not starting or ending with a hyphen.
pub fn valid_label(label: &str) -> bool {
    !label.is_empty()
        && label.len() <= 63
        && label
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        && !label.starts_with('-')
        && !label.ends_with('-')
}

/// The account's subdomain under a vendor's domain (`acme` for `acme.syncromsp.com`). The
/// user may type the label, the full host or its https URL.
pub fn subdomain(input: &str, suffix: &'static str) -> Result<String, HostError> {
    let mut value = input.trim().to_ascii_lowercase();
    if value.is_empty() {
        return Err(HostError::Empty);
    }
    if let Some(rest) = value.strip_prefix("https://") {
        value = rest.to_owned();
    }
    let value = value.trim_end_matches('/');
    let label = value.strip_suffix(suffix).unwrap_or(value);
    if valid_label(label) {
        Ok(label.to_owned())
    } else {
        Err(HostError::InvalidLabel(suffix))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_https_hosts_are_normalised() {
        for (input, expected) in [
            ("acme.halopsa.com", "https://acme.halopsa.com"),
            ("https://acme.halopsa.com/", "https://acme.halopsa.com"),
            ("  HTTPS://RMM.Example.COM  ", "https://rmm.example.com"),
            ("https://cw.msp.co.uk:8443", "https://cw.msp.co.uk:8443"),
        ] {
            assert_eq!(
                public_https_origin(input).as_deref(),
                Ok(expected),
                "{input}"
            );
        }
    }

    #[test]
    fn private_local_and_ip_hosts_are_refused() {
        for (input, error) in [
            ("", HostError::Empty),
            ("http://acme.halopsa.com", HostError::NotHttps),
            ("https://acme.halopsa.com/api", HostError::NotBare),
            ("https://user:pw@acme.halopsa.com", HostError::NotBare),
            ("https://acme.halopsa.com/?x=1", HostError::NotBare),
            ("127.0.0.1", HostError::IpLiteral),
            ("https://10.0.0.5", HostError::IpLiteral),
            ("https://[::1]", HostError::IpLiteral),
            ("https://0x7f.1", HostError::IpLiteral),
            ("https://2130706433", HostError::IpLiteral),
            ("localhost", HostError::NotPublic),
            ("https://rmm.localhost", HostError::NotPublic),
            ("https://server.local", HostError::NotPublic),
            ("https://automate.corp", HostError::NotPublic),
            ("https://intranet", HostError::NotPublic),
            ("https://metadata.internal", HostError::NotPublic),
            ("https://a_b.example.com", HostError::NotPublic),
        ] {
            assert_eq!(public_https_origin(input), Err(error), "{input}");
        }
    }

    #[test]
    fn subdomains_accept_a_label_host_or_url() {
        for input in [
            "acme",
            "ACME",
            "acme.syncromsp.com",
            "https://acme.syncromsp.com/",
        ] {
            assert_eq!(
                subdomain(input, ".syncromsp.com").as_deref(),
                Ok("acme"),
                "{input}"
            );
        }
        for bad in [
            "acme.evil.com",
            "-acme",
            "a b",
            "acme/..",
            "evil.com/.syncromsp.com",
        ] {
            assert!(subdomain(bad, ".syncromsp.com").is_err(), "{bad}");
        }
        assert_eq!(subdomain(" ", ".syncromsp.com"), Err(HostError::Empty));
    }
}
