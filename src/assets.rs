//! Static files compiled into the Worker and served under `/static/`.
//!
//! Embedding keeps the deployment one artifact and lets every response carry the same
//! security headers; the set is small (a stylesheet, an icon), so the size cost is bytes.

/// One embedded file.
#[derive(Debug, PartialEq, Eq)]
pub struct Asset {
    /// The file name under `/static/`.
    pub name: &'static str,
    /// The `Content-Type` it is served with.
    pub content_type: &'static str,
    /// The file's bytes.
    pub body: &'static [u8],
}

/// Every file served under `/static/`.
pub static ASSETS: &[Asset] = &[
    Asset {
        name: "style.css",
        content_type: "text/css; charset=utf-8",
        body: include_bytes!("../static/style.css"),
    },
    Asset {
        name: "favicon.svg",
        content_type: "image/svg+xml",
        body: include_bytes!("../static/favicon.svg"),
    },
];

/// Finds an embedded file by its exact name.
pub fn find(name: &str) -> Option<&'static Asset> {
    ASSETS.iter().find(|asset| asset.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_asset_is_found_by_name_and_is_not_empty() {
        for asset in ASSETS {
            assert_eq!(find(asset.name), Some(asset));
            assert!(!asset.body.is_empty(), "{} is empty", asset.name);
        }
        assert_eq!(
            find("index.html"),
            None,
            "page templates are rendered, not served raw"
        );
    }
}
