//! The OpenAPI document as a contract: every response the API tests get
//! through [`crate::helpers::TestApp`] is checked against it (status,
//! content type, and body against its schema), and so is every event of the
//! live feeds they open. A handler that answers something its documentation
//! does not say fails the test that provoked it.

use std::{
    cell::RefCell,
    collections::{BTreeSet, HashMap},
    sync::{Arc, LazyLock, Mutex},
};

use jsonschema::Validator;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

/// The document the server serves (`GET /api/v1/openapi.json` is this
/// function's output, serialized).
pub static DOCUMENT: LazyLock<Value> = LazyLock::new(|| {
    serde_json::to_value(server::http::api::openapi::document()).expect("the document serializes")
});

/// Statuses any request may get without its operation listing them, as the
/// document's description says; each with the only `code` it may carry.
const ANY_OPERATION: [(u16, &str); 4] = [
    (403, "cross_site"),
    (413, "payload_too_large"),
    (500, "internal"),
    (503, "unavailable"),
];

thread_local! {
    /// Which documented answers this test has seen: (path, method, status),
    /// and (path, `event <name>`, 200) for the events of streams. Each
    /// `#[tokio::test]` runs on its own thread. Events are counted by the
    /// schema of their stream (`#/components/schemas/FeedEvent`), which
    /// both feeds share.
    static SEEN: RefCell<BTreeSet<(String, String, u16)>> = const { RefCell::new(BTreeSet::new()) };
}

/// Compiled schemas, by the JSON pointer of the schema in the document.
static VALIDATORS: LazyLock<Mutex<HashMap<String, Arc<Validator>>>> =
    LazyLock::new(Default::default);

/// What the document says of one response.
pub struct Documented {
    /// The path template, as in the document (`/api/v1/channels/{channel}`).
    pub path: String,
    /// The response object, `$ref` resolved; `None` when the answer is
    /// one that any operation may give.
    response: Option<Value>,
}

/// The path template of the document matching `path` (no query).
pub fn template_of(path: &str) -> Option<String> {
    let segments: Vec<&str> = path.split('/').collect();
    DOCUMENT["paths"]
        .as_object()
        .expect("paths")
        .keys()
        .find(|template| {
            let parts: Vec<&str> = template.split('/').collect();
            parts.len() == segments.len()
                && parts.iter().zip(&segments).all(|(part, segment)| {
                    part == segment || (part.starts_with('{') && !segment.is_empty())
                })
        })
        .cloned()
}

/// Whether the document covers `path`: the API (but the document and its
/// page), the probes, `/metrics`.
pub fn in_scope(path: &str) -> bool {
    let path = path.split('?').next().unwrap_or_default();
    (path.starts_with("/api/") && !["/api/v1/openapi.json", "/api/docs"].contains(&path))
        || ["/healthz", "/readyz", "/metrics"].contains(&path)
}

fn resolve(value: &Value) -> Value {
    match value["$ref"].as_str() {
        Some(target) => DOCUMENT
            .pointer(target.trim_start_matches('#'))
            .unwrap_or_else(|| panic!("{target} is in the document"))
            .clone(),
        None => value.clone(),
    }
}

/// Checks one answer against the document, panicking with what differs;
/// `body` is `None` for a stream (its events are checked one by one).
pub fn check(
    method: &Method,
    path: &str,
    status: StatusCode,
    content_type: Option<&str>,
    body: Option<&[u8]>,
) {
    let path = path.split('?').next().unwrap_or_default();
    let status = status.as_u16();
    let what = format!("{method} {path} answered {status}");
    let documented = documented(method, path, status, &what);
    let content_type = content_type.map(|c| c.split(';').next().unwrap_or_default().trim());
    let Some(response) = documented.response else {
        let body: Value = serde_json::from_slice(body.unwrap_or_default())
            .unwrap_or_else(|_| panic!("{what}: not a JSON error body"));
        validate("/components/schemas/ErrorBody", &body, &what);
        let allowed = ANY_OPERATION
            .iter()
            .chain(&[(404, "not_found"), (405, "method_not_allowed")])
            .any(|&(s, code)| s == status && body["error"]["code"] == code);
        assert!(
            allowed,
            "{what} with {body}, which the document does not list"
        );
        return;
    };
    SEEN.with_borrow_mut(|seen| {
        seen.insert((
            documented.path.clone(),
            method.as_str().to_lowercase(),
            status,
        ))
    });
    let Some(content) = response["content"].as_object() else {
        assert!(
            body.is_none_or(<[u8]>::is_empty),
            "{what}: the document says no body, got {:?}",
            String::from_utf8_lossy(body.unwrap_or_default())
        );
        return;
    };
    let content_type = content_type.unwrap_or_else(|| panic!("{what} without a Content-Type"));
    let (media, description) = content
        .iter()
        .find(|(media, _)| media.split(';').next().unwrap_or_default().trim() == content_type)
        .unwrap_or_else(|| {
            panic!(
                "{what} as {content_type}; the document says {:?}",
                content.keys()
            )
        });
    let Some(body) = body else {
        assert!(
            description.get("itemSchema").is_some(),
            "{what}: a stream, documented as {media} without itemSchema"
        );
        return;
    };
    if content_type == "application/json" {
        let value: Value = serde_json::from_slice(body)
            .unwrap_or_else(|e| panic!("{what}: the body is not JSON: {e}"));
        let schema = &description["schema"];
        match schema["$ref"].as_str() {
            Some(target) => validate(target.trim_start_matches('#'), &value, &what),
            None => validate_inline(schema, &value, &what),
        }
    }
}

