//! `POST /api/passage/messages`: nodes post their envelopes here. The hub checks each, stores
//! it for its receiver (or applies it, when the hub is the receiver) and only then
//! acknowledges it.

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::response::Response;
use axum::routing::post;
use tongban_services::passage;

use crate::HubState;

/// Routes of the passage.
pub fn routes() -> Router<HubState> {
    Router::new()
        .route(
            "/api/passage/messages",
            post(accept).layer(tongban_web::passage::body_limit()),
        )
        .route(
            "/api/passage/messages/batch",
            post(accept_batch).layer(tongban_web::passage::batch_body_limit()),
        )
}

/// `POST /api/passage/messages` with an envelope, canonical JSON: 200 with the receipt
/// (`relayed`, `applied`, `waiting`, `stale` or `duplicate`), 4xx when the envelope is
/// rejected for good, 503 when the sender should try again.
async fn accept(State(state): State<HubState>, body: Bytes) -> Response {
    tongban_web::passage::respond(passage::relay(&state.passage, &body).await)
}

/// `POST /api/passage/messages/batch` with up to 256 envelopes, one per line. The response is 200
/// with `{"results": [...]}`, the response body of each envelope in the order of the batch,
/// after all are stored in one transaction. A failure of the whole batch gets its JSON
/// error, and the sender then tries every envelope again.
async fn accept_batch(State(state): State<HubState>, body: Bytes) -> Response {
    match tongban_web::passage::split_batch(&body) {
        Ok(envelopes) => tongban_web::passage::respond_batch(
            passage::relay_batch(&state.passage, &envelopes).await,
        ),
        Err(response) => *response,
    }
}
