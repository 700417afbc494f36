//! `/settings/usage`: calls per day per vendor, the error rate, p50/p95 vendor and gateway
//! time, top tools and top users over a date range, as server-rendered SVG charts with a
//! table beside each; and `/settings/usage/export`, the same counters as CSV. Owners and
//! admins see the organisation; members see their own calls.

use super::{notice, or_respond, signed_in, SignedIn};
use crate::config::Config;
use crate::db::{self, Db};
use crate::http;
use crate::ui::pages::{DayCalls, DayErrors, LatencyView, TopView, UsagePage};
use crate::ui::render;
use crate::usage::chart::{self, Labels, Series};
use crate::usage::report::{self, Range, TopRow};
use crate::usage::store::{self, Scope};
use worker::{Request, Response, Result};

/// How many tools and users the rankings show.
const TOP: i64 = 10;

fn scope(signed_in: &SignedIn) -> Scope<'_> {
    let user = &signed_in.user;
    Scope {
        tenant_id: &user.tenant_id,
        user_id: (!signed_in.is_admin()).then_some(user.user_id.as_str()),
    }
}

fn vendor_name(id: &str) -> String {
    crate::vendors::find(id).map_or_else(|| id.to_owned(), |v| v.name.to_owned())
}

/// `GET /settings/usage[?from=YYYY-MM-DD&to=YYYY-MM-DD]`.
pub async fn show(req: Request, config: &Config, db: &Db) -> Result<Response> {
    let (signed_in, query) = or_respond!(signed_in(&req, config, db).await);
    let today = report::today(db::now());
    let (range, error) = match Range::parse(query.get("from"), query.get("to"), today) {
        Ok(range) => (range, None),
        Err(problem) => (
            Range::default_until(today),
            Some(format!(
                "That date range cannot be shown: {problem}. Showing the last 30 days."
            )),
        ),
    };
    let scope = scope(&signed_in);
    let days = store::days(db, scope, &range).await?;
    let latencies = store::latencies(db, scope, &range).await?;
    let tools = store::top_tools(db, scope, &range, TOP).await?;
    let users = if signed_in.is_admin() {
        store::top_users(db, scope, &range, TOP).await?
    } else {
        Vec::new()
    };

    let (day_labels, vendor_days) = report::day_series(&range, &days);
    let total_calls: i64 = days.iter().map(|d| d.calls).sum();
    let total_errors: i64 = days.iter().map(|d| d.errors).sum();
    let vendor_names: Vec<String> = vendor_days.iter().map(|(v, _)| vendor_name(v)).collect();
    let span = format!("{} to {}", range.from, range.to);

    let calls_chart = chart::columns(
        &Labels {
            id: "chart-calls",
            title: "Calls per day per vendor",
            desc: &format!("{total_calls} calls from {span}, stacked by vendor."),
            x_axis: "Day (UTC)",
            y_axis: "Calls",
        },
        &day_labels,
        &vendor_days
            .iter()
            .zip(&vendor_names)
            .map(|((_, values), name)| Series {
                name: name.clone(),
                values: values.iter().map(|v| *v as f64).collect(),
            })
            .collect::<Vec<_>>(),
    );
    let calls_table = day_labels
        .iter()
        .enumerate()
        .filter_map(|(i, day)| {
            let counts: Vec<i64> = vendor_days.iter().map(|(_, values)| values[i]).collect();
            let total: i64 = counts.iter().sum();
            (total > 0).then(|| DayCalls {
                day: day.clone(),
                counts,
                total,
            })
        })
        .collect();

    let rates = report::error_rates(&range, &days);
    let error_chart = chart::columns(
        &Labels {
            id: "chart-errors",
            title: "Error rate per day",
            desc: &format!(
                "{total_errors} of {total_calls} calls failed ({}%) from {span}.",
                chart::number(report::rate(total_calls, total_errors))
            ),
            x_axis: "Day (UTC)",
            y_axis: "Errors (% of calls)",
        },
        &day_labels,
        &[Series {
            name: "Error rate (%)".into(),
            values: rates.iter().map(|(_, _, rate)| *rate).collect(),
        }],
    );
    let error_table = day_labels
        .iter()
        .zip(&rates)
        .filter(|(_, (calls, _, _))| *calls > 0)
        .map(|(day, (calls, errors, rate))| DayErrors {
            day: day.clone(),
            calls: *calls,
            errors: *errors,
            rate: chart::number(*rate),
        })
        .collect();

    let latency_rows: Vec<LatencyView> = latencies
        .iter()
        .map(|row| {
            let ms = |p: Option<f64>| p.map(|v| v.round() as i64).unwrap_or(0);
            let (v, g) = (row.vendor_buckets(), row.gateway_buckets());
            LatencyView {
                vendor: vendor_name(&row.vendor),
                calls: row.calls,
                vendor_p50: ms(report::percentile(&v, 0.5)),
                vendor_p95: ms(report::percentile(&v, 0.95)),
                gateway_p50: ms(report::percentile(&g, 0.5)),
                gateway_p95: ms(report::percentile(&g, 0.95)),
            }
        })
        .collect();
    let latency_chart = chart::bars(
        &Labels {
            id: "chart-latency",
            title: "p50 and p95 vendor and gateway time per vendor",
            desc: &format!(
                "Milliseconds, estimated from latency buckets, for {} vendors from {span}.",
                latency_rows.len()
            ),
            x_axis: "Milliseconds",
            y_axis: "Vendor",
        },
        &latency_rows
            .iter()
            .map(|row| {
                (
                    row.vendor.clone(),
                    vec![
                        row.vendor_p50 as f64,
                        row.vendor_p95 as f64,
                        row.gateway_p50 as f64,
                        row.gateway_p95 as f64,
                    ],
                )
            })
            .collect::<Vec<_>>(),
        &["vendor p50", "vendor p95", "gateway p50", "gateway p95"],
    );

    let tool_views = top_views(&tools, true);
    let tools_chart = ranking_chart("chart-tools", "Top tools", "Tool", &tool_views, &span);
    let user_views = top_views(&users, false);
    let users_chart = ranking_chart("chart-users", "Top users", "User", &user_views, &span);

    let export_query = format!("from={}&to={}", range.from, range.to);
    let page = UsagePage {
        nav: signed_in.nav("/settings/usage", notice(query.get("notice"))),
        tenant_wide: signed_in.is_admin(),
        from: range.from.to_string(),
        to: range.to.to_string(),
        error,
        total_calls,
        total_errors,
        error_rate: chart::number(report::rate(total_calls, total_errors)),
        vendor_names,
        calls_chart,
        calls_table,
        error_chart,
        error_table,
        latency_chart,
        latency_rows,
        tools_chart,
        tools: tool_views,
        users_chart,
        users: user_views,
        export_query,
    };
    signed_in.page(200, render(&page))
}

