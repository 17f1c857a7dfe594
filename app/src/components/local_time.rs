//! A moment shown as date and time: in UTC from the server, in the reader's
//! own time zone once the page runs in the browser.

use chrono::{DateTime, Local, Utc};
use leptos::prelude::*;

use crate::Hydrated;

#[component]
pub fn LocalTime(at: DateTime<Utc>) -> impl IntoView {
    let Hydrated(hydrated) = expect_context::<Hydrated>();
    view! { <time datetime=at.to_rfc3339()>{move || date_time(at, hydrated.get())}</time> }
}

fn date_time(at: DateTime<Utc>, in_browser: bool) -> String {
    if in_browser {
        at.with_timezone(&Local)
            .format("%Y-%m-%d %H:%M")
            .to_string()
    } else {
        at.format("%Y-%m-%d %H:%M UTC").to_string()
    }
}
