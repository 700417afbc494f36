//! The one table of paths → handlers.
//!
//! Routing is pure: [`resolve`] maps a method and a path to a [`Route`], or says why none
//! matches, so the table is tested natively and `lib.rs` only dispatches.

/// The HTTP methods the gateway distinguishes when routing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Head,
    Post,
    Put,
    Patch,
    Delete,
    Options,
    /// Any method the gateway never serves (TRACE, CONNECT, extension methods).
    Other,
}

impl Method {
    /// Classifies a method name as sent on the wire (case-sensitive, per RFC 9110 §9.1).
    pub fn parse(name: &str) -> Self {
        match name {
            "GET" => Self::Get,
            "HEAD" => Self::Head,
            "POST" => Self::Post,
            "PUT" => Self::Put,
            "PATCH" => Self::Patch,
            "DELETE" => Self::Delete,
            "OPTIONS" => Self::Options,
            _ => Self::Other,
        }
    }
}

/// Every endpoint the gateway serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    /// `GET /` — the landing page.
    Landing,
    /// `GET /health` — liveness and build information.
    Health,
    /// `GET /health/ready` — readiness: every storage binding answers.
    Ready,
    /// `GET /static/<name>` — an embedded static asset.
    StaticAsset(&'static crate::assets::Asset),
}

/// The outcome of routing one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    /// A handler serves this method on this path.
    Matched(Route),
    /// The path exists but not for this method; `allow` lists the methods it takes.
    MethodNotAllowed { allow: &'static [&'static str] },
    /// No such path.
    NotFound,
}

/// Methods accepted by read-only pages and documents.
const READ_ONLY: &[&str] = &["GET", "HEAD"];

/// Resolves a request to its route. `HEAD` is served wherever `GET` is.
pub fn resolve(method: Method, path: &str) -> Resolution {
    let (route, allow) = match path {
        "/" => (Route::Landing, READ_ONLY),
        "/health" => (Route::Health, READ_ONLY),
        "/health/ready" => (Route::Ready, READ_ONLY),
        _ => match path.strip_prefix("/static/").and_then(crate::assets::find) {
            Some(asset) => (Route::StaticAsset(asset), READ_ONLY),
            None => return Resolution::NotFound,
        },
    };
    if matches!(method, Method::Get | Method::Head) {
        Resolution::Matched(route)
    } else {
        Resolution::MethodNotAllowed { allow }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_paths_resolve_for_get_and_head() {
        for method in [Method::Get, Method::Head] {
            assert_eq!(resolve(method, "/"), Resolution::Matched(Route::Landing));
            assert_eq!(
                resolve(method, "/health"),
                Resolution::Matched(Route::Health)
            );
            assert_eq!(
                resolve(method, "/health/ready"),
                Resolution::Matched(Route::Ready)
            );
        }
    }

    #[test]
    fn static_assets_resolve_by_name_only() {
        match resolve(Method::Get, "/static/style.css") {
            Resolution::Matched(Route::StaticAsset(asset)) => {
                assert_eq!(asset.content_type, "text/css; charset=utf-8")
            }
            other => panic!("expected the stylesheet, got {other:?}"),
        }
        assert_eq!(
            resolve(Method::Get, "/static/../Cargo.toml"),
            Resolution::NotFound
        );
        assert_eq!(resolve(Method::Get, "/static/"), Resolution::NotFound);
    }

    #[test]
    fn wrong_method_lists_what_is_allowed() {
        for method in [Method::Post, Method::Put, Method::Delete, Method::Other] {
            assert_eq!(
                resolve(method, "/health"),
                Resolution::MethodNotAllowed {
                    allow: &["GET", "HEAD"]
                }
            );
        }
    }

    #[test]
    fn unknown_paths_are_not_found_whatever_the_method() {
        assert_eq!(resolve(Method::Get, "/nope"), Resolution::NotFound);
        assert_eq!(resolve(Method::Post, "/nope"), Resolution::NotFound);
        assert_eq!(resolve(Method::Get, "/health/"), Resolution::NotFound);
        assert_eq!(resolve(Method::Get, ""), Resolution::NotFound);
    }

    #[test]
    fn methods_parse_case_sensitively() {
        assert_eq!(Method::parse("GET"), Method::Get);
        assert_eq!(Method::parse("get"), Method::Other);
        assert_eq!(Method::parse("TRACE"), Method::Other);
    }
}
