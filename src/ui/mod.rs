//! Server-rendered pages. Every value placed in a page goes through [`escape`].

pub mod landing;
pub mod pages;

/// Escapes text for HTML element content and double-quoted attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            _ => out.push(c),
        }
    }
    out
}

/// Fills `{{name}}` slots in a page template with already-escaped HTML.
///
/// Every slot must be filled and every value must have a slot: a mismatch is a programming
/// error caught by the page's unit tests, so it panics.
pub fn fill(template: &str, slots: &[(&str, &str)]) -> String {
    let mut page = template.to_owned();
    for (name, html) in slots {
        let marker = format!("{{{{{name}}}}}");
        assert!(page.contains(&marker), "template has no slot {marker}");
        page = page.replace(&marker, html);
    }
    assert!(!page.contains("{{"), "template has an unfilled slot");
    page
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_neutralises_markup_and_quotes() {
        assert_eq!(
            escape(r#"<a href="x" onclick='y'>&</a>"#),
            "&lt;a href=&quot;x&quot; onclick=&#x27;y&#x27;&gt;&amp;&lt;/a&gt;"
        );
        assert_eq!(escape("plain text"), "plain text");
    }

    #[test]
    fn fill_replaces_every_slot() {
        assert_eq!(
            fill("<p>{{a}} {{b}}</p>", &[("a", "1"), ("b", "2")]),
            "<p>1 2</p>"
        );
    }

    #[test]
    #[should_panic(expected = "unfilled slot")]
    fn fill_rejects_a_forgotten_slot() {
        fill("<p>{{a}} {{b}}</p>", &[("a", "1")]);
    }
}
