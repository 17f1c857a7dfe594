//! [`ChatError`] as the error of Leptos server functions.
//!
//! The orphan rule puts this impl in the crate of the type or of the trait.
//! Here, behind the `server-fn` feature, rather than a wrapper in `app`: a
//! wrapper would change the error type of every server function and of the
//! UI code that matches on it, while this keeps `ChatError` itself on the
//! wire, encoded as before. Only `app` enables the feature; the CLI does not
//! compile server_fn.

use server_fn::error::{FromServerFnError, ServerFnErrorErr};

use crate::{json_text::JsonTextEncoding, ChatError};

impl FromServerFnError for ChatError {
    type Encoder = JsonTextEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        ChatError::Unreachable(value.to_string())
    }
}
