//! Autotask PSA (REST v1.0, `docs/vendors/autotask.md`): three headers on every call,
//! against the zone the API user's database lives in, found with an unauthenticated zone
//! lookup and cached. Failures of the keys arrive as HTTP 500 with an `errors` array, read
//! here into "reconnect"; at most three calls per entity are in flight per connection (the
//! API's thread limit); picklists come from each entity's field definitions.

use crate::vendors::kit::api::{Auth, Picklists, SessionExchange, Upstream, Verify};
use crate::vendors::kit::budget::{Budget, Observed, VendorCount};
use crate::vendors::kit::fields::Credentials;
use crate::vendors::kit::picklist::{PicklistField, PicklistValue};
use crate::vendors::kit::request::{path, Call};
use crate::vendors::kit::upstream::{
    vendor_reason, UpstreamError, UpstreamRequest, UpstreamResponse, VendorSession, Verb,
};
use serde_json::{json, Value};

/// How the API is reached.
pub const UPSTREAM: Upstream = Upstream {
    base_url,
    session: Some(SessionExchange {
        request: zone_request,
        parse: parse_zone,
    }),
    auth: Auth::Custom(headers),
    verify: Verify {
        call: owner_company,
        check: check_owner_company,
    },
    json_type: "application/json",
    classify: Some(classify),
    concurrency: Some(THREADS_PER_ENTITY),
    picklists: Some(Picklists {
        request: |entity| Call::get(path(&["/", entity, "/entityInformation/fields"])),
        parse: parse_fields,
    }),
    pace: None,
    budget: Some(ACCOUNT_BUDGET),
};

/// 10,000 requests per rolling hour per database, shared by every integration of the
/// database; past it the API is off for all of them until the hour rolls on
/// (autotask.net developer help, "Thresholds and limits"; field-2026-12.md). The database's
/// own count is `GET /ThresholdInformation`.
const ACCOUNT_BUDGET: Budget = Budget {
    count: Some(VendorCount {
        call: || Call::get("/ThresholdInformation"),
        parse: parse_threshold,
    }),
    ..Budget::of(10_000, 3_600)
};

/// Reads `{externalRequestThreshold, requestThresholdTimeframe, currentTimeframeRequestCount}`.
fn parse_threshold(body: &[u8]) -> Result<Observed, String> {
    let json: Value = serde_json::from_slice(body).map_err(|_| "not JSON".to_owned())?;
    let number = |name: &str| {
        json.get(name)
            .and_then(Value::as_u64)
            .map(|n| n.min(u64::from(u32::MAX)) as u32)
            .ok_or_else(|| format!("no {name}"))
    };
    Ok(Observed {
        threshold: number("externalRequestThreshold")?,
        count: number("currentTimeframeRequestCount")?,
    })
}

/// Autotask runs at most three requests at once per entity for one integration.
const THREADS_PER_ENTITY: usize = 3;

/// "Test connection": the MSP's own company, which is company 0 in every Autotask database.
fn owner_company() -> Call {
    Call::post(
        "/Companies/query",
        json!({
            "filter": [{ "op": "eq", "field": "id", "value": 0 }],
            "IncludeFields": ["id", "companyName"],
            "MaxRecords": 1,
        }),
    )
}

fn check_owner_company(body: &[u8]) -> Result<Option<String>, String> {
    let page: Value = serde_json::from_slice(body)
        .map_err(|_| "the company query did not answer with JSON".to_owned())?;
    let items = page
        .get("items")
        .and_then(Value::as_array)
        .ok_or_else(|| "the company query has no items".to_owned())?;
    Ok(items
        .first()
        .and_then(|company| company.get("companyName"))
        .and_then(Value::as_str)
        .map(str::to_owned))
}

/// Words in a 500's `errors` that mean the keys themselves were refused: a bad integration
/// code, an inactive API user, a failed authentication. (A validation error may say that a
/// status or a queue "is inactive": that is the request's fault, not the keys'.)
const REFUSED_KEYS: &[&str] = &[
    "integrationcode",
    "unable to authenticate",
    "api user is inactive",
];

/// Autotask reports refused keys and invalid requests alike as HTTP 500 with an `errors`
/// array: refused keys mean "reconnect", anything else is the request's fault, not an outage
/// (so it is not retried).
fn classify(response: &UpstreamResponse, secrets: &[&str]) -> Option<UpstreamError> {
    if response.status != 500 {
        return None;
    }
    let body: Value = serde_json::from_slice(&response.body).ok()?;
    body.get("errors")?.as_array()?;
    let reason = vendor_reason(&response.body, secrets);
    let lower = reason.as_deref().unwrap_or_default().to_ascii_lowercase();
    Some(if REFUSED_KEYS.iter().any(|word| lower.contains(word)) {
        UpstreamError::Unauthorized { reason }
    } else {
        UpstreamError::Refused {
            status: 500,
            reason,
        }
    })
}

