//! The SQL `halopsa_run_report` accepts: one read-only `SELECT` (or `WITH … SELECT`) over
//! Halo's reporting database, sent through `POST /api/Report` with `_loadreportonly`
//! (`docs/vendors/halopsa.md`, "Reports"). Halo runs reports under a read-only role; this
//! check is the gateway's own, so a model cannot even ask for more.
//!
//! Accepted: one statement, starting with `SELECT` or `WITH`, an optional `;` at the very end,
//! string literals (`'…'` with `''` inside), quoted identifiers (`"…"`, `[…]`).
//! Refused: a comment of either kind (`--`, `/* */`: a comment can hide a second statement
//! from a reader), a `;` anywhere but the end, and any word that changes data or reaches
//! outside the query (`INSERT`, `UPDATE`, `DELETE`, `MERGE`, `INTO`, `EXEC`, `DROP`, …) outside
//! quotes. Pure.

/// Words that never appear, outside quotes, in a read-only query.
const FORBIDDEN: &[&str] = &[
    "insert",
    "update",
    "delete",
    "merge",
    "upsert",
    "into",
    "drop",
    "alter",
    "create",
    "truncate",
    "rename",
    "exec",
    "execute",
    "call",
    "grant",
    "revoke",
    "deny",
    "declare",
    "set",
    "use",
    "begin",
    "commit",
    "rollback",
    "transaction",
    "tran",
    "save",
    "waitfor",
    "shutdown",
    "kill",
    "backup",
    "restore",
    "dbcc",
    "bulk",
    "reconfigure",
    "openrowset",
    "openquery",
    "opendatasource",
    "openxml",
    "writetext",
    "updatetext",
    "readtext",
    "checkpoint",
    "go",
];

/// Why a query is refused; the text tells the model what to change.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SqlError {
    #[error("is empty; give one SELECT statement")]
    Empty,
    #[error("must start with SELECT (or WITH … SELECT); only read-only queries run")]
    NotSelect,
    #[error("holds a comment (`--` or `/* */`); remove it, since comments are not accepted")]
    Comment,
    #[error("holds more than one statement (a `;` before the end); send one SELECT")]
    SecondStatement,
    #[error("uses {0}, which is not allowed: only read-only SELECT queries run")]
    Forbidden(String),
    #[error("has an unclosed quote or bracket")]
    Unclosed,
    #[error("calls a stored procedure ({0}); only read-only SELECT queries run")]
    Procedure(String),
}

/// Checks a query and returns it as it will be sent (trimmed, without a final `;`).
pub fn check(sql: &str) -> Result<String, SqlError> {
    let text = sql.trim();
    let words = scan(text)?;
    let body = text.trim_end_matches(|c: char| c == ';' || c.is_whitespace());
    let first = words.first().ok_or(SqlError::Empty)?;
    if first != "select" && first != "with" {
        return Err(SqlError::NotSelect);
    }
    if first == "with" && !words.iter().any(|w| w == "select") {
        return Err(SqlError::NotSelect);
    }
    for word in &words {
        if FORBIDDEN.contains(&word.as_str()) {
            return Err(SqlError::Forbidden(word.to_uppercase()));
        }
        if word.starts_with("sp_") || word.starts_with("xp_") {
            return Err(SqlError::Procedure(word.clone()));
        }
    }
    Ok(body.to_owned())
}

