//! The route table: every operation of the served specs (mounted from their tables, behind
//! the validation front), admin, static files, CORS and the fault layer.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::State;
use axum::http::{header, HeaderName, HeaderValue, Method, StatusCode};
use axum::response::Response;
use axum::routing::{on, MethodFilter, MethodRouter};
use axum::{middleware, Router};
use tower::util::MapResponse;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::services::fs::ServeFileSystemResponseBody;
use tower_http::services::ServeDir;

use crate::config::SimConfig;
use crate::front::{self, Dialect, Raw};
use crate::request::Handler;
use crate::state::{PlanAction, Shared};
use crate::{admin, faults, h4, http, plans, spec, srm, PAGE_CSP};

/// One served spec: its table, where its paths start, and the handler of each operationId.
struct Mount {
    dialect: Dialect,
    api: &'static siterecovery_schema::Api,
    prefix: &'static str,
    handlers: &'static [(&'static str, Handler)],
}

static SRM: Mount = Mount {
    dialect: Dialect::Srm,
    api: &spec::srm::API,
    prefix: "/srm/{site}/api/rest/srm/{ver}",
    handlers: &[
        ("login", srm::login),
        ("getCurrentSession", srm::session_info),
        ("logout", srm::logout),
        ("getPairings", srm::list_pairings),
        ("createPairing", |s, c| srm::pair(s, c, false)),
        ("getPairing", srm::get_pairing),
        ("deletePairing", srm::delete_pairing),
        ("reconnectPairing", |s, c| srm::pair(s, c, true)),
        ("createRemoteSession", srm::remote_login),
        ("getRemoteSession", srm::remote_session_info),
        ("getAllRecoveryPlans", plans::list),
        ("getRecoveryPlan", plans::get),
        ("runTestRecovery", |s, c| plans::action(s, c, PlanAction::Test)),
        ("runCleanupTestRecovery", |s, c| plans::action(s, c, PlanAction::Cleanup)),
        ("runRecovery", |s, c| plans::action(s, c, PlanAction::Recovery)),
        ("runReprotect", |s, c| plans::action(s, c, PlanAction::Reprotect)),
        ("cancelRecoveryPlan", plans::cancel),
        ("getRecentTasksInfo", srm::list_tasks),
        ("getTaskInfo", srm::get_task),
    ],
};

static H4: Mount = Mount {
    dialect: Dialect::H4,
    api: &spec::replication::API,
    prefix: "/vr/{site}",
    handlers: &[
        ("login", h4::login),
        ("logout", h4::logout),
        ("getSites", h4::sites),
        ("pairSite", h4::register),
        ("getTask", h4::get_task),
    ],
};

/// Every operation of `mount` that has a handler, at `prefix + path`, checked by the front.
fn routes(mount: &'static Mount) -> Router<Arc<Shared>> {
    let mut paths: BTreeMap<String, MethodRouter<Arc<Shared>>> = BTreeMap::new();
    for op in mount.api.operations {
        let Some(&(_, handler)) = mount.handlers.iter().find(|(id, _)| *id == op.operation_id) else {
            continue;
        };
        let Some(filter) = Method::from_bytes(op.method.as_bytes()).ok().and_then(|m| MethodFilter::try_from(m).ok()) else {
            continue;
        };
        let endpoint = on(filter, move |State(shared): State<Arc<Shared>>, raw: Raw| async move {
            let mut sim = shared.lock();
            match front::check(&mut sim, mount.dialect, mount.api, op, raw) {
                Ok(call) => handler(&mut sim, &call),
                Err(refused) => refused,
            }
        });
        let path = format!("{}{}", mount.prefix, op.path);
        let merged = match paths.remove(&path) {
            Some(methods) => methods.merge(endpoint),
            None => endpoint,
        };
        paths.insert(path, merged);
    }
    paths.into_iter().fold(Router::new(), |router, (path, methods)| router.route(&path, methods))
}

/// `http://127.0.0.1[:port]` or `http://localhost[:port]`.
fn is_local_origin(origin: &str) -> bool {
    ["http://127.0.0.1", "http://localhost"].iter().any(|host| {
        origin.strip_prefix(host).is_some_and(|rest| {
            rest.is_empty() || rest.strip_prefix(':').is_some_and(|port| !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()))
        })
    })
}

fn cors() -> CorsLayer {
    CorsLayer::new()
        .allow_origin(AllowOrigin::predicate(|origin: &HeaderValue, _| origin.to_str().is_ok_and(is_local_origin)))
        .allow_methods([Method::GET, Method::POST, Method::PUT, Method::PATCH, Method::DELETE, Method::OPTIONS])
        .allow_headers([
            header::CONTENT_TYPE,
            header::ACCEPT,
            header::AUTHORIZATION,
            HeaderName::from_static("x-dr-session"),
            HeaderName::from_static("x-vcav-auth"),
            HeaderName::from_static("operationid"),
        ])
        .expose_headers([HeaderName::from_static("x-vcav-auth"), header::RETRY_AFTER, HeaderName::from_static("operationid")])
        .max_age(Duration::from_secs(600))
}

type StaticResponse = Response<ServeFileSystemResponseBody>;

/// A directory of static files, sent with the page's Content-Security-Policy when `csp`, and
/// cross-origin isolated when `isolated` (see [`SimConfig::isolated`]).
fn static_files(
    dir: &std::path::Path,
    csp: bool,
    isolated: bool,
) -> MapResponse<ServeDir, impl Fn(StaticResponse) -> StaticResponse + Clone> {
    MapResponse::new(ServeDir::new(dir), move |mut response: StaticResponse| {
        let headers = response.headers_mut();
        if csp {
            headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(PAGE_CSP));
        }
        if isolated {
            headers.insert("cross-origin-opener-policy", HeaderValue::from_static("same-origin"));
            headers.insert("cross-origin-embedder-policy", HeaderValue::from_static("require-corp"));
        }
        response
    })
}

pub(crate) fn build(shared: Arc<Shared>, config: &SimConfig) -> Router {
    let mut router = Router::new().merge(routes(&SRM)).merge(routes(&H4));
    if let Some(pkg) = &config.pkg_dir {
        router = router.nest_service("/pkg", static_files(pkg, config.csp, config.isolated));
    }
    router = match &config.web_dir {
        Some(web) => router.fallback_service(static_files(web, config.csp, config.isolated)),
        None => router.fallback(|| async { http::empty(StatusCode::NOT_FOUND) }),
    };
    router.layer(middleware::from_fn_with_state(shared.clone(), faults::layer)).merge(admin::routes()).layer(cors()).with_state(shared)
}

#[cfg(test)]
mod tests {
    use super::{is_local_origin, H4, SRM};

    #[test]
    fn every_operation_has_one_handler() {
        for mount in [&SRM, &H4] {
            let mut ids: Vec<&str> = mount.api.operations.iter().map(|o| o.operation_id).collect();
            let mut handled: Vec<&str> = mount.handlers.iter().map(|(id, _)| *id).collect();
            ids.sort_unstable();
            handled.sort_unstable();
            assert_eq!(ids, handled, "{}", mount.api.title);
        }
    }

    #[test]
    fn local_origins() {
        assert!(is_local_origin("http://127.0.0.1:5173"));
        assert!(is_local_origin("http://localhost"));
        assert!(!is_local_origin("http://localhost.evil.com"));
        assert!(!is_local_origin("https://example.com"));
        assert!(!is_local_origin("http://127.0.0.1:"));
    }
}
