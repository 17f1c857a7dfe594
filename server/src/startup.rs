//! Building the application (store, hub, router) and running it until
//! Ctrl-C or SIGTERM. `main` and the tests both go through [`Application`].

use std::sync::Arc;

use anyhow::Context;
use app::{backend::SharedBackend, shell, App};
use axum::{middleware, routing::get, Router};
use leptos::prelude::provide_context;
use leptos_axum::{generate_route_list, LeptosRoutes};
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;
use tower_http::{limit::RequestBodyLimitLayer, trace::TraceLayer};

use crate::{
    api::{self, health},
    chat::ChatService,
    config::Config,
    hub::Hub,
    identify,
    state::AppState,
    store::sqlite::SqliteStore,
};

pub struct Application {
    listener: TcpListener,
    router: Router,
    shutdown: CancellationToken,
}

impl Application {
    pub async fn build(config: Config) -> anyhow::Result<Self> {
        let store = SqliteStore::connect(&config.database_url)
            .await
            .with_context(|| format!("opening the database at {}", config.database_url))?;
        let hub = Hub::new(config.hub_capacity);
        let chat = Arc::new(ChatService::new(
            Arc::new(store),
            hub,
            config.secure_cookies,
        ));
        let shutdown = CancellationToken::new();
        let state = AppState {
            chat,
            shutdown: shutdown.clone(),
            heartbeat: config.heartbeat,
            leptos_options: config.leptos_options,
        };
        let listener = TcpListener::bind(config.addr)
            .await
            .with_context(|| format!("listening on {}", config.addr))?;
        Ok(Self {
            listener,
            router: router(state),
            shutdown,
        })
    }

    pub fn port(&self) -> u16 {
        self.listener
            .local_addr()
            .map(|a| a.port())
            .unwrap_or_default()
    }

    /// Cancelling this token shuts the server down gracefully, as a signal does.
    pub fn shutdown_token(&self) -> CancellationToken {
        self.shutdown.clone()
    }

    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let shutdown = self.shutdown.clone();
        tokio::spawn(async move {
            tokio::select! {
                _ = termination_signal() => {
                    tracing::info!("shutting down: closing live feeds and draining requests");
                    shutdown.cancel();
                }
                _ = shutdown.cancelled() => {}
            }
        });
        axum::serve(self.listener, self.router)
            .with_graceful_shutdown(self.shutdown.cancelled_owned())
            .await
    }
}

fn router(state: AppState) -> Router {
    let leptos_options = state.leptos_options.clone();
    let backend: SharedBackend = state.chat.clone();
    // Pages and server functions; their bodies are limited like the API's.
    let pages = Router::new()
        .leptos_routes_with_context(
            &state,
            generate_route_list(App),
            move || provide_context(backend.clone()),
            move || shell(leptos_options.clone()),
        )
        .layer(RequestBodyLimitLayer::new(api::BODY_LIMIT));

    Router::new()
        .nest("/api", api::router())
        .merge(pages)
        .route_layer(middleware::from_fn_with_state(
            state.clone(),
            identify::resolve_viewer,
        ))
        .route("/healthz", get(health::healthz))
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

async fn termination_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {}
        _ = terminate => {}
    }
}
