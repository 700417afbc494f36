//! The vendors the gateway fronts.
//!
//! A vendor is mostly data (see `docs/ARCHITECTURE.md`): this module holds the registry of
//! vendor identities that routing, discovery and the pages share. Connection fields, upstream
//! authentication and tool tables join each entry as those features land.

/// A vendor's identity: the URL segment it is served under and how people call it.
#[derive(Debug, PartialEq, Eq)]
pub struct Vendor {
    /// The path segment in `/v1/<id>`; stable, lowercase, hyphenated.
    pub id: &'static str,
    /// The product name as the vendor writes it.
    pub name: &'static str,
    /// What the product is, in a few words, for the landing page.
    pub category: &'static str,
}

/// Every vendor, in the order the landing page lists them.
pub static VENDORS: &[Vendor] = &[
    Vendor {
        id: "datto-rmm",
        name: "Datto RMM",
        category: "Remote monitoring and management",
    },
    Vendor {
        id: "itglue",
        name: "IT Glue",
        category: "IT documentation",
    },
    Vendor {
        id: "autotask",
        name: "Autotask PSA",
        category: "Professional services automation",
    },
    Vendor {
        id: "halopsa",
        name: "HaloPSA",
        category: "Professional services automation",
    },
    Vendor {
        id: "syncro",
        name: "Syncro",
        category: "PSA and RMM",
    },
    Vendor {
        id: "atera",
        name: "Atera",
        category: "RMM and helpdesk",
    },
    Vendor {
        id: "superops",
        name: "SuperOps",
        category: "PSA and RMM",
    },
    Vendor {
        id: "connectwise-psa",
        name: "ConnectWise PSA",
        category: "Professional services automation",
    },
    Vendor {
        id: "connectwise-automate",
        name: "ConnectWise Automate",
        category: "Remote monitoring and management",
    },
    Vendor {
        id: "xyte",
        name: "Xyte",
        category: "Device management platform",
    },
];

/// Looks a vendor up by its path segment.
pub fn find(id: &str) -> Option<&'static Vendor> {
    VENDORS.iter().find(|vendor| vendor.id == id)
}

#[cfg(test)]
mod tests {
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
}
