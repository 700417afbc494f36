//! Server-rendered SVG charts for `/settings/usage`: no script, no third-party code. Each
//! chart is an `<svg role="img">` named by its `<title>` and described by its `<desc>` (the
//! totals in words), with labelled axes; the page puts a data table beside each one.
//!
//! Every text that comes from data (vendor, tool and user names) is XML-escaped here, because
//! the page inserts the finished SVG as markup.

use std::fmt::Write as _;

/// Fill colours, in series order: distinguishable for the common colour-vision deficiencies
/// (Okabe–Ito palette) and at least 3:1 against white.
pub const PALETTE: [&str; 6] = [
    "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#8C6D00", "#56B4E9",
];

const WIDTH: f64 = 720.0;
const LEFT: f64 = 64.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 36.0;

/// One named series of values, one per category.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub name: String,
    pub values: Vec<f64>,
}

/// What every chart needs to be named and read.
#[derive(Debug, Clone, Copy)]
pub struct Labels<'a> {
    /// Unique on the page: the ids of the title and description derive from it.
    pub id: &'a str,
    /// The accessible name.
    pub title: &'a str,
    /// The accessible description (what the chart shows, in words).
    pub desc: &'a str,
    pub x_axis: &'a str,
    pub y_axis: &'a str,
}

/// XML-escapes text for element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A round number at or above `max` (1, 2 or 5 times a power of ten), for the top of an axis.
pub fn nice_max(max: f64) -> f64 {
    if max <= 0.0 || !max.is_finite() {
        return 1.0;
    }
    let magnitude = 10f64.powf(max.log10().floor());
    for step in [1.0, 2.0, 5.0, 10.0] {
        if step * magnitude >= max {
            return step * magnitude;
        }
    }
    10.0 * magnitude
}

/// A number for an axis or a bar: integers plainly, small fractions with one decimal.
pub fn number(value: f64) -> String {
    if (value - value.round()).abs() < 1e-9 {
        format!("{}", value.round() as i64)
    } else {
        format!("{value:.1}")
    }
}

fn open(out: &mut String, labels: &Labels<'_>, height: f64) {
    let id = escape(labels.id);
    let _ = write!(
        out,
        r#"<svg class="chart" role="img" aria-labelledby="{id}-title" aria-describedby="{id}-desc" viewBox="0 0 {WIDTH} {height}" xmlns="http://www.w3.org/2000/svg"><title id="{id}-title">{}</title><desc id="{id}-desc">{}</desc>"#,
        escape(labels.title),
        escape(labels.desc)
    );
}

fn legend(out: &mut String, names: &[&str]) {
    let mut x = LEFT;
    for (i, name) in names.iter().enumerate() {
        let _ = write!(
            out,
            r#"<rect x="{x}" y="8" width="12" height="12" fill="{}"/><text x="{}" y="18" class="legend">{}</text>"#,
            PALETTE[i % PALETTE.len()],
            x + 16.0,
            escape(name)
        );
        x += 28.0 + name.chars().count() as f64 * 7.0;
    }
}

/// Stacked columns: one column per category (x), one stacked segment per series.
pub fn columns(labels: &Labels<'_>, categories: &[String], series: &[Series]) -> String {
    let height = 300.0;
    let bottom = 52.0;
    let plot_w = WIDTH - LEFT - RIGHT;
    let plot_h = height - TOP - bottom;
    let totals: Vec<f64> = (0..categories.len())
        .map(|i| {
            series
                .iter()
                .map(|s| s.values.get(i).copied().unwrap_or(0.0))
                .sum()
        })
        .collect();
    let top = nice_max(totals.iter().copied().fold(0.0, f64::max));
    let mut out = String::new();
    open(&mut out, labels, height);
    legend(
        &mut out,
        &series.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(),
    );
    axes(&mut out, labels, top, plot_h, height, bottom);
    let n = categories.len().max(1) as f64;
    let slot = plot_w / n;
    let bar = (slot * 0.7).max(1.0);
    let every = (categories.len() / 8).max(1);
    for (i, category) in categories.iter().enumerate() {
        let x = LEFT + slot * i as f64 + (slot - bar) / 2.0;
        let mut y = TOP + plot_h;
        for (s, one) in series.iter().enumerate() {
            let value = one.values.get(i).copied().unwrap_or(0.0);
            if value <= 0.0 {
                continue;
            }
            let h = value / top * plot_h;
            y -= h;
            let _ = write!(
                out,
                r#"<rect x="{x:.1}" y="{y:.1}" width="{bar:.1}" height="{h:.1}" fill="{}"><title>{}: {} {}</title></rect>"#,
                PALETTE[s % PALETTE.len()],
                escape(category),
                escape(&one.name),
                number(value)
            );
        }
        if i % every == 0 {
            let _ = write!(
                out,
                r#"<text x="{:.1}" y="{:.1}" class="tick" text-anchor="middle">{}</text>"#,
                x + bar / 2.0,
                TOP + plot_h + 16.0,
                escape(category)
            );
        }
    }
    out.push_str("</svg>");
    out
}

