//! The vendors the gateway fronts.
//!
//! A vendor is mostly data (`docs/ARCHITECTURE.md`): one file per vendor declares its
//! identity, the connect form ([`Connect`]) and how its API is reached and authenticated
//! ([`Upstream`]). The shared work — sending, timeouts, token caching, error mapping and
//! secret redaction — is the engine's (`engine.rs`), written once.

pub mod engine;
pub mod fields;
pub mod hosts;
pub mod retry;
pub mod upstream;

mod atera;
mod autotask;
mod connectwise_automate;
mod connectwise_psa;
mod datto_rmm;
mod halopsa;
mod itglue;
mod superops;
mod syncro;
mod xyte;

use fields::{Credentials, Field};
use upstream::{UpstreamError, UpstreamRequest, UpstreamResponse, VendorSession, Verb};

/// A vendor: its identity, its connect form and, once its API is wired, how to call it.
#[derive(Debug)]
pub struct Vendor {
    /// The path segment in `/v1/<id>`; stable, lowercase, hyphenated.
    pub id: &'static str,
    /// The product name as the vendor writes it.
    pub name: &'static str,
    /// What the product is, in a few words, for the landing page.
    pub category: &'static str,
    /// The connect form.
    pub connect: Connect,
    /// How the vendor's API is called; `None` until the vendor's tools land.
    pub upstream: Option<&'static Upstream>,
}

impl PartialEq for Vendor {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id
    }
}
impl Eq for Vendor {}

/// What the connect page asks for and how it helps the user find it.
#[derive(Debug)]
pub struct Connect {
    /// The vendor's API documentation.
    pub docs_url: &'static str,
    /// Where in the vendor's own UI the credentials are made.
    pub instructions: &'static str,
    pub fields: &'static [Field],
}

/// How a vendor's API is reached and authenticated.
#[derive(Debug)]
pub struct Upstream {
    /// The API root for these credentials (the platform, region or server they name).
    /// `UPSTREAM_OVERRIDES` replaces it for sandboxes and local mocks.
    pub base_url: fn(&Credentials) -> String,
    /// A token exchange or discovery step run before calls, cached sealed.
    pub session: Option<SessionExchange>,
    /// The headers that authenticate each call.
    pub auth: Auth,
    /// The cheapest authenticated call, used by "Test connection".
    pub verify: Option<Verify>,
    /// The media type of JSON request bodies (`application/vnd.api+json` for JSON:API).
    pub json_type: &'static str,
}

/// A token exchange (Datto's password grant) or discovery step (Autotask's zone lookup).
#[derive(Debug)]
pub struct SessionExchange {
    /// The request, given the credentials and the API root.
    pub request: fn(&Credentials, &str) -> UpstreamRequest,
    /// Reads the vendor's answer (2xx or not) into a session, given the API root and the
    /// secret values to redact from any vendor reason.
    pub parse: fn(&UpstreamResponse, &str, &[&str]) -> Result<VendorSession, UpstreamError>,
}

/// How each call is authenticated.
#[derive(Debug)]
pub enum Auth {
    /// One header carrying a credential field, after a fixed prefix (`Bearer `, or none).
    Header {
        name: &'static str,
        prefix: &'static str,
        field: &'static str,
    },
    /// `Authorization: Bearer <token>` from the vendor session.
    SessionBearer,
    /// Anything else (several headers, Basic, a session token plus a client id).
    Custom(HeaderFn),
}

/// Headers computed from the credentials and the vendor session.
pub type Headers = Vec<(&'static str, String)>;
/// A vendor's own way of authenticating a call.
pub type HeaderFn = fn(&Credentials, Option<&VendorSession>) -> Headers;

impl Auth {
    /// The headers for one call.
    pub fn headers(&self, credentials: &Credentials, session: Option<&VendorSession>) -> Headers {
        match self {
            Self::Header {
                name,
                prefix,
                field,
            } => vec![(name, format!("{prefix}{}", credentials.get(field)))],
            Self::SessionBearer => session
                .and_then(|s| s.token.as_deref())
                .map(|token| vec![("authorization", format!("Bearer {token}"))])
                .unwrap_or_default(),
            Self::Custom(headers) => headers(credentials, session),
        }
    }
}

/// "Test connection": one read-only call and how to read its answer.
#[derive(Debug)]
pub struct Verify {
    /// The path (and query) under the API root.
    pub path: &'static str,
    /// Checks a 2xx body; `Ok(Some(name))` names the account the keys belong to.
    pub check: fn(&[u8]) -> Result<Option<String>, String>,
}

/// A call to the vendor's API.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    pub method: Verb,
    /// The path and query under the API root, or an absolute URL that has been checked to be
    /// on the API's own origin (a vendor's next-page link).
    pub path: String,
    /// A JSON body, sent with the vendor's JSON media type.
    pub body: Option<serde_json::Value>,
}

