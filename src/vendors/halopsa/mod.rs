//! HaloPSA: a client-credentials token from the instance's authorisation server. The
//! connect form is here; calls, verification and tools arrive with the HaloPSA tools.

use super::Connect;
use crate::vendors::kit::fields::{Field, FieldKind};

pub const VENDOR: super::Vendor = super::Vendor {
    id: "halopsa",
    tool_prefix: "halopsa_",
    name: "HaloPSA",
    category: "Professional services automation",
    connect: Connect {
        docs_url: "https://halopsa.com/apidoc/",
        instructions: "In HaloPSA, open Configuration → Integrations → HaloPSA API → View Applications and add an application with the \"Client ID and Secret (Services)\" authentication method, an agent to act as, and the permissions the gateway needs. The same page shows the Resource Server address.",
        fields: &[
            Field {
                name: "url",
                label: "Halo address",
                help: "The web address you use HaloPSA at (the Resource Server without /api), for example https://yourcompany.halopsa.com.",
                kind: FieldKind::ServerUrl,
                placeholder: "https://yourcompany.halopsa.com",
                required: true,
            },
            Field {
                name: "tenant",
                label: "Tenant",
                help: "Hosted instances only: the tenant name shown on the HaloPSA API page. Leave empty for self-hosted Halo.",
                kind: FieldKind::AccountName,
                placeholder: "yourcompany",
                required: false,
            },
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
        ],
    },
    api: None,
};
