//! `/admin`: papo's live server stats, for its admins: connections,
//! messages per second, p99 delivery latency and the database's size, each
//! as a number and a small chart of the last minute. The page is rendered
//! with the last minute's samples and, once hydrated, follows the stats
//! stream. Anyone else, signed in or not, gets the 404 page.
//!
//! Whether the viewer is an admin is settled by the server before it
//! renders (`server::admin_page`), and the browser hydrates what the
//! server rendered: no server function, no suspense, so the page weighs
//! little in the wasm. Links to it load it from the server
//! (`rel="external"`).

use leptos::{either::Either, prelude::*};
use leptos_meta::Title;

use crate::{
    domain::{add_sample, StatsSample},
    live::stats::{self, StatsFeed},
    text, NotFound,
};

#[component]
pub fn AdminPage() -> impl IntoView {
    match SharedValue::new(rendered_for_admin).into_inner() {
        Some(history) => Either::Left(dashboard(history)),
        None => Either::Right(view! { <NotFound/> }),
    }
}

/// On the server: the stats it found for an admin, `None` for anyone else.
/// The browser gets the server's answer while it hydrates; navigating to
/// the page within the app (which its links avoid) finds nothing.
fn rendered_for_admin() -> Option<Vec<StatsSample>> {
    #[cfg(feature = "ssr")]
    {
        use_context::<http::request::Parts>()
            .and_then(|parts| {
                parts
                    .extensions
                    .get::<crate::backend::AdminStats>()
                    .cloned()
            })
            .map(|stats| stats.0)
    }
    #[cfg(not(feature = "ssr"))]
    {
        None
    }
}

/// The stats. A plain function rather than a component, like [`chart`]:
/// with `erase_components`, each component costs the wasm a type-erased
/// view of its own.
fn dashboard(history: Vec<StatsSample>) -> impl IntoView {
    let samples = RwSignal::new(history);
    // `None` until the browser has connected (and on the server).
    let live = RwSignal::new(None::<bool>);
    // Effects run in the browser only, after hydration; this one runs
    // once, and keeps the stream as its value: the stream closes when the
    // page goes.
    Effect::new(move |open: Option<Option<StatsFeed>>| {
        open.flatten().or_else(|| {
            let on = move |sample| samples.update(|all| add_sample(all, sample));
            stats::follow(on, move |open| live.set(Some(open)))
        })
    });
    let status = move || match live.get() {
        Some(true) => text::ADMIN_LIVE,
        Some(false) => text::ADMIN_RECONNECTING,
        None => "",
    };
    let live_attr = move || match live.get() {
        Some(true) => "open",
        Some(false) => "reconnecting",
        None => "connecting",
    };
    let latest_at = move || samples.with(|all| all.last().map_or(0, |s| s.at).to_string());

    view! {
        <Title text=text::ADMIN_TITLE/>
        <section class="admin" aria-labelledby="admin-heading" data-live=live_attr data-at=latest_at>
            <h1 id="admin-heading">{text::ADMIN_HEADING}</h1>
            <p class="hint">
                {text::ADMIN_INTRO} " " <span class="live-status" role="status" data-state=live_attr>{status}</span>
            </p>
            <div class="stats">
                {chart("stat-connections", text::STAT_CONNECTIONS, samples,
                    |s| Some(s.connections as f64), count)}
                {chart("stat-messages", text::STAT_MESSAGES, samples,
                    |s| Some(s.messages_per_second), tenths)}
                {chart("stat-latency", text::STAT_LATENCY, samples,
                    |s| s.p99_delivery_ms, millis)}
                {chart("stat-database", text::STAT_DATABASE, samples,
                    |s| s.database_bytes.map(|b| b as f64), bytes)}
            </div>
            <p class="back">
                <a href="/settings">{text::SETTINGS_LINK}</a> " · " <a href="/">{text::BACK_TO_CHAT}</a>
            </p>
        </section>
    }
}