fn axes(out: &mut String, labels: &Labels<'_>, top: f64, plot_h: f64, height: f64, bottom: f64) {
    let right = WIDTH - RIGHT;
    for step in 0..=4 {
        let value = top * step as f64 / 4.0;
        let y = TOP + plot_h - plot_h * step as f64 / 4.0;
        let _ = write!(
            out,
            r##"<line x1="{LEFT}" x2="{right}" y1="{y:.1}" y2="{y:.1}" stroke="#d0d4da"/><text x="{:.1}" y="{:.1}" class="tick" text-anchor="end">{}</text>"##,
            LEFT - 6.0,
            y + 4.0,
            number(value)
        );
    }
    let _ = write!(
        out,
        r#"<text x="{:.1}" y="{:.1}" class="axis" text-anchor="middle">{}</text><text x="14" y="{:.1}" class="axis" text-anchor="middle" transform="rotate(-90 14 {:.1})">{}</text>"#,
        LEFT + (WIDTH - LEFT - RIGHT) / 2.0,
        height - bottom + 40.0,
        escape(labels.x_axis),
        TOP + plot_h / 2.0,
        TOP + plot_h / 2.0,
        escape(labels.y_axis)
    );
}

/// Horizontal bars: one group per row label, one bar per series (`names`) in the group.
pub fn bars(labels: &Labels<'_>, rows: &[(String, Vec<f64>)], names: &[&str]) -> String {
    let label_w = 200.0;
    let group_h = 10.0 + 14.0 * names.len().max(1) as f64;
    let bottom = 44.0;
    let height = TOP + group_h * rows.len().max(1) as f64 + bottom;
    let plot_l = LEFT + label_w - 40.0;
    let plot_w = WIDTH - plot_l - RIGHT - 40.0;
    let max = rows
        .iter()
        .flat_map(|(_, values)| values.iter().copied())
        .fold(0.0, f64::max);
    let top = nice_max(max);
    let mut out = String::new();
    open(&mut out, labels, height);
    legend(&mut out, names);
    for (r, (label, values)) in rows.iter().enumerate() {
        let y0 = TOP + group_h * r as f64;
        let _ = write!(
            out,
            r#"<text x="{:.1}" y="{:.1}" class="tick" text-anchor="end">{}</text>"#,
            plot_l - 8.0,
            y0 + group_h / 2.0 + 4.0,
            escape(&shorten(label, 28))
        );
        for (s, value) in values.iter().enumerate() {
            let w = (value / top * plot_w).max(0.0);
            let y = y0 + 5.0 + 14.0 * s as f64;
            let _ = write!(
                out,
                r#"<rect x="{plot_l:.1}" y="{y:.1}" width="{w:.1}" height="11" fill="{}"><title>{}: {} {}</title></rect><text x="{:.1}" y="{:.1}" class="value">{}</text>"#,
                PALETTE[s % PALETTE.len()],
                escape(label),
                escape(names.get(s).copied().unwrap_or("")),
                number(*value),
                plot_l + w + 4.0,
                y + 10.0,
                number(*value)
            );
        }
    }
    let axis_y = TOP + group_h * rows.len().max(1) as f64;
    let _ = write!(
        out,
        r##"<line x1="{plot_l:.1}" x2="{:.1}" y1="{axis_y:.1}" y2="{axis_y:.1}" stroke="#8a9099"/><text x="{plot_l:.1}" y="{:.1}" class="tick">0</text><text x="{:.1}" y="{:.1}" class="tick" text-anchor="end">{}</text><text x="{:.1}" y="{:.1}" class="axis" text-anchor="middle">{}</text><text x="{:.1}" y="{:.1}" class="axis" text-anchor="end">{}</text>"##,
        plot_l + plot_w,
        axis_y + 14.0,
        plot_l + plot_w,
        axis_y + 14.0,
        number(top),
        plot_l + plot_w / 2.0,
        axis_y + 34.0,
        escape(labels.x_axis),
        plot_l - 8.0,
        TOP - 6.0,
        escape(labels.y_axis)
    );
    out.push_str("</svg>");
    out
}

fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        let mut short: String = text.chars().take(max - 1).collect();
        short.push('…');
        short
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels() -> Labels<'static> {
        Labels {
            id: "calls",
            title: "Calls per day per vendor",
            desc: "12 calls",
            x_axis: "Day",
            y_axis: "Calls",
        }
    }

    #[test]
    fn charts_are_named_images_with_axes() {
        let svg = columns(
            &labels(),
            &["12-01".into(), "12-02".into()],
            &[Series {
                name: "Datto RMM".into(),
                values: vec![3.0, 9.0],
            }],
        );
        assert!(svg.starts_with("<svg class=\"chart\" role=\"img\" aria-labelledby=\"calls-title\" aria-describedby=\"calls-desc\""));
        assert!(svg.contains("<title id=\"calls-title\">Calls per day per vendor</title>"));
        assert!(svg.contains(">Day</text>") && svg.contains(">Calls</text>"));
        assert!(svg.contains("<title>12-02: Datto RMM 9</title>"));
        assert!(svg.ends_with("</svg>"));
    }

    #[test]
    fn data_text_is_escaped() {
        let svg = bars(
            &labels(),
            &[("<script>&\"x\"".into(), vec![1.0])],
            &["calls"],
        );
        assert!(!svg.contains("<script>"));
        assert!(svg.contains("&lt;script&gt;&amp;&quot;x&quot;"));
    }

    #[test]
    fn axes_end_on_round_numbers() {
        assert_eq!(nice_max(0.0), 1.0);
        assert_eq!(nice_max(7.0), 10.0);
        assert_eq!(nice_max(13.0), 20.0);
        assert_eq!(nice_max(41.0), 50.0);
        assert_eq!(nice_max(100.0), 100.0);
        assert_eq!(number(2.0), "2");
        assert_eq!(number(2.25), "2.2");
    }
}
