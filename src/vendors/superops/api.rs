//! SuperOps (GraphQL, `docs/vendors/superops.md`): every call is a `POST {query, variables}` to
//! the data centre's and edition's endpoint (`https://api.superops.ai/msp`,
//! `https://euapi.superops.ai/it`, …) with the API token as a bearer and the subdomain in
//! `CustomerSubDomain`. Failures arrive as HTTP 200 with `errors[].extensions.clientError[]`
//! codes, read by the kit's GraphQL reading with SuperOps' rate-limit window and argument
//! names; a refused token is a 401 and an unknown subdomain a 400 with an empty body.

use crate::vendors::kit::api::{Auth, Upstream, Verify};
use crate::vendors::kit::budget::Budget;
use crate::vendors::kit::fields::Credentials;
use crate::vendors::kit::graphql::{self, Reading};
use crate::vendors::kit::request::Call;
use crate::vendors::kit::upstream::{UpstreamError, UpstreamResponse, VendorSession};
use serde_json::{json, Value};

/// How the API is reached.
pub const UPSTREAM: Upstream = Upstream {
    base_url,
    session: None,
    auth: Auth::Custom(headers),
    verify: Verify {
        call: one_technician,
        check: check_technicians,
    },
    json_type: "application/json",
    classify: Some(classify),
    concurrency: None,
    pace: None,
    picklists: None,
    budget: Some(ACCOUNT_BUDGET),
};

/// The account's request budget: 100 requests a minute: the field notes (field-2026-12.md, SuperOps) correct vendors.md's
/// 800 to the stricter figure.
const ACCOUNT_BUDGET: Budget = Budget::of(100, 60);

/// The data centre's host: the EU one when the connection chose it.
fn host(credentials: &Credentials) -> &'static str {
    match credentials.get("region") {
        "eu" => "euapi.superops.ai",
        _ => "api.superops.ai",
    }
}

/// The endpoint: `/msp`, or `/it` for SuperOps for IT teams.
fn base_url(credentials: &Credentials) -> String {
    let edition = match credentials.get("edition") {
        "it" => "it",
        _ => "msp",
    };
    format!("https://{}/{edition}", host(credentials))
}

fn headers(
    credentials: &Credentials,
    _session: Option<&VendorSession>,
) -> Vec<(&'static str, String)> {
    vec![
        (
            "authorization",
            format!("Bearer {}", credentials.get("api_token")),
        ),
        ("customersubdomain", credentials.get("subdomain").to_owned()),
    ]
}

/// "Test connection": one technician, a query both editions answer.
fn one_technician() -> Call {
    graphql::call(
        "query testConnection($input: ListInfoInput!) { getTechnicianList(input: $input) { listInfo { totalCount } } }",
        json!({ "input": { "page": 1, "pageSize": 1 } }),
    )
}

fn check_technicians(body: &[u8]) -> Result<Option<String>, String> {
    let answer: Value = serde_json::from_slice(body)
        .map_err(|_| "the technician query did not answer with JSON".to_owned())?;
    answer
        .pointer("/data/getTechnicianList/listInfo")
        .ok_or_else(|| "the technician query answered without a list".to_owned())?;
    Ok(None)
}

/// SuperOps' reading of its GraphQL failures: the limit is counted per minute, so a rate
/// limit means "try again in a minute"; validation codes name SuperOps input attributes,
/// which [`argument`] turns into the tools' argument names.
const READING: Reading = Reading {
    rate_limit_wait_seconds: Some(60),
    argument,
};

/// The tool argument behind a SuperOps input attribute.
fn argument(attribute: &str) -> Option<&'static str> {
    let last = attribute.rsplit('.').next().unwrap_or(attribute);
    Some(match (attribute, last) {
        (_, "subject") => "subject",
        (_, "description") => "description",
        (_, "content") => "content",
        (_, "status") => "status",
        (_, "priority") => "priority",
        (_, "category") => "category",
        (_, "impact") => "impact",
        (_, "urgency") => "urgency",
        (_, "resolutionCode") => "resolution_code",
        (_, "source") => "source",
        (_, "ticketId") | ("ticket", _) => "ticket_id",
        (_, "accountId") | ("client", _) => "client_id",
        (_, "departmentId") | ("department", _) => "client_id",
        ("site", _) | ("site.id", _) => "site_id",
        ("technician", _) | ("technician.userId", _) => "technician_id",
        ("requester", _) | ("requester.userId", _) => "requester_id",
        (_, "assetId") => "asset_id",
        ("id", _) => "alert_ids",
        _ => return None,
    })
}

