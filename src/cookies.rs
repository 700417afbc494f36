//! Reading the `Cookie` header and writing `Set-Cookie` values for the gateway's `__Host-`
//! cookies (Secure, Path=/, no Domain: bound to this exact host).

/// The value of cookie `name` in a `Cookie` header.
pub fn get<'a>(header: Option<&'a str>, name: &str) -> Option<&'a str> {
    header?
        .split(';')
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.trim())
}

/// A `Set-Cookie` value: HttpOnly, Secure, SameSite=Lax, host-only; `max_age` in seconds.
pub fn set(name: &str, value: &str, max_age: i64) -> String {
    format!("{name}={value}; Path=/; Max-Age={max_age}; HttpOnly; Secure; SameSite=Lax")
}

/// A `Set-Cookie` value that deletes the cookie.
pub fn clear(name: &str) -> String {
    set(name, "", 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_cookies_by_exact_name() {
        let header = Some("a=1; __Host-mgw_session=abc ; ab=2");
        assert_eq!(get(header, "__Host-mgw_session"), Some("abc"));
        assert_eq!(get(header, "a"), Some("1"));
        assert_eq!(get(header, "b"), None);
        assert_eq!(get(None, "a"), None);
    }

    #[test]
    fn host_cookies_are_locked_down() {
        let cookie = set("__Host-x", "v", 60);
        for part in ["Path=/", "HttpOnly", "Secure", "SameSite=Lax", "Max-Age=60"] {
            assert!(cookie.contains(part), "{cookie} lacks {part}");
        }
        assert!(!cookie.contains("Domain"));
        assert!(clear("__Host-x").contains("Max-Age=0"));
    }
}
