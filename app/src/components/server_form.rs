//! [`ServerForm`], the form that calls a server function: papo's
//! `ActionForm`. Without JavaScript the browser posts it to the server
//! function's URL (the server reads the form, see
//! [`crate::server_fns::JsonOrForm`], and sends the browser back to the
//! page); with JavaScript the submit dispatches the [`ServerAction`], so
//! its `pending`, `value` and `version` follow the call.
//!
//! Why not leptos's `ActionForm`: it turns the submitted form into the
//! arguments with `serde_qs`, one deserializer per server function, and it
//! only takes server functions whose arguments travel URL-encoded, which
//! keeps `serde_qs` in the wasm for sending them too. Here each form says
//! how its fields make the arguments (`args`), a few calls that read
//! strings. Together with `JsonOrForm` this made the release wasm 20.7 KiB
//! smaller after brotli (339.5 KiB instead of 360.2 KiB).

use leptos::{
    prelude::*,
    web_sys::{FormData, SubmitEvent},
};
use server_fn::ServerFn;

/// The fields of a submitted form, read as the server reads them.
pub struct FormFields(FormData);

impl FormFields {
    /// The text of the field `name`; a missing field reads as "" (the
    /// forms only ask for fields they have).
    pub fn text(&self, name: &str) -> String {
        self.0.get(name).as_string().unwrap_or_default()
    }

    /// The text of the field `name`, or `None` when it is empty or missing
    /// (an unticked checkbox): how the server reads an `Option<String>`.
    pub fn optional(&self, name: &str) -> Option<String> {
        Some(self.text(name)).filter(|text| !text.is_empty())
    }
}

/// A `<form method="post">` for the server function `ServFn`. Takes
/// `attr:` attributes like any element.
#[component]
pub fn ServerForm<ServFn, Args>(
    /// The action the submit dispatches.
    action: ServerAction<ServFn>,
    /// Makes the arguments from the submitted fields. The fields the server
    /// reads without JavaScript must be in the form too (hidden inputs).
    args: Args,
    children: Children,
) -> impl IntoView
where
    ServFn: ServerFn + Clone + Send + Sync + 'static,
    ServFn::Output: Send + Sync + 'static,
    ServFn::Error: Send + Sync + 'static,
    Args: Fn(&FormFields) -> ServFn + 'static,
{
    let dispatch = move |fields: FormFields| {
        action.dispatch(args(&fields));
    };
    form(ServFn::url(), Box::new(dispatch), children)
}

/// What does not depend on the server function, compiled once rather than
/// once per server function: the wasm is 1.7 KiB smaller after brotli.
fn form(url: &'static str, dispatch: Box<dyn Fn(FormFields)>, children: Children) -> impl IntoView {
    // Takes the submit over from the browser, unless a handler already did.
    let on_submit = move |ev: SubmitEvent| {
        if ev.default_prevented() {
            return;
        }
        ev.prevent_default();
        if let Ok(data) = FormData::new_with_form(&event_target(&ev)) {
            dispatch(FormFields(data));
        }
    };
    view! {
        <form method="post" action=url on:submit=on_submit>
            {children()}
        </form>
    }
}
