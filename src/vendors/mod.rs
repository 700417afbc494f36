//! The vendors the gateway fronts: [`VENDORS`], the only registry.
//!
//! A vendor is one folder of data (`docs/ARCHITECTURE.md`): its identity and connect form
//! (`<vendor>/mod.rs`), and once its tools land, its [`Api`]: how the API is reached and
//! authenticated (`<vendor>/api.rs`) together with its tool catalog (`<vendor>/tools.rs`), so
//! tools without an API, or an API without tools, cannot be written. The shared work is the
//! kit's (`kit/`, pure) and the engine's (`engine.rs`, the I/O), written once.

pub mod engine;
pub mod kit;

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

use crate::tools::Catalog;
use kit::api::Upstream;
use kit::fields::Field;

/// A vendor: its identity, its connect form and, once its tools exist, its API.
#[derive(Debug)]
pub struct Vendor {
    /// The path segment in `/v1/<id>`; stable, lowercase, hyphenated.
    pub id: &'static str,
    /// The product name as the vendor writes it.
    pub name: &'static str,
    /// What the product is, in a few words, for the landing page.
    pub category: &'static str,
    /// What every tool name of the vendor starts with (`datto_`, `autotask_`).
    pub tool_prefix: &'static str,
    /// The connect form.
    pub connect: Connect,
    /// The API and its tools; `None` until the vendor's tools land.
    pub api: Option<&'static Api>,
}

impl PartialEq for Vendor {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id
    }
}
impl Eq for Vendor {}

impl Vendor {
    /// The vendor's tools, if it has any.
    pub fn catalog(&self) -> Option<&'static Catalog> {
        self.api.map(|api| &api.catalog)
    }
}

/// What the connect page asks for and how it helps the user find it.
#[derive(Debug)]
pub struct Connect {
    /// The vendor's API documentation.
    pub docs_url: &'static str,
    /// Where in the vendor's own UI the credentials are made.
    pub instructions: &'static str,
    pub fields: &'static [Field],
}

/// A vendor's API: how it is called, and the tools that call it.
#[derive(Debug)]
pub struct Api {
    pub upstream: Upstream,
    pub catalog: Catalog,
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
    use super::kit::fields::FieldKind;
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
            [
                "server",
                "username",
                "password",
                "two_factor_passcode",
                "client_id"
            ]
        );
        assert_eq!(names("xyte"), ["api_key"]);
    }
}
