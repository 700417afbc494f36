//! The usage panel on `/settings/vendors`: for each vendor account the signed-in person's
//! connections spend from, the calls this hour and today, the budget left and the 429s seen,
//! as the account's governor object (`src/governor/`) counts them. One object round trip per
//! account at page render; nothing on the tool-call path.

use super::when;
use crate::config::Config;
use crate::governor::{self, ledger::Usage};
use crate::ui::pages::BudgetPanel;
use crate::vault::connections::{status, Connection};
use crate::vendors;
use crate::vendors::kit::fields::Credentials;
use std::collections::BTreeMap;
use worker::Env;

/// One panel per vendor account among `connections` (the person's own), in vendor order.
pub async fn panels(
    env: &Env,
    config: &Config,
    tenant_id: &str,
    connections: &[Connection],
) -> Vec<BudgetPanel> {
    let mut accounts: BTreeMap<String, (&'static vendors::Vendor, String)> = BTreeMap::new();
    for connection in connections.iter().filter(|c| c.status != status::REVOKED) {
        let Some(vendor) = vendors::find(&connection.vendor) else {
            continue;
        };
        let Some(api) = vendor.api else {
            continue;
        };
        // Only the plain settings: where the account is never depends on a secret.
        let credentials = Credentials {
            settings: serde_json::from_str(&connection.settings).unwrap_or_default(),
            secrets: BTreeMap::new(),
        };
        let root = (api.upstream.base_url)(&credentials);
        let account = governor::account(tenant_id, vendor.id, &api.upstream, &credentials);
        accounts.entry(account).or_insert((vendor, root));
    }
    let mut panels = Vec::new();
    for (account, (vendor, root)) in accounts {
        let Some(api) = vendor.api else {
            continue;
        };
        let Some(budget) = governor::budget(config, vendor.id, &api.upstream) else {
            continue;
        };
        let usage = governor::usage(env, config, &account, &budget).await.ok();
        panels.push(panel(
            vendor,
            &root,
            config.budget_headroom_percent,
            budget.requests,
            usage,
        ));
    }
    panels
}

/// The panel's words and figures (pure).
fn panel(
    vendor: &vendors::Vendor,
    root: &str,
    headroom_percent: u32,
    requests: u32,
    usage: Option<Usage>,
) -> BudgetPanel {
    let host = root
        .split_once("://")
        .map_or(root, |(_, rest)| rest)
        .trim_end_matches('/')
        .to_owned();
    let Some(usage) = usage else {
        return BudgetPanel {
            vendor_id: vendor.id,
            account: host,
            available: false,
            ..BudgetPanel::default()
        };
    };
    BudgetPanel {
        vendor_id: vendor.id,
        account: host,
        available: true,
        budget: format!(
            "{} requests per {} ({} of the vendor's {}; {}% is left to your other integrations)",
            usage.spendable,
            window(usage.per_seconds),
            usage.spendable,
            requests,
            headroom_percent
        ),
        left: usage.left,
        used: usage.used,
        calls_this_hour: usage.calls_this_hour,
        calls_today: usage.calls_today,
        rate_limited: usage.rate_limited_today,
        blocked_until: usage
            .blocked_until
            .map(|ms| when(Some((ms / 1000.0).ceil() as i64))),
        vendor_count: usage.vendor.map(|(observed, at)| {
            format!(
                "{} of {} in the vendor's own count, read {}",
                observed.count,
                observed.threshold,
                when(Some((at / 1000.0) as i64))
            )
        }),
    }
}

/// "hour", "minute", "5 minutes", "90 seconds".
fn window(seconds: u32) -> String {
    match seconds {
        3_600 => "hour".to_owned(),
        60 => "minute".to_owned(),
        s if s % 3_600 == 0 => format!("{} hours", s / 3_600),
        s if s % 60 == 0 => format!("{} minutes", s / 60),
        s => format!("{s} seconds"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panel_names_the_account_its_share_and_its_counts() {
        let autotask = vendors::find("autotask").unwrap();
        let usage = Usage {
            spendable: 8_000,
            per_seconds: 3_600,
            used: 120,
            left: 7_880,
            calls_this_hour: 100,
            calls_today: 300,
            rate_limited_today: 2,
            blocked_until: None,
            vendor: None,
        };
        let shown = panel(
            autotask,
            "https://webservices.autotask.net",
            20,
            10_000,
            Some(usage),
        );
        assert_eq!(shown.account, "webservices.autotask.net");
        assert_eq!(
            shown.budget,
            "8000 requests per hour (8000 of the vendor's 10000; 20% is left to your other integrations)"
        );
        assert_eq!(
            (
                shown.left,
                shown.calls_this_hour,
                shown.calls_today,
                shown.rate_limited
            ),
            (7_880, 100, 300, 2)
        );
        assert!(shown.available);
        let missing = panel(
            autotask,
            "https://webservices.autotask.net",
            20,
            10_000,
            None,
        );
        assert!(!missing.available);
        assert_eq!(window(300), "5 minutes");
        assert_eq!(window(180), "3 minutes");
        assert_eq!(window(90), "90 seconds");
    }
}
