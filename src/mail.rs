//! Outgoing mail: sign-up and password reset links, through the sender `MAIL_SENDER` names.
//!
//! In development the `log` sender writes each mail as one JSON line (`"event": "mail"`) and
//! sends nothing, so tests read the links from the log; production refuses `log` because those
//! lines hold links that act as passwords. The API sender posts `{from, to, subject, text}` with
//! the key as a bearer token. Failures are logged with the mail's kind only, never the
//! recipient, the text or the key.

use crate::config::{Config, MailSender};
use futures::future::{select, Either};
use serde_json::json;
use std::time::Duration;
use worker::{AbortController, Delay, Fetch, Headers, Method, Request, RequestInit};

/// One message to one person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mail {
    /// What the mail is for, in logs: `sign_up`, `already_registered`, `password_reset`.
    pub kind: &'static str,
    pub to: String,
    pub subject: String,
    /// Plain text; links are written out in full.
    pub text: String,
}

/// Why a mail was not handed over.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MailError {
    #[error("no mail sender is configured (MAIL_SENDER)")]
    NotConfigured,
    #[error("the mail API could not be reached")]
    Unreachable,
    #[error("the mail API did not answer within {seconds} s")]
    Timeout { seconds: u64 },
    #[error("the mail API refused the mail with status {status}")]
    Refused { status: u16 },
}

/// The development log line of a mail (the `log` sender).
pub fn log_line(mail: &Mail) -> String {
    json!({
        "event": "mail",
        "kind": mail.kind,
        "to": mail.to,
        "subject": mail.subject,
        "text": mail.text,
    })
    .to_string()
}

/// The JSON body a mail API receives.
pub fn api_body(from: &str, mail: &Mail) -> String {
    json!({ "from": from, "to": mail.to, "subject": mail.subject, "text": mail.text }).to_string()
}

/// Hands a mail to the configured sender.
pub async fn send(config: &Config, mail: &Mail) -> Result<(), MailError> {
    match &config.mail_sender {
        MailSender::Off => Err(MailError::NotConfigured),
        MailSender::Log => {
            worker::console_log!("{}", log_line(mail));
            Ok(())
        }
        MailSender::Api { url, from, key } => {
            let seconds = config.upstream_timeout as u64;
            let status = post(url, key.expose(), &api_body(from, mail), seconds).await?;
            if (200..300).contains(&status) {
                Ok(())
            } else {
                Err(MailError::Refused { status })
            }
        }
    }
}

/// Posts the body and returns the answer's status, giving up after `seconds`.
async fn post(url: &str, key: &str, body: &str, seconds: u64) -> Result<u16, MailError> {
    let headers = Headers::new();
    let bearer = format!("Bearer {key}");
    for (name, value) in [
        ("authorization", bearer.as_str()),
        ("content-type", "application/json"),
        ("accept", "application/json"),
    ] {
        headers
            .set(name, value)
            .map_err(|_| MailError::Unreachable)?;
    }
    let mut init = RequestInit::new();
    init.with_method(Method::Post)
        .with_headers(headers)
        .with_body(Some(body.into()));
    let request = Request::new_with_init(url, &init).map_err(|_| MailError::Unreachable)?;
    let controller = AbortController::default();
    let signal = controller.signal();
    let exchange = Box::pin(async {
        let mut response = Fetch::Request(request).send_with_signal(&signal).await?;
        // Read the answer so the connection is released; its content is not needed.
        let _ = response.bytes().await;
        Ok::<_, worker::Error>(response.status_code())
    });
    let outcome = select(
        exchange,
        Box::pin(Delay::from(Duration::from_secs(seconds))),
    )
    .await;
    match outcome {
        Either::Left((Ok(status), _)) => Ok(status),
        Either::Left((Err(_), _)) => Err(MailError::Unreachable),
        Either::Right(_) => {
            controller.abort();
            Err(MailError::Timeout { seconds })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mail() -> Mail {
        Mail {
            kind: "password_reset",
            to: "tech@msp.example".into(),
            subject: "Reset your password".into(),
            text: "Open https://mcp.example.com/reset-password?token=rst_x\n".into(),
        }
    }

    #[test]
    fn the_log_line_is_one_line_of_json_with_the_whole_mail() {
        let line = log_line(&mail());
        assert!(!line.contains('\n'));
        let parsed: serde_json::Value = serde_json::from_str(&line).unwrap();
        assert_eq!(parsed["event"], "mail");
        assert_eq!(parsed["kind"], "password_reset");
        assert_eq!(parsed["to"], "tech@msp.example");
        assert_eq!(parsed["text"], mail().text);
    }

    #[test]
    fn the_api_body_names_sender_recipient_subject_and_text_only() {
        let parsed: serde_json::Value =
            serde_json::from_str(&api_body("MCP Gateway <no-reply@mcp.example.com>", &mail()))
                .unwrap();
        assert_eq!(
            parsed,
            json!({
                "from": "MCP Gateway <no-reply@mcp.example.com>",
                "to": "tech@msp.example",
                "subject": "Reset your password",
                "text": mail().text,
            })
        );
    }

    #[test]
    fn errors_name_neither_recipient_nor_key() {
        for error in [
            MailError::NotConfigured,
            MailError::Unreachable,
            MailError::Timeout { seconds: 15 },
            MailError::Refused { status: 401 },
        ] {
            let text = error.to_string();
            assert!(!text.contains('@'), "{text}");
        }
    }
}