impl Call {
    /// A GET.
    pub fn get(path: impl Into<String>) -> Self {
        Self {
            method: Verb::Get,
            path: path.into(),
            body: None,
        }
    }

    /// A call with a method and an optional JSON body.
    pub fn with(method: Verb, path: impl Into<String>, body: Option<serde_json::Value>) -> Self {
        Self {
            method,
            path: path.into(),
            body,
        }
    }

    /// Whether a failed attempt may be repeated: only reads. Datto's quick-job `PUT` creates
    /// a job each time, so the RFC 9110 idempotent methods are not enough.
    pub fn retryable(&self) -> bool {
        self.method == Verb::Get
    }
}

/// Every vendor, in the order the landing page lists them.
pub static VENDORS: &[Vendor] = &[
    datto_rmm::VENDOR,
    itglue::VENDOR,
    autotask::VENDOR,
    halopsa::VENDOR,
    syncro::VENDOR,
    atera::VENDOR,
    superops::VENDOR,
    connectwise_psa::VENDOR,
    connectwise_automate::VENDOR,
    xyte::VENDOR,
];

/// Looks a vendor up by its path segment.
pub fn find(id: &str) -> Option<&'static Vendor> {
    VENDORS.iter().find(|vendor| vendor.id == id)
}

#[cfg(test)]
mod tests {
    use super::fields::FieldKind;
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn ids_are_unique_url_safe_segments() {
        let mut seen = HashSet::new();
        for vendor in VENDORS {
            assert!(seen.insert(vendor.id), "duplicate vendor id {}", vendor.id);
            assert!(
                vendor
                    .id
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b == b'-'),
                "{} is not a lowercase hyphenated segment",
                vendor.id
            );
        }
        assert_eq!(VENDORS.len(), 10);
    }

    #[test]
    fn find_is_exact() {
        assert_eq!(find("itglue").map(|v| v.name), Some("IT Glue"));
        assert_eq!(find("ITGLUE"), None);
        assert_eq!(find(""), None);
    }

    #[test]
    fn every_connect_form_is_complete_and_helpful() {
        for vendor in VENDORS {
            let connect = &vendor.connect;
            assert!(connect.docs_url.starts_with("https://"), "{}", vendor.id);
            assert!(connect.instructions.len() > 40, "{}", vendor.id);
            assert!(!connect.fields.is_empty(), "{}", vendor.id);
            assert!(
                connect
                    .fields
                    .iter()
                    .any(|f| matches!(f.kind, FieldKind::Secret)),
                "{} asks for no secret",
                vendor.id
            );
            let mut names = HashSet::new();
            for field in connect.fields {
                assert!(
                    names.insert(field.name),
                    "{}: {} twice",
                    vendor.id,
                    field.name
                );
                assert!(
                    !field.label.is_empty() && !field.help.is_empty(),
                    "{}: {}",
                    vendor.id,
                    field.name
                );
                assert!(
                    field
                        .name
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b == b'_'),
                    "{}: {}",
                    vendor.id,
                    field.name
                );
                if let FieldKind::Choice(choices) = field.kind {
                    assert!(choices.len() >= 2, "{}: {}", vendor.id, field.name);
                }
            }
        }
    }

    #[test]
    fn the_fields_match_each_vendors_documented_credentials() {
        let names = |id: &str| -> Vec<&str> {
            find(id)
                .unwrap()
                .connect
                .fields
                .iter()
                .map(|f| f.name)
                .collect()
        };
        assert_eq!(names("datto-rmm"), ["api_key", "api_secret", "platform"]);
        assert_eq!(names("itglue"), ["api_key", "region"]);
        assert_eq!(
            names("autotask"),
            ["username", "secret", "integration_code"]
        );
        assert_eq!(
            names("halopsa"),
            ["url", "tenant", "client_id", "client_secret"]
        );
        assert_eq!(names("syncro"), ["subdomain", "api_token"]);
        assert_eq!(names("atera"), ["api_key"]);
        assert_eq!(
            names("superops"),
            ["api_token", "subdomain", "region", "edition"]
        );
        assert_eq!(
            names("connectwise-psa"),
            [
                "site",
                "company_id",
                "public_key",
                "private_key",
                "client_id"
            ]
        );
        assert_eq!(
            names("connectwise-automate"),
            ["server", "username", "password", "client_id"]
        );
        assert_eq!(names("xyte"), ["api_key"]);
    }
}
