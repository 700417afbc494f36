//! ConnectWise Automate's tools (`docs/vendors/connectwise-automate.md`). Lists are bare JSON
//! arrays paged with `page`/`pageSize` (at most 1000) until a page comes back empty; filters go
//! in `condition=`, built by the kit (`kit/conditions.rs`) so the user's words only travel as
//! quoted values. Commands are sent with `CommandExecute` and polled by id.

use crate::tools::args::{ArgError, Args, Kind, Param};
use crate::tools::plan::{Action, Plan, Template};
use crate::tools::{Access, Catalog, Effect, Tool, Toolset};
use crate::vendors::kit::conditions::Conditions;
use crate::vendors::kit::paging::{End, Next, Paging, Place};
use crate::vendors::kit::request::{path, with_query, Call};
use crate::vendors::kit::shape::Records;
use serde_json::{json, Value};

/// A list call: `GET {resource}?condition=…`.
fn search(resource: &str, args: &Args, conditions: Conditions) -> Plan {
    let condition = conditions.build();
    Plan::List {
        call: Call::get(with_query(resource, &[("condition", condition.as_deref())])),
        records: None,
        limit: args.limit(),
        keep: Vec::new(),
    }
}

const COMPUTER_ID: Param = Param::required(
    "computer_id",
    Kind::NumericId,
    "The computer's id (from cwa_list_computers).",
);

/// Automate's "Execute Command" command, which runs a shell command line on the agent
/// (gavsto/AutomateAPI `Invoke-AutomateCommand`).
const EXECUTE_COMMAND: u64 = 2;

/// The command line sent as the one parameter of [`EXECUTE_COMMAND`]; Automate's `!!!`
/// separates the program from its arguments.
fn command_line(args: &Args) -> String {
    let command = args.required("command");
    match args.text("shell") {
        Some("powershell") => format!("powershell.exe!!! -NonInteractive -Command {command}"),
        _ => command.to_owned(),
    }
}

/// What a command's `Status` says about it: `pending` until the agent picks it up (an offline
/// computer's commands wait there), `running`, then `done` or `failed` with the output.
fn state(status: &str) -> &'static str {
    match status.to_ascii_lowercase().as_str() {
        "success" | "completed" | "complete" => "done",
        "failed" | "failure" | "error" | "cancelled" => "failed",
        "executing" | "running" | "sent" | "processing" => "running",
        _ => "pending",
    }
}

/// After reading the command (`CommandExecute?ids=`, a bare array): its state and output.
fn command_result(answer: &Value, args: &Args) -> Result<Plan, ArgError> {
    let record = match answer {
        Value::Array(items) => items.first(),
        Value::Object(_) => Some(answer),
        _ => None,
    };
    let Some(record) = record else {
        return Err(ArgError::Invalid {
            name: "command_id",
            expected: "must be the id of a command sent to this computer (from cwa_run_command)"
                .into(),
        });
    };
    let status = match record.get("Status") {
        Some(Value::String(text)) => text.clone(),
        Some(other) => other.to_string(),
        None => String::new(),
    };
    let state = state(&status);
    let finished = matches!(state, "done" | "failed");
    let output = if finished {
        record.get("Output").cloned().unwrap_or(Value::Null)
    } else {
        Value::Null
    };
    let mut result = json!({
        "commandId": record.get("Id").cloned().unwrap_or_else(|| json!(args.integer("command_id"))),
        "computerId": args.integer("computer_id"),
        "state": state,
        "status": status,
        "output": output,
        "command": record,
    });
    if state == "pending" {
        result["note"] = json!("The agent has not picked the command up yet; an offline computer runs it when it checks in.");
    }
    Ok(Plan::Answer(result))
}

