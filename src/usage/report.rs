//! What `/settings/usage` and its export show, computed from the counters' rows: the date
//! range, day series per vendor, error rates, percentiles read from the histograms, and the
//! CSV. Pure, so every rule is tested natively.

use super::{BUCKETS, BUCKET_BOUNDS_MS};
use chrono::{Duration, NaiveDate};
use serde::Deserialize;

/// The longest range one page or export covers, in days (the counters' default retention).
pub const MAX_RANGE_DAYS: i64 = 395;
/// The range shown when none is asked for, in days.
pub const DEFAULT_RANGE_DAYS: i64 = 30;

/// A range of whole UTC days, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Range {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

/// Why a range was refused; the page says so and shows the default range.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RangeError {
    #[error("dates are written YYYY-MM-DD")]
    Malformed,
    #[error("the start date is after the end date")]
    Reversed,
    #[error("a range covers at most {MAX_RANGE_DAYS} days")]
    TooLong,
}

impl Range {
    /// The last [`DEFAULT_RANGE_DAYS`] days up to `today`.
    pub fn default_until(today: NaiveDate) -> Self {
        Self {
            from: today - Duration::days(DEFAULT_RANGE_DAYS - 1),
            to: today,
        }
    }

    /// The range from the query's `from` and `to` (either may be missing: the default fills
    /// it in).
    pub fn parse(
        from: Option<&str>,
        to: Option<&str>,
        today: NaiveDate,
    ) -> Result<Self, RangeError> {
        let date = |text: &str| {
            NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| RangeError::Malformed)
        };
        let to = match to.filter(|t| !t.trim().is_empty()) {
            Some(text) => date(text)?,
            None => today,
        };
        let from = match from.filter(|t| !t.trim().is_empty()) {
            Some(text) => date(text)?,
            None => to - Duration::days(DEFAULT_RANGE_DAYS - 1),
        };
        if from > to {
            return Err(RangeError::Reversed);
        }
        if (to - from).num_days() + 1 > MAX_RANGE_DAYS {
            return Err(RangeError::TooLong);
        }
        Ok(Self { from, to })
    }

    /// Unix seconds at the start of `from`.
    pub fn start(&self) -> i64 {
        seconds(self.from)
    }

    /// Unix seconds at the end of `to` (exclusive).
    pub fn end(&self) -> i64 {
        seconds(self.to) + 86_400
    }

    /// Every day of the range, in order.
    pub fn days(&self) -> Vec<NaiveDate> {
        self.from
            .iter_days()
            .take_while(|d| *d <= self.to)
            .collect()
    }
}

fn seconds(day: NaiveDate) -> i64 {
    day.and_hms_opt(0, 0, 0)
        .map(|t| t.and_utc().timestamp())
        .unwrap_or_default()
}

/// Today's date (UTC) from Unix seconds.
pub fn today(now: i64) -> NaiveDate {
    chrono::DateTime::from_timestamp(now, 0)
        .map(|t| t.date_naive())
        .unwrap_or_default()
}

/// Calls of one vendor on one day.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct DayRow {
    /// Unix seconds at the start of the day.
    pub day: i64,
    pub vendor: String,
    pub calls: i64,
    pub errors: i64,
}

/// Summed counters and histograms for one group (a vendor, or everything).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct LatencyRow {
    #[serde(default)]
    pub vendor: String,
    pub calls: i64,
    pub vendor_ms: i64,
    pub gateway_ms: i64,
    pub v0: i64,
    pub v1: i64,
    pub v2: i64,
    pub v3: i64,
    pub v4: i64,
    pub v5: i64,
    pub v6: i64,
    pub v7: i64,
    pub v8: i64,
    pub v9: i64,
    pub v10: i64,
    pub v11: i64,
    pub g0: i64,
    pub g1: i64,
    pub g2: i64,
    pub g3: i64,
    pub g4: i64,
    pub g5: i64,
    pub g6: i64,
    pub g7: i64,
    pub g8: i64,
    pub g9: i64,
    pub g10: i64,
    pub g11: i64,
}

impl LatencyRow {
    /// The vendor-time histogram.
    pub fn vendor_buckets(&self) -> [i64; BUCKETS] {
        [
            self.v0, self.v1, self.v2, self.v3, self.v4, self.v5, self.v6, self.v7, self.v8,
            self.v9, self.v10, self.v11,
        ]
    }

    /// The gateway-time histogram.
    pub fn gateway_buckets(&self) -> [i64; BUCKETS] {
        [
            self.g0, self.g1, self.g2, self.g3, self.g4, self.g5, self.g6, self.g7, self.g8,
            self.g9, self.g10, self.g11,
        ]
    }
}

