//! Atera's tools (`docs/vendors/atera.md`). Lists are `GET /api/v3/<collection>` answering
//! `{items, totalItemCount, page, itemsInPage, totalPages, prevLink, nextLink}`, paged by
//! `itemsInPage` (at most 50) and the absolute `nextLink`, which is an empty string on the
//! last page. Single records are the bare object; fields are PascalCase. Creates and updates
//! answer `{"ActionID": …}`, not the record.

use crate::tools::args::{ArgError, Args, Kind, Param};
use crate::tools::plan::{Action, Plan, Template};
use crate::tools::{Access, Catalog, Effect, Tool, Toolset};
use crate::vendors::kit::paging::{Next, Paging, Place};
use crate::vendors::kit::request::{path, Call};
use crate::vendors::kit::shape::Records;
use crate::vendors::kit::upstream::Verb;
use serde_json::{json, Map, Value};

const CUSTOMER_ID: Param = Param::optional(
    "customer_id",
    Kind::NumericId,
    "Only records of this customer (from atera_list_customers).",
);
const TICKET_ID: Param = Param::required("ticket_id", Kind::NumericId, "The ticket's id.");

/// Atera's ticket priorities, impacts, statuses and types as the API spells them.
const PRIORITIES: &[&str] = &["Low", "Medium", "High", "Critical"];
const IMPACTS: &[&str] = &[
    "NoImpact",
    "Minor",
    "Major",
    "SiteDown",
    "ServerIssue",
    "Crisis",
];
const STATUSES: &[&str] = &["Open", "Pending", "Resolved", "Closed"];
const TYPES: &[&str] = &["Problem", "Bug", "Request", "Other", "Incident", "Change"];

/// The ticket fields both a create and an update send, as (Atera's name, argument, numeric).
const TICKET_FIELDS: &[(&str, &str, bool)] = &[
    ("TicketTitle", "title", false),
    ("TicketPriority", "priority", false),
    ("TicketImpact", "impact", false),
    ("TicketStatus", "status", false),
    ("TicketType", "type", false),
    ("TechnicianContactID", "technician_id", true),
];

/// The given arguments under Atera's field names.
fn fields(args: &Args, fields: &[(&str, &str, bool)]) -> Map<String, Value> {
    fields
        .iter()
        .filter_map(|(field, argument, numeric)| {
            let value = if *numeric {
                args.integer(argument).map(Value::from)
            } else {
                args.text(argument).map(Value::from)
            }?;
            Some(((*field).to_owned(), value))
        })
        .collect()
}

/// A write answered by `{"ActionID": …}`.
fn change(method: Verb, path: String, body: Map<String, Value>) -> Plan {
    Plan::Change {
        call: Call::with(method, path, Some(Value::Object(body))),
        answer: Value::Null,
        records: Some(Records::Root),
    }
}

/// Atera's catalog.
pub const CATALOG: Catalog = Catalog {
    record: Records::Root,
    list: Records::At("items"),
    paging: Paging {
        size: Place::Query("itemsInPage"),
        max_size: 50,
        next: Next::BodyLink {
            at: "nextLink",
            keep_body: false,
        },
        total: Some("totalItemCount"),
        count: None,
    },
    secret_fields: &[],
    toolsets: &[
        Toolset {
            name: "customers",
            description: "customers and their contacts",
            default: true,
        },
        Toolset {
            name: "agents",
            description: "agents (the devices Atera monitors)",
            default: true,
        },
        Toolset {
            name: "tickets",
            description: "helpdesk tickets and their comments: read, create, update",
            default: true,
        },
        Toolset {
            name: "alerts",
            description: "monitoring alerts",
            default: true,
        },
        Toolset {
            name: "contracts",
            description: "customer contracts",
            default: false,
        },
        Toolset {
            name: "time",
            description: "work hours recorded on tickets",
            default: false,
        },
        Toolset {
            name: "knowledge",
            description: "knowledge base articles",
            default: false,
        },
        Toolset {
            name: "devices",
            description: "network devices monitored without an agent (SNMP, HTTP, TCP, generic)",
            default: false,
        },
    ],
    tools: TOOLS,
};