/// ConnectWise Automate's catalog.
pub const CATALOG: Catalog = Catalog {
    record: Records::Root,
    list: Records::Root,
    paging: Paging {
        size: Place::Query("pageSize"),
        max_size: 1000,
        next: Next::Number {
            at: Place::Query("page"),
            first: 1,
            end: End::EmptyPage,
        },
        total: None,
        count: None,
    },
    secret_fields: &[],
    toolsets: &[
        Toolset { name: "computers", description: "computers (agents), their software and patches", default: true },
        Toolset { name: "commands", description: "commands run on computers and their results", default: true },
        Toolset { name: "clients", description: "clients and locations", default: true },
        Toolset { name: "scripts", description: "scripts", default: true },
        Toolset { name: "alerts", description: "alerts", default: true },
    ],
    tools: &[
        Tool {
            name: "cwa_list_computers",
            title: "List computers",
            description: "List Automate computers (agents) by client, location, online or offline, words in the name, or operating system.",
            params: &[
                Param::optional("client_id", Kind::NumericId, "Only computers of this client (from cwa_list_clients)."),
                Param::optional("location_id", Kind::NumericId, "Only computers at this location (from cwa_list_locations)."),
                Param::optional("status", Kind::OneOf(&["online", "offline"]), "Only computers whose agent is online or offline."),
                Param::optional("name", Kind::Text, "Words the computer name contains."),
                Param::optional("os", Kind::Text, "Words the operating system name contains, such as Server 2022."),
                Param::limit(),
            ],
            access: Access::Read,
            toolset: "computers",
            effect: None,
            action: Action::Plan(|args| {
                let status = args.text("status").map(|s| if s == "online" { "Online" } else { "Offline" });
                let conditions = Conditions::new()
                    .number("Client.Id", args.integer("client_id"))
                    .number("Location.Id", args.integer("location_id"))
                    .text("Status", status)
                    .like("ComputerName", args.text("name"))
                    .like("OperatingSystemName", args.text("os"));
                Ok(search("/Computers", args, conditions))
            }),
            summary: &["ComputerName", "Id", "Status", "OperatingSystemName", "Client.Name", "RemoteAgentLastContact"],
            labels: None,
        },
        Tool {
            name: "cwa_get_computer",
            title: "Get a computer",
            description: "Get one Automate computer by id: client, location, OS, addresses, last contact, logged-in users and hardware.",
            params: &[COMPUTER_ID],
            access: Access::Read,
            toolset: "computers",
            effect: None,
            action: Action::Template(Template::get("/Computers/{computer_id}")),
            summary: &["ComputerName", "Id", "Status", "OperatingSystemName", "LocalIPAddress", "RemoteAgentLastContact"],
            labels: None,
        },
        Tool {
            name: "cwa_list_computer_software",
            title: "List a computer's software",
            description: "List the software installed on one computer, with versions and install dates.",
            params: &[COMPUTER_ID, Param::limit()],
            access: Access::Read,
            toolset: "computers",
            effect: None,
            action: Action::Template(Template::get("/Computers/{computer_id}/Software")),
            summary: &["Name", "Id", "Version", "DateInstalled"],
            labels: None,
        },
        Tool {
            name: "cwa_list_computer_patches",
            title: "List a computer's patches",
            description: "List the Microsoft updates of one computer: installed, missing or failed, with their KB numbers.",
            params: &[COMPUTER_ID, Param::limit()],
            access: Access::Read,
            toolset: "computers",
            effect: None,
            action: Action::Template(Template::get("/Computers/{computer_id}/MicrosoftUpdates")),
            summary: &["Title", "Id", "KbId", "Status", "DateInstalled"],
            labels: None,
        },
        Tool {
            name: "cwa_list_computer_patch_jobs",
            title: "List a computer's patch jobs",
            description: "List the patch jobs (scheduled and finished patching runs) of one computer, with their state and times.",
            params: &[COMPUTER_ID, Param::limit()],
            access: Access::Read,
            toolset: "computers",
            effect: None,
            action: Action::Template(Template::get("/Computers/{computer_id}/PatchJobs")),
            summary: &["Name", "Id", "Status", "StartDate", "EndDate"],
            labels: None,
        },
        Tool {
            name: "cwa_list_computer_drives",
            title: "List a computer's drives",
            description: "List the drives of one computer with their size, free space and SMART status, to spot full or failing disks.",
            params: &[COMPUTER_ID, Param::limit()],
            access: Access::Read,
            toolset: "computers",
            effect: None,
            action: Action::Plan(|args| {
                let conditions = Conditions::new().number("ComputerId", args.integer("computer_id"));
                Ok(search("/Computers/Drives", args, conditions))
            }),
            summary: &["Letter", "Id", "Size", "FreeSpace", "SmartStatus", "FileSystem"],
            labels: None,
        },
        Tool {
            name: "cwa_list_computer_monitors",
            title: "List a computer's monitors",
            description: "List the monitors that watch one computer (services, disk space, events), with whether each is currently failing.",
            params: &[COMPUTER_ID, Param::limit()],
            access: Access::Read,
            toolset: "computers",
            effect: None,
            action: Action::Template(Template::get("/Computers/{computer_id}/Monitors")),
            summary: &["Name", "Id", "Status", "LastChecked"],
            labels: None,
        },
        Tool {
            name: "cwa_run_command",
            title: "Run a command on a computer",
            description: "Send a shell command (cmd or PowerShell) to a computer's agent. Answers with the command's id at once; read its output with cwa_get_command_result.",
            params: &[
                COMPUTER_ID,
                Param::required("command", Kind::Text, "The command line to run, such as ipconfig /all."),
                Param::optional("shell", Kind::OneOf(&["cmd", "powershell"]), "The shell that runs it (default cmd)."),
            ],
            access: Access::Write,
            toolset: "commands",
            effect: Some(Effect { destructive: true, idempotent: false }),
            action: Action::Plan(|args| {
                let computer = args.integer("computer_id");
                Ok(Plan::Change {
                    call: Call::post(
                        path(&["/Computers/", args.required("computer_id"), "/CommandExecute"]),
                        json!({
                            "ComputerId": computer,
                            "Command": { "Id": EXECUTE_COMMAND },
                            "Parameters": [command_line(args)],
                        }),
                    ),
                    answer: Value::Null,
                    records: Some(Records::Root),
                })
            }),
            summary: &["Id", "Status", "ComputerId", "DateIssued"],
            labels: None,
        },
        Tool {
            name: "cwa_get_command_result",
            title: "Get a command's result",
            description: "Read a command sent with cwa_run_command: pending (not picked up yet; an offline computer's commands wait), running, done or failed, with its output once finished.",
            params: &[
                COMPUTER_ID,
                Param::required("command_id", Kind::NumericId, "The command's id (from cwa_run_command)."),
            ],
            access: Access::Read,
            toolset: "commands",
            effect: None,
            action: Action::Plan(|args| {
                let call = Call::get(with_query(
                    &path(&["/Computers/", args.required("computer_id"), "/CommandExecute"]),
                    &[("ids", args.text("command_id"))],
                ));
                Ok(Plan::after(call, command_result))
            }),
            summary: &["state", "commandId", "status", "output"],
            labels: None,
        },
        Tool {
            name: "cwa_list_clients",
            title: "List clients",
            description: "List Automate clients (the MSP's customers) by words in the name.",
            params: &[Param::optional("name", Kind::Text, "Words the client name contains."), Param::limit()],
            access: Access::Read,
            toolset: "clients",
            effect: None,
            action: Action::Plan(|args| Ok(search("/Clients", args, Conditions::new().like("Name", args.text("name"))))),
            summary: &["Name", "Id", "City", "State", "Phone"],
            labels: None,
        },
        Tool {
            name: "cwa_get_client",
            title: "Get a client",
            description: "Get one Automate client by id: address, phone, and its external (PSA) company link.",
            params: &[Param::required("client_id", Kind::NumericId, "The client's id (from cwa_list_clients).")],
            access: Access::Read,
            toolset: "clients",
            effect: None,
            action: Action::Template(Template::get("/Clients/{client_id}")),
            summary: &["Name", "Id", "City", "Phone"],
            labels: None,
        },
        Tool {
            name: "cwa_list_locations",
            title: "List locations",
            description: "List the locations (sites) of clients, by client or words in the name.",
            params: &[
                Param::optional("client_id", Kind::NumericId, "Only this client's locations."),
                Param::optional("name", Kind::Text, "Words the location name contains."),
                Param::limit(),
            ],
            access: Access::Read,
            toolset: "clients",
            effect: None,
            action: Action::Plan(|args| {
                let conditions = Conditions::new()
                    .number("Client.Id", args.integer("client_id"))
                    .like("Name", args.text("name"));
                Ok(search("/Locations", args, conditions))
            }),
            summary: &["Name", "Id", "Client.Name", "City"],
            labels: None,
        },
        Tool {
            name: "cwa_list_scripts",
            title: "List scripts",
            description: "List Automate scripts by words in the name, with their folder.",
            params: &[Param::optional("name", Kind::Text, "Words the script name contains."), Param::limit()],
            access: Access::Read,
            toolset: "scripts",
            effect: None,
            action: Action::Plan(|args| Ok(search("/Scripts", args, Conditions::new().like("Name", args.text("name"))))),
            summary: &["Name", "Id", "Folder.Name", "LastUpdated"],
            labels: None,
        },
        Tool {
            name: "cwa_list_scheduled_scripts",
            title: "List a computer's scheduled scripts",
            description: "List the scripts scheduled to run on one computer, with their schedule and next run.",
            params: &[COMPUTER_ID, Param::limit()],
            access: Access::Read,
            toolset: "scripts",
            effect: None,
            action: Action::Template(Template::get("/Computers/{computer_id}/ScheduledScripts")),
            summary: &["ScriptName", "Id", "Schedule", "NextRun"],
            labels: None,
        },
        Tool {
            name: "cwa_list_alerts",
            title: "List alerts",
            description: "List Automate alerts: all of them, or one computer's.",
            params: &[
                Param::optional("computer_id", Kind::NumericId, "Only this computer's alerts."),
                Param::limit(),
            ],
            access: Access::Read,
            toolset: "alerts",
            effect: None,
            action: Action::Plan(|args| {
                let resource = match args.text("computer_id") {
                    Some(computer) => path(&["/Computers/", computer, "/Alerts"]),
                    None => "/Alerts".to_owned(),
                };
                Ok(search(&resource, args, Conditions::new()))
            }),
            summary: &["Message", "Id", "ComputerName", "Severity", "AlertDate"],
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
    fn the_issue_names_every_tool() {
        for name in [
            "cwa_list_computers",
            "cwa_get_computer",
            "cwa_list_computer_software",
            "cwa_list_computer_patches",
            "cwa_run_command",
            "cwa_get_command_result",
            "cwa_list_clients",
            "cwa_get_client",
            "cwa_list_locations",
            "cwa_list_scripts",
            "cwa_list_alerts",
            "cwa_list_computer_patch_jobs",
            "cwa_list_computer_drives",
            "cwa_list_computer_monitors",
            "cwa_list_scheduled_scripts",
        ] {
            let tool = CATALOG.find(name).unwrap_or_else(|| panic!("{name}"));
            let run = name == "cwa_run_command";
            assert_eq!(tool.access == Access::Write, run, "{name}");
            assert_eq!(tool.effect.is_some_and(|e| e.destructive), run, "{name}");
        }
    }

    #[test]
    fn computer_filters_are_conditions_with_quoted_words() {
        let Plan::List { call, .. } = plan(
            "cwa_list_computers",
            json!({"client_id": 4, "status": "offline", "name": "NW-\" or 1=1"}),
        )
        .unwrap() else {
            panic!()
        };
        assert_eq!(
            crate::vendors::kit::request::query_value(&call.path, "condition").as_deref(),
            Some(r#"Client.Id = 4 and Status = "Offline" and ComputerName like "%NW-\" or 1=1%""#)
        );
        let Plan::List { call, .. } = plan("cwa_list_alerts", json!({"computer_id": 9})).unwrap()
        else {
            panic!()
        };
        assert_eq!(call.path, "/Computers/9/Alerts");
    }

    #[test]
    fn commands_are_sent_and_read_back_as_states() {
        let Plan::Change { call, .. } = plan(
            "cwa_run_command",
            json!({"computer_id": 9, "command": "Get-Service spooler", "shell": "powershell"}),
        )
        .unwrap() else {
            panic!()
        };
        assert_eq!(call.path, "/Computers/9/CommandExecute");
        assert_eq!(
            call.body.unwrap(),
            json!({"ComputerId": 9, "Command": {"Id": 2}, "Parameters": ["powershell.exe!!! -NonInteractive -Command Get-Service spooler"]})
        );
        let Plan::After { call, then } = plan(
            "cwa_get_command_result",
            json!({"computer_id": 9, "command_id": 77}),
        )
        .unwrap() else {
            panic!()
        };
        assert_eq!(call.path, "/Computers/9/CommandExecute?ids=77");
        let args = Args::validate(
            CATALOG.find("cwa_get_command_result").unwrap().params,
            Some(&json!({"computer_id": 9, "command_id": 77})),
        )
        .unwrap();
        let Plan::Answer(pending) = (then.0)(
            &json!([{"Id": 77, "Status": "Pending", "Output": ""}]),
            &args,
        )
        .unwrap() else {
            panic!()
        };
        assert_eq!(
            (pending["state"].as_str(), pending["output"].is_null()),
            (Some("pending"), true)
        );
        let Plan::Answer(done) = (then.0)(
            &json!([{"Id": 77, "Status": "Success", "Output": "Running spooler"}]),
            &args,
        )
        .unwrap() else {
            panic!()
        };
        assert_eq!(done["state"], "done");
        assert_eq!(done["output"], "Running spooler");
        assert!((then.0)(&json!([]), &args).is_err());
    }
}
