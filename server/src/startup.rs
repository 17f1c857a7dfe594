//! Building the application (store, hub, router) and running it until
//! Ctrl-C or SIGTERM. `main` and the tests both go through [`Application`].

use std::sync::Arc;

use anyhow::Context;
use app::{backend::SharedBackend, shell, App};
use axum::http::{header, HeaderValue};
use axum::{middleware, Router};
use leptos::prelude::provide_context;
use leptos_axum::{generate_route_list, LeptosRoutes};
use tokio::net::TcpListener;
use tokio_util::{sync::CancellationToken, task::TaskTracker};
use tower_http::{
    limit::RequestBodyLimitLayer,
    request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer},
    set_header::SetResponseHeaderLayer,
    trace::{DefaultOnResponse, TraceLayer},
    LatencyUnit,
};

use crate::{
    chat::{ChatService, ChatSettings},
    config::{Config, DatabaseUrl},
    http::admin_page,
    http::api::{self, health},
    http::client_address::{self, TrustedProxies},
    http::connection::{self, Deadlines},
    http::identify,
    http::request_id,
    http::same_origin,
    http::secure_cookies::{self, CookiePolicy},
    http::state::AppState,
    live::log_follower,
    live::{delivery::Delivery, hub::Hub},
    ops::metrics::store::MeteredStore,
    store::cluster::Cluster,
    store::{postgres::PostgresStore, sqlite::SqliteStore, Store},
};

/// How long shutting down waits for requests in progress to finish and
/// live feeds to close their connections, but not for a client that
/// stopped reading.
const CLOSING_GRACE: std::time::Duration = std::time::Duration::from_secs(5);

pub struct Application {
    listener: TcpListener,
    router: Router,
    deadlines: Deadlines,
    shutdown: CancellationToken,
    /// To leave the cluster when the server stops.
    chat: Arc<ChatService>,
}

impl Application {
    pub async fn build(config: Config) -> anyhow::Result<Self> {
        let shutdown = CancellationToken::new();
        // Installs the recorder before anything records.
        crate::ops::metrics::handle();
        let opened = open_store(&config).await.with_context(|| {
            let url = without_password(config.database_url.as_str());
            format!("opening the database at {url}")
        })?;
        let settings = ChatSettings {
            session_ttl: config.session_ttl,
            post_rate: config.post_rate,
            session_rate: config.session_rate,
            login_rate: config.login_rate,
            write_rate: config.write_rate,
            feed_caps: config.feed_caps,
            presence_grace: config.presence_grace,
            admins: config.admins,
        };
        tracing::info!(delivery = ?opened.delivery, "who hands live events to the hub");
        let store = MeteredStore::wrap(opened.store);
        let hub = Hub::new(config.hub_capacity);
        let chat = Arc::new(ChatService::new(
            store.clone(),
            hub.clone(),
            opened.delivery,
            opened.cluster.clone(),
            settings,
        ));
        tokio::spawn(forget_idle_limits(chat.clone(), shutdown.clone()));
        tokio::spawn(crate::ops::stats::sample(
            chat.stats().clone(),
            store,
            shutdown.clone(),
        ));
        if let Some(shared) = opened.shared_log {
            tokio::spawn(log_follower::follow(
                shared,
                hub.clone(),
                chat.clone(),
                shutdown.clone(),
            ));
            let (chat, shutdown) = (chat.clone(), shutdown.clone());
            tokio::spawn(async move { chat.keep_alive(shutdown).await });
        }
        let state = AppState {
            chat: chat.clone(),
            hub,
            stats: chat.stats().clone(),
            shutdown: shutdown.clone(),
            heartbeat: config.heartbeat,
            replay_limit: config.replay_limit,
            leptos_options: config.leptos_options,
            metrics: config.metrics,
        };
        let listener = TcpListener::bind(config.addr)
            .await
            .with_context(|| format!("listening on {}", config.addr))?;
        let cookies = CookiePolicy {
            security: config.secure_cookies,
            proxies: config.trusted_proxies.clone(),
        };
        Ok(Self {
            listener,
            router: router(state, config.trusted_proxies, cookies),
            deadlines: config.deadlines,
            shutdown,
            chat,
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
                    // Cancel first: if logging fails (its pipe is closed),
                    // the shutdown still happens.
                    shutdown.cancel();
                    tracing::info!("shutting down: closing live feeds and draining requests");
                }
                _ = shutdown.cancelled() => {}
            }
        });
        let connections = TaskTracker::new();
        connection::serve(
            self.listener,
            self.router,
            self.deadlines,
            self.shutdown.clone(),
            connections.clone(),
        )
        .await;
        connections.close();
        if tokio::time::timeout(CLOSING_GRACE, connections.wait())
            .await
            .is_err()
        {
            tracing::warn!("some connections were still open at shutdown");
        }
        self.chat.leave_cluster().await;
        Ok(())
    }
}

