//! Autotask's tools (`docs/vendors/autotask.md`). Searches are `POST /{Entity}/query` with a
//! filter built from the arguments — the user's words only ever travel as condition values —
//! paged by `MaxRecords` in the body (at most 500) and the body's `nextPageUrl`, followed with
//! the query's own `POST` and body. Single records are `GET /{Entity}/{id}` under `item`;
//! creates answer `{ "itemId" }`. Picklist arguments take a label or an id, and results show
//! labels beside ids.

use crate::tools::args::{ArgError, Args, Kind, Param};
use crate::tools::plan::{Action, Plan, Template};
use crate::tools::{Access, Catalog, Effect, Tool, Toolset};
use crate::vendors::kit::paging::{Count, Next, Paging, Place};
use crate::vendors::kit::picklist::Picklist;
use crate::vendors::kit::request::Call;
use crate::vendors::kit::shape::Records;
use crate::vendors::kit::upstream::Verb;
use serde_json::{json, Map, Value};

/// How an argument's value is sent in a condition or a body.
#[derive(Debug, Clone, Copy)]
enum Sent {
    /// A number (ids, picklist ids).
    Int,
    /// A string (words, dates).
    Text,
    /// A boolean.
    Flag,
    /// A number with a fraction (hours).
    Number,
}

/// One filter condition from an argument: `{ op, field, value }`, or an `or` group over
/// several fields.
#[derive(Debug, Clone, Copy)]
struct Condition {
    fields: &'static [&'static str],
    op: &'static str,
    argument: &'static str,
    value: Sent,
}

const fn int(field: &'static [&'static str], argument: &'static str) -> Condition {
    Condition {
        fields: field,
        op: "eq",
        argument,
        value: Sent::Int,
    }
}

const fn contains(fields: &'static [&'static str], argument: &'static str) -> Condition {
    Condition {
        fields,
        op: "contains",
        argument,
        value: Sent::Text,
    }
}

const fn text(field: &'static [&'static str], argument: &'static str) -> Condition {
    Condition {
        fields: field,
        op: "eq",
        argument,
        value: Sent::Text,
    }
}

const fn since(field: &'static [&'static str], argument: &'static str) -> Condition {
    Condition {
        fields: field,
        op: "gte",
        argument,
        value: Sent::Text,
    }
}

const fn until(field: &'static [&'static str], argument: &'static str) -> Condition {
    Condition {
        fields: field,
        op: "lte",
        argument,
        value: Sent::Text,
    }
}

const fn flag(field: &'static [&'static str], argument: &'static str) -> Condition {
    Condition {
        fields: field,
        op: "eq",
        argument,
        value: Sent::Flag,
    }
}

/// An argument's value as Autotask wants it.
fn value(args: &Args, argument: &str, kind: Sent) -> Option<Value> {
    match kind {
        Sent::Int => args.integer(argument).map(Value::from),
        Sent::Text => args.text(argument).map(Value::from),
        Sent::Flag => args.flag(argument).map(Value::from),
        Sent::Number => args.number(argument).map(Value::from),
    }
}

/// A search: `POST /{entity}/query` with the given conditions (all of them must hold), asking
/// for `fields` (which always hold `id`, as Autotask requires for results over one page).
fn query(entity: &str, args: &Args, conditions: &[Condition], fields: &[&str]) -> Plan {
    let mut items: Vec<Value> = conditions
        .iter()
        .filter_map(|condition| {
            let value = value(args, condition.argument, condition.value)?;
            Some(match condition.fields {
                [field] => json!({ "op": condition.op, "field": field, "value": value }),
                fields => json!({
                    "op": "or",
                    "items": fields
                        .iter()
                        .map(|field| json!({ "op": condition.op, "field": field, "value": value }))
                        .collect::<Vec<_>>(),
                }),
            })
        })
        .collect();
    if items.is_empty() {
        // Autotask needs at least one condition; every record has an id of at least 0.
        items.push(json!({ "op": "gte", "field": "id", "value": 0 }));
    }
    let mut include: Vec<&str> = vec!["id"];
    include.extend(fields.iter().filter(|field| **field != "id"));
    let mut body = json!({ "filter": [{ "op": "and", "items": items }] });
    if !fields.is_empty() {
        body["IncludeFields"] = json!(include);
    }
    Plan::List {
        call: Call::post(format!("/{entity}/query"), body),
        records: None,
        limit: args.limit(),
        keep: Vec::new(),
    }
}

/// The count of a search: the same filter to `/{Entity}/query/count`.
fn count_query(query: &Call) -> Call {
    let filter = query
        .body
        .as_ref()
        .and_then(|body| body.get("filter"))
        .cloned();
    Call::post(format!("{}/count", query.path), json!({ "filter": filter }))
}

/// A create (`POST`) or update (`PATCH`) whose body holds the given arguments under
/// Autotask's field names; `{ "itemId" }` comes back.
fn change(
    method: Verb,
    path: String,
    args: &Args,
    fields: &[(&str, &str, Sent)],
    mut body: Map<String, Value>,
) -> Plan {
    for (field, argument, kind) in fields {
        if let Some(value) = value(args, argument, *kind) {
            body.insert((*field).to_owned(), value);
        }
    }
    Plan::Change {
        call: Call::with(method, path, Some(Value::Object(body))),
        answer: Value::Null,
        records: Some(Records::Root),
    }
}

