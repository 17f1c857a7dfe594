//! Notifications sent to me (`POST /api/v1/users/{name}/notify`) as small
//! toasts in a corner of the chat, newest on top, until dismissed. A
//! polite live region announces each one.

use leptos::prelude::*;

use crate::{components::local_time::LocalTime, events::Notification, text};

/// At most this many toasts show; older ones make way.
pub const MAX_SHOWN: usize = 5;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Toast {
    /// Unique within the page.
    pub key: u64,
    pub note: Notification,
}

/// The toasts shown, newest first.
#[derive(Debug, Default)]
pub struct Toasts {
    pub shown: Vec<Toast>,
    next_key: u64,
}

impl Toasts {
    /// Shows `note` on top, dropping the oldest beyond [`MAX_SHOWN`].
    pub fn push(&mut self, note: Notification) {
        self.next_key += 1;
        self.shown.insert(
            0,
            Toast {
                key: self.next_key,
                note,
            },
        );
        self.shown.truncate(MAX_SHOWN);
    }

    pub fn dismiss(&mut self, key: u64) {
        self.shown.retain(|t| t.key != key);
    }
}

/// The toasts' live region, in the chat room. A function rather than a
/// component: inlined into the room's view instead of being erased into a
/// view of its own, the wasm is 0.5 KiB smaller after brotli.
pub fn notification_toasts(toasts: RwSignal<Toasts>) -> impl IntoView {
    view! {
        <section class="toasts" aria-label=text::NOTIFICATIONS_LABEL aria-live="polite">
            <For each=move || toasts.with(|t| t.shown.clone()) key=|t| t.key let:toast>
                <div class="toast" data-notification="">
                    <div class="meta">
                        <strong class="from">{toast.note.from.to_string()}</strong>
                        <LocalTime at=toast.note.sent_at/>
                        <button
                            type="button"
                            class="quiet small"
                            aria-label=text::dismiss_notification_label(toast.note.from.as_str())
                            on:click=move |_| toasts.update(|t| t.dismiss(toast.key))
                        >
                            "×"
                        </button>
                    </div>
                    // A text node: never read as HTML.
                    <p class="text">{toast.note.text}</p>
                </div>
            </For>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Nickname;

    fn note(text: &str) -> Notification {
        Notification {
            from: Nickname::parse("ana").unwrap(),
            text: text.to_owned(),
            sent_at: chrono::DateTime::from_timestamp(1_700_000_000, 0).unwrap(),
        }
    }

    fn texts(toasts: &Toasts) -> Vec<&str> {
        toasts.shown.iter().map(|t| t.note.text.as_str()).collect()
    }

    #[test]
    fn the_newest_is_on_top_and_at_most_five_show() {
        let mut toasts = Toasts::default();
        for n in 1..=7 {
            toasts.push(note(&n.to_string()));
        }
        assert_eq!(texts(&toasts), ["7", "6", "5", "4", "3"]);
    }

    #[test]
    fn dismissing_removes_that_toast_only() {
        let mut toasts = Toasts::default();
        toasts.push(note("a"));
        toasts.push(note("a"));
        toasts.push(note("b"));
        let second = toasts.shown[1].key;
        toasts.dismiss(second);
        assert_eq!(texts(&toasts), ["b", "a"]);
        assert!(toasts.shown.iter().all(|t| t.key != second));
    }

    #[test]
    fn keys_are_never_reused() {
        let mut toasts = Toasts::default();
        toasts.push(note("a"));
        let first = toasts.shown[0].key;
        toasts.dismiss(first);
        toasts.push(note("a"));
        assert_ne!(toasts.shown[0].key, first);
    }
}
