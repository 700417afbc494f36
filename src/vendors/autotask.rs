//! Autotask PSA (REST v1.0): three headers on every call, against the zone the API user's
//! database lives in, found with an unauthenticated zone lookup and cached. Its tools and
//! "Test connection" arrive with the Autotask tools.

use super::fields::{Credentials, Field, FieldKind};
use super::upstream::{UpstreamError, UpstreamRequest, UpstreamResponse, VendorSession, Verb};
use super::{Auth, Connect, SessionExchange, Upstream};

pub const VENDOR: super::Vendor = super::Vendor {
    id: "autotask",
    name: "Autotask PSA",
    category: "Professional services automation",
    connect: Connect {
        docs_url: "https://ww1.autotask.net/help/DeveloperHelp/Content/APIs/REST/REST_API_Home.htm",
        instructions: "In Autotask, open Admin → Account Settings & Users → Resources/Users, choose + New API User, give it a security level with the access the gateway needs, and under API Tracking Identifier pick or create an integration. Save to see the user name and generate the secret.",
        fields: &[
            Field {
                name: "username",
                label: "API user name",
                help: "The API user's user name, usually an address like gateway@yourcompany.com.",
                kind: FieldKind::Identifier,
                placeholder: "",
                required: true,
            },
            Field {
                name: "secret",
                label: "Secret",
                help: "The API user's password (Secret), from the same API user page.",
                kind: FieldKind::Secret,
                placeholder: "",
                required: true,
            },
            Field {
                name: "integration_code",
                label: "API integration code",
                help: "The API Tracking Identifier of the API user (27 characters).",
                kind: FieldKind::Identifier,
                placeholder: "",
                required: true,
            },
        ],
    },
    upstream: Some(&UPSTREAM),
};

static UPSTREAM: Upstream = Upstream {
    base_url,
    session: Some(SessionExchange {
        request: zone_request,
        parse: parse_zone,
    }),
    auth: Auth::Custom(headers),
    verify: None,
    json_type: "application/json",
};

/// Where zone lookups go; the API itself lives at the zone's URL.
fn base_url(_credentials: &Credentials) -> String {
    "https://webservices.autotask.net".into()
}

fn zone_request(credentials: &Credentials, base: &str) -> UpstreamRequest {
    let query = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("user", credentials.get("username"))
        .finish();
    UpstreamRequest::new(
        Verb::Get,
        format!("{base}/ATServicesRest/V1.0/ZoneInformation?{query}"),
    )
    .header("accept", "application/json")
}

/// Zones change rarely; a day keeps lookups off the hot path.
const ZONE_TTL_SECONDS: u64 = 24 * 60 * 60;

/// Reads the zone's REST URL. Only Autotask's own https hosts (or the configured lookup
/// host, for sandboxes and mocks) are accepted: the answer decides where secrets are sent.
fn parse_zone(
    response: &UpstreamResponse,
    base: &str,
    secrets: &[&str],
) -> Result<VendorSession, UpstreamError> {
    #[derive(serde::Deserialize)]
    struct Zone {
        #[serde(alias = "Url")]
        url: String,
    }
    if !response.ok() {
        // Autotask answers an unknown user with HTTP 500 and an `errors` array.
        return Err(match UpstreamError::from_response(response, secrets) {
            UpstreamError::Unavailable { reason, .. } | UpstreamError::Refused { reason, .. } => {
                UpstreamError::Unauthorized { reason }
            }
            other => other,
        });
    }
    let zone: Zone =
        serde_json::from_slice(&response.body).map_err(|_| UpstreamError::InvalidResponse {
            detail: "the zone lookup has no url".into(),
        })?;
    let root = zone.url.trim_end_matches('/');
    let trusted = url::Url::parse(root).is_ok_and(|url| {
        let autotask = url.scheme() == "https"
            && url
                .host_str()
                .is_some_and(|host| host.ends_with(".autotask.net"));
        let same_as_lookup = url::Url::parse(base).is_ok_and(|b| b.origin() == url.origin());
        autotask || same_as_lookup
    });
    if !trusted {
        return Err(UpstreamError::InvalidResponse {
            detail: "the zone lookup named a host outside autotask.net".into(),
        });
    }
    Ok(VendorSession {
        token: None,
        base_url: Some(format!("{root}/v1.0")),
        ttl_seconds: ZONE_TTL_SECONDS,
    })
}

fn headers(
    credentials: &Credentials,
    _session: Option<&VendorSession>,
) -> Vec<(&'static str, String)> {
    vec![
        (
            "apiintegrationcode",
            credentials.get("integration_code").to_owned(),
        ),
        ("username", credentials.get("username").to_owned()),
        ("secret", credentials.get("secret").to_owned()),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(status: u16, body: &str) -> UpstreamResponse {
        UpstreamResponse {
            status,
            retry_after: None,
            body: body.as_bytes().to_vec(),
        }
    }

    #[test]
    fn the_zone_lookup_names_the_user() {
        let credentials = Credentials {
            secrets: [("username".to_owned(), "api@msp.example".to_owned())].into(),
            ..Credentials::default()
        };
        assert_eq!(
            zone_request(&credentials, "https://webservices.autotask.net").url,
            "https://webservices.autotask.net/ATServicesRest/V1.0/ZoneInformation?user=api%40msp.example"
        );
    }

    #[test]
    fn zones_on_autotask_hosts_become_the_api_root() {
        let session = parse_zone(
            &answer(200, r#"{"zoneName":"Zone 5","url":"https://webservices5.autotask.net/atservicesrest/","webUrl":"https://ww5.autotask.net/","ci":1}"#),
            "https://webservices.autotask.net",
            &[],
        )
        .unwrap();
        assert_eq!(
            session.base_url.as_deref(),
            Some("https://webservices5.autotask.net/atservicesrest/v1.0")
        );
        for evil in [
            r#"{"url":"https://evil.example/atservicesrest"}"#,
            r#"{"url":"http://webservices5.autotask.net/atservicesrest"}"#,
            r#"{"url":"https://autotask.net.evil.example/x"}"#,
        ] {
            assert!(
                parse_zone(&answer(200, evil), "https://webservices.autotask.net", &[]).is_err(),
                "{evil}"
            );
        }
        assert!(parse_zone(
            &answer(200, r#"{"url":"http://127.0.0.1:9000/atservicesrest"}"#),
            "http://127.0.0.1:9000",
            &[]
        )
        .is_ok());
    }

    #[test]
    fn an_unknown_user_is_a_credential_error() {
        assert_eq!(
            parse_zone(
                &answer(
                    500,
                    r#"{"errors":["Zone information could not be determined"]}"#
                ),
                "https://webservices.autotask.net",
                &[]
            ),
            Err(UpstreamError::Unauthorized {
                reason: Some("Zone information could not be determined".into())
            })
        );
    }
}