/// A ranked row: a tool or a user, with its calls and errors.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct TopRow {
    pub label: Option<String>,
    #[serde(default)]
    pub vendor: Option<String>,
    pub calls: i64,
    pub errors: i64,
}

/// The upper end assumed for the open last bucket, to interpolate within it.
const LAST_BUCKET_END_MS: f64 = 60_000.0;

/// The `p`-th percentile (0 < p ≤ 1) of a histogram, in milliseconds, interpolated linearly
/// within the bucket it falls in; `None` for an empty histogram.
pub fn percentile(buckets: &[i64; BUCKETS], p: f64) -> Option<f64> {
    let total: i64 = buckets.iter().sum();
    if total <= 0 {
        return None;
    }
    let rank = p.clamp(0.0, 1.0) * total as f64;
    let mut below = 0.0;
    for (i, count) in buckets.iter().enumerate() {
        let count = *count as f64;
        if count > 0.0 && below + count >= rank {
            let lower = if i == 0 {
                0.0
            } else {
                BUCKET_BOUNDS_MS[i - 1] as f64
            };
            let upper = BUCKET_BOUNDS_MS
                .get(i)
                .map_or(LAST_BUCKET_END_MS, |b| *b as f64);
            let within = ((rank - below) / count).clamp(0.0, 1.0);
            return Some(lower + (upper - lower) * within);
        }
        below += count;
    }
    None
}

/// Calls per day per vendor, laid out for a chart: the day labels, and per vendor one value
/// per day (zero where nothing was called). Vendors are ordered by total calls.
pub fn day_series(range: &Range, rows: &[DayRow]) -> (Vec<String>, Vec<(String, Vec<i64>)>) {
    let days = range.days();
    let start = range.start();
    let mut vendors: Vec<(String, Vec<i64>)> = Vec::new();
    for row in rows {
        let index = ((row.day - start) / 86_400) as usize;
        if index >= days.len() {
            continue;
        }
        let position = match vendors.iter().position(|(v, _)| *v == row.vendor) {
            Some(position) => position,
            None => {
                vendors.push((row.vendor.clone(), vec![0; days.len()]));
                vendors.len() - 1
            }
        };
        vendors[position].1[index] += row.calls;
    }
    vendors.sort_by_key(|(name, values)| (-values.iter().sum::<i64>(), name.clone()));
    let labels = days.iter().map(|d| d.format("%m-%d").to_string()).collect();
    (labels, vendors)
}

/// Per day: calls, errors and the error rate in percent (0 on a day without calls).
pub fn error_rates(range: &Range, rows: &[DayRow]) -> Vec<(i64, i64, f64)> {
    let days = range.days();
    let start = range.start();
    let mut totals = vec![(0i64, 0i64); days.len()];
    for row in rows {
        let index = ((row.day - start) / 86_400) as usize;
        if let Some(slot) = totals.get_mut(index) {
            slot.0 += row.calls;
            slot.1 += row.errors;
        }
    }
    totals
        .into_iter()
        .map(|(calls, errors)| (calls, errors, rate(calls, errors)))
        .collect()
}

/// Errors as a percentage of calls, one decimal.
pub fn rate(calls: i64, errors: i64) -> f64 {
    if calls <= 0 {
        0.0
    } else {
        (errors as f64 * 1_000.0 / calls as f64).round() / 10.0
    }
}

/// One line of the CSV export.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ExportRow {
    pub day: i64,
    pub vendor: String,
    pub tool: String,
    pub user: Option<String>,
    pub calls: i64,
    pub cancelled: i64,
    pub err_arguments: i64,
    pub err_auth: i64,
    pub err_refused: i64,
    pub err_rate_limited: i64,
    pub err_unavailable: i64,
    pub err_gateway: i64,
    /// Calls a kill switch held back (`src/killswitch.rs`).
    #[serde(default)]
    pub err_paused: i64,
    pub vendor_ms: i64,
    pub gateway_ms: i64,
}

