//! Datto RMM's tools (`docs/vendors/datto-rmm.md`): sites, devices, alerts, quick jobs and
//! device audits under `/api/v2`. Lists are paged with `max` (at most 250) and an absolute
//! `pageDetails.nextPageUrl`; records are plain JSON, lists under a key named per endpoint.

use crate::tools::args::{ArgError, Args, Kind, Param};
use crate::tools::plan::{Action, Plan, Template};
use crate::tools::{Access, Catalog, Effect, Tool, Toolset};
use crate::vendors::kit::paging::{Next, Paging, Place};
use crate::vendors::kit::request::{path, with_query, Call};
use crate::vendors::kit::shape::Records;
use crate::vendors::kit::upstream::Verb;
use serde_json::{json, Value};

const SITE: Param = Param::required(
    "site_uid",
    Kind::Text,
    "The site's uid (from datto_list_sites).",
);
const DEVICE: Param = Param::required(
    "device_uid",
    Kind::Text,
    "The device's uid (from datto_list_devices).",
);
const ALERT: Param = Param::required(
    "alert_uid",
    Kind::Text,
    "The alert's uid (from datto_list_alerts).",
);
const JOB: Param = Param::required(
    "job_uid",
    Kind::Text,
    "The job's uid (from datto_run_quickjob).",
);