/// One figure: its label and current value as text, and a chart of the
/// last minute (decoration: the text says it all).
fn chart(
    id: &'static str,
    label: &'static str,
    samples: RwSignal<Vec<StatsSample>>,
    value: fn(&StatsSample) -> Option<f64>,
    show: fn(f64) -> String,
) -> impl IntoView {
    let current = move || {
        samples
            .with(|all| all.last().and_then(value))
            .map_or_else(|| text::STAT_NONE.to_owned(), show)
    };
    let line = move || samples.with(|all| polyline(all, value));
    view! {
        <figure class="stat" id=id>
            <figcaption>
                <span class="stat-label">{label}</span>
                <span class="stat-value">{current}</span>
            </figcaption>
            <svg class="chart" viewBox="0 0 590 100" preserveAspectRatio="none" aria-hidden="true">
                <polyline points=line/>
            </svg>
        </figure>
    }
}

/// The chart's points: the newest sample at the right edge, 10 units
/// apart, scaled so that the largest value reaches the top. Whole numbers
/// only (formatting floats would weigh on the wasm).
fn polyline(samples: &[StatsSample], value: fn(&StatsSample) -> Option<f64>) -> String {
    let values: Vec<f64> = samples
        .iter()
        .map(|s| value(s).unwrap_or(0.0).max(0.0))
        .collect();
    let top = values.iter().copied().fold(0.0, f64::max);
    let top = if top > 0.0 { top } else { 1.0 };
    let first = StatsSample::HISTORY.saturating_sub(values.len());
    let mut points = String::with_capacity(values.len() * 8);
    for (i, v) in values.iter().enumerate() {
        let x = (first + i) * 10;
        let y = 98 - (v / top * 96.0).round() as u32;
        if !points.is_empty() {
            points.push(' ');
        }
        points.push_str(&format!("{x},{y}"));
    }
    points
}

fn count(value: f64) -> String {
    (value.round() as u64).to_string()
}

/// One decimal, without float formatting.
fn tenths(value: f64) -> String {
    let tenths = (value * 10.0).round() as u64;
    format!("{}.{}", tenths / 10, tenths % 10)
}

fn millis(value: f64) -> String {
    format!("{} ms", tenths(value))
}

fn bytes(value: f64) -> String {
    const UNITS: [&str; 4] = ["KiB", "MiB", "GiB", "TiB"];
    if value < 1024.0 {
        return format!("{} B", count(value));
    }
    let mut scaled = value / 1024.0;
    let mut unit = 0;
    while scaled >= 1024.0 && unit < UNITS.len() - 1 {
        scaled /= 1024.0;
        unit += 1;
    }
    format!("{} {}", tenths(scaled), UNITS[unit])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(connections: u64) -> StatsSample {
        StatsSample {
            at: connections as i64,
            connections,
            messages_per_second: 0.0,
            p99_delivery_ms: None,
            database_bytes: None,
        }
    }

    #[test]
    fn numbers_read_as_people_write_them() {
        assert_eq!(count(3.0), "3");
        assert_eq!(tenths(2.46), "2.5");
        assert_eq!(tenths(0.0), "0.0");
        assert_eq!(millis(12.04), "12.0 ms");
        assert_eq!(bytes(512.0), "512 B");
        assert_eq!(bytes(118_784.0), "116.0 KiB");
        assert_eq!(bytes(5.5 * 1024.0 * 1024.0), "5.5 MiB");
    }

    #[test]
    fn the_newest_sample_is_at_the_right_and_the_largest_at_the_top() {
        let samples = [sample(1), sample(4), sample(2)];
        let line = polyline(&samples, |s| Some(s.connections as f64));
        assert_eq!(line, "570,74 580,2 590,50");
        let empty = polyline(&[sample(0)], |_| None);
        assert_eq!(empty, "590,98");
    }
}
