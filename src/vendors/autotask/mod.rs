//! Autotask PSA (REST v1.0): three headers on every call, against the zone the API user's
//! database lives in, found with an unauthenticated zone lookup and cached. Its tools and
//! "Test connection" arrive with the Autotask tools.

mod api;
mod tools;

use super::{Api, Connect};
use crate::vendors::kit::fields::{Field, FieldKind};

pub const VENDOR: super::Vendor = super::Vendor {
    id: "autotask",
    tool_prefix: "autotask_",
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
    api: Some(&API),
};

/// The API and its tools.
static API: Api = Api {
    upstream: api::UPSTREAM,
    catalog: tools::CATALOG,
};
