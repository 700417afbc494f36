//! ConnectWise Automate (REST v1, `docs/vendors/connectwise-automate.md`): the session is
//! `POST {server}/cwa/api/v1/apitoken` with the `ClientId` header and
//! `{UserName, Password[, TwoFactorPasscode]}`, answered with `AccessToken` and an absolute
//! `ExpirationDate`; every call then sends the bearer token and `ClientId`. The token is cached
//! until a minute before it expires (and renewed at once if the server refuses it sooner). An
//! answer of `IsTwoFactorRequired` without a token means the account needs a passcode: at
//! connect time the page says so; later it marks the connection "reconnect".

use crate::vendors::kit::api::{Auth, SessionExchange, Upstream, Verify};
use crate::vendors::kit::budget::Budget;
use crate::vendors::kit::clock;
use crate::vendors::kit::fields::Credentials;
use crate::vendors::kit::request::Call;
use crate::vendors::kit::upstream::{
    Body, UpstreamError, UpstreamRequest, UpstreamResponse, VendorSession, Verb,
};
use serde_json::{json, Value};

/// How the API is reached.
pub const UPSTREAM: Upstream = Upstream {
    base_url,
    session: Some(SessionExchange {
        request: token_request,
        parse: parse_token,
    }),
    auth: Auth::Custom(headers),
    verify: Verify {
        call: || Call::get("/Clients?pageSize=1&page=1"),
        check: check_clients,
    },
    json_type: "application/json",
    classify: None,
    concurrency: None,
    pace: None,
    picklists: None,
    budget: Some(ACCOUNT_BUDGET),
};

/// The account's request budget: UNVERIFIED: no published figure; 60 a minute as the project catalog assumes
/// (vendors.md, ConnectWise Automate).
const ACCOUNT_BUDGET: Budget = Budget::of(60, 60);

/// The server the user runs or rents (an https origin).
fn base_url(credentials: &Credentials) -> String {
    credentials.get("server").to_owned()
}

/// Where the API lives on the server.
const API_ROOT: &str = "/cwa/api/v1";

fn token_request(credentials: &Credentials, base: &str) -> UpstreamRequest {
    let mut body = json!({
        "UserName": credentials.get("username"),
        "Password": credentials.get("password"),
    });
    let passcode = credentials.get("two_factor_passcode");
    if !passcode.is_empty() {
        body["TwoFactorPasscode"] = json!(passcode);
    }
    let mut request = UpstreamRequest::new(Verb::Post, format!("{base}{API_ROOT}/apitoken"))
        .header("accept", "application/json")
        .header("clientid", credentials.get("client_id"));
    request.body = Some(Body {
        content_type: "application/json",
        text: body.to_string(),
    });
    request
}

/// A token is renewed this long before its `ExpirationDate`.
const RENEW_BEFORE_SECONDS: i64 = 60;
/// The lifetime assumed when `ExpirationDate` cannot be read (Automate's usual hour, less).
const FALLBACK_TTL_SECONDS: u64 = 50 * 60;

/// What the gateway says when the account asks for a passcode.
const TWO_FACTOR: &str = "this account asks for a two-factor passcode: enter the current one in Two-factor passcode and connect again (a passcode works once, so unattended use needs an integrator account without two-factor prompts)";

fn parse_token(
    response: &UpstreamResponse,
    base: &str,
    secrets: &[&str],
) -> Result<VendorSession, UpstreamError> {
    parse_token_at(response, base, secrets, clock::now_seconds())
}

/// Reads the token answer at time `now` (seconds since the epoch).
fn parse_token_at(
    response: &UpstreamResponse,
    base: &str,
    secrets: &[&str],
    now: i64,
) -> Result<VendorSession, UpstreamError> {
    if !response.ok() {
        return Err(match UpstreamError::from_response(response, secrets) {
            UpstreamError::Refused { reason, .. } | UpstreamError::Forbidden { reason } => {
                UpstreamError::Unauthorized { reason }
            }
            other => other,
        });
    }
    let answer: Value =
        serde_json::from_slice(&response.body).map_err(|_| UpstreamError::InvalidResponse {
            detail: "the token answer is not JSON".into(),
        })?;
    let token = answer
        .get("AccessToken")
        .and_then(Value::as_str)
        .filter(|token| !token.is_empty());
    let Some(token) = token else {
        let two_factor = answer.get("IsTwoFactorRequired").and_then(Value::as_bool) == Some(true);
        return Err(if two_factor {
            UpstreamError::Unauthorized {
                reason: Some(TWO_FACTOR.into()),
            }
        } else {
            UpstreamError::InvalidResponse {
                detail: "the token answer has no AccessToken".into(),
            }
        });
    };
    let ttl_seconds = answer
        .get("ExpirationDate")
        .and_then(Value::as_str)
        .and_then(clock::parse_iso8601)
        .map_or(FALLBACK_TTL_SECONDS, |expires| {
            (expires - now - RENEW_BEFORE_SECONDS).max(0) as u64
        });
    Ok(VendorSession {
        token: Some(token.to_owned()),
        base_url: Some(format!("{base}{API_ROOT}")),
        ttl_seconds,
    })
}

