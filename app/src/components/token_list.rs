//! A person's API tokens, without their secrets, each with a revoke form.

use leptos::prelude::*;

use crate::{
    components::{
        local_time::LocalTime,
        server_form::{FormFields, ServerForm},
    },
    domain::ApiTokenInfo,
    server_fns::RevokeToken,
    text,
};

#[component]
pub fn TokenList(tokens: Vec<ApiTokenInfo>, revoke: ServerAction<RevokeToken>) -> impl IntoView {
    let error = move || {
        if revoke.pending().get() {
            return None;
        }
        revoke.value().get().and_then(Result::err).map(
            |e| view! { <p class="form-error" role="alert" id="revoke-error">{e.to_string()}</p> },
        )
    };
    let list = if tokens.is_empty() {
        None
    } else {
        Some(view! {
            <ul id="tokens">
                {tokens
                    .into_iter()
                    .map(|token| view! { <TokenItem token revoke/> })
                    .collect_view()}
            </ul>
        })
    };
    let empty = list
        .is_none()
        .then(|| view! { <p class="tokens-empty">{text::TOKENS_EMPTY}</p> });
    view! {
        {error}
        {list}
        {empty}
    }
}

#[component]
fn TokenItem(token: ApiTokenInfo, revoke: ServerAction<RevokeToken>) -> impl IntoView {
    let label = token.label.as_str().to_owned();
    let id = token.id;
    let args = move |_: &FormFields| RevokeToken { id };
    let last_used = match token.last_used_at {
        Some(at) => view! { <LocalTime at with_date=true/> }.into_any(),
        None => text::TOKEN_NEVER_USED.into_any(),
    };
    view! {
        <li class="token" data-id=token.id>
            <div class="token-info">
                <strong class="token-label">{label.clone()}</strong>
                <span class="token-dates">
                    <span class="token-created">{text::TOKEN_CREATED} " " <LocalTime at=token.created_at with_date=true/></span>
                    <span class="token-last-used">{text::TOKEN_LAST_USED} " " {last_used}</span>
                </span>
            </div>
            <ServerForm action=revoke args>
                <input type="hidden" name="id" value=token.id.to_string()/>
                <button type="submit" class="danger" aria-label=text::revoke_token_label(&label)>
                    {text::REVOKE_BUTTON}
                </button>
            </ServerForm>
        </li>
    }
}
