//! IT Glue's tools (reference/vendors.md §2): organizations, configurations, passwords,
//! documents and flexible assets, as JSON:API. Lists are paged with `page[size]` (at most
//! 1000) and an absolute `links.next`; filters are exact matches.

use super::args::{Args, Kind, Param};
use super::pages::{count_at, string_at};
use super::plan::{path, with_query, Format, Paging, Plan};
use super::{Access, Catalog, Tool};

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
pub static CATALOG: Catalog = Catalog {
    vendor: "itglue",
    format: Format::JsonApi,
    paging: Paging {
        size_param: "page[size]",
        max_size: 1000,
        next: |page| string_at(page, "links.next"),
        total: |page| count_at(page, "meta.total-count"),
    },
    secret_fields: &["password"],
    tools: &[
        Tool {
            name: "itglue_search_organizations",
            title: "Search organizations",
            description: "List IT Glue organizations (customers), optionally the one with an exact name.",
            params: &[NAME, Param::limit()],
            access: Access::Read,
            effect: None,
            plan: |args| Ok(list("/organizations", args, &[("filter[name]", args.text("name"))])),
            summary: &["name", "id", "organization-type-name", "organization-status-name", "short-name"],
        },
        Tool {
            name: "itglue_get_organization",
            title: "Get an organization",
            description: "Get one IT Glue organization by id, with its quick notes, type and status.",
            params: &[Param::required("organization_id", Kind::NumericId, "The organization's id.")],
            access: Access::Read,
            effect: None,
            plan: |args| Ok(Plan::get(path(&["/organizations/", args.required("organization_id")]))),
            summary: &["name", "id", "organization-type-name", "organization-status-name", "quick-notes"],
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
            effect: None,
            plan: |args| {
                Ok(list(
                    "/configurations",
                    args,
                    &[
                        ("filter[organization_id]", args.text("organization_id")),
                        ("filter[name]", args.text("name")),
                        ("filter[serial_number]", args.text("serial_number")),
                    ],
                ))
            },
            summary: &["name", "id", "organization-name", "configuration-type-name", "serial-number", "primary-ip"],
        },
        Tool {
            name: "itglue_get_configuration",
            title: "Get a configuration",
            description: "Get one IT Glue configuration by id: hardware, operating system, addresses, warranty and notes.",
            params: &[Param::required("configuration_id", Kind::NumericId, "The configuration's id.")],
            access: Access::Read,
            effect: None,
            plan: |args| Ok(Plan::get(path(&["/configurations/", args.required("configuration_id")]))),
            summary: &["name", "id", "organization-name", "configuration-type-name", "serial-number", "operating-system-name", "primary-ip"],
        },
        Tool {
            name: "itglue_search_passwords",
            title: "Search passwords",
            description: "List password records (name, username, URL, category) by organization or exact name. Never returns password values; use itglue_get_password for one, which needs the separate secrets permission.",
            params: &[ORGANIZATION, NAME, Param::limit()],
            access: Access::Read,
            effect: None,
            plan: |args| {
                Ok(list(
                    "/passwords",
                    args,
                    &[
                        ("filter[organization_id]", args.text("organization_id")),
                        ("filter[name]", args.text("name")),
                    ],
                ))
            },
            summary: &["name", "id", "username", "url", "organization-name", "password-category-name"],
        },
        Tool {
            name: "itglue_get_password",
            title: "Reveal a password",
            description: "Get one password record by id, including the password itself. Needs the secrets permission the user grants explicitly; every call is recorded in the audit log.",
            params: &[Param::required("password_id", Kind::NumericId, "The password record's id (from itglue_search_passwords).")],
            access: Access::Secret,
            effect: None,
            plan: |args| {
                let record = path(&["/passwords/", args.required("password_id")]);
                Ok(Plan::get(with_query(&record, &[("show_password", Some("true"))])))
            },
            summary: &["name", "id", "username", "password", "url", "organization-name"],
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
            effect: None,
            plan: |args| {
                let documents = path(&[
                    "/organizations/",
                    args.required("organization_id"),
                    "/relationships/documents",
                ]);
                Ok(list(&documents, args, &[("filter[name]", args.text("name"))]))
            },
            summary: &["name", "id", "organization-name", "updated-at"],
        },
        Tool {
            name: "itglue_list_flexible_asset_types",
            title: "List flexible asset types",
            description: "List the flexible asset types (Email, LAN, ...) defined in IT Glue; their ids are needed by itglue_search_flexible_assets.",
            params: &[Param::limit()],
            access: Access::Read,
            effect: None,
            plan: |args| Ok(list("/flexible_asset_types", args, &[])),
            summary: &["name", "id", "description", "enabled"],
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
            effect: None,
            plan: |args| {
                Ok(list(
                    "/flexible_assets",
                    args,
                    &[
                        ("filter[flexible_asset_type_id]", args.text("flexible_asset_type_id")),
                        ("filter[organization_id]", args.text("organization_id")),
                        ("filter[name]", args.text("name")),
                    ],
                ))
            },
            summary: &["name", "id", "organization-name", "flexible-asset-type-name"],
        },
    ],
};

/// A JSON:API list with filters; records are under `data`.
fn list(base: &str, args: &Args, filters: &[(&str, Option<&str>)]) -> Plan {
    Plan::list(with_query(base, filters), "data", args.limit())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tools::args::Args;
    use serde_json::{json, Value};

    fn plan(tool: &str, args: Value) -> Plan {
        let tool = CATALOG.find(tool).unwrap();
        (tool.plan)(&Args::validate(tool.params, Some(&args)).unwrap()).unwrap()
    }

    #[test]
    fn filters_are_json_api_parameters() {
        let Plan::List {
            call, items, limit, ..
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
        assert_eq!((items, limit), ("data", 10));
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
        let Plan::Record(call) = plan("itglue_get_password", json!({"password_id": "880101"}))
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
        let page = json!({"links": {"next": "https://api.itglue.com/organizations?page%5Bnumber%5D=2"}, "meta": {"total-count": 120}});
        assert!((CATALOG.paging.next)(&page)
            .unwrap()
            .starts_with("https://api.itglue.com/"));
        assert_eq!((CATALOG.paging.total)(&page), Some(120));
        assert_eq!((CATALOG.paging.next)(&json!({"links": {}})), None);
    }
}
