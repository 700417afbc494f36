//! Syncro's tools (`docs/vendors/syncro.md`). Lists are `GET /api/v1/<plural>` with plain
//! query filters, paged by `page` alone: Syncro fixes the page size per endpoint (tickets 50,
//! customers 100, invoices 25), and `meta.total_pages` says where the pages end. Records come
//! wrapped in their singular name (`{"ticket": {…}}`) except where they do not, and are
//! unwrapped either way. Writes respect Syncro's quirks: a comment always has a subject,
//! line items are added after the record they belong to, and labour is a timer that is
//! charged in a second step.

use crate::tools::args::{ArgError, Args, Kind, Param};
use crate::tools::plan::{Action, Plan, Template};
use crate::tools::{Access, Catalog, Effect, Tool, Toolset};
use crate::vendors::kit::paging::{End, Next, Paging, Place};
use crate::vendors::kit::request::{path, with_query, Call};
use crate::vendors::kit::shape::Records;
use crate::vendors::kit::upstream::Verb;
use serde_json::{json, Map, Value};

/// One record, unwrapped from its singular name when Syncro wraps it.
const fn one(each: &'static str) -> Records {
    Records::Keyed { at: "", each }
}

/// The records of a list page under `at`, each unwrapped from `each` when wrapped.
const fn many(at: &'static str, each: &'static str) -> Records {
    Records::Keyed { at, each }
}

/// How an argument's value is sent in a JSON body.
#[derive(Debug, Clone, Copy)]
enum Sent {
    /// A number (ids).
    Int,
    /// A string (words, dates, names).
    Text,
    /// A boolean.
    Flag,
    /// A number with a fraction (prices, quantities).
    Number,
}

/// A JSON object of the given arguments under Syncro's field names, those given only.
fn fields(args: &Args, fields: &[(&str, &str, Sent)]) -> Map<String, Value> {
    fields
        .iter()
        .filter_map(|(field, argument, kind)| {
            let value = match kind {
                Sent::Int => args.integer(argument).map(Value::from),
                Sent::Text => args.text(argument).map(Value::from),
                Sent::Flag => args.flag(argument).map(Value::from),
                Sent::Number => args.number(argument).map(Value::from),
            }?;
            Some(((*field).to_owned(), value))
        })
        .collect()
}

/// A write whose answer is the record at `records`.
fn change(method: Verb, path: String, body: Map<String, Value>, records: Records) -> Plan {
    Plan::Change {
        call: Call::with(method, path, Some(Value::Object(body))),
        answer: Value::Null,
        records: Some(records),
    }
}

const CUSTOMER_ID: Param = Param::optional(
    "customer_id",
    Kind::NumericId,
    "Only records of this customer (from syncro_search_customers).",
);
const TICKET_ID: Param = Param::required(
    "ticket_id",
    Kind::NumericId,
    "The ticket's id (its `id`, not its number).",
);

/// Syncro's built-in ticket statuses; accounts may add their own, which are sent as typed.
const STATUS_HELP: &str = "A ticket status as Syncro names it: New, In Progress, Resolved, Invoiced, Waiting for Parts, Waiting on Customer, Scheduled, Customer Reply, or an account's own; \"Not Closed\" lists every ticket not resolved.";

/// The ticket fields a create or an update sends.
const TICKET_FIELDS: &[(&str, &str, Sent)] = &[
    ("subject", "subject", Sent::Text),
    ("status", "status", Sent::Text),
    ("priority", "priority", Sent::Text),
    ("problem_type", "problem_type", Sent::Text),
    ("user_id", "user_id", Sent::Int),
    ("contact_id", "contact_id", Sent::Int),
    ("due_date", "due_date", Sent::Text),
];

const TICKET_CHANGES: &[Param] = &[
    TICKET_ID,
    Param::optional("subject", Kind::Text, "A new subject."),
    Param::optional("status", Kind::Text, STATUS_HELP),
    Param::optional(
        "priority",
        Kind::Text,
        "A priority as Syncro names them (\"0 Urgent\", \"1 High\", \"2 Normal\", \"3 Low\" by default).",
    ),
    Param::optional(
        "problem_type",
        Kind::Text,
        "The issue type as the account names it (Hardware, Software, Virus, …).",
    ),
    Param::optional(
        "user_id",
        Kind::NumericId,
        "The technician (Syncro user id) to assign.",
    ),
    Param::optional("contact_id", Kind::NumericId, "The customer's contact the ticket is for."),
    Param::optional("due_date", Kind::DateTime, "When the ticket is due."),
];

/// The customer fields a create or an update sends.
const CUSTOMER_FIELDS: &[(&str, &str, Sent)] = &[
    ("business_name", "business_name", Sent::Text),
    ("firstname", "first_name", Sent::Text),
    ("lastname", "last_name", Sent::Text),
    ("email", "email", Sent::Text),
    ("phone", "phone", Sent::Text),
    ("mobile", "mobile", Sent::Text),
    ("address", "address", Sent::Text),
    ("city", "city", Sent::Text),
    ("state", "state", Sent::Text),
    ("zip", "zip", Sent::Text),
    ("notes", "notes", Sent::Text),
];

/// The arguments of a customer's fields, for a create or an update.
const CUSTOMER_PARAMS: [Param; 11] = [
    Param::optional("business_name", Kind::Text, "The business name."),
    Param::optional("first_name", Kind::Text, "The main person's first name."),
    Param::optional("last_name", Kind::Text, "The main person's last name."),
    Param::optional("email", Kind::Text, "The customer's email address."),
    Param::optional("phone", Kind::Text, "Phone number."),
    Param::optional("mobile", Kind::Text, "Mobile number."),
    Param::optional("address", Kind::Text, "Street address."),
    Param::optional("city", Kind::Text, "City."),
    Param::optional("state", Kind::Text, "State or province."),
    Param::optional("zip", Kind::Text, "Postal code."),
    Param::optional("notes", Kind::Text, "Notes about the customer."),
];

/// The line item fields of invoices and estimates (Syncro's `LineItem` body).
const LINE_FIELDS: &[(&str, &str, Sent)] = &[
    ("item", "item", Sent::Text),
    ("name", "name", Sent::Text),
    ("quantity", "quantity", Sent::Number),
    ("price", "price", Sent::Number),
    ("cost", "cost", Sent::Number),
    ("product_id", "product_id", Sent::Int),
    ("taxable", "taxable", Sent::Flag),
];

/// The subject a comment gets when none is given: Syncro refuses a comment without one.
const DEFAULT_COMMENT_SUBJECT: &str = "Update";
/// The subject Syncro's own screens give a new ticket's first comment.
const INITIAL_ISSUE: &str = "Initial Issue";

