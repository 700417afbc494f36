//! ConnectWise PSA's tools (`docs/vendors/connectwise-psa.md`). Lists are bare JSON arrays,
//! `pageSize` up to 1000, paged by the `Link: rel="next"` header, counted with `…/count`.
//! Searches send `conditions=` built by the kit (`kit/conditions.rs`): the user's words only
//! ever travel as quoted values. Updates are JSON Patch arrays; a status is given by name and
//! resolved on the ticket's own board, since status ids belong to a board.

use crate::tools::args::{ArgError, Args, Kind, Param};
use crate::tools::plan::{Action, Plan, Template};
use crate::tools::{Access, Catalog, Effect, Tool, Toolset};
use crate::vendors::kit::conditions::{BadDate, Conditions};
use crate::vendors::kit::paging::{Count, Next, Paging, Place};
use crate::vendors::kit::request::{path, with_query, Call};
use crate::vendors::kit::shape::Records;
use crate::vendors::kit::upstream::Verb;
use serde_json::{json, Map, Value};

/// A list call: `GET {resource}?conditions=…` (and `childConditions=…`), all records of the
/// answer's array.
fn search(
    resource: &str,
    args: &Args,
    conditions: Result<Conditions, BadDate>,
    child: Conditions,
) -> Result<Plan, ArgError> {
    let conditions = conditions.map_err(|error| ArgError::Invalid {
        name: "updated_since",
        expected: error.to_string(),
    })?;
    let built = conditions.build();
    let children = child.build();
    let path = with_query(
        resource,
        &[
            ("conditions", built.as_deref()),
            ("childConditions", children.as_deref()),
        ],
    );
    Ok(Plan::List {
        call: Call::get(path),
        records: None,
        limit: args.limit(),
        keep: Vec::new(),
    })
}

/// The count of a list: the same path with `/count` and its conditions, without paging.
fn count(list: &Call) -> Call {
    let (resource, query) = list.path.split_once('?').unwrap_or((&list.path, ""));
    let pairs: Vec<(String, String)> = url::form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .filter(|(name, _)| name != "pageSize" && name != "page")
        .collect();
    let pairs: Vec<(&str, Option<&str>)> = pairs
        .iter()
        .map(|(name, value)| (name.as_str(), Some(value.as_str())))
        .collect();
    Call::get(with_query(&format!("{resource}/count"), &pairs))
}

/// A reference to another record: `{"id": n}` for digits, else `{key: text}` (ConnectWise
/// resolves references by name or identifier as well as by id).
fn reference(text: &str, key: &str) -> Value {
    match text.parse::<i64>() {
        Ok(id) if text.bytes().all(|b| b.is_ascii_digit()) => json!({ "id": id }),
        _ => json!({ key: text }),
    }
}

/// A date for ConnectWise's bodies: a date alone means its midnight UTC.
fn instant(text: &str) -> String {
    if text.len() == 10 {
        format!("{text}T00:00:00Z")
    } else {
        text.to_owned()
    }
}

/// A `POST` of a new record; ConnectWise answers 201 with the record.
fn create(resource: String, body: Map<String, Value>) -> Plan {
    Plan::Change {
        call: Call::post(resource, Value::Object(body)),
        answer: Value::Null,
        records: Some(Records::Root),
    }
}

const TICKET_ID: Param = Param::required(
    "ticket_id",
    Kind::NumericId,
    "The ticket's id (from cwpsa_search_tickets).",
);
const COMPANY_ID: Param = Param::optional(
    "company_id",
    Kind::NumericId,
    "Only records of this company (from cwpsa_search_companies).",
);

/// `cwpsa_update_ticket`: the fields it changes besides the status.
const TICKET_PATCHES: &[(&str, &str, &str)] = &[
    // (JSON Patch path, argument, how the value is sent: "text" or a reference key)
    ("/summary", "summary", "text"),
    ("/priority", "priority", "name"),
    ("/owner", "owner", "identifier"),
];

/// The JSON Patch of a ticket update: `replace` for each field given, and the status id
/// resolved on the ticket's board.
fn ticket_patch(args: &Args, status: Option<i64>) -> Plan {
    let mut operations: Vec<Value> = TICKET_PATCHES
        .iter()
        .filter_map(|(field, argument, sent)| {
            let text = args.text(argument)?;
            let value = match *sent {
                "text" => json!(text),
                key => reference(text, key),
            };
            Some(json!({ "op": "replace", "path": field, "value": value }))
        })
        .collect();
    if let Some(id) = status {
        operations.push(json!({ "op": "replace", "path": "/status", "value": { "id": id } }));
    }
    Plan::Change {
        call: Call::with(
            Verb::Patch,
            path(&["/service/tickets/", args.required("ticket_id")]),
            Some(Value::Array(operations)),
        ),
        answer: Value::Null,
        records: Some(Records::Root),
    }
}