fn headers(
    credentials: &Credentials,
    session: Option<&VendorSession>,
) -> Vec<(&'static str, String)> {
    let mut headers = vec![("clientid", credentials.get("client_id").to_owned())];
    if let Some(token) = session.and_then(|s| s.token.as_deref()) {
        headers.push(("authorization", format!("Bearer {token}")));
    }
    headers
}

/// "Test connection": one client, as a bare array.
fn check_clients(body: &[u8]) -> Result<Option<String>, String> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Array(_)) => Ok(None),
        _ => Err("the client list is not an array".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn credentials(passcode: &str) -> Credentials {
        Credentials {
            settings: [
                ("server".to_owned(), "https://msp.hostedrmm.com".to_owned()),
                (
                    "client_id".to_owned(),
                    "0a1b2c3d-1111-2222-3333-444455556666".to_owned(),
                ),
            ]
            .into(),
            secrets: [
                ("username".to_owned(), "gateway".to_owned()),
                ("password".to_owned(), "pw".to_owned()),
                ("two_factor_passcode".to_owned(), passcode.to_owned()),
            ]
            .into(),
        }
    }

    #[test]
    fn the_token_request_carries_the_client_id_and_the_passcode_only_when_given() {
        let request = token_request(&credentials(""), "https://msp.hostedrmm.com");
        assert_eq!(request.url, "https://msp.hostedrmm.com/cwa/api/v1/apitoken");
        assert!(request.headers.contains(&(
            "clientid",
            "0a1b2c3d-1111-2222-3333-444455556666".to_owned()
        )));
        let body: Value = serde_json::from_str(&request.body.unwrap().text).unwrap();
        assert_eq!(body, json!({"UserName": "gateway", "Password": "pw"}));
        let request = token_request(&credentials("123456"), "https://msp.hostedrmm.com");
        let body: Value = serde_json::from_str(&request.body.unwrap().text).unwrap();
        assert_eq!(body["TwoFactorPasscode"], "123456");
    }

    #[test]
    fn tokens_live_until_a_minute_before_their_expiration_date() {
        let now = clock::parse_iso8601("2026-12-07T05:00:00Z").unwrap();
        let answer = UpstreamResponse::test(
            200,
            r#"{"AccessToken":"tok","TokenType":"Bearer","ExpirationDate":"2026-12-07T06:00:00Z","IsTwoFactorRequired":false}"#,
        );
        let session = parse_token_at(&answer, "https://s.example", &[], now).unwrap();
        assert_eq!(session.token.as_deref(), Some("tok"));
        assert_eq!(session.ttl_seconds, 3600 - 60);
        assert_eq!(
            session.base_url.as_deref(),
            Some("https://s.example/cwa/api/v1")
        );
        let soon = UpstreamResponse::test(
            200,
            r#"{"AccessToken":"tok","ExpirationDate":"2026-12-07T05:00:30Z"}"#,
        );
        assert_eq!(
            parse_token_at(&soon, "https://s", &[], now)
                .unwrap()
                .ttl_seconds,
            0
        );
        let headers = headers(&credentials(""), Some(&session));
        assert_eq!(headers[1], ("authorization", "Bearer tok".to_owned()));
    }

    #[test]
    fn a_two_factor_demand_or_a_refusal_is_a_credential_error() {
        let two_factor =
            UpstreamResponse::test(200, r#"{"AccessToken":null,"IsTwoFactorRequired":true}"#);
        let error = parse_token_at(&two_factor, "https://s", &[], 0).unwrap_err();
        assert!(
            matches!(&error, UpstreamError::Unauthorized { reason: Some(r) } if r.contains("two-factor passcode")),
            "{error:?}"
        );
        let refused = UpstreamResponse::test(400, r#"{"Message":"Invalid username or password"}"#);
        assert_eq!(
            parse_token_at(&refused, "https://s", &[], 0),
            Err(UpstreamError::Unauthorized {
                reason: Some("Invalid username or password".into())
            })
        );
        assert!(check_clients(b"[]").is_ok() && check_clients(b"{}").is_err());
    }
}
