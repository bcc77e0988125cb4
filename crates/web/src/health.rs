//! `GET /healthz`: whether the instance can serve, for load balancers and the demo.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde_json::json;
use tongban_store::Store;

/// What the health check reports about its instance.
#[derive(Debug, Clone)]
pub struct HealthInfo {
    /// `hub` or `node`.
    pub role: &'static str,
    /// The instance id, such as `gd`.
    pub instance_id: String,
    /// The database it needs.
    pub store: Store,
}

/// `GET /healthz`: 200 with the role and id when the database answers, 503 otherwise.
pub async fn healthz(State(info): State<HealthInfo>) -> (StatusCode, Json<serde_json::Value>) {
    let database_ok = sqlx_ping(&info.store).await;
    let status = if database_ok {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    let body = json!({
        "status": if database_ok { "ok" } else { "unavailable" },
        "role": info.role,
        "id": info.instance_id,
        "database": if database_ok { "ok" } else { "unreachable" },
    });
    (status, Json(body))
}

async fn sqlx_ping(store: &Store) -> bool {
    tongban_store::ping(store).await.is_ok()
}
