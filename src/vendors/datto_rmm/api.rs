//! Datto RMM (API v2): an OAuth password grant with Datto's public client turns the user's
//! API key and secret into a bearer token (100 hours), on the platform the account lives on.

use super::PLATFORMS;
use crate::vendors::kit::api::{Auth, SessionExchange, Upstream, Verify};
use crate::vendors::kit::budget::Budget;
use crate::vendors::kit::fields::Credentials;
use crate::vendors::kit::request::Call;
use crate::vendors::kit::upstream::{
    UpstreamError, UpstreamRequest, UpstreamResponse, VendorSession, Verb,
};

/// How the API is reached.
pub const UPSTREAM: Upstream = Upstream {
    base_url,
    session: Some(SessionExchange {
        request: token_request,
        parse: parse_token,
    }),
    auth: Auth::SessionBearer,
    verify: Verify {
        call: || Call::get("/api/v2/account"),
        check: check_account,
    },
    json_type: "application/json",
    classify: None,
    concurrency: None,
    picklists: None,
    pace: None,
    budget: Some(ACCOUNT_BUDGET),
};

/// The account's request budget: 600 reads per rolling 60 s per account (rmm.datto.com APIv2 help, vendors.md §Datto RMM).
/// Writes have their own 100 per 60 s, not kept apart here: every call spends from the one
/// budget, so writes stay under 480 a minute, not 80 (docs/governor.md).
const ACCOUNT_BUDGET: Budget = Budget::of(600, 60);

/// The platform's root; the API is under `/api/v2`, the token endpoint under `/auth`.
fn base_url(credentials: &Credentials) -> String {
    // Only a listed platform becomes a host name; anything else falls back to the first.
    let platform = PLATFORMS
        .iter()
        .find(|p| p.value == credentials.get("platform"))
        .unwrap_or(&PLATFORMS[0]);
    format!("https://{}-api.centrastage.net", platform.value)
}

/// Datto's documented public client, sent as HTTP Basic on the token request.
const PUBLIC_CLIENT_BASIC: &str = "Basic cHVibGljLWNsaWVudDpwdWJsaWM="; // public-client:public

fn token_request(credentials: &Credentials, base: &str) -> UpstreamRequest {
    UpstreamRequest::new(Verb::Post, format!("{base}/auth/oauth/token"))
        .header("authorization", PUBLIC_CLIENT_BASIC)
        .header("accept", "application/json")
        .form(&[
            ("grant_type", "password"),
            ("username", credentials.get("api_key")),
            ("password", credentials.get("api_secret")),
        ])
}

/// How long before Datto's stated expiry a cached token is dropped, in seconds.
const EXPIRY_MARGIN: u64 = 300;

fn parse_token(
    response: &UpstreamResponse,
    _base: &str,
    secrets: &[&str],
) -> Result<VendorSession, UpstreamError> {
    #[derive(serde::Deserialize)]
    struct Token {
        access_token: String,
        expires_in: Option<u64>,
    }
    if !response.ok() {
        // Datto answers a wrong key or secret with an OAuth `invalid_grant` (HTTP 400).
        return Err(match UpstreamError::from_response(response, secrets) {
            UpstreamError::Refused {
                status: 400,
                reason,
            } => UpstreamError::Unauthorized { reason },
            other => other,
        });
    }
    let token: Token =
        serde_json::from_slice(&response.body).map_err(|_| UpstreamError::InvalidResponse {
            detail: "the token response has no access_token".into(),
        })?;
    Ok(VendorSession {
        token: Some(token.access_token),
        base_url: None,
        ttl_seconds: token
            .expires_in
            .unwrap_or(3600)
            .saturating_sub(EXPIRY_MARGIN)
            .max(60),
    })
}

fn check_account(body: &[u8]) -> Result<Option<String>, String> {
    #[derive(serde::Deserialize)]
    struct Account {
        name: Option<String>,
        uid: Option<String>,
    }
    let account: Account = serde_json::from_slice(body)
        .map_err(|_| "the account endpoint did not answer with an account".to_owned())?;
    match (account.name, account.uid) {
        (Some(name), _) => Ok(Some(name)),
        (None, Some(_)) => Ok(None),
        (None, None) => Err("the account endpoint did not answer with an account".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::form::Form;

    fn credentials() -> Credentials {
        crate::vendors::kit::fields::read(
            super::super::VENDOR.connect.fields,
            &Form::parse(b"api_key=KEY&api_secret=SECRET%2B1&platform=merlot"),
            None,
        )
        .unwrap()
    }

    #[test]
    fn the_platform_picks_the_host() {
        assert_eq!(
            base_url(&credentials()),
            "https://merlot-api.centrastage.net"
        );
        let mut forged = credentials();
        forged
            .settings
            .insert("platform".into(), "evil.example#".into());
        assert_eq!(base_url(&forged), "https://pinotage-api.centrastage.net");
    }

    #[test]
    fn the_token_request_is_datto_password_grant() {
        let request = token_request(&credentials(), "https://merlot-api.centrastage.net");
        assert_eq!(
            request.url,
            "https://merlot-api.centrastage.net/auth/oauth/token"
        );
        assert_eq!(request.method, Verb::Post);
        assert!(request
            .headers
            .contains(&("authorization", "Basic cHVibGljLWNsaWVudDpwdWJsaWM=".into())));
        let body = request.body.unwrap();
        assert_eq!(body.content_type, "application/x-www-form-urlencoded");
        assert_eq!(
            body.text,
            "grant_type=password&username=KEY&password=SECRET%2B1"
        );
    }

    #[test]
    fn token_answers_become_sessions_or_credential_errors() {
        let ok = UpstreamResponse {
            status: 200,
            retry_after: None,
            body: br#"{"access_token":"tok","token_type":"bearer","expires_in":360000}"#.to_vec(),
            ..UpstreamResponse::default()
        };
        let session = parse_token(&ok, "", &[]).unwrap();
        assert_eq!(session.token.as_deref(), Some("tok"));
        assert_eq!(session.ttl_seconds, 360000 - EXPIRY_MARGIN);
        let refused = UpstreamResponse {
            status: 400,
            retry_after: None,
            body: br#"{"error":"invalid_grant","error_description":"Bad credentials"}"#.to_vec(),
            ..UpstreamResponse::default()
        };
        assert_eq!(
            parse_token(&refused, "", &[]),
            Err(UpstreamError::Unauthorized {
                reason: Some("Bad credentials".into())
            })
        );
        let garbage = UpstreamResponse {
            status: 200,
            retry_after: None,
            body: b"<html>".to_vec(),
            ..UpstreamResponse::default()
        };
        assert!(matches!(
            parse_token(&garbage, "", &[]),
            Err(UpstreamError::InvalidResponse { .. })
        ));
    }

    #[test]
    fn verify_reads_the_account_name() {
        assert_eq!(
            check_account(br#"{"id":1,"uid":"u","name":"Acme MSP"}"#),
            Ok(Some("Acme MSP".into()))
        );
        assert!(check_account(b"[]").is_err());
    }
}
