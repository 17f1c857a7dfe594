//! Each input schema accepts exactly what its domain type's `parse` does,
//! as a JSON Schema validator reads it: a client or a fuzzer that follows
//! the document sends nothing papo refuses for its shape, and papo refuses
//! what the document calls invalid.

use serde_json::{json, Value};
use utoipa::PartialSchema;

use super::*;

/// Whether each value is valid by `T`'s schema, in order.
fn validity<T: PartialSchema>(values: &[Value]) -> Vec<bool> {
    let schema = serde_json::to_value(T::schema()).expect("a schema serializes");
    // DmNames refers to Nickname.
    let root = json!({
        "$ref": "#/schema",
        "schema": schema,
        "components": { "schemas": { "Nickname": serde_json::to_value(Nickname::schema()).unwrap() } },
    });
    let validator = jsonschema::validator_for(&root).expect("the schema compiles");
    values.iter().map(|v| validator.is_valid(v)).collect()
}

/// Strings that probe every rule of a text type: each of the first 12,544
/// characters (every whitespace and control character is among them) and
/// a few beyond, alone and around `a`; and lengths at and past `max`, with
/// and without whitespace around.
fn probes(max: usize) -> Vec<String> {
    let chars = (0..=0x3100)
        .chain([0xfeff, 0xffff, 0x1f600, 0x10ffff])
        .filter_map(char::from_u32);
    let mut probes: Vec<String> = chars
        .flat_map(|c| {
            [
                format!("{c}"),
                format!("{c}a"),
                format!("a{c}"),
                format!("a{c}a"),
            ]
        })
        .collect();
    for length in [max - 1, max, max + 1] {
        probes.push("a".repeat(length));
        probes.push(format!(" {}", "a".repeat(length - 1)));
        probes.push(format!("{}\n", "a".repeat(length - 1)));
    }
    probes.extend(["", "  ", "dm", "dm-", "dm-7", "dmx", "xdm-7"].map(String::from));
    probes
}

/// The schema of `T` and `accepts` (its parser) agree on every probe.
fn agree<T: PartialSchema>(max: usize, accepts: impl Fn(&str) -> bool) {
    let probes = probes(max);
    let values: Vec<Value> = probes.iter().map(|p| json!(p)).collect();
    let by_schema = validity::<T>(&values);
    let disagreements: Vec<(&String, bool)> = probes
        .iter()
        .zip(by_schema)
        .filter(|(probe, valid)| accepts(probe) != *valid)
        .take(5)
        .collect();
    assert!(
        disagreements.is_empty(),
        "{}: the schema disagrees with the parser on (probe, valid by the schema) {disagreements:?}",
        std::any::type_name::<T>(),
    );
}

#[test]
fn text_schemas_accept_what_their_parsers_do() {
    use domain::{ChannelName as Name, ChannelTopic as Topic, MessageBody as Body};
    fn ok<T>(parsed: Result<T, domain::ValidationError>) -> bool {
        parsed.is_ok()
    }
    agree::<Nickname>(domain::Nickname::MAX_CHARS, |s| {
        ok(domain::Nickname::parse(s))
    });
    agree::<ChannelName>(Name::MAX_CHARS, |s| ok(Name::parse(s)));
    agree::<NewChannelName>(Name::MAX_CHARS, |s| ok(Name::parse_new(s)));
    agree::<ChannelTopic>(Topic::MAX_CHARS, |s| ok(Topic::parse(s)));
    agree::<TokenLabel>(domain::TokenLabel::MAX_CHARS, |s| {
        ok(domain::TokenLabel::parse(s))
    });
    agree::<MessageBody>(Body::MAX_CHARS, |s| ok(Body::parse(s)));
}

#[test]
fn passwords_by_length() {
    let (min, max) = (domain::Password::MIN_CHARS, domain::Password::MAX_CHARS);
    let lengths = [min - 1, min, max, max + 1];
    // `ç`: no common password is made of it.
    let values: Vec<Value> = lengths.iter().map(|&n| json!("ç".repeat(n))).collect();
    let parsed: Vec<bool> = lengths
        .iter()
        .map(|&n| domain::Password::parse(&"ç".repeat(n)).is_ok())
        .collect();
    assert_eq!(validity::<Password>(&values), parsed);
}

#[test]
fn dm_names() {
    let me = domain::Nickname::parse("ana").unwrap();
    let lists: Vec<Vec<String>> = (0..=domain::DmMembers::MAX_NAMES + 1)
        .map(|n| (0..n).map(|i| format!("u{i}")).collect())
        .collect();
    let values: Vec<Value> = lists.iter().map(|l| json!(l)).collect();
    let parsed: Vec<bool> = lists
        .iter()
        .map(|l| domain::DmMembers::parse(l, &me).is_ok())
        .collect();
    assert_eq!(validity::<DmNames>(&values), parsed);
}

#[test]
fn page_limits_and_ids() {
    let limits = [0, 1, domain::PageLimit::MAX, domain::PageLimit::MAX + 1];
    let values: Vec<Value> = limits.iter().map(|l| json!(l)).collect();
    let parsed: Vec<bool> = limits
        .iter()
        .map(|&l| domain::PageLimit::parse(Some(l)).is_ok())
        .collect();
    assert_eq!(validity::<PageLimit>(&values), parsed);

    let ids = [-1, 0, 1, i64::MAX];
    let values: Vec<Value> = ids.iter().map(|i| json!(i)).collect();
    let parsed: Vec<bool> = ids
        .iter()
        .map(|&i| domain::MessageId::parse(i).is_ok())
        .collect();
    assert_eq!(validity::<MessageId>(&values), parsed);
}
