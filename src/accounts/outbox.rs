//! Work that ends in a mail, done after the page has answered.
//!
//! The sign-up and forgot-password forms answer the same page whether or not the address has
//! an account. Doing the lookup, the writes and the sending after the answer (`waitUntil`) also
//! keeps the answer's timing free of them. The mail throttle is applied here: past it the work
//! is skipped silently, and the page still answers the same.

use super::store;
use super::throttle::{self, Attempt, Rule};
use crate::config::Config;
use crate::db::{self, Db};
use crate::mail::{self, Mail};
use serde_json::json;
use std::future::Future;
use worker::{Context, Env, Result};

/// Runs `work` after the answer, unless the mail throttle for `email` or `ip` refuses, and
/// sends the mail it returns (`None`: nothing to send). Failures are logged without the
/// address, the text or any secret.
pub fn after_answer<W, F>(ctx: &Context, env: &Env, config: &Config, ip: &str, email: &str, work: W)
where
    W: FnOnce(Db, Config) -> F + 'static,
    F: Future<Output = Result<Option<Mail>>> + 'static,
{
    let (env, config) = (env.clone(), config.clone());
    let keys = [
        (throttle::mail_key(email), Rule::MAIL_ADDRESS),
        (throttle::mail_network_key(ip), Rule::MAIL_NETWORK),
    ];
    ctx.wait_until(async move {
        let outcome: Result<Option<&'static str>> = async {
            let db = Db::from_env(&env)?;
            let now = db::now();
            for (key, rule) in &keys {
                if let Attempt::Refused { .. } = store::take_attempt(&db, key, rule, now).await? {
                    return Ok(Some("mail_throttled"));
                }
            }
            let Some(mail) = work(db, config.clone()).await? else {
                return Ok(None);
            };
            match mail::send(&config, &mail).await {
                Ok(()) => Ok(None),
                Err(error) => {
                    worker::console_error!(
                        "{}",
                        json!({ "event": "mail_failed", "kind": mail.kind, "error": error.to_string() })
                    );
                    Ok(None)
                }
            }
        }
        .await;
        match outcome {
            Ok(None) => {}
            Ok(Some(event)) => worker::console_log!("{}", json!({ "event": event })),
            Err(error) => worker::console_error!(
                "{}",
                json!({ "event": "mail_work_failed", "error": error.to_string() })
            ),
        }
    });
}
