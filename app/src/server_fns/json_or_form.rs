//! [`JsonOrForm`], the encoding of every server function's arguments: the
//! page sends JSON, and the server also reads a plain HTML form post.
//!
//! Why not server_fn's default `PostUrl`: its client side encodes the
//! arguments with `serde_qs`, and `ActionForm` decodes the submitted form
//! with `serde_qs` too, one deserializer per server function. The page now
//! sends the arguments as JSON (serde_json is in the wasm anyway) and its
//! forms build them without a deserializer
//! ([`crate::components::server_form`]); only the server still reads
//! `serde_qs`, for the forms a browser posts without JavaScript. Together
//! this made the release wasm 20.7 KiB smaller after brotli (339.5 KiB
//! instead of 360.2 KiB).
//!
//! The server tells the two apart by the body, not by its content type:
//! server_fn hands a codec only the bytes (and its own request-level codecs
//! cannot be implemented outside server_fn for every argument type). The
//! arguments are a struct, so their JSON starts with `{`; a form body
//! never does, because form encoding escapes `{` as `%7B`.

use serde::{de::DeserializeOwned, Serialize};
use server_fn::{codec::Post, Bytes, ContentType, Decodes, Encodes, Format, FormatType};

/// The input encoding of papo's server functions: `#[server(input = JsonOrForm)]`.
pub type JsonOrForm = Post<JsonOrFormEncoding>;

/// Sends JSON (`application/json`); reads JSON or a form
/// (`application/x-www-form-urlencoded`).
pub struct JsonOrFormEncoding;

impl ContentType for JsonOrFormEncoding {
    const CONTENT_TYPE: &'static str = "application/json";
}

impl FormatType for JsonOrFormEncoding {
    const FORMAT_TYPE: Format = Format::Text;
}

impl<T: Serialize> Encodes<T> for JsonOrFormEncoding {
    type Error = serde_json::Error;

    fn encode(args: &T) -> Result<Bytes, Self::Error> {
        serde_json::to_vec(args).map(Bytes::from)
    }
}

impl<T: DeserializeOwned> Decodes<T> for JsonOrFormEncoding {
    type Error = ArgsError;

    fn decode(bytes: Bytes) -> Result<T, Self::Error> {
        if bytes.starts_with(b"{") {
            return serde_json::from_slice(&bytes).map_err(ArgsError::Json);
        }
        decode_form(&bytes)
    }
}

/// A form as server_fn's `PostUrl` reads it.
#[cfg(feature = "ssr")]
fn decode_form<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ArgsError> {
    serde_qs::Config::new(5, false)
        .deserialize_bytes(bytes)
        .map_err(ArgsError::Form)
}

/// The page only sends JSON; it never decodes arguments.
#[cfg(not(feature = "ssr"))]
fn decode_form<T: DeserializeOwned>(_bytes: &[u8]) -> Result<T, ArgsError> {
    Err(ArgsError::NotJson)
}

/// Arguments that could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ArgsError {
    #[error("{0}")]
    Json(serde_json::Error),
    #[cfg(feature = "ssr")]
    #[error("{0}")]
    Form(serde_qs::Error),
    #[cfg(not(feature = "ssr"))]
    #[error("not JSON")]
    NotJson,
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, serde::Deserialize, Serialize)]
    struct Args {
        channel: String,
        topic: Option<String>,
        id: i64,
    }

    fn decode(body: &str) -> Result<Args, ArgsError> {
        <JsonOrFormEncoding as Decodes<Args>>::decode(Bytes::copy_from_slice(body.as_bytes()))
    }

    #[test]
    fn reads_what_the_page_sends() {
        let args = Args {
            channel: "dev".into(),
            topic: Some("a {b} & c".into()),
            id: 7,
        };
        let bytes = <JsonOrFormEncoding as Encodes<Args>>::encode(&args).unwrap();
        assert_eq!(
            &bytes[..],
            br#"{"channel":"dev","topic":"a {b} & c","id":7}"#
        );
        assert_eq!(
            <JsonOrFormEncoding as Decodes<Args>>::decode(bytes).unwrap(),
            args
        );
    }

    #[test]
    fn reads_a_form_posted_without_javascript() {
        assert_eq!(
            decode("channel=dev&topic=a+%7Bb%7D+%26+c&id=7").unwrap(),
            Args {
                channel: "dev".into(),
                topic: Some("a {b} & c".into()),
                id: 7,
            }
        );
        // An empty field is `None`, as with server_fn's `PostUrl`.
        assert_eq!(decode("channel=dev&topic=&id=7").unwrap().topic, None);
        assert!(decode("topic=x&id=7").is_err());
    }

    #[test]
    fn reads_an_empty_form() {
        #[derive(Debug, PartialEq, serde::Deserialize)]
        struct NoArgs {}
        assert_eq!(
            <JsonOrFormEncoding as Decodes<NoArgs>>::decode(Bytes::new()).unwrap(),
            NoArgs {}
        );
    }
}
