//! ConnectWise PSA (Manage) REST 3.0 (`docs/vendors/connectwise-psa.md`): HTTP Basic with
//! `company+publicKey:privateKey` and the gateway's `clientId` header on every call, against
//! the codebase the company's site names (found once and cached).

mod api;
mod tools;

use super::{Api, Connect};
use crate::config::names::CONNECTWISE_CLIENT_ID;
use crate::vendors::kit::fields::{guid, Choice, Field, FieldKind};

/// The integrator client id ConnectWise requires on every API call, for PSA and Automate
/// alike. It belongs to the gateway (the operator's `CONNECTWISE_CLIENT_ID`); a connection to
/// a self-hosted server with its own integration may give one under "Advanced".
pub(super) const CLIENT_ID: Field = Field {
    name: "client_id",
    label: "Client ID",
    help: "Only for a self-hosted server that must use its own integration: a GUID from developer.connectwise.com → Client ID. Leave blank to use the gateway's.",
    kind: FieldKind::OperatorDefault {
        setting: CONNECTWISE_CLIENT_ID,
        check: guid,
    },
    placeholder: "",
    required: false,
};

/// ConnectWise's cloud API hosts (https://developer.connectwise.com, "Cloud URLs").
const SITES: &[Choice] = &[
    Choice {
        value: "https://api-na.myconnectwise.net",
        label: "North America",
    },
    Choice {
        value: "https://api-eu.myconnectwise.net",
        label: "Europe",
    },
    Choice {
        value: "https://api-au.myconnectwise.net",
        label: "Australia",
    },
    Choice {
        value: "https://api-za.myconnectwise.net",
        label: "South Africa",
    },
];

pub const VENDOR: super::Vendor = super::Vendor {
    id: "connectwise-psa",
    tool_prefix: "cwpsa_",
    name: "ConnectWise PSA",
    category: "Professional services automation",
    connect: Connect {
        docs_url: "https://developer.connectwise.com/Products/ConnectWise_PSA",
        instructions: "In ConnectWise PSA, open System → Members → API Members, create an API member with the security role the gateway needs, then on its API Keys tab add a key pair (the private key is shown once).",
        fields: &[
            Field {
                name: "site",
                label: "Site",
                help: "Your region's cloud site (North America, Europe, Australia or South Africa), or the https address of your own server if self-hosted.",
                kind: FieldKind::Site(SITES),
                placeholder: "https://api-na.myconnectwise.net",
                required: true,
            },
            Field {
                name: "company_id",
                label: "Company ID",
                help: "The company you sign in with on the ConnectWise login page.",
                kind: FieldKind::Identifier,
                placeholder: "",
                required: true,
            },
            Field {
                name: "public_key",
                label: "Public key",
                help: "System → Members → API Members → (member) → API Keys.",
                kind: FieldKind::Identifier,
                placeholder: "",
                required: true,
            },
            Field {
                name: "private_key",
                label: "Private key",
                help: "Shown once when the key pair is created.",
                kind: FieldKind::Secret,
                placeholder: "",
                required: true,
            },
            CLIENT_ID,
        ],
    },
    api: Some(&API),
};

/// The API and its tools.
static API: Api = Api {
    upstream: api::UPSTREAM,
    catalog: tools::CATALOG,
};
