//! Why a value from outside was refused.

use serde::{Deserialize, Serialize};

use crate::text;

/// Every way input can be refused at the edge. The wording lives in
/// [`crate::text`], for translation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum ValidationError {
    #[error("{}", text::NAME_EMPTY)]
    NameEmpty,
    #[error("{}", text::name_too_long(*max))]
    NameTooLong { max: usize },
    #[error("{}", text::NAME_INVALID_CHARACTERS)]
    NameInvalidCharacters,
    #[error("{}", text::MESSAGE_EMPTY)]
    BodyEmpty,
    #[error("{}", text::message_too_long(*max))]
    BodyTooLong { max: usize },
    #[error("{}", text::MESSAGE_NUL)]
    BodyNul,
    #[error("{}", text::page_limit_out_of_range(*max))]
    PageLimitOutOfRange { max: u32 },
    #[error("{}", text::password_too_short(*min))]
    PasswordTooShort { min: usize },
    #[error("{}", text::password_too_long(*max))]
    PasswordTooLong { max: usize },
    #[error("{}", text::PASSWORD_TOO_COMMON)]
    PasswordTooCommon,
    #[error("{}", text::TOKEN_LABEL_EMPTY)]
    TokenLabelEmpty,
    #[error("{}", text::token_label_invalid(*max))]
    TokenLabelInvalid { max: usize },
    #[error("{}", text::CHANNEL_NAME_INVALID)]
    ChannelNameInvalid,
    #[error("{}", text::CHANNEL_NAME_RESERVED)]
    ChannelNameReserved,
    #[error("{}", text::topic_invalid(*max))]
    TopicInvalid { max: usize },
    #[error("{}", text::dm_members(*max))]
    DmMembers { max: usize },
    #[error("{}", text::MESSAGE_ID_INVALID)]
    MessageIdInvalid,
}