/// A sub-issue type is only valid under an issue type.
fn check_sub_issue(args: &Args) -> Result<(), ArgError> {
    if args.text("sub_issue_type").is_some() && args.text("issue_type").is_none() {
        return Err(ArgError::Combination(
            "`sub_issue_type` needs `issue_type` (sub-issue types belong to an issue type)",
        ));
    }
    Ok(())
}

const fn picklist(entity: &'static str, field: &'static str) -> Kind {
    Kind::Picklist(Picklist {
        entity,
        field,
        parent: None,
        default: false,
    })
}

const fn defaulted(entity: &'static str, field: &'static str) -> Kind {
    Kind::Picklist(Picklist {
        entity,
        field,
        parent: None,
        default: true,
    })
}

const SUB_ISSUE: Kind = Kind::Picklist(Picklist {
    entity: "Tickets",
    field: "subIssueType",
    parent: Some("issue_type"),
    default: false,
});

const COMPANY: Param = Param::optional(
    "company_id",
    Kind::NumericId,
    "Only records of this company (from autotask_search_companies).",
);
const TICKET_ID: Param = Param::required(
    "ticket_id",
    Kind::NumericId,
    "The ticket's id (from autotask_search_tickets).",
);
const ACTIVE: Param = Param::optional(
    "active",
    Kind::Flag,
    "Only active (true) or inactive (false) records.",
);

const TICKET_FIELDS: &[&str] = &[
    "ticketNumber",
    "title",
    "status",
    "priority",
    "queueID",
    "companyID",
    "contactID",
    "assignedResourceID",
    "issueType",
    "subIssueType",
    "ticketType",
    "source",
    "createDate",
    "lastActivityDate",
    "dueDateTime",
];

/// The ticket fields a create or an update sets, from arguments.
const TICKET_WRITES: &[(&str, &str, Sent)] = &[
    ("title", "title", Sent::Text),
    ("description", "description", Sent::Text),
    ("status", "status", Sent::Int),
    ("priority", "priority", Sent::Int),
    ("queueID", "queue", Sent::Int),
    ("issueType", "issue_type", Sent::Int),
    ("subIssueType", "sub_issue_type", Sent::Int),
    ("ticketType", "ticket_type", Sent::Int),
    ("source", "source", Sent::Int),
    ("assignedResourceID", "assigned_resource_id", Sent::Int),
    (
        "assignedResourceRoleID",
        "assigned_resource_role_id",
        Sent::Int,
    ),
    ("contactID", "contact_id", Sent::Int),
    ("dueDateTime", "due_date_time", Sent::Text),
    ("resolution", "resolution", Sent::Text),
];

/// The arguments a ticket update may change (a create takes the same, plus the company).
const TICKET_CHANGES: &[Param] = &[
    TICKET_ID,
    Param::optional("title", Kind::Text, "The new title."),
    Param::optional("description", Kind::Text, "The new description."),
    Param::optional("status", picklist("Tickets", "status"), "The status, by label (\"In Progress\") or id."),
    Param::optional("priority", picklist("Tickets", "priority"), "The priority, by label (\"High\") or id."),
    Param::optional("queue", picklist("Tickets", "queueID"), "The queue, by name (\"Level II Support\") or id."),
    Param::optional("issue_type", picklist("Tickets", "issueType"), "The issue type, by label or id."),
    Param::optional("sub_issue_type", SUB_ISSUE, "The sub-issue type, by label or id; it must belong to `issue_type`, which is then required."),
    Param::optional("assigned_resource_id", Kind::NumericId, "The resource (technician) to assign (from autotask_search_resources)."),
    Param::optional("assigned_resource_role_id", Kind::NumericId, "The role the assigned resource works the ticket in."),
    Param::optional("due_date_time", Kind::DateTime, "When the ticket is due."),
    Param::optional("resolution", Kind::Text, "The resolution text."),
];

