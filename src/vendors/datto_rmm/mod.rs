//! Datto RMM (API v2): an OAuth password grant with Datto's public client turns the user's
//! API key and secret into a bearer token (100 hours), on the platform the account lives on.

mod api;
mod tools;

use super::{Api, Connect};
use crate::vendors::kit::fields::{Choice, Field, FieldKind};

pub const VENDOR: super::Vendor = super::Vendor {
    id: "datto-rmm",
    tool_prefix: "datto_",
    name: "Datto RMM",
    category: "Remote monitoring and management",
    connect: Connect {
        docs_url: "https://rmm.datto.com/help/en/Content/2SETUP/APIv2.htm",
        instructions: "In Datto RMM, turn on API access under Setup → Global Settings → Access Control, then open Setup → Users, choose the user the gateway should act as and click Generate API Keys. Datto shows the secret key only once.",
        fields: &[
            Field {
                name: "api_key",
                label: "API key",
                help: "Setup → Users → (user) → API Keys: the API Key column.",
                kind: FieldKind::Identifier,
                placeholder: "",
                required: true,
            },
            Field {
                name: "api_secret",
                label: "API secret key",
                help: "Shown once when the keys are generated; generate new keys if you no longer have it.",
                kind: FieldKind::Secret,
                placeholder: "",
                required: true,
            },
            Field {
                name: "platform",
                label: "Platform",
                help: "The first part of the address you sign in to Datto RMM at: merlot.centrastage.net is Merlot.",
                kind: FieldKind::Choice(PLATFORMS),
                placeholder: "",
                required: true,
            },
        ],
    },
    api: Some(&API),
};

pub(super) const PLATFORMS: &[Choice] = &[
    Choice {
        value: "pinotage",
        label: "Pinotage",
    },
    Choice {
        value: "merlot",
        label: "Merlot",
    },
    Choice {
        value: "concord",
        label: "Concord",
    },
    Choice {
        value: "vidal",
        label: "Vidal",
    },
    Choice {
        value: "zinfandel",
        label: "Zinfandel",
    },
    Choice {
        value: "syrah",
        label: "Syrah",
    },
];

/// The API and its tools.
static API: Api = Api {
    upstream: api::UPSTREAM,
    catalog: tools::CATALOG,
};
