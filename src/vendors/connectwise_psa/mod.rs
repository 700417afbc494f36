//! ConnectWise PSA (Manage) REST 3.0: HTTP Basic with `company+publicKey:privateKey` and a
//! `clientId` header. The connect form is here; calls and tools arrive with its tools.

use super::Connect;
use crate::vendors::kit::fields::{Field, FieldKind};

/// The integrator client id ConnectWise requires on every API call, for PSA and Automate alike.
pub(super) const CLIENT_ID: Field = Field {
    name: "client_id",
    label: "Client ID",
    help: "A GUID from developer.connectwise.com → Client ID.",
    kind: FieldKind::Identifier,
    placeholder: "",
    required: true,
};

pub const VENDOR: super::Vendor = super::Vendor {
    id: "connectwise-psa",
    tool_prefix: "cwpsa_",
    name: "ConnectWise PSA",
    category: "Professional services automation",
    connect: Connect {
        docs_url: "https://developer.connectwise.com/Products/ConnectWise_PSA",
        instructions: "In ConnectWise PSA, open System → Members → API Members, create an API member with the security role the gateway needs, then on its API Keys tab add a key pair (the private key is shown once). The client ID comes from the ConnectWise Developer Network (developer.connectwise.com → Client ID).",
        fields: &[
            Field {
                name: "site",
                label: "Site",
                help: "Your API address: api-na.myconnectwise.net, api-eu.myconnectwise.net or api-au.myconnectwise.net in the cloud, or your own server if self-hosted.",
                kind: FieldKind::ServerUrl,
                placeholder: "api-na.myconnectwise.net",
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
    api: None,
};
