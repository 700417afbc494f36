//! HaloPSA's tools (`docs/vendors/halopsa.md`): tickets and their actions, clients, sites,
//! users and assets, the reference lists a ticket needs, and read-only SQL reports. Lists send
//! `pageinate=true` with `page_no`/`page_size` (without it Halo ignores the page size) and
//! stop at `record_count`; their records are cut to the summary fields, since a full Halo
//! client is about 18 KB, while get tools return the whole record. Writes are JSON arrays.

use super::report;
use crate::tools::args::{ArgError, Args, Kind, Param};
use crate::tools::plan::{Action, Plan, Template};
use crate::tools::{Access, Catalog, Effect, Tool, Toolset};
use crate::vendors::kit::paging::{End, Next, Paging, Place};
use crate::vendors::kit::request::{with_query, Call};
use crate::vendors::kit::shape::Records;
use crate::vendors::kit::upstream::Verb;
use serde_json::{json, Map, Value};

const TICKET_SUMMARY: &[&str] = &[
    "id",
    "summary",
    "client_name",
    "status_name",
    "agent_name",
    "team",
    "tickettype_name",
    "priority_id",
    "site_name",
    "user_name",
    "dateoccurred",
    "lastactiondate",
    "client_id",
    "site_id",
    "user_id",
    "agent_id",
    "status_id",
    "tickettype_id",
];
const ACTION_SUMMARY: &[&str] = &[
    "id",
    "ticket_id",
    "outcome",
    "who",
    "datetime",
    "note",
    "hiddenfromuser",
    "timetaken",
];
const CLIENT_SUMMARY: &[&str] = &[
    "id",
    "name",
    "toplevel_name",
    "inactive",
    "open_ticket_count",
    "toplevel_id",
];
const SITE_SUMMARY: &[&str] = &[
    "id",
    "name",
    "client_name",
    "phonenumber",
    "inactive",
    "client_id",
];
const USER_SUMMARY: &[&str] = &[
    "id",
    "name",
    "emailaddress",
    "client_name",
    "site_name",
    "phonenumber",
    "inactive",
    "client_id",
    "site_id",
];
const ASSET_SUMMARY: &[&str] = &[
    "id",
    "inventory_number",
    "key_field",
    "assettype_name",
    "client_name",
    "site_name",
    "username",
    "inactive",
    "assettype_id",
    "client_id",
    "site_id",
];
const AGENT_SUMMARY: &[&str] = &["id", "name", "email", "team", "jobtitle", "isdisabled"];
const STATUS_SUMMARY: &[&str] = &["id", "name", "type", "sequence"];
const PRIORITY_SUMMARY: &[&str] = &[
    "id",
    "priorityid",
    "name",
    "sla_id",
    "responsetime",
    "fixtime",
];
const TICKET_TYPE_SUMMARY: &[&str] = &["id", "name", "group_id", "inactive"];
const TEAM_SUMMARY: &[&str] = &["id", "name", "department_name", "inactive"];
const OUTCOME_SUMMARY: &[&str] = &["id", "outcome", "buttonname", "hiddenfromuser"];
const ASSET_TYPE_SUMMARY: &[&str] = &["id", "name", "assetgroup_name", "inactive"];
const ARTICLE_SUMMARY: &[&str] = &["id", "name", "type", "view_count", "date_edited"];
const INVOICE_SUMMARY: &[&str] = &[
    "id",
    "invoicenumber",
    "client_name",
    "invoice_date",
    "duedate",
    "total",
    "amountdue",
    "posted",
    "client_id",
];
const CONTRACT_SUMMARY: &[&str] = &[
    "id",
    "ref",
    "client_name",
    "start_date",
    "end_date",
    "contract_status",
    "billing_description",
    "client_id",
];
const PROJECT_SUMMARY: &[&str] = &[
    "id",
    "summary",
    "client_name",
    "status_name",
    "agent_name",
    "startdate",
    "targetdate",
    "percentage_complete",
    "client_id",
];
const OPPORTUNITY_SUMMARY: &[&str] = &[
    "id",
    "summary",
    "client_name",
    "status_name",
    "agent_name",
    "opportunity_value",
    "targetdate",
    "client_id",
];
const QUOTE_SUMMARY: &[&str] = &[
    "id",
    "title",
    "client_name",
    "date",
    "total",
    "status",
    "client_id",
];
const SUPPLIER_SUMMARY: &[&str] = &["id", "name", "emailaddress", "phonenumber", "inactive"];
const ITEM_SUMMARY: &[&str] = &[
    "id",
    "name",
    "description",
    "baseprice",
    "costprice",
    "inactive",
];
const SLA_SUMMARY: &[&str] = &["id", "name", "inactive"];
const REPORT_SUMMARY: &[&str] = &["id", "name", "category", "description"];
const APPOINTMENT_SUMMARY: &[&str] = &[
    "id",
    "subject",
    "start_date",
    "end_date",
    "agent_name",
    "client_name",
    "ticket_id",
    "agent_id",
];

