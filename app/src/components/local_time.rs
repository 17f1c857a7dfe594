//! A moment shown in the reader's own time zone once the page runs in the
//! browser; the server does not know the zone, so it renders UTC.

use chrono::{DateTime, Local, Utc};
use leptos::prelude::*;

use crate::Hydrated;

/// `<time>` with hours and minutes, and the date too when `with_date`.
#[component]
pub fn LocalTime(at: DateTime<Utc>, #[prop(optional)] with_date: bool) -> impl IntoView {
    let Hydrated(hydrated) = expect_context::<Hydrated>();
    let format = if with_date { "%Y-%m-%d %H:%M" } else { "%H:%M" };
    view! { <time datetime=at.to_rfc3339()>{move || shown(at, format, hydrated.get())}</time> }
}

fn shown(at: DateTime<Utc>, format: &str, in_browser: bool) -> String {
    if in_browser {
        at.with_timezone(&Local).format(format).to_string()
    } else {
        format!("{} UTC", at.format(format))
    }
}
