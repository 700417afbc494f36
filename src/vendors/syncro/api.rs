//! Syncro (REST API v1, `docs/vendors/syncro.md`): the API token as a bearer header against
//! the account's own subdomain, 180 requests a minute paced per connection, a 429 read into
//! "try again in N seconds" whether or not Syncro says how long, and a 401 that names a
//! missing permission read as a denial rather than refused keys.

use crate::vendors::kit::api::{Auth, Upstream, Verify};
use crate::vendors::kit::budget::Budget;
use crate::vendors::kit::fields::Credentials;
use crate::vendors::kit::pace::Pace;
use crate::vendors::kit::request::Call;
use crate::vendors::kit::upstream::{
    retry_after_seconds, vendor_reason, UpstreamError, UpstreamResponse,
};
use serde_json::Value;

/// How the API is reached.
pub const UPSTREAM: Upstream = Upstream {
    base_url,
    session: None,
    auth: Auth::Header {
        name: "authorization",
        prefix: "Bearer ",
        field: "api_token",
    },
    verify: Verify {
        call: || Call::get("/api/v1/me"),
        check: check_me,
    },
    json_type: "application/json",
    classify: Some(classify),
    concurrency: None,
    picklists: None,
    pace: Some(BUDGET),
    budget: Some(ACCOUNT_BUDGET),
};

/// The account's request budget: "180 requests per minute per IP address" (docs.syncromsp.com): kept fleet-wide per
/// account by the governor, and paced per connection in the isolate by [`BUDGET`].
const ACCOUNT_BUDGET: Budget = Budget::of(180, 60);

/// "180 requests per minute per IP address" (docs.syncromsp.com, REST API).
const BUDGET: Pace = Pace {
    requests: 180,
    per_seconds: 60,
};

/// The subdomain field holds one checked DNS label (`kit/fields.rs`, `FieldKind::Subdomain`).
fn base_url(credentials: &Credentials) -> String {
    format!("https://{}.syncromsp.com", credentials.get("subdomain"))
}

/// `GET /api/v1/me` names the user the token belongs to.
fn check_me(body: &[u8]) -> Result<Option<String>, String> {
    let me: Value =
        serde_json::from_slice(body).map_err(|_| "the /me answer is not JSON".to_owned())?;
    if me.get("user_id").is_none() {
        return Err("the /me answer names no user".into());
    }
    Ok(me
        .get("user_name")
        .or_else(|| me.get("user_email"))
        .and_then(Value::as_str)
        .map(str::to_owned))
}

/// Syncro's limit is counted per minute; when a 429 does not say how long to wait (one
/// third-party page says Syncro sends no `Retry-After`), a whole window is the honest bound.
const WINDOW_SECONDS: u64 = 60;

/// A 429 is the rate limit with its wait: `Retry-After` when Syncro sends one, else a minute.
/// Syncro also answers 401 when a working token lacks a permission ("Not authorized. Please
/// ask account admin to update your group permissions."): that is a denial to explain, not
/// keys to replace.
fn classify(response: &UpstreamResponse, secrets: &[&str]) -> Option<UpstreamError> {
    match response.status {
        429 => Some(UpstreamError::RateLimited {
            retry_after_seconds: Some(
                response
                    .retry_after
                    .as_deref()
                    .and_then(retry_after_seconds)
                    .unwrap_or(WINDOW_SECONDS),
            ),
        }),
        401 => {
            let reason = vendor_reason(&response.body, secrets)?;
            reason
                .to_ascii_lowercase()
                .contains("permission")
                .then_some(UpstreamError::Forbidden {
                    reason: Some(reason),
                })
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::form::Form;

    fn credentials(query: &str) -> Credentials {
        crate::vendors::kit::fields::read(
            super::super::VENDOR.connect.fields,
            &Form::parse(query.as_bytes()),
            None,
        )
        .unwrap()
    }

    #[test]
    fn the_subdomain_is_the_host_and_the_token_a_bearer() {
        let keys = credentials("subdomain=contoso&api_token=T0KEN");
        assert_eq!(base_url(&keys), "https://contoso.syncromsp.com");
        assert_eq!(
            UPSTREAM.auth.headers(&keys, None),
            vec![("authorization", "Bearer T0KEN".to_owned())]
        );
        assert_eq!(UPSTREAM.pace, Some(BUDGET));
    }

    #[test]
    fn me_names_the_user() {
        assert_eq!(
            check_me(br#"{"user_id": 1, "user_name": "Joe Doe", "user_email": "j@x"}"#),
            Ok(Some("Joe Doe".into()))
        );
        assert!(check_me(br#"{"error": "Not authorized"}"#).is_err());
        assert!(check_me(b"<html>").is_err());
    }

    #[test]
    fn a_429_carries_its_wait_or_a_whole_window() {
        let limited = |retry_after: Option<&str>| UpstreamResponse {
            status: 429,
            retry_after: retry_after.map(str::to_owned),
            body: b"Retry later\n".to_vec(),
            ..UpstreamResponse::default()
        };
        assert_eq!(
            classify(&limited(Some("17")), &[]),
            Some(UpstreamError::RateLimited {
                retry_after_seconds: Some(17)
            })
        );
        let unsaid = classify(&limited(None), &[]).unwrap();
        assert_eq!(
            unsaid.describe("Syncro"),
            "Syncro's rate limit was reached; retry in 60 seconds"
        );
        assert_eq!(classify(&UpstreamResponse::test(404, ""), &[]), None);
        let denied = UpstreamResponse::test(
            401,
            r#"{"error":"Not authorized. Please ask account admin to update your group permissions."}"#,
        );
        assert!(matches!(
            classify(&denied, &[]),
            Some(UpstreamError::Forbidden { reason: Some(r) }) if r.contains("group permissions")
        ));
        let refused = UpstreamResponse::test(401, r#"{"error":"Invalid token"}"#);
        assert_eq!(
            classify(&refused, &[]),
            None,
            "a refused token is read as usual"
        );
        assert_eq!(classify(&UpstreamResponse::test(200, "{}"), &[]), None);
    }
}