/// Autotask's catalog.
pub const CATALOG: Catalog = Catalog {
    record: Records::At("item"),
    list: Records::At("items"),
    paging: Paging {
        size: Place::Body("MaxRecords"),
        max_size: 500,
        next: Next::BodyLink {
            at: "pageDetails.nextPageUrl",
            keep_body: true,
        },
        total: None,
        count: Some(Count {
            call: count_query,
            at: "queryCount",
        }),
    },
    secret_fields: &[],
    toolsets: &[
        Toolset { name: "companies", description: "companies and contacts", default: true },
        Toolset { name: "tickets", description: "tickets and their notes", default: true },
        Toolset { name: "time", description: "time entries", default: true },
        Toolset { name: "projects", description: "projects, tasks and resources", default: true },
        Toolset { name: "assets", description: "configuration items", default: true },
        Toolset { name: "reference", description: "picklists and API usage", default: true },
        Toolset { name: "contracts", description: "contracts and services", default: false },
        Toolset { name: "sales", description: "opportunities, quotes and products", default: false },
        Toolset { name: "billing", description: "invoices", default: false },
        Toolset { name: "service_calls", description: "scheduled service calls", default: false },
    ],
    tools: &[
        Tool {
            name: "autotask_search_companies",
            title: "Search companies",
            description: "Search Autotask companies (customers, prospects, vendors) by words in the name, company type or whether they are active.",
            params: &[
                Param::optional("name", Kind::Text, "Words the company name contains."),
                Param::optional("company_type", picklist("Companies", "companyType"), "The company type, by label (\"Customer\") or id."),
                ACTIVE,
                Param::limit(),
            ],
            access: Access::Read,
            toolset: "companies",
            effect: None,
            action: Action::Plan(|args| {
                Ok(query(
                    "Companies",
                    args,
                    &[contains(&["companyName"], "name"), int(&["companyType"], "company_type"), flag(&["isActive"], "active")],
                    &["companyName", "companyNumber", "companyType", "phone", "city", "state", "isActive", "lastActivityDate"],
                ))
            }),
            summary: &["companyName", "id", "companyTypeLabel", "city", "isActive"],
            labels: Some("Companies"),
        },
        Tool {
            name: "autotask_get_company",
            title: "Get a company",
            description: "Get one Autotask company by id: address, phone, type, owner and status.",
            params: &[Param::required("company_id", Kind::NumericId, "The company's id (0 is the MSP's own company).")],
            access: Access::Read,
            toolset: "companies",
            effect: None,
            action: Action::Template(Template::get("/Companies/{company_id}")),
            summary: &["companyName", "id", "companyTypeLabel", "phone", "city"],
            labels: Some("Companies"),
        },
        Tool {
            name: "autotask_search_contacts",
            title: "Search contacts",
            description: "Search contacts by company, words in the first or last name, email address, or whether they are active.",
            params: &[
                COMPANY,
                Param::optional("name", Kind::Text, "Words the first or last name contains."),
                Param::optional("email", Kind::Text, "The exact email address."),
                ACTIVE,
                Param::limit(),
            ],
            access: Access::Read,
            toolset: "companies",
            effect: None,
            action: Action::Plan(|args| {
                Ok(query(
                    "Contacts",
                    args,
                    &[
                        int(&["companyID"], "company_id"),
                        contains(&["firstName", "lastName"], "name"),
                        text(&["emailAddress"], "email"),
                        flag(&["isActive"], "active"),
                    ],
                    &["firstName", "lastName", "emailAddress", "phone", "companyID", "title", "isActive"],
                ))
            }),
            summary: &["firstName", "lastName", "id", "emailAddress", "companyID"],
            labels: None,
        },
        Tool {
            name: "autotask_get_contact",
            title: "Get a contact",
            description: "Get one Autotask contact by id: name, company, email addresses and phone numbers.",
            params: &[Param::required("contact_id", Kind::NumericId, "The contact's id.")],
            access: Access::Read,
            toolset: "companies",
            effect: None,
            action: Action::Template(Template::get("/Contacts/{contact_id}")),
            summary: &["firstName", "lastName", "id", "emailAddress", "companyID"],
            labels: None,
        },
        Tool {
            name: "autotask_search_tickets",
            title: "Search tickets",
            description: "Search tickets by company, status, priority, queue, assigned resource, ticket number, words in the title, or created or changed since a date. Results show labels beside picklist ids.",
            params: &[
                COMPANY,
                Param::optional("status", picklist("Tickets", "status"), "The status, by label (\"In Progress\") or id."),
                Param::optional("priority", picklist("Tickets", "priority"), "The priority, by label (\"High\") or id."),
                Param::optional("queue", picklist("Tickets", "queueID"), "The queue, by name (\"Level I Support\") or id."),
                Param::optional("assigned_resource_id", Kind::NumericId, "Only tickets assigned to this resource (from autotask_search_resources)."),
                Param::optional("ticket_number", Kind::Text, "The exact ticket number, such as T20261102.0001."),
                Param::optional("title", Kind::Text, "Words the title contains."),
                Param::optional("created_since", Kind::DateTime, "Only tickets created at or after this date."),
                Param::optional("changed_since", Kind::DateTime, "Only tickets with activity at or after this date."),
                Param::limit(),
            ],
            access: Access::Read,
            toolset: "tickets",
            effect: None,
            action: Action::Plan(|args| {
                Ok(query(
                    "Tickets",
                    args,
                    &[
                        int(&["companyID"], "company_id"),
                        int(&["status"], "status"),
                        int(&["priority"], "priority"),
                        int(&["queueID"], "queue"),
                        int(&["assignedResourceID"], "assigned_resource_id"),
                        text(&["ticketNumber"], "ticket_number"),
                        contains(&["title"], "title"),
                        since(&["createDate"], "created_since"),
                        since(&["lastActivityDate"], "changed_since"),
                    ],
                    TICKET_FIELDS,
                ))
            }),
            summary: &["ticketNumber", "title", "id", "statusLabel", "priorityLabel", "queueIDLabel", "companyID"],
            labels: Some("Tickets"),
        },
        Tool {
            name: "autotask_get_ticket",
            title: "Get a ticket",
            description: "Get one ticket by id with every field: description, status, priority, queue, issue and sub-issue type, assignment, dates and resolution.",
            params: &[TICKET_ID],
            access: Access::Read,
            toolset: "tickets",
            effect: None,
            action: Action::Template(Template::get("/Tickets/{ticket_id}")),
            summary: &["ticketNumber", "title", "id", "statusLabel", "priorityLabel", "queueIDLabel", "description"],
            labels: Some("Tickets"),
        },
        Tool {
            name: "autotask_create_ticket",
            title: "Create a ticket",
            description: "Create a ticket for a company. Status and priority default to Autotask's defaults; a queue or an assigned resource with a role routes it. Answers with the new ticket's itemId.",
            params: &[
                Param::required("company_id", Kind::NumericId, "The company the ticket is for."),
                Param::required("title", Kind::Text, "The ticket's title."),
                Param::optional("description", Kind::Text, "What the ticket is about."),
                Param::optional("status", defaulted("Tickets", "status"), "The status, by label or id (default: Autotask's default status)."),
                Param::optional("priority", defaulted("Tickets", "priority"), "The priority, by label or id (default: Autotask's default priority)."),
                Param::optional("queue", picklist("Tickets", "queueID"), "The queue, by name or id."),
                Param::optional("issue_type", picklist("Tickets", "issueType"), "The issue type, by label or id."),
                Param::optional("sub_issue_type", SUB_ISSUE, "The sub-issue type, by label or id; it must belong to `issue_type`."),
                Param::optional("ticket_type", picklist("Tickets", "ticketType"), "The ticket type (\"Service Request\", \"Incident\", ...)."),
                Param::optional("source", picklist("Tickets", "source"), "Where the request came from (\"Phone\", \"Email\", ...)."),
                Param::optional("contact_id", Kind::NumericId, "The contact who asked (from autotask_search_contacts)."),
                Param::optional("assigned_resource_id", Kind::NumericId, "The resource to assign (from autotask_search_resources)."),
                Param::optional("assigned_resource_role_id", Kind::NumericId, "The role the assigned resource works the ticket in."),
                Param::optional("due_date_time", Kind::DateTime, "When the ticket is due."),
            ],
            access: Access::Write,
            toolset: "tickets",
            effect: Some(Effect { destructive: false, idempotent: false }),
            action: Action::Plan(|args| {
                check_sub_issue(args)?;
                let mut body = Map::new();
                body.insert("companyID".into(), json!(args.integer("company_id")));
                Ok(change(Verb::Post, "/Tickets".into(), args, TICKET_WRITES, body))
            }),
            summary: &["itemId"],
            labels: None,
        },
        Tool {
            name: "autotask_update_ticket",
            title: "Update a ticket",
            description: "Change a ticket's title, description, status, priority, queue, issue type, assignment, due date or resolution; only the fields given change.",
            params: TICKET_CHANGES,
            access: Access::Write,
            toolset: "tickets",
            effect: Some(Effect { destructive: false, idempotent: true }),
            action: Action::Plan(|args| {
                check_sub_issue(args)?;
                let mut body = Map::new();
                body.insert("id".into(), json!(args.integer("ticket_id")));
                // Labels become ids only when the call runs, so count the arguments given.
                if !TICKET_WRITES.iter().any(|(_, argument, _)| args.has(argument)) {
                    return Err(ArgError::Combination("give at least one field to change besides `ticket_id`"));
                }
                Ok(change(Verb::Patch, "/Tickets".into(), args, TICKET_WRITES, body))
            }),
            summary: &["itemId"],
            labels: None,
        },
        Tool {
            name: "autotask_list_ticket_notes",
            title: "List ticket notes",
            description: "List the notes of one ticket, oldest first, with their type and who may see them.",
            params: &[TICKET_ID, Param::limit()],
            access: Access::Read,
            toolset: "tickets",
            effect: None,
            action: Action::Plan(|args| {
                Ok(query(
                    "TicketNotes",
                    args,
                    &[int(&["ticketID"], "ticket_id")],
                    &["ticketID", "title", "description", "noteType", "publish", "createDateTime", "creatorResourceID"],
                ))
            }),
            summary: &["title", "id", "noteTypeLabel", "createDateTime", "description"],
            labels: Some("TicketNotes"),
        },
        Tool {
            name: "autotask_add_ticket_note",
            title: "Add a ticket note",
            description: "Add a note to a ticket. The note type and who may see it (publish) default to Autotask's defaults.",
            params: &[
                TICKET_ID,
                Param::required("description", Kind::Text, "The note's text."),
                Param::optional("title", Kind::Text, "The note's title (default: the start of the text)."),
                Param::optional("note_type", defaulted("TicketNotes", "noteType"), "The note type, by label or id."),
                Param::optional("publish", defaulted("TicketNotes", "publish"), "Who may see the note, by label (\"Internal Project Team\") or id."),
            ],
            access: Access::Write,
            toolset: "tickets",
            effect: Some(Effect { destructive: false, idempotent: false }),
            action: Action::Plan(|args| {
                let mut body = Map::new();
                let title: String = args
                    .text("title")
                    .unwrap_or_else(|| args.required("description"))
                    .lines()
                    .next()
                    .unwrap_or_default()
                    .chars()
                    .take(100)
                    .collect();
                body.insert("title".into(), json!(title));
                let path = crate::vendors::kit::request::path(&["/Tickets/", args.required("ticket_id"), "/Notes"]);
                Ok(change(
                    Verb::Post,
                    path,
                    args,
                    &[("description", "description", Sent::Text), ("noteType", "note_type", Sent::Int), ("publish", "publish", Sent::Int)],
                    body,
                ))
            }),
            summary: &["itemId"],
            labels: None,
        },
        Tool {
            name: "autotask_search_time_entries",
            title: "Search time entries",
            description: "Search time entries by ticket, task, resource, or the dates worked.",
            params: &[
                Param::optional("ticket_id", Kind::NumericId, "Only time on this ticket."),
                Param::optional("task_id", Kind::NumericId, "Only time on this project task."),
                Param::optional("resource_id", Kind::NumericId, "Only time of this resource."),
                Param::optional("worked_since", Kind::DateTime, "Only time worked on or after this date."),
                Param::optional("worked_until", Kind::DateTime, "Only time worked on or before this date."),
                Param::limit(),
            ],
            access: Access::Read,
            toolset: "time",
            effect: None,
            action: Action::Plan(|args| {
                Ok(query(
                    "TimeEntries",
                    args,
                    &[
                        int(&["ticketID"], "ticket_id"),
                        int(&["taskID"], "task_id"),
                        int(&["resourceID"], "resource_id"),
                        since(&["dateWorked"], "worked_since"),
                        until(&["dateWorked"], "worked_until"),
                    ],
                    &["ticketID", "taskID", "resourceID", "dateWorked", "hoursWorked", "summaryNotes", "startDateTime", "endDateTime"],
                ))
            }),
            summary: &["dateWorked", "hoursWorked", "id", "resourceID", "ticketID", "summaryNotes"],
            labels: None,
        },
        Tool {
            name: "autotask_add_time_entry",
            title: "Add a time entry",
            description: "Record time a resource worked on a ticket or a project task, with a summary.",
            params: &[
                Param::optional("ticket_id", Kind::NumericId, "The ticket worked on (or give task_id)."),
                Param::optional("task_id", Kind::NumericId, "The project task worked on (or give ticket_id)."),
                Param::required("resource_id", Kind::NumericId, "Who worked (from autotask_search_resources)."),
                Param::required("date_worked", Kind::DateTime, "The day worked."),
                Param::required("hours_worked", Kind::Number, "Hours worked, such as 1.5."),
                Param::required("summary_notes", Kind::Text, "What was done."),
                Param::optional("internal_notes", Kind::Text, "Notes for the team only."),
                Param::optional("role_id", Kind::NumericId, "The role the time is billed in."),
            ],
            access: Access::Write,
            toolset: "time",
            effect: Some(Effect { destructive: false, idempotent: false }),
            action: Action::Plan(|args| {
                if args.text("ticket_id").is_some() == args.text("task_id").is_some() {
                    return Err(ArgError::Combination("give exactly one of `ticket_id` or `task_id`"));
                }
                Ok(change(
                    Verb::Post,
                    "/TimeEntries".into(),
                    args,
                    &[
                        ("ticketID", "ticket_id", Sent::Int),
                        ("taskID", "task_id", Sent::Int),
                        ("resourceID", "resource_id", Sent::Int),
                        ("dateWorked", "date_worked", Sent::Text),
                        ("hoursWorked", "hours_worked", Sent::Number),
                        ("summaryNotes", "summary_notes", Sent::Text),
                        ("internalNotes", "internal_notes", Sent::Text),
                        ("roleID", "role_id", Sent::Int),
                    ],
                    Map::new(),
                ))
            }),
            summary: &["itemId"],
            labels: None,
        },
        Tool {
            name: "autotask_search_resources",
            title: "Search resources",
            description: "Search resources (technicians and other users) by words in the first or last name, email address, or whether they are active.",
            params: &[
                Param::optional("name", Kind::Text, "Words the first or last name contains."),
                Param::optional("email", Kind::Text, "The exact email address."),
                ACTIVE,
                Param::limit(),
            ],
            access: Access::Read,
            toolset: "projects",
            effect: None,
            action: Action::Plan(|args| {
                Ok(query(
                    "Resources",
                    args,
                    &[contains(&["firstName", "lastName"], "name"), text(&["email"], "email"), flag(&["isActive"], "active")],
                    &["firstName", "lastName", "email", "userName", "isActive", "resourceType"],
                ))
            }),
            summary: &["firstName", "lastName", "id", "email", "isActive"],
            labels: None,
        },
        Tool {
            name: "autotask_search_projects",
            title: "Search projects",
            description: "Search projects by company, status or words in the project name.",
            params: &[
                COMPANY,
                Param::optional("status", picklist("Projects", "status"), "The project status, by label or id."),
                Param::optional("name", Kind::Text, "Words the project name contains."),
                Param::limit(),
            ],
            access: Access::Read,
            toolset: "projects",
            effect: None,
            action: Action::Plan(|args| {
                Ok(query(
                    "Projects",
                    args,
                    &[int(&["companyID"], "company_id"), int(&["status"], "status"), contains(&["projectName"], "name")],
                    &["projectName", "companyID", "status", "startDateTime", "endDateTime", "projectLeadResourceID"],
                ))
            }),
            summary: &["projectName", "id", "statusLabel", "companyID", "endDateTime"],
            labels: Some("Projects"),
        },
        Tool {
            name: "autotask_get_project",
            title: "Get a project",
            description: "Get one Autotask project by id: company, status, lead, dates and description.",
            params: &[Param::required("project_id", Kind::NumericId, "The project's id.")],
            access: Access::Read,
            toolset: "projects",
            effect: None,
            action: Action::Template(Template::get("/Projects/{project_id}")),
            summary: &["projectName", "id", "statusLabel", "companyID"],
            labels: Some("Projects"),
        },
        Tool {
            name: "autotask_search_tasks",
            title: "Search project tasks",
            description: "Search the tasks of projects by project, status, assigned resource or words in the title.",
            params: &[
                Param::optional("project_id", Kind::NumericId, "Only tasks of this project."),
                Param::optional("status", picklist("Tasks", "status"), "The task status, by label or id."),
                Param::optional("assigned_resource_id", Kind::NumericId, "Only tasks assigned to this resource."),
                Param::optional("title", Kind::Text, "Words the title contains."),
                Param::limit(),
            ],
            access: Access::Read,
            toolset: "projects",
            effect: None,
            action: Action::Plan(|args| {
                Ok(query(
                    "Tasks",
                    args,
                    &[
                        int(&["projectID"], "project_id"),
                        int(&["status"], "status"),
                        int(&["assignedResourceID"], "assigned_resource_id"),
                        contains(&["title"], "title"),
                    ],
                    &[],
                ))
            }),
            summary: &["title", "id", "statusLabel", "projectID", "assignedResourceID"],
            labels: Some("Tasks"),
        },
        Tool {
            name: "autotask_search_configuration_items",
            title: "Search configuration items",
            description: "Search configuration items (devices and assets) by company, words in the name, serial number or whether they are active.",
            params: &[
                COMPANY,
                Param::optional("name", Kind::Text, "Words the reference title contains."),
                Param::optional("serial_number", Kind::Text, "The exact serial number."),
                ACTIVE,
                Param::limit(),
            ],
            access: Access::Read,
            toolset: "assets",
            effect: None,
            action: Action::Plan(|args| {
                Ok(query(
                    "ConfigurationItems",
                    args,
                    &[
                        int(&["companyID"], "company_id"),
                        contains(&["referenceTitle"], "name"),
                        text(&["serialNumber"], "serial_number"),
                        flag(&["isActive"], "active"),
                    ],
                    &["referenceTitle", "serialNumber", "companyID", "configurationItemType", "isActive", "installDate"],
                ))
            }),
            summary: &["referenceTitle", "id", "serialNumber", "configurationItemTypeLabel", "companyID"],
            labels: Some("ConfigurationItems"),
        },
        Tool {
            name: "autotask_get_configuration_item",
            title: "Get a configuration item",
            description: "Get one configuration item by id: company, product, serial number, type, install date and warranty.",
            params: &[Param::required("configuration_item_id", Kind::NumericId, "The configuration item's id.")],
            access: Access::Read,
            toolset: "assets",
            effect: None,
            action: Action::Template(Template::get("/ConfigurationItems/{configuration_item_id}")),
            summary: &["referenceTitle", "id", "serialNumber", "configurationItemTypeLabel"],
            labels: Some("ConfigurationItems"),
        },
        Tool {
            name: "autotask_list_picklist",
            title: "List picklist values",
            description: "List the active values of one picklist field of an Autotask entity (for example Tickets and status, queueID or subIssueType), with ids, labels and parent values.",
            params: &[
                Param::required("entity", Kind::Text, "The entity, as Autotask names it in the plural (Tickets, TicketNotes, Companies, Projects, ...)."),
                Param::required("field", Kind::Text, "The picklist field (status, priority, queueID, issueType, subIssueType, ...)."),
            ],
            access: Access::Read,
            toolset: "reference",
            effect: None,
            action: Action::Plan(|args| {
                let entity = args.required("entity");
                if !entity.bytes().all(|b| b.is_ascii_alphabetic()) || entity.len() > 60 {
                    return Err(ArgError::Invalid {
                        name: "entity",
                        expected: "must be an Autotask entity name in letters only, such as Tickets".into(),
                    });
                }
                Ok(Plan::Picklist {
                    entity: entity.to_owned(),
                    field: args.required("field").to_owned(),
                })
            }),
            summary: &["label", "id", "parentValue"],
            labels: None,
        },
        Tool {
            name: "autotask_get_api_usage",
            title: "Get API usage",
            description: "Show how many API requests the Autotask database has used in the current hour of its 10,000-request limit, which every integration of the MSP shares.",
            params: &[],
            access: Access::Read,
            toolset: "reference",
            effect: None,
            action: Action::Template(Template::get("/ThresholdInformation").records(Records::Root)),
            summary: &["currentTimeframeRequestCount", "externalRequestThreshold", "requestThresholdTimeframe"],
            labels: None,
        },
        Tool {
            name: "autotask_search_contracts",
            title: "Search contracts",
            description: "Search contracts by company, status or words in the contract name.",
            params: &[
                COMPANY,
                Param::optional("status", picklist("Contracts", "status"), "The contract status, by label or id."),
                Param::optional("name", Kind::Text, "Words the contract name contains."),
                Param::limit(),
            ],
            access: Access::Read,
            toolset: "contracts",
            effect: None,
            action: Action::Plan(|args| {
                Ok(query(
                    "Contracts",
                    args,
                    &[int(&["companyID"], "company_id"), int(&["status"], "status"), contains(&["contractName"], "name")],
                    &[],
                ))
            }),
            summary: &["contractName", "id", "statusLabel", "companyID", "endDate"],
            labels: Some("Contracts"),
        },
        Tool {
            name: "autotask_get_contract",
            title: "Get a contract",
            description: "Get one Autotask contract by id: company, type, status, dates and value.",
            params: &[Param::required("contract_id", Kind::NumericId, "The contract's id.")],
            access: Access::Read,
            toolset: "contracts",
            effect: None,
            action: Action::Template(Template::get("/Contracts/{contract_id}")),
            summary: &["contractName", "id", "statusLabel", "companyID"],
            labels: Some("Contracts"),
        },
        Tool {
            name: "autotask_search_services",
            title: "Search services",
            description: "Search the services the MSP sells under contracts, by words in the name or whether they are active.",
            params: &[Param::optional("name", Kind::Text, "Words the service name contains."), ACTIVE, Param::limit()],
            access: Access::Read,
            toolset: "contracts",
            effect: None,
            action: Action::Plan(|args| Ok(query("Services", args, &[contains(&["name"], "name"), flag(&["isActive"], "active")], &[]))),
            summary: &["name", "id", "unitPrice", "isActive"],
            labels: None,
        },
        Tool {
            name: "autotask_search_opportunities",
            title: "Search opportunities",
            description: "Search sales opportunities by company, status or words in the title.",
            params: &[
                COMPANY,
                Param::optional("status", picklist("Opportunities", "status"), "The opportunity status, by label or id."),
                Param::optional("title", Kind::Text, "Words the title contains."),
                Param::limit(),
            ],
            access: Access::Read,
            toolset: "sales",
            effect: None,
            action: Action::Plan(|args| {
                Ok(query(
                    "Opportunities",
                    args,
                    &[int(&["companyID"], "company_id"), int(&["status"], "status"), contains(&["title"], "title")],
                    &[],
                ))
            }),
            summary: &["title", "id", "statusLabel", "companyID", "amount"],
            labels: Some("Opportunities"),
        },
        Tool {
            name: "autotask_search_quotes",
            title: "Search quotes",
            description: "Search quotes by company, opportunity or words in the quote name.",
            params: &[
                COMPANY,
                Param::optional("opportunity_id", Kind::NumericId, "Only quotes of this opportunity."),
                Param::optional("name", Kind::Text, "Words the quote name contains."),
                Param::limit(),
            ],
            access: Access::Read,
            toolset: "sales",
            effect: None,
            action: Action::Plan(|args| {
                Ok(query(
                    "Quotes",
                    args,
                    &[int(&["companyID"], "company_id"), int(&["opportunityID"], "opportunity_id"), contains(&["name"], "name")],
                    &[],
                ))
            }),
            summary: &["name", "id", "companyID", "opportunityID"],
            labels: None,
        },
        Tool {
            name: "autotask_search_products",
            title: "Search products",
            description: "Search the product catalog by words in the name or whether products are active.",
            params: &[Param::optional("name", Kind::Text, "Words the product name contains."), ACTIVE, Param::limit()],
            access: Access::Read,
            toolset: "sales",
            effect: None,
            action: Action::Plan(|args| Ok(query("Products", args, &[contains(&["name"], "name"), flag(&["isActive"], "active")], &[]))),
            summary: &["name", "id", "unitPrice", "isActive"],
            labels: None,
        },
        Tool {
            name: "autotask_search_invoices",
            title: "Search invoices",
            description: "Search invoices by company or invoice date.",
            params: &[
                COMPANY,
                Param::optional("invoiced_since", Kind::DateTime, "Only invoices dated on or after this date."),
                Param::limit(),
            ],
            access: Access::Read,
            toolset: "billing",
            effect: None,
            action: Action::Plan(|args| {
                Ok(query("Invoices", args, &[int(&["companyID"], "company_id"), since(&["invoiceDateTime"], "invoiced_since")], &[]))
            }),
            summary: &["invoiceNumber", "id", "companyID", "invoiceDateTime", "invoiceTotal"],
            labels: None,
        },
        Tool {
            name: "autotask_get_opportunity",
            title: "Get an opportunity",
            description: "Get one sales opportunity by id: company, owner, amount, probability, status and projected close date.",
            params: &[Param::required("opportunity_id", Kind::NumericId, "The opportunity's id (from autotask_search_opportunities).")],
            access: Access::Read,
            toolset: "sales",
            effect: None,
            action: Action::Template(Template::get("/Opportunities/{opportunity_id}")),
            summary: &["title", "id", "statusLabel", "amount", "probability"],
            labels: Some("Opportunities"),
        },
        Tool {
            name: "autotask_get_quote",
            title: "Get a quote",
            description: "Get one quote by id: number, company, opportunity, contact and the dates it is valid.",
            params: &[Param::required("quote_id", Kind::NumericId, "The quote's id (from autotask_search_quotes).")],
            access: Access::Read,
            toolset: "sales",
            effect: None,
            action: Action::Template(Template::get("/Quotes/{quote_id}")),
            summary: &["name", "id", "quoteNumber", "companyID", "expirationDate"],
            labels: None,
        },
        Tool {
            name: "autotask_get_invoice",
            title: "Get an invoice",
            description: "Get one invoice by id: number, company, dates, total and whether it was paid or voided.",
            params: &[Param::required("invoice_id", Kind::NumericId, "The invoice's id (from autotask_search_invoices).")],
            access: Access::Read,
            toolset: "billing",
            effect: None,
            action: Action::Template(Template::get("/Invoices/{invoice_id}")),
            summary: &["invoiceNumber", "id", "companyID", "invoiceTotal", "dueDate", "paidDate"],
            labels: None,
        },
        Tool {
            name: "autotask_search_service_calls",
            title: "Search service calls",
            description: "Search scheduled service calls (on-site or remote visits) by company, status or start date.",
            params: &[
                COMPANY,
                Param::optional("status", picklist("ServiceCalls", "status"), "The service call status, by label or id."),
                Param::optional("starts_since", Kind::DateTime, "Only calls starting at or after this date."),
                Param::limit(),
            ],
            access: Access::Read,
            toolset: "service_calls",
            effect: None,
            action: Action::Plan(|args| {
                Ok(query(
                    "ServiceCalls",
                    args,
                    &[int(&["companyID"], "company_id"), int(&["status"], "status"), since(&["startDateTime"], "starts_since")],
                    &["companyID", "description", "status", "startDateTime", "endDateTime", "duration", "isComplete"],
                ))
            }),
            summary: &["description", "id", "statusLabel", "companyID", "startDateTime"],
            labels: Some("ServiceCalls"),
        },
        Tool {
            name: "autotask_get_service_call",
            title: "Get a service call",
            description: "Get one service call by id: company, description, status, when it starts and ends, and whether it is complete.",
            params: &[Param::required("service_call_id", Kind::NumericId, "The service call's id.")],
            access: Access::Read,
            toolset: "service_calls",
            effect: None,
            action: Action::Template(Template::get("/ServiceCalls/{service_call_id}")),
            summary: &["description", "id", "statusLabel", "startDateTime", "endDateTime"],
            labels: Some("ServiceCalls"),
        },
    ],
};

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(tool: &str, args: Value) -> Result<Plan, ArgError> {
        CATALOG.plan_of(tool, args)
    }

    #[test]
    fn searches_are_queries_whose_words_are_only_values() {
        let Plan::List { call, limit, .. } = plan(
            "autotask_search_tickets",
            json!({"company_id": 29683412, "title": "printer\" or 1=1", "status": "8", "created_since": "2026-11-01", "limit": 20}),
        )
        .unwrap() else {
            panic!()
        };
        assert_eq!(
            (call.method, call.path.as_str(), limit),
            (Verb::Post, "/Tickets/query", 20)
        );
        let body = call.body.unwrap();
        let items = body["filter"][0]["items"].as_array().unwrap();
        assert!(items.contains(&json!({"op": "eq", "field": "companyID", "value": 29683412})));
        assert!(items.contains(&json!({"op": "eq", "field": "status", "value": 8})));
        assert!(items
            .contains(&json!({"op": "contains", "field": "title", "value": "printer\" or 1=1"})));
        assert!(items.contains(&json!({"op": "gte", "field": "createDate", "value": "2026-11-01"})));
        assert_eq!(body["IncludeFields"][0], "id");
    }

    #[test]
    fn a_search_with_no_conditions_asks_for_every_id() {
        let Plan::List { call, .. } = plan("autotask_search_companies", json!({})).unwrap() else {
            panic!()
        };
        assert_eq!(
            call.body.unwrap()["filter"][0]["items"],
            json!([{"op": "gte", "field": "id", "value": 0}])
        );
        let Plan::List { call, .. } =
            plan("autotask_search_contacts", json!({"name": "ali"})).unwrap()
        else {
            panic!()
        };
        assert_eq!(call.body.unwrap()["filter"][0]["items"][0]["op"], "or");
    }

    #[test]
    fn writes_send_autotask_field_names() {
        let Plan::Change { call, .. } = plan(
            "autotask_create_ticket",
            json!({"company_id": "29683412", "title": "Printer jam", "priority": 1, "queue": "29683354"}),
        )
        .unwrap() else {
            panic!()
        };
        assert_eq!((call.method, call.path.as_str()), (Verb::Post, "/Tickets"));
        assert_eq!(
            call.body.unwrap(),
            json!({"companyID": 29683412, "title": "Printer jam", "priority": 1, "queueID": 29683354})
        );
        let Plan::Change { call, .. } = plan(
            "autotask_update_ticket",
            json!({"ticket_id": 7, "status": "5"}),
        )
        .unwrap() else {
            panic!()
        };
        assert_eq!(
            (call.method, call.body.unwrap()),
            (Verb::Patch, json!({"id": 7, "status": 5}))
        );
        assert!(plan("autotask_update_ticket", json!({"ticket_id": 7})).is_err());
        assert!(
            plan(
                "autotask_update_ticket",
                json!({"ticket_id": 7, "status": "In Progress"})
            )
            .is_ok(),
            "a label alone is a change"
        );
        assert!(plan(
            "autotask_update_ticket",
            json!({"ticket_id": 7, "sub_issue_type": "Printer"})
        )
        .is_err());
        let Plan::Change { call, .. } = plan(
            "autotask_add_time_entry",
            json!({"ticket_id": 7, "resource_id": 29682885, "date_worked": "2026-11-02", "hours_worked": 1.5, "summary_notes": "Fixed"}),
        )
        .unwrap() else {
            panic!()
        };
        assert_eq!(call.body.as_ref().unwrap()["hoursWorked"], 1.5);
        assert!(plan("autotask_add_time_entry", json!({"resource_id": 1, "date_worked": "2026-11-02", "hours_worked": 1, "summary_notes": "x"})).is_err());
        let Plan::Change { call, .. } = plan(
            "autotask_add_ticket_note",
            json!({"ticket_id": 7, "description": "Called the user\nand fixed it"}),
        )
        .unwrap() else {
            panic!()
        };
        assert_eq!(call.path, "/Tickets/7/Notes");
        assert_eq!(call.body.unwrap()["title"], "Called the user");
    }

    #[test]
    fn picklist_entities_are_plain_names() {
        assert!(matches!(
            plan(
                "autotask_list_picklist",
                json!({"entity": "Tickets", "field": "status"})
            ),
            Ok(Plan::Picklist { .. })
        ));
        assert!(plan(
            "autotask_list_picklist",
            json!({"entity": "../Tickets", "field": "status"})
        )
        .is_err());
    }
}
