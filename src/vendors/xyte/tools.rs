//! Xyte's tools (`docs/vendors/xyte.md`): typed tools over the organization API, each read
//! and each write its own tool. Envelopes differ by endpoint and each list declares its own:
//! devices and spaces `{ items, has_next_page }` or `{ items, next_page }` (the documentation
//! says both), incidents and histories `{ items, has_next_page }`, licenses
//! `{ items, next_page }`, tickets and commands a bare array. Pages hold at most 100 records
//! (`per_page`). Incident and history windows are epoch seconds, at most 31 days long.

use crate::tools::args::{ArgError, Args, Kind, Param};
use crate::tools::plan::{Action, Plan, Template};
use crate::tools::{Access, Catalog, Effect, Tool, Toolset};
use crate::vendors::kit::paging::{End, Next, Paging, Place};
use crate::vendors::kit::request::{path, with_query, Call};
use crate::vendors::kit::shape::Records;
use crate::vendors::kit::upstream::Verb;
use serde_json::{json, Map, Value};

/// Pages of `per_page` ≤ 100, numbered from 1, going on while the page says
/// `has_next_page: true` or names a `next_page` (devices, spaces).
const PAGES: Paging = Paging {
    size: Place::Query("per_page"),
    max_size: 100,
    next: Next::Number {
        at: Place::Query("page"),
        first: 1,
        end: End::Any(&[End::MoreFlag("has_next_page"), End::NextPage("next_page")]),
    },
    total: None,
    count: None,
};

/// Incidents: `page_size`, and `has_next_page`.
static INCIDENT_PAGES: Paging = Paging {
    size: Place::Query("page_size"),
    next: Next::Number {
        at: Place::Query("page"),
        first: 1,
        end: End::MoreFlag("has_next_page"),
    },
    ..PAGES
};

/// Device histories: `per_page` up to 1000, and `has_next_page`.
static HISTORY_PAGES: Paging = Paging {
    max_size: 1000,
    next: Next::Number {
        at: Place::Query("page"),
        first: 1,
        end: End::MoreFlag("has_next_page"),
    },
    ..PAGES
};

/// Licenses: `{ items, next_page }`, the next page's number or null.
static LICENSE_PAGES: Paging = Paging {
    next: Next::Number {
        at: Place::Query("page"),
        first: 1,
        end: End::NextPage("next_page"),
    },
    ..PAGES
};

/// Tickets and commands: a bare array, the whole list at once.
static WHOLE: Paging = Paging {
    next: Next::Number {
        at: Place::Query("page"),
        first: 1,
        end: End::Single,
    },
    ..PAGES
};

/// The longest window Xyte's incident and history queries take.
const MAX_WINDOW_DAYS: i64 = 31;