/// After reading the ticket: its board's statuses.
fn board_statuses(ticket: &Value, _args: &Args) -> Result<Plan, ArgError> {
    let board =
        ticket
            .pointer("/board/id")
            .and_then(Value::as_i64)
            .ok_or(ArgError::Combination(
                "the ticket has no board, so a status cannot be chosen by name",
            ))?;
    Ok(Plan::after(
        Call::get(format!("/service/boards/{board}/statuses?pageSize=1000")),
        resolve_status,
    ))
}

/// After reading the board's statuses: the status named in `status` (case and spaces
/// ignored), or an error listing the board's statuses.
fn resolve_status(statuses: &Value, args: &Args) -> Result<Plan, ArgError> {
    let wanted = args.required("status").trim();
    let statuses = statuses.as_array().cloned().unwrap_or_default();
    let name = |status: &Value| {
        status
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    let found = statuses.iter().find(|status| {
        name(status).trim().eq_ignore_ascii_case(wanted)
            || status
                .get("id")
                .and_then(Value::as_i64)
                .map(|id| id.to_string())
                .as_deref()
                == Some(wanted)
    });
    match found.and_then(|status| status.get("id").and_then(Value::as_i64)) {
        Some(id) => Ok(ticket_patch(args, Some(id))),
        None => {
            let board = statuses
                .first()
                .and_then(|status| status.pointer("/board/name"))
                .and_then(Value::as_str)
                .map(|board| format!(" ({board})"))
                .unwrap_or_default();
            let names: Vec<String> = statuses
                .iter()
                .filter(|status| status.get("inactive").and_then(Value::as_bool) != Some(true))
                .map(name)
                .collect();
            Err(ArgError::Invalid {
                name: "status",
                expected: format!(
                    "must be a status of the ticket's board{board}: {}",
                    if names.is_empty() {
                        "it has none".to_owned()
                    } else {
                        names.join(", ")
                    }
                ),
            })
        }
    }
}

/// ConnectWise PSA's catalog.
pub const CATALOG: Catalog = Catalog {
    record: Records::Root,
    list: Records::Root,
    paging: Paging {
        size: Place::Query("pageSize"),
        max_size: 1000,
        next: Next::LinkHeader,
        total: None,
        count: Some(Count { call: count, at: "count" }),
    },
    secret_fields: &[],
    toolsets: &[
        Toolset { name: "companies", description: "companies and contacts", default: true },
        Toolset { name: "tickets", description: "service tickets and their notes", default: true },
        Toolset { name: "configurations", description: "configurations (managed assets)", default: true },
        Toolset { name: "time", description: "time entries", default: true },
        Toolset { name: "reference", description: "boards, statuses, priorities, members and system information", default: true },
        Toolset { name: "projects", description: "projects", default: false },
        Toolset { name: "agreements", description: "agreements (contracts)", default: false },
        Toolset { name: "sales", description: "sales opportunities", default: false },
    ],
    tools: &[
        Tool {
            name: "cwpsa_search_companies",
            title: "Search companies",
            description: "Search ConnectWise PSA companies by words in the name, the exact identifier, or the status name.",
            params: &[
                Param::optional("name", Kind::Text, "Words the company name contains."),
                Param::optional("identifier", Kind::Text, "The company's exact identifier (its short code)."),
                Param::optional("status", Kind::Text, "The company status name, such as Active."),
                Param::limit(),
            ],
            access: Access::Read,
            toolset: "companies",
            effect: None,
            action: Action::Plan(|args| {
                let conditions = Conditions::new()
                    .like("name", args.text("name"))
                    .text("identifier", args.text("identifier"))
                    .text("status/name", args.text("status"));
                search("/company/companies", args, Ok(conditions), Conditions::new())
            }),
            summary: &["name", "id", "identifier", "city", "phoneNumber"],
            labels: None,
        },
        Tool {
            name: "cwpsa_get_company",
            title: "Get a company",
            description: "Get one ConnectWise PSA company by id: identifier, address, phone, status, types and site.",
            params: &[Param::required("company_id", Kind::NumericId, "The company's id (from cwpsa_search_companies).")],
            access: Access::Read,
            toolset: "companies",
            effect: None,
            action: Action::Template(Template::get("/company/companies/{company_id}")),
            summary: &["name", "id", "identifier", "addressLine1", "city", "phoneNumber"],
            labels: None,
        },
        Tool {
            name: "cwpsa_search_contacts",
            title: "Search contacts",
            description: "Search contacts by company, words in the first or last name, or email address.",
            params: &[
                COMPANY_ID,
                Param::optional("name", Kind::Text, "Words the first or last name contains."),
                Param::optional("email", Kind::Text, "The exact email address."),
                Param::limit(),
            ],
            access: Access::Read,
            toolset: "companies",
            effect: None,
            action: Action::Plan(|args| {
                let conditions = Conditions::new()
                    .number("company/id", args.integer("company_id"))
                    .any_like(&["firstName", "lastName"], args.text("name"));
                let child = Conditions::new().text("communicationItems/value", args.text("email"));
                search("/company/contacts", args, Ok(conditions), child)
            }),
            summary: &["firstName", "lastName", "id", "company.name", "title"],
            labels: None,
        },
        Tool {
            name: "cwpsa_get_contact",
            title: "Get a contact",
            description: "Get one contact by id: company, title, and the email addresses and phone numbers in its communication items.",
            params: &[Param::required("contact_id", Kind::NumericId, "The contact's id (from cwpsa_search_contacts).")],
            access: Access::Read,
            toolset: "companies",
            effect: None,
            action: Action::Template(Template::get("/company/contacts/{contact_id}")),
            summary: &["firstName", "lastName", "id", "company.name", "title"],
            labels: None,
        },
        Tool {
            name: "cwpsa_search_tickets",
            title: "Search tickets",
            description: "Search service tickets by board, status, company, priority, owner, words in the summary, open only, or updated since a date.",
            params: &[
                Param::optional("board", Kind::Text, "The service board's name, such as Help Desk."),
                Param::optional("status", Kind::Text, "The status name, such as New or In Progress."),
                COMPANY_ID,
                Param::optional("priority", Kind::Text, "The priority name, such as Priority 1 - Critical."),
                Param::optional("owner", Kind::Text, "The owning member's identifier (from cwpsa_list_members)."),
                Param::optional("summary", Kind::Text, "Words the summary contains."),
                Param::optional("open_only", Kind::Flag, "Only tickets that are not closed."),
                Param::optional("updated_since", Kind::DateTime, "Only tickets updated at or after this date."),
                Param::limit(),
            ],
            access: Access::Read,
            toolset: "tickets",
            effect: None,
            action: Action::Plan(|args| {
                let conditions = Conditions::new()
                    .text("board/name", args.text("board"))
                    .text("status/name", args.text("status"))
                    .number("company/id", args.integer("company_id"))
                    .text("priority/name", args.text("priority"))
                    .text("owner/identifier", args.text("owner"))
                    .like("summary", args.text("summary"))
                    .flag("closedFlag", args.flag("open_only").filter(|open| *open).map(|_| false))
                    .since("lastUpdated", args.text("updated_since"));
                search("/service/tickets", args, conditions, Conditions::new())
            }),
            summary: &["summary", "id", "board.name", "status.name", "company.name", "priority.name", "owner.identifier"],
            labels: None,
        },
        Tool {
            name: "cwpsa_get_ticket",
            title: "Get a ticket",
            description: "Get one service ticket by id with every field: board, status, company, contact, priority, owner, SLA and dates.",
            params: &[TICKET_ID],
            access: Access::Read,
            toolset: "tickets",
            effect: None,
            action: Action::Template(Template::get("/service/tickets/{ticket_id}")),
            summary: &["summary", "id", "board.name", "status.name", "company.name", "priority.name", "owner.identifier"],
            labels: None,
        },
        Tool {
            name: "cwpsa_create_ticket",
            title: "Create a ticket",
            description: "Create a service ticket on a board for a company. The board's default status applies. Answers with the new ticket.",
            params: &[
                Param::required("summary", Kind::Text, "The ticket's summary (its title)."),
                Param::required("company_id", Kind::NumericId, "The company the ticket is for."),
                Param::required("board", Kind::Text, "The service board, by name (Help Desk) or id."),
                Param::optional("initial_description", Kind::Text, "What the ticket is about (its first note)."),
                Param::optional("priority", Kind::Text, "The priority, by name or id."),
                Param::optional("contact_id", Kind::NumericId, "The contact who asked (from cwpsa_search_contacts)."),
                Param::optional("owner", Kind::Text, "The owning member's identifier."),
            ],
            access: Access::Write,
            toolset: "tickets",
            effect: Some(Effect { destructive: false, idempotent: false }),
            action: Action::Plan(|args| {
                let mut body = Map::new();
                body.insert("summary".into(), json!(args.required("summary")));
                body.insert("recordType".into(), json!("ServiceTicket"));
                body.insert("company".into(), json!({ "id": args.integer("company_id") }));
                body.insert("board".into(), reference(args.required("board"), "name"));
                if let Some(text) = args.text("initial_description") {
                    body.insert("initialDescription".into(), json!(text));
                }
                if let Some(priority) = args.text("priority") {
                    body.insert("priority".into(), reference(priority, "name"));
                }
                if let Some(contact) = args.integer("contact_id") {
                    body.insert("contact".into(), json!({ "id": contact }));
                }
                if let Some(owner) = args.text("owner") {
                    body.insert("owner".into(), json!({ "identifier": owner }));
                }
                Ok(create("/service/tickets".into(), body))
            }),
            summary: &["summary", "id", "board.name", "status.name", "company.name"],
            labels: None,
        },
        Tool {
            name: "cwpsa_update_ticket",
            title: "Update a ticket",
            description: "Change a ticket's status (by name, on the ticket's own board), priority, owner or summary; only the fields given change.",
            params: &[
                TICKET_ID,
                Param::optional("status", Kind::Text, "The new status, by name (the ticket's board's statuses: cwpsa_list_board_statuses)."),
                Param::optional("priority", Kind::Text, "The new priority, by name or id."),
                Param::optional("owner", Kind::Text, "The new owner's member identifier."),
                Param::optional("summary", Kind::Text, "The new summary."),
            ],
            access: Access::Write,
            toolset: "tickets",
            effect: Some(Effect { destructive: false, idempotent: true }),
            action: Action::Plan(|args| {
                if args.has("status") {
                    return Ok(Plan::after(
                        Call::get(path(&["/service/tickets/", args.required("ticket_id")])),
                        board_statuses,
                    ));
                }
                if !TICKET_PATCHES.iter().any(|(_, argument, _)| args.has(argument)) {
                    return Err(ArgError::Combination(
                        "give at least one of status, priority, owner or summary besides `ticket_id`",
                    ));
                }
                Ok(ticket_patch(args, None))
            }),
            summary: &["summary", "id", "status.name", "priority.name", "owner.identifier"],
            labels: None,
        },
        Tool {
            name: "cwpsa_list_ticket_notes",
            title: "List ticket notes",
            description: "List the notes of one ticket, with whether each is in the description, internal or the resolution.",
            params: &[TICKET_ID, Param::limit()],
            access: Access::Read,
            toolset: "tickets",
            effect: None,
            action: Action::Template(Template::get("/service/tickets/{ticket_id}/notes")),
            summary: &["text", "id", "detailDescriptionFlag", "internalAnalysisFlag", "resolutionFlag", "dateCreated"],
            labels: None,
        },
        Tool {
            name: "cwpsa_add_ticket_note",
            title: "Add a ticket note",
            description: "Add a note to a ticket: to its description (visible to the customer), internal analysis, or resolution.",
            params: &[
                TICKET_ID,
                Param::required("text", Kind::Text, "The note's text."),
                Param::optional("kind", Kind::OneOf(&["description", "internal", "resolution"]), "Where the note goes (default description)."),
            ],
            access: Access::Write,
            toolset: "tickets",
            effect: Some(Effect { destructive: false, idempotent: false }),
            action: Action::Plan(|args| {
                let kind = args.text("kind").unwrap_or("description");
                let mut body = Map::new();
                body.insert("text".into(), json!(args.required("text")));
                body.insert("detailDescriptionFlag".into(), json!(kind == "description"));
                body.insert("internalAnalysisFlag".into(), json!(kind == "internal"));
                body.insert("resolutionFlag".into(), json!(kind == "resolution"));
                Ok(create(path(&["/service/tickets/", args.required("ticket_id"), "/notes"]), body))
            }),
            summary: &["text", "id", "ticketId", "internalAnalysisFlag", "resolutionFlag"],
            labels: None,
        },
        Tool {
            name: "cwpsa_search_configurations",
            title: "Search configurations",
            description: "Search configurations (the managed assets: servers, workstations, firewalls) by company, words in the name, type or status.",
            params: &[
                COMPANY_ID,
                Param::optional("name", Kind::Text, "Words the configuration name contains."),
                Param::optional("type", Kind::Text, "The configuration type name, such as Server."),
                Param::optional("status", Kind::Text, "The configuration status name, such as Active."),
                Param::limit(),
            ],
            access: Access::Read,
            toolset: "configurations",
            effect: None,
            action: Action::Plan(|args| {
                let conditions = Conditions::new()
                    .number("company/id", args.integer("company_id"))
                    .like("name", args.text("name"))
                    .text("type/name", args.text("type"))
                    .text("status/name", args.text("status"));
                search("/company/configurations", args, Ok(conditions), Conditions::new())
            }),
            summary: &["name", "id", "type.name", "company.name", "status.name", "serialNumber"],
            labels: None,
        },
        Tool {
            name: "cwpsa_get_configuration",
            title: "Get a configuration",
            description: "Get one configuration by id: type, company, status, serial number, IP and MAC address, OS and notes.",
            params: &[Param::required("configuration_id", Kind::NumericId, "The configuration's id (from cwpsa_search_configurations).")],
            access: Access::Read,
            toolset: "configurations",
            effect: None,
            action: Action::Template(Template::get("/company/configurations/{configuration_id}")),
            summary: &["name", "id", "type.name", "company.name", "serialNumber", "ipAddress"],
            labels: None,
        },
        Tool {
            name: "cwpsa_list_time_entries",
            title: "List time entries",
            description: "List time entries by ticket, member, company, or starting on or after a date.",
            params: &[
                Param::optional("ticket_id", Kind::NumericId, "Only time charged to this service ticket."),
                Param::optional("member", Kind::Text, "Only this member's time, by identifier."),
                COMPANY_ID,
                Param::optional("since", Kind::DateTime, "Only entries starting at or after this date."),
                Param::limit(),
            ],
            access: Access::Read,
            toolset: "time",
            effect: None,
            action: Action::Plan(|args| {
                let ticket = args.integer("ticket_id");
                let conditions = Conditions::new()
                    .number("chargeToId", ticket)
                    .text("chargeToType", ticket.map(|_| "ServiceTicket"))
                    .text("member/identifier", args.text("member"))
                    .number("company/id", args.integer("company_id"))
                    .since("timeStart", args.text("since"))
                    .map_err(|error| ArgError::Invalid { name: "since", expected: error.to_string() })?;
                search("/time/entries", args, Ok(conditions), Conditions::new())
            }),
            summary: &["notes", "id", "member.identifier", "chargeToId", "timeStart", "actualHours"],
            labels: None,
        },
        Tool {
            name: "cwpsa_add_time_entry",
            title: "Add a time entry",
            description: "Log time against a service ticket, from a start to an end time, with notes; the member defaults to the API member.",
            params: &[
                TICKET_ID,
                Param::required("time_start", Kind::DateTime, "When the work started."),
                Param::required("time_end", Kind::DateTime, "When the work ended."),
                Param::required("notes", Kind::Text, "What was done."),
                Param::optional("member", Kind::Text, "The member who worked, by identifier (default: the API member)."),
                Param::optional("work_type", Kind::Text, "The work type, by name (such as Remote Support)."),
            ],
            access: Access::Write,
            toolset: "time",
            effect: Some(Effect { destructive: false, idempotent: false }),
            action: Action::Plan(|args| {
                let mut body = Map::new();
                body.insert("chargeToId".into(), json!(args.integer("ticket_id")));
                body.insert("chargeToType".into(), json!("ServiceTicket"));
                body.insert("timeStart".into(), json!(instant(args.required("time_start"))));
                body.insert("timeEnd".into(), json!(instant(args.required("time_end"))));
                body.insert("notes".into(), json!(args.required("notes")));
                if let Some(member) = args.text("member") {
                    body.insert("member".into(), json!({ "identifier": member }));
                }
                if let Some(work_type) = args.text("work_type") {
                    body.insert("workType".into(), reference(work_type, "name"));
                }
                Ok(create("/time/entries".into(), body))
            }),
            summary: &["notes", "id", "chargeToId", "timeStart", "timeEnd", "actualHours"],
            labels: None,
        },
        Tool {
            name: "cwpsa_list_boards",
            title: "List service boards",
            description: "List the service boards tickets live on, by words in the name or whether they are active.",
            params: &[
                Param::optional("name", Kind::Text, "Words the board name contains."),
                Param::optional("active", Kind::Flag, "Only active (true) or inactive (false) boards."),
                Param::limit(),
            ],
            access: Access::Read,
            toolset: "reference",
            effect: None,
            action: Action::Plan(|args| {
                let conditions = Conditions::new()
                    .like("name", args.text("name"))
                    .flag("inactiveFlag", args.flag("active").map(|active| !active));
                search("/service/boards", args, Ok(conditions), Conditions::new())
            }),
            summary: &["name", "id", "location.name", "department.name", "inactiveFlag"],
            labels: None,
        },
        Tool {
            name: "cwpsa_list_board_statuses",
            title: "List a board's statuses",
            description: "List the statuses of one service board; status ids belong to their board.",
            params: &[Param::required("board_id", Kind::NumericId, "The board's id (from cwpsa_list_boards)."), Param::limit()],
            access: Access::Read,
            toolset: "reference",
            effect: None,
            action: Action::Template(Template::get("/service/boards/{board_id}/statuses")),
            summary: &["name", "id", "sortOrder", "closedStatus", "defaultFlag"],
            labels: None,
        },
        Tool {
            name: "cwpsa_list_priorities",
            title: "List priorities",
            description: "List the ticket priorities, with their sort order and colour.",
            params: &[Param::limit()],
            access: Access::Read,
            toolset: "reference",
            effect: None,
            action: Action::Template(Template::get("/service/priorities")),
            summary: &["name", "id", "sortOrder", "color"],
            labels: None,
        },
        Tool {
            name: "cwpsa_list_members",
            title: "List members",
            description: "List members (the MSP's staff) by words in the name or identifier, or whether they are active.",
            params: &[
                Param::optional("name", Kind::Text, "Words the first name, last name or identifier contains."),
                Param::optional("active", Kind::Flag, "Only active (true) or inactive (false) members."),
                Param::limit(),
            ],
            access: Access::Read,
            toolset: "reference",
            effect: None,
            action: Action::Plan(|args| {
                let conditions = Conditions::new()
                    .any_like(&["firstName", "lastName", "identifier"], args.text("name"))
                    .flag("inactiveFlag", args.flag("active").map(|active| !active));
                search("/system/members", args, Ok(conditions), Conditions::new())
            }),
            summary: &["identifier", "id", "firstName", "lastName", "title"],
            labels: None,
        },
        Tool {
            name: "cwpsa_get_system_info",
            title: "Get system information",
            description: "Get the ConnectWise PSA server's version, whether it is cloud-hosted, its time zone and region.",
            params: &[],
            access: Access::Read,
            toolset: "reference",
            effect: None,
            action: Action::Template(Template::get("/system/info")),
            summary: &["version", "isCloud", "serverTimeZone", "cloudRegion"],
            labels: None,
        },
        Tool {
            name: "cwpsa_search_projects",
            title: "Search projects",
            description: "Search projects by company, words in the name, status name, or open only.",
            params: &[
                COMPANY_ID,
                Param::optional("name", Kind::Text, "Words the project name contains."),
                Param::optional("status", Kind::Text, "The project status name, such as In Progress."),
                Param::optional("open_only", Kind::Flag, "Only projects that are not closed."),
                Param::limit(),
            ],
            access: Access::Read,
            toolset: "projects",
            effect: None,
            action: Action::Plan(|args| {
                let conditions = Conditions::new()
                    .number("company/id", args.integer("company_id"))
                    .like("name", args.text("name"))
                    .text("status/name", args.text("status"))
                    .flag("closedFlag", args.flag("open_only").filter(|open| *open).map(|_| false));
                search("/project/projects", args, Ok(conditions), Conditions::new())
            }),
            summary: &["name", "id", "company.name", "status.name", "manager.identifier", "estimatedEnd"],
            labels: None,
        },
        Tool {
            name: "cwpsa_get_project",
            title: "Get a project",
            description: "Get one project by id: company, manager, status, board, budget and estimated dates.",
            params: &[Param::required("project_id", Kind::NumericId, "The project's id (from cwpsa_search_projects).")],
            access: Access::Read,
            toolset: "projects",
            effect: None,
            action: Action::Template(Template::get("/project/projects/{project_id}")),
            summary: &["name", "id", "company.name", "status.name", "manager.identifier", "estimatedEnd"],
            labels: None,
        },
        Tool {
            name: "cwpsa_search_agreements",
            title: "Search agreements",
            description: "Search agreements (the contracts that bill a company's services) by company, words in the name, or agreement type.",
            params: &[
                COMPANY_ID,
                Param::optional("name", Kind::Text, "Words the agreement name contains."),
                Param::optional("type", Kind::Text, "The agreement type name, such as Managed Services."),
                Param::limit(),
            ],
            access: Access::Read,
            toolset: "agreements",
            effect: None,
            action: Action::Plan(|args| {
                let conditions = Conditions::new()
                    .number("company/id", args.integer("company_id"))
                    .like("name", args.text("name"))
                    .text("type/name", args.text("type"));
                search("/finance/agreements", args, Ok(conditions), Conditions::new())
            }),
            summary: &["name", "id", "company.name", "type.name", "agreementStatus", "endDate"],
            labels: None,
        },
        Tool {
            name: "cwpsa_get_agreement",
            title: "Get an agreement",
            description: "Get one agreement by id: company, type, status, billing cycle and amount, start and end dates.",
            params: &[Param::required("agreement_id", Kind::NumericId, "The agreement's id (from cwpsa_search_agreements).")],
            access: Access::Read,
            toolset: "agreements",
            effect: None,
            action: Action::Template(Template::get("/finance/agreements/{agreement_id}")),
            summary: &["name", "id", "company.name", "type.name", "billAmount", "endDate"],
            labels: None,
        },
        Tool {
            name: "cwpsa_search_opportunities",
            title: "Search opportunities",
            description: "Search sales opportunities by company, words in the name, or status name.",
            params: &[
                COMPANY_ID,
                Param::optional("name", Kind::Text, "Words the opportunity name contains."),
                Param::optional("status", Kind::Text, "The opportunity status name, such as Open or Won."),
                Param::limit(),
            ],
            access: Access::Read,
            toolset: "sales",
            effect: None,
            action: Action::Plan(|args| {
                let conditions = Conditions::new()
                    .number("company/id", args.integer("company_id"))
                    .like("name", args.text("name"))
                    .text("status/name", args.text("status"));
                search("/sales/opportunities", args, Ok(conditions), Conditions::new())
            }),
            summary: &["name", "id", "company.name", "status.name", "expectedCloseDate"],
            labels: None,
        },
        Tool {
            name: "cwpsa_get_opportunity",
            title: "Get an opportunity",
            description: "Get one sales opportunity by id: company, contact, sales rep, stage, status, probability and expected close date.",
            params: &[Param::required("opportunity_id", Kind::NumericId, "The opportunity's id (from cwpsa_search_opportunities).")],
            access: Access::Read,
            toolset: "sales",
            effect: None,
            action: Action::Template(Template::get("/sales/opportunities/{opportunity_id}")),
            summary: &["name", "id", "company.name", "status.name", "probability.name", "expectedCloseDate"],
            labels: None,
        },
    ],
};

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(tool: &str, args: Value) -> Result<Plan, ArgError> {
        CATALOG.plan_of(tool, args)
    }

    fn conditions(call: &Call) -> String {
        crate::vendors::kit::request::query_value(&call.path, "conditions").unwrap_or_default()
    }

    #[test]
    fn searches_send_the_users_words_only_as_quoted_values() {
        let Plan::List { call, limit, .. } = plan(
            "cwpsa_search_tickets",
            json!({"board": "Help Desk", "summary": "printer\") or (id > 0", "open_only": true, "company_id": 250, "updated_since": "2026-11-01", "limit": 20}),
        )
        .unwrap() else {
            panic!()
        };
        assert_eq!(limit, 20);
        assert!(call.path.starts_with("/service/tickets?conditions="));
        assert_eq!(
            conditions(&call),
            r#"board/name = "Help Desk" and company/id = 250 and summary like "%printer\") or (id > 0%" and closedFlag = false and lastUpdated >= [2026-11-01T00:00:00Z]"#
        );
        let Plan::List { call, .. } =
            plan("cwpsa_search_tickets", json!({"open_only": false})).unwrap()
        else {
            panic!()
        };
        assert_eq!(call.path, "/service/tickets", "no conditions, no parameter");
        let Plan::List { call, .. } = plan(
            "cwpsa_search_contacts",
            json!({"email": "a@b.example", "name": "ali"}),
        )
        .unwrap() else {
            panic!()
        };
        assert_eq!(
            crate::vendors::kit::request::query_value(&call.path, "childConditions").as_deref(),
            Some(r#"communicationItems/value = "a@b.example""#)
        );
    }

    #[test]
    fn the_issue_names_every_tool() {
        for name in [
            "cwpsa_search_companies",
            "cwpsa_get_company",
            "cwpsa_search_contacts",
            "cwpsa_search_tickets",
            "cwpsa_get_ticket",
            "cwpsa_create_ticket",
            "cwpsa_update_ticket",
            "cwpsa_list_ticket_notes",
            "cwpsa_add_ticket_note",
            "cwpsa_search_configurations",
            "cwpsa_get_configuration",
            "cwpsa_list_time_entries",
            "cwpsa_add_time_entry",
            "cwpsa_list_boards",
            "cwpsa_list_board_statuses",
            "cwpsa_list_priorities",
            "cwpsa_list_members",
            "cwpsa_get_system_info",
        ] {
            let tool = CATALOG.find(name).unwrap_or_else(|| panic!("{name}"));
            let writes = [
                "cwpsa_create_ticket",
                "cwpsa_update_ticket",
                "cwpsa_add_ticket_note",
                "cwpsa_add_time_entry",
            ];
            assert_eq!(
                tool.access == Access::Write,
                writes.contains(&name),
                "{name}"
            );
        }
    }

    #[test]
    fn counts_drop_the_paging() {
        let counted = count(&Call::get("/service/tickets?conditions=a%3D1&pageSize=25"));
        assert_eq!(counted.path, "/service/tickets/count?conditions=a%3D1");
        assert_eq!(
            count(&Call::get("/service/boards?pageSize=5")).path,
            "/service/boards/count"
        );
    }

    #[test]
    fn updates_are_json_patch_and_a_status_is_looked_up_on_the_board() {
        let Plan::Change { call, .. } =
            plan("cwpsa_update_ticket", json!({"ticket_id": 7, "summary": "New title", "priority": "Priority 2 - High", "owner": "jsmith"})).unwrap()
        else {
            panic!()
        };
        assert_eq!(
            (call.method, call.path.as_str()),
            (Verb::Patch, "/service/tickets/7")
        );
        assert_eq!(
            call.body.unwrap(),
            json!([
                {"op": "replace", "path": "/summary", "value": "New title"},
                {"op": "replace", "path": "/priority", "value": {"name": "Priority 2 - High"}},
                {"op": "replace", "path": "/owner", "value": {"identifier": "jsmith"}},
            ])
        );
        assert!(plan("cwpsa_update_ticket", json!({"ticket_id": 7})).is_err());
        let args = Args::validate(
            CATALOG.find("cwpsa_update_ticket").unwrap().params,
            Some(&json!({"ticket_id": 7, "status": "in progress"})),
        )
        .unwrap();
        let Plan::After { call, then } = plan(
            "cwpsa_update_ticket",
            json!({"ticket_id": 7, "status": "in progress"}),
        )
        .unwrap() else {
            panic!()
        };
        assert_eq!(call.path, "/service/tickets/7");
        let Plan::After { call, then } = (then.0)(
            &json!({"id": 7, "board": {"id": 21, "name": "Help Desk"}}),
            &args,
        )
        .unwrap() else {
            panic!()
        };
        assert_eq!(call.path, "/service/boards/21/statuses?pageSize=1000");
        let statuses = json!([
            {"id": 1, "name": "New", "board": {"id": 21, "name": "Help Desk"}},
            {"id": 17, "name": "In Progress", "board": {"id": 21, "name": "Help Desk"}},
        ]);
        let Plan::Change { call, .. } = (then.0)(&statuses, &args).unwrap() else {
            panic!()
        };
        assert_eq!(
            call.body.unwrap(),
            json!([{"op": "replace", "path": "/status", "value": {"id": 17}}])
        );
        let unknown = Args::validate(
            CATALOG.find("cwpsa_update_ticket").unwrap().params,
            Some(&json!({"ticket_id": 7, "status": "Waiting on Godot"})),
        )
        .unwrap();
        let error = (then.0)(&statuses, &unknown).unwrap_err().to_string();
        assert!(
            error.contains("status of the ticket's board (Help Desk): New, In Progress"),
            "{error}"
        );
    }

    #[test]
    fn creates_send_references() {
        let Plan::Change { call, .. } = plan(
            "cwpsa_create_ticket",
            json!({"summary": "Printer jam", "company_id": 250, "board": "Help Desk", "priority": "3"}),
        )
        .unwrap() else {
            panic!()
        };
        let body = call.body.unwrap();
        assert_eq!(body["board"], json!({"name": "Help Desk"}));
        assert_eq!(body["priority"], json!({"id": 3}));
        assert_eq!(body["company"], json!({"id": 250}));
        let Plan::Change { call, .. } = plan(
            "cwpsa_add_ticket_note",
            json!({"ticket_id": 7, "text": "Fixed", "kind": "resolution"}),
        )
        .unwrap() else {
            panic!()
        };
        assert_eq!(call.path, "/service/tickets/7/notes");
        assert_eq!(call.body.as_ref().unwrap()["resolutionFlag"], true);
        assert_eq!(call.body.unwrap()["detailDescriptionFlag"], false);
        let Plan::Change { call, .. } = plan(
            "cwpsa_add_time_entry",
            json!({"ticket_id": 7, "time_start": "2026-11-02T09:00:00Z", "time_end": "2026-11-02T10:30:00Z", "notes": "Fixed"}),
        )
        .unwrap() else {
            panic!()
        };
        assert_eq!(call.body.unwrap()["chargeToType"], "ServiceTicket");
    }
}
