//! ConnectWise PSA (REST 3.0, `docs/vendors/connectwise-psa.md`): every call sends
//! `Authorization: Basic base64(company+publicKey:privateKey)` and the `clientId` header. The
//! API lives under the company's codebase (`/v4_6_release/apis/3.0`, `/v2025_1/apis/3.0`),
//! which an unauthenticated `GET /login/companyinfo/{companyId}` on the site names; it is
//! looked up once and cached like a session. Validation failures arrive as
//! `{"code":"InvalidObject","message","errors":[{"code","message","field"}]}`, read here into
//! one reason naming the field.

use crate::vendors::kit::api::{Auth, SessionExchange, Upstream, Verify};
use crate::vendors::kit::budget::Budget;
use crate::vendors::kit::fields::Credentials;
use crate::vendors::kit::request::{path, Call};
use crate::vendors::kit::upstream::{
    redact, UpstreamError, UpstreamRequest, UpstreamResponse, VendorSession, Verb,
};
use base64::Engine as _;
use serde_json::Value;

/// How the API is reached.
pub const UPSTREAM: Upstream = Upstream {
    base_url,
    session: Some(SessionExchange {
        request: company_info,
        parse: parse_company_info,
    }),
    auth: Auth::Custom(headers),
    verify: Verify {
        call: || Call::get("/system/info"),
        check: check_info,
    },
    json_type: "application/json",
    classify: Some(classify),
    concurrency: None,
    pace: None,
    picklists: None,
    budget: Some(ACCOUNT_BUDGET),
};

/// The account's request budget: UNVERIFIED: ConnectWise publishes no fixed quota (429 is capacity-driven); 60 a minute
/// is the project code's assumption (vendors.md, ConnectWise PSA).
const ACCOUNT_BUDGET: Budget = Budget::of(60, 60);

/// The site the user chose (a cloud site or their own server, an https origin).
fn base_url(credentials: &Credentials) -> String {
    credentials.get("site").to_owned()
}

fn headers(
    credentials: &Credentials,
    _session: Option<&VendorSession>,
) -> Vec<(&'static str, String)> {
    let user = format!(
        "{}+{}:{}",
        credentials.get("company_id"),
        credentials.get("public_key"),
        credentials.get("private_key")
    );
    vec![
        (
            "authorization",
            format!(
                "Basic {}",
                base64::engine::general_purpose::STANDARD.encode(user)
            ),
        ),
        ("clientid", credentials.get("client_id").to_owned()),
    ]
}

/// `GET {site}/login/companyinfo/{companyId}`: where the company's codebase is.
fn company_info(credentials: &Credentials, base: &str) -> UpstreamRequest {
    UpstreamRequest::new(
        Verb::Get,
        format!(
            "{base}{}",
            path(&["/login/companyinfo/", credentials.get("company_id")])
        ),
    )
    .header("accept", "application/json")
    .header("clientid", credentials.get("client_id"))
}

/// Codebases change only with an upgrade; a day keeps the lookup off the hot path.
const CODEBASE_TTL_SECONDS: u64 = 24 * 60 * 60;

/// Reads `{"Codebase":"v2025_1/", …}` into the API root `{site}/{codebase}apis/3.0`. The
/// answer's `SiteUrl` is not followed: credentials only go to the site the user chose.
fn parse_company_info(
    response: &UpstreamResponse,
    base: &str,
    secrets: &[&str],
) -> Result<VendorSession, UpstreamError> {
    if !response.ok() {
        return Err(match UpstreamError::from_response(response, secrets) {
            UpstreamError::NotFound { .. } => UpstreamError::Unauthorized {
                reason: Some("the site knows no company with this company ID".into()),
            },
            other => other,
        });
    }
    let info: Value = serde_json::from_slice(&response.body).unwrap_or(Value::Null);
    let codebase = info
        .get("Codebase")
        .and_then(Value::as_str)
        .map(|codebase| codebase.trim_matches('/'))
        .filter(|codebase| {
            !codebase.is_empty()
                && codebase
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.')
                && *codebase != "."
                && *codebase != ".."
        });
    let Some(codebase) = codebase else {
        // An unknown company answers 200 with no codebase on some sites.
        return Err(if info.is_null() || info.get("Codebase").is_none() {
            UpstreamError::Unauthorized {
                reason: Some("the site knows no company with this company ID".into()),
            }
        } else {
            UpstreamError::InvalidResponse {
                detail: "the company information names no usable codebase".into(),
            }
        });
    };
    Ok(VendorSession {
        token: None,
        base_url: Some(format!("{base}/{codebase}/apis/3.0")),
        ttl_seconds: CODEBASE_TTL_SECONDS,
    })
}

