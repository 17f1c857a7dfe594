//! Lists as parameters on SQLite, which binds no arrays: a list goes as
//! one JSON array, which `json_each` unpacks.

use super::SqliteStore;
use crate::store::sql::ArrayParameters;

impl ArrayParameters for SqliteStore {
    type Array = String;

    fn array(items: Vec<String>) -> String {
        serde_json::to_string(&items).expect("a list of strings serializes")
    }

    fn any_of(column: &str, parameter: &str) -> String {
        format!("{column} IN (SELECT value FROM json_each({parameter}))")
    }
}
