//! SuperOps' tools (`docs/vendors/superops.md`). Each tool has its own GraphQL document per
//! edition, selecting only fields the schema has and never sub-selecting a JSON scalar
//! (`client`, `technician`, `asset` come back whole); the user's values travel only as
//! variables. Lists are `ListInfoInput` pages (`page`, `pageSize` ≤ 100) walked until
//! `listInfo.hasMore` is false or null, filtered by `condition` rules. SuperOps for IT teams
//! (`/it`) says "department" where the MSP edition says "client": the same tools read
//! `department` there, and `superops_list_clients` lists departments.

use crate::tools::args::{ArgError, Args, Kind, Param};
use crate::tools::plan::{Action, Change, Plan, Settings};
use crate::tools::{Access, Catalog, Effect, Tool, Toolset};
use crate::vendors::kit::graphql;
use crate::vendors::kit::paging::{End, Next, Paging, Place};
use crate::vendors::kit::shape::Records;
use serde_json::{json, Map, Value};

/// Which SuperOps a connection reaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Edition {
    /// SuperOps for MSPs (`/msp`): tickets and assets belong to clients.
    Msp,
    /// SuperOps for IT teams (`/it`): they belong to departments.
    It,
}

impl Edition {
    fn of(settings: &Settings) -> Self {
        match settings.get("edition").map(String::as_str) {
            Some("it") => Self::It,
            _ => Self::Msp,
        }
    }
}

/// A document per edition.
#[derive(Debug, Clone, Copy)]
struct Documents {
    msp: &'static str,
    it: &'static str,
}

impl Documents {
    fn pick(self, edition: Edition) -> &'static str {
        match edition {
            Edition::Msp => self.msp,
            Edition::It => self.it,
        }
    }
}

/// The ticket fields every ticket tool selects; `$org` is `client` or `department`.
macro_rules! ticket_fields {
    ($org:literal) => {
        concat!(
            "ticketId displayId subject requestType source ",
            $org,
            " site requester techGroup technician status priority impact urgency category subcategory cause subcause resolutionCode sla createdTime updatedTime firstResponseDueTime firstResponseViolated resolutionDueTime resolutionViolated"
        )
    };
}

/// The asset fields every asset tool selects.
macro_rules! asset_fields {
    ($org:literal) => {
        concat!(
            "assetId name assetClass ",
            $org,
            " site requester hostName serialNumber manufacturer model platform platformCategory status loggedInUser publicIp lastCommunicatedTime agentVersion patchStatus warrantyExpiryDate"
        )
    };
}

const LIST_CLIENTS: Documents = Documents {
    msp: "query listClients($input: ListInfoInput!) { getClientList(input: $input) { clients { accountId name stage status emailDomains accountManager primaryContact hqSite technicianGroups } listInfo { page pageSize hasMore totalCount } } }",
    it: "query listDepartments { getDepartmentList { departmentId name head } }",
};
const GET_CLIENT: &str = "query getClient($input: ClientIdentifierInput!) { getClient(input: $input) { accountId name stage status emailDomains accountManager primaryContact secondaryContact hqSite technicianGroups customFields } }";
const LIST_TICKETS: Documents = Documents {
    msp: concat!(
        "query listTickets($input: ListInfoInput!) { getTicketList(input: $input) { tickets { ",
        ticket_fields!("client"),
        " } listInfo { page pageSize hasMore totalCount } } }"
    ),
    it: concat!(
        "query listTickets($input: ListInfoInput!) { getTicketList(input: $input) { tickets { ",
        ticket_fields!("department"),
        " } listInfo { page pageSize hasMore totalCount } } }"
    ),
};
const GET_TICKET: Documents = Documents {
    msp: concat!(
        "query getTicket($input: TicketIdentifierInput!) { getTicket(input: $input) { ",
        ticket_fields!("client"),
        " additionalRequester followers firstResponseTime resolutionTime customFields worklogTimespent } }"
    ),
    it: concat!(
        "query getTicket($input: TicketIdentifierInput!) { getTicket(input: $input) { ",
        ticket_fields!("department"),
        " additionalRequester followers firstResponseTime resolutionTime customFields worklogTimespent } }"
    ),
};
const LIST_NOTES: &str = "query listTicketNotes($input: TicketIdentifierInput!) { getTicketNoteList(input: $input) { noteId addedBy addedOn content privacyType } }";
const LIST_CONVERSATIONS: &str = "query listTicketConversations($input: TicketIdentifierInput!) { getTicketConversationList(input: $input) { conversationId content time user type } }";
const CREATE_TICKET: Documents = Documents {
    msp: concat!(
        "mutation createTicket($input: CreateTicketInput!) { createTicket(input: $input) { ",
        ticket_fields!("client"),
        " } }"
    ),
    it: concat!(
        "mutation createTicket($input: CreateTicketInput!) { createTicket(input: $input) { ",
        ticket_fields!("department"),
        " } }"
    ),
};
const UPDATE_TICKET: Documents = Documents {
    msp: concat!(
        "mutation updateTicket($input: UpdateTicketInput!) { updateTicket(input: $input) { ",
        ticket_fields!("client"),
        " } }"
    ),
    it: concat!(
        "mutation updateTicket($input: UpdateTicketInput!) { updateTicket(input: $input) { ",
        ticket_fields!("department"),
        " } }"
    ),
};
const ADD_NOTE: &str = "mutation addTicketNote($input: CreateTicketNoteInput!) { createTicketNote(input: $input) { noteId addedBy addedOn content privacyType } }";
const LIST_ASSETS: Documents = Documents {
    msp: concat!(
        "query listAssets($input: ListInfoInput!) { getAssetList(input: $input) { assets { ",
        asset_fields!("client"),
        " } listInfo { page pageSize hasMore totalCount } } }"
    ),
    it: concat!(
        "query listAssets($input: ListInfoInput!) { getAssetList(input: $input) { assets { ",
        asset_fields!("department"),
        " } listInfo { page pageSize hasMore totalCount } } }"
    ),
};
const GET_ASSET: Documents = Documents {
    msp: concat!(
        "query getAsset($input: AssetIdentifierInput!) { getAsset(input: $input) { ",
        asset_fields!("client"),
        " primaryMac gateway domain sysUptime platformFamily platformVersion purchasedDate lastReportedTime deviceCategory customFields } }"
    ),
    it: concat!(
        "query getAsset($input: AssetIdentifierInput!) { getAsset(input: $input) { ",
        asset_fields!("department"),
        " primaryMac gateway domain sysUptime platformFamily platformVersion purchasedDate lastReportedTime deviceCategory customFields } }"
    ),
};
const LIST_ALERTS: &str = "query listAlerts($input: ListInfoInput!) { getAlertList(input: $input) { alerts { id message createdTime status severity description asset policy } listInfo { page pageSize hasMore totalCount } } }";
const LIST_ASSET_ALERTS: &str = "query listAssetAlerts($input: AssetDetailsListInput!) { getAlertsForAsset(input: $input) { alerts { id message createdTime status severity description asset policy } listInfo { page pageSize hasMore totalCount } } }";
const RESOLVE_ALERTS: &str =
    "mutation resolveAlerts($input: [ResolveAlertInput]) { resolveAlerts(input: $input) }";
