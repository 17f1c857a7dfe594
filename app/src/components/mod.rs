//! The pieces the pages are built from.

pub mod channel_directory;
pub mod channel_link;
pub mod composer;
pub mod connection_status;
pub mod create_channel_form;
pub mod dm_form;
pub mod join_bar;
pub mod join_form;
pub mod local_time;
pub mod members;
pub mod message_actions;
pub mod message_editor;
pub mod message_item;
pub mod message_list;
pub mod notice;
pub mod online_list;
pub mod register_form;
pub mod room_header;
pub mod sidebar;
pub mod sign_in_form;
pub mod sign_out_everywhere;
pub mod timeline;
pub mod token_form;
pub mod token_list;
pub mod typing_indicator;
pub mod user_menu;
