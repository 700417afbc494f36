//! Xyte (`docs/vendors/xyte.md`): the raw organization API key in `Authorization`, no scheme,
//! against the organization API (`https://hub.xyte.io/core/v1/organization`).

mod api;
mod tools;

use super::{Api, Connect};
use crate::vendors::kit::fields::{Field, FieldKind};

pub const VENDOR: super::Vendor = super::Vendor {
    id: "xyte",
    tool_prefix: "xyte_",
    name: "Xyte",
    category: "Device management platform",
    connect: Connect {
        docs_url: "https://docs.xyte.io/",
        instructions: "In the Xyte portal (app.xyte.io), open Settings → API Keys and create an organization API key. The key is bound to your organization, so no tenant ID is needed.",
        fields: &[Field {
            name: "api_key",
            label: "Organization API key",
            help: "app.xyte.io → Settings → API Keys.",
            kind: FieldKind::Secret,
            placeholder: "",
            required: true,
        }],
    },
    api: Some(&API),
};

/// How Xyte is called, and its tools.
static API: Api = Api {
    upstream: api::UPSTREAM,
    catalog: tools::CATALOG,
};
