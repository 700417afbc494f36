//! The compact text rendering of a tool result, for clients and models that read only text:
//! a count line and one line per record for lists, `field: value` lines for a record. The
//! fields shown are the tool's `summary`, most telling first. Pure.

use serde_json::Value;

/// The most records a list rendering shows line by line.
const MAX_LINES: usize = 100;
/// The longest value shown; longer ones are cut with an ellipsis.
const MAX_VALUE_CHARS: usize = 160;

/// Renders a result.
pub fn text(result: &Value, summary: &[&str]) -> String {
    match (
        result.get("items").and_then(Value::as_array),
        result.get("count"),
    ) {
        (Some(items), Some(_)) => list(items, result, summary),
        _ => record(result, summary),
    }
}

fn list(items: &[Value], result: &Value, summary: &[&str]) -> String {
    let truncated = result["truncated"].as_bool() == Some(true);
    let total = result["total"].as_u64();
    let shown = match (items.len(), total) {
        (1, None) => "1 record".to_owned(),
        (n, None) => format!("{n} records"),
        (n, Some(total)) => format!("{n} of {total} records"),
    };
    let mut out = match (items.len(), truncated) {
        (0, false) => "No records found.".to_owned(),
        (0, true) => format!("{shown} (none fetched: give a `limit` to list them)."),
        (_, false) => format!("{shown}."),
        (_, true) if result.get("next_cursor").is_some() => {
            format!("{shown} (more exist: pass `next_cursor` as `cursor` to go on, or narrow the filters).")
        }
        (_, true) => format!("{shown} (more exist: raise `limit` or narrow the filters)."),
    };
    for item in items.iter().take(MAX_LINES) {
        out.push_str("\n- ");
        out.push_str(&line(item, summary));
    }
    if items.len() > MAX_LINES {
        out.push_str(&format!(
            "\n… {} more in the structured result.",
            items.len() - MAX_LINES
        ));
    }
    out
}

fn line(item: &Value, summary: &[&str]) -> String {
    let parts: Vec<String> = summary
        .iter()
        .filter_map(|field| lookup(item, field).map(|value| format!("{field}: {value}")))
        .collect();
    if parts.is_empty() {
        shorten(&item.to_string())
    } else {
        parts.join(" · ")
    }
}

fn record(result: &Value, summary: &[&str]) -> String {
    let Value::Object(object) = result else {
        return shorten(&result.to_string());
    };
    let mut lines: Vec<String> = summary
        .iter()
        .filter_map(|field| lookup(result, field).map(|value| format!("{field}: {value}")))
        .collect();
    // Then every other plain field, so nothing simple is only in the structured result.
    for (key, value) in object {
        if summary.contains(&key.as_str()) {
            continue;
        }
        if let Some(value) = scalar(value) {
            lines.push(format!("{key}: {value}"));
        } else if !value.is_null() {
            lines.push(format!("{key}: {}", shorten(&value.to_string())));
        }
    }
    lines.join("\n")
}

fn lookup(value: &Value, path: &str) -> Option<String> {
    path.split('.')
        .try_fold(value, |value, key| value.get(key))
        .and_then(scalar)
}

fn scalar(value: &Value) -> Option<String> {
    match value {
        Value::String(text) if !text.is_empty() => Some(shorten(text)),
        Value::Number(number) => Some(number.to_string()),
        Value::Bool(flag) => Some(flag.to_string()),
        _ => None,
    }
}

fn shorten(text: &str) -> String {
    let flat: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if flat.chars().count() <= MAX_VALUE_CHARS {
        flat
    } else {
        let cut: String = flat.chars().take(MAX_VALUE_CHARS).collect();
        format!("{cut}…")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn lists_show_a_count_and_summary_lines() {
        let result = json!({"count": 2, "total": 9, "truncated": true, "next_cursor": "k1.x", "items": [
            {"hostname": "NW-DC01", "uid": "u1", "deviceType": {"category": "Server"}, "noise": 1},
            {"hostname": "NW-WS", "uid": "u2"}
        ]});
        let text = text(&result, &["hostname", "uid", "deviceType.category"]);
        assert_eq!(
            text,
            "2 of 9 records (more exist: pass `next_cursor` as `cursor` to go on, or narrow the filters).\n- hostname: NW-DC01 · uid: u1 · deviceType.category: Server\n- hostname: NW-WS · uid: u2"
        );
        assert_eq!(
            super::text(&json!({"count": 0, "truncated": false, "items": []}), &[]),
            "No records found."
        );
        assert_eq!(
            super::text(
                &json!({"count": 0, "total": 260, "truncated": true, "items": []}),
                &[]
            ),
            "0 of 260 records (none fetched: give a `limit` to list them)."
        );
        assert_eq!(
            super::text(
                &json!({"count": 1, "total": null, "truncated": false, "items": [{"a": 1}]}),
                &["a"]
            ),
            "1 record.\n- a: 1"
        );
    }

    #[test]
    fn records_show_summary_first_then_other_plain_fields() {
        let result = json!({"uid": "u", "hostname": "H", "online": true, "nested": {"a": 1}, "empty": null, "note": "line\nbreak"});
        let text = text(&result, &["hostname", "uid"]);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "hostname: H");
        assert_eq!(lines[1], "uid: u");
        assert!(lines.contains(&"online: true"));
        assert!(lines.contains(&"nested: {\"a\":1}"));
        assert!(lines.contains(&"note: line break"));
        assert!(!text.contains("empty"));
    }

    #[test]
    fn long_values_are_cut() {
        let long = "x".repeat(500);
        let text = text(&json!({"note": long}), &["note"]);
        assert!(text.chars().count() < 200 && text.ends_with('…'));
    }
}