/// Datto RMM's catalog.
pub const CATALOG: Catalog = Catalog {
    record: Records::Root,
    list: Records::At("items"),
    paging: Paging {
        size: Place::Query("max"),
        max_size: 250,
        next: Next::BodyLink {
            at: "pageDetails.nextPageUrl",
            keep_body: false,
        },
        total: Some("pageDetails.totalCount"),
        count: None,
    },
    secret_fields: &[],
    toolsets: &[
        Toolset {
            name: "devices",
            description: "sites, devices, alerts and device audits",
            default: true,
        },
        Toolset {
            name: "jobs",
            description: "components, quick jobs and their results",
            default: true,
        },
    ],
    tools: &[
        Tool {
            name: "datto_list_sites",
            title: "List sites",
            description: "List the sites (customers) in the Datto RMM account, optionally those whose name contains `name`.",
            params: &[
                Param::optional("name", Kind::Text, "Part of the site name."),
                Param::limit(),
            ],
            access: Access::Read,
            toolset: "devices",
            effect: None,
            action: Action::Template(
                Template::get("/api/v2/account/sites")
                    .query(&[("siteName", "name")])
                    .records(Records::At("sites")),
            ),
            summary: &["name", "uid", "description", "devicesStatus.numberOfDevices"],
            labels: None,
        },
        Tool {
            name: "datto_get_site",
            title: "Get a site",
            description: "Get one Datto RMM site by uid: its settings, description and device counts.",
            params: &[SITE],
            access: Access::Read,
            toolset: "devices",
            effect: None,
            action: Action::Template(Template::get("/api/v2/site/{site_uid}")),
            summary: &["name", "uid", "description", "notes"],
            labels: None,
        },
        Tool {
            name: "datto_list_devices",
            title: "List devices",
            description: "List managed devices across the account or in one site, filtered by hostname, device type (e.g. Server, Desktop, Laptop) or operating system; each filter matches part of the value.",
            params: &[
                Param::optional("site_uid", Kind::Text, "Only devices of this site."),
                Param::optional("hostname", Kind::Text, "Part of the hostname."),
                Param::optional("device_type", Kind::Text, "Part of the device type (Server, Desktop, Laptop, ...)."),
                Param::optional("operating_system", Kind::Text, "Part of the operating system name."),
                Param::limit(),
            ],
            access: Access::Read,
            toolset: "devices",
            effect: None,
            action: Action::Plan(list_devices),
            summary: &["hostname", "uid", "siteName", "deviceType.category", "operatingSystem", "online"],
            labels: None,
        },
        Tool {
            name: "datto_get_device",
            title: "Get a device",
            description: "Get one device by uid (or numeric id): status, site, last user, IP addresses, patch and antivirus state.",
            params: &[
                Param::optional("device_uid", Kind::Text, "The device's uid."),
                Param::optional("device_id", Kind::NumericId, "The device's numeric id, instead of its uid."),
            ],
            access: Access::Read,
            toolset: "devices",
            effect: None,
            action: Action::Plan(get_device),
            summary: &["hostname", "uid", "id", "siteName", "operatingSystem", "online", "lastSeen", "lastLoggedInUser", "intIpAddress"],
            labels: None,
        },
        Tool {
            name: "datto_list_alerts",
            title: "List alerts",
            description: "List open (default) or resolved alerts for the whole account, one site or one device, newest first.",
            params: &[
                Param::optional("status", Kind::OneOf(&["open", "resolved"]), "Open (default) or resolved alerts."),
                Param::optional("site_uid", Kind::Text, "Only alerts of this site."),
                Param::optional("device_uid", Kind::Text, "Only alerts of this device."),
                Param::limit(),
            ],
            access: Access::Read,
            toolset: "devices",
            effect: None,
            action: Action::Plan(list_alerts),
            summary: &["alertUid", "priority", "diagnostics", "alertSourceInfo.deviceName", "alertSourceInfo.siteName", "timestamp"],
            labels: None,
        },
        Tool {
            name: "datto_get_alert",
            title: "Get an alert",
            description: "Get one alert by uid: its priority, diagnostics, the monitor that raised it and the device.",
            params: &[ALERT],
            access: Access::Read,
            toolset: "devices",
            effect: None,
            action: Action::Template(Template::get("/api/v2/alert/{alert_uid}")),
            summary: &["alertUid", "priority", "diagnostics", "resolved", "alertSourceInfo.deviceName", "timestamp"],
            labels: None,
        },
        Tool {
            name: "datto_resolve_alert",
            title: "Resolve an alert",
            description: "Mark an open alert as resolved in Datto RMM. Use after the cause has been dealt with.",
            params: &[ALERT],
            access: Access::Write,
            toolset: "devices",
            effect: Some(Effect { destructive: false, idempotent: true }),
            action: Action::Plan(|args| {
                let alert = args.required("alert_uid");
                Ok(Plan::Change {
                    call: Call::with(Verb::Post, path(&["/api/v2/alert/", alert, "/resolve"]), None),
                    answer: json!({ "alertUid": alert, "resolved": true }),
                    records: None,
                })
            }),
            summary: &["alertUid", "resolved"],
            labels: None,
        },
        Tool {
            name: "datto_list_components",
            title: "List components",
            description: "List the account's components (scripts) that a quick job can run, with their variables.",
            params: &[Param::limit()],
            access: Access::Read,
            toolset: "jobs",
            effect: None,
            action: Action::Template(Template::get("/api/v2/account/components").records(Records::At("components"))),
            summary: &["name", "uid", "categoryCode", "description"],
            labels: None,
        },
        Tool {
            name: "datto_run_quickjob",
            title: "Run a quick job",
            description: "Run a component (script) on one device now, as a quick job, with optional variables. Returns the job; follow it with datto_get_job and datto_get_job_result.",
            params: &[
                DEVICE,
                Param::required("component_uid", Kind::Text, "The component's uid (from datto_list_components)."),
                Param::optional("job_name", Kind::Text, "A name for the job (default: the component's uid and the time)."),
                Param::optional("variables", Kind::StringMap, "Component variables by name, as strings."),
            ],
            access: Access::Write,
            toolset: "jobs",
            effect: Some(Effect { destructive: true, idempotent: false }),
            action: Action::Plan(run_quickjob),
            summary: &["job.uid", "job.name", "job.status"],
            labels: None,
        },
        Tool {
            name: "datto_get_job",
            title: "Get a job",
            description: "Get a job's status (active or completed) by uid.",
            params: &[JOB],
            access: Access::Read,
            toolset: "jobs",
            effect: None,
            action: Action::Template(Template::get("/api/v2/job/{job_uid}")),
            summary: &["uid", "name", "status", "dateCreated"],
            labels: None,
        },
        Tool {
            name: "datto_get_job_result",
            title: "Get a job's result",
            description: "Get the outcome of a job on one device: deployment status and each component's status, warnings and whether it wrote output.",
            params: &[JOB, DEVICE],
            access: Access::Read,
            toolset: "jobs",
            effect: None,
            action: Action::Template(Template::get("/api/v2/job/{job_uid}/results/{device_uid}")),
            summary: &["jobUid", "deviceUid", "jobDeploymentStatus", "ranOn"],
            labels: None,
        },
        Tool {
            name: "datto_get_audit",
            title: "Get a device audit",
            description: "Get a device's hardware and software audit: system, BIOS, processors, memory, disks, network adapters and installed software.",
            params: &[DEVICE],
            access: Access::Read,
            toolset: "devices",
            effect: None,
            action: Action::Plan(|args| {
                let device = args.required("device_uid");
                Ok(Plan::RecordWithList {
                    record: Call::get(path(&["/api/v2/audit/device/", device])),
                    name: "software",
                    list: Box::new(Plan::list(
                        path(&["/api/v2/audit/device/", device, "/software"]),
                        Records::At("software"),
                        crate::tools::args::MAX_LIMIT as usize,
                    )),
                })
            }),
            summary: &["systemInfo.manufacturer", "systemInfo.model", "bios.serialNumber"],
            labels: None,
        },
    ],
};

