//! IT Glue: an `x-api-key` header on every call, against the API host of the account's region.

use crate::vendors::kit::api::{Auth, Upstream, Verify};
use crate::vendors::kit::budget::Budget;
use crate::vendors::kit::fields::Credentials;
use crate::vendors::kit::request::Call;

/// How the API is reached.
pub const UPSTREAM: Upstream = Upstream {
    base_url,
    session: None,
    auth: Auth::Header {
        name: "x-api-key",
        prefix: "",
        field: "api_key",
    },
    verify: Verify {
        call: || Call::get("/organizations?page%5Bsize%5D=1"),
        check: check_organizations,
    },
    json_type: "application/vnd.api+json",
    classify: None,
    concurrency: None,
    picklists: None,
    pace: None,
    budget: Some(ACCOUNT_BUDGET),
};

/// The account's request budget: 3,000 requests per 5 minutes per key (support.liongard.com, IT Glue error 429 article).
const ACCOUNT_BUDGET: Budget = Budget::of(3_000, 300);

fn base_url(credentials: &Credentials) -> String {
    match credentials.get("region") {
        "eu" => "https://api.eu.itglue.com".into(),
        "au" => "https://api.au.itglue.com".into(),
        _ => "https://api.itglue.com".into(),
    }
}

/// A JSON:API list answer proves the key works; IT Glue has no "who am I" call for API keys.
fn check_organizations(body: &[u8]) -> Result<Option<String>, String> {
    let json: serde_json::Value = serde_json::from_slice(body)
        .map_err(|_| "the organizations list is not JSON".to_owned())?;
    if json.get("data").is_some_and(serde_json::Value::is_array) {
        Ok(None)
    } else {
        Err("the organizations list has no data array".into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::form::Form;

    #[test]
    fn the_region_picks_the_host_and_the_key_goes_in_its_header() {
        let read = |query: &str| {
            crate::vendors::kit::fields::read(
                super::super::VENDOR.connect.fields,
                &Form::parse(query.as_bytes()),
                None,
            )
            .unwrap()
        };
        assert_eq!(
            base_url(&read("api_key=ITG.k&region=eu")),
            "https://api.eu.itglue.com"
        );
        assert_eq!(
            base_url(&read("api_key=ITG.k&region=au")),
            "https://api.au.itglue.com"
        );
        assert_eq!(
            base_url(&read("api_key=ITG.k&region=us")),
            "https://api.itglue.com"
        );
        assert_eq!(
            UPSTREAM
                .auth
                .headers(&read("api_key=ITG.k&region=us"), None),
            vec![("x-api-key", "ITG.k".to_owned())]
        );
        assert!(check_organizations(br#"{"data":[],"meta":{}}"#).is_ok());
        assert!(check_organizations(br#"{"errors":[]}"#).is_err());
    }
}
