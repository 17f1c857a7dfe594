//! A moment shown in the reader's own time zone once the page runs in the
//! browser; the server does not know the zone, so it renders UTC.

use chrono::{DateTime, Datelike, Local, Timelike, Utc};
use leptos::prelude::*;

use crate::Hydrated;

/// `<time>` with hours and minutes, and the date too when `with_date`.
#[component]
pub fn LocalTime(at: DateTime<Utc>, #[prop(optional)] with_date: bool) -> impl IntoView {
    let Hydrated(hydrated) = expect_context::<Hydrated>();
    view! { <time datetime=at.to_rfc3339()>{move || shown(at, with_date, hydrated.get())}</time> }
}

fn shown(at: DateTime<Utc>, with_date: bool, in_browser: bool) -> String {
    if in_browser {
        clock(&at.with_timezone(&Local), with_date)
    } else {
        format!("{} UTC", clock(&at, with_date))
    }
}

/// `2024-05-01 13:07` (`%Y-%m-%d %H:%M`), or `13:07` without the date.
/// Written by hand rather than with chrono's `format`: its strftime
/// parser and formatter made the release wasm 9 KiB bigger after brotli.
fn clock(at: &(impl Datelike + Timelike), with_date: bool) -> String {
    let time = format!("{:02}:{:02}", at.hour(), at.minute());
    if with_date {
        format!("{:04}-{:02}-{:02} {time}", at.year(), at.month(), at.day())
    } else {
        time
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_what_strftime_writes() {
        let at = DateTime::from_timestamp(1_700_000_000, 0).unwrap();
        for (with_date, format) in [(true, "%Y-%m-%d %H:%M"), (false, "%H:%M")] {
            assert_eq!(clock(&at, with_date), at.format(format).to_string());
        }
        assert_eq!(shown(at, true, false), "2023-11-14 22:13 UTC");
    }
}
