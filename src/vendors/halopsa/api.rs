//! How the HaloPSA API is reached (`docs/vendors/halopsa.md`): `{Halo address}/api/…` with a
//! bearer token from the instance's authorisation server at `{Halo address}/auth`
//! (`/auth/authorize`, `/auth/token`, each with `?tenant=` on hosted Halo). A connection made
//! by "Sign in with HaloPSA" holds the technician's refresh token; one made with an API
//! application holds its client id and secret and asks for its scope (`all` by default).

use super::SIGN_IN_FIELDS;
use crate::vendors::kit::api::{Auth, Upstream, Verify};
use crate::vendors::kit::budget::Budget;
use crate::vendors::kit::fields::Credentials;
use crate::vendors::kit::oauth::{Endpoints, Grant, OAuthApi, SignIn};
use crate::vendors::kit::request::{with_query, Call};
use crate::vendors::kit::upstream::{vendor_reason, UpstreamError, UpstreamResponse};
use serde_json::Value;

/// How the API is reached.
pub const UPSTREAM: Upstream = Upstream {
    base_url,
    session: None,
    auth: Auth::OAuth(OAuthApi {
        endpoints,
        grant,
        sign_in: Some(SignIn {
            fields: SIGN_IN_FIELDS,
            client_id_field: "client_id",
            refresh_field: REFRESH_TOKEN,
            scope: "all offline_access",
            steps: STEPS,
        }),
    }),
    verify: Verify {
        call: || Call::get("/api/Agent/me"),
        check: check_agent,
    },
    json_type: "application/json",
    classify: Some(classify),
    concurrency: None,
    picklists: None,
    // Halo publishes no request budget; a 429 is read with its Retry-After like anywhere.
    pace: None,
    budget: Some(ACCOUNT_BUDGET),
};

/// The account's request budget: UNVERIFIED: HaloPSA publishes no figure; 500 per 3 minutes is the project SDK's
/// assumption (vendors.md, HaloPSA).
const ACCOUNT_BUDGET: Budget = Budget::of(500, 180);

/// The secret a sign-in's refresh token is sealed under.
const REFRESH_TOKEN: &str = "refresh_token";

/// The scope an API application asks for when the form leaves it empty: without any, Halo
/// issues a token that can read nothing.
const DEFAULT_SCOPE: &str = "all";

/// How to register the application "Sign in with HaloPSA" uses, shown on the connect page.
const STEPS: &[&str] = &[
    "In HaloPSA, open Configuration → Integrations → HaloPSA API and choose View Applications, then New.",
    "Name it (for example MCP Gateway) and set Authentication Method to \"Authorisation Code (Native Application)\". It needs no secret.",
    "Tick \"Allow Agent Logins\", so technicians sign in as themselves and Halo records their own name on every change.",
    "Add the Redirect URI shown below, exactly as it is written.",
    "On the Permissions tab, allow \"all\" (or the areas the gateway should reach), and save.",
    "Copy the application's Client ID here with your Halo address (and tenant, on hosted Halo), then choose Sign in with HaloPSA.",
];

/// The instance's web address, as typed (the API is under `/api`, its OAuth server under
/// `/auth`).
fn base_url(credentials: &Credentials) -> String {
    credentials.get("url").to_owned()
}

/// `{base}/auth/authorize` and `{base}/auth/token`, with `?tenant=` when one is set.
fn endpoints(credentials: &Credentials, base: &str) -> Endpoints {
    let tenant = credentials.get("tenant");
    let tenant = (!tenant.is_empty()).then_some(tenant);
    let at = |path: &str| with_query(&format!("{base}{path}"), &[("tenant", tenant)]);
    Endpoints {
        authorize: at("/auth/authorize"),
        token: at("/auth/token"),
    }
}

/// A signed-in technician's refresh token, else the API application's client credentials.
fn grant(credentials: &Credentials) -> Grant {
    let client_id = credentials.get("client_id").to_owned();
    match credentials.secrets.get(REFRESH_TOKEN) {
        Some(refresh_token) => Grant::Refresh {
            client_id,
            refresh_token: refresh_token.clone(),
        },
        None => {
            let scope = credentials.get("scope").trim();
            Grant::ClientCredentials {
                client_id,
                client_secret: credentials.get("client_secret").to_owned(),
                scope: if scope.is_empty() {
                    DEFAULT_SCOPE.to_owned()
                } else {
                    scope.to_owned()
                },
            }
        }
    }
}

