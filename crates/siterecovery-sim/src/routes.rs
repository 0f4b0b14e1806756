//! The route table: SRM sites, h4 appliances, admin, static files, CORS and the fault layer.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{FromRequest, Path, Query, Request};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use axum::response::Response;
use axum::routing::{get, post, MethodRouter};
use axum::{middleware, Router};
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::services::ServeDir;

use crate::config::SimConfig;
use crate::listing::Params;
use crate::state::{Shared, Sim};
use crate::{admin, faults, h4, http, plans, srm};

/// Everything a handler may need from the request, extracted once.
struct Ctx {
    shared: Arc<Shared>,
    params: Params,
    headers: HeaderMap,
    query: Vec<(String, String)>,
    path: String,
    body: Bytes,
}

impl FromRequest<Arc<Shared>> for Ctx {
    type Rejection = Response;

    async fn from_request(req: Request, state: &Arc<Shared>) -> Result<Self, Self::Rejection> {
        let (mut parts, body) = req.into_parts();
        use axum::extract::FromRequestParts;
        let params = Path::<HashMap<String, String>>::from_request_parts(&mut parts, state)
            .await
            .map(|Path(p)| p)
            .unwrap_or_default();
        let query = Query::<Vec<(String, String)>>::try_from_uri(&parts.uri)
            .map(|Query(q)| q)
            .unwrap_or_default();
        let body = Bytes::from_request(Request::from_parts(parts.clone(), body), state)
            .await
            .map_err(|_| http::empty(StatusCode::BAD_REQUEST))?;
        Ok(Ctx {
            shared: state.clone(),
            params: Params(params),
            headers: parts.headers,
            query,
            path: parts.uri.path().to_string(),
            body,
        })
    }
}

type Op = fn(&mut Sim, &Ctx) -> Response;

fn run(ctx: Ctx, op: Op) -> Response {
    let shared = ctx.shared.clone();
    let mut sim = shared.lock();
    op(&mut sim, &ctx)
}

fn on(method: Method, op: Op) -> MethodRouter<Arc<Shared>> {
    let handler = move |ctx: Ctx| async move { run(ctx, op) };
    match method {
        Method::POST => post(handler),
        Method::DELETE => axum::routing::delete(handler),
        _ => get(handler),
    }
}

fn srm_routes() -> Router<Arc<Shared>> {
    let p = |rest: &str| format!("/srm/{{site}}/api/rest/srm/{{ver}}{rest}");
    Router::new()
        .route(
            &p("/session"),
            on(Method::POST, |s, c| srm::login(s, &c.params, &c.headers))
                .merge(on(Method::GET, |s, c| {
                    srm::session_info(s, &c.params, &c.headers)
                }))
                .merge(on(Method::DELETE, |s, c| {
                    srm::logout(s, &c.params, &c.headers)
                })),
        )
        .route(
            &p("/pairings"),
            on(Method::GET, |s, c| {
                srm::list_pairings(s, &c.params, &c.headers, &c.query, &c.path)
            })
            .merge(on(Method::POST, |s, c| {
                srm::pair(s, &c.params, &c.headers, &c.body, false)
            })),
        )
        .route(
            &p("/pairings/{pairing_id}"),
            on(Method::GET, |s, c| {
                srm::get_pairing(s, &c.params, &c.headers)
            })
            .merge(on(Method::DELETE, |s, c| {
                srm::delete_pairing(s, &c.params, &c.headers)
            })),
        )
        .route(
            &p("/pairings/{pairing_id}/actions/reconnect"),
            on(Method::POST, |s, c| {
                srm::pair(s, &c.params, &c.headers, &c.body, true)
            }),
        )
        .route(
            &p("/pairings/{pairing_id}/remote-session"),
            on(Method::POST, |s, c| {
                srm::remote_login(s, &c.params, &c.headers)
            })
            .merge(on(Method::GET, |s, c| {
                srm::remote_session_info(s, &c.params, &c.headers)
            })),
        )
        .route(
            &p("/pairings/{pairing_id}/recovery-management/plans"),
            on(Method::GET, |s, c| {
                plans::list(s, &c.params, &c.headers, &c.query, &c.path)
            }),
        )
        .route(
            &p("/pairings/{pairing_id}/recovery-management/plans/{plan_id}"),
            on(Method::GET, |s, c| plans::get(s, &c.params, &c.headers)),
        )
        .route(
            &p("/pairings/{pairing_id}/recovery-management/plans/{plan_id}/actions/{action}"),
            on(Method::POST, |s, c| {
                plans::action(s, &c.params, &c.headers, &c.body)
            }),
        )
        .route(
            &p("/tasks"),
            on(Method::GET, |s, c| {
                srm::list_tasks(s, &c.params, &c.headers, &c.query, &c.path)
            }),
        )
        .route(
            &p("/tasks/{task_id}"),
            on(Method::GET, |s, c| srm::get_task(s, &c.params, &c.headers)),
        )
}