fn list_devices(args: &Args) -> Result<Plan, ArgError> {
    let (hostname, device_type, os) = (
        args.text("hostname"),
        args.text("device_type"),
        args.text("operating_system"),
    );
    Ok(match args.text("site_uid") {
        // The site's device list has no filters of its own; they apply to what it returns.
        Some(site) => Plan::list(
            path(&["/api/v2/site/", site, "/devices"]),
            Records::At("devices"),
            args.limit(),
        )
        .keeping("hostname", hostname)
        .keeping("deviceType.category", device_type)
        .keeping("operatingSystem", os),
        None => Plan::list(
            with_query(
                "/api/v2/account/devices",
                &[
                    ("hostname", hostname),
                    ("deviceType", device_type),
                    ("operatingSystem", os),
                ],
            ),
            Records::At("devices"),
            args.limit(),
        ),
    })
}

fn get_device(args: &Args) -> Result<Plan, ArgError> {
    match (args.text("device_uid"), args.text("device_id")) {
        (Some(uid), None) => Ok(Plan::get(path(&["/api/v2/device/", uid]))),
        (None, Some(id)) => Ok(Plan::get(path(&["/api/v2/device/id/", id]))),
        _ => Err(ArgError::Combination(
            "give exactly one of `device_uid` or `device_id`",
        )),
    }
}

fn list_alerts(args: &Args) -> Result<Plan, ArgError> {
    let status = args.text("status").unwrap_or("open");
    let scope = match (args.text("site_uid"), args.text("device_uid")) {
        (None, None) => "/api/v2/account".to_owned(),
        (Some(site), None) => path(&["/api/v2/site/", site]),
        (None, Some(device)) => path(&["/api/v2/device/", device]),
        (Some(_), Some(_)) => {
            return Err(ArgError::Combination(
                "give at most one of `site_uid` or `device_uid`",
            ))
        }
    };
    Ok(Plan::list(
        format!("{scope}/alerts/{status}"),
        Records::At("alerts"),
        args.limit(),
    ))
}