/// What the database gives papo to run on.
struct Opened {
    store: Arc<dyn Store>,
    /// Who hands the hub its events: the writers, or the log follower.
    delivery: Delivery,
    /// On PostgreSQL, which several instances may share: the log the
    /// follower reads...
    shared_log: Option<Arc<PostgresStore>>,
    /// ...and this instance's place among the others.
    cluster: Option<Arc<dyn Cluster>>,
}

/// The store, and who hands its events to the hub. PostgreSQL may be
/// shared by several instances: the hub then follows the database's log.
/// On SQLite (the default) this process is the only writer and its writers
/// hand their events to the hub themselves.
async fn open_store(config: &Config) -> anyhow::Result<Opened> {
    match &config.database_url {
        DatabaseUrl::Postgres(url) => {
            let store = Arc::new(PostgresStore::connect(url, config.db_pool).await?);
            let cluster: Arc<dyn Cluster> = Arc::new(store.join_cluster().await?);
            Ok(Opened {
                store: store.clone(),
                delivery: Delivery::FollowingTheLog,
                shared_log: Some(store),
                cluster: Some(cluster),
            })
        }
        DatabaseUrl::Sqlite(url) => Ok(Opened {
            store: Arc::new(SqliteStore::connect(url).await?),
            delivery: Delivery::ByWriters,
            shared_log: None,
            cluster: None,
        }),
    }
}

/// `url` with any password replaced by `***`, to show in errors and logs.
fn without_password(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut parsed) if parsed.password().is_some() => {
            let _ = parsed.set_password(Some("***"));
            parsed.to_string()
        }
        _ => url.to_owned(),
    }
}

fn router(state: AppState, proxies: TrustedProxies, cookies: CookiePolicy) -> Router {
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
        // After the viewer is known (layers run outermost first).
        .route_layer(middleware::from_fn_with_state(
            state.clone(),
            admin_page::resolve,
        ))
        // After the viewer too: whether a Bearer token signed the request
        // in is what lets it skip the check. The routes outside these
        // layers (the probes, /metrics, static files) change nothing.
        .route_layer(middleware::from_fn(same_origin::refuse_cross_site))
        .route_layer(middleware::from_fn_with_state(
            state.clone(),
            identify::resolve_viewer,
        ))
        // The probes and /metrics: outside the viewer's layers.
        .merge(health::router().split_for_parts().0)
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(middleware::from_fn(request_id::name_in_server_errors))
        // Before anything reads the client's address (rate limits, logs).
        .layer(middleware::from_fn_with_state(
            proxies,
            client_address::resolve,
        ))
        // Before the client's address replaces the peer's: whether the
        // peer is a trusted proxy decides whether its word is taken.
        .layer(middleware::from_fn_with_state(
            cookies,
            secure_cookies::decide,
        ))
        .layer(middleware::from_fn(crate::ops::metrics::http::track))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(request_id::span_for)
                // One line per answer, with its status and latency.
                .on_response(
                    DefaultOnResponse::new()
                        .level(tracing::Level::INFO)
                        .latency_unit(LatencyUnit::Millis),
                ),
        )
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
        .layer(middleware::from_fn(request_id::drop_unsafe))
        .with_state(state)
}

/// Every minute, drops rate-limit state nobody needs any more, so that it
/// stays proportional to recent activity; ends on shutdown.
async fn forget_idle_limits(chat: Arc<ChatService>, shutdown: CancellationToken) {
    let mut every_minute = tokio::time::interval(std::time::Duration::from_secs(60));
    loop {
        tokio::select! {
            _ = shutdown.cancelled() => return,
            _ = every_minute.tick() => chat.forget_idle_limits(),
        }
    }
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

#[cfg(test)]
mod tests {
    use super::without_password;

    #[test]
    fn a_database_password_is_not_shown() {
        assert_eq!(
            without_password("postgres://papo:s3cr:et@db.local:5432/papo?sslmode=require"),
            "postgres://papo:***@db.local:5432/papo?sslmode=require"
        );
        assert_eq!(
            without_password("postgres://papo@db.local/papo"),
            "postgres://papo@db.local/papo"
        );
        assert_eq!(
            without_password("sqlite://data/papo.db"),
            "sqlite://data/papo.db"
        );
    }
}
