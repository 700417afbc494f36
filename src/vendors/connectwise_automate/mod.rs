//! ConnectWise Automate (REST v1): a user name and password exchanged for an hour-long
//! bearer token, with a `ClientId` header, on the user's own server. The connect form is
//! here; calls and tools arrive with its tools.

use super::Connect;
use crate::vendors::kit::fields::{Field, FieldKind};

pub const VENDOR: super::Vendor = super::Vendor {
    id: "connectwise-automate",
    tool_prefix: "cwa_",
    name: "ConnectWise Automate",
    category: "Remote monitoring and management",
    connect: Connect {
        docs_url: "https://developer.connectwise.com/Products/ConnectWise_Automate",
        instructions: "Create an Automate user for the gateway (System → Users in the Control Center) with the permissions it needs. Automate requires an integrator client ID on every API call: request one at developer.connectwise.com → Client ID.",
        fields: &[
            Field {
                name: "server",
                label: "Server address",
                help: "The address of your Automate server, for example https://yourcompany.hostedrmm.com.",
                kind: FieldKind::ServerUrl,
                placeholder: "https://yourcompany.hostedrmm.com",
                required: true,
            },
            Field {
                name: "username",
                label: "User name",
                help: "The Automate user the gateway signs in as.",
                kind: FieldKind::Identifier,
                placeholder: "",
                required: true,
            },
            Field {
                name: "password",
                label: "Password",
                help: "That user's password.",
                kind: FieldKind::Secret,
                placeholder: "",
                required: true,
            },
            super::connectwise_psa::CLIENT_ID,
        ],
    },
    api: None,
};
