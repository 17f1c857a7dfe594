//! Pieces of the patterns that say, for the API document, what each text
//! type's `parse` accepts. They are ECMA-262 regular expressions (JSON
//! Schema's dialect), which clients and fuzzers generate input from, so
//! each must accept exactly what its parser does: the server's tests check
//! every pattern against its parser (`server/src/api/openapi/schemas.rs`).
//!
//! Macros rather than constants, so that `concat!` can join them into one
//! `&'static str` at compile time.

/// The characters `str::trim` removes (Unicode `White_Space`), as the
/// inside of a character class. Not `\s`: ECMA-262's also has U+FEFF,
/// which Rust does not trim.
macro_rules! whitespace {
    () => {
        r"\t-\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
    };
}

/// The characters `char::is_control` holds for (Unicode `Cc`), as the
/// inside of a character class.
macro_rules! control {
    () => {
        r"\u0000-\u001f\u007f-\u009f"
    };
}

pub(crate) use {control, whitespace};
