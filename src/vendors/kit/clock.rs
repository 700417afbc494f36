//! The current time, for vendors whose answers carry an absolute expiry (Automate's token
//! `ExpirationDate`): the JavaScript clock in the Worker, the system clock in native tests.
//! Code that reads expiries takes `now` as an argument, so it stays pure and testable.

/// Seconds since the Unix epoch.
pub fn now_seconds() -> i64 {
    #[cfg(target_arch = "wasm32")]
    {
        (js_sys::Date::now() / 1000.0) as i64
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |elapsed| elapsed.as_secs() as i64)
    }
}

/// Seconds since the Unix epoch of an ISO 8601 date and time (`2026-12-07T05:00:00Z`,
/// `2026-12-07T05:00:00.123+01:00`, or without an offset, read as UTC); `None` when it is not
/// one.
pub fn parse_iso8601(text: &str) -> Option<i64> {
    let text = text.trim();
    let (date, time) = text.split_once(['T', ' '])?;
    let mut parts = date.splitn(3, '-');
    let year: i64 = parts.next()?.parse().ok()?;
    let month: i64 = parts.next()?.parse().ok()?;
    let day: i64 = parts.next()?.parse().ok()?;
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    let (clock, offset) = match time.find(['Z', 'z', '+', '-']) {
        Some(at) => (&time[..at], &time[at..]),
        None => (time, ""),
    };
    let clock = clock.split('.').next()?;
    let mut hms = clock.splitn(3, ':');
    let hour: i64 = hms.next()?.parse().ok()?;
    let minute: i64 = hms.next()?.parse().ok()?;
    let second: i64 = hms.next().unwrap_or("0").parse().ok()?;
    if hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let offset_seconds = match offset {
        "" | "Z" | "z" => 0,
        signed => {
            let sign = if signed.starts_with('-') { -1 } else { 1 };
            let (h, m) = signed[1..].split_once(':').unwrap_or((&signed[1..], "0"));
            sign * (h.parse::<i64>().ok()? * 3600 + m.parse::<i64>().ok()? * 60)
        }
    };
    Some(
        days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second
            - offset_seconds,
    )
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's civil-from-days
/// algorithm, https://howardhinnant.github.io/date_algorithms.html#days_from_civil).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_index = (month + 9) % 12;
    let day_of_year = (153 * month_index + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_dates_become_epoch_seconds() {
        assert_eq!(parse_iso8601("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(parse_iso8601("2026-12-07T05:00:00Z"), Some(1_796_619_600));
        assert_eq!(
            parse_iso8601("2026-12-07T05:00:00.5123Z"),
            Some(1_796_619_600)
        );
        assert_eq!(
            parse_iso8601("2026-12-07T06:00:00+01:00"),
            Some(1_796_619_600)
        );
        assert_eq!(parse_iso8601("2026-12-07T05:00:00"), Some(1_796_619_600));
        assert_eq!(parse_iso8601("2000-03-01T00:00:00Z"), Some(951_868_800));
        for bad in [
            "",
            "tomorrow",
            "2026-13-01T00:00:00Z",
            "2026-12-07",
            "2026-12-07T25:00:00Z",
        ] {
            assert_eq!(parse_iso8601(bad), None, "{bad}");
        }
        assert!(now_seconds() > 1_700_000_000);
    }
}
