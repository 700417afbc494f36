//! The landing page at `/`: what the gateway is and the URL of every vendor's MCP endpoint.

use super::{escape, fill};
use crate::vendors::VENDORS;

const TEMPLATE: &str = include_str!("../../static/index.html");

/// Renders the landing page for a gateway served at `origin` (no trailing slash).
pub fn render(origin: &str, version: &str) -> String {
    let rows: String = VENDORS
        .iter()
        .map(|vendor| {
            let url = format!("{origin}/v1/{}", vendor.id);
            format!(
                "<li><span class=\"vendor\">{name}</span> <span class=\"category\">{category}</span><code>{url}</code></li>\n",
                name = escape(vendor.name),
                category = escape(vendor.category),
                url = escape(&url),
            )
        })
        .collect();
    fill(
        TEMPLATE,
        &[
            ("vendor_rows", &rows),
            ("example_url", &escape(&format!("{origin}/v1/datto-rmm"))),
            ("version", &escape(version)),
        ],
    )
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
        assert!(page.contains("&quot;&gt;&lt;b&gt;"));
    }
}
