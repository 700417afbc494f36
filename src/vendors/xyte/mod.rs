//! Xyte: the raw organisation API key in `Authorization`. The connect form is here; calls
//! and tools arrive with the Xyte tools.

use super::Connect;
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
    api: None,
};
