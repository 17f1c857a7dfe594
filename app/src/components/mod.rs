//! The pieces the pages are built from.

pub mod composer;
pub mod join_form;
pub mod local_time;
pub mod register_form;
pub mod sign_in_form;
pub mod sign_out_everywhere;
pub mod timeline;
pub mod token_form;
pub mod token_list;
pub mod user_menu;
