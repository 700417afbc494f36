//! IT Glue's tools (`docs/vendors/itglue.md`): organizations, configurations, passwords,
//! documents and flexible assets, as JSON:API. Lists are paged with `page[size]` (at most
//! 1000) and an absolute `links.next`; filters are exact matches.

use crate::tools::args::{Kind, Param};
use crate::tools::plan::{Action, Plan, Template};
use crate::tools::{Access, Catalog, Tool, Toolset};
use crate::vendors::kit::paging::{Next, Paging, Place};
use crate::vendors::kit::request::{path, with_query};
use crate::vendors::kit::shape::Records;

const ORGANIZATION: Param = Param::optional(
    "organization_id",
    Kind::NumericId,
    "Only records of this organization (from itglue_search_organizations).",
);
const NAME: Param = Param::optional(
    "name",
    Kind::Text,
    "The exact name (IT Glue filters match whole values, ignoring case).",
);

/// IT Glue's catalog.
pub const CATALOG: Catalog = Catalog {
    record: Records::JsonApi,
    list: Records::JsonApi,
    paging: Paging {
        size: Place::Query("page[size]"),
        max_size: 1000,
        next: Next::BodyLink {
            at: "links.next",
            keep_body: false,
        },
        total: Some("meta.total-count"),
        count: None,
    },
    secret_fields: &["password"],
    toolsets: &[
        Toolset {
            name: "documentation",
            description: "organizations, configurations, documents and flexible assets",
            default: true,
        },
        Toolset {
            name: "passwords",
            description: "password records, and revealing one password",
            default: true,
        },
    ],
    tools: &[
        Tool {
            name: "itglue_search_organizations",
            title: "Search organizations",
            description: "List IT Glue organizations (customers), optionally the one with an exact name, or those of one organization type or status.",
            params: &[
                NAME,
                Param::optional("organization_type_id", Kind::NumericId, "Only organizations of this type (an organization's organization-type-id, such as the Customer type's)."),
                Param::optional("organization_status_id", Kind::NumericId, "Only organizations in this status (an organization's organization-status-id)."),
                Param::limit(),
            ],
            access: Access::Read,
            toolset: "documentation",
            effect: None,
            action: Action::Template(Template::get("/organizations").query(&[
                ("filter[name]", "name"),
                ("filter[organization_type_id]", "organization_type_id"),
                ("filter[organization_status_id]", "organization_status_id"),
            ])),
            summary: &["name", "id", "organization-type-name", "organization-status-name", "short-name"],
            labels: None,
        },
        Tool {
            name: "itglue_get_organization",
            title: "Get an organization",
            description: "Get one IT Glue organization by id, with its quick notes, type and status.",
            params: &[Param::required("organization_id", Kind::NumericId, "The organization's id.")],
            access: Access::Read,
            toolset: "documentation",
            effect: None,
            action: Action::Template(Template::get("/organizations/{organization_id}")),
            summary: &["name", "id", "organization-type-name", "organization-status-name", "quick-notes"],
            labels: None,
        },
        Tool {
            name: "itglue_search_configurations",
            title: "Search configurations",
            description: "List configurations (servers, workstations, network devices) documented in IT Glue, by organization, exact name or serial number.",
            params: &[
                ORGANIZATION,
                NAME,
                Param::optional("serial_number", Kind::Text, "The exact serial number."),
                Param::limit(),
            ],
            access: Access::Read,
            toolset: "documentation",
            effect: None,
            action: Action::Template(Template::get("/configurations").query(&[
                ("filter[organization_id]", "organization_id"),
                ("filter[name]", "name"),
                ("filter[serial_number]", "serial_number"),
            ])),
            summary: &["name", "id", "organization-name", "configuration-type-name", "serial-number", "primary-ip"],
            labels: None,
        },
        Tool {
            name: "itglue_get_configuration",
            title: "Get a configuration",
            description: "Get one IT Glue configuration by id: hardware, operating system, addresses, warranty and notes.",
            params: &[Param::required("configuration_id", Kind::NumericId, "The configuration's id.")],
            access: Access::Read,
            toolset: "documentation",
            effect: None,
            action: Action::Template(Template::get("/configurations/{configuration_id}")),
            summary: &["name", "id", "organization-name", "configuration-type-name", "serial-number", "operating-system-name", "primary-ip"],
            labels: None,
        },
        Tool {
            name: "itglue_search_passwords",
            title: "Search passwords",
            description: "List password records (name, username, URL, category) by organization or exact name. Never returns password values; use itglue_get_password for one, which needs the separate secrets permission.",
            params: &[ORGANIZATION, NAME, Param::limit()],
            access: Access::Read,
            toolset: "passwords",
            effect: None,
            action: Action::Template(Template::get("/passwords").query(&[
                ("filter[organization_id]", "organization_id"),
                ("filter[name]", "name"),
            ])),
            summary: &["name", "id", "username", "url", "organization-name", "password-category-name"],
            labels: None,
        },
        Tool {
            name: "itglue_get_password",
            title: "Reveal a password",
            description: "Get one password record by id, including the password itself. Needs the secrets permission the user grants explicitly; every call is recorded in the audit log.",
            params: &[Param::required("password_id", Kind::NumericId, "The password record's id (from itglue_search_passwords).")],
            access: Access::Secret,
            toolset: "passwords",
            effect: None,
            action: Action::Plan(|args| {
                let record = path(&["/passwords/", args.required("password_id")]);
                Ok(Plan::get(with_query(&record, &[("show_password", Some("true"))])))
            }),
            summary: &["name", "id", "username", "password", "url", "organization-name"],
            labels: None,
        },
        Tool {
            name: "itglue_search_documents",
            title: "Search documents",
            description: "List an organization's documents (runbooks, procedures), optionally the one with an exact name.",
            params: &[
                Param::required("organization_id", Kind::NumericId, "The organization whose documents to list."),
                NAME,
                Param::limit(),
            ],
            access: Access::Read,
            toolset: "documentation",
            effect: None,
            action: Action::Template(
                Template::get("/organizations/{organization_id}/relationships/documents")
                    .query(&[("filter[name]", "name")]),
            ),
            summary: &["name", "id", "organization-name", "updated-at"],
            labels: None,
        },
        Tool {
            name: "itglue_list_flexible_asset_types",
            title: "List flexible asset types",
            description: "List the flexible asset types (Email, LAN, ...) defined in IT Glue; their ids are needed by itglue_search_flexible_assets.",
            params: &[Param::limit()],
            access: Access::Read,
            toolset: "documentation",
            effect: None,
            action: Action::Template(Template::get("/flexible_asset_types")),
            summary: &["name", "id", "description", "enabled"],
            labels: None,
        },
        Tool {
            name: "itglue_search_flexible_assets",
            title: "Search flexible assets",
            description: "List flexible assets of one type (from itglue_list_flexible_asset_types), optionally in one organization or with an exact name.",
            params: &[
                Param::required("flexible_asset_type_id", Kind::NumericId, "The flexible asset type's id."),
                ORGANIZATION,
                NAME,
                Param::limit(),
            ],
            access: Access::Read,
            toolset: "documentation",
            effect: None,
            action: Action::Template(Template::get("/flexible_assets").query(&[
                ("filter[flexible_asset_type_id]", "flexible_asset_type_id"),
                ("filter[organization_id]", "organization_id"),
                ("filter[name]", "name"),
            ])),
            summary: &["name", "id", "organization-name", "flexible-asset-type-name"],
            labels: None,
        },
    ],
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vendors::kit::request::Call;
    use serde_json::{json, Value};

    fn plan(tool: &str, args: Value) -> Plan {
        CATALOG.plan_of(tool, args).unwrap()
    }

    #[test]
    fn filters_are_json_api_parameters() {
        let Plan::List {
            call,
            records,
            limit,
            ..
        } = plan(
            "itglue_search_configurations",
            json!({"organization_id": 2001, "serial_number": "8QX", "limit": 10}),
        )
        else {
            panic!()
        };
        assert_eq!(
            call.path,
            "/configurations?filter%5Borganization_id%5D=2001&filter%5Bserial_number%5D=8QX"
        );
        assert_eq!((records, limit), (None, 10));
        assert_eq!(CATALOG.list, Records::JsonApi);
    }

    #[test]
    fn documents_are_listed_under_their_organization() {
        let Plan::List { call, .. } = plan(
            "itglue_search_documents",
            json!({"organization_id": "2001"}),
        ) else {
            panic!()
        };
        assert_eq!(call.path, "/organizations/2001/relationships/documents");
    }

    #[test]
    fn only_the_secret_tool_asks_for_the_password() {
        let Plan::Record { call, .. } =
            plan("itglue_get_password", json!({"password_id": "880101"}))
        else {
            panic!()
        };
        assert_eq!(call.path, "/passwords/880101?show_password=true");
        for tool in CATALOG.tools {
            let asks = tool.name == "itglue_get_password";
            assert_eq!(tool.access == Access::Secret, asks, "{}", tool.name);
        }
    }

    #[test]
    fn next_page_and_total_come_from_links_and_meta() {
        use crate::vendors::kit::paging::Seen;
        let first = CATALOG.paging.first(Call::get("/organizations"), 5);
        assert_eq!(first.path, "/organizations?page%5Bsize%5D=5");
        let page = json!({"links": {"next": "https://api.itglue.com/organizations?page%5Bnumber%5D=2"}, "meta": {"total-count": 120}});
        let seen = |body| Seen {
            body,
            link: None,
            url: "https://api.itglue.com/organizations?page%5Bsize%5D=5",
            records: 5,
            records_so_far: 5,
        };
        let next = CATALOG
            .paging
            .next(&first, &seen(&page), 5)
            .unwrap()
            .unwrap();
        assert!(next.path.starts_with("https://api.itglue.com/"));
        assert_eq!(CATALOG.paging.total(&page), Some(120));
        assert_eq!(
            CATALOG
                .paging
                .next(&first, &seen(&json!({"links": {}})), 5)
                .unwrap(),
            None
        );
    }
}
