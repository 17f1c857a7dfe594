//! `GET /api/docs`: the OpenAPI document as a page people read, rendered
//! on the server from the same document `openapi.json` serves.
//!
//! Why not Swagger UI, Redoc or Scalar: each loads its scripts from a CDN
//! (or, for utoipa-swagger-ui, downloads them from GitHub at build time),
//! and papo is self-hosted, often where neither is reachable. This page is
//! plain HTML with the site's stylesheet: no script, and every description
//! goes through the same Markdown renderer and sanitizer as messages.

use std::sync::LazyLock;

use axum::{
    http::{header, HeaderValue},
    response::IntoResponse,
};
use leptos::prelude::*;
use serde_json::Value;

/// The page, rendered once.
static PAGE: LazyLock<String> = LazyLock::new(|| {
    let document = super::document();
    // In the order the router registers them (a JSON object would sort them).
    let operations = operations(&document);
    let document = serde_json::to_value(document).expect("the document serializes");
    format!("<!DOCTYPE html>{}", render(&document, &operations))
});

/// No script, no inline style: the page needs nothing but itself and the
/// stylesheet.
const POLICY: &str = "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

pub async fn serve() -> impl IntoResponse {
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            ),
            (
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static(POLICY),
            ),
        ],
        PAGE.as_str(),
    )
}

/// One operation of the document, with what the page shows of it.
struct Operation {
    method: String,
    path: String,
    body: Value,
}

fn render(document: &Value, operations: &[Operation]) -> String {
    let info = &document["info"];
    let tags: Vec<(String, String)> = document["tags"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|t| (text(&t["name"]), text(&t["description"])))
        .collect();
    let schemas: Vec<(String, Value)> = document["components"]["schemas"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(name, schema)| (name.clone(), schema.clone()))
        .collect();
    view! {
        <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <title>"papo API"</title>
                <link rel="stylesheet" href="/pkg/papo.css"/>
            </head>
            <body class="api-docs">
                <main>
                    <header>
                        <h1>"papo API " <small>{text(&info["version"])}</small></h1>
                        <div inner_html=markdown(&info["description"])></div>
                        <p>
                            <a href="/api/v1/openapi.json">"The OpenAPI 3.2 document (JSON)"</a>
                            " · "
                            <a href="/">"Back to papo"</a>
                        </p>
                    </header>
                    <nav aria-label="Sections">
                        <ul>
                            {tags
                                .iter()
                                .map(|(name, _)| {
                                    view! { <li><a href=format!("#{}", slug(name))>{name.clone()}</a></li> }
                                })
                                .collect_view()}
                            <li><a href="#schemas">"schemas"</a></li>
                        </ul>
                    </nav>
                    {tags
                        .into_iter()
                        .map(|(name, description)| {
                            let tagged = operations
                                .iter()
                                .filter(|op| op.body["tags"].as_array().is_some_and(|t| t.iter().any(|t| *t == *name)))
                                .map(|op| operation(op, document))
                                .collect_view();
                            let id = slug(&name);
                            view! {
                                <section id=id>
                                    <h2>{name}</h2>
                                    <p>{description}</p>
                                    {tagged}
                                </section>
                            }
                        })
                        .collect_view()}
                    <section id="schemas">
                        <h2>"Schemas"</h2>
                        {schemas
                            .into_iter()
                            .map(|(name, schema)| {
                                let id = format!("schema-{name}");
                                view! {
                                    <article class="api-schema" id=id>
                                        <h3>{name}</h3>
                                        <div inner_html=markdown(&schema["description"])></div>
                                        <pre><code>{pretty(&schema)}</code></pre>
                                    </article>
                                }
                            })
                            .collect_view()}
                    </section>
                </main>
            </body>
        </html>
    }
    .to_html()
}

