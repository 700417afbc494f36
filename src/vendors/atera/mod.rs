//! Atera (API v3): an `X-API-KEY` header against app.atera.com (`docs/vendors/atera.md`).

mod api;
mod tools;

use super::{Api, Connect};
use crate::vendors::kit::fields::{Field, FieldKind};

pub const VENDOR: super::Vendor = super::Vendor {
    id: "atera",
    tool_prefix: "atera_",
    name: "Atera",
    category: "RMM and helpdesk",
    connect: Connect {
        docs_url: "https://app.atera.com/apidocs",
        instructions: "In Atera, an administrator opens Admin → Data management → API and copies the API key (there is one per account; the API is not available on free trials).",
        fields: &[Field {
            name: "api_key",
            label: "API key",
            help: "Admin → Data management → API → API key.",
            kind: FieldKind::Secret,
            placeholder: "",
            required: true,
        }],
    },
    api: Some(&API),
};

/// The API and its tools.
static API: Api = Api {
    upstream: api::UPSTREAM,
    catalog: tools::CATALOG,
};
