//! Lists as parameters on PostgreSQL: one array, compared with `= ANY`.

use super::PostgresStore;
use crate::store::sql::ArrayParameters;

impl ArrayParameters for PostgresStore {
    type Array = Vec<String>;

    fn array(items: Vec<String>) -> Vec<String> {
        items
    }

    fn any_of(column: &str, parameter: &str) -> String {
        format!("{column} = ANY({parameter})")
    }
}
