//! IT Glue: an `x-api-key` header on every call, against the API host of the account's region.

use super::fields::{Choice, Credentials, Field, FieldKind};
use super::{Auth, Connect, Upstream, Verify};

pub const VENDOR: super::Vendor = super::Vendor {
    id: "itglue",
    name: "IT Glue",
    category: "IT documentation",
    connect: Connect {
        docs_url: "https://api.itglue.com/developer/",
        instructions: "In IT Glue, an Administrator opens Account → Settings → API Keys, then under Custom API Keys clicks + and generates a key. Tick \"Password Access\" only if you want apps to read passwords through the gateway. IT Glue shows the key only once.",
        fields: &[
            Field {
                name: "api_key",
                label: "API key",
                help: "Account → Settings → API Keys → Custom API Keys; it starts with ITG.",
                kind: FieldKind::Secret,
                placeholder: "",
                required: true,
            },
            Field {
                name: "region",
                label: "Data centre",
                help: "Where your IT Glue account is hosted: itglue.com is the US, eu.itglue.com the EU, au.itglue.com Australia.",
                kind: FieldKind::Choice(REGIONS),
                placeholder: "",
                required: true,
            },
        ],
    },
    upstream: Some(&UPSTREAM),
};

const REGIONS: &[Choice] = &[
    Choice {
        value: "us",
        label: "United States (api.itglue.com)",
    },
    Choice {
        value: "eu",
        label: "European Union (api.eu.itglue.com)",
    },
    Choice {
        value: "au",
        label: "Australia (api.au.itglue.com)",
    },
];

static UPSTREAM: Upstream = Upstream {
    base_url,
    session: None,
    auth: Auth::Header {
        name: "x-api-key",
        prefix: "",
        field: "api_key",
    },
    verify: Some(Verify {
        path: "/organizations?page%5Bsize%5D=1",
        check: check_organizations,
    }),
    json_type: "application/vnd.api+json",
};

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
            super::super::fields::read(VENDOR.connect.fields, &Form::parse(query.as_bytes()), None)
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
