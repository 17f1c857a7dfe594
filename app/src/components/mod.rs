//! The pieces the pages are built from.

pub mod composer;
pub mod join_form;
pub mod timeline;