const LIST_TECHNICIANS: &str = "query listTechnicians($input: ListInfoInput!) { getTechnicianList(input: $input) { userList { userId firstName lastName name email contactNumber designation team groups } listInfo { page pageSize hasMore totalCount } } }";
const LIST_TECHNICIAN_GROUPS: &str =
    "query listTechnicianGroups { getTechnicianGroupList { groupId name } }";
/// The IT edition has no status or priority list query; its ticket fields' options are read
/// instead (`getField`, module `TICKET`).
const TICKET_FIELD_OPTIONS: &str = "query ticketFieldOptions($input: FieldIdentifierInput!) { getField(input: $input) { options { id value description order } } }";
const LIST_STATUSES: &str = "query listStatuses { getStatusList { id name description } }";
const LIST_PRIORITIES: &str = "query listPriorities { getPriorityList { id name colorCode } }";

/// Lists walked page by page: `listInfo.page` in the input, until `hasMore` is not true.
const PAGES: Paging = Paging {
    size: Place::Body("variables.input.pageSize"),
    max_size: 100,
    next: Next::Number {
        at: Place::Body("variables.input.page"),
        first: 1,
        end: End::MoreFlag("data.*.listInfo.hasMore"),
    },
    total: Some("data.*.listInfo.totalCount"),
    count: None,
};

/// `getAlertsForAsset` takes its page inside `input.listInfo`.
static ASSET_ALERT_PAGES: Paging = Paging {
    size: Place::Body("variables.input.listInfo.pageSize"),
    next: Next::Number {
        at: Place::Body("variables.input.listInfo.page"),
        first: 1,
        end: End::MoreFlag("data.*.listInfo.hasMore"),
    },
    ..PAGES
};

/// Lists SuperOps answers whole, as a bare array (notes, statuses, departments).
static WHOLE: Paging = Paging {
    next: Next::Number {
        at: Place::Body("variables.input.page"),
        first: 1,
        end: End::Single,
    },
    total: None,
    ..PAGES
};

/// One filter rule of a `condition`.
fn rule(attribute: &str, operator: &str, value: Value) -> Value {
    json!({ "attribute": attribute, "operator": operator, "value": value })
}

/// Every rule must hold: one rule as itself, several joined with `AND`.
fn all_of(mut rules: Vec<Value>) -> Option<Value> {
    match rules.len() {
        0 => None,
        1 => rules.pop(),
        _ => Some(json!({ "joinOperator": "AND", "operands": rules })),
    }
}

/// A date argument as SuperOps writes dates: UTC, without a zone (`2026-11-02T14:00:00`).
fn superops_time(args: &Args, name: &str) -> Option<Value> {
    args.instant(name)
        .map(|at| json!(at.format("%Y-%m-%dT%H:%M:%S").to_string()))
}

/// A `ListInfoInput` list with these rules and sort, records at `records`.
fn pages(
    document: &'static str,
    records: &'static str,
    rules: Vec<Value>,
    sort: Option<Value>,
    args: &Args,
) -> Plan {
    let mut input = Map::new();
    if let Some(condition) = all_of(rules) {
        input.insert("condition".into(), condition);
    }
    if let Some(sort) = sort {
        input.insert("sort".into(), sort);
    }
    Plan::List {
        call: graphql::call(document, json!({ "input": input })),
        records: Some(Records::At(records)),
        limit: args.limit(),
        keep: Vec::new(),
    }
}