const fn summary(at: &'static str, fields: &'static [&'static str]) -> Records {
    Records::Summary { at, fields }
}

const CLIENT: Param = Param::optional(
    "client_id",
    Kind::NumericId,
    "Only records of this client (from halopsa_list_clients).",
);
const SITE: Param = Param::optional(
    "site_id",
    Kind::NumericId,
    "Only records of this site (from halopsa_list_sites).",
);
const SEARCH: Param = Param::optional(
    "search",
    Kind::Text,
    "Words to look for, as Halo's own search matches them.",
);
const INCLUDE_INACTIVE: Param = Param::optional(
    "include_inactive",
    Kind::Flag,
    "Also list inactive records (default false).",
);

/// The ticket fields create and update take, by argument: (argument, Halo field, is an id).
const TICKET_FIELDS: &[(&str, &str, bool)] = &[
    ("summary", "summary", false),
    ("details", "details", false),
    ("client_id", "client_id", true),
    ("site_id", "site_id", true),
    ("user_id", "user_id", true),
    ("tickettype_id", "tickettype_id", true),
    ("priority_id", "priority_id", true),
    ("status_id", "status_id", true),
    ("agent_id", "agent_id", true),
    ("team", "team", false),
];

const TICKET_CHANGE_PARAMS: [Param; 9] = [
    Param::optional(
        "details",
        Kind::Text,
        "The description (Halo accepts HTML).",
    ),
    Param::optional(
        "site_id",
        Kind::NumericId,
        "The site (from halopsa_list_sites).",
    ),
    Param::optional(
        "user_id",
        Kind::NumericId,
        "The end user it is for (from halopsa_list_users).",
    ),
    Param::optional(
        "tickettype_id",
        Kind::NumericId,
        "The ticket type (from halopsa_list_ticket_types).",
    ),
    Param::optional(
        "priority_id",
        Kind::NumericId,
        "The priority (from halopsa_list_priorities).",
    ),
    Param::optional(
        "status_id",
        Kind::NumericId,
        "The status (from halopsa_list_statuses).",
    ),
    Param::optional(
        "agent_id",
        Kind::NumericId,
        "The agent it is assigned to (from halopsa_list_agents).",
    ),
    Param::optional(
        "team",
        Kind::Text,
        "The team's name (from halopsa_list_teams).",
    ),
    Param::optional(
        "client_id",
        Kind::NumericId,
        "The client (from halopsa_list_clients).",
    ),
];

/// The fields of a ticket write that the arguments give.
fn ticket_fields(args: &Args) -> Map<String, Value> {
    let mut fields = Map::new();
    for (argument, field, id) in TICKET_FIELDS {
        let value = if *id {
            args.integer(argument).map(Value::from)
        } else {
            args.text(argument).map(Value::from)
        };
        if let Some(value) = value {
            fields.insert((*field).to_owned(), value);
        }
    }
    fields
}

/// `halopsa_list_tickets`: filters as Halo's query parameters; `state` picks
/// `open_only`/`closed_only`, dates search `dateoccurred`.
fn list_tickets(args: &Args) -> Result<Plan, ArgError> {
    let state = args.text("state");
    let pairs = [
        ("client_id", args.text("client_id")),
        ("site_id", args.text("site_id")),
        ("user_id", args.text("user_id")),
        ("agent_id", args.text("agent_id")),
        ("status_id", args.text("status_id")),
        ("requesttype_id", args.text("tickettype_id")),
        ("team", args.text("team_id")),
        ("open_only", (state == Some("open")).then_some("true")),
        ("closed_only", (state == Some("closed")).then_some("true")),
        ("search", args.text("search")),
        (
            "datesearch",
            (args.has("from") || args.has("to")).then_some("dateoccurred"),
        ),
        ("startdate", args.text("from")),
        ("enddate", args.text("to")),
        ("lastupdatefromdate", args.text("updated_since")),
    ];
    Ok(Plan::List {
        call: Call::get(with_query("/api/Tickets?pageinate=true", &pairs)),
        records: Some(summary("tickets", TICKET_SUMMARY)),
        limit: args.limit(),
        keep: Vec::new(),
    })
}

/// `halopsa_update_ticket`: `POST /api/Tickets` with `[{id, …changes}]`.
fn update_ticket(args: &Args) -> Result<Plan, ArgError> {
    let mut fields = ticket_fields(args);
    if fields.is_empty() {
        return Err(ArgError::Combination(
            "give at least one field to change besides ticket_id",
        ));
    }
    let id = args.integer("ticket_id").unwrap_or_default();
    fields.insert("id".into(), json!(id));
    Ok(Plan::Change {
        call: Call::post("/api/Tickets", json!([fields])),
        answer: Value::Null,
        records: None,
    })
}

/// `halopsa_add_action`: `POST /api/Actions` with one action; never e-mails anyone.
fn add_action(args: &Args) -> Result<Plan, ArgError> {
    let mut action = Map::new();
    action.insert(
        "ticket_id".into(),
        json!(args.integer("ticket_id").unwrap_or_default()),
    );
    action.insert("note".into(), json!(args.required("note")));
    action.insert(
        "outcome".into(),
        json!(args.text("outcome").unwrap_or(DEFAULT_OUTCOME)),
    );
    action.insert(
        "hiddenfromuser".into(),
        json!(args.flag("hidden_from_user").unwrap_or(true)),
    );
    action.insert("sendemail".into(), json!(false));
    if let Some(status) = args.integer("new_status") {
        action.insert("new_status".into(), json!(status));
    }
    if let Some(hours) = args.number("time_taken") {
        action.insert("timetaken".into(), json!(hours));
    }
    Ok(Plan::Change {
        call: Call::post("/api/Actions", json!([action])),
        answer: Value::Null,
        records: None,
    })
}

/// The outcome an action gets when none is named.
const DEFAULT_OUTCOME: &str = "Private Note";

/// `halopsa_run_report`: one checked `SELECT` through `POST /api/Report` (`report.rs`).
fn run_report(args: &Args) -> Result<Plan, ArgError> {
    let sql = report::check(args.required("sql")).map_err(|error| ArgError::Invalid {
        name: "sql",
        expected: error.to_string(),
    })?;
    Ok(Plan::List {
        call: Call::post(
            "/api/Report",
            json!([{ "_loadreportonly": true, "sql": sql }]),
        ),
        records: Some(Records::At("rows")),
        limit: args.limit(),
        keep: Vec::new(),
    })
}

const WRITE: Option<Effect> = Some(Effect {
    destructive: false,
    idempotent: false,
});
const UPDATE: Option<Effect> = Some(Effect {
    destructive: true,
    idempotent: true,
});

/// HaloPSA's catalog.
pub const CATALOG: Catalog = Catalog {
    record: Records::Root,
    list: Records::Root,
    paging: Paging {
        size: Place::Query("page_size"),
        max_size: 100,
        next: Next::Number {
            at: Place::Query("page_no"),
            first: 1,
            end: End::TotalRecords("record_count"),
        },
        total: Some("record_count"),
        count: None,
    },
    secret_fields: &[],
    toolsets: &[
        Toolset {
            name: "tickets",
            description: "tickets and their actions (notes, time, status changes)",
            default: true,
        },
        Toolset {
            name: "customers",
            description: "clients, sites, end users and assets",
            default: true,
        },
        Toolset {
            name: "reference",
            description: "agents, statuses, priorities, ticket types and teams",
            default: true,
        },
        Toolset {
            name: "reports",
            description: "read-only SQL reports over Halo's reporting database",
            default: true,
        },
        Toolset {
            name: "knowledge",
            description: "knowledge base articles",
            default: false,
        },
        Toolset {
            name: "billing",
            description: "invoices, contracts, items and suppliers",
            default: false,
        },
        Toolset {
            name: "schedule",
            description: "agents' appointments",
            default: false,
        },
        Toolset {
            name: "sales",
            description: "opportunities, quotes and projects",
            default: false,
        },
    ],
    tools: &[
        Tool {
            name: "halopsa_list_tickets",
            title: "List tickets",
            description: "List HaloPSA tickets (summary fields) by client, site, end user, agent, status, ticket type, team, open or closed, words, and the date they were logged or last updated. halopsa_get_ticket returns one in full.",
            params: &[
                CLIENT,
                SITE,
                Param::optional("user_id", Kind::NumericId, "Only tickets of this end user (from halopsa_list_users)."),
                Param::optional("agent_id", Kind::NumericId, "Only tickets assigned to this agent (from halopsa_list_agents)."),
                Param::optional("status_id", Kind::NumericId, "Only tickets in this status (from halopsa_list_statuses)."),
                Param::optional("tickettype_id", Kind::NumericId, "Only tickets of this ticket type (from halopsa_list_ticket_types)."),
                Param::optional("team_id", Kind::NumericId, "Only tickets of this team (from halopsa_list_teams)."),
                Param::optional("state", Kind::OneOf(&["open", "closed"]), "Only open or only closed tickets."),
                SEARCH,
                Param::optional("from", Kind::DateTime, "Only tickets logged on or after this date."),
                Param::optional("to", Kind::DateTime, "Only tickets logged on or before this date."),
                Param::optional("updated_since", Kind::DateTime, "Only tickets updated on or after this date."),
                Param::limit(),
            ],
            access: Access::Read,
            effect: None,
            toolset: "tickets",
            action: Action::Plan(list_tickets),
            summary: TICKET_SUMMARY,
            labels: None,
        },
        Tool {
            name: "halopsa_get_ticket",
            title: "Get a ticket",
            description: "Get one HaloPSA ticket by id, in full: details, client, site, user, agent, status, SLA dates and custom fields.",
            params: &[Param::required("ticket_id", Kind::NumericId, "The ticket's id.")],
            access: Access::Read,
            effect: None,
            toolset: "tickets",
            action: Action::Template(Template::get("/api/Tickets/{ticket_id}?includedetails=true")),
            summary: &["id", "summary", "client_name", "status_name", "agent_name", "details"],
            labels: None,
        },
        Tool {
            name: "halopsa_create_ticket",
            title: "Create a ticket",
            description: "Log a new HaloPSA ticket with a summary and, optionally, details, client, site, end user, ticket type, priority, status, agent and team. Returns the ticket Halo created.",
            params: &[
                Param::required("summary", Kind::Text, "The ticket's subject line."),
                TICKET_CHANGE_PARAMS[0],
                TICKET_CHANGE_PARAMS[8],
                TICKET_CHANGE_PARAMS[1],
                TICKET_CHANGE_PARAMS[2],
                TICKET_CHANGE_PARAMS[3],
                TICKET_CHANGE_PARAMS[4],
                TICKET_CHANGE_PARAMS[5],
                TICKET_CHANGE_PARAMS[6],
                TICKET_CHANGE_PARAMS[7],
            ],
            access: Access::Write,
            effect: WRITE,
            toolset: "tickets",
            action: Action::Template(
                Template::with(Verb::Post, "/api/Tickets").body(|args| json!([ticket_fields(args)])),
            ),
            summary: &["id", "summary", "client_name", "status_name"],
            labels: None,
        },
        Tool {
            name: "halopsa_update_ticket",
            title: "Update a ticket",
            description: "Change fields of one HaloPSA ticket: summary, details, client, site, end user, ticket type, priority, status, agent or team. Fields not given keep their values. Returns the ticket as Halo saved it.",
            params: &[
                Param::required("ticket_id", Kind::NumericId, "The ticket's id."),
                Param::optional("summary", Kind::Text, "The new subject line."),
                TICKET_CHANGE_PARAMS[0],
                TICKET_CHANGE_PARAMS[8],
                TICKET_CHANGE_PARAMS[1],
                TICKET_CHANGE_PARAMS[2],
                TICKET_CHANGE_PARAMS[3],
                TICKET_CHANGE_PARAMS[4],
                TICKET_CHANGE_PARAMS[5],
                TICKET_CHANGE_PARAMS[6],
                TICKET_CHANGE_PARAMS[7],
            ],
            access: Access::Write,
            effect: UPDATE,
            toolset: "tickets",
            action: Action::Plan(update_ticket),
            summary: &["id", "summary", "status_name", "agent_name"],
            labels: None,
        },
        Tool {
            name: "halopsa_list_actions",
            title: "List ticket actions",
            description: "List the actions of one HaloPSA ticket (notes, e-mails, status changes, time logged), oldest first.",
            params: &[
                Param::required("ticket_id", Kind::NumericId, "The ticket's id."),
                Param::limit(),
            ],
            access: Access::Read,
            effect: None,
            toolset: "tickets",
            action: Action::Template(
                Template::get("/api/Actions?pageinate=true")
                    .query(&[("ticket_id", "ticket_id")])
                    .records(summary("actions", ACTION_SUMMARY)),
            ),
            summary: ACTION_SUMMARY,
            labels: None,
        },
        Tool {
            name: "halopsa_add_action",
            title: "Add a ticket action",
            description: "Add an action to a HaloPSA ticket: a note, optionally a new status and the hours worked, hidden from the end user unless hidden_from_user is false. No e-mail is sent.",
            params: &[
                Param::required("ticket_id", Kind::NumericId, "The ticket's id."),
                Param::required("note", Kind::Text, "The note's text (Halo accepts HTML)."),
                Param::optional("outcome", Kind::Text, "The action's outcome as named in Halo (default Private Note)."),
                Param::optional("new_status", Kind::NumericId, "A status to move the ticket to (from halopsa_list_statuses)."),
                Param::optional("time_taken", Kind::Number, "Hours worked, such as 0.5."),
                Param::optional("hidden_from_user", Kind::Flag, "Hide the action from the end user (default true)."),
            ],
            access: Access::Write,
            effect: WRITE,
            toolset: "tickets",
            action: Action::Plan(add_action),
            summary: &["id", "ticket_id", "outcome", "note"],
            labels: None,
        },
        Tool {
            name: "halopsa_list_clients",
            title: "List clients",
            description: "List HaloPSA clients (customers) with their summary fields, optionally by words in the name; inactive ones only when asked. halopsa_get_client returns one in full.",
            params: &[SEARCH, INCLUDE_INACTIVE, Param::limit()],
            access: Access::Read,
            effect: None,
            toolset: "customers",
            action: Action::Plan(|args| {
                list(args, "/api/Client?pageinate=true", summary("clients", CLIENT_SUMMARY), &[
                    ("search", args.text("search")),
                    ("includeinactive", inactive(args)),
                ])
            }),
            summary: CLIENT_SUMMARY,
            labels: None,
        },
        Tool {
            name: "halopsa_get_client",
            title: "Get a client",
            description: "Get one HaloPSA client by id, in full: notes, account manager, contract and custom fields.",
            params: &[Param::required("client_id", Kind::NumericId, "The client's id.")],
            access: Access::Read,
            effect: None,
            toolset: "customers",
            action: Action::Template(Template::get("/api/Client/{client_id}?includedetails=true")),
            summary: &["id", "name", "toplevel_name", "open_ticket_count", "notes"],
            labels: None,
        },
        Tool {
            name: "halopsa_list_sites",
            title: "List sites",
            description: "List HaloPSA sites (a client's locations), optionally of one client or by words in the name.",
            params: &[CLIENT, SEARCH, INCLUDE_INACTIVE, Param::limit()],
            access: Access::Read,
            effect: None,
            toolset: "customers",
            action: Action::Plan(|args| {
                list(args, "/api/Site?pageinate=true", summary("sites", SITE_SUMMARY), &[
                    ("client_id", args.text("client_id")),
                    ("search", args.text("search")),
                    ("includeinactive", inactive(args)),
                ])
            }),
            summary: SITE_SUMMARY,
            labels: None,
        },
        Tool {
            name: "halopsa_list_users",
            title: "List end users",
            description: "List HaloPSA end users (the clients' contacts), optionally of one client or site, or by words in the name or e-mail address.",
            params: &[CLIENT, SITE, SEARCH, INCLUDE_INACTIVE, Param::limit()],
            access: Access::Read,
            effect: None,
            toolset: "customers",
            action: Action::Plan(|args| {
                list(args, "/api/Users?pageinate=true", summary("users", USER_SUMMARY), &[
                    ("client_id", args.text("client_id")),
                    ("site_id", args.text("site_id")),
                    ("search", args.text("search")),
                    ("includeinactive", inactive(args)),
                ])
            }),
            summary: USER_SUMMARY,
            labels: None,
        },
        Tool {
            name: "halopsa_list_assets",
            title: "List assets",
            description: "List HaloPSA assets (devices and other configuration items) with their summary fields, by client, site, asset type or words. halopsa_get_asset returns one in full.",
            params: &[
                CLIENT,
                SITE,
                Param::optional("assettype_id", Kind::NumericId, "Only assets of this asset type."),
                SEARCH,
                INCLUDE_INACTIVE,
                Param::limit(),
            ],
            access: Access::Read,
            effect: None,
            toolset: "customers",
            action: Action::Plan(|args| {
                list(args, "/api/Asset?pageinate=true", summary("assets", ASSET_SUMMARY), &[
                    ("client_id", args.text("client_id")),
                    ("site_id", args.text("site_id")),
                    ("assettype_id", args.text("assettype_id")),
                    ("search", args.text("search")),
                    ("includeinactive", inactive(args)),
                ])
            }),
            summary: ASSET_SUMMARY,
            labels: None,
        },
        Tool {
            name: "halopsa_get_asset",
            title: "Get an asset",
            description: "Get one HaloPSA asset by id, in full: its type, client, site, user, fields and notes.",
            params: &[Param::required("asset_id", Kind::NumericId, "The asset's id.")],
            access: Access::Read,
            effect: None,
            toolset: "customers",
            action: Action::Template(Template::get("/api/Asset/{asset_id}?includedetails=true")),
            summary: &["id", "inventory_number", "assettype_name", "client_name", "site_name", "key_field"],
            labels: None,
        },
        Tool {
            name: "halopsa_list_agents",
            title: "List agents",
            description: "List HaloPSA agents (the MSP's technicians), with their team and e-mail address, optionally by words in the name.",
            params: &[SEARCH, Param::limit()],
            access: Access::Read,
            effect: None,
            toolset: "reference",
            action: Action::Template(
                Template::get("/api/Agent")
                    .query(&[("search", "search")])
                    .records(summary("", AGENT_SUMMARY)),
            ),
            summary: AGENT_SUMMARY,
            labels: None,
        },
        Tool {
            name: "halopsa_list_statuses",
            title: "List ticket statuses",
            description: "List the ticket statuses configured in HaloPSA, with their ids, for filtering and changing tickets.",
            params: &[Param::limit()],
            access: Access::Read,
            effect: None,
            toolset: "reference",
            action: Action::Template(Template::get("/api/Status").records(summary("", STATUS_SUMMARY))),
            summary: STATUS_SUMMARY,
            labels: None,
        },
        Tool {
            name: "halopsa_list_priorities",
            title: "List priorities",
            description: "List the ticket priorities configured in HaloPSA, with their ids and SLA response and fix times.",
            params: &[Param::limit()],
            access: Access::Read,
            effect: None,
            toolset: "reference",
            action: Action::Template(Template::get("/api/Priority").records(summary("", PRIORITY_SUMMARY))),
            summary: PRIORITY_SUMMARY,
            labels: None,
        },
        Tool {
            name: "halopsa_list_ticket_types",
            title: "List ticket types",
            description: "List the ticket types configured in HaloPSA (incident, service request, change, …), with their ids.",
            params: &[Param::limit()],
            access: Access::Read,
            effect: None,
            toolset: "reference",
            action: Action::Template(Template::get("/api/TicketType").records(summary("", TICKET_TYPE_SUMMARY))),
            summary: TICKET_TYPE_SUMMARY,
            labels: None,
        },
        Tool {
            name: "halopsa_list_teams",
            title: "List teams",
            description: "List the HaloPSA teams tickets are assigned to, with their ids and departments.",
            params: &[Param::limit()],
            access: Access::Read,
            effect: None,
            toolset: "reference",
            action: Action::Template(Template::get("/api/Team").records(summary("", TEAM_SUMMARY))),
            summary: TEAM_SUMMARY,
            labels: None,
        },
        Tool {
            name: "halopsa_get_site",
            title: "Get a site",
            description: "Get one HaloPSA site by id, in full: its client, addresses, phone number and notes.",
            params: &[Param::required("site_id", Kind::NumericId, "The site's id.")],
            access: Access::Read,
            effect: None,
            toolset: "customers",
            action: Action::Template(Template::get("/api/Site/{site_id}?includedetails=true")),
            summary: &["id", "name", "client_name", "phonenumber"],
            labels: None,
        },
        Tool {
            name: "halopsa_get_user",
            title: "Get an end user",
            description: "Get one HaloPSA end user by id, in full: client, site, contact details and notes.",
            params: &[Param::required("user_id", Kind::NumericId, "The end user's id.")],
            access: Access::Read,
            effect: None,
            toolset: "customers",
            action: Action::Template(Template::get("/api/Users/{user_id}?includedetails=true")),
            summary: &["id", "name", "emailaddress", "client_name", "site_name", "phonenumber"],
            labels: None,
        },
        Tool {
            name: "halopsa_list_asset_types",
            title: "List asset types",
            description: "List the asset types configured in HaloPSA (server, laptop, …), with their ids, for filtering assets.",
            params: &[Param::limit()],
            access: Access::Read,
            effect: None,
            toolset: "customers",
            action: Action::Template(Template::get("/api/AssetType").records(summary("", ASSET_TYPE_SUMMARY))),
            summary: ASSET_TYPE_SUMMARY,
            labels: None,
        },
        Tool {
            name: "halopsa_get_agent",
            title: "Get an agent",
            description: "Get one HaloPSA agent (technician) by id: name, e-mail address, teams, roles and status.",
            params: &[Param::required("agent_id", Kind::NumericId, "The agent's id.")],
            access: Access::Read,
            effect: None,
            toolset: "reference",
            action: Action::Template(Template::get("/api/Agent/{agent_id}")),
            summary: &["id", "name", "email", "team", "jobtitle"],
            labels: None,
        },
        Tool {
            name: "halopsa_get_current_agent",
            title: "Who am I in HaloPSA",
            description: "Get the HaloPSA agent the connection acts as: the technician who signed in, or an API application's agent.",
            params: &[],
            access: Access::Read,
            effect: None,
            toolset: "reference",
            action: Action::Template(Template::get("/api/Agent/me")),
            summary: &["id", "name", "email", "team"],
            labels: None,
        },
        Tool {
            name: "halopsa_list_outcomes",
            title: "List action outcomes",
            description: "List the action outcomes configured in HaloPSA (Private Note, Email User, …): the names halopsa_add_action takes as outcome.",
            params: &[Param::limit()],
            access: Access::Read,
            effect: None,
            toolset: "reference",
            action: Action::Template(Template::get("/api/Outcome").records(summary("", OUTCOME_SUMMARY))),
            summary: OUTCOME_SUMMARY,
            labels: None,
        },
        Tool {
            name: "halopsa_list_kb_articles",
            title: "List knowledge base articles",
            description: "List HaloPSA knowledge base articles (summary fields), optionally by words. halopsa_get_kb_article returns one with its text.",
            params: &[SEARCH, Param::limit()],
            access: Access::Read,
            effect: None,
            toolset: "knowledge",
            action: Action::Template(
                Template::get("/api/KBArticle?pageinate=true")
                    .query(&[("search", "search")])
                    .records(summary("articles", ARTICLE_SUMMARY)),
            ),
            summary: ARTICLE_SUMMARY,
            labels: None,
        },
        Tool {
            name: "halopsa_get_kb_article",
            title: "Get a knowledge base article",
            description: "Get one HaloPSA knowledge base article by id, with its full text.",
            params: &[Param::required("article_id", Kind::NumericId, "The article's id.")],
            access: Access::Read,
            effect: None,
            toolset: "knowledge",
            action: Action::Template(Template::get("/api/KBArticle/{article_id}")),
            summary: &["id", "name", "type", "description"],
            labels: None,
        },
        Tool {
            name: "halopsa_list_invoices",
            title: "List invoices",
            description: "List HaloPSA invoices (summary fields), optionally of one client. halopsa_get_invoice returns one with its lines.",
            params: &[CLIENT, Param::limit()],
            access: Access::Read,
            effect: None,
            toolset: "billing",
            action: Action::Template(
                Template::get("/api/Invoice?pageinate=true")
                    .query(&[("client_id", "client_id")])
                    .records(summary("invoices", INVOICE_SUMMARY)),
            ),
            summary: INVOICE_SUMMARY,
            labels: None,
        },
        Tool {
            name: "halopsa_get_invoice",
            title: "Get an invoice",
            description: "Get one HaloPSA invoice by id, with its lines, totals and payment state.",
            params: &[Param::required("invoice_id", Kind::NumericId, "The invoice's id.")],
            access: Access::Read,
            effect: None,
            toolset: "billing",
            action: Action::Template(Template::get("/api/Invoice/{invoice_id}?includedetails=true")),
            summary: &["id", "invoicenumber", "client_name", "total", "amountdue"],
            labels: None,
        },
        Tool {
            name: "halopsa_list_appointments",
            title: "List appointments",
            description: "List HaloPSA appointments in a date range, optionally of one agent: subject, times, client and ticket.",
            params: &[
                Param::optional("agent_id", Kind::NumericId, "Only this agent's appointments (from halopsa_list_agents)."),
                Param::optional("from", Kind::DateTime, "Appointments starting on or after this date."),
                Param::optional("to", Kind::DateTime, "Appointments starting on or before this date."),
                Param::limit(),
            ],
            access: Access::Read,
            effect: None,
            toolset: "schedule",
            action: Action::Template(
                Template::get("/api/Appointment")
                    .query(&[("agents", "agent_id"), ("start_date", "from"), ("end_date", "to")])
                    .records(summary("", APPOINTMENT_SUMMARY)),
            ),
            summary: APPOINTMENT_SUMMARY,
            labels: None,
        },
        Tool {
            name: "halopsa_list_contracts",
            title: "List contracts",
            description: "List HaloPSA client contracts (summary fields): reference, client, dates and status, optionally of one client.",
            params: &[CLIENT, Param::limit()],
            access: Access::Read,
            effect: None,
            toolset: "billing",
            action: Action::Template(
                Template::get("/api/ClientContract?pageinate=true")
                    .query(&[("client_id", "client_id")])
                    .records(summary("contracts", CONTRACT_SUMMARY)),
            ),
            summary: CONTRACT_SUMMARY,
            labels: None,
        },
        Tool {
            name: "halopsa_list_items",
            title: "List items",
            description: "List the products and services in HaloPSA's item catalogue, with prices, optionally by words.",
            params: &[SEARCH, Param::limit()],
            access: Access::Read,
            effect: None,
            toolset: "billing",
            action: Action::Template(
                Template::get("/api/Item?pageinate=true")
                    .query(&[("search", "search")])
                    .records(summary("items", ITEM_SUMMARY)),
            ),
            summary: ITEM_SUMMARY,
            labels: None,
        },
        Tool {
            name: "halopsa_list_suppliers",
            title: "List suppliers",
            description: "List the suppliers recorded in HaloPSA, with their contact details, optionally by words.",
            params: &[SEARCH, Param::limit()],
            access: Access::Read,
            effect: None,
            toolset: "billing",
            action: Action::Template(
                Template::get("/api/Supplier?pageinate=true")
                    .query(&[("search", "search")])
                    .records(summary("suppliers", SUPPLIER_SUMMARY)),
            ),
            summary: SUPPLIER_SUMMARY,
            labels: None,
        },
        Tool {
            name: "halopsa_list_opportunities",
            title: "List opportunities",
            description: "List HaloPSA sales opportunities (summary fields): client, status, owner, value and target date, optionally of one client.",
            params: &[CLIENT, Param::limit()],
            access: Access::Read,
            effect: None,
            toolset: "sales",
            action: Action::Template(
                Template::get("/api/Opportunities?pageinate=true")
                    .query(&[("client_id", "client_id")])
                    .records(summary("tickets", OPPORTUNITY_SUMMARY)),
            ),
            summary: OPPORTUNITY_SUMMARY,
            labels: None,
        },
        Tool {
            name: "halopsa_list_quotes",
            title: "List quotes",
            description: "List HaloPSA quotations (summary fields): title, client, date, total and status, optionally of one client.",
            params: &[CLIENT, Param::limit()],
            access: Access::Read,
            effect: None,
            toolset: "sales",
            action: Action::Template(
                Template::get("/api/Quotation?pageinate=true")
                    .query(&[("client_id", "client_id")])
                    .records(summary("quotes", QUOTE_SUMMARY)),
            ),
            summary: QUOTE_SUMMARY,
            labels: None,
        },
        Tool {
            name: "halopsa_list_projects",
            title: "List projects",
            description: "List HaloPSA projects (summary fields): client, status, owner, dates and progress, optionally of one client.",
            params: &[CLIENT, Param::limit()],
            access: Access::Read,
            effect: None,
            toolset: "sales",
            action: Action::Template(
                Template::get("/api/Projects?pageinate=true")
                    .query(&[("client_id", "client_id")])
                    .records(summary("tickets", PROJECT_SUMMARY)),
            ),
            summary: PROJECT_SUMMARY,
            labels: None,
        },
        Tool {
            name: "halopsa_list_slas",
            title: "List SLAs",
            description: "List the service level agreements configured in HaloPSA, with their ids.",
            params: &[Param::limit()],
            access: Access::Read,
            effect: None,
            toolset: "reference",
            action: Action::Template(Template::get("/api/SLA").records(summary("", SLA_SUMMARY))),
            summary: SLA_SUMMARY,
            labels: None,
        },
        Tool {
            name: "halopsa_list_reports",
            title: "List saved reports",
            description: "List the reports saved in HaloPSA (name, category, description), whose SQL can guide halopsa_run_report.",
            params: &[SEARCH, Param::limit()],
            access: Access::Read,
            effect: None,
            toolset: "reports",
            action: Action::Template(
                Template::get("/api/Report?pageinate=true")
                    .query(&[("search", "search")])
                    .records(summary("reports", REPORT_SUMMARY)),
            ),
            summary: REPORT_SUMMARY,
            labels: None,
        },
        Tool {
            name: "halopsa_create_client",
            title: "Create a client",
            description: "Add a client (customer) to HaloPSA with its name and, optionally, notes, website and top-level group. Returns the client Halo created.",
            params: &[
                Param::required("name", Kind::Text, "The client's name."),
                Param::optional("notes", Kind::Text, "Notes about the client."),
                Param::optional("website", Kind::Text, "The client's website."),
                Param::optional("toplevel_id", Kind::NumericId, "The top-level group it belongs to (a client's toplevel_id)."),
            ],
            access: Access::Write,
            effect: WRITE,
            toolset: "customers",
            action: Action::Template(Template::with(Verb::Post, "/api/Client").body(|args| {
                json!([fields(args, &[("name", false), ("notes", false), ("website", false), ("toplevel_id", true)])])
            })),
            summary: &["id", "name", "toplevel_name"],
            labels: None,
        },
        Tool {
            name: "halopsa_create_asset",
            title: "Create an asset",
            description: "Add an asset (a device or other configuration item) to a HaloPSA client's site, with its type and asset tag. Returns the asset Halo created.",
            params: &[
                Param::required("client_id", Kind::NumericId, "The client (from halopsa_list_clients)."),
                Param::required("site_id", Kind::NumericId, "The site (from halopsa_list_sites)."),
                Param::required("assettype_id", Kind::NumericId, "The asset type (from halopsa_list_asset_types)."),
                Param::required("inventory_number", Kind::Text, "The asset tag or name."),
                Param::optional("username", Kind::Text, "The user of the device."),
                Param::optional("notes", Kind::Text, "Notes about the asset."),
            ],
            access: Access::Write,
            effect: WRITE,
            toolset: "customers",
            action: Action::Template(Template::with(Verb::Post, "/api/Asset").body(|args| {
                json!([fields(args, &[
                    ("client_id", true),
                    ("site_id", true),
                    ("assettype_id", true),
                    ("inventory_number", false),
                    ("username", false),
                    ("notes", false),
                ])])
            })),
            summary: &["id", "inventory_number", "assettype_name", "client_name", "site_name"],
            labels: None,
        },
        Tool {
            name: "halopsa_get_contract",
            title: "Get a contract",
            description: "Get one HaloPSA client contract by id, in full: dates, billing, notes and terms.",
            params: &[Param::required("contract_id", Kind::NumericId, "The contract's id.")],
            access: Access::Read,
            effect: None,
            toolset: "billing",
            action: Action::Template(Template::get("/api/ClientContract/{contract_id}")),
            summary: &["id", "ref", "client_name", "start_date", "end_date", "contract_status"],
            labels: None,
        },
        Tool {
            name: "halopsa_get_opportunity",
            title: "Get an opportunity",
            description: "Get one HaloPSA sales opportunity by id, in full: details, value, owner and dates.",
            params: &[Param::required("opportunity_id", Kind::NumericId, "The opportunity's id.")],
            access: Access::Read,
            effect: None,
            toolset: "sales",
            action: Action::Template(Template::get("/api/Opportunities/{opportunity_id}?includedetails=true")),
            summary: &["id", "summary", "client_name", "opportunity_value", "details"],
            labels: None,
        },
        Tool {
            name: "halopsa_get_quote",
            title: "Get a quote",
            description: "Get one HaloPSA quotation by id, with its lines and totals.",
            params: &[Param::required("quote_id", Kind::NumericId, "The quote's id.")],
            access: Access::Read,
            effect: None,
            toolset: "sales",
            action: Action::Template(Template::get("/api/Quotation/{quote_id}?includedetails=true")),
            summary: &["id", "title", "client_name", "total", "status"],
            labels: None,
        },
        Tool {
            name: "halopsa_get_project",
            title: "Get a project",
            description: "Get one HaloPSA project by id, in full: details, owner, dates and progress.",
            params: &[Param::required("project_id", Kind::NumericId, "The project's id.")],
            access: Access::Read,
            effect: None,
            toolset: "sales",
            action: Action::Template(Template::get("/api/Projects/{project_id}?includedetails=true")),
            summary: &["id", "summary", "client_name", "status_name", "percentage_complete"],
            labels: None,
        },
        Tool {
            name: "halopsa_run_report",
            title: "Run a SQL report",
            description: "Run one read-only SQL SELECT over HaloPSA's reporting database (POST /api/Report) and return its rows: counts and aggregates without paging through thousands of tickets (FAULTS is tickets, AREA clients, SITE sites, USERS end users, UNAME agents). One statement starting with SELECT or WITH; comments, a second statement and any writing or executing word (UPDATE, INSERT, DELETE, INTO, EXEC, DROP, …) are refused.",
            params: &[
                Param::required("sql", Kind::Text, "One SELECT statement (T-SQL), without comments."),
                Param::limit(),
            ],
            access: Access::Read,
            effect: None,
            toolset: "reports",
            action: Action::Plan(run_report),
            summary: &["name", "count", "total"],
            labels: None,
        },
    ],
};

/// The fields of a write the arguments give: (argument = Halo field, is an id).
fn fields(args: &Args, names: &[(&str, bool)]) -> Map<String, Value> {
    names
        .iter()
        .filter_map(|(name, id)| {
            let value = if *id {
                args.integer(name).map(Value::from)
            } else {
                args.text(name).map(Value::from)
            };
            value.map(|value| ((*name).to_owned(), value))
        })
        .collect()
}

/// `includeinactive=true` when asked.
fn inactive(args: &Args) -> Option<&'static str> {
    args.flag("include_inactive")
        .filter(|include| *include)
        .map(|_| "true")
}

