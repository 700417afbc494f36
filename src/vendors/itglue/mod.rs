//! IT Glue: an `x-api-key` header on every call, against the API host of the account's region.

mod api;
mod tools;

use super::{Api, Connect};
use crate::vendors::kit::fields::{Choice, Field, FieldKind};

pub const VENDOR: super::Vendor = super::Vendor {
    id: "itglue",
    tool_prefix: "itglue_",
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
    api: Some(&API),
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

/// The API and its tools.
static API: Api = Api {
    upstream: api::UPSTREAM,
    catalog: tools::CATALOG,
};
