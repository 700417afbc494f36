//! The alert events and their messages: the generic JSON every alert is stored as, and the
//! Slack- and Teams-compatible bodies made from it when sent. Pure.
//!
//! An alert never carries a secret: it names the organisation, the event, the vendor, the
//! person concerned (by email) and the settings page to act on, and nothing the vendor said
//! (a vendor's error text can echo what it was sent).

use serde_json::{json, Value};

/// What an alert is about. The stored names are stable: receivers route on them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    /// A vendor refused a connection's stored keys: someone must reconnect it.
    ConnectionNeedsReconnect,
    /// Most of an organisation's calls to a vendor failed on the vendor's side lately.
    VendorFailing,
    /// A vendor quota is close to its end (arrives with the quota governor, issue 19).
    QuotaNearLimit,
    /// A change waits for someone's approval (arrives with approvals).
    ApprovalWaiting,
    /// A personal access token was created (arrives with personal access tokens; raised from
    /// the audit action `token.created`).
    TokenCreated,
    /// Someone joined the organisation.
    MemberAdded,
    /// The owner pressed "Send test alert".
    Test,
}

impl Event {
    /// Every event, for documentation and tests.
    pub const ALL: [Event; 7] = [
        Event::ConnectionNeedsReconnect,
        Event::VendorFailing,
        Event::QuotaNearLimit,
        Event::ApprovalWaiting,
        Event::TokenCreated,
        Event::MemberAdded,
        Event::Test,
    ];

    /// The name in the `event` field.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ConnectionNeedsReconnect => "connection.needs_reconnect",
            Self::VendorFailing => "vendor.failing",
            Self::QuotaNearLimit => "quota.near_limit",
            Self::ApprovalWaiting => "approval.waiting",
            Self::TokenCreated => "token.created",
            Self::MemberAdded => "member.added",
            Self::Test => "test",
        }
    }

    /// A short headline.
    pub fn title(self) -> &'static str {
        match self {
            Self::ConnectionNeedsReconnect => "A connection needs reconnecting",
            Self::VendorFailing => "A vendor is failing",
            Self::QuotaNearLimit => "A vendor quota is nearly used up",
            Self::ApprovalWaiting => "An approval is waiting",
            Self::TokenCreated => "A personal access token was created",
            Self::MemberAdded => "A member was added",
            Self::Test => "Test alert",
        }
    }

    /// The event an audit action raises, if any (`vendor.failing` comes from the usage
    /// counters instead; quotas and approvals from their features).
    pub fn from_audit(action: &str) -> Option<Self> {
        match action {
            "connection.needs_reauth" => Some(Self::ConnectionNeedsReconnect),
            "member.joined" => Some(Self::MemberAdded),
            "token.created" => Some(Self::TokenCreated),
            _ => None,
        }
    }

    /// The audit actions [`Event::from_audit`] maps.
    pub const AUDIT_ACTIONS: [&'static str; 3] =
        ["connection.needs_reauth", "member.joined", "token.created"];
}

/// How an organisation's webhook wants its messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// The generic JSON object.
    Generic,
    /// A Slack incoming webhook: `{"text": …, "blocks": […]}`.
    Slack,
    /// A Microsoft Teams workflow ("when a webhook request is received"): a message with one
    /// Adaptive Card attachment.
    Teams,
}

impl Format {
    /// Every format, in the order the settings page offers them.
    pub const ALL: [Format; 3] = [Format::Generic, Format::Slack, Format::Teams];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Generic => "generic",
            Self::Slack => "slack",
            Self::Teams => "teams",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.as_str() == text)
    }

    /// The name on the settings page.
    pub fn label(self) -> &'static str {
        match self {
            Self::Generic => "Generic JSON",
            Self::Slack => "Slack",
            Self::Teams => "Microsoft Teams",
        }
    }
}

/// One alert, before it is stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alert {
    pub event: Event,
    /// What the alert is about (a connection id, a vendor, a member): with the event, the key
    /// alerts are deduplicated on.
    pub subject: String,
    pub organisation_id: String,
    pub organisation_name: String,
    pub vendor: Option<String>,
    /// The sentence for people.
    pub text: String,
    /// Where to act.
    pub url: String,
    pub occurred_at: i64,
}

impl Alert {
    /// The key one alert per hour is allowed for.
    pub fn dedup_key(&self) -> String {
        format!("{}:{}", self.event.as_str(), self.subject)
    }

