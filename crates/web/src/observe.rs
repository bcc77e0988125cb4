//! Request logging: one span per request with the method, the matched route (not the raw
//! path, which can carry personal data), the request id and, when it ends, status and latency.
//! 5xx responses log at error level, everything else at debug.

use std::time::Duration;

use axum::Router;
use axum::extract::MatchedPath;
use axum::http::{HeaderName, Request, Response, StatusCode};
use tower_http::request_id::{
    MakeRequestId, PropagateRequestIdLayer, RequestId, SetRequestIdLayer,
};
use tower_http::trace::TraceLayer;
use tracing::Span;

/// The header carrying the request id; an incoming one is kept, otherwise one is made.
pub const REQUEST_ID_HEADER: HeaderName = HeaderName::from_static("x-request-id");

/// Makes request ids: 96 random bits, base64url.
#[derive(Debug, Clone, Copy, Default)]
struct RandomRequestId;

impl MakeRequestId for RandomRequestId {
    fn make_request_id<B>(&mut self, _request: &Request<B>) -> Option<RequestId> {
        tongban_crypto::random_token(12)
            .parse()
            .ok()
            .map(RequestId::new)
    }
}

/// Adds request ids and request logging to `router`.
pub fn layer(router: Router) -> Router {
    let trace = TraceLayer::new_for_http()
        .make_span_with(|request: &Request<_>| {
            let route = request
                .extensions()
                .get::<MatchedPath>()
                .map_or("unmatched", MatchedPath::as_str);
            let request_id = request
                .headers()
                .get(REQUEST_ID_HEADER)
                .and_then(|value| value.to_str().ok())
                .unwrap_or("");
            tracing::debug_span!("request", method = %request.method(), route, request_id)
        })
        .on_request(())
        .on_response(|response: &Response<_>, latency: Duration, _span: &Span| {
            let status = response.status().as_u16();
            let latency_ms = latency.as_secs_f64() * 1000.0;
            if response.status() == StatusCode::SERVICE_UNAVAILABLE {
                // A request to come back later, such as an envelope from a peer that the
                // cached trust list does not have yet, which the sender retries.
                tracing::warn!(
                    status,
                    latency_ms,
                    "service unavailable, the client may retry"
                );
            } else if response.status().is_server_error() {
                tracing::error!(status, latency_ms, "request failed");
            } else {
                tracing::debug!(status, latency_ms, "request done");
            }
        })
        .on_failure(());
    router
        .layer(PropagateRequestIdLayer::new(REQUEST_ID_HEADER))
        .layer(trace)
        .layer(SetRequestIdLayer::new(REQUEST_ID_HEADER, RandomRequestId))
}
