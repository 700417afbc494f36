//! The base-protocol utilities of reference §1.7: ping, cancellation and progress.
//!
//! - `ping` exists in the legacy era only (2026-07-28 removed it); the answer is an empty
//!   result.
//! - `notifications/cancelled` names the request to stop. On modern Streamable HTTP closing the
//!   response stream is the cancellation and the notification is not sent; in legacy sessions
//!   clients send it explicitly.
//! - A request opts in to progress with `params._meta.progressToken`; the server then may send
//!   `notifications/progress` with an increasing `progress`, and stops after the response.

use serde_json::{json, Map, Value};

use super::jsonrpc::{ErrorCode, ErrorObject, Id, Message, Notification, Response};

/// `ping`.
pub const PING: &str = "ping";
/// `notifications/cancelled`.
pub const CANCELLED: &str = "notifications/cancelled";
/// `notifications/progress`.
pub const PROGRESS: &str = "notifications/progress";

/// The answer to a `ping` request: `{"jsonrpc":"2.0","id":…,"result":{}}`.
pub fn pong(id: Id) -> Response {
    Response::success(id, json!({}))
}

/// A `notifications/cancelled` the client sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cancellation {
    /// The id of the request to cancel.
    pub request_id: Id,
    /// Why, if the client said.
    pub reason: Option<String>,
}

impl Cancellation {
    /// Reads a cancellation; `None` when the message is not one or its `requestId` is not a
    /// string or integer. Nothing answers a notification, and receivers may ignore a
    /// cancellation they cannot use, so a malformed one is simply ignored.
    pub fn from_message(message: &Message) -> Option<Self> {
        let Message::Notification(notification) = message else {
            return None;
        };
        if notification.method != CANCELLED {
            return None;
        }
        let params = notification.params.as_ref()?;
        Some(Self {
            request_id: params.get("requestId").and_then(Id::from_value)?,
            reason: params
                .get("reason")
                .and_then(Value::as_str)
                .map(str::to_owned),
        })
    }
}

/// The `progressToken` a request opted in with, if any. A token that is not a string or an
/// integer is `-32602`.
pub fn progress_token(message: &Message) -> Result<Option<Id>, ErrorObject> {
    match message.meta().and_then(|meta| meta.get("progressToken")) {
        None => Ok(None),
        Some(value) => Id::from_value(value).map(Some).ok_or_else(|| {
            ErrorObject::new(
                ErrorCode::InvalidParams,
                "Invalid params: _meta.progressToken must be a string or an integer",
            )
        }),
    }
}

/// One `notifications/progress` the server sends.
#[derive(Debug, Clone, PartialEq)]
pub struct Progress {
    /// The request's token.
    pub token: Id,
    /// Progress so far; must increase from one notification to the next and be finite.
    pub progress: f64,
    /// The total, if known.
    pub total: Option<f64>,
    /// A human-readable status line.
    pub message: Option<String>,
}

impl Progress {
    /// The notification. A non-finite number cannot be written in JSON and would come out as
    /// `null`; callers report finite counts.
    pub fn to_notification(&self) -> Notification {
        let mut params = Map::new();
        params.insert("progressToken".into(), self.token.to_value());
        params.insert("progress".into(), json!(self.progress));
        if let Some(total) = self.total {
            params.insert("total".into(), json!(total));
        }
        if let Some(message) = &self.message {
            params.insert("message".into(), Value::String(message.clone()));
        }
        Notification::new(PROGRESS, params)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(text: &str) -> Message {
        crate::mcp::jsonrpc::single_message(text)
    }

    #[test]
    fn pong_echoes_the_id() {
        for id in [Id::from("123"), Id::from(7)] {
            let answer = serde_json::to_value(pong(id.clone())).unwrap();
            assert_eq!(
                answer,
                json!({"jsonrpc": "2.0", "id": id.to_value(), "result": {}})
            );
        }
    }

    #[test]
    fn cancellations() {
        let table = [
            (
                r#"{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":"123","reason":"User requested cancellation"}}"#,
                Some(Cancellation {
                    request_id: Id::from("123"),
                    reason: Some("User requested cancellation".into()),
                }),
            ),
            (
                r#"{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":4}}"#,
                Some(Cancellation {
                    request_id: Id::from(4),
                    reason: None,
                }),
            ),
            (
                r#"{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":1.5}}"#,
                None,
            ),
            (
                r#"{"jsonrpc":"2.0","method":"notifications/cancelled","params":{}}"#,
                None,
            ),
            (
                r#"{"jsonrpc":"2.0","method":"notifications/cancelled"}"#,
                None,
            ),
            (
                r#"{"jsonrpc":"2.0","method":"notifications/progress","params":{"requestId":4}}"#,
                None,
            ),
            (
                r#"{"jsonrpc":"2.0","id":1,"method":"notifications/cancelled","params":{"requestId":4}}"#,
                None,
            ),
        ];
        for (text, expected) in table {
            assert_eq!(
                Cancellation::from_message(&message(text)),
                expected,
                "{text}"
            );
        }
    }

    #[test]
    fn progress_tokens() {
        let table = [
            (r#"{"progressToken":"abc"}"#, Ok(Some(Id::from("abc")))),
            (r#"{"progressToken":42}"#, Ok(Some(Id::from(42)))),
            (r#"{}"#, Ok(None)),
            (r#"{"progressToken":null}"#, Err(-32602)),
            (r#"{"progressToken":1.5}"#, Err(-32602)),
            (r#"{"progressToken":{}}"#, Err(-32602)),
        ];
        for (meta, expected) in table {
            let text = format!(
                r#"{{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{{"_meta":{meta}}}}}"#
            );
            let got = progress_token(&message(&text)).map_err(|error| error.code);
            assert_eq!(got, expected, "{meta}");
        }
        let bare = message(r#"{"jsonrpc":"2.0","id":1,"method":"tools/list"}"#);
        assert_eq!(progress_token(&bare), Ok(None));
    }

    #[test]
    fn progress_notifications() {
        let full = Progress {
            token: Id::from("abc123"),
            progress: 50.0,
            total: Some(100.0),
            message: Some("Reticulating splines...".into()),
        };
        assert_eq!(
            serde_json::to_value(full.to_notification()).unwrap(),
            json!({"jsonrpc": "2.0", "method": "notifications/progress", "params": {
                "progressToken": "abc123", "progress": 50.0, "total": 100.0,
                "message": "Reticulating splines..."}})
        );
        let bare = Progress {
            token: Id::from(9),
            progress: 0.25,
            total: None,
            message: None,
        };
        assert_eq!(
            serde_json::to_value(bare.to_notification()).unwrap(),
            json!({"jsonrpc": "2.0", "method": "notifications/progress", "params": {
                "progressToken": 9, "progress": 0.25}})
        );
    }
}
