//! The landing page at `/`: what the gateway is and the URL of every vendor's MCP endpoint.

use crate::vendors::{Vendor, VENDORS};
use askama::Template;

/// The page, rendered from `templates/landing.html`.
#[derive(Template)]
#[template(path = "landing.html")]
struct Landing<'a> {
    origin: &'a str,
    version: &'a str,
    vendors: &'static [Vendor],
}

/// Renders the landing page for a gateway served at `origin` (no trailing slash).
pub fn render(origin: &str, version: &str) -> String {
    super::render(&Landing {
        origin,
        version,
        vendors: VENDORS,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_every_vendor_url_under_the_origin() {
        let page = render("https://mcp.example.com", "1.2.3");
        for vendor in VENDORS {
            let url = format!("<code>https://mcp.example.com/v1/{}</code>", vendor.id);
            assert!(page.contains(&url), "missing {url}");
        }
        assert!(page.contains("1.2.3"));
        assert!(!page.contains("<script"), "the CSP allows no inline script");
    }

    #[test]
    fn the_origin_is_escaped() {
        let page = render("https://x.example/\"><b>", "v");
        assert!(!page.contains("\"><b>"));
        assert!(
            page.contains("https://x.example/&#34;&#62;&#60;b&#62;/v1/itglue"),
            "{page}"
        );
    }
}