/// A 400 without GraphQL errors is SuperOps refusing the `CustomerSubDomain` (it answers an
/// unknown or missing one with an empty 400): the connection must be entered again. Every
/// other failure is read from the GraphQL `errors` of a 200.
fn classify(response: &UpstreamResponse, secrets: &[&str]) -> Option<UpstreamError> {
    if response.status == 400 {
        let graphql_errors = serde_json::from_slice::<Value>(&response.body)
            .ok()
            .is_some_and(|body| body.get("errors").is_some());
        if !graphql_errors {
            return Some(UpstreamError::Unauthorized {
                reason: Some("SuperOps did not recognise the customer subdomain".into()),
            });
        }
    }
    graphql::classify_with(response, secrets, &READING)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vendors::kit::upstream::Verb;

    fn credentials(region: &str, edition: &str) -> Credentials {
        Credentials {
            settings: [
                ("region".to_owned(), region.to_owned()),
                ("edition".to_owned(), edition.to_owned()),
                ("subdomain".to_owned(), "contoso".to_owned()),
            ]
            .into(),
            secrets: [("api_token".to_owned(), "tok-secret-1".to_owned())].into(),
        }
    }

    #[test]
    fn the_data_centre_and_edition_choose_the_endpoint() {
        assert_eq!(
            base_url(&credentials("us", "msp")),
            "https://api.superops.ai/msp"
        );
        assert_eq!(
            base_url(&credentials("eu", "msp")),
            "https://euapi.superops.ai/msp"
        );
        assert_eq!(
            base_url(&credentials("eu", "it")),
            "https://euapi.superops.ai/it"
        );
        assert_eq!(
            base_url(&credentials("us", "it")),
            "https://api.superops.ai/it"
        );
    }

    #[test]
    fn every_call_carries_the_bearer_token_and_the_subdomain() {
        let sent = headers(&credentials("us", "msp"), None);
        assert_eq!(
            sent,
            vec![
                ("authorization", "Bearer tok-secret-1".to_owned()),
                ("customersubdomain", "contoso".to_owned())
            ]
        );
        let test = one_technician();
        assert_eq!((test.method, test.path.as_str()), (Verb::Post, ""));
        assert_eq!(test.body.unwrap()["variables"]["input"]["pageSize"], 1);
        assert_eq!(
            check_technicians(br#"{"data":{"getTechnicianList":{"listInfo":{"totalCount":3}}}}"#),
            Ok(None)
        );
        assert!(check_technicians(br#"{"data":null}"#).is_err());
    }

    #[test]
    fn failures_in_a_200_and_a_bare_400_are_read() {
        let limited = UpstreamResponse::test(
            200,
            r#"{"data":null,"errors":[{"message":"API limit reached","extensions":{"clientError":[{"code":"rate_limit_exceeded","param":{}}]}}]}"#,
        );
        assert_eq!(
            classify(&limited, &[]),
            Some(UpstreamError::RateLimited {
                retry_after_seconds: Some(60)
            })
        );
        let missing = UpstreamResponse::test(
            200,
            r#"{"errors":[{"message":"Mandatory validation failed","extensions":{"clientError":[{"code":"mandatory_validation_failed","param":{"attribute":"client"}}]}}]}"#,
        );
        assert!(matches!(
            classify(&missing, &[]),
            Some(UpstreamError::Refused { reason: Some(r), .. }) if r.starts_with("argument `client_id` is required")
        ));
        assert!(matches!(
            classify(&UpstreamResponse::test(400, ""), &[]),
            Some(UpstreamError::Unauthorized { .. })
        ));
        assert_eq!(classify(&UpstreamResponse::test(401, ""), &[]), None);
        assert_eq!(
            classify(&UpstreamResponse::test(200, r#"{"data":{"x":[]}}"#), &[]),
            None
        );
    }

    #[test]
    fn attributes_become_argument_names() {
        assert_eq!(argument("subject"), Some("subject"));
        assert_eq!(argument("ticket.ticketId"), Some("ticket_id"));
        assert_eq!(argument("technician"), Some("technician_id"));
        assert_eq!(argument("department"), Some("client_id"));
        assert_eq!(argument("colour"), None);
    }
}
