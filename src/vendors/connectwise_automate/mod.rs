//! ConnectWise Automate (REST v1, `docs/vendors/connectwise-automate.md`): a user name and
//! password (and a two-factor passcode when the server asks) exchanged for a bearer token,
//! with the gateway's `ClientId` header, on the MSP's own server.

mod api;
mod tools;

use super::{Api, Connect};
use crate::vendors::kit::fields::{Field, FieldKind};

pub const VENDOR: super::Vendor = super::Vendor {
    id: "connectwise-automate",
    tool_prefix: "cwa_",
    name: "ConnectWise Automate",
    category: "Remote monitoring and management",
    connect: Connect {
        docs_url: "https://developer.connectwise.com/Products/ConnectWise_Automate",
        instructions: "Create an Automate user for the gateway (System → Users in the Control Center) with the permissions it needs. The gateway signs in again whenever its token expires, so for unattended use tick Integrator on that user (bottom left of the user window): an integrator account signs in without two-factor prompts.",
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
            Field {
                name: "two_factor_passcode",
                label: "Two-factor passcode",
                help: "Only when the server asks for one: the current code of this user's authenticator. A passcode works once, so when the token expires (about an hour) the connection will ask to be reconnected; unattended use needs an integrator account without two-factor prompts.",
                kind: FieldKind::Secret,
                placeholder: "",
                required: false,
            },
            super::connectwise_psa::CLIENT_ID,
        ],
    },
    api: Some(&API),
};

/// The API and its tools.
static API: Api = Api {
    upstream: api::UPSTREAM,
    catalog: tools::CATALOG,
};
