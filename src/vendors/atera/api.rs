//! Atera (REST API v3, `docs/vendors/atera.md`): the account's API key in an `X-API-KEY`
//! header on every call, against the one global host. Atera publishes no rate limit, so no
//! budget is paced; a 429 is read as usual.

use crate::vendors::kit::api::{Auth, Upstream, Verify};
use crate::vendors::kit::budget::Budget;
use crate::vendors::kit::fields::Credentials;
use crate::vendors::kit::request::Call;
use serde_json::Value;

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
        call: || Call::get("/api/v3/customers?itemsInPage=1"),
        check: check_customers,
    },
    json_type: "application/json",
    classify: None,
    concurrency: None,
    picklists: None,
    pace: None,
    budget: Some(ACCOUNT_BUDGET),
};

/// The account's request budget: UNVERIFIED: Atera publishes no figure; 700 a minute is WYRE's skill's (vendors.md,
/// field-2026-12.md).
const ACCOUNT_BUDGET: Budget = Budget::of(700, 60);

/// One host for every account; the key selects the account.
fn base_url(_: &Credentials) -> String {
    "https://app.atera.com".into()
}

/// A customers page (`{items, totalItemCount, …}`) proves the key works; Atera has no "who am
/// I" call.
fn check_customers(body: &[u8]) -> Result<Option<String>, String> {
    let page: Value =
        serde_json::from_slice(body).map_err(|_| "the customers list is not JSON".to_owned())?;
    if page.get("items").is_some_and(Value::is_array) {
        Ok(None)
    } else {
        Err("the customers list has no items array".into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::form::Form;

    #[test]
    fn the_key_goes_in_its_header_to_the_one_host() {
        let keys = crate::vendors::kit::fields::read(
            super::super::VENDOR.connect.fields,
            &Form::parse(b"api_key=a7e3k3y"),
            None,
        )
        .unwrap();
        assert_eq!(base_url(&keys), "https://app.atera.com");
        assert_eq!(
            UPSTREAM.auth.headers(&keys, None),
            vec![("x-api-key", "a7e3k3y".to_owned())]
        );
        assert!(check_customers(br#"{"items":[],"totalItemCount":0,"nextLink":""}"#).is_ok());
        assert!(check_customers(br#"{"Message":"Unauthorized"}"#).is_err());
    }
}