/// Syncro's catalog.
pub const CATALOG: Catalog = Catalog {
    record: Records::Root,
    list: Records::Root,
    paging: Paging {
        size: Place::Unsent,
        max_size: 100,
        next: Next::Number {
            at: Place::Query("page"),
            first: 1,
            end: End::PagesOrEmpty("meta.total_pages"),
        },
        total: Some("meta.total_entries"),
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
            name: "tickets",
            description: "tickets: search, read, create, update and comment",
            default: true,
        },
        Toolset {
            name: "assets",
            description: "customer assets (devices) and RMM alerts",
            default: true,
        },
        Toolset {
            name: "billing",
            description: "invoices, their line items, and payments",
            default: true,
        },
        Toolset {
            name: "schedule",
            description: "appointments",
            default: true,
        },
        Toolset {
            name: "estimates",
            description: "estimates, their line items, and turning one into an invoice",
            default: false,
        },
        Toolset {
            name: "contracts",
            description: "service contracts",
            default: false,
        },
        Toolset {
            name: "time",
            description: "ticket timers (labour) and charging them to the ticket",
            default: false,
        },
        Toolset {
            name: "products",
            description: "the product catalog (items, prices, stock)",
            default: false,
        },
        Toolset {
            name: "leads",
            description: "leads (prospective work from emails and forms)",
            default: false,
        },
    ],
    tools: TOOLS,
};