    /// The generic JSON object, as stored (the id is added when it is sent).
    pub fn generic(&self) -> Value {
        json!({
            "event": self.event.as_str(),
            "title": self.event.title(),
            "text": self.text,
            "organisation": { "id": self.organisation_id, "name": self.organisation_name },
            "vendor": self.vendor,
            "subject": self.subject,
            "url": self.url,
            "occurred_at": crate::audit::rfc3339(self.occurred_at),
            "dedup_key": self.dedup_key(),
        })
    }
}

/// The body sent for a stored alert (`generic`, with `id` added) in `format`.
pub fn body(format: Format, id: &str, generic: &Value) -> Value {
    let mut generic = generic.clone();
    generic["id"] = json!(id);
    let title = generic["title"].as_str().unwrap_or("Alert").to_owned();
    let text = generic["text"].as_str().unwrap_or_default().to_owned();
    let url = generic["url"].as_str().unwrap_or_default().to_owned();
    let organisation = generic["organisation"]["name"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    match format {
        Format::Generic => generic,
        Format::Slack => json!({
            "text": format!("{title} ({organisation}): {text} {url}"),
            "blocks": [
                { "type": "header", "text": { "type": "plain_text", "text": title } },
                { "type": "section", "text": { "type": "mrkdwn", "text": slack_escape(&text) } },
                { "type": "context", "elements": [
                    { "type": "mrkdwn", "text": format!("{} · <{}|Open settings> · {}", slack_escape(&organisation), url, id) }
                ] }
            ]
        }),
        Format::Teams => json!({
            "type": "message",
            "attachments": [{
                "contentType": "application/vnd.microsoft.card.adaptive",
                "contentUrl": null,
                "content": {
                    "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
                    "type": "AdaptiveCard",
                    "version": "1.4",
                    "body": [
                        { "type": "TextBlock", "size": "Medium", "weight": "Bolder", "text": title, "wrap": true },
                        { "type": "TextBlock", "text": text, "wrap": true },
                        { "type": "TextBlock", "text": format!("{organisation} · {id}"), "isSubtle": true, "spacing": "Small", "wrap": true }
                    ],
                    "actions": [{ "type": "Action.OpenUrl", "title": "Open settings", "url": url }]
                }
            }]
        }),
    }
}

/// Slack's mrkdwn control characters (`&`, `<`, `>`) escaped, so names cannot form links or
/// mentions.
fn slack_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn alert() -> Alert {
        Alert {
            event: Event::VendorFailing,
            subject: "datto-rmm".into(),
            organisation_id: "ten_1".into(),
            organisation_name: "Acme <MSP>".into(),
            vendor: Some("datto-rmm".into()),
            text: "Datto RMM is failing: 4 of 5 calls failed in the last 10 minutes.".into(),
            url: "https://mcp.example.com/settings/usage".into(),
            occurred_at: 1_796_083_200,
        }
    }

    #[test]
    fn event_names_are_distinct_and_audit_actions_map_back() {
        let names: std::collections::HashSet<_> = Event::ALL.iter().map(|e| e.as_str()).collect();
        assert_eq!(names.len(), Event::ALL.len());
        for action in Event::AUDIT_ACTIONS {
            assert!(Event::from_audit(action).is_some(), "{action}");
        }
        assert_eq!(Event::from_audit("tool.called"), None);
        assert_eq!(Format::parse("teams"), Some(Format::Teams));
        assert_eq!(Format::parse("xml"), None);
    }

    #[test]
    fn the_generic_alert_names_event_place_and_key() {
        let generic = alert().generic();
        assert_eq!(generic["event"], "vendor.failing");
        assert_eq!(generic["dedup_key"], "vendor.failing:datto-rmm");
        assert_eq!(generic["occurred_at"], "2026-12-01T00:00:00Z");
        let sent = body(Format::Generic, "alert_7", &generic);
        assert_eq!(sent["id"], "alert_7");
        assert_eq!(sent["url"], "https://mcp.example.com/settings/usage");
    }

    #[test]
    fn slack_and_teams_bodies_carry_the_text_and_the_link() {
        let generic = alert().generic();
        let slack = body(Format::Slack, "alert_7", &generic);
        assert!(slack["text"].as_str().unwrap().contains("settings/usage"));
        let context = slack["blocks"][2]["elements"][0]["text"].as_str().unwrap();
        assert!(context.starts_with("Acme &lt;MSP&gt;"), "{context}");
        let teams = body(Format::Teams, "alert_7", &generic);
        let card = &teams["attachments"][0]["content"];
        assert_eq!(card["type"], "AdaptiveCard");
        assert_eq!(
            card["actions"][0]["url"],
            "https://mcp.example.com/settings/usage"
        );
        assert_eq!(card["body"][1]["text"], alert().text);
    }
}
