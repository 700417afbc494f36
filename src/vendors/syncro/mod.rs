//! Syncro: a bearer API token against the account's subdomain (`docs/vendors/syncro.md`).

mod api;
mod tools;

use super::{Api, Connect};
use crate::vendors::kit::fields::{Field, FieldKind};

pub const VENDOR: super::Vendor = super::Vendor {
    id: "syncro",
    tool_prefix: "syncro_",
    name: "Syncro",
    category: "PSA and RMM",
    connect: Connect {
        docs_url: "https://api-docs.syncromsp.com/",
        instructions: "In Syncro, open Admin → API → API Tokens, choose + New Token, pick Custom Permissions with what the gateway may do, and create it. Syncro shows the token only once.",
        fields: &[
            Field {
                name: "subdomain",
                label: "Syncro subdomain",
                help: "The first part of your Syncro address: yourcompany.syncromsp.com is yourcompany.",
                kind: FieldKind::Subdomain {
                    suffix: ".syncromsp.com",
                },
                placeholder: "yourcompany",
                required: true,
            },
            Field {
                name: "api_token",
                label: "API token",
                help: "Admin → API → API Tokens.",
                kind: FieldKind::Secret,
                placeholder: "",
                required: true,
            },
        ],
    },
    api: Some(&API),
};

/// The API and its tools.
static API: Api = Api {
    upstream: api::UPSTREAM,
    catalog: tools::CATALOG,
};