/// "Test connection": `GET /system/info` answers the server's version.
fn check_info(body: &[u8]) -> Result<Option<String>, String> {
    let info: Value = serde_json::from_slice(body)
        .map_err(|_| "the system information is not JSON".to_owned())?;
    if info.get("version").and_then(Value::as_str).is_none() {
        return Err("the system information has no version".into());
    }
    Ok(None)
}

/// A refusal with ConnectWise's error body (`InvalidObject` and its `errors`) becomes one
/// reason that names each field at fault; other answers are read by their status.
fn classify(response: &UpstreamResponse, secrets: &[&str]) -> Option<UpstreamError> {
    if response.ok() || !matches!(response.status, 400 | 409 | 422) {
        return None;
    }
    let body: Value = serde_json::from_slice(&response.body).ok()?;
    let message = body.get("message")?.as_str()?;
    let details: Vec<String> = body
        .get("errors")
        .and_then(Value::as_array)
        .map(|errors| {
            errors
                .iter()
                .filter_map(|error| {
                    let text = error.get("message")?.as_str()?;
                    Some(match error.get("field").and_then(Value::as_str) {
                        Some(field) if !field.is_empty() => format!("{field}: {text}"),
                        _ => text.to_owned(),
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    let reason = if details.is_empty() {
        message.to_owned()
    } else {
        format!("{message} ({})", details.join("; "))
    };
    let reason: String = redact(&reason, secrets).chars().take(400).collect();
    Some(UpstreamError::Refused {
        status: response.status,
        reason: Some(reason),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn credentials() -> Credentials {
        Credentials {
            settings: [
                (
                    "site".to_owned(),
                    "https://api-eu.myconnectwise.net".to_owned(),
                ),
                (
                    "client_id".to_owned(),
                    "0a1b2c3d-1111-2222-3333-444455556666".to_owned(),
                ),
            ]
            .into(),
            secrets: [
                ("company_id".to_owned(), "contoso".to_owned()),
                ("public_key".to_owned(), "pub1".to_owned()),
                ("private_key".to_owned(), "priv1".to_owned()),
            ]
            .into(),
        }
    }

    #[test]
    fn every_call_sends_basic_company_plus_public_key_and_the_client_id() {
        let headers = headers(&credentials(), None);
        let basic = base64::engine::general_purpose::STANDARD.encode("contoso+pub1:priv1");
        assert_eq!(headers[0], ("authorization", format!("Basic {basic}")));
        assert_eq!(
            headers[1],
            (
                "clientid",
                "0a1b2c3d-1111-2222-3333-444455556666".to_owned()
            )
        );
        assert_eq!(base_url(&credentials()), "https://api-eu.myconnectwise.net");
    }

    #[test]
    fn the_codebase_comes_from_company_info_and_stays_on_the_site() {
        let request = company_info(&credentials(), "https://api-eu.myconnectwise.net");
        assert_eq!(
            request.url,
            "https://api-eu.myconnectwise.net/login/companyinfo/contoso"
        );
        let answer = UpstreamResponse::test(
            200,
            r#"{"CompanyName":"Contoso","Codebase":"v2025_1/","VersionCode":"v2025.1","CompanyID":"contoso","IsCloud":true,"SiteUrl":"evil.example"}"#,
        );
        let session = parse_company_info(&answer, "https://api-eu.myconnectwise.net", &[]).unwrap();
        assert_eq!(
            session.base_url.as_deref(),
            Some("https://api-eu.myconnectwise.net/v2025_1/apis/3.0")
        );
        for bad in [
            r#"{"Codebase":"../x/"}"#,
            r#"{"Codebase":"a/b/"}"#,
            r#"{"Codebase":""}"#,
        ] {
            assert!(
                parse_company_info(&UpstreamResponse::test(200, bad), "https://s", &[]).is_err(),
                "{bad}"
            );
        }
        assert!(matches!(
            parse_company_info(&UpstreamResponse::test(200, "null"), "https://s", &[]),
            Err(UpstreamError::Unauthorized { .. })
        ));
    }

    #[test]
    fn invalid_object_errors_name_their_fields() {
        let body = r#"{"code":"InvalidObject","message":"ticket object is invalid","errors":[{"code":"NotFound","message":"Service Status 17 not found for Service Board 21","resource":"ticket","field":"status/id"}]}"#;
        assert_eq!(
            classify(&UpstreamResponse::test(400, body), &[]),
            Some(UpstreamError::Refused {
                status: 400,
                reason: Some(
                    "ticket object is invalid (status/id: Service Status 17 not found for Service Board 21)"
                        .into()
                )
            })
        );
        assert_eq!(classify(&UpstreamResponse::test(401, body), &[]), None);
        assert_eq!(classify(&UpstreamResponse::test(200, body), &[]), None);
        assert_eq!(
            check_info(br#"{"version":"v2025.1.10431","isCloud":true}"#),
            Ok(None)
        );
        assert!(check_info(b"[]").is_err());
    }
}