fn operation(op: &Operation, document: &Value) -> impl IntoView {
    let body = &op.body;
    let parameters: Vec<Value> = body["parameters"].as_array().cloned().unwrap_or_default();
    let request = &body["requestBody"]["content"]["application/json"];
    let request_schema = schema_link(&request["schema"]);
    let request_example = request.get("example").map(pretty);
    let responses: Vec<(String, Value)> = body["responses"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(status, response)| (status.clone(), resolve(response, document)))
        .collect();
    let method = op.method.to_uppercase();
    view! {
        <article class="api-operation" id=format!("{}-{}", op.method, slug(&op.path))>
            <h3>
                <span class=format!("api-method api-method-{}", op.method)>{method}</span>
                " "
                <code>{op.path.clone()}</code>
            </h3>
            <p class="api-summary">{text(&body["summary"])}</p>
            <div inner_html=markdown(&body["description"])></div>
            {(!parameters.is_empty()).then(|| view! {
                <table class="api-parameters">
                    <thead><tr><th>"Parameter"</th><th>"In"</th><th>"Description"</th></tr></thead>
                    <tbody>
                        {parameters.iter().map(|p| view! {
                            <tr>
                                <td><code>{text(&p["name"])}</code>{(p["required"] == true).then_some(" (required)")}</td>
                                <td>{text(&p["in"])}</td>
                                <td inner_html=markdown(&p["description"])></td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            })}
            {request_schema.map(|link| view! {
                <h4>"Request body"</h4>
                <p>"JSON: " {link}</p>
                {request_example.clone().map(|e| view! { <pre><code>{e}</code></pre> })}
            })}
            <h4>"Responses"</h4>
            <dl class="api-responses">
                {responses.into_iter().map(|(status, response)| {
                    let content = &response["content"];
                    let json = schema_link(&content["application/json"]["schema"]);
                    let stream = schema_link(&content["text/event-stream"]["itemSchema"])
                        .map(|link| view! { "A stream of events: " {link} });
                    view! {
                        <dt>{status}</dt>
                        <dd>
                            <span inner_html=markdown(&response["description"])></span>
                            {json}
                            {stream}
                        </dd>
                    }
                }).collect_view()}
            </dl>
            <h4>"Example"</h4>
            <pre><code>{curl(op, request_example)}</code></pre>
        </article>
    }
}

/// Every operation, in the order of the document's paths; on one path,
/// reading before writing.
fn operations(document: &utoipa::openapi::OpenApi) -> Vec<Operation> {
    const ORDER: [&str; 5] = ["get", "post", "put", "patch", "delete"];
    let mut all = Vec::new();
    for (path, item) in &document.paths.paths {
        let item = serde_json::to_value(item).expect("a path item serializes");
        let mut methods: Vec<(&String, &Value)> = item
            .as_object()
            .into_iter()
            .flatten()
            .filter(|(method, _)| ORDER.contains(&method.as_str()))
            .collect();
        methods.sort_by_key(|(method, _)| ORDER.iter().position(|m| m == method));
        for (method, body) in methods {
            all.push(Operation {
                method: method.clone(),
                path: path.clone(),
                body: body.clone(),
            });
        }
    }
    all
}

/// A shared response (`$ref`) as the response it names.
fn resolve(response: &Value, document: &Value) -> Value {
    response["$ref"]
        .as_str()
        .and_then(|target| document.pointer(target.trim_start_matches('#')))
        .unwrap_or(response)
        .clone()
}

/// A link to the schema a `$ref` names, if `value` is one or an array of
/// one.
fn schema_link(value: &Value) -> Option<impl IntoView> {
    let (array, target) = match value["$ref"].as_str() {
        Some(target) => (false, target),
        None => (true, value["items"]["$ref"].as_str()?),
    };
    let name = target.rsplit('/').next()?.to_owned();
    let href = format!("#schema-{name}");
    Some(view! { " " {array.then_some("an array of ")} <a href=href><code>{name}</code></a> })
}

/// How to call the operation with curl, with the server and token from the
/// environment (`PAPO_SERVER`, `PAPO_TOKEN`, as the `papo` client reads).
fn curl(op: &Operation, example: Option<String>) -> String {
    let stream = op.body["responses"]["200"]["content"]
        .get("text/event-stream")
        .is_some();
    let mut line = String::from("curl");
    if stream {
        line.push_str(" -N");
    }
    if op.method != "get" {
        line.push_str(&format!(" -X {}", op.method.to_uppercase()));
    }
    let secured = op.body["security"] != serde_json::json!([{}]);
    if secured {
        line.push_str(" -H \"Authorization: Bearer $PAPO_TOKEN\"");
    }
    if let Some(example) = example {
        let compact: Value = serde_json::from_str(&example).unwrap_or_default();
        line.push_str(&format!(
            " -H 'Content-Type: application/json' \\\n     -d '{compact}'"
        ));
    }
    line.push_str(&format!(" \\\n     \"$PAPO_SERVER{}\"", op.path));
    line
}

fn text(value: &Value) -> String {
    value.as_str().unwrap_or_default().to_owned()
}

fn markdown(value: &Value) -> String {
    crate::chat::markdown::render(value.as_str().unwrap_or_default(), &[])
}

fn pretty(value: &Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_default()
}

/// An id for a tag or a path: letters and digits, the rest `-`.
fn slug(raw: &str) -> String {
    raw.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect::<String>()
        .trim_matches('-')
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_ids() {
        assert_eq!(slug("direct messages"), "direct-messages");
        assert_eq!(
            slug("/api/v1/channels/{channel}"),
            "api-v1-channels--channel"
        );
    }

    #[test]
    fn the_page_lists_every_operation_with_an_example() {
        let page = PAGE.as_str();
        assert!(page.starts_with("<!DOCTYPE html><html lang=\"en\">"));
        for op in operations(&super::super::document()) {
            let id = format!("id=\"{}-{}\"", op.method, slug(&op.path));
            assert!(page.contains(&id), "{id}");
        }
        assert!(page.contains("curl -N -H \"Authorization: Bearer $PAPO_TOKEN\""));
        assert!(page.contains("id=\"schema-Message\""));
        assert!(!page.contains("<script"), "no script");
    }
}