fn h4_routes() -> Router<Arc<Shared>> {
    Router::new()
        .route(
            "/vr/{site}/sessions",
            on(Method::POST, |s, c| {
                h4::login(s, &c.params, &c.headers, &c.body)
            })
            .merge(on(Method::DELETE, |s, c| {
                h4::logout(s, &c.params, &c.headers)
            })),
        )
        .route(
            "/vr/{site}/sites",
            on(Method::GET, |s, c| h4::sites(s, &c.params, &c.headers))
                .merge(on(Method::POST, |s, c| {
                    h4::register(s, &c.params, &c.headers, &c.body)
                })),
        )
        .route(
            "/vr/{site}/tasks/{task_id}",
            on(Method::GET, |s, c| h4::get_task(s, &c.params, &c.headers)),
        )
}

/// `http://127.0.0.1[:port]` or `http://localhost[:port]`.
fn is_local_origin(origin: &str) -> bool {
    ["http://127.0.0.1", "http://localhost"].iter().any(|host| {
        origin.strip_prefix(host).is_some_and(|rest| {
            rest.is_empty()
                || rest.strip_prefix(':').is_some_and(|port| {
                    !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit())
                })
        })
    })
}

fn cors() -> CorsLayer {
    CorsLayer::new()
        .allow_origin(AllowOrigin::predicate(|origin: &HeaderValue, _| {
            origin.to_str().is_ok_and(is_local_origin)
        }))
        .allow_methods([
            Method::GET,
            Method::POST,
            Method::PUT,
            Method::PATCH,
            Method::DELETE,
            Method::OPTIONS,
        ])
        .allow_headers([
            header::CONTENT_TYPE,
            header::ACCEPT,
            header::AUTHORIZATION,
            HeaderName::from_static("x-dr-session"),
            HeaderName::from_static("x-vcav-auth"),
            HeaderName::from_static("operationid"),
        ])
        .expose_headers([
            HeaderName::from_static("x-vcav-auth"),
            header::RETRY_AFTER,
            HeaderName::from_static("operationid"),
        ])
        .max_age(Duration::from_secs(600))
}

pub(crate) fn build(shared: Arc<Shared>, config: &SimConfig) -> Router {
    let mut router = Router::new().merge(srm_routes()).merge(h4_routes());
    if let Some(pkg) = &config.pkg_dir {
        router = router.nest_service("/pkg", ServeDir::new(pkg));
    }
    router = match &config.web_dir {
        Some(web) => router.fallback_service(ServeDir::new(web)),
        None => router.fallback(|| async { http::empty(StatusCode::NOT_FOUND) }),
    };
    router
        .layer(middleware::from_fn_with_state(
            shared.clone(),
            faults::layer,
        ))
        .merge(admin::routes())
        .layer(cors())
        .with_state(shared)
}

#[cfg(test)]
mod tests {
    use super::is_local_origin;

    #[test]
    fn local_origins() {
        assert!(is_local_origin("http://127.0.0.1:5173"));
        assert!(is_local_origin("http://localhost"));
        assert!(!is_local_origin("http://localhost.evil.com"));
        assert!(!is_local_origin("https://example.com"));
        assert!(!is_local_origin("http://127.0.0.1:"));
    }
}
