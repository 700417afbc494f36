//! Xyte's organization API (`docs/vendors/xyte.md`): the organization API key goes raw in
//! `Authorization`, with no scheme (`Bearer <key>` is refused), to
//! `https://hub.xyte.io/core/v1/organization`. Failures are plain statuses (401 key, 403
//! permission, 404, 422 invalid parameter), read by the kit.

use crate::vendors::kit::api::{Auth, Upstream, Verify};
use crate::vendors::kit::budget::Budget;
use crate::vendors::kit::fields::Credentials;
use crate::vendors::kit::request::Call;
use crate::vendors::kit::upstream::VendorSession;
use serde_json::Value;

/// How the API is reached.
pub const UPSTREAM: Upstream = Upstream {
    base_url,
    session: None,
    auth: Auth::Custom(headers),
    verify: Verify {
        call: || Call::get("/info"),
        check: organization_name,
    },
    json_type: "application/json",
    classify: None,
    concurrency: None,
    pace: None,
    picklists: None,
    budget: Some(ACCOUNT_BUDGET),
};

/// The account's request budget: UNVERIFIED: no published figure; 60 a minute as xyte-mcp-alpha limits itself
/// (vendors.md, Xyte).
const ACCOUNT_BUDGET: Budget = Budget::of(60, 60);

/// The organization API; a partner key would use `/core/v1/partner`, which no tool calls.
fn base_url(_credentials: &Credentials) -> String {
    "https://hub.xyte.io/core/v1/organization".into()
}

/// The key as it goes on the wire: raw, even when it was pasted with a `Bearer ` scheme
/// (which Xyte refuses).
fn raw_key(key: &str) -> &str {
    let key = key.trim();
    match key.get(..7) {
        Some(scheme) if scheme.eq_ignore_ascii_case("bearer ") => key[7..].trim_start(),
        _ => key,
    }
}

fn headers(
    credentials: &Credentials,
    _session: Option<&VendorSession>,
) -> Vec<(&'static str, String)> {
    vec![(
        "authorization",
        raw_key(credentials.get("api_key")).to_owned(),
    )]
}

/// "Test connection" reads the organization's info, which names it.
fn organization_name(body: &[u8]) -> Result<Option<String>, String> {
    let info: Value =
        serde_json::from_slice(body).map_err(|_| "the organization info is not JSON".to_owned())?;
    if !info.is_object() {
        return Err("the organization info is not an object".into());
    }
    Ok(info.get("name").and_then(Value::as_str).map(str::to_owned))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_goes_raw_without_a_scheme() {
        let credentials = |key: &str| Credentials {
            secrets: [("api_key".to_owned(), key.to_owned())].into(),
            ..Credentials::default()
        };
        assert_eq!(
            headers(&credentials("xk_live_123"), None),
            vec![("authorization", "xk_live_123".to_owned())]
        );
        for pasted in [
            "Bearer xk_live_123",
            "bearer  xk_live_123",
            " BEARER xk_live_123 ",
        ] {
            assert_eq!(
                headers(&credentials(pasted), None)[0].1,
                "xk_live_123",
                "{pasted}"
            );
        }
        assert_eq!(
            base_url(&Credentials::default()),
            "https://hub.xyte.io/core/v1/organization"
        );
    }

    #[test]
    fn the_connection_test_names_the_organization() {
        assert_eq!(
            organization_name(br#"{"id":"o1","name":"Green Energy Corp","statistics":{}}"#),
            Ok(Some("Green Energy Corp".into()))
        );
        assert!(organization_name(b"[]").is_err());
        assert!(organization_name(b"<html>").is_err());
    }
}
