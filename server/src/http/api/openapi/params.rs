//! Path parameters many operations share.

use utoipa::IntoParams;

/// `{channel}`: a channel the caller may see.
#[derive(IntoParams)]
#[into_params(parameter_in = Path)]
#[allow(dead_code)] // a description for the document; never built
pub struct ChannelPath {
    /// A channel's name without `#` (`general`), or a DM's (`dm-12`).
    #[param(value_type = super::schemas::ChannelName)]
    channel: String,
}

/// `{name}`: a person.
#[derive(IntoParams)]
#[into_params(parameter_in = Path)]
#[allow(dead_code)]
pub struct UserPath {
    /// A person's name.
    #[param(value_type = super::schemas::Nickname)]
    name: String,
}