/// `from` and `to` as Xyte's epoch seconds; both or neither (Xyte's default: the last week).
fn window(args: &Args) -> Result<[(&'static str, Option<String>); 2], ArgError> {
    match (args.instant("from"), args.instant("to")) {
        (None, None) => Ok([("from", None), ("to", None)]),
        (Some(_), None) | (None, Some(_)) => Err(ArgError::Combination(
            "give both `from` and `to` (at most 31 days apart), or neither for Xyte's default of the last week",
        )),
        (Some(from), Some(to)) => {
            if to <= from {
                return Err(ArgError::Invalid {
                    name: "to",
                    expected: "must be after `from`".into(),
                });
            }
            let span = to - from;
            if span > chrono::Duration::days(MAX_WINDOW_DAYS) {
                let first_end = from + chrono::Duration::days(MAX_WINDOW_DAYS);
                return Err(ArgError::Invalid {
                    name: "to",
                    expected: format!(
                        "is {:.1} days after `from`, and Xyte answers windows of at most {MAX_WINDOW_DAYS} days: call once per window of {MAX_WINDOW_DAYS} days or less (the first from {} to {})",
                        span.num_seconds() as f64 / 86_400.0,
                        from.format("%Y-%m-%dT%H:%M:%SZ"),
                        first_end.format("%Y-%m-%dT%H:%M:%SZ"),
                    ),
                });
            }
            Ok([
                ("from", Some(from.timestamp().to_string())),
                ("to", Some(to.timestamp().to_string())),
            ])
        }
    }
}

/// A GET list with query arguments (Xyte's name, the argument), walked with `paging`.
fn list(
    base: String,
    query: &[(&str, Option<&str>)],
    records: Records,
    paging: &'static Paging,
    args: &Args,
) -> Plan {
    Plan::List {
        call: Call::get(with_query(&base, query)),
        records: Some(records),
        limit: args.limit(),
        keep: Vec::new(),
    }
    .paged(paging)
}

fn list_incidents(args: &Args) -> Result<Plan, ArgError> {
    let [from, to] = window(args)?;
    let query = [
        ("status", args.text("status")),
        ("priority", args.text("priority")),
        ("space_id", args.text("space_id")),
        (from.0, from.1.as_deref()),
        (to.0, to.1.as_deref()),
    ];
    Ok(list(
        "/incidents".into(),
        &query,
        Records::At("items"),
        &INCIDENT_PAGES,
        args,
    ))
}

fn list_histories(args: &Args) -> Result<Plan, ArgError> {
    let [from, to] = window(args)?;
    let query = [
        ("device_id", args.text("device_id")),
        ("space_id", args.text("space_id")),
        ("status", args.text("status")),
        (from.0, from.1.as_deref()),
        (to.0, to.1.as_deref()),
    ];
    Ok(list(
        "/devices/histories".into(),
        &query,
        Records::At("items"),
        &HISTORY_PAGES,
        args,
    ))
}

/// A change whose answer may be empty: `answer` is the result then.
fn change(method: Verb, path: String, body: Option<Value>, answer: Value) -> Plan {
    Plan::Change {
        call: Call::with(method, path, body),
        answer,
        records: Some(Records::Root),
    }
}

const DEVICE_ID: Param = Param::required(
    "device_id",
    Kind::Text,
    "The device's id (a UUID, from xyte_list_devices).",
);
const TICKET_ID: Param = Param::required(
    "ticket_id",
    Kind::Text,
    "The ticket's id, from xyte_list_tickets.",
);
const SPACE_FILTER: Param = Param::optional(
    "space_id",
    Kind::NumericId,
    "Only this space's records (its id, from xyte_list_spaces).",
);
const FROM: Param = Param::optional(
    "from",
    Kind::DateTime,
    "The window's start; give `to` too, at most 31 days later (default: the last week).",
);
const TO: Param = Param::optional(
    "to",
    Kind::DateTime,
    "The window's end, at most 31 days after `from`.",
);

/// Xyte's catalog.
pub const CATALOG: Catalog = Catalog {
    record: Records::Root,
    list: Records::At("items"),
    paging: PAGES,
    secret_fields: &[],
    toolsets: &[
        Toolset { name: "devices", description: "the organization, devices, commands, histories and licenses", default: true },
        Toolset { name: "incidents", description: "incidents", default: true },
        Toolset { name: "tickets", description: "tickets and their messages", default: true },
        Toolset { name: "spaces", description: "spaces (sites, buildings, rooms)", default: true },
    ],
    tools: &[
        Tool {
            name: "xyte_get_organization",
            title: "Get the organization",
            description: "Get the Xyte organization the key belongs to: name, domain, plan, contacts, and counts of devices, spaces, users, open tickets and open incidents.",
            params: &[],
            access: Access::Read,
            toolset: "devices",
            effect: None,
            action: Action::Template(Template::get("/info")),
            summary: &["name", "id", "domain", "pricing_plan"],
            labels: None,
        },
        Tool {
            name: "xyte_list_devices",
            title: "List devices",
            description: "List the organization's devices, or one space's, with their status (online, offline, error), effective status, model, firmware, space and when they were last seen.",
            params: &[SPACE_FILTER, Param::limit()],
            access: Access::Read,
            toolset: "devices",
            effect: None,
            action: Action::Template(Template::get("/devices").query(&[("space_id", "space_id")]).records(Records::At("items"))),
            summary: &["name", "id", "status", "effective_status", "model.name", "space.full_path", "last_seen_at"],
            labels: None,
        },
        Tool {
            name: "xyte_get_device",
            title: "Get a device",
            description: "Get one device by id: serial number, MAC, cloud id, status, state, model, firmware, space, and for edge devices their custom parameters (passwords masked).",
            params: &[DEVICE_ID],
            access: Access::Read,
            toolset: "devices",
            effect: None,
            action: Action::Template(Template::get("/devices/{device_id}")),
            summary: &["name", "id", "status", "effective_status", "model.name", "firmware.version", "space.full_path"],
            labels: None,
        },
        Tool {
            name: "xyte_list_device_commands",
            title: "List device commands",
            description: "List the commands sent to one device, with their name, status and when they were sent and answered.",
            params: &[DEVICE_ID, Param::limit()],
            access: Access::Read,
            toolset: "devices",
            effect: None,
            action: Action::Plan(|args| {
                Ok(list(path(&["/devices/", args.required("device_id"), "/commands"]), &[], Records::Root, &WHOLE, args))
            }),
            summary: &["name", "id", "status", "friendly_name", "created_at"],
            labels: None,
        },
        Tool {
            name: "xyte_send_command",
            title: "Send a device command",
            description: "Send a command (such as reboot) to a device, with optional parameters and file; answers with the queued command, which xyte_list_device_commands follows.",
            params: &[
                DEVICE_ID,
                Param::required("name", Kind::Text, "The command's name as the device model defines it (\"reboot\")."),
                Param::optional("friendly_name", Kind::Text, "A readable name shown in Xyte (\"Reboot\")."),
                Param::optional("file_id", Kind::Text, "A file the command uses (firmware, say)."),
                Param::optional("extra_params", Kind::StringMap, "The command's parameters, name to value."),
            ],
            access: Access::Write,
            toolset: "devices",
            effect: Some(Effect { destructive: false, idempotent: false }),
            action: Action::Plan(|args| {
                let mut body = Map::new();
                body.insert("name".into(), json!(args.required("name")));
                body.insert("friendly_name".into(), json!(args.text("friendly_name").unwrap_or(args.required("name"))));
                if let Some(file) = args.text("file_id") {
                    body.insert("file_id".into(), json!(file));
                }
                let extra: Map<String, Value> = args.pairs("extra_params").into_iter().map(|(k, v)| (k, json!(v))).collect();
                body.insert("extra_params".into(), Value::Object(extra));
                let device = args.required("device_id");
                Ok(change(
                    Verb::Post,
                    path(&["/devices/", device, "/commands"]),
                    Some(Value::Object(body)),
                    json!({ "device_id": device, "sent": true }),
                ))
            }),
            summary: &["name", "id", "status"],
            labels: None,
        },
        Tool {
            name: "xyte_cancel_command",
            title: "Cancel a device command",
            description: "Cancel a command sent to a device that has not run yet; the command is removed from the device's queue.",
            params: &[DEVICE_ID, Param::required("command_id", Kind::Text, "The command's id, from xyte_list_device_commands.")],
            access: Access::Write,
            toolset: "devices",
            effect: Some(Effect { destructive: true, idempotent: true }),
            action: Action::Plan(|args| {
                let (device, command) = (args.required("device_id"), args.required("command_id"));
                Ok(change(
                    Verb::Delete,
                    path(&["/devices/", device, "/commands/", command]),
                    None,
                    json!({ "device_id": device, "command_id": command, "cancelled": true }),
                ))
            }),
            summary: &["command_id", "cancelled", "id", "status"],
            labels: None,
        },
        Tool {
            name: "xyte_list_device_histories",
            title: "List device histories",
            description: "List devices' status history in a window of at most 31 days (default: the last week), for one device, a space, or a current status.",
            params: &[
                Param::optional("device_id", Kind::Text, "Only this device's history."),
                SPACE_FILTER,
                Param::optional("status", Kind::OneOf(&["online", "offline", "unavailable", "error"]), "Only devices whose current status is this."),
                FROM,
                TO,
                Param::limit(),
            ],
            access: Access::Read,
            toolset: "devices",
            effect: None,
            action: Action::Plan(list_histories),
            summary: &["device_id", "status", "created_at", "name"],
            labels: None,
        },
        Tool {
            name: "xyte_list_licenses",
            title: "List licenses",
            description: "List the organization's licenses with their state, product, device and expiry, by state or device.",
            params: &[
                Param::optional("state", Kind::OneOf(&["available", "inuse", "remove", "error", "disabled", "renew"]), "Only licenses in this state."),
                Param::optional("device_id", Kind::Text, "Only the licenses assigned to this device."),
                Param::limit(),
            ],
            access: Access::Read,
            toolset: "devices",
            effect: None,
            action: Action::Plan(|args| {
                let query = [("state", args.text("state")), ("device_id", args.text("device_id"))];
                Ok(list("/licenses".into(), &query, Records::At("items"), &LICENSE_PAGES, args))
            }),
            summary: &["id", "state", "product.name", "device.sn", "expires_at"],
            labels: None,
        },
        Tool {
            name: "xyte_list_incidents",
            title: "List incidents",
            description: "List incidents by status, priority, space and time window (at most 31 days; default the last week), with the device model, partner and state of each.",
            params: &[
                Param::optional("status", Kind::OneOf(&["active", "closed"]), "Only active or closed incidents."),
                Param::optional("priority", Kind::OneOf(&["critical", "high", "moderate", "low", "planning"]), "Only incidents of this priority."),
                SPACE_FILTER,
                FROM,
                TO,
                Param::limit(),
            ],
            access: Access::Read,
            toolset: "incidents",
            effect: None,
            action: Action::Plan(list_incidents),
            summary: &["name", "uuid", "state.status", "model", "space_id", "created_at"],
            labels: None,
        },
        Tool {
            name: "xyte_list_tickets",
            title: "List tickets",
            description: "List the organization's open tickets (raised by device users) with their title, status, device and who raised them.",
            params: &[Param::limit()],
            access: Access::Read,
            toolset: "tickets",
            effect: None,
            action: Action::Plan(|args| Ok(list("/tickets".into(), &[], Records::Root, &WHOLE, args))),
            summary: &["title", "id", "status", "device_id", "user_name", "created_at"],
            labels: None,
        },
        Tool {
            name: "xyte_get_ticket",
            title: "Get a ticket",
            description: "Get one ticket by id with its description, status, device, who raised it and every comment.",
            params: &[TICKET_ID],
            access: Access::Read,
            toolset: "tickets",
            effect: None,
            action: Action::Template(Template::get("/tickets/{ticket_id}")),
            summary: &["title", "id", "status", "device_id", "user_email", "description"],
            labels: None,
        },
        Tool {
            name: "xyte_update_ticket",
            title: "Update a ticket",
            description: "Change a ticket's title or description; only the fields given change.",
            params: &[
                TICKET_ID,
                Param::optional("title", Kind::Text, "The new title."),
                Param::optional("description", Kind::Text, "The new description."),
            ],
            access: Access::Write,
            toolset: "tickets",
            effect: Some(Effect { destructive: false, idempotent: true }),
            action: Action::Plan(|args| {
                let mut body = Map::new();
                for field in ["title", "description"] {
                    if let Some(value) = args.text(field) {
                        body.insert(field.into(), json!(value));
                    }
                }
                if body.is_empty() {
                    return Err(ArgError::Combination("give `title`, `description` or both to change"));
                }
                let ticket = args.required("ticket_id");
                Ok(change(Verb::Put, path(&["/tickets/", ticket]), Some(Value::Object(body)), json!({ "ticket_id": ticket, "updated": true })))
            }),
            summary: &["title", "id", "status", "updated", "success"],
            labels: None,
        },
        Tool {
            name: "xyte_resolve_ticket",
            title: "Resolve a ticket",
            description: "Mark a ticket resolved, closing it for the person who raised it.",
            params: &[TICKET_ID],
            access: Access::Write,
            toolset: "tickets",
            effect: Some(Effect { destructive: false, idempotent: true }),
            action: Action::Plan(|args| {
                let ticket = args.required("ticket_id");
                Ok(change(Verb::Post, path(&["/tickets/", ticket, "/resolved"]), None, json!({ "ticket_id": ticket, "success": true })))
            }),
            summary: &["success", "ticket_id"],
            labels: None,
        },
        Tool {
            name: "xyte_send_ticket_message",
            title: "Send a ticket message",
            description: "Send a message on a ticket to the person who raised it.",
            params: &[TICKET_ID, Param::required("message", Kind::Text, "The message's text.")],
            access: Access::Write,
            toolset: "tickets",
            effect: Some(Effect { destructive: false, idempotent: false }),
            action: Action::Plan(|args| {
                let ticket = args.required("ticket_id");
                Ok(change(
                    Verb::Post,
                    path(&["/tickets/", ticket, "/message"]),
                    Some(json!({ "message": args.required("message") })),
                    json!({ "ticket_id": ticket, "success": true }),
                ))
            }),
            summary: &["success", "ticket_id"],
            labels: None,
        },
        Tool {
            name: "xyte_list_spaces",
            title: "List spaces",
            description: "List spaces (the organization's tree of sites, buildings, floors and rooms), by parent, words in the name or the path, or space type.",
            params: &[
                Param::optional("parent_id", Kind::NumericId, "Only the spaces directly under this space."),
                Param::optional("name", Kind::Text, "The space's name."),
                Param::optional("path_includes", Kind::Text, "Words the space's full path contains."),
                Param::optional("space_type", Kind::Text, "The space type (\"room\", \"building\")."),
                Param::limit(),
            ],
            access: Access::Read,
            toolset: "spaces",
            effect: None,
            action: Action::Template(
                Template::get("/spaces")
                    .query(&[("parent_id", "parent_id"), ("name", "name"), ("path_includes", "path_includes"), ("space_type", "space_type")])
                    .records(Records::At("items")),
            ),
            summary: &["name", "id", "space_type", "full_path"],
            labels: None,
        },
        Tool {
            name: "xyte_get_space",
            title: "Get a space",
            description: "Get one space by id: its name, type, parent, full path and configuration (location, temperature units).",
            params: &[Param::required("space_id", Kind::NumericId, "The space's id, from xyte_list_spaces.")],
            access: Access::Read,
            toolset: "spaces",
            effect: None,
            action: Action::Template(Template::get("/spaces/{space_id}")),
            summary: &["name", "id", "space_type", "full_path", "parent_id"],
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

    #[test]
    fn the_issue_names_every_required_tool() {
        for name in [
            "xyte_get_organization",
            "xyte_list_devices",
            "xyte_get_device",
            "xyte_list_device_commands",
            "xyte_send_command",
            "xyte_cancel_command",
            "xyte_list_incidents",
            "xyte_list_tickets",
            "xyte_get_ticket",
            "xyte_update_ticket",
            "xyte_resolve_ticket",
            "xyte_send_ticket_message",
            "xyte_list_spaces",
            "xyte_get_space",
        ] {
            assert!(CATALOG.find(name).is_some(), "{name}");
        }
        let cancel = CATALOG.find("xyte_cancel_command").unwrap();
        assert_eq!(cancel.access, Access::Write);
        assert!(cancel.effect.unwrap().destructive);
        let send = CATALOG.find("xyte_send_command").unwrap();
        assert_eq!(send.access, Access::Write);
    }

    #[test]
    fn incident_windows_are_epoch_seconds_of_at_most_31_days() {
        let Plan::Paged { paging, list } = plan(
            "xyte_list_incidents",
            json!({"status": "active", "from": "2026-11-01", "to": "2026-11-30T00:00:00Z"}),
        )
        .unwrap() else {
            panic!()
        };
        let first = paging.0.first(list.first_call().unwrap().clone(), 50);
        assert_eq!(
            first.path,
            "/incidents?status=active&from=1793491200&to=1795996800&page_size=50&page=1"
        );
        let error = plan(
            "xyte_list_incidents",
            json!({"from": "2026-10-01", "to": "2026-11-15"}),
        )
        .unwrap_err();
        let text = error.to_string();
        assert!(
            text.contains("`to`") && text.contains("45.0 days") && text.contains("31 days"),
            "{text}"
        );
        assert!(
            text.contains("2026-10-01T00:00:00Z to 2026-11-01T00:00:00Z"),
            "{text}"
        );
        assert!(plan("xyte_list_incidents", json!({"from": "2026-10-01"})).is_err());
        assert!(plan(
            "xyte_list_incidents",
            json!({"from": "2026-10-02", "to": "2026-10-01"})
        )
        .is_err());
        assert!(plan(
            "xyte_list_device_histories",
            json!({"from": "2026-10-01", "to": "2026-11-02"})
        )
        .is_err());
        assert!(plan(
            "xyte_list_device_histories",
            json!({"from": "2026-10-01", "to": "2026-11-01"})
        )
        .is_ok());
    }

    #[test]
    fn each_list_declares_its_envelope() {
        let Plan::List { call, .. } =
            plan("xyte_list_devices", json!({"space_id": 16138})).unwrap()
        else {
            panic!("devices use the catalog's paging")
        };
        assert_eq!(
            PAGES.first(call, 500).path,
            "/devices?space_id=16138&per_page=100&page=1"
        );
        let Plan::Paged { paging, list } = plan("xyte_list_tickets", json!({})).unwrap() else {
            panic!()
        };
        assert_eq!(
            paging.0.first(list.first_call().unwrap().clone(), 50).path,
            "/tickets",
            "a bare array takes no paging"
        );
        let Plan::Paged { paging, .. } = plan("xyte_list_licenses", json!({})).unwrap() else {
            panic!()
        };
        assert!(matches!(
            paging.0.next,
            Next::Number {
                end: End::NextPage("next_page"),
                ..
            }
        ));
    }

    #[test]
    fn writes_answer_something_even_when_xyte_answers_nothing() {
        let Plan::Change { call, answer, .. } = plan(
            "xyte_cancel_command",
            json!({"device_id": "d/1", "command_id": "c1"}),
        )
        .unwrap() else {
            panic!()
        };
        assert_eq!(
            (call.method, call.path.as_str()),
            (Verb::Delete, "/devices/d%2F1/commands/c1")
        );
        assert_eq!(answer["cancelled"], true);
        let Plan::Change { call, .. } = plan(
            "xyte_send_command",
            json!({"device_id": "d1", "name": "reboot", "extra_params": {"delay": "5"}}),
        )
        .unwrap() else {
            panic!()
        };
        assert_eq!(
            call.body.unwrap(),
            json!({"name": "reboot", "friendly_name": "reboot", "extra_params": {"delay": "5"}})
        );
        assert!(plan("xyte_update_ticket", json!({"ticket_id": "t1"})).is_err());
    }
}