/// The CSV export: a header, then one row per day, vendor, tool and user (RFC 4180, with the
/// audit export's guard against spreadsheet formulas).
pub fn to_csv(rows: &[ExportRow]) -> String {
    let mut out = String::from(
        "date,vendor,tool,user,calls,cancelled,errors_arguments,errors_auth,errors_refused,errors_rate_limited,errors_unavailable,errors_gateway,errors_paused,vendor_ms_total,gateway_ms_total\r\n",
    );
    for row in rows {
        let date = chrono::DateTime::from_timestamp(row.day, 0)
            .map(|t| t.format("%Y-%m-%d").to_string())
            .unwrap_or_default();
        let text = [
            date,
            row.vendor.clone(),
            row.tool.clone(),
            row.user.clone().unwrap_or_else(|| "former member".into()),
        ];
        let numbers = [
            row.calls,
            row.cancelled,
            row.err_arguments,
            row.err_auth,
            row.err_refused,
            row.err_rate_limited,
            row.err_unavailable,
            row.err_gateway,
            row.err_paused,
            row.vendor_ms,
            row.gateway_ms,
        ];
        let fields: Vec<String> = text
            .iter()
            .map(|f| crate::audit::csv_field(f))
            .chain(numbers.iter().map(i64::to_string))
            .collect();
        out.push_str(&fields.join(","));
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn ranges_default_validate_and_cover_whole_days() {
        let today = day("2026-12-07");
        let range = Range::parse(None, None, today).unwrap();
        assert_eq!(range, Range::default_until(today));
        assert_eq!(range.days().len(), 30);
        let one = Range::parse(Some("2026-12-01"), Some("2026-12-01"), today).unwrap();
        assert_eq!(one.end() - one.start(), 86_400);
        assert_eq!(one.start(), 1_796_083_200);
        assert_eq!(
            Range::parse(Some("2026-12-05"), Some("2026-12-01"), today),
            Err(RangeError::Reversed)
        );
        assert_eq!(
            Range::parse(Some("12/01/2026"), None, today),
            Err(RangeError::Malformed)
        );
        assert_eq!(
            Range::parse(Some("2024-01-01"), Some("2026-01-01"), today),
            Err(RangeError::TooLong)
        );
    }

    #[test]
    fn percentiles_come_from_the_buckets() {
        let mut buckets = [0i64; BUCKETS];
        assert_eq!(percentile(&buckets, 0.5), None);
        // 100 calls: 50 in (25, 50], 45 in (50, 100], 5 in (1000, 2500].
        buckets[2] = 50;
        buckets[3] = 45;
        buckets[7] = 5;
        assert_eq!(percentile(&buckets, 0.5), Some(50.0));
        let p95 = percentile(&buckets, 0.95).unwrap();
        assert!((p95 - 100.0).abs() < 1e-9, "{p95}");
        let p99 = percentile(&buckets, 0.99).unwrap();
        assert!(p99 > 1_000.0 && p99 <= 2_500.0, "{p99}");
        let mut slow = [0i64; BUCKETS];
        slow[BUCKETS - 1] = 1;
        assert_eq!(percentile(&slow, 1.0), Some(60_000.0));
    }

    #[test]
    fn day_series_fill_gaps_and_rank_vendors() {
        let range =
            Range::parse(Some("2026-12-01"), Some("2026-12-03"), day("2026-12-07")).unwrap();
        let start = range.start();
        let rows = vec![
            DayRow {
                day: start,
                vendor: "itglue".into(),
                calls: 1,
                errors: 0,
            },
            DayRow {
                day: start + 2 * 86_400,
                vendor: "datto-rmm".into(),
                calls: 4,
                errors: 1,
            },
            DayRow {
                day: start + 2 * 86_400,
                vendor: "itglue".into(),
                calls: 1,
                errors: 1,
            },
        ];
        let (labels, series) = day_series(&range, &rows);
        assert_eq!(labels, vec!["12-01", "12-02", "12-03"]);
        assert_eq!(series[0], ("datto-rmm".into(), vec![0, 0, 4]));
        assert_eq!(series[1], ("itglue".into(), vec![1, 0, 1]));
        let rates = error_rates(&range, &rows);
        assert_eq!(rates, vec![(1, 0, 0.0), (0, 0, 0.0), (5, 2, 40.0)]);
    }

    #[test]
    fn csv_names_every_counter_and_guards_formulas() {
        let csv = to_csv(&[ExportRow {
            day: 1_796_083_200,
            vendor: "datto-rmm".into(),
            tool: "datto_list_sites".into(),
            user: Some("=cmd@x.example".into()),
            calls: 3,
            cancelled: 0,
            err_arguments: 1,
            err_auth: 0,
            err_refused: 0,
            err_rate_limited: 0,
            err_unavailable: 1,
            err_gateway: 0,
            err_paused: 2,
            vendor_ms: 300,
            gateway_ms: 12,
        }]);
        let lines: Vec<&str> = csv.split("\r\n").collect();
        assert!(lines[0].starts_with("date,vendor,tool,user,calls"));
        assert_eq!(
            lines[1],
            "2026-12-01,datto-rmm,datto_list_sites,'=cmd@x.example,3,0,1,0,0,0,1,0,2,300,12"
        );
    }
}
