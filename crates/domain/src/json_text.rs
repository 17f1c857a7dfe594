//! [`JsonText`], the encoding of every server function's answer and error:
//! the same JSON bytes as server_fn's own `Json`, decoded from a `&str`.
//!
//! Why not `Json`: it decodes with `serde_json::from_slice`, while the
//! resources' hydration data and the live feed decode with `from_str`, so
//! the wasm carried two copies of every answer type's deserializer. One
//! reader made the release wasm 6.5 KiB smaller after brotli.
//!
//! In `domain` rather than `app` because [`crate::ChatError`]'s server
//! function impl names it as its encoder (`server_fn_error.rs`).

use serde::{de::DeserializeOwned, Serialize};
use server_fn::{codec::Post, Bytes, ContentType, Decodes, Encodes, Format, FormatType};

/// The output encoding of papo's server functions: `#[server(output = JsonText)]`.
pub type JsonText = Post<JsonTextEncoding>;

/// JSON in the body, `application/json`.
pub struct JsonTextEncoding;

impl ContentType for JsonTextEncoding {
    const CONTENT_TYPE: &'static str = "application/json";
}

impl FormatType for JsonTextEncoding {
    const FORMAT_TYPE: Format = Format::Text;
}

impl<T: Serialize> Encodes<T> for JsonTextEncoding {
    type Error = serde_json::Error;

    fn encode(output: &T) -> Result<Bytes, Self::Error> {
        serde_json::to_vec(output).map(Bytes::from)
    }
}

impl<T: DeserializeOwned> Decodes<T> for JsonTextEncoding {
    type Error = serde_json::Error;

    fn decode(bytes: Bytes) -> Result<T, Self::Error> {
        let text = std::str::from_utf8(&bytes).map_err(serde::de::Error::custom)?;
        serde_json::from_str(text)
    }
}