/// The response the document gives for this answer, or the reason it does
/// not fit.
fn documented(method: &Method, path: &str, status: u16, what: &str) -> Documented {
    let template = template_of(path);
    let operation = template
        .as_ref()
        .and_then(|t| DOCUMENT["paths"][t].get(method.as_str().to_lowercase()));
    let response = operation.and_then(|o| o["responses"].get(status.to_string()));
    match (template, response) {
        (Some(path), Some(response)) => Documented {
            path,
            response: Some(resolve(response)),
        },
        // An unknown path or method, or an answer any operation may give.
        (Some(path), None)
            if operation.is_none() || ANY_OPERATION.iter().any(|(s, _)| *s == status) =>
        {
            Documented {
                path,
                response: None,
            }
        }
        (None, _) => Documented {
            path: path.to_owned(),
            response: None,
        },
        (Some(_), None) => panic!("{what}, which the document does not list"),
    }
}

/// Validates `value` against the schema at `pointer` in the document.
pub fn validate(pointer: &str, value: &Value, what: &str) {
    let validator = VALIDATORS
        .lock()
        .unwrap()
        .entry(pointer.to_owned())
        .or_insert_with(|| Arc::new(compile(&json!({ "$ref": format!("#{pointer}") }))))
        .clone();
    report(&validator, value, what, pointer);
}

fn validate_inline(schema: &Value, value: &Value, what: &str) {
    report(&compile(schema), value, what, &schema.to_string());
}

/// A validator for `schema`, whose `$ref`s point into the document.
fn compile(schema: &Value) -> Validator {
    let mut root = schema.clone();
    root["components"] = DOCUMENT["components"].clone();
    jsonschema::options()
        .should_validate_formats(true)
        .build(&root)
        .unwrap_or_else(|e| panic!("the document's schema {schema} compiles: {e}"))
}

fn report(validator: &Validator, value: &Value, what: &str, schema: &str) {
    let errors: Vec<String> = validator
        .iter_errors(value)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{what}: the body does not match {schema}:\n  {}\nbody: {value}",
        errors.join("\n  ")
    );
}

/// Checks one event of the stream at `path` against the stream's
/// `itemSchema`: its name, id, and data against the data's schema.
pub fn check_event(path: &str, event: &str, id: &str, data: &str) {
    let template = template_of(path.split('?').next().unwrap_or_default())
        .unwrap_or_else(|| panic!("{path} is in the document"));
    let response = resolve(&DOCUMENT["paths"][&template]["get"]["responses"]["200"]);
    let item_ref = &response["content"]["text/event-stream"]["itemSchema"];
    let schema_name = item_ref["$ref"]
        .as_str()
        .expect("streams' items are named schemas")
        .to_owned();
    let item = resolve(item_ref);
    let kinds = item["oneOf"]
        .as_array()
        .cloned()
        .unwrap_or_else(|| vec![item.clone()]);
    let what = format!("event {event} of {path}");
    let kind = kinds
        .iter()
        .find(|k| k["properties"]["event"]["enum"][0] == event)
        .unwrap_or_else(|| panic!("{what}, which the document does not list"));
    // A parsed event without an `id:` keeps the one before it (as
    // `EventSource`'s `lastEventId` does), so only durable ones are checked.
    let durable = kind["required"]
        .as_array()
        .is_some_and(|r| r.contains(&json!("id")));
    assert!(
        !durable || id.parse::<i64>().is_ok(),
        "{what}: its id {id:?}"
    );
    let data: Value =
        serde_json::from_str(data).unwrap_or_else(|e| panic!("{what}: data is not JSON: {e}"));
    let schema = kind["properties"]["data"]["contentSchema"]["$ref"]
        .as_str()
        .expect("the data's schema is a reference");
    validate(schema.trim_start_matches('#'), &data, &what);
    SEEN.with_borrow_mut(|seen| seen.insert((schema_name, format!("event {event}"), 200)));
}

/// Whether the document calls `body` a valid JSON body for `method` on
/// `path`.
pub fn accepts_body(method: &Method, path: &str, body: &Value) -> bool {
    let template = template_of(path).unwrap_or_else(|| panic!("{path} is in the document"));
    let operation = &DOCUMENT["paths"][&template][method.as_str().to_lowercase()];
    let schema = &operation["requestBody"]["content"]["application/json"]["schema"];
    assert!(!schema.is_null(), "{method} {template} takes a JSON body");
    compile(schema).is_valid(body)
}

/// Every (path, method, status) the document lists.
pub fn every_documented_answer() -> BTreeSet<(String, String, u16)> {
    let mut all = BTreeSet::new();
    for (path, item) in DOCUMENT["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            for (status, response) in operation["responses"].as_object().into_iter().flatten() {
                all.insert((path.clone(), method.clone(), status.parse().unwrap()));
                let item = &resolve(response)["content"]["text/event-stream"]["itemSchema"];
                if let Some(schema) = item["$ref"].as_str() {
                    let item = resolve(item);
                    let kinds = item["oneOf"]
                        .as_array()
                        .cloned()
                        .unwrap_or_else(|| vec![item]);
                    for name in kinds
                        .iter()
                        .filter_map(|k| k["properties"]["event"]["enum"][0].as_str())
                    {
                        all.insert((schema.to_owned(), format!("event {name}"), 200));
                    }
                }
            }
        }
    }
    all
}

/// What this test has seen so far.
pub fn seen() -> BTreeSet<(String, String, u16)> {
    SEEN.with_borrow(BTreeSet::clone)
}