const TOOLS: &[Tool] = &[
    Tool {
        name: "atera_list_customers",
        title: "List customers",
        description: "List Atera customers (the MSP's clients) with their address, phone, domain and notes.",
        params: &[Param::limit()],
        access: Access::Read,
        toolset: "customers",
        effect: None,
        action: Action::Template(Template::get("/api/v3/customers")),
        summary: &["CustomerName", "CustomerID", "Domain", "City", "Phone"],
        labels: None,
    },
    Tool {
        name: "atera_get_customer",
        title: "Get a customer",
        description: "Get one Atera customer by id: address, phone, domain, business number and notes.",
        params: &[Param::required("customer_id", Kind::NumericId, "The customer's id.")],
        access: Access::Read,
        toolset: "customers",
        effect: None,
        action: Action::Template(Template::get("/api/v3/customers/{customer_id}")),
        summary: &["CustomerName", "CustomerID", "Domain", "Address", "City", "Country", "Phone", "Notes"],
        labels: None,
    },
    Tool {
        name: "atera_list_contacts",
        title: "List contacts",
        description: "List the contacts (end users) of Atera customers, with their customer, job title, email and phones; optionally those whose email contains some text.",
        params: &[
            Param::optional("email", Kind::Text, "Part of the contact's email address (matched here, ignoring case)."),
            Param::limit(),
        ],
        access: Access::Read,
        toolset: "customers",
        effect: None,
        action: Action::Plan(|args| {
            Ok(Plan::list("/api/v3/contacts".into(), Records::At("items"), args.limit())
                .keeping("Email", args.text("email")))
        }),
        summary: &["Email", "EndUserID", "Firstname", "Lastname", "CustomerName", "Phone"],
        labels: None,
    },
    Tool {
        name: "atera_get_contact",
        title: "Get a contact",
        description: "Get one Atera contact (end user) by id: names, customer, job title, email and phones.",
        params: &[Param::required("contact_id", Kind::NumericId, "The contact's EndUserID.")],
        access: Access::Read,
        toolset: "customers",
        effect: None,
        action: Action::Template(Template::get("/api/v3/contacts/{contact_id}")),
        summary: &["Email", "EndUserID", "Firstname", "Lastname", "CustomerName", "JobTitle", "Phone"],
        labels: None,
    },
    Tool {
        name: "atera_create_customer",
        title: "Create a customer",
        description: "Add a customer (client company) to Atera with its name and optionally domain, address, phone and notes. Answers the new customer's id as ActionID.",
        params: &[
            Param::required("name", Kind::Text, "The customer's name."),
            Param::optional("domain", Kind::Text, "The customer's email or web domain."),
            Param::optional("address", Kind::Text, "Street address."),
            Param::optional("city", Kind::Text, "City."),
            Param::optional("state", Kind::Text, "State or province."),
            Param::optional("country", Kind::Text, "Country."),
            Param::optional("zip", Kind::Text, "Postal code."),
            Param::optional("phone", Kind::Text, "Phone number."),
            Param::optional("notes", Kind::Text, "Notes."),
        ],
        access: Access::Write,
        toolset: "customers",
        effect: Some(Effect { destructive: false, idempotent: false }),
        action: Action::Plan(|args| {
            let body = fields(
                args,
                &[
                    ("CustomerName", "name", false),
                    ("Domain", "domain", false),
                    ("Address", "address", false),
                    ("City", "city", false),
                    ("State", "state", false),
                    ("Country", "country", false),
                    ("ZipCodeStr", "zip", false),
                    ("Phone", "phone", false),
                    ("Notes", "notes", false),
                ],
            );
            Ok(change(Verb::Post, "/api/v3/customers".into(), body))
        }),
        summary: &["ActionID"],
        labels: None,
    },
    Tool {
        name: "atera_update_customer",
        title: "Update a customer",
        description: "Change an Atera customer's name, domain, address, phone or notes; only the fields given change. Answers the customer's id as ActionID.",
        params: &[
            Param::required("customer_id", Kind::NumericId, "The customer's id."),
            Param::optional("name", Kind::Text, "A new name."),
            Param::optional("domain", Kind::Text, "The customer's email or web domain."),
            Param::optional("address", Kind::Text, "Street address."),
            Param::optional("city", Kind::Text, "City."),
            Param::optional("state", Kind::Text, "State or province."),
            Param::optional("country", Kind::Text, "Country."),
            Param::optional("zip", Kind::Text, "Postal code."),
            Param::optional("phone", Kind::Text, "Phone number."),
            Param::optional("notes", Kind::Text, "Notes."),
        ],
        access: Access::Write,
        toolset: "customers",
        effect: Some(Effect { destructive: false, idempotent: true }),
        action: Action::Plan(|args| {
            let body = fields(
                args,
                &[
                    ("CustomerName", "name", false),
                    ("Domain", "domain", false),
                    ("Address", "address", false),
                    ("City", "city", false),
                    ("State", "state", false),
                    ("Country", "country", false),
                    ("ZipCodeStr", "zip", false),
                    ("Phone", "phone", false),
                    ("Notes", "notes", false),
                ],
            );
            if body.is_empty() {
                return Err(ArgError::Combination("give at least one field to change besides `customer_id`"));
            }
            let path = path(&["/api/v3/customers/", args.required("customer_id")]);
            Ok(change(Verb::Put, path, body))
        }),
        summary: &["ActionID"],
        labels: None,
    },
    Tool {
        name: "atera_create_contact",
        title: "Create a contact",
        description: "Add a contact (end user) to an Atera customer with an email and optionally names, job title and phones. Answers the new contact's id as ActionID.",
        params: &[
            Param::required("customer_id", Kind::NumericId, "The customer the contact belongs to."),
            Param::required("email", Kind::Text, "The contact's email address."),
            Param::optional("first_name", Kind::Text, "First name."),
            Param::optional("last_name", Kind::Text, "Last name."),
            Param::optional("job_title", Kind::Text, "Job title."),
            Param::optional("phone", Kind::Text, "Phone number."),
            Param::optional("mobile_phone", Kind::Text, "Mobile number."),
            Param::optional("is_contact_person", Kind::Flag, "Whether this is the customer's main contact."),
        ],
        access: Access::Write,
        toolset: "customers",
        effect: Some(Effect { destructive: false, idempotent: false }),
        action: Action::Plan(|args| {
            let mut body = fields(
                args,
                &[
                    ("CustomerID", "customer_id", true),
                    ("Email", "email", false),
                    ("Firstname", "first_name", false),
                    ("Lastname", "last_name", false),
                    ("JobTitle", "job_title", false),
                    ("Phone", "phone", false),
                    ("MobilePhone", "mobile_phone", false),
                ],
            );
            if let Some(flag) = args.flag("is_contact_person") {
                body.insert("IsContactPerson".into(), json!(flag));
            }
            Ok(change(Verb::Post, "/api/v3/contacts".into(), body))
        }),
        summary: &["ActionID"],
        labels: None,
    },
    Tool {
        name: "atera_update_contact",
        title: "Update a contact",
        description: "Change an Atera contact's names, job title, phones or whether they are the customer's main contact; only the fields given change. Answers the contact's id as ActionID.",
        params: &[
            Param::required("contact_id", Kind::NumericId, "The contact's EndUserID."),
            Param::optional("first_name", Kind::Text, "First name."),
            Param::optional("last_name", Kind::Text, "Last name."),
            Param::optional("job_title", Kind::Text, "Job title."),
            Param::optional("phone", Kind::Text, "Phone number."),
            Param::optional("mobile_phone", Kind::Text, "Mobile number."),
            Param::optional("is_contact_person", Kind::Flag, "Whether this is the customer's main contact."),
        ],
        access: Access::Write,
        toolset: "customers",
        effect: Some(Effect { destructive: false, idempotent: true }),
        action: Action::Plan(|args| {
            let mut body = fields(
                args,
                &[
                    ("Firstname", "first_name", false),
                    ("Lastname", "last_name", false),
                    ("JobTitle", "job_title", false),
                    ("Phone", "phone", false),
                    ("MobilePhone", "mobile_phone", false),
                ],
            );
            if let Some(flag) = args.flag("is_contact_person") {
                body.insert("IsContactPerson".into(), json!(flag));
            }
            if body.is_empty() {
                return Err(ArgError::Combination("give at least one field to change besides `contact_id`"));
            }
            let path = path(&["/api/v3/contacts/", args.required("contact_id")]);
            Ok(change(Verb::Put, path, body))
        }),
        summary: &["ActionID"],
        labels: None,
    },
    Tool {
        name: "atera_list_agents",
        title: "List agents",
        description: "List the devices running the Atera agent, all of them or one customer's, with online state, operating system, last user and hardware.",
        params: &[CUSTOMER_ID, Param::limit()],
        access: Access::Read,
        toolset: "agents",
        effect: None,
        action: Action::Plan(|args| {
            let path = match args.text("customer_id") {
                Some(customer) => path(&["/api/v3/agents/customer/", customer]),
                None => "/api/v3/agents".into(),
            };
            Ok(Plan::list(path, Records::At("items"), args.limit()))
        }),
        summary: &["MachineName", "AgentID", "CustomerName", "Online", "OS", "LastLoginUser", "IpAddresses"],
        labels: None,
    },
    Tool {
        name: "atera_get_agent",
        title: "Get an agent",
        description: "Get one Atera agent (device) by id: hardware, operating system, addresses, logged-in users, patch and reboot times.",
        params: &[Param::required("agent_id", Kind::NumericId, "The agent's AgentID.")],
        access: Access::Read,
        toolset: "agents",
        effect: None,
        action: Action::Template(Template::get("/api/v3/agents/{agent_id}")),
        summary: &["MachineName", "AgentID", "CustomerName", "Online", "OS", "Processor", "Memory", "LastRebootTime"],
        labels: None,
    },
    Tool {
        name: "atera_find_agents_by_machine",
        title: "Find agents by machine name",
        description: "List the Atera agents whose machine name is the one given (a device can be enrolled more than once), with their customer and online state.",
        params: &[
            Param::required("machine_name", Kind::Text, "The machine (computer) name, such as NW-DC01."),
            Param::limit(),
        ],
        access: Access::Read,
        toolset: "agents",
        effect: None,
        action: Action::Template(Template::get("/api/v3/agents/machine/{machine_name}")),
        summary: &["MachineName", "AgentID", "CustomerName", "Online", "OS", "LastLoginUser"],
        labels: None,
    },
    Tool {
        name: "atera_list_tickets",
        title: "List tickets",
        description: "List Atera helpdesk tickets, optionally one customer's or those in one status (Open, Pending, Resolved, Closed or an account's own).",
        params: &[
            CUSTOMER_ID,
            Param::optional("status", Kind::Text, "A ticket status: Open, Pending, Resolved, Closed, or a custom status of the account."),
            Param::limit(),
        ],
        access: Access::Read,
        toolset: "tickets",
        effect: None,
        action: Action::Template(
            Template::get("/api/v3/tickets").query(&[("customerId", "customer_id"), ("ticketStatus", "status")]),
        ),
        summary: &["TicketTitle", "TicketID", "TicketStatus", "TicketPriority", "CustomerName", "TechnicianFullName", "TicketCreatedDate"],
        labels: None,
    },
    Tool {
        name: "atera_get_ticket",
        title: "Get a ticket",
        description: "Get one Atera ticket by id: title, status, priority, impact, end user, technician, first and last comments and durations.",
        params: &[TICKET_ID],
        access: Access::Read,
        toolset: "tickets",
        effect: None,
        action: Action::Template(Template::get("/api/v3/tickets/{ticket_id}")),
        summary: &["TicketTitle", "TicketID", "TicketStatus", "TicketPriority", "TicketImpact", "CustomerName", "EndUserEmail", "TechnicianFullName"],
        labels: None,
    },
    Tool {
        name: "atera_list_ticket_comments",
        title: "List ticket comments",
        description: "List the comments (replies and internal notes) of one Atera ticket, with who wrote each and when.",
        params: &[TICKET_ID, Param::limit()],
        access: Access::Read,
        toolset: "tickets",
        effect: None,
        action: Action::Template(Template::get("/api/v3/tickets/{ticket_id}/comments")),
        summary: &["Date", "FirstName", "LastName", "IsInternal", "Comment"],
        labels: None,
    },
    Tool {
        name: "atera_create_ticket",
        title: "Create a ticket",
        description: "Open an Atera ticket with a title and description for an end user: an existing contact by id, or by email (Atera creates the contact when new, with the names given). Answers the new ticket's id as ActionID.",
        params: &[
            Param::required("title", Kind::Text, "The ticket's title."),
            Param::required("description", Kind::Text, "The issue in words (HTML is kept)."),
            Param::optional("end_user_id", Kind::NumericId, "The contact (EndUserID) the ticket is for."),
            Param::optional("end_user_email", Kind::Text, "Or the end user's email; a new contact is created when none has it."),
            Param::optional("end_user_first_name", Kind::Text, "The first name for a new contact (with end_user_email)."),
            Param::optional("end_user_last_name", Kind::Text, "The last name for a new contact (with end_user_email)."),
            Param::optional("priority", Kind::OneOf(PRIORITIES), "The priority (Low when not given)."),
            Param::optional("impact", Kind::OneOf(IMPACTS), "The impact (Minor when not given)."),
            Param::optional("status", Kind::OneOf(STATUSES), "The status (Open when not given)."),
            Param::optional("type", Kind::OneOf(TYPES), "The ticket type (Problem when not given)."),
            Param::optional("technician_id", Kind::NumericId, "The technician (TechnicianContactID) to assign."),
        ],
        access: Access::Write,
        toolset: "tickets",
        effect: Some(Effect { destructive: false, idempotent: false }),
        action: Action::Plan(|args| {
            match (args.has("end_user_id"), args.has("end_user_email")) {
                (false, false) => {
                    return Err(ArgError::Combination("give the end user: `end_user_id`, or `end_user_email` (with first and last name for a new contact)"))
                }
                (true, true) => {
                    return Err(ArgError::Combination("give `end_user_id` or `end_user_email`, not both"))
                }
                _ => {}
            }
            let mut body = fields(args, TICKET_FIELDS);
            body.extend(fields(
                args,
                &[
                    ("Description", "description", false),
                    ("EndUserID", "end_user_id", true),
                    ("EndUserEmail", "end_user_email", false),
                    ("EndUserFirstName", "end_user_first_name", false),
                    ("EndUserLastName", "end_user_last_name", false),
                ],
            ));
            Ok(change(Verb::Post, "/api/v3/tickets".into(), body))
        }),
        summary: &["ActionID"],
        labels: None,
    },
    Tool {
        name: "atera_update_ticket",
        title: "Update a ticket",
        description: "Change an Atera ticket's title, status, priority, impact, type or technician; only the fields given change. Answers the ticket's id as ActionID.",
        params: &[
            TICKET_ID,
            Param::optional("title", Kind::Text, "A new title."),
            Param::optional("status", Kind::OneOf(STATUSES), "A new status."),
            Param::optional("priority", Kind::OneOf(PRIORITIES), "A new priority."),
            Param::optional("impact", Kind::OneOf(IMPACTS), "A new impact."),
            Param::optional("type", Kind::OneOf(TYPES), "A new ticket type."),
            Param::optional("technician_id", Kind::NumericId, "The technician (TechnicianContactID) to assign."),
        ],
        access: Access::Write,
        toolset: "tickets",
        effect: Some(Effect { destructive: false, idempotent: true }),
        action: Action::Plan(|args| {
            let body = fields(args, TICKET_FIELDS);
            if body.is_empty() {
                return Err(ArgError::Combination("give at least one field to change besides `ticket_id`"));
            }
            let path = path(&["/api/v3/tickets/", args.required("ticket_id")]);
            Ok(change(Verb::Put, path, body))
        }),
        summary: &["ActionID"],
        labels: None,
    },
    Tool {
        name: "atera_add_ticket_comment",
        title: "Comment on a ticket",
        description: "Add a comment to an Atera ticket as a technician (a reply, or an internal note when asked) or on behalf of the ticket's end user.",
        params: &[
            TICKET_ID,
            Param::required("comment", Kind::Text, "The comment."),
            Param::optional("technician_id", Kind::NumericId, "The technician (TechnicianContactID) writing it."),
            Param::optional("end_user_id", Kind::NumericId, "Or the end user (EndUserID) it is written for."),
            Param::optional("internal", Kind::Flag, "A technician's internal note, hidden from the end user (default false)."),
        ],
        access: Access::Write,
        toolset: "tickets",
        effect: Some(Effect { destructive: false, idempotent: false }),
        action: Action::Plan(|args| {
            let mut body = Map::new();
            body.insert("CommentText".into(), json!(args.required("comment")));
            match (args.integer("technician_id"), args.integer("end_user_id")) {
                (Some(technician), None) => {
                    body.insert(
                        "TechnicianCommentDetails".into(),
                        json!({ "TechnicianID": technician, "IsInternal": args.flag("internal") == Some(true) }),
                    );
                }
                (None, Some(end_user)) if args.flag("internal") != Some(true) => {
                    body.insert("EnduserCommentDetails".into(), json!({ "EnduserId": end_user }));
                }
                (None, Some(_)) => {
                    return Err(ArgError::Combination("only a technician's comment can be internal: give `technician_id`"))
                }
                _ => {
                    return Err(ArgError::Combination("give who writes it: `technician_id` or `end_user_id`, one of them"))
                }
            }
            let path = path(&["/api/v3/tickets/", args.required("ticket_id"), "/comments"]);
            Ok(change(Verb::Post, path, body))
        }),
        summary: &["ActionID"],
        labels: None,
    },
    Tool {
        name: "atera_list_alerts",
        title: "List alerts",
        description: "List Atera monitoring alerts with severity, device, customer and linked ticket: open ones, resolved (archived) ones or snoozed ones.",
        params: &[
            Param::optional("status", Kind::OneOf(&["Open", "Resolved", "Snoozed"]), "Which alerts: Open, Resolved (archived) or Snoozed."),
            Param::limit(),
        ],
        access: Access::Read,
        toolset: "alerts",
        effect: None,
        action: Action::Template(Template::get("/api/v3/alerts").query(&[("alertStatus", "status")])),
        summary: &["Title", "AlertID", "Severity", "DeviceName", "CustomerName", "Created", "Archived"],
        labels: None,
    },
    Tool {
        name: "atera_get_alert",
        title: "Get an alert",
        description: "Get one Atera alert by id: title, severity, category, device, customer, message, linked ticket and whether it is archived.",
        params: &[Param::required("alert_id", Kind::NumericId, "The alert's AlertID.")],
        access: Access::Read,
        toolset: "alerts",
        effect: None,
        action: Action::Template(Template::get("/api/v3/alerts/{alert_id}")),
        summary: &["Title", "AlertID", "Severity", "AlertCategoryID", "DeviceName", "CustomerName", "AlertMessage", "Archived"],
        labels: None,
    },
    Tool {
        name: "atera_list_contracts",
        title: "List contracts",
        description: "List Atera customer contracts (retainer, hourly, block hours, monitoring, …), all of them or one customer's, with their dates and whether they are active.",
        params: &[CUSTOMER_ID, Param::limit()],
        access: Access::Read,
        toolset: "contracts",
        effect: None,
        action: Action::Plan(|args| {
            let path = match args.text("customer_id") {
                Some(customer) => path(&["/api/v3/contracts/customer/", customer]),
                None => "/api/v3/contracts".into(),
            };
            Ok(Plan::list(path, Records::At("items"), args.limit()))
        }),
        summary: &["ContractName", "ContractID", "CustomerName", "ContractType", "Active", "StartDate", "EndDate"],
        labels: None,
    },
    Tool {
        name: "atera_get_contract",
        title: "Get a contract",
        description: "Get one Atera contract by id, with its type and the terms of that type (rates, hours, fees).",
        params: &[Param::required("contract_id", Kind::NumericId, "The contract's ContractID.")],
        access: Access::Read,
        toolset: "contracts",
        effect: None,
        action: Action::Template(Template::get("/api/v3/contracts/{contract_id}")),
        summary: &["ContractName", "ContractID", "CustomerName", "ContractType", "Active", "StartDate", "EndDate"],
        labels: None,
    },
    Tool {
        name: "atera_get_ticket_work_hours",
        title: "Get a ticket's work hours",
        description: "Get the billable and non-billable hours recorded on one Atera ticket, on site and off site, within and outside the SLA.",
        params: &[TICKET_ID],
        access: Access::Read,
        toolset: "time",
        effect: None,
        action: Action::Template(Template::get("/api/v3/tickets/{ticket_id}/workhours")),
        summary: &["TicketID", "Billable.TotalDurationHours", "NonBillable.TotalDurationHours"],
        labels: None,
    },
    Tool {
        name: "atera_list_ticket_work_hours",
        title: "List a ticket's work-hour entries",
        description: "List the work-hour entries of one Atera ticket: technician, start and end, billable or not, on the customer's site or not, and what was done.",
        params: &[TICKET_ID, Param::limit()],
        access: Access::Read,
        toolset: "time",
        effect: None,
        action: Action::Template(Template::get("/api/v3/tickets/{ticket_id}/workhoursrecords")),
        summary: &["TechnicianFullName", "WorkHoursID", "StartWorkHour", "EndWorkHour", "Billiable", "Description"],
        labels: None,
    },
    Tool {
        name: "atera_list_kb_articles",
        title: "List knowledge base articles",
        description: "List the articles of the Atera knowledge base with their product, keywords, status and whether they are private.",
        params: &[Param::limit()],
        access: Access::Read,
        toolset: "knowledge",
        effect: None,
        action: Action::Template(Template::get("/api/v3/knowledgebases")),
        summary: &["KBProduct", "KBID", "KBKeywords", "KBStatus", "KBIsPrivate", "KBLastModified"],
        labels: None,
    },
    Tool {
        name: "atera_list_devices",
        title: "List monitored devices",
        description: "List the network devices Atera monitors without an agent, of one kind: SNMP (switches, printers), HTTP (web sites), TCP (ports) or generic (ping), with their customer and whether they are up.",
        params: &[
            Param::required("kind", Kind::OneOf(&["snmp", "http", "tcp", "generic"]), "Which kind of device."),
            Param::limit(),
        ],
        access: Access::Read,
        toolset: "devices",
        effect: None,
        action: Action::Plan(|args| {
            let path = format!("/api/v3/devices/{}devices", args.required("kind"));
            Ok(Plan::list(path, Records::At("items"), args.limit()))
        }),
        summary: &["Name", "DeviceID", "CustomerName", "Hostname", "URL", "Online", "URLUp"],
        labels: None,
    },
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tools::Selection;
    use crate::vendors::kit::paging::Seen;

    fn plan(tool: &str, args: Value) -> Result<Plan, ArgError> {
        CATALOG.plan_of(tool, args)
    }

    #[test]
    fn the_issue_names_every_required_tool() {
        for name in [
            "atera_list_customers",
            "atera_get_customer",
            "atera_list_contacts",
            "atera_list_agents",
            "atera_get_agent",
            "atera_list_tickets",
            "atera_get_ticket",
            "atera_list_ticket_comments",
            "atera_create_ticket",
            "atera_update_ticket",
            "atera_list_alerts",
            "atera_get_alert",
        ] {
            let tool = CATALOG.find(name).unwrap_or_else(|| panic!("{name}"));
            let default = Selection::Default.includes(&CATALOG, tool.toolset);
            assert!(default, "{name} is offered by default");
        }
    }

    #[test]
    fn agents_are_all_or_one_customers() {
        let Plan::List { call, .. } = plan("atera_list_agents", json!({})).unwrap() else {
            panic!()
        };
        assert_eq!(call.path, "/api/v3/agents");
        let Plan::List { call, .. } =
            plan("atera_list_agents", json!({"customer_id": 12})).unwrap()
        else {
            panic!()
        };
        assert_eq!(call.path, "/api/v3/agents/customer/12");
        let Plan::List { call, .. } = plan(
            "atera_list_tickets",
            json!({"customer_id": 12, "status": "Waiting customer"}),
        )
        .unwrap() else {
            panic!()
        };
        assert_eq!(
            call.path,
            "/api/v3/tickets?customerId=12&ticketStatus=Waiting+customer"
        );
    }

    #[test]
    fn pages_follow_next_link_until_it_is_empty() {
        let first = CATALOG.paging.first(Call::get("/api/v3/agents"), 500);
        assert_eq!(first.path, "/api/v3/agents?itemsInPage=50");
        let url = "https://app.atera.com/api/v3/agents?itemsInPage=50";
        let seen = |body| Seen {
            body,
            link: None,
            url,
            records: 50,
            records_so_far: 50,
        };
        let page = json!({"items": [], "nextLink": "https://app.atera.com/api/v3/agents?page=2&itemsInPage=50", "totalItemCount": 120});
        let next = CATALOG
            .paging
            .next(&first, &seen(&page), 50)
            .unwrap()
            .unwrap();
        assert_eq!(
            next.path,
            "https://app.atera.com/api/v3/agents?page=2&itemsInPage=50"
        );
        assert_eq!(CATALOG.paging.total(&page), Some(120));
        let last = json!({"items": [], "nextLink": ""});
        assert_eq!(CATALOG.paging.next(&next, &seen(&last), 50).unwrap(), None);
        let elsewhere = json!({"nextLink": "https://evil.example/api/v3/agents?page=2"});
        assert!(CATALOG.paging.next(&first, &seen(&elsewhere), 50).is_err());
    }

    #[test]
    fn a_ticket_needs_an_end_user_one_way() {
        assert!(plan(
            "atera_create_ticket",
            json!({"title": "t", "description": "d"})
        )
        .is_err());
        assert!(plan(
            "atera_create_ticket",
            json!({"title": "t", "description": "d", "end_user_id": 3, "end_user_email": "a@b.c"})
        )
        .is_err());
        let Plan::Change { call, .. } = plan(
            "atera_create_ticket",
            json!({"title": "Printer", "description": "Jammed", "end_user_id": "3", "priority": "High", "technician_id": 9}),
        )
        .unwrap() else {
            panic!()
        };
        assert_eq!(
            (call.method, call.path.as_str()),
            (Verb::Post, "/api/v3/tickets")
        );
        assert_eq!(
            call.body.unwrap(),
            json!({"TicketTitle": "Printer", "Description": "Jammed", "EndUserID": 3, "TicketPriority": "High", "TechnicianContactID": 9})
        );
    }

    #[test]
    fn a_comment_has_one_author() {
        let Plan::Change { call, .. } = plan(
            "atera_add_ticket_comment",
            json!({"ticket_id": 5, "comment": "Rebooted", "technician_id": 9, "internal": true}),
        )
        .unwrap() else {
            panic!()
        };
        assert_eq!(call.path, "/api/v3/tickets/5/comments");
        assert_eq!(
            call.body.unwrap(),
            json!({"CommentText": "Rebooted", "TechnicianCommentDetails": {"TechnicianID": 9, "IsInternal": true}})
        );
        for wrong in [
            json!({"ticket_id": 5, "comment": "x"}),
            json!({"ticket_id": 5, "comment": "x", "technician_id": 9, "end_user_id": 3}),
            json!({"ticket_id": 5, "comment": "x", "end_user_id": 3, "internal": true}),
        ] {
            assert!(
                plan("atera_add_ticket_comment", wrong.clone()).is_err(),
                "{wrong}"
            );
        }
        let Plan::List { call, .. } = plan("atera_list_devices", json!({"kind": "snmp"})).unwrap()
        else {
            panic!()
        };
        assert_eq!(call.path, "/api/v3/devices/snmpdevices");
    }

    #[test]
    fn updates_put_only_the_fields_given() {
        assert!(plan("atera_update_customer", json!({"customer_id": 5})).is_err());
        assert!(plan("atera_update_contact", json!({"contact_id": 5})).is_err());
        let Plan::Change { call, .. } = plan(
            "atera_update_contact",
            json!({"contact_id": 5, "is_contact_person": false}),
        )
        .unwrap() else {
            panic!()
        };
        assert_eq!(
            (call.method, call.path.as_str()),
            (Verb::Put, "/api/v3/contacts/5")
        );
        assert_eq!(call.body.unwrap(), json!({"IsContactPerson": false}));
        assert!(plan("atera_update_ticket", json!({"ticket_id": 5})).is_err());
        let Plan::Change { call, .. } = plan(
            "atera_update_ticket",
            json!({"ticket_id": 5, "status": "Resolved"}),
        )
        .unwrap() else {
            panic!()
        };
        assert_eq!(
            (call.method, call.path.as_str()),
            (Verb::Put, "/api/v3/tickets/5")
        );
        assert_eq!(call.body.unwrap(), json!({"TicketStatus": "Resolved"}));
    }
}