/// A paged list of `path` with these filters.
fn list(
    args: &Args,
    path: &str,
    records: Records,
    pairs: &[(&str, Option<&str>)],
) -> Result<Plan, ArgError> {
    Ok(Plan::List {
        call: Call::get(with_query(path, pairs)),
        records: Some(records),
        limit: args.limit(),
        keep: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(name: &str, arguments: Value) -> Result<Plan, ArgError> {
        let tool = CATALOG.find(name).unwrap();
        let args = Args::validate(tool.params, Some(&arguments))?;
        tool.plan(&args)
    }

    fn first_path(plan: &Plan) -> String {
        plan.first_call().unwrap().path.clone()
    }

    #[test]
    fn ticket_filters_become_halos_query_parameters() {
        let plan = plan(
            "halopsa_list_tickets",
            json!({"client_id": 12, "tickettype_id": "3", "team_id": 2, "state": "open",
                   "search": "printer & scanner", "from": "2026-11-01", "updated_since": "2026-11-20T00:00:00Z"}),
        )
        .unwrap();
        let path = first_path(&plan);
        assert!(path.starts_with("/api/Tickets?pageinate=true&"), "{path}");
        for part in [
            "client_id=12",
            "requesttype_id=3",
            "team=2",
            "open_only=true",
            "search=printer+%26+scanner",
            "datesearch=dateoccurred",
            "startdate=2026-11-01",
            "lastupdatefromdate=2026-11-20T00%3A00%3A00Z",
        ] {
            assert!(path.contains(part), "{part} in {path}");
        }
        assert!(!path.contains("closed_only"), "{path}");
        let first = CATALOG.paging.first(plan.first_call().unwrap().clone(), 25);
        assert!(first.path.contains("page_size=25") && first.path.contains("page_no=1"));
    }

    #[test]
    fn writes_are_json_arrays() {
        let created = plan(
            "halopsa_create_ticket",
            json!({"summary": "Printer down", "client_id": "12", "team": "Service Desk"}),
        )
        .unwrap();
        let call = created.first_call().unwrap();
        assert_eq!(
            (call.method, call.path.as_str()),
            (Verb::Post, "/api/Tickets")
        );
        assert_eq!(
            call.body,
            Some(json!([{"summary": "Printer down", "client_id": 12, "team": "Service Desk"}]))
        );
        let updated = plan(
            "halopsa_update_ticket",
            json!({"ticket_id": 55, "status_id": 9}),
        )
        .unwrap();
        assert_eq!(
            updated.first_call().unwrap().body,
            Some(json!([{"id": 55, "status_id": 9}]))
        );
        let nothing = plan("halopsa_update_ticket", json!({"ticket_id": 55})).unwrap_err();
        assert!(
            nothing.to_string().contains("at least one field"),
            "{nothing}"
        );
        let action = plan(
            "halopsa_add_action",
            json!({"ticket_id": 55, "note": "Rebooted", "time_taken": 0.25, "new_status": 3}),
        )
        .unwrap();
        assert_eq!(
            action.first_call().unwrap().body,
            Some(
                json!([{"ticket_id": 55, "note": "Rebooted", "outcome": "Private Note",
                         "hiddenfromuser": true, "sendemail": false, "new_status": 3, "timetaken": 0.25}])
            )
        );
    }

    #[test]
    fn reports_send_one_checked_select() {
        let ran = plan(
            "halopsa_run_report",
            json!({"sql": "SELECT COUNT(*) AS count FROM FAULTS;"}),
        )
        .unwrap();
        let call = ran.first_call().unwrap();
        assert_eq!(
            (call.method, call.path.as_str()),
            (Verb::Post, "/api/Report")
        );
        assert_eq!(
            call.body,
            Some(json!([{"_loadreportonly": true, "sql": "SELECT COUNT(*) AS count FROM FAULTS"}]))
        );
        for (sql, says) in [
            ("UPDATE FAULTS SET status = 9", "must start with SELECT"),
            (
                "SELECT 1; UPDATE FAULTS SET status = 9",
                "more than one statement",
            ),
            ("SELECT 1 /* */ ; DELETE FROM FAULTS", "comment"),
        ] {
            let error = plan("halopsa_run_report", json!({ "sql": sql })).unwrap_err();
            assert!(error.to_string().starts_with("argument `sql` "), "{error}");
            assert!(error.to_string().contains(says), "{error}");
        }
    }

    #[test]
    fn lists_are_cut_to_their_summary_and_gets_are_whole() {
        let listed = plan("halopsa_list_clients", json!({"search": "North"})).unwrap();
        let Plan::List { records, call, .. } = &listed else {
            panic!("a list")
        };
        assert_eq!(call.path, "/api/Client?pageinate=true&search=North");
        let mut page = json!({"record_count": 1, "clients": [{"id": 1, "name": "N", "notes": "x".repeat(100)}]});
        assert_eq!(
            records.unwrap().take(&mut page),
            vec![json!({"id": 1, "name": "N"})]
        );
        let got = plan("halopsa_get_client", json!({"client_id": 1})).unwrap();
        assert_eq!(
            got,
            Plan::Record {
                call: Call::get("/api/Client/1?includedetails=true"),
                records: None
            }
        );
    }
}