/// A list SuperOps answers whole, optionally kept to records whose `field` contains `needle`.
fn whole(document: &'static str, variables: Value, records: &'static str, args: &Args) -> Plan {
    whole_keeping(document, variables, records, args, ("", None))
}

fn whole_keeping(
    document: &'static str,
    variables: Value,
    records: &'static str,
    args: &Args,
    (field, needle): (&'static str, Option<&str>),
) -> Plan {
    Plan::List {
        call: graphql::call(document, variables),
        records: Some(Records::At(records)),
        limit: args.limit(),
        keep: Vec::new(),
    }
    .keeping(field, needle)
    .paged(&WHOLE)
}

/// One record, at `data.<operation>`.
fn one(document: &'static str, input: Value, operation: &'static str) -> Plan {
    Plan::Record {
        call: graphql::call(document, json!({ "input": input })),
        records: Some(Records::At(operation)),
    }
}

/// A mutation, its record at `data.<operation>`.
fn change(document: &'static str, input: Map<String, Value>, operation: &'static str) -> Plan {
    Plan::Change {
        call: graphql::call(document, json!({ "input": input })),
        answer: Value::Null,
        records: Some(Records::At(operation)),
    }
}

/// What an edition calls the organisation a ticket or asset belongs to, as a filter path.
fn org_name(edition: Edition) -> &'static str {
    match edition {
        Edition::Msp => "client.name",
        Edition::It => "department.name",
    }
}

/// The ticket fields a create or an update sets from arguments: (SuperOps' input field, the
/// argument, whether it is a reference `{ <key>: id }`).
const TICKET_WRITES: &[(&str, &str, Option<&str>)] = &[
    ("subject", "subject", None),
    ("description", "description", None),
    ("status", "status", None),
    ("priority", "priority", None),
    ("impact", "impact", None),
    ("urgency", "urgency", None),
    ("category", "category", None),
    ("subcategory", "subcategory", None),
    ("resolutionCode", "resolution_code", None),
    ("site", "site_id", Some("id")),
    ("requester", "requester_id", Some("userId")),
    ("technician", "technician_id", Some("userId")),
    ("techGroup", "tech_group_id", Some("groupId")),
];

fn ticket_input(
    args: &Args,
    edition: Edition,
    writes: &[(&str, &str, Option<&str>)],
) -> Map<String, Value> {
    let mut input = Map::new();
    for (field, argument, reference) in writes {
        let Some(value) = args.text(argument) else {
            continue;
        };
        let value = match reference {
            Some(key) => {
                let mut reference = Map::new();
                reference.insert((*key).to_owned(), json!(value));
                Value::Object(reference)
            }
            None => json!(value),
        };
        input.insert((*field).to_owned(), value);
    }
    if let Some(org) = args.text("client_id") {
        match edition {
            Edition::Msp => input.insert("client".into(), json!({ "accountId": org })),
            Edition::It => input.insert("department".into(), json!({ "departmentId": org })),
        };
    }
    input
}

fn create_ticket(args: &Args, settings: &Settings) -> Result<Plan, ArgError> {
    let edition = Edition::of(settings);
    // Each edition's CreateTicketInput has its own mandatory reference.
    match edition {
        Edition::Msp if !args.has("client_id") => {
            return Err(ArgError::Combination(
                "SuperOps needs `client_id` (the client's accountId, from superops_list_clients) to create a ticket",
            ))
        }
        Edition::It if !args.has("site_id") => {
            return Err(ArgError::Combination(
                "SuperOps for IT teams needs `site_id` (the site the ticket is for) to create a ticket",
            ))
        }
        _ => {}
    }
    let mut input = ticket_input(args, edition, TICKET_WRITES);
    input.insert(
        "source".into(),
        json!(args.text("source").unwrap_or("INTEGRATION")),
    );
    Ok(change(
        CREATE_TICKET.pick(edition),
        input,
        "data.createTicket",
    ))
}

fn update_ticket(args: &Args, settings: &Settings) -> Result<Plan, ArgError> {
    let edition = Edition::of(settings);
    let changes: Vec<_> = TICKET_WRITES
        .iter()
        .filter(|(field, _, _)| *field != "description")
        .copied()
        .collect();
    let mut input = ticket_input(args, edition, &changes);
    if input.is_empty() {
        return Err(ArgError::Combination(
            "give at least one field to change besides `ticket_id`",
        ));
    }
    input.insert("ticketId".into(), json!(args.required("ticket_id")));
    Ok(change(
        UPDATE_TICKET.pick(edition),
        input,
        "data.updateTicket",
    ))
}

fn list_tickets(args: &Args, settings: &Settings) -> Result<Plan, ArgError> {
    let edition = Edition::of(settings);
    let mut rules = Vec::new();
    if let Some(status) = args.text("status") {
        // SuperOps filters ticket status with `includes` and a list.
        rules.push(rule("status", "includes", json!([status])));
    }
    if let Some(org) = args.text("client") {
        rules.push(rule(org_name(edition), "is", json!(org)));
    }
    if let Some(technician) = args.text("technician") {
        let attribute = if technician.contains('@') {
            "technician.email"
        } else {
            "technician.name"
        };
        rules.push(rule(attribute, "is", json!(technician)));
    }
    if let Some(priority) = args.text("priority") {
        rules.push(rule("priority", "is", json!(priority)));
    }
    if let Some(since) = superops_time(args, "created_since") {
        rules.push(rule("createdTime", "after", since));
    }
    if let Some(since) = superops_time(args, "updated_since") {
        rules.push(rule("updatedTime", "after", since));
    }
    let newest_first = json!([{ "attribute": "updatedTime", "order": "DESC" }]);
    Ok(pages(
        LIST_TICKETS.pick(edition),
        "data.getTicketList.tickets",
        rules,
        Some(newest_first),
        args,
    ))
}