/// The words of the query outside quotes, lowercased; refuses comments, a `;` before the
/// end and unclosed quotes.
fn scan(text: &str) -> Result<Vec<String>, SqlError> {
    let chars: Vec<char> = text.chars().collect();
    let mut words = Vec::new();
    let mut word = String::new();
    let mut i = 0;
    let flush = |word: &mut String, words: &mut Vec<String>| {
        if !word.is_empty() {
            words.push(std::mem::take(word).to_lowercase());
        }
    };
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        match c {
            '\'' | '"' | '[' => {
                flush(&mut word, &mut words);
                let close = if c == '[' { ']' } else { c };
                i += 1;
                loop {
                    match chars.get(i) {
                        None => return Err(SqlError::Unclosed),
                        // A doubled quote is one quote inside the literal.
                        Some(&q) if q == close && chars.get(i + 1) == Some(&close) => i += 2,
                        Some(&q) if q == close => break,
                        Some(_) => i += 1,
                    }
                }
            }
            '-' if next == Some('-') => return Err(SqlError::Comment),
            '/' if next == Some('*') => return Err(SqlError::Comment),
            '*' if next == Some('/') => return Err(SqlError::Comment),
            '#' => return Err(SqlError::Comment),
            ';' => {
                if chars[i + 1..]
                    .iter()
                    .any(|c| !c.is_whitespace() && *c != ';')
                {
                    return Err(SqlError::SecondStatement);
                }
                flush(&mut word, &mut words);
                break;
            }
            c if c.is_alphanumeric() || c == '_' || c == '@' || c == '$' => word.push(c),
            _ => flush(&mut word, &mut words),
        }
        i += 1;
    }
    flush(&mut word, &mut words);
    Ok(words)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_selects_pass_as_sent() {
        for (sql, sent) in [
            ("SELECT COUNT(*) AS total FROM FAULTS", "SELECT COUNT(*) AS total FROM FAULTS"),
            ("  select Aareadesc, count(*) from faults f join area a on a.aarea = f.areaint group by Aareadesc;  ", "select Aareadesc, count(*) from faults f join area a on a.aarea = f.areaint group by Aareadesc"),
            ("WITH open AS (SELECT * FROM FAULTS WHERE status <> 9) SELECT COUNT(*) FROM open", "WITH open AS (SELECT * FROM FAULTS WHERE status <> 9) SELECT COUNT(*) FROM open"),
            ("SELECT 'update; drop -- /*' AS label, [delete] FROM t", "SELECT 'update; drop -- /*' AS label, [delete] FROM t"),
            ("SELECT 'it''s' AS x, \"Insert Date\" FROM t WHERE a = 'x'", "SELECT 'it''s' AS x, \"Insert Date\" FROM t WHERE a = 'x'"),
            ("SELECT updated_at, dateinserted FROM t", "SELECT updated_at, dateinserted FROM t"),
        ] {
            assert_eq!(check(sql).as_deref(), Ok(sent), "{sql}");
        }
    }

    #[test]
    fn writes_are_refused() {
        assert_eq!(
            check("UPDATE FAULTS SET status = 9"),
            Err(SqlError::NotSelect)
        );
        assert_eq!(
            check("SELECT * FROM t; UPDATE FAULTS SET status = 9"),
            Err(SqlError::SecondStatement)
        );
        assert_eq!(check("SELECT 1; SELECT 2"), Err(SqlError::SecondStatement));
        assert_eq!(
            check("SELECT * INTO copy FROM FAULTS"),
            Err(SqlError::Forbidden("INTO".into()))
        );
        assert_eq!(
            check("WITH x AS (SELECT 1) DELETE FROM FAULTS"),
            Err(SqlError::Forbidden("DELETE".into()))
        );
        assert_eq!(
            check("SELECT 1 EXEC('DROP TABLE FAULTS')"),
            Err(SqlError::Forbidden("EXEC".into()))
        );
        assert_eq!(
            check("SELECT * FROM sp_who"),
            Err(SqlError::Procedure("sp_who".into()))
        );
        assert_eq!(check("   ;"), Err(SqlError::Empty));
        assert_eq!(check("WITH x AS (1)"), Err(SqlError::NotSelect));
    }

    #[test]
    fn comments_that_could_hide_a_write_are_refused() {
        for sql in [
            "SELECT 1 --\nUPDATE FAULTS SET status = 9",
            "SELECT 1 /* harmless */",
            "SELECT 1 /*; UPDATE FAULTS SET status = 9 */",
            "SELECT * FROM t WHERE a = 1 -- ; DELETE FROM t",
            "SELECT 1 */",
            "SELECT 1 # mysql comment",
        ] {
            assert_eq!(check(sql), Err(SqlError::Comment), "{sql}");
        }
    }

    #[test]
    fn unclosed_quotes_are_refused() {
        for sql in ["SELECT 'abc", "SELECT [abc", "SELECT \"x"] {
            assert_eq!(check(sql), Err(SqlError::Unclosed), "{sql}");
        }
    }
}
