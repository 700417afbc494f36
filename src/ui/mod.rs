//! Server-rendered pages: askama templates in `templates/`, HTML-escaped by default.

pub mod landing;
pub mod pages;

/// Renders a page. Templates are checked at compile time and every value they print is a
/// string or number, so rendering cannot fail on data; a fallback page covers the impossible.
pub fn render(page: &impl askama::Template) -> String {
    page.render()
        .unwrap_or_else(|_| String::from("<!doctype html><p>This page could not be rendered.</p>"))
}