fn list_assets(args: &Args, settings: &Settings) -> Result<Plan, ArgError> {
    let edition = Edition::of(settings);
    let mut rules = Vec::new();
    if let Some(org) = args.text("client") {
        rules.push(rule(org_name(edition), "is", json!(org)));
    }
    if let Some(status) = args.text("status") {
        rules.push(rule("status", "is", json!(status)));
    }
    if let Some(name) = args.text("name") {
        rules.push(rule("name", "contains", json!(name)));
    }
    Ok(pages(
        LIST_ASSETS.pick(edition),
        "data.getAssetList.assets",
        rules,
        None,
        args,
    ))
}

fn list_alerts(args: &Args) -> Result<Plan, ArgError> {
    let mut rules = Vec::new();
    if let Some(status) = args.text("status") {
        rules.push(rule("status", "is", json!(status)));
    }
    if let Some(severity) = args.text("severity") {
        rules.push(rule("severity", "is", json!(severity)));
    }
    let newest_first = json!([{ "attribute": "createdTime", "order": "DESC" }]);
    let Some(asset) = args.text("asset_id") else {
        return Ok(pages(
            LIST_ALERTS,
            "data.getAlertList.alerts",
            rules,
            Some(newest_first),
            args,
        ));
    };
    let mut list_info = Map::new();
    if let Some(condition) = all_of(rules) {
        list_info.insert("condition".into(), condition);
    }
    list_info.insert("sort".into(), newest_first);
    Ok(Plan::List {
        call: graphql::call(
            LIST_ASSET_ALERTS,
            json!({ "input": { "assetId": asset, "listInfo": list_info } }),
        ),
        records: Some(Records::At("data.getAlertsForAsset.alerts")),
        limit: args.limit(),
        keep: Vec::new(),
    }
    .paged(&ASSET_ALERT_PAGES))
}

/// The statuses or priorities of tickets: the MSP edition's list query, or the options of
/// the IT edition's ticket field.
fn ticket_values(args: &Args, settings: &Settings, msp: &'static str, column: &str) -> Plan {
    match Edition::of(settings) {
        Edition::Msp => {
            let operation = if column == "status" {
                "data.getStatusList"
            } else {
                "data.getPriorityList"
            };
            whole(msp, json!({}), operation, args)
        }
        Edition::It => whole(
            TICKET_FIELD_OPTIONS,
            json!({ "input": { "module": "TICKET", "columnName": column } }),
            "data.getField.options",
            args,
        ),
    }
}

const TICKET_ID: Param = Param::required(
    "ticket_id",
    Kind::Text,
    "The ticket's ticketId (from superops_list_tickets; not the displayId such as 062822-0005).",
);
const CLIENT_ID: Param = Param::optional(
    "client_id",
    Kind::Text,
    "The client's accountId (in SuperOps for IT teams: the department's departmentId), from superops_list_clients.",
);
const ORG_NAME: Param = Param::optional(
    "client",
    Kind::Text,
    "Only records of the client with this exact name (in SuperOps for IT teams: the department).",
);

/// The arguments a ticket create or update may set besides its own.
macro_rules! ticket_change_params {
    ($($extra:expr),* $(,)?) => {
        &[
            $($extra,)*
            Param::optional("status", Kind::Text, "The status by name, as superops_list_statuses lists them (\"Open\")."),
            Param::optional("priority", Kind::Text, "The priority by name, as superops_list_priorities lists them (\"High\")."),
            Param::optional("impact", Kind::Text, "The impact by name (\"High\")."),
            Param::optional("urgency", Kind::Text, "The urgency by name (\"High\")."),
            Param::optional("category", Kind::Text, "The category by name."),
            Param::optional("subcategory", Kind::Text, "The subcategory by name, within `category`."),
            Param::optional("site_id", Kind::Text, "The site's id (required to create a ticket in SuperOps for IT teams)."),
            Param::optional("requester_id", Kind::Text, "The requester's userId."),
            Param::optional("technician_id", Kind::Text, "The technician's userId, from superops_list_technicians."),
            Param::optional("tech_group_id", Kind::Text, "The technician group's groupId, from superops_list_technician_groups."),
        ]
    };
}

