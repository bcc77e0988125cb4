//! `POST /api/passage/inbox`: the hub posts the envelopes it relays to this node here. The
//! node checks each against its trust list and the hub's attestation, stores it in its inbox
//! and applies it in the order of its ordering key.

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::response::Response;
use axum::routing::post;
use tongban_services::passage;

use crate::NodeState;

/// Routes of the passage.
pub fn routes() -> Router<NodeState> {
    Router::new()
        .route(
            "/api/passage/inbox",
            post(accept).layer(tongban_web::passage::body_limit()),
        )
        .route(
            "/api/passage/inbox/batch",
            post(accept_batch).layer(tongban_web::passage::batch_body_limit()),
        )
}

/// `POST /api/passage/inbox` with an attested envelope, canonical JSON. The response is 200
/// with the receipt (`applied`, `waiting`, `stale` or `duplicate`), a 4xx when the envelope is
/// rejected for good, or 503 when the hub should try again, such as for a sender that the
/// node's trust list does not list yet.
async fn accept(State(state): State<NodeState>, body: Bytes) -> Response {
    let result = passage::receive(&state.passage, &body).await;
    if result.as_ref().is_err_and(is_unknown_sender) {
        state.trust_list_on_demand.refresh_in_background(&state);
    }
    tongban_web::passage::respond(result)
}

/// Whether the envelope came from a sender the cached trust list lacks, which a newer list
/// may contain.
fn is_unknown_sender(error: &passage::PassageError) -> bool {
    error.code() == "unknown-sender"
}

/// `POST /api/passage/inbox/batch` with up to 256 envelopes, one per line. The response is 200
/// with `{"results": [...]}`, the response body of each envelope in the order of the batch,
/// after all are stored in one transaction. A failure of the whole batch gets its JSON
/// error, and the sender then tries every envelope again.
async fn accept_batch(State(state): State<NodeState>, body: Bytes) -> Response {
    match tongban_web::passage::split_batch(&body) {
        Ok(envelopes) => {
            let results = passage::receive_batch(&state.passage, &envelopes).await;
            let unknown_sender = results.as_ref().is_ok_and(|results| {
                results
                    .iter()
                    .any(|result| result.as_ref().is_err_and(is_unknown_sender))
            });
            if unknown_sender {
                state.trust_list_on_demand.refresh_in_background(&state);
            }
            tongban_web::passage::respond_batch(results)
        }
        Err(response) => *response,
    }
}