fn top_views(rows: &[TopRow], with_vendor: bool) -> Vec<TopView> {
    rows.iter()
        .map(|row| TopView {
            label: row
                .label
                .clone()
                .unwrap_or_else(|| "former member".to_owned()),
            vendor: if with_vendor {
                row.vendor.as_deref().map(vendor_name).unwrap_or_default()
            } else {
                String::new()
            },
            calls: row.calls,
            errors: row.errors,
        })
        .collect()
}

fn ranking_chart(id: &str, title: &str, what: &str, rows: &[TopView], span: &str) -> String {
    chart::bars(
        &Labels {
            id,
            title,
            desc: &format!(
                "Calls and errors of the {} most active from {span}.",
                rows.len()
            ),
            x_axis: "Calls",
            y_axis: what,
        },
        &rows
            .iter()
            .map(|row| (row.label.clone(), vec![row.calls as f64, row.errors as f64]))
            .collect::<Vec<_>>(),
        &["calls", "errors"],
    )
}

/// `GET /settings/usage/export?from&to`: the counters per day, vendor, tool and user as CSV.
pub async fn export(req: Request, config: &Config, db: &Db) -> Result<Response> {
    let (signed_in, query) = or_respond!(signed_in(&req, config, db).await);
    let today = report::today(db::now());
    let range = match Range::parse(query.get("from"), query.get("to"), today) {
        Ok(range) => range,
        Err(problem) => {
            return http::error(400, "invalid_range", &format!("{problem}."));
        }
    };
    let rows = store::export(db, scope(&signed_in), &range).await?;
    let mut response = Response::ok(report::to_csv(&rows))?;
    http::set_header(&mut response, "content-type", "text/csv; charset=utf-8")?;
    http::set_header(
        &mut response,
        "content-disposition",
        &format!(
            "attachment; filename=\"usage-{}-{}.csv\"",
            range.from, range.to
        ),
    )?;
    http::set_header(&mut response, "cache-control", "no-store")?;
    signed_in.browser.finish(response)
}
