//! `/settings`: the signed-in account's personal API tokens and sessions.
//! Guests and visitors are pointed to `/login`.

use leptos::{either::EitherOf4, prelude::*};
use leptos_meta::Title;

use crate::{
    components::{
        sign_out_everywhere::SignOutEverywhereForm,
        token_form::{NewToken, TokenForm},
        token_list::TokenList,
    },
    server_fns::{load_settings, CreateToken, RevokeToken, SettingsSnapshot, SignOutEverywhere},
    text,
};

#[component]
pub fn SettingsPage() -> impl IntoView {
    let create = ServerAction::<CreateToken>::new();
    let revoke = ServerAction::<RevokeToken>::new();
    let everywhere = ServerAction::<SignOutEverywhere>::new();
    let settings = Resource::new(
        move || (create.version().get(), revoke.version().get()),
        |_| load_settings(),
    );

    view! {
        <Title text=text::SETTINGS_TITLE/>
        <section class="settings" aria-labelledby="settings-heading">
            <h1 id="settings-heading">{text::SETTINGS_HEADING}</h1>
            <Transition>
                {move || Suspend::new(async move {
                    match settings.await {
                        Ok(Some(snapshot)) if snapshot.registered => EitherOf4::A(view! {
                            <AccountSettings snapshot create revoke everywhere/>
                        }),
                        Ok(Some(_)) => EitherOf4::B(view! {
                            <p class="settings-note">{text::SETTINGS_GUEST}</p>
                            <p><a id="to-login" href="/login">{text::TO_LOGIN}</a></p>
                        }),
                        Ok(None) => EitherOf4::C(view! {
                            <p class="settings-note">{text::SETTINGS_VISITOR}</p>
                            <p><a id="to-login" href="/login">{text::TO_LOGIN}</a></p>
                        }),
                        Err(e) => EitherOf4::D(view! {
                            <p class="form-error" role="alert">{e.to_string()}</p>
                        }),
                    }
                })}
            </Transition>
            <p class="back">
                <a href="/">{text::BACK_TO_CHAT}</a>
            </p>
        </section>
    }
}

#[component]
fn AccountSettings(
    snapshot: SettingsSnapshot,
    create: ServerAction<CreateToken>,
    revoke: ServerAction<RevokeToken>,
    everywhere: ServerAction<SignOutEverywhere>,
) -> impl IntoView {
    let SettingsSnapshot {
        me,
        admin,
        tokens,
        revealed_token,
        ..
    } = snapshot;
    let listed: Vec<i64> = tokens.iter().map(|t| t.id).collect();
    // The secret just created, while its token still exists: from the
    // action with JavaScript, from the server's one-time cookie without.
    let new_token = move || {
        create
            .value()
            .get()
            .and_then(Result::ok)
            .filter(|token| listed.contains(&token.id))
            .map(|token| token.token)
            .or_else(|| revealed_token.clone())
            .map(|secret| view! { <NewToken secret/> })
    };

    view! {
        <p class="signed-in">{text::SIGNED_IN_AS} " " <strong>{me.name.to_string()}</strong></p>
        {admin.then(|| view! {
            <p class="admin-link"><a id="admin-link" href="/admin" rel="external">{text::ADMIN_LINK}</a></p>
        })}
        <section class="settings-section" aria-labelledby="tokens-heading">
            <h2 id="tokens-heading">{text::TOKENS_HEADING}</h2>
            <p class="hint">
                {text::TOKENS_INTRO} " " <code>{text::TOKENS_HEADER_EXAMPLE}</code>
                " " <a id="api-docs-link" href="/api/docs" rel="external">{text::API_DOCS_LINK}</a>
            </p>
            <TokenForm action=create/>
            {new_token}
            <TokenList tokens revoke/>
        </section>
        <section class="settings-section" aria-labelledby="sessions-heading">
            <h2 id="sessions-heading">{text::SESSIONS_HEADING}</h2>
            <SignOutEverywhereForm action=everywhere/>
        </section>
    }
}
