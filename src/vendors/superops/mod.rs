//! SuperOps (GraphQL, `docs/vendors/superops.md`): a bearer API token plus the
//! `CustomerSubDomain` header, against the endpoint of the data centre (US or EU) and edition
//! (MSP, or IT teams) the connection chose.

mod api;
mod tools;

use super::{Api, Connect};
use crate::vendors::kit::fields::{Choice, Field, FieldKind};

pub const VENDOR: super::Vendor = super::Vendor {
    id: "superops",
    tool_prefix: "superops_",
    name: "SuperOps",
    category: "PSA and RMM",
    connect: Connect {
        docs_url: "https://developer.superops.com/",
        instructions: "In SuperOps, open Settings → My Profile and generate an API token. Each user has one active token; generating a new one stops the old one. The token acts with your role's permissions.",
        fields: &[
            Field {
                name: "api_token",
                label: "API token",
                help: "Settings → My Profile → API token.",
                kind: FieldKind::Secret,
                placeholder: "",
                required: true,
            },
            Field {
                name: "subdomain",
                label: "Customer subdomain",
                help: "The first part of your SuperOps address (yourcompany.superops.ai is yourcompany); sent as CustomerSubDomain.",
                kind: FieldKind::AccountName,
                placeholder: "yourcompany",
                required: true,
            },
            Field {
                name: "region",
                label: "Data centre",
                help: "Where your SuperOps account is hosted: United States (api.superops.ai) or European Union (euapi.superops.ai).",
                kind: FieldKind::Choice(&[
                    Choice { value: "us", label: "United States" },
                    Choice { value: "eu", label: "European Union" },
                ]),
                placeholder: "",
                required: true,
            },
            Field {
                name: "edition",
                label: "Edition",
                help: "SuperOps for MSPs (clients), or SuperOps for internal IT teams (departments).",
                kind: FieldKind::Choice(&[
                    Choice { value: "msp", label: "MSP" },
                    Choice { value: "it", label: "IT teams" },
                ]),
                placeholder: "",
                required: true,
            },
        ],
    },
    api: Some(&API),
};

/// How SuperOps is called, and its tools.
static API: Api = Api {
    upstream: api::UPSTREAM,
    catalog: tools::CATALOG,
};