/// SuperOps' catalog.
pub const CATALOG: Catalog = Catalog {
    record: Records::At("data.*"),
    list: Records::At("data.*.items"),
    paging: PAGES,
    secret_fields: &[],
    toolsets: &[
        Toolset { name: "clients", description: "clients (departments in SuperOps for IT teams)", default: true },
        Toolset { name: "tickets", description: "tickets, notes and conversations", default: true },
        Toolset { name: "assets", description: "assets and their alerts", default: true },
        Toolset { name: "reference", description: "technicians, groups, statuses and priorities", default: true },
    ],
    tools: &[
        Tool {
            name: "superops_list_clients",
            title: "List clients",
            description: "List the MSP's clients with their stage, status and account manager, optionally by words in the name. In SuperOps for IT teams this lists the departments (departmentId, name, head).",
            params: &[Param::optional("name", Kind::Text, "Words the client's (or department's) name contains."), Param::limit()],
            access: Access::Read,
            toolset: "clients",
            effect: None,
            action: Action::Connected(|args, settings| {
                Ok(match Edition::of(settings) {
                    Edition::Msp => {
                        let rules = args.text("name").map(|name| rule("name", "contains", json!(name)));
                        pages(LIST_CLIENTS.msp, "data.getClientList.clients", rules.into_iter().collect(), None, args)
                    }
                    // The department list takes no filter: the name is matched here.
                    Edition::It => whole_keeping(LIST_CLIENTS.it, json!({}), "data.getDepartmentList", args, ("name", args.text("name"))),
                })
            }),
            summary: &["name", "accountId", "departmentId", "stage", "status"],
            labels: None,
        },
        Tool {
            name: "superops_get_client",
            title: "Get a client",
            description: "Get one client by accountId: stage, status, email domains, contacts, headquarters site, technician groups and custom fields (MSP edition; SuperOps for IT teams lists its departments with superops_list_clients).",
            params: &[Param::required("client_id", Kind::Text, "The client's accountId, from superops_list_clients.")],
            access: Access::Read,
            toolset: "clients",
            effect: None,
            action: Action::Connected(|args, settings| match Edition::of(settings) {
                Edition::Msp => Ok(one(GET_CLIENT, json!({ "accountId": args.required("client_id") }), "data.getClient")),
                Edition::It => Err(ArgError::Invalid {
                    name: "client_id",
                    expected: "names a department, and SuperOps for IT teams has no query for one department: superops_list_clients lists every department with its departmentId and head".into(),
                }),
            }),
            summary: &["name", "accountId", "stage", "status"],
            labels: None,
        },
        Tool {
            name: "superops_list_tickets",
            title: "List tickets",
            description: "List tickets, most recently updated first, by status, client (department in SuperOps for IT teams), technician, priority, or created or updated since a date.",
            params: &[
                Param::optional("status", Kind::Text, "The status by name (\"Open\"), as superops_list_statuses lists them."),
                ORG_NAME,
                Param::optional("technician", Kind::Text, "The assigned technician's email address or full name."),
                Param::optional("priority", Kind::Text, "The priority by name (\"High\")."),
                Param::optional("created_since", Kind::DateTime, "Only tickets created after this date."),
                Param::optional("updated_since", Kind::DateTime, "Only tickets updated after this date."),
                Param::limit(),
            ],
            access: Access::Read,
            toolset: "tickets",
            effect: None,
            action: Action::Connected(list_tickets),
            summary: &["displayId", "subject", "ticketId", "status", "priority", "client.name", "department.name", "technician.name"],
            labels: None,
        },
        Tool {
            name: "superops_get_ticket",
            title: "Get a ticket",
            description: "Get one ticket by ticketId: subject, status, priority, client (department in SuperOps for IT teams), requester, technician, category, SLA times and custom fields.",
            params: &[TICKET_ID],
            access: Access::Read,
            toolset: "tickets",
            effect: None,
            action: Action::Connected(|args, settings| {
                Ok(one(GET_TICKET.pick(Edition::of(settings)), json!({ "ticketId": args.required("ticket_id") }), "data.getTicket"))
            }),
            summary: &["displayId", "subject", "ticketId", "status", "priority", "client.name", "department.name", "technician.name"],
            labels: None,
        },
        Tool {
            name: "superops_list_ticket_notes",
            title: "List ticket notes",
            description: "List the notes technicians added to one ticket, with who added them, when, and whether the requester sees them (PUBLIC) or not (PRIVATE).",
            params: &[TICKET_ID, Param::limit()],
            access: Access::Read,
            toolset: "tickets",
            effect: None,
            action: Action::Plan(|args| {
                Ok(whole(LIST_NOTES, json!({ "input": { "ticketId": args.required("ticket_id") } }), "data.getTicketNoteList", args))
            }),
            summary: &["noteId", "addedOn", "addedBy.name", "privacyType", "content"],
            labels: None,
        },
        Tool {
            name: "superops_list_ticket_conversations",
            title: "List ticket conversations",
            description: "List the conversation of one ticket: its description (type DESCRIPTION, the ticket's body), replies and requester messages, with who wrote them and when.",
            params: &[TICKET_ID, Param::limit()],
            access: Access::Read,
            toolset: "tickets",
            effect: None,
            action: Action::Plan(|args| {
                Ok(whole(LIST_CONVERSATIONS, json!({ "input": { "ticketId": args.required("ticket_id") } }), "data.getTicketConversationList", args))
            }),
            summary: &["conversationId", "type", "time", "user.name", "content"],
            labels: None,
        },
        Tool {
            name: "superops_create_ticket",
            title: "Create a ticket",
            description: "Create a ticket for a client (SuperOps for IT teams: for a site, optionally a department) with a subject and optionally a description, status, priority, category, requester and technician. Answers with the new ticket.",
            params: ticket_change_params![
                Param::required("subject", Kind::Text, "The ticket's subject."),
                Param::optional("description", Kind::Text, "What the ticket is about."),
                CLIENT_ID,
                Param::optional("source", Kind::OneOf(&["INTEGRATION", "FORM", "EMAIL", "PHONE", "AGENT", "AI"]), "Where the request came from (default INTEGRATION)."),
            ],
            access: Access::Write,
            toolset: "tickets",
            effect: Some(Effect { destructive: false, idempotent: false }),
            action: Action::Connected(create_ticket),
            summary: &["displayId", "subject", "ticketId", "status", "client.name", "department.name"],
            labels: None,
        },
        Tool {
            name: "superops_update_ticket",
            title: "Update a ticket",
            description: "Change a ticket's subject, status, priority, impact, urgency, category, resolution code, client (department in SuperOps for IT teams), site, requester, technician or group; only the fields given change.",
            params: ticket_change_params![
                TICKET_ID,
                Param::optional("subject", Kind::Text, "The new subject."),
                Param::optional("resolution_code", Kind::Text, "The resolution code by name (\"Permanent Fix\")."),
                CLIENT_ID,
            ],
            access: Access::Write,
            toolset: "tickets",
            effect: Some(Effect { destructive: false, idempotent: true }),
            action: Action::Connected(update_ticket),
            summary: &["displayId", "subject", "ticketId", "status", "priority", "technician.name"],
            labels: None,
        },
        Tool {
            name: "superops_add_ticket_note",
            title: "Add a ticket note",
            description: "Add a note to a ticket: private to technicians unless `public` is true, when the requester sees it too.",
            params: &[
                TICKET_ID,
                Param::required("content", Kind::Text, "The note's text."),
                Param::optional("public", Kind::Flag, "Whether the requester sees the note (default false: technicians only)."),
            ],
            access: Access::Write,
            toolset: "tickets",
            effect: Some(Effect { destructive: false, idempotent: false }),
            action: Action::Plan(|args| {
                let mut input = Map::new();
                input.insert("ticket".into(), json!({ "ticketId": args.required("ticket_id") }));
                input.insert("content".into(), json!(args.required("content")));
                let privacy = if args.flag("public") == Some(true) { "PUBLIC" } else { "PRIVATE" };
                input.insert("privacyType".into(), json!(privacy));
                Ok(change(ADD_NOTE, input, "data.createTicketNote"))
            }),
            summary: &["noteId", "addedOn", "privacyType"],
            labels: None,
        },
        Tool {
            name: "superops_list_assets",
            title: "List assets",
            description: "List managed assets (devices) with their client (department in SuperOps for IT teams), site, platform, status and patch status, by client, online status or words in the name.",
            params: &[
                ORG_NAME,
                Param::optional("status", Kind::OneOf(&["ONLINE", "OFFLINE"]), "Only online or offline assets."),
                Param::optional("name", Kind::Text, "Words the asset's name contains."),
                Param::limit(),
            ],
            access: Access::Read,
            toolset: "assets",
            effect: None,
            action: Action::Connected(list_assets),
            summary: &["name", "assetId", "status", "platform", "client.name", "department.name", "patchStatus"],
            labels: None,
        },
        Tool {
            name: "superops_get_asset",
            title: "Get an asset",
            description: "Get one asset by assetId: hardware, platform and version, network addresses, logged-in user, agent, patch status, warranty and custom fields.",
            params: &[Param::required("asset_id", Kind::Text, "The asset's assetId, from superops_list_assets.")],
            access: Access::Read,
            toolset: "assets",
            effect: None,
            action: Action::Connected(|args, settings| {
                Ok(one(GET_ASSET.pick(Edition::of(settings)), json!({ "assetId": args.required("asset_id") }), "data.getAsset"))
            }),
            summary: &["name", "assetId", "status", "platform", "hostName", "client.name", "department.name"],
            labels: None,
        },
        Tool {
            name: "superops_list_alerts",
            title: "List alerts",
            description: "List RMM alerts, newest first: every asset's, or one asset's, optionally by status or severity. Each alert carries its asset and the policy that raised it.",
            params: &[
                Param::optional("asset_id", Kind::Text, "Only this asset's alerts (its assetId)."),
                Param::optional("status", Kind::Text, "The alert status (\"Open\", \"Resolved\")."),
                Param::optional("severity", Kind::Text, "The severity (\"Critical\", \"Warning\")."),
                Param::limit(),
            ],
            access: Access::Read,
            toolset: "assets",
            effect: None,
            action: Action::Plan(list_alerts),
            summary: &["message", "id", "severity", "status", "createdTime", "asset.name"],
            labels: None,
        },
        Tool {
            name: "superops_resolve_alerts",
            title: "Resolve alerts",
            description: "Resolve one or more alerts by id, one after another, reporting each alert's outcome (resolved, or why not).",
            params: &[Param::required("alert_ids", Kind::IdList, "The alerts' ids, from superops_list_alerts.")],
            access: Access::Write,
            toolset: "assets",
            effect: Some(Effect { destructive: false, idempotent: true }),
            action: Action::Plan(|args| {
                let changes = args
                    .ids("alert_ids")
                    .into_iter()
                    .map(|id| Change {
                        key: json!({ "id": id }),
                        call: graphql::call(RESOLVE_ALERTS, json!({ "input": [{ "id": id }] })),
                    })
                    .collect();
                Ok(Plan::Each { changes, records: Some(Records::At("data.resolveAlerts")) })
            }),
            summary: &["succeeded", "failed"],
            labels: None,
        },
        Tool {
            name: "superops_list_technicians",
            title: "List technicians",
            description: "List technicians with their email address, designation, team and technician groups; their userId is what tickets are assigned by.",
            params: &[Param::optional("name", Kind::Text, "Words the technician's name contains."), Param::limit()],
            access: Access::Read,
            toolset: "reference",
            effect: None,
            action: Action::Plan(|args| {
                let rules = args.text("name").map(|name| rule("name", "contains", json!(name)));
                Ok(pages(LIST_TECHNICIANS, "data.getTechnicianList.userList", rules.into_iter().collect(), None, args))
            }),
            summary: &["name", "userId", "email", "team.name"],
            labels: None,
        },
        Tool {
            name: "superops_list_technician_groups",
            title: "List technician groups",
            description: "List the technician groups tickets can be assigned to, with their groupId.",
            params: &[Param::limit()],
            access: Access::Read,
            toolset: "reference",
            effect: None,
            action: Action::Plan(|args| Ok(whole(LIST_TECHNICIAN_GROUPS, json!({}), "data.getTechnicianGroupList", args))),
            summary: &["name", "groupId"],
            labels: None,
        },
        Tool {
            name: "superops_list_statuses",
            title: "List ticket statuses",
            description: "List the ticket statuses tickets can take, by name (what status arguments take). In SuperOps for IT teams these are the options of the ticket status field.",
            params: &[Param::limit()],
            access: Access::Read,
            toolset: "reference",
            effect: None,
            action: Action::Connected(|args, settings| Ok(ticket_values(args, settings, LIST_STATUSES, "status"))),
            summary: &["name", "value", "id", "description"],
            labels: None,
        },
        Tool {
            name: "superops_list_priorities",
            title: "List ticket priorities",
            description: "List the ticket priorities, by name (what priority arguments take). In SuperOps for IT teams these are the options of the ticket priority field.",
            params: &[Param::limit()],
            access: Access::Read,
            toolset: "reference",
            effect: None,
            action: Action::Connected(|args, settings| Ok(ticket_values(args, settings, LIST_PRIORITIES, "priority"))),
            summary: &["name", "value", "id"],
            labels: None,
        },
    ],
};

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(edition: &str) -> Settings {
        [("edition".to_owned(), edition.to_owned())].into()
    }

    fn plan(tool: &str, args: Value, edition: &str) -> Result<Plan, ArgError> {
        let tool = CATALOG.find(tool).unwrap();
        tool.plan_for(
            &Args::validate(tool.params, Some(&args))?,
            &settings(edition),
        )
    }

    fn body(plan: &Plan) -> Value {
        plan.first_call().unwrap().body.clone().unwrap()
    }

    #[test]
    fn the_issue_names_every_required_tool() {
        for name in [
            "superops_list_clients",
            "superops_get_client",
            "superops_list_tickets",
            "superops_get_ticket",
            "superops_list_ticket_notes",
            "superops_create_ticket",
            "superops_update_ticket",
            "superops_add_ticket_note",
            "superops_list_assets",
            "superops_get_asset",
            "superops_list_alerts",
            "superops_resolve_alerts",
            "superops_list_technicians",
            "superops_list_statuses",
            "superops_list_priorities",
        ] {
            assert!(CATALOG.find(name).is_some(), "{name}");
        }
        for write in [
            "superops_create_ticket",
            "superops_update_ticket",
            "superops_add_ticket_note",
            "superops_resolve_alerts",
        ] {
            assert_eq!(
                CATALOG.find(write).unwrap().access,
                Access::Write,
                "{write}"
            );
        }
    }

    #[test]
    fn every_document_is_fixed_text_and_values_are_variables() {
        let hostile = "Printer \"down\" }\nmutation { x }";
        let plan = plan(
            "superops_list_tickets",
            json!({"client": hostile, "status": "Open"}),
            "msp",
        )
        .unwrap();
        let sent = body(&plan);
        let query = sent["query"].as_str().unwrap();
        assert!(
            !query.contains("Printer") && !query.contains("mutation"),
            "{query}"
        );
        assert_eq!(
            sent["variables"]["input"]["condition"],
            json!({"joinOperator": "AND", "operands": [
                {"attribute": "status", "operator": "includes", "value": ["Open"]},
                {"attribute": "client.name", "operator": "is", "value": hostile},
            ]})
        );
        let note = plan_note(hostile);
        assert_eq!(note["variables"]["input"]["content"], hostile);
        assert!(!note["query"].as_str().unwrap().contains("Printer"));
    }

    fn plan_note(content: &str) -> Value {
        body(
            &plan(
                "superops_add_ticket_note",
                json!({"ticket_id": "7", "content": content}),
                "msp",
            )
            .unwrap(),
        )
    }

    #[test]
    fn the_it_edition_reads_departments() {
        let msp =
            body(&plan("superops_list_tickets", json!({"client": "Finance"}), "msp").unwrap());
        let it = body(&plan("superops_list_tickets", json!({"client": "Finance"}), "it").unwrap());
        assert!(msp["query"].as_str().unwrap().contains(" client "));
        assert!(!it["query"].as_str().unwrap().contains("client"));
        assert!(it["query"].as_str().unwrap().contains(" department "));
        assert_eq!(
            it["variables"]["input"]["condition"]["attribute"],
            "department.name"
        );
        let departments = plan("superops_list_clients", json!({}), "it").unwrap();
        assert!(body(&departments)["query"]
            .as_str()
            .unwrap()
            .contains("getDepartmentList"));
        assert!(matches!(departments, Plan::Paged { .. }));
        let error = plan("superops_get_client", json!({"client_id": "4"}), "it").unwrap_err();
        assert!(error.to_string().contains("department"), "{error}");
        let Plan::Change { call, .. } = plan(
            "superops_create_ticket",
            json!({"subject": "VPN", "site_id": "12", "client_id": "4"}),
            "it",
        )
        .unwrap() else {
            panic!()
        };
        let input = &call.body.unwrap()["variables"]["input"];
        assert_eq!(input["department"], json!({"departmentId": "4"}));
        assert_eq!(input["site"], json!({"id": "12"}));
        assert!(input.get("client").is_none());
        assert!(plan(
            "superops_create_ticket",
            json!({"subject": "VPN", "client_id": "4"}),
            "it"
        )
        .is_err());
    }

    #[test]
    fn writes_send_superops_inputs() {
        let Plan::Change { call, .. } = plan(
            "superops_create_ticket",
            json!({"subject": "Printer jam", "client_id": "7928838372746166998", "technician_id": "59", "priority": "High"}),
            "msp",
        )
        .unwrap() else {
            panic!()
        };
        let input = call.body.unwrap()["variables"]["input"].clone();
        assert_eq!(
            input,
            json!({"subject": "Printer jam", "priority": "High", "technician": {"userId": "59"}, "client": {"accountId": "7928838372746166998"}, "source": "INTEGRATION"})
        );
        assert!(plan("superops_create_ticket", json!({"subject": "x"}), "msp").is_err());
        assert!(plan("superops_update_ticket", json!({"ticket_id": "7"}), "msp").is_err());
        let update = body(
            &plan(
                "superops_update_ticket",
                json!({"ticket_id": "7", "status": "Resolved"}),
                "msp",
            )
            .unwrap(),
        );
        assert_eq!(
            update["variables"]["input"],
            json!({"ticketId": "7", "status": "Resolved"})
        );
        let Plan::Each { changes, .. } = plan(
            "superops_resolve_alerts",
            json!({"alert_ids": ["1", "2"]}),
            "msp",
        )
        .unwrap() else {
            panic!()
        };
        assert_eq!(changes.len(), 2);
        assert_eq!(changes[1].key, json!({"id": "2"}));
        assert_eq!(
            changes[1].call.body.as_ref().unwrap()["variables"]["input"],
            json!([{"id": "2"}])
        );
    }

    #[test]
    fn lists_page_by_list_info_and_dates_are_utc_without_a_zone() {
        let tickets = plan(
            "superops_list_tickets",
            json!({"created_since": "2026-11-02T14:00:00+02:00"}),
            "msp",
        )
        .unwrap();
        let first = PAGES.first(tickets.first_call().unwrap().clone(), 500);
        let input = &first.body.unwrap()["variables"]["input"];
        assert_eq!(
            (input["page"].clone(), input["pageSize"].clone()),
            (json!(1), json!(100))
        );
        assert_eq!(input["condition"]["value"], "2026-11-02T12:00:00");
        let Plan::Paged { paging, list } =
            plan("superops_list_alerts", json!({"asset_id": "9001"}), "msp").unwrap()
        else {
            panic!()
        };
        let first = paging.0.first(list.first_call().unwrap().clone(), 10);
        assert_eq!(
            first.body.unwrap()["variables"]["input"]["listInfo"]["page"],
            1
        );
        let notes = plan(
            "superops_list_ticket_notes",
            json!({"ticket_id": "7"}),
            "msp",
        )
        .unwrap();
        let Plan::Paged { paging, list } = notes else {
            panic!()
        };
        assert_eq!(
            paging
                .0
                .first(list.first_call().unwrap().clone(), 10)
                .body
                .unwrap()["variables"],
            json!({"input": {"ticketId": "7"}})
        );
    }

    #[test]
    fn documents_never_select_inside_json_scalars() {
        // The JSON scalars of the types these documents read (docs/vendors/superops.md).
        let scalars = [
            "client",
            "department",
            "site",
            "requester",
            "techGroup",
            "technician",
            "sla",
            "asset",
            "policy",
            "addedBy",
            "assetClass",
            "user",
            "team",
            "groups",
            "designation",
            "head",
            "customFields",
            "accountManager",
            "primaryContact",
            "hqSite",
            "technicianGroups",
            "additionalRequester",
            "followers",
            "deviceCategory",
            "secondaryContact",
        ];
        let mut documents: Vec<&str> = vec![
            GET_CLIENT,
            LIST_NOTES,
            LIST_CONVERSATIONS,
            ADD_NOTE,
            LIST_ALERTS,
            LIST_ASSET_ALERTS,
            RESOLVE_ALERTS,
            LIST_TECHNICIANS,
            LIST_TECHNICIAN_GROUPS,
            TICKET_FIELD_OPTIONS,
            LIST_STATUSES,
            LIST_PRIORITIES,
        ];
        for pair in [
            LIST_CLIENTS,
            LIST_TICKETS,
            GET_TICKET,
            CREATE_TICKET,
            UPDATE_TICKET,
            LIST_ASSETS,
            GET_ASSET,
        ] {
            documents.extend([pair.msp, pair.it]);
        }
        for document in documents {
            for scalar in scalars {
                assert!(
                    !document.contains(&format!(" {scalar} {{")),
                    "{scalar} is sub-selected in {document}"
                );
            }
            assert_eq!(
                document.matches('{').count(),
                document.matches('}').count(),
                "{document}"
            );
        }
    }
}