/// Halo refuses a write with a 400 whose body maps each field to its problem
/// (`{"[0].summary": "…"}`, the index of the array element first): those become the reason,
/// so the model learns which field to fix. Other answers are what their status says.
fn classify(response: &UpstreamResponse, secrets: &[&str]) -> Option<UpstreamError> {
    if response.status != 400 || vendor_reason(&response.body, secrets).is_some() {
        return None;
    }
    let body: Value = serde_json::from_slice(&response.body).ok()?;
    let problems: Vec<String> = body
        .as_object()?
        .iter()
        .filter_map(|(field, problem)| {
            let field = field.split_once("].").map_or(field.as_str(), |(_, f)| f);
            problem
                .as_str()
                .map(|problem| format!("{field}: {problem}"))
        })
        .collect();
    if problems.is_empty() {
        return None;
    }
    Some(UpstreamError::Refused {
        status: 400,
        reason: vendor_reason(problems.join("; ").as_bytes(), secrets),
    })
}

/// "Test connection" reads the agent the token acts as (`GET /api/Agent/me`).
fn check_agent(body: &[u8]) -> Result<Option<String>, String> {
    let agent: Value = serde_json::from_slice(body)
        .map_err(|_| "Agent/me did not answer with an agent".to_owned())?;
    if agent.get("id").is_none() {
        return Err("Agent/me did not answer with an agent".into());
    }
    Ok(agent
        .get("name")
        .and_then(Value::as_str)
        .filter(|name| !name.is_empty())
        .map(|name| format!("HaloPSA ({name})")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn credentials(settings: &[(&str, &str)], secrets: &[(&str, &str)]) -> Credentials {
        let map = |pairs: &[(&str, &str)]| -> BTreeMap<String, String> {
            pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect()
        };
        Credentials {
            settings: map(settings),
            secrets: map(secrets),
        }
    }

    #[test]
    fn endpoints_carry_the_tenant_of_hosted_halo() {
        let hosted = credentials(
            &[("url", "https://acme.halopsa.com"), ("tenant", "acme")],
            &[],
        );
        let endpoints = endpoints(&hosted, "https://acme.halopsa.com");
        assert_eq!(
            endpoints.authorize,
            "https://acme.halopsa.com/auth/authorize?tenant=acme"
        );
        assert_eq!(
            endpoints.token,
            "https://acme.halopsa.com/auth/token?tenant=acme"
        );
        let own = credentials(&[("url", "https://halo.msp.co.uk")], &[]);
        assert_eq!(
            super::endpoints(&own, "https://halo.msp.co.uk").token,
            "https://halo.msp.co.uk/auth/token"
        );
        assert_eq!(base_url(&own), "https://halo.msp.co.uk");
    }

    #[test]
    fn client_credentials_always_carry_a_scope() {
        let blank = credentials(&[], &[("client_id", "c"), ("client_secret", "s")]);
        assert_eq!(
            grant(&blank),
            Grant::ClientCredentials {
                client_id: "c".into(),
                client_secret: "s".into(),
                scope: "all".into()
            }
        );
        let narrow = credentials(
            &[],
            &[
                ("client_id", "c"),
                ("client_secret", "s"),
                ("scope", " read:tickets edit:tickets "),
            ],
        );
        assert!(
            matches!(grant(&narrow), Grant::ClientCredentials { scope, .. } if scope == "read:tickets edit:tickets")
        );
        let signed_in = credentials(&[], &[("client_id", "n"), ("refresh_token", "rt")]);
        assert_eq!(
            grant(&signed_in),
            Grant::Refresh {
                client_id: "n".into(),
                refresh_token: "rt".into()
            }
        );
    }

    #[test]
    fn field_problems_of_a_refused_write_become_the_reason() {
        let refused = UpstreamResponse::test(
            400,
            r#"{"[0].summary": "A summary is required", "[0].client_id": "Unknown client"}"#,
        );
        assert_eq!(
            classify(&refused, &[]),
            Some(UpstreamError::Refused {
                status: 400,
                reason: Some("client_id: Unknown client; summary: A summary is required".into())
            })
        );
        let plain = UpstreamResponse::test(400, r#"{"message": "Bad request"}"#);
        assert_eq!(classify(&plain, &[]), None, "read by the default rules");
        assert_eq!(classify(&UpstreamResponse::test(404, "{}"), &[]), None);
        assert_eq!(
            classify(&UpstreamResponse::test(200, r#"{"a": "b"}"#), &[]),
            None
        );
    }

    #[test]
    fn the_agent_names_the_connection() {
        assert_eq!(
            check_agent(br#"{"id": 4, "name": "Sam Tech"}"#),
            Ok(Some("HaloPSA (Sam Tech)".into()))
        );
        assert_eq!(check_agent(br#"{"id": 4}"#), Ok(None));
        assert!(check_agent(b"[]").is_err());
    }
}
