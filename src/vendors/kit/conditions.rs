//! Conditions in ConnectWise's query language (PSA `conditions=`/`childConditions=`, Automate
//! `condition=`), built from values. A field name comes from the catalog, never from a user;
//! every value a user gives travels quoted and escaped (`"…"` with `\"` and `\\`), as a
//! number, as `true`/`false`, or as a date in `[…]` that only holds date characters, so no
//! words can close the string and add syntax (`docs/vendors/connectwise-psa.md`). Pure.

/// A value that cannot be put in a condition: a date that is not a date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{value}` is not a date such as 2026-11-02 or 2026-11-02T14:00:00Z")]
pub struct BadDate {
    pub value: String,
}

/// Conditions that must all hold, joined with `and`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Conditions {
    parts: Vec<String>,
}

impl Conditions {
    /// No conditions yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// `field = "value"`, when a value is given.
    pub fn text(self, field: &'static str, value: Option<&str>) -> Self {
        self.push(value.map(|value| format!("{field} = {}", quoted(value))))
    }

    /// `field like "%words%"` ("contains"), when words are given.
    pub fn like(self, field: &'static str, words: Option<&str>) -> Self {
        self.any_like(&[field], words)
    }

    /// `(a like "%words%" or b like "%words%")`: the words in any of the fields.
    pub fn any_like(self, fields: &[&'static str], words: Option<&str>) -> Self {
        self.push(words.map(|words| {
            let pattern = quoted(&format!("%{words}%"));
            let each: Vec<String> = fields
                .iter()
                .map(|field| format!("{field} like {pattern}"))
                .collect();
            match each.as_slice() {
                [one] => one.clone(),
                _ => format!("({})", each.join(" or ")),
            }
        }))
    }

    /// `field = 42`, when a number is given.
    pub fn number(self, field: &'static str, value: Option<i64>) -> Self {
        self.push(value.map(|value| format!("{field} = {value}")))
    }

    /// `field = true|false`, when a flag is given.
    pub fn flag(self, field: &'static str, value: Option<bool>) -> Self {
        self.push(value.map(|value| format!("{field} = {value}")))
    }

    /// `field >= [date]`, when a date is given; a date alone means its midnight UTC.
    pub fn since(self, field: &'static str, date: Option<&str>) -> Result<Self, BadDate> {
        let Some(date) = date else { return Ok(self) };
        let date = bracketed(date)?;
        Ok(self.push(Some(format!("{field} >= {date}"))))
    }

    fn push(mut self, part: Option<String>) -> Self {
        self.parts.extend(part);
        self
    }

    /// Whether no condition was added.
    pub fn is_empty(&self) -> bool {
        self.parts.is_empty()
    }

    /// The conditions as ConnectWise reads them, or `None` when there are none.
    pub fn build(&self) -> Option<String> {
        (!self.parts.is_empty()).then(|| self.parts.join(" and "))
    }
}

/// A string value in double quotes, with `\` and `"` escaped.
pub fn quoted(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        if matches!(c, '"' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

/// A date in brackets (`[2026-11-02T00:00:00Z]`); only digits, `-`, `:`, `.`, `T`, `Z` and
/// `+` pass, so nothing can close the bracket.
pub fn bracketed(date: &str) -> Result<String, BadDate> {
    let date = date.trim();
    let bad = || BadDate {
        value: date.to_owned(),
    };
    let allowed = |c: char| c.is_ascii_digit() || matches!(c, '-' | ':' | '.' | 'T' | 'Z' | '+');
    if date.len() < 10 || !date.chars().all(allowed) || !date.as_bytes()[0].is_ascii_digit() {
        return Err(bad());
    }
    if date.len() == 10 {
        return Ok(format!("[{date}T00:00:00Z]"));
    }
    Ok(format!("[{date}]"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_quoted_and_escaped() {
        let built = Conditions::new()
            .text("status/name", Some("New"))
            .like("summary", Some(r#"printer" or id>0) or (x="1"#))
            .build()
            .unwrap();
        assert_eq!(
            built,
            r#"status/name = "New" and summary like "%printer\" or id>0) or (x=\"1%""#
        );
        assert_eq!(
            quoted(r#"a\"b"#),
            r#""a\\\"b""#,
            "a backslash cannot eat the escape"
        );
    }

    #[test]
    fn a_value_never_ends_its_string_early() {
        // Read the string back the way ConnectWise does: up to the first unescaped quote.
        for hostile in [r#"x" or 1=1"#, r#"\"#, r#"\\" )"#, "\")(", "%\"%"] {
            let text = quoted(hostile);
            let mut chars = text[1..].chars();
            let mut read = String::new();
            while let Some(c) = chars.next() {
                match c {
                    '\\' => read.push(chars.next().unwrap()),
                    '"' => break,
                    c => read.push(c),
                }
            }
            assert_eq!(read, hostile);
            assert_eq!(
                chars.as_str(),
                "",
                "{hostile}: nothing after the closing quote"
            );
        }
    }

    #[test]
    fn numbers_flags_dates_and_groups() {
        let built = Conditions::new()
            .number("company/id", Some(250))
            .flag("closedFlag", Some(false))
            .since("lastUpdated", Some("2026-11-01"))
            .unwrap()
            .any_like(&["firstName", "lastName"], Some("ali"))
            .text("skipped", None)
            .build()
            .unwrap();
        assert_eq!(
            built,
            r#"company/id = 250 and closedFlag = false and lastUpdated >= [2026-11-01T00:00:00Z] and (firstName like "%ali%" or lastName like "%ali%")"#
        );
        assert_eq!(Conditions::new().build(), None);
        assert!(Conditions::new()
            .since("x", Some("2026-11-01] or [1"))
            .is_err());
        assert!(Conditions::new().since("x", Some("yesterday")).is_err());
        assert_eq!(
            bracketed("2026-11-02T14:00:00+01:00").unwrap(),
            "[2026-11-02T14:00:00+01:00]"
        );
    }
}
