//! SRM list envelopes `{list, _meta {total, offset, limit, links}}` with the reference's
//! query parameters: limit, offset, filter_property + filter, sort_by + order_by.

use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{json, Value};

use crate::http::{self, srm_error};
use crate::request::Query;
use crate::state::Sim;

const DEFAULT_LIMIT: usize = 100;

fn field<'a>(item: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.').try_fold(item, |v, key| v.get(key))
}

fn as_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn number(sim: &mut Sim, query: &Query, name: &str, default: usize) -> Result<usize, Response> {
    match query.iter().find(|(k, _)| k == name) {
        None => Ok(default),
        Some((_, raw)) => raw.trim().parse::<usize>().map_err(|_| {
            let op = sim.next_op_id();
            let message = format!("Query parameter '{name}' must be a non-negative integer, got '{raw}'.");
            srm_error(StatusCode::BAD_REQUEST, "INVALID_QUERY_PARAMETER", &message, &op)
        }),
    }
}

/// Filter, sort and page `items`, and answer 200 with the list envelope.
pub(crate) fn respond(sim: &mut Sim, mut items: Vec<Value>, query: &Query, path: &str) -> Response {
    let limit = match number(sim, query, "limit", DEFAULT_LIMIT) {
        Ok(n) => n,
        Err(resp) => return resp,
    };
    let offset = match number(sim, query, "offset", 0) {
        Ok(n) => n,
        Err(resp) => return resp,
    };
    let lookup = |name: &str| query.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
    if let Some(property) = lookup("filter_property") {
        let wanted: Vec<&String> = query.iter().filter(|(k, _)| k == "filter").map(|(_, v)| v).collect();
        if !wanted.is_empty() {
            items.retain(|item| field(item, &property).is_some_and(|v| wanted.contains(&&as_text(v))));
        }
    }
    if let Some(sort_by) = lookup("sort_by") {
        let descending = matches!(lookup("order_by").unwrap_or_default().to_ascii_lowercase().as_str(), "desc" | "descending");
        items.sort_by(|a, b| {
            let (x, y) = (field(a, &sort_by), field(b, &sort_by));
            let ord = match (x.and_then(Value::as_f64), y.and_then(Value::as_f64)) {
                (Some(p), Some(q)) => p.partial_cmp(&q).unwrap_or(std::cmp::Ordering::Equal),
                _ => x.map(as_text).cmp(&y.map(as_text)),
            };
            if descending {
                ord.reverse()
            } else {
                ord
            }
        });
    }
    let total = items.len();
    let page: Vec<Value> = items.into_iter().skip(offset).take(limit).collect();
    let href = |off: usize| format!("{}{path}?limit={limit}&offset={off}", sim.base_url);
    let mut links = json!({ "self": { "href": href(offset) } });
    if offset + limit < total {
        links["next"] = json!({ "href": href(offset + limit) });
    }
    if offset > 0 {
        links["previous"] = json!({ "href": href(offset.saturating_sub(limit)) });
    }
    let body = json!({
        "list": page,
        "_meta": { "total": total, "offset": offset, "limit": limit, "links": links },
    });
    http::json(StatusCode::OK, &body)
}