fn run_quickjob(args: &Args) -> Result<Plan, ArgError> {
    let component = args.required("component_uid");
    let variables: Vec<Value> = args
        .pairs("variables")
        .into_iter()
        .map(|(name, value)| json!({ "name": name, "value": value }))
        .collect();
    let name = args
        .text("job_name")
        .map(str::to_owned)
        .unwrap_or_else(|| format!("MCP quick job: {component}"));
    let body = json!({
        "jobName": name,
        "jobComponent": { "componentUid": component, "variables": variables },
    });
    Ok(Plan::Change {
        call: Call::with(
            Verb::Put,
            path(&["/api/v2/device/", args.required("device_uid"), "/quickjob"]),
            Some(body),
        ),
        answer: Value::Null,
        records: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(tool: &str, args: Value) -> Result<Plan, ArgError> {
        CATALOG.plan_of(tool, args)
    }

    fn first_path(plan: &Plan) -> &str {
        &plan.first_call().unwrap().path
    }

    #[test]
    fn devices_use_account_filters_or_the_site_list_with_local_filters() {
        let account = plan(
            "datto_list_devices",
            json!({"hostname": "DC", "device_type": "Server"}),
        )
        .unwrap();
        assert_eq!(
            first_path(&account),
            "/api/v2/account/devices?hostname=DC&deviceType=Server"
        );
        let site = plan(
            "datto_list_devices",
            json!({"site_uid": "s-1", "hostname": "dc", "limit": 3}),
        )
        .unwrap();
        let Plan::List {
            call,
            keep,
            limit,
            records,
        } = site
        else {
            panic!()
        };
        assert_eq!(call.path, "/api/v2/site/s-1/devices");
        assert_eq!(
            (limit, records, keep.len()),
            (3, Some(Records::At("devices")), 1)
        );
    }

    #[test]
    fn device_by_uid_or_id_but_not_both() {
        assert_eq!(
            first_path(&plan("datto_get_device", json!({"device_uid": "u"})).unwrap()),
            "/api/v2/device/u"
        );
        assert_eq!(
            first_path(&plan("datto_get_device", json!({"device_id": 700101})).unwrap()),
            "/api/v2/device/id/700101"
        );
        assert!(plan("datto_get_device", json!({})).is_err());
        assert!(plan(
            "datto_get_device",
            json!({"device_uid": "u", "device_id": "1"})
        )
        .is_err());
    }

    #[test]
    fn alerts_by_scope_and_status() {
        assert_eq!(
            first_path(&plan("datto_list_alerts", json!({})).unwrap()),
            "/api/v2/account/alerts/open"
        );
        assert_eq!(
            first_path(
                &plan(
                    "datto_list_alerts",
                    json!({"status": "resolved", "device_uid": "d"})
                )
                .unwrap()
            ),
            "/api/v2/device/d/alerts/resolved"
        );
        assert!(plan(
            "datto_list_alerts",
            json!({"site_uid": "s", "device_uid": "d"})
        )
        .is_err());
        assert!(plan("datto_list_alerts", json!({"status": "closed"})).is_err());
    }

    #[test]
    fn quickjob_body_carries_component_and_variables() {
        let job = plan(
            "datto_run_quickjob",
            json!({"device_uid": "d", "component_uid": "c", "variables": {"Service": "Spooler"}}),
        )
        .unwrap();
        let Plan::Change { call, .. } = job else {
            panic!()
        };
        assert_eq!(
            (call.method, call.path.as_str()),
            (Verb::Put, "/api/v2/device/d/quickjob")
        );
        let body = call.body.clone().unwrap();
        assert_eq!(body["jobComponent"]["componentUid"], "c");
        assert_eq!(
            body["jobComponent"]["variables"],
            json!([{"name": "Service", "value": "Spooler"}])
        );
        assert!(body["jobName"].as_str().unwrap().contains('c'));
        let tool = CATALOG.find("datto_run_quickjob").unwrap();
        assert_eq!(
            tool.access.safety(),
            crate::vendors::kit::request::Safety::Write
        );
    }

    #[test]
    fn uids_cannot_escape_their_path_segment() {
        assert_eq!(
            first_path(&plan("datto_get_site", json!({"site_uid": "../account"})).unwrap()),
            "/api/v2/site/..%2Faccount"
        );
    }

    #[test]
    fn next_page_and_total_come_from_page_details() {
        use crate::vendors::kit::paging::Seen;
        let first = CATALOG
            .paging
            .first(Call::get("/api/v2/account/devices"), 10);
        assert_eq!(first.path, "/api/v2/account/devices?max=10");
        let page =
            json!({"pageDetails": {"nextPageUrl": "https://x.example/p?page=1", "totalCount": 9}});
        let seen = |body| Seen {
            body,
            link: None,
            url: "https://x.example/api/v2/account/devices?max=10",
            records: 10,
            records_so_far: 10,
        };
        let next = CATALOG
            .paging
            .next(&first, &seen(&page), 10)
            .unwrap()
            .unwrap();
        assert_eq!(
            (next.path.as_str(), next.method),
            ("https://x.example/p?page=1", Verb::Get)
        );
        assert_eq!(CATALOG.paging.total(&page), Some(9));
        let last = json!({"pageDetails": {"nextPageUrl": null}});
        assert_eq!(CATALOG.paging.next(&first, &seen(&last), 10).unwrap(), None);
    }
}
