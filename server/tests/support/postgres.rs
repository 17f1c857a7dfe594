//! The tests' throwaway PostgreSQL: one cluster per test process, started
//! on first use, and a fresh database in it for every test. It lives in the
//! workspace crate `throwaway-postgres` (crates/throwaway-postgres), which
//! `make bench` uses too.

pub use throwaway_postgres::fresh_database_url;
