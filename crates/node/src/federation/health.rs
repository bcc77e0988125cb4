//! `GET /healthz` of a node: the shared health check plus the node's enrolment and trust list.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::Utc;
use tongban_services::federation;
use tongban_store::enrolment;
use tongban_web::health::{self, HealthInfo};

use crate::NodeState;

/// `GET /healthz`: the database check of every instance, and `enrolment` (`enrolled` or
/// `missing`) and `trust_list` (`valid`, `expired` or `missing`), or `unknown` when the
/// database cannot tell. A node that is not enrolled or has no valid list still serves its
/// pages, so neither changes the status code.
pub(crate) async fn healthz(
    State(state): State<NodeState>,
) -> (StatusCode, Json<serde_json::Value>) {
    let info = HealthInfo {
        role: "node",
        instance_id: state.settings.id.clone(),
        store: state.store.clone(),
    };
    let (status, Json(mut body)) = health::healthz(State(info)).await;

    let enrolment = match enrolment::load_enrolment(state.store.pool()).await {
        Ok(Some(_)) => "enrolled",
        Ok(None) => "missing",
        Err(_) => "unknown",
    };
    let trust_list = match federation::trust_list_status(&state.store, Utc::now()).await {
        Ok(status) => status.as_str(),
        Err(_) => "unknown",
    };
    body["enrolment"] = enrolment.into();
    body["trust_list"] = trust_list.into();
    (status, Json(body))
}
