//! HaloPSA: the instance's own OAuth 2 server issues the bearer tokens, either to an MSP
//! technician who signs in with HaloPSA (authorization code with PKCE; calls then act as that
//! technician) or to an API application by client credentials (a shared service account).
//! `api.rs` is how the API is reached, `tools.rs` the catalog, `report.rs` the SQL that
//! `halopsa_run_report` accepts. Facts and sources: `docs/vendors/halopsa.md`.

mod api;
mod report;
mod tools;

use super::{Api, Connect};
use crate::vendors::kit::fields::{Field, FieldKind};

/// The HaloPSA API and its tools.
static API: Api = Api {
    upstream: api::UPSTREAM,
    catalog: tools::CATALOG,
};

/// Where the instance is: the same two fields on both ways to connect.
const URL: Field = Field {
    name: "url",
    label: "Halo address",
    help: "The web address you use HaloPSA at (the Resource Server without /api), for example https://yourcompany.halopsa.com.",
    kind: FieldKind::ServerUrl,
    placeholder: "https://yourcompany.halopsa.com",
    required: true,
};
const TENANT: Field = Field {
    name: "tenant",
    label: "Tenant",
    help: "Hosted instances only: the tenant name shown on the HaloPSA API page. Leave empty for self-hosted Halo.",
    kind: FieldKind::AccountName,
    placeholder: "yourcompany",
    required: false,
};

/// The fields of "Sign in with HaloPSA": where Halo is and the native application's client
/// id (a public client: it has no secret).
const SIGN_IN_FIELDS: &[Field] = &[
    URL,
    TENANT,
    Field {
        name: "client_id",
        label: "Client ID",
        help: "The Client ID of the \"Authorisation Code (Native Application)\" application registered in Halo for the gateway.",
        kind: FieldKind::Identifier,
        placeholder: "",
        required: true,
    },
];

pub const VENDOR: super::Vendor = super::Vendor {
    id: "halopsa",
    tool_prefix: "halopsa_",
    name: "HaloPSA",
    category: "Professional services automation",
    connect: Connect {
        docs_url: "https://halopsa.com/apidoc/",
        instructions: "API application (a shared service account): in HaloPSA, open Configuration → Integrations → HaloPSA API → View Applications and add an application with the \"Client ID and Secret (Services)\" authentication method, an agent to act as, and the permissions the gateway needs. The same page shows the Resource Server address.",
        fields: &[
            URL,
            TENANT,
            Field {
                name: "client_id",
                label: "Client ID",
                help: "The application's Client ID.",
                kind: FieldKind::Identifier,
                placeholder: "",
                required: true,
            },
            Field {
                name: "client_secret",
                label: "Client secret",
                help: "The application's Client Secret, shown once when the application is created.",
                kind: FieldKind::Secret,
                placeholder: "",
                required: true,
            },
            Field {
                name: "scope",
                label: "Scope",
                help: "The permissions the token asks for: all (the default when left empty), or Halo scopes such as read:tickets edit:tickets read:customers. Halo gives a token asked without a scope no rights at all.",
                kind: FieldKind::Identifier,
                placeholder: "all",
                required: false,
            },
        ],
    },
    api: Some(&API),
};