const TOOLS: &[Tool] = &[
    Tool {
        name: "syncro_search_customers",
        title: "Search customers",
        description: "List Syncro customers, optionally those matching words (names, email, phone), a business name or an email; disabled customers only when asked.",
        params: &[
            Param::optional("query", Kind::Text, "Words to look for across the customer's names, email and phone."),
            Param::optional("business_name", Kind::Text, "Part of the business name."),
            Param::optional("email", Kind::Text, "The customer's email address."),
            Param::optional("include_disabled", Kind::Flag, "Include disabled customers (left out by default)."),
            Param::limit(),
        ],
        access: Access::Read,
        toolset: "customers",
        effect: None,
        action: Action::Template(
            Template::get("/api/v1/customers")
                .query(&[
                    ("query", "query"),
                    ("business_name", "business_name"),
                    ("email", "email"),
                    ("include_disabled", "include_disabled"),
                ])
                .records(many("customers", "customer")),
        ),
        summary: &["business_then_name", "id", "email", "phone", "city"],
        labels: None,
    },
    Tool {
        name: "syncro_get_customer",
        title: "Get a customer",
        description: "Get one Syncro customer by id: names, addresses, phones, notes, custom properties and contacts.",
        params: &[Param::required("customer_id", Kind::NumericId, "The customer's id.")],
        access: Access::Read,
        toolset: "customers",
        effect: None,
        action: Action::Template(
            Template::get("/api/v1/customers/{customer_id}").records(one("customer")),
        ),
        summary: &["business_then_name", "id", "email", "phone", "address", "city", "notes"],
        labels: None,
    },
    Tool {
        name: "syncro_create_customer",
        title: "Create a customer",
        description: "Add a customer to Syncro: a business name or a person's name, and optionally email, phones, address and notes. Answers the new customer.",
        params: &CUSTOMER_PARAMS,
        access: Access::Write,
        toolset: "customers",
        effect: Some(Effect { destructive: false, idempotent: false }),
        action: Action::Plan(|args| {
            if !["business_name", "first_name", "last_name"].iter().any(|name| args.has(name)) {
                return Err(ArgError::Combination("give a `business_name`, or a `first_name` and `last_name`"));
            }
            Ok(change(Verb::Post, "/api/v1/customers".into(), fields(args, CUSTOMER_FIELDS), one("customer")))
        }),
        summary: &["business_then_name", "id", "email", "phone", "city"],
        labels: None,
    },
    Tool {
        name: "syncro_update_customer",
        title: "Update a customer",
        description: "Change a Syncro customer's names, email, phones, address or notes; only the fields given change. Answers the customer.",
        params: &[
            Param::required("customer_id", Kind::NumericId, "The customer's id."),
            CUSTOMER_PARAMS[0],
            CUSTOMER_PARAMS[1],
            CUSTOMER_PARAMS[2],
            CUSTOMER_PARAMS[3],
            CUSTOMER_PARAMS[4],
            CUSTOMER_PARAMS[5],
            CUSTOMER_PARAMS[6],
            CUSTOMER_PARAMS[7],
            CUSTOMER_PARAMS[8],
            CUSTOMER_PARAMS[9],
            CUSTOMER_PARAMS[10],
        ],
        access: Access::Write,
        toolset: "customers",
        effect: Some(Effect { destructive: false, idempotent: true }),
        action: Action::Plan(|args| {
            let body = fields(args, CUSTOMER_FIELDS);
            if body.is_empty() {
                return Err(ArgError::Combination("give at least one field to change besides `customer_id`"));
            }
            let path = path(&["/api/v1/customers/", args.required("customer_id")]);
            Ok(change(Verb::Put, path, body, one("customer")))
        }),
        summary: &["business_then_name", "id", "email", "phone", "city"],
        labels: None,
    },
    Tool {
        name: "syncro_create_contact",
        title: "Create a contact",
        description: "Add a contact (a person) to a Syncro customer, with a name and optionally email, phones, address and notes. Answers the new contact.",
        params: &[
            Param::required("customer_id", Kind::NumericId, "The customer the contact belongs to."),
            Param::required("name", Kind::Text, "The contact's full name."),
            Param::optional("email", Kind::Text, "Email address."),
            Param::optional("phone", Kind::Text, "Phone number."),
            Param::optional("mobile", Kind::Text, "Mobile number."),
            Param::optional("address", Kind::Text, "Street address."),
            Param::optional("city", Kind::Text, "City."),
            Param::optional("notes", Kind::Text, "Notes about the contact."),
        ],
        access: Access::Write,
        toolset: "customers",
        effect: Some(Effect { destructive: false, idempotent: false }),
        action: Action::Plan(|args| {
            let body = fields(
                args,
                &[
                    ("customer_id", "customer_id", Sent::Int),
                    ("name", "name", Sent::Text),
                    ("email", "email", Sent::Text),
                    ("phone", "phone", Sent::Text),
                    ("mobile", "mobile", Sent::Text),
                    ("address1", "address", Sent::Text),
                    ("city", "city", Sent::Text),
                    ("notes", "notes", Sent::Text),
                ],
            );
            Ok(change(Verb::Post, "/api/v1/contacts".into(), body, one("contact")))
        }),
        summary: &["name", "id", "customer_id", "email", "phone"],
        labels: None,
    },
    Tool {
        name: "syncro_list_contacts",
        title: "List contacts",
        description: "List the contacts (people) of Syncro customers, all of them or one customer's.",
        params: &[CUSTOMER_ID, Param::limit()],
        access: Access::Read,
        toolset: "customers",
        effect: None,
        action: Action::Template(
            Template::get("/api/v1/contacts")
                .query(&[("customer_id", "customer_id")])
                .records(many("contacts", "contact")),
        ),
        summary: &["name", "id", "customer_id", "email", "phone", "mobile"],
        labels: None,
    },
    Tool {
        name: "syncro_list_tickets",
        title: "Search tickets",
        description: "List Syncro tickets by customer, contact, status (\"Not Closed\" for every open one), assigned technician, words, number, and created or updated since a date. Comments in lists are cut short; syncro_get_ticket has them whole.",
        params: &[
            CUSTOMER_ID,
            Param::optional("contact_id", Kind::NumericId, "Only tickets of this contact."),
            Param::optional("status", Kind::Text, STATUS_HELP),
            Param::optional("user_id", Kind::NumericId, "Only tickets assigned to this technician (Syncro user id)."),
            Param::optional("query", Kind::Text, "Words to look for in the tickets."),
            Param::optional("number", Kind::Text, "The ticket number customers see."),
            Param::optional("created_after", Kind::DateTime, "Only tickets created after this date."),
            Param::optional("updated_since", Kind::DateTime, "Only tickets changed since this date."),
            Param::limit(),
        ],
        access: Access::Read,
        toolset: "tickets",
        effect: None,
        action: Action::Template(
            Template::get("/api/v1/tickets")
                .query(&[
                    ("customer_id", "customer_id"),
                    ("contact_id", "contact_id"),
                    ("status", "status"),
                    ("user_id", "user_id"),
                    ("query", "query"),
                    ("number", "number"),
                    ("created_after", "created_after"),
                    ("since_updated_at", "updated_since"),
                ])
                .records(many("tickets", "ticket")),
        ),
        summary: &["number", "id", "subject", "status", "customer_business_then_name", "priority", "updated_at"],
        labels: None,
    },
    Tool {
        name: "syncro_get_ticket",
        title: "Get a ticket",
        description: "Get one Syncro ticket by id with its whole comment history, timers, line items, assets, customer and assigned technician.",
        params: &[TICKET_ID],
        access: Access::Read,
        toolset: "tickets",
        effect: None,
        action: Action::Template(Template::get("/api/v1/tickets/{ticket_id}").records(one("ticket"))),
        summary: &["number", "id", "subject", "status", "customer_business_then_name", "priority", "problem_type", "due_date"],
        labels: None,
    },
    Tool {
        name: "syncro_create_ticket",
        title: "Create a ticket",
        description: "Open a Syncro ticket for a customer, with a subject and optionally the issue described (its first comment, hidden from the customer unless asked), status, priority, issue type, technician, contact and due date.",
        params: &[
            Param::required("customer_id", Kind::NumericId, "The customer the ticket is for."),
            Param::required("subject", Kind::Text, "A short subject."),
            Param::optional("description", Kind::Text, "The issue in words; becomes the ticket's first comment (\"Initial Issue\")."),
            Param::optional("description_public", Kind::Flag, "Show the description to the customer (hidden by default); Syncro emails nobody either way."),
            Param::optional("status", Kind::Text, STATUS_HELP),
            Param::optional("priority", Kind::Text, "A priority as Syncro names them (\"2 Normal\" by default)."),
            Param::optional("problem_type", Kind::Text, "The issue type as the account names it (Hardware, Software, Virus, …)."),
            Param::optional("user_id", Kind::NumericId, "The technician (Syncro user id) to assign."),
            Param::optional("contact_id", Kind::NumericId, "The customer's contact the ticket is for."),
            Param::optional("due_date", Kind::DateTime, "When the ticket is due."),
        ],
        access: Access::Write,
        toolset: "tickets",
        effect: Some(Effect { destructive: false, idempotent: false }),
        action: Action::Plan(|args| {
            let mut body = fields(args, TICKET_FIELDS);
            body.insert("customer_id".into(), json!(args.integer("customer_id")));
            if let Some(description) = args.text("description") {
                body.insert(
                    "comments_attributes".into(),
                    json!([{
                        "subject": INITIAL_ISSUE,
                        "body": description,
                        "hidden": args.flag("description_public") != Some(true),
                        "do_not_email": true,
                    }]),
                );
            }
            Ok(change(Verb::Post, "/api/v1/tickets".into(), body, one("ticket")))
        }),
        summary: &["number", "id", "subject", "status", "customer_business_then_name"],
        labels: None,
    },
    Tool {
        name: "syncro_update_ticket",
        title: "Update a ticket",
        description: "Change a Syncro ticket's subject, status, priority, issue type, technician, contact or due date; only the fields given change.",
        params: TICKET_CHANGES,
        access: Access::Write,
        toolset: "tickets",
        effect: Some(Effect { destructive: false, idempotent: true }),
        action: Action::Plan(|args| {
            let body = fields(args, TICKET_FIELDS);
            if body.is_empty() {
                return Err(ArgError::Combination("give at least one field to change besides `ticket_id`"));
            }
            let path = path(&["/api/v1/tickets/", args.required("ticket_id")]);
            Ok(change(Verb::Put, path, body, one("ticket")))
        }),
        summary: &["number", "id", "subject", "status", "priority", "user_id"],
        labels: None,
    },
    Tool {
        name: "syncro_add_ticket_comment",
        title: "Comment on a ticket",
        description: "Add a comment to a Syncro ticket: public (on the customer's portal, emailed to the customer only when asked) or hidden (technicians only).",
        params: &[
            TICKET_ID,
            Param::required("body", Kind::Text, "The comment."),
            Param::optional("subject", Kind::Text, "A subject line (Syncro requires one; \"Update\" when not given)."),
            Param::optional("hidden", Kind::Flag, "A private note for technicians only (default false: public)."),
            Param::optional("email_customer", Kind::Flag, "Email a public comment to the customer (default false)."),
        ],
        access: Access::Write,
        toolset: "tickets",
        effect: Some(Effect { destructive: false, idempotent: false }),
        action: Action::Plan(|args| {
            let hidden = args.flag("hidden") == Some(true);
            if hidden && args.flag("email_customer") == Some(true) {
                return Err(ArgError::Combination("a hidden comment cannot be emailed to the customer: drop `hidden` or `email_customer`"));
            }
            let mut body = Map::new();
            body.insert("subject".into(), json!(args.text("subject").unwrap_or(DEFAULT_COMMENT_SUBJECT)));
            body.insert("body".into(), json!(args.required("body")));
            body.insert("hidden".into(), json!(hidden));
            body.insert("do_not_email".into(), json!(args.flag("email_customer") != Some(true)));
            let path = path(&["/api/v1/tickets/", args.required("ticket_id"), "/comment"]);
            Ok(change(Verb::Post, path, body, one("comment")))
        }),
        summary: &["subject", "id", "ticket_id", "hidden", "body"],
        labels: None,
    },
    Tool {
        name: "syncro_list_ticket_comments",
        title: "List ticket comments",
        description: "List every comment of one Syncro ticket, newest first, with who wrote it and whether it is hidden from the customer.",
        params: &[TICKET_ID, Param::limit()],
        access: Access::Read,
        toolset: "tickets",
        effect: None,
        action: Action::Template(
            Template::get("/api/v1/tickets/{ticket_id}/comments").records(many("comments", "comment")),
        ),
        summary: &["subject", "id", "tech", "hidden", "created_at", "body"],
        labels: None,
    },
    Tool {
        name: "syncro_list_assets",
        title: "List assets",
        description: "List customer assets (computers, devices) in Syncro, by customer, asset type or words in their name or serial.",
        params: &[
            CUSTOMER_ID,
            Param::optional("asset_type_id", Kind::NumericId, "Only assets of this asset type."),
            Param::optional("query", Kind::Text, "Words to look for in names and serials."),
            Param::limit(),
        ],
        access: Access::Read,
        toolset: "assets",
        effect: None,
        action: Action::Template(
            Template::get("/api/v1/customer_assets")
                .query(&[
                    ("customer_id", "customer_id"),
                    ("asset_type_id", "asset_type_id"),
                    ("query", "query"),
                ])
                .records(many("assets", "asset")),
        ),
        summary: &["name", "id", "asset_type", "asset_serial", "customer_id"],
        labels: None,
    },
    Tool {
        name: "syncro_get_asset",
        title: "Get an asset",
        description: "Get one Syncro customer asset by id: type, serial, custom properties, RMM data and its customer.",
        params: &[Param::required("asset_id", Kind::NumericId, "The asset's id.")],
        access: Access::Read,
        toolset: "assets",
        effect: None,
        action: Action::Template(Template::get("/api/v1/customer_assets/{asset_id}").records(one("asset"))),
        summary: &["name", "id", "asset_type", "asset_serial", "customer_id"],
        labels: None,
    },
    Tool {
        name: "syncro_list_rmm_alerts",
        title: "List RMM alerts",
        description: "List Syncro RMM alerts, active, resolved or all, with the device, customer and linked ticket.",
        params: &[
            Param::optional("status", Kind::OneOf(&["active", "resolved", "all"]), "Which alerts, by state."),
            Param::limit(),
        ],
        access: Access::Read,
        toolset: "assets",
        effect: None,
        action: Action::Template(
            Template::get("/api/v1/rmm_alerts")
                .query(&[("status", "status")])
                .records(many("rmm_alerts", "rmm_alert")),
        ),
        summary: &["computer_name", "id", "description", "status", "resolved", "customer_id", "created_at"],
        labels: None,
    },
    Tool {
        name: "syncro_get_rmm_alert",
        title: "Get an RMM alert",
        description: "Get one Syncro RMM alert by id, with its details (formatted output), device and ticket.",
        params: &[Param::required("alert_id", Kind::NumericId, "The RMM alert's id.")],
        access: Access::Read,
        toolset: "assets",
        effect: None,
        action: Action::Template(Template::get("/api/v1/rmm_alerts/{alert_id}").records(one("rmm_alert"))),
        summary: &["computer_name", "id", "description", "status", "resolved", "formatted_output"],
        labels: None,
    },
    Tool {
        name: "syncro_list_invoices",
        title: "List invoices",
        description: "List Syncro invoices: paid or unpaid ones, those of one ticket, or those changed since a date.",
        params: &[
            Param::optional("paid", Kind::OneOf(&["paid", "unpaid"]), "Only paid or only unpaid invoices."),
            Param::optional("ticket_id", Kind::NumericId, "Only the invoices of this ticket."),
            Param::optional("updated_since", Kind::DateTime, "Only invoices changed since this date."),
            Param::limit(),
        ],
        access: Access::Read,
        toolset: "billing",
        effect: None,
        action: Action::Plan(|args| {
            let flag = args.text("paid").map(|which| (which, "true"));
            let mut query: Vec<(&str, Option<&str>)> = vec![
                ("ticket_id", args.text("ticket_id")),
                ("since_updated_at", args.text("updated_since")),
            ];
            query.extend(flag.map(|(name, value)| (name, Some(value))));
            let path = with_query("/api/v1/invoices", &query);
            Ok(Plan::list(path, many("invoices", "invoice"), args.limit()))
        }),
        summary: &["number", "id", "customer_business_then_name", "date", "total", "is_paid", "due_date"],
        labels: None,
    },
    Tool {
        name: "syncro_get_invoice",
        title: "Get an invoice",
        description: "Get one Syncro invoice by id (or number), with its line items, payments and customer.",
        params: &[Param::required("invoice_id", Kind::NumericId, "The invoice's id, or its number.")],
        access: Access::Read,
        toolset: "billing",
        effect: None,
        action: Action::Template(Template::get("/api/v1/invoices/{invoice_id}").records(one("invoice"))),
        summary: &["number", "id", "customer_business_then_name", "date", "subtotal", "tax", "total", "is_paid"],
        labels: None,
    },
    Tool {
        name: "syncro_list_appointments",
        title: "List appointments",
        description: "List Syncro appointments (the schedule), optionally those starting between two dates or only the connected user's.",
        params: &[
            Param::optional("date_from", Kind::DateTime, "Only appointments starting after this date."),
            Param::optional("date_to", Kind::DateTime, "Only appointments starting before this date."),
            Param::optional("mine", Kind::Flag, "Only the appointments of the user the API token belongs to."),
            Param::limit(),
        ],
        access: Access::Read,
        toolset: "schedule",
        effect: None,
        action: Action::Template(
            Template::get("/api/v1/appointments")
                .query(&[("date_from", "date_from"), ("date_to", "date_to"), ("mine", "mine")])
                .records(many("appointments", "appointment")),
        ),
        summary: &["summary", "id", "start_at", "end_at", "location", "customer_id", "ticket_id"],
        labels: None,
    },
    Tool {
        name: "syncro_get_appointment",
        title: "Get an appointment",
        description: "Get one Syncro appointment by id, with its customer and ticket.",
        params: &[Param::required("appointment_id", Kind::NumericId, "The appointment's id.")],
        access: Access::Read,
        toolset: "schedule",
        effect: None,
        action: Action::Template(Template::get("/api/v1/appointments/{appointment_id}").records(one("appointment"))),
        summary: &["summary", "id", "start_at", "end_at", "location", "customer_id", "ticket_id", "description"],
        labels: None,
    },
    Tool {
        name: "syncro_create_appointment",
        title: "Create an appointment",
        description: "Put an appointment on the Syncro schedule with a summary, start and end, optionally for a customer or ticket, at a location, for a technician. The customer is emailed only when asked.",
        params: &[
            Param::required("summary", Kind::Text, "What the appointment is."),
            Param::required("start_at", Kind::DateTime, "When it starts."),
            Param::required("end_at", Kind::DateTime, "When it ends."),
            Param::optional("customer_id", Kind::NumericId, "The customer it is with."),
            Param::optional("ticket_id", Kind::NumericId, "The ticket it is for."),
            Param::optional("location", Kind::Text, "Where (an address, Remote, …)."),
            Param::optional("description", Kind::Text, "Details."),
            Param::optional("user_id", Kind::NumericId, "The technician (Syncro user id) it is for."),
            Param::optional("email_customer", Kind::Flag, "Email the customer about it (default false)."),
        ],
        access: Access::Write,
        toolset: "schedule",
        effect: Some(Effect { destructive: false, idempotent: false }),
        action: Action::Plan(|args| {
            let mut body = fields(
                args,
                &[
                    ("summary", "summary", Sent::Text),
                    ("start_at", "start_at", Sent::Text),
                    ("end_at", "end_at", Sent::Text),
                    ("customer_id", "customer_id", Sent::Int),
                    ("ticket_id", "ticket_id", Sent::Int),
                    ("location", "location", Sent::Text),
                    ("description", "description", Sent::Text),
                    ("user_id", "user_id", Sent::Int),
                ],
            );
            let email = args.flag("email_customer") == Some(true);
            body.insert("email_customer".into(), json!(email));
            body.insert("do_not_email".into(), json!(!email));
            Ok(change(Verb::Post, "/api/v1/appointments".into(), body, one("appointment")))
        }),
        summary: &["summary", "id", "start_at", "end_at", "location", "customer_id", "ticket_id"],
        labels: None,
    },
    Tool {
        name: "syncro_list_estimates",
        title: "List estimates",
        description: "List Syncro estimates (quotes), optionally only approved or declined ones, or the connected user's.",
        params: &[
            Param::optional("status", Kind::OneOf(&["approved", "declined"]), "Only estimates in this state."),
            Param::optional("mine", Kind::Flag, "Only the estimates of the user the API token belongs to."),
            Param::limit(),
        ],
        access: Access::Read,
        toolset: "estimates",
        effect: None,
        action: Action::Template(
            Template::get("/api/v1/estimates")
                .query(&[("status", "status"), ("mine", "mine")])
                .records(many("estimates", "estimate")),
        ),
        summary: &["number", "id", "name", "status", "customer_business_then_name", "total", "date"],
        labels: None,
    },
    Tool {
        name: "syncro_get_estimate",
        title: "Get an estimate",
        description: "Get one Syncro estimate by id, with its totals, status and customer.",
        params: &[Param::required("estimate_id", Kind::NumericId, "The estimate's id.")],
        access: Access::Read,
        toolset: "estimates",
        effect: None,
        action: Action::Template(Template::get("/api/v1/estimates/{estimate_id}").records(one("estimate"))),
        summary: &["number", "id", "name", "status", "customer_business_then_name", "subtotal", "tax", "total"],
        labels: None,
    },
    Tool {
        name: "syncro_create_estimate",
        title: "Create an estimate",
        description: "Create an empty Syncro estimate for a customer, dated, optionally named and tied to a ticket. Syncro ignores line items sent with a new estimate, so add them afterwards with syncro_add_estimate_line_item.",
        params: &[
            Param::required("customer_id", Kind::NumericId, "The customer the estimate is for."),
            Param::required("date", Kind::DateTime, "The estimate's date."),
            Param::optional("name", Kind::Text, "A name for the estimate."),
            Param::optional("ticket_id", Kind::NumericId, "The ticket the estimate belongs to."),
            Param::optional("note", Kind::Text, "A note on the estimate."),
            Param::optional("status", Kind::OneOf(&["Fresh", "Draft", "Approved", "Declined"]), "The estimate's state (Fresh when new)."),
        ],
        access: Access::Write,
        toolset: "estimates",
        effect: Some(Effect { destructive: false, idempotent: false }),
        action: Action::Plan(|args| {
            let body = fields(
                args,
                &[
                    ("customer_id", "customer_id", Sent::Int),
                    ("date", "date", Sent::Text),
                    ("name", "name", Sent::Text),
                    ("ticket_id", "ticket_id", Sent::Int),
                    ("note", "note", Sent::Text),
                    ("status", "status", Sent::Text),
                ],
            );
            Ok(change(Verb::Post, "/api/v1/estimates".into(), body, one("estimate")))
        }),
        summary: &["number", "id", "name", "status", "customer_id", "date"],
        labels: None,
    },
    Tool {
        name: "syncro_add_estimate_line_item",
        title: "Add an estimate line item",
        description: "Add a line to a Syncro estimate: an item with a name, quantity and price, or a product from the catalog (whose name and price Syncro fills in). Answers the estimate with its new totals and the line.",
        params: &[
            Param::required("estimate_id", Kind::NumericId, "The estimate's id."),
            Param::required("item", Kind::Text, "The item (what the line sells)."),
            Param::optional("name", Kind::Text, "A longer name or description of the line."),
            Param::optional("quantity", Kind::Number, "How many (default 1)."),
            Param::optional("price", Kind::Number, "The unit price."),
            Param::optional("cost", Kind::Number, "The unit cost."),
            Param::optional("product_id", Kind::NumericId, "A catalog product; Syncro fills in its name and prices."),
            Param::optional("taxable", Kind::Flag, "Whether the line is taxed."),
        ],
        access: Access::Write,
        toolset: "estimates",
        effect: Some(Effect { destructive: false, idempotent: false }),
        action: Action::Plan(|args| {
            let body = fields(args, LINE_FIELDS);
            let path = path(&["/api/v1/estimates/", args.required("estimate_id"), "/line_items"]);
            Ok(change(Verb::Post, path, body, Records::Root))
        }),
        summary: &["line_item.item", "line_item.id", "line_item.quantity", "line_item.price", "estimate.total"],
        labels: None,
    },
    Tool {
        name: "syncro_convert_estimate_to_invoice",
        title: "Turn an estimate into an invoice",
        description: "Convert an approved Syncro estimate into an invoice with the same lines; answers the new invoice.",
        params: &[Param::required("estimate_id", Kind::NumericId, "The estimate's id.")],
        access: Access::Write,
        toolset: "estimates",
        effect: Some(Effect { destructive: false, idempotent: false }),
        action: Action::Plan(|args| {
            let path = path(&["/api/v1/estimates/", args.required("estimate_id"), "/convert_to_invoice"]);
            Ok(change(Verb::Post, path, Map::new(), one("invoice")))
        }),
        summary: &["number", "id", "customer_id", "total", "date"],
        labels: None,
    },
    Tool {
        name: "syncro_list_contracts",
        title: "List contracts",
        description: "List Syncro service contracts with their customer, amount, dates, status and SLA.",
        params: &[Param::limit()],
        access: Access::Read,
        toolset: "contracts",
        effect: None,
        action: Action::Template(Template::get("/api/v1/contracts").records(many("contracts", "contract"))),
        summary: &["name", "id", "customer_id", "status", "contract_amount", "start_date", "end_date"],
        labels: None,
    },
    Tool {
        name: "syncro_get_contract",
        title: "Get a contract",
        description: "Get one Syncro contract by id: customer, amount, dates, status, likelihood and description.",
        params: &[Param::required("contract_id", Kind::NumericId, "The contract's id.")],
        access: Access::Read,
        toolset: "contracts",
        effect: None,
        action: Action::Template(Template::get("/api/v1/contracts/{contract_id}").records(one("contract"))),
        summary: &["name", "id", "customer_id", "status", "contract_amount", "start_date", "end_date", "description"],
        labels: None,
    },
    Tool {
        name: "syncro_list_ticket_timers",
        title: "List ticket timers",
        description: "List Syncro ticket timers (recorded labour) across tickets, optionally created within a date range, with whether each is billable and already charged.",
        params: &[
            Param::optional("created_after", Kind::DateTime, "Only timers created after this date."),
            Param::optional("created_before", Kind::DateTime, "Only timers created before this date."),
            Param::limit(),
        ],
        access: Access::Read,
        toolset: "time",
        effect: None,
        action: Action::Template(
            Template::get("/api/v1/ticket_timers")
                .query(&[("created_at_gt", "created_after"), ("created_at_lt", "created_before")])
                .records(many("ticket_timers", "ticket_timer")),
        ),
        summary: &["ticket_id", "id", "user_id", "start_time", "end_time", "billable", "recorded", "notes"],
        labels: None,
    },
    Tool {
        name: "syncro_add_ticket_timer",
        title: "Record time on a ticket",
        description: "Record labour on a Syncro ticket as a timer entry from a start time, with an end time or a duration in minutes. This records time only; syncro_charge_ticket_timer bills it.",
        params: &[
            TICKET_ID,
            Param::required("start_at", Kind::DateTime, "When the work started (Syncro requires it)."),
            Param::optional("end_at", Kind::DateTime, "When the work ended."),
            Param::optional("duration_minutes", Kind::Number, "How long the work took, instead of an end time."),
            Param::optional("notes", Kind::Text, "What was done."),
            Param::optional("user_id", Kind::NumericId, "The technician who did it (the token's user by default)."),
            Param::optional("product_id", Kind::NumericId, "The labour product to bill it as (the account's default otherwise)."),
        ],
        access: Access::Write,
        toolset: "time",
        effect: Some(Effect { destructive: false, idempotent: false }),
        action: Action::Plan(|args| {
            if args.has("end_at") && args.has("duration_minutes") {
                return Err(ArgError::Combination("give `end_at` or `duration_minutes`, not both"));
            }
            let mut body = fields(
                args,
                &[
                    ("start_at", "start_at", Sent::Text),
                    ("end_at", "end_at", Sent::Text),
                    ("notes", "notes", Sent::Text),
                    ("user_id", "user_id", Sent::Int),
                    ("product_id", "product_id", Sent::Int),
                ],
            );
            if let Some(minutes) = args.number("duration_minutes") {
                body.insert("duration_minutes".into(), json!(minutes.round() as u64));
            }
            let path = path(&["/api/v1/tickets/", args.required("ticket_id"), "/timer_entry"]);
            Ok(change(Verb::Post, path, body, Records::Root))
        }),
        summary: &["id", "ticket_id", "start_time", "end_time", "billable", "recorded", "notes"],
        labels: None,
    },
    Tool {
        name: "syncro_charge_ticket_timer",
        title: "Charge a ticket timer",
        description: "Bill a recorded Syncro timer entry to its ticket (the second step of labour, after syncro_add_ticket_timer): the time becomes a line item of the ticket.",
        params: &[
            TICKET_ID,
            Param::required("timer_entry_id", Kind::NumericId, "The timer entry's id (from syncro_add_ticket_timer or syncro_get_ticket)."),
        ],
        access: Access::Write,
        toolset: "time",
        effect: Some(Effect { destructive: false, idempotent: true }),
        action: Action::Plan(|args| {
            let body = fields(args, &[("timer_entry_id", "timer_entry_id", Sent::Int)]);
            let path = path(&["/api/v1/tickets/", args.required("ticket_id"), "/charge_timer_entry"]);
            Ok(change(Verb::Post, path, body, Records::Root))
        }),
        summary: &["id", "ticket_id", "recorded", "billable", "ticket_line_item_id"],
        labels: None,
    },
    Tool {
        name: "syncro_add_ticket_line_item",
        title: "Add a ticket line item",
        description: "Add a billable line to a Syncro ticket (parts or services), with a name and a description, which Syncro requires even for a catalog product, and a quantity and prices.",
        params: &[
            TICKET_ID,
            Param::required("name", Kind::Text, "The line's name."),
            Param::required("description", Kind::Text, "The line's description."),
            Param::optional("quantity", Kind::Number, "How many (default 1)."),
            Param::optional("price_retail", Kind::Number, "The unit price charged."),
            Param::optional("price_cost", Kind::Number, "The unit cost."),
            Param::optional("product_id", Kind::NumericId, "A catalog product (from syncro_list_products)."),
            Param::optional("taxable", Kind::Flag, "Whether the line is taxed."),
        ],
        access: Access::Write,
        toolset: "tickets",
        effect: Some(Effect { destructive: false, idempotent: false }),
        action: Action::Plan(|args| {
            let body = fields(
                args,
                &[
                    ("name", "name", Sent::Text),
                    ("description", "description", Sent::Text),
                    ("quantity", "quantity", Sent::Number),
                    ("price_retail", "price_retail", Sent::Number),
                    ("price_cost", "price_cost", Sent::Number),
                    ("product_id", "product_id", Sent::Int),
                    ("taxable", "taxable", Sent::Flag),
                ],
            );
            let path = path(&["/api/v1/tickets/", args.required("ticket_id"), "/add_line_item"]);
            Ok(change(Verb::Post, path, body, Records::Root))
        }),
        summary: &["name", "id", "ticket_id", "quantity", "price_retail", "description"],
        labels: None,
    },
    Tool {
        name: "syncro_add_invoice_line_item",
        title: "Add an invoice line item",
        description: "Add a line to a Syncro invoice: an item with a quantity and price, or a catalog product alone (Syncro fills in its name and prices). Syncro ignores lines sent with a new invoice, so lines are added this way. Answers the line and the invoice's new totals.",
        params: &[
            Param::required("invoice_id", Kind::NumericId, "The invoice's id."),
            Param::optional("item", Kind::Text, "The item (what the line sells); not needed with a product."),
            Param::optional("name", Kind::Text, "A longer name or description of the line."),
            Param::optional("quantity", Kind::Number, "How many (default 1)."),
            Param::optional("price", Kind::Number, "The unit price."),
            Param::optional("cost", Kind::Number, "The unit cost."),
            Param::optional("product_id", Kind::NumericId, "A catalog product (from syncro_list_products)."),
            Param::optional("taxable", Kind::Flag, "Whether the line is taxed."),
        ],
        access: Access::Write,
        toolset: "billing",
        effect: Some(Effect { destructive: false, idempotent: false }),
        action: Action::Plan(|args| {
            if !args.has("item") && !args.has("product_id") {
                return Err(ArgError::Combination("give `item` (with a price) or a catalog `product_id`"));
            }
            let path = path(&["/api/v1/invoices/", args.required("invoice_id"), "/line_items"]);
            Ok(change(Verb::Post, path, fields(args, LINE_FIELDS), Records::Root))
        }),
        summary: &["line_item.item", "line_item.id", "line_item.quantity", "line_item.price", "invoice.total"],
        labels: None,
    },
    Tool {
        name: "syncro_create_invoice",
        title: "Create an invoice",
        description: "Create an empty Syncro invoice for a customer, optionally for a ticket, with dates, a PO number and a note. Syncro ignores line items sent with a new invoice, so add them afterwards with syncro_add_invoice_line_item.",
        params: &[
            Param::required("customer_id", Kind::NumericId, "The customer billed."),
            Param::optional("ticket_id", Kind::NumericId, "The ticket the invoice bills."),
            Param::optional("date", Kind::DateTime, "The invoice date (today when not given)."),
            Param::optional("due_date", Kind::DateTime, "When payment is due."),
            Param::optional("po_number", Kind::Text, "The customer's purchase order number."),
            Param::optional("note", Kind::Text, "A note printed on the invoice."),
        ],
        access: Access::Write,
        toolset: "billing",
        effect: Some(Effect { destructive: false, idempotent: false }),
        action: Action::Plan(|args| {
            let body = fields(
                args,
                &[
                    ("customer_id", "customer_id", Sent::Int),
                    ("ticket_id", "ticket_id", Sent::Int),
                    ("date", "date", Sent::Text),
                    ("due_date", "due_date", Sent::Text),
                    ("po_number", "po_number", Sent::Text),
                    ("note", "note", Sent::Text),
                ],
            );
            Ok(change(Verb::Post, "/api/v1/invoices".into(), body, one("invoice")))
        }),
        summary: &["number", "id", "customer_business_then_name", "date", "due_date", "total"],
        labels: None,
    },
    Tool {
        name: "syncro_list_payments",
        title: "List payments",
        description: "List payments received in Syncro, with amount, method, reference, the invoices they paid and the customer; optionally those matching words.",
        params: &[Param::optional("query", Kind::Text, "Words to look for (reference numbers, customer names)."), Param::limit()],
        access: Access::Read,
        toolset: "billing",
        effect: None,
        action: Action::Template(
            Template::get("/api/v1/payments").query(&[("query", "query")]).records(many("payments", "payment")),
        ),
        summary: &["ref_num", "id", "payment_amount", "payment_method", "applied_at", "invoice_ids"],
        labels: None,
    },
    Tool {
        name: "syncro_list_products",
        title: "List products",
        description: "List products in the Syncro catalog by words, name, SKU or category, with prices, stock and whether they are taxable.",
        params: &[
            Param::optional("query", Kind::Text, "Words to look for."),
            Param::optional("name", Kind::Text, "The product's name."),
            Param::optional("sku", Kind::Text, "A SKU of the product."),
            Param::optional("category_id", Kind::NumericId, "Only products of this category."),
            Param::limit(),
        ],
        access: Access::Read,
        toolset: "products",
        effect: None,
        action: Action::Template(
            Template::get("/api/v1/products")
                .query(&[("query", "query"), ("name", "name"), ("sku", "sku"), ("category_id", "category_id")])
                .records(many("products", "product")),
        ),
        summary: &["name", "id", "price_retail", "price_cost", "quantity", "taxable"],
        labels: None,
    },
    Tool {
        name: "syncro_get_product",
        title: "Get a product",
        description: "Get one Syncro product by id, with its SKUs, stock per location and description.",
        params: &[Param::required("product_id", Kind::NumericId, "The product's id.")],
        access: Access::Read,
        toolset: "products",
        effect: None,
        action: Action::Template(Template::get("/api/v1/products/{product_id}").records(one("product"))),
        summary: &["name", "id", "price_retail", "price_cost", "quantity", "description"],
        labels: None,
    },
    Tool {
        name: "syncro_list_leads",
        title: "List leads",
        description: "List Syncro leads (prospective work arriving by email or web form), optionally matching words, with their status, customer and ticket.",
        params: &[Param::optional("query", Kind::Text, "Words to look for."), Param::limit()],
        access: Access::Read,
        toolset: "leads",
        effect: None,
        action: Action::Template(Template::get("/api/v1/leads").query(&[("query", "query")]).records(many("leads", "lead"))),
        summary: &["business_then_name", "id", "first_name", "last_name", "email", "status", "ticket_subject"],
        labels: None,
    },
    Tool {
        name: "syncro_get_lead",
        title: "Get a lead",
        description: "Get one Syncro lead by id: contact details, the ticket it asks for, status and assignment.",
        params: &[Param::required("lead_id", Kind::NumericId, "The lead's id.")],
        access: Access::Read,
        toolset: "leads",
        effect: None,
        action: Action::Template(Template::get("/api/v1/leads/{lead_id}").records(one("lead"))),
        summary: &["business_then_name", "id", "first_name", "last_name", "email", "status", "ticket_description"],
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
            "syncro_search_customers",
            "syncro_get_customer",
            "syncro_list_contacts",
            "syncro_list_tickets",
            "syncro_get_ticket",
            "syncro_create_ticket",
            "syncro_update_ticket",
            "syncro_add_ticket_comment",
            "syncro_list_assets",
            "syncro_get_asset",
            "syncro_list_invoices",
            "syncro_get_invoice",
            "syncro_list_appointments",
        ] {
            let tool = CATALOG.find(name).unwrap_or_else(|| panic!("{name}"));
            let default = Selection::Default.includes(&CATALOG, tool.toolset);
            assert!(default, "{name} is offered by default");
        }
    }

    #[test]
    fn ticket_filters_are_query_values() {
        let Plan::List { call, records, .. } = plan(
            "syncro_list_tickets",
            json!({"status": "Not Closed", "query": "printer & scanner", "customer_id": 41, "updated_since": "2026-11-02"}),
        )
        .unwrap() else {
            panic!()
        };
        assert_eq!(
            call.path,
            "/api/v1/tickets?customer_id=41&status=Not+Closed&query=printer+%26+scanner&since_updated_at=2026-11-02"
        );
        assert_eq!(records, Some(many("tickets", "ticket")));
    }

    #[test]
    fn pages_are_numbers_without_a_size_until_the_last() {
        let first = CATALOG.paging.first(Call::get("/api/v1/tickets"), 500);
        assert_eq!(first.path, "/api/v1/tickets?page=1");
        let page = json!({"tickets": [], "meta": {"total_pages": 3, "page": 1}});
        let seen = |body| Seen {
            body,
            link: None,
            url: "https://x.syncromsp.com/api/v1/tickets?page=1",
            records: 50,
            records_so_far: 50,
        };
        let second = CATALOG
            .paging
            .next(&first, &seen(&page), 500)
            .unwrap()
            .unwrap();
        assert_eq!(second.path, "/api/v1/tickets?page=2");
        let third = CATALOG
            .paging
            .next(&second, &seen(&page), 500)
            .unwrap()
            .unwrap();
        assert_eq!(
            CATALOG.paging.next(&third, &seen(&page), 500).unwrap(),
            None
        );
    }

    #[test]
    fn a_new_ticket_carries_its_description_as_a_hidden_first_comment() {
        let Plan::Change { call, records, .. } = plan(
            "syncro_create_ticket",
            json!({"customer_id": "41", "subject": "Printer offline", "description": "Since Monday", "user_id": 7}),
        )
        .unwrap() else {
            panic!()
        };
        assert_eq!(
            (call.method, call.path.as_str()),
            (Verb::Post, "/api/v1/tickets")
        );
        assert_eq!(
            call.body.unwrap(),
            json!({
                "customer_id": 41, "subject": "Printer offline", "user_id": 7,
                "comments_attributes": [{"subject": "Initial Issue", "body": "Since Monday", "hidden": true, "do_not_email": true}]
            })
        );
        assert_eq!(records, Some(one("ticket")));
    }

    #[test]
    fn updates_need_a_change_and_comments_a_subject() {
        assert!(plan("syncro_update_ticket", json!({"ticket_id": 9})).is_err());
        let Plan::Change { call, .. } = plan(
            "syncro_update_ticket",
            json!({"ticket_id": 9, "status": "Resolved"}),
        )
        .unwrap() else {
            panic!()
        };
        assert_eq!(
            (call.method, call.path.as_str()),
            (Verb::Put, "/api/v1/tickets/9")
        );
        assert_eq!(call.body.unwrap(), json!({"status": "Resolved"}));

        let Plan::Change { call, .. } = plan(
            "syncro_add_ticket_comment",
            json!({"ticket_id": 9, "body": "Rebooted", "hidden": true}),
        )
        .unwrap() else {
            panic!()
        };
        assert_eq!(call.path, "/api/v1/tickets/9/comment");
        assert_eq!(
            call.body.unwrap(),
            json!({"subject": "Update", "body": "Rebooted", "hidden": true, "do_not_email": true})
        );
        assert!(plan(
            "syncro_add_ticket_comment",
            json!({"ticket_id": 9, "body": "x", "hidden": true, "email_customer": true})
        )
        .is_err());
    }

    #[test]
    fn line_items_are_added_after_the_record_they_belong_to() {
        let Plan::Change { call, .. } = plan(
            "syncro_add_ticket_line_item",
            json!({"ticket_id": 9, "name": "Toner", "description": "HP 58A", "quantity": 2}),
        )
        .unwrap() else {
            panic!()
        };
        assert_eq!(call.path, "/api/v1/tickets/9/add_line_item");
        assert_eq!(
            call.body.unwrap(),
            json!({"name": "Toner", "description": "HP 58A", "quantity": 2.0})
        );
        assert!(plan("syncro_add_invoice_line_item", json!({"invoice_id": 5})).is_err());
        let Plan::Change { call, records, .. } = plan(
            "syncro_add_invoice_line_item",
            json!({"invoice_id": 5, "product_id": 77, "quantity": 3}),
        )
        .unwrap() else {
            panic!()
        };
        assert_eq!(call.path, "/api/v1/invoices/5/line_items");
        assert_eq!(
            call.body.unwrap(),
            json!({"product_id": 77, "quantity": 3.0})
        );
        assert_eq!(records, Some(Records::Root));
    }

    #[test]
    fn customers_need_a_name_and_appointments_email_only_when_asked() {
        assert!(plan("syncro_create_customer", json!({"email": "a@b.example"})).is_err());
        let Plan::Change { call, .. } = plan(
            "syncro_create_customer",
            json!({"business_name": "Adatum", "first_name": "Priya"}),
        )
        .unwrap() else {
            panic!()
        };
        assert_eq!(
            call.body.unwrap(),
            json!({"business_name": "Adatum", "firstname": "Priya"})
        );
        assert!(plan("syncro_update_customer", json!({"customer_id": 4})).is_err());
        let Plan::Change { call, .. } = plan(
            "syncro_create_appointment",
            json!({"summary": "Visit", "start_at": "2026-11-16T15:00:00Z", "end_at": "2026-11-16T16:00:00Z"}),
        )
        .unwrap() else {
            panic!()
        };
        let body = call.body.unwrap();
        assert_eq!(
            (body["email_customer"].clone(), body["do_not_email"].clone()),
            (json!(false), json!(true))
        );
    }

    #[test]
    fn invoices_paid_or_unpaid_become_syncro_flags() {
        let Plan::List { call, .. } = plan(
            "syncro_list_invoices",
            json!({"paid": "unpaid", "ticket_id": 3}),
        )
        .unwrap() else {
            panic!()
        };
        assert_eq!(call.path, "/api/v1/invoices?ticket_id=3&unpaid=true");
    }

    #[test]
    fn labour_is_a_timer_then_a_charge() {
        let Plan::Change { call, .. } = plan(
            "syncro_add_ticket_timer",
            json!({"ticket_id": 9, "start_at": "2026-11-02T14:00:00Z", "duration_minutes": 30}),
        )
        .unwrap() else {
            panic!()
        };
        assert_eq!(call.path, "/api/v1/tickets/9/timer_entry");
        assert_eq!(
            call.body.unwrap(),
            json!({"start_at": "2026-11-02T14:00:00Z", "duration_minutes": 30})
        );
        assert!(plan(
            "syncro_add_ticket_timer",
            json!({"ticket_id": 9, "start_at": "2026-11-02", "end_at": "2026-11-02", "duration_minutes": 3})
        )
        .is_err());
        let Plan::Change { call, .. } = plan(
            "syncro_charge_ticket_timer",
            json!({"ticket_id": 9, "timer_entry_id": "55"}),
        )
        .unwrap() else {
            panic!()
        };
        assert_eq!(call.path, "/api/v1/tickets/9/charge_timer_entry");
        assert_eq!(call.body.unwrap(), json!({"timer_entry_id": 55}));
    }
}
