//! `application/x-www-form-urlencoded` bodies and query strings, with the OAuth rule that a
//! parameter must not appear twice (RFC 6749 §3.1 and §3.2).

/// Parsed name/value pairs, in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Form(Vec<(String, String)>);

impl Form {
    /// Parses a urlencoded body or query string.
    pub fn parse(bytes: &[u8]) -> Self {
        Self(url::form_urlencoded::parse(bytes).into_owned().collect())
    }

    /// Parses the query string of a URL (an absent query is an empty form).
    pub fn from_query(url: &url::Url) -> Self {
        Self::parse(url.query().unwrap_or("").as_bytes())
    }

    /// The first value of `name`, if present and non-empty.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, v)| v.as_str())
            .filter(|v| !v.is_empty())
    }

    /// Every value of `name`.
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(key, _)| key == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// The first of `names` that appears more than once, if any.
    pub fn repeated<'a>(&self, names: &[&'a str]) -> Option<&'a str> {
        names
            .iter()
            .copied()
            .find(|name| self.0.iter().filter(|(key, _)| key == name).count() > 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_and_finds_repeats() {
        let form = Form::parse(b"a=1&b=x%20y&a=2&empty=&scope=s+t");
        assert_eq!(form.get("a"), Some("1"));
        assert_eq!(form.get("b"), Some("x y"));
        assert_eq!(form.get("scope"), Some("s t"));
        assert_eq!(form.get("empty"), None);
        assert_eq!(form.all("a"), vec!["1", "2"]);
        assert_eq!(form.repeated(&["b", "a"]), Some("a"));
        assert_eq!(form.repeated(&["b"]), None);
        let url = url::Url::parse("https://x.example/p?return_to=%2Fsettings").unwrap();
        assert_eq!(Form::from_query(&url).get("return_to"), Some("/settings"));
        assert_eq!(
            Form::from_query(&url::Url::parse("https://x.example/").unwrap()),
            Form::default()
        );
    }
}