/// Reads `entityInformation/fields` into the entity's picklist fields, values as digits.
fn parse_fields(body: &[u8]) -> Result<Vec<PicklistField>, String> {
    #[derive(serde::Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Fields {
        fields: Vec<FieldInfo>,
    }
    #[derive(serde::Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct FieldInfo {
        name: String,
        #[serde(default)]
        is_pick_list: bool,
        #[serde(default)]
        picklist_values: Option<Vec<ValueInfo>>,
        #[serde(default)]
        picklist_parent_value_field: Option<String>,
    }
    #[derive(serde::Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct ValueInfo {
        value: Value,
        label: String,
        #[serde(default)]
        is_active: bool,
        #[serde(default)]
        is_default_value: bool,
        #[serde(default)]
        parent_value: Option<Value>,
    }
    let text = |value: &Value| match value {
        Value::String(text) => Some(text.trim().to_owned()).filter(|t| !t.is_empty()),
        Value::Number(number) => Some(number.to_string()),
        _ => None,
    };
    let fields: Fields = serde_json::from_slice(body)
        .map_err(|_| "the field definitions are not what Autotask documents".to_owned())?;
    Ok(fields
        .fields
        .into_iter()
        .filter(|field| field.is_pick_list)
        .map(|field| PicklistField {
            name: field.name,
            parent: field.picklist_parent_value_field.filter(|p| !p.is_empty()),
            values: field
                .picklist_values
                .unwrap_or_default()
                .into_iter()
                .filter_map(|value| {
                    Some(PicklistValue {
                        id: text(&value.value)?,
                        label: value.label,
                        active: value.is_active,
                        default: value.is_default_value,
                        parent: value.parent_value.as_ref().and_then(text),
                    })
                })
                .collect(),
        })
        .collect())
}

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
        UpstreamResponse::test(status, body)
    }

    #[test]
    fn the_threshold_information_is_read_into_the_vendors_count() {
        let budget = UPSTREAM.budget.unwrap();
        assert_eq!((budget.requests, budget.per_seconds), (10_000, 3_600));
        let count = budget.count.unwrap();
        assert_eq!((count.call)().path, "/ThresholdInformation");
        assert_eq!(
            (count.parse)(
                br#"{"externalRequestThreshold":10000,"requestThresholdTimeframe":60,"currentTimeframeRequestCount":4321}"#
            ),
            Ok(Observed {
                threshold: 10_000,
                count: 4_321
            })
        );
        assert!((count.parse)(br#"{"externalRequestThreshold":10000}"#).is_err());
        assert!((count.parse)(b"<html>").is_err());
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
    fn refused_keys_in_a_500_mean_reconnect_and_other_500_errors_are_refusals() {
        for reason in [
            "IntegrationCode is invalid.",
            "Unable to authenticate: the API user is inactive.",
        ] {
            let body = json!({ "errors": [reason] }).to_string();
            assert!(
                matches!(
                    classify(&answer(500, &body), &[]),
                    Some(UpstreamError::Unauthorized { .. })
                ),
                "{reason}"
            );
        }
        assert_eq!(
            classify(&answer(500, r#"{"errors":["Unknown field: colour"]}"#), &[]),
            Some(UpstreamError::Refused {
                status: 500,
                reason: Some("Unknown field: colour".into())
            })
        );
        assert!(matches!(
            classify(
                &answer(500, r#"{"errors":["Value 19 of status is inactive."]}"#),
                &[]
            ),
            Some(UpstreamError::Refused { status: 500, .. })
        ));
        assert_eq!(classify(&answer(500, "<html>down</html>"), &[]), None);
        assert_eq!(classify(&answer(200, r#"{"errors":["x"]}"#), &[]), None);
    }

    #[test]
    fn picklists_come_from_field_definitions() {
        let body = json!({"fields": [
            {"name": "title", "isPickList": false, "picklistValues": null},
            {"name": "subIssueType", "isPickList": true, "picklistParentValueField": "issueType", "picklistValues": [
                {"value": "101", "label": "Laptop", "isActive": true, "isDefaultValue": false, "parentValue": "1"},
                {"value": "103", "label": "Fax Machine", "isActive": false, "isDefaultValue": false, "parentValue": "1"}
            ]},
            {"name": "priority", "isPickList": true, "picklistParentValueField": "", "picklistValues": [
                {"value": 2, "label": "Medium", "isActive": true, "isDefaultValue": true, "parentValue": ""}
            ]}
        ]});
        let fields = parse_fields(body.to_string().as_bytes()).unwrap();
        assert_eq!(fields.len(), 2);
        assert_eq!(fields[0].parent.as_deref(), Some("issueType"));
        assert_eq!(fields[0].values[0].parent.as_deref(), Some("1"));
        assert!(!fields[0].values[1].active);
        assert_eq!(
            (fields[1].parent.as_deref(), fields[1].values[0].id.as_str()),
            (None, "2")
        );
        assert!(fields[1].values[0].default);
        assert!(parse_fields(b"[]").is_err());
    }

    #[test]
    fn the_connection_test_reads_the_owner_company() {
        let call = owner_company();
        assert_eq!(
            (call.method, call.path.as_str()),
            (Verb::Post, "/Companies/query")
        );
        assert_eq!(call.body.unwrap()["filter"][0]["value"], 0);
        assert_eq!(
            check_owner_company(
                br#"{"items":[{"id":0,"companyName":"Contoso MSP"}],"pageDetails":{}}"#
            ),
            Ok(Some("Contoso MSP".into()))
        );
        assert!(check_owner_company(br#"{"errors":[]}"#).is_err());
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
