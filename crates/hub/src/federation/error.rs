//! The JSON error of the federation API: the status a node acts on, a stable code, and the
//! message in both languages, in the shape every tongban JSON error has.

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};
use tongban_i18n::{Lang, Message};
use tongban_services::federation::FederationError;

/// A failed federation request.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    code: &'static str,
    message: Message,
    fields: Map<String, Value>,
}

impl ApiError {
    /// Turns a body that is not the expected JSON into a 400.
    pub fn from_rejection(rejection: JsonRejection) -> ApiError {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            code: "invalid-request",
            message: Message::new("federation-request-invalid")
                .arg("detail", rejection.body_text()),
            fields: Map::new(),
        }
    }
}

impl From<FederationError> for ApiError {
    fn from(error: FederationError) -> ApiError {
        let (status, code) = match &error {
            FederationError::Invalid(_) => (StatusCode::BAD_REQUEST, "invalid-field"),
            FederationError::TokenUnknown => (StatusCode::FORBIDDEN, "token-unknown"),
            FederationError::TokenUsed => (StatusCode::FORBIDDEN, "token-used"),
            FederationError::TokenCancelled => (StatusCode::FORBIDDEN, "token-cancelled"),
            FederationError::TokenExpired { .. } => (StatusCode::FORBIDDEN, "token-expired"),
            FederationError::TokenMismatch { .. } => (StatusCode::FORBIDDEN, "token-mismatch"),
            FederationError::KeyInUse { .. } => (StatusCode::CONFLICT, "key-in-use"),
            FederationError::NodeNotFound { .. } => (StatusCode::NOT_FOUND, "node-not-found"),
            FederationError::SignatureRejected { .. } => {
                (StatusCode::FORBIDDEN, "signature-rejected")
            }
            FederationError::SealNotFound { .. } => (StatusCode::NOT_FOUND, "seal-not-found"),
            FederationError::Store(store) if store.is_unavailable() => {
                (StatusCode::SERVICE_UNAVAILABLE, "unavailable")
            }
            _ => (StatusCode::INTERNAL_SERVER_ERROR, "internal"),
        };
        if status.is_server_error() {
            tracing::error!(%error, source = ?std::error::Error::source(&error), "federation request failed");
        } else {
            tracing::info!(%error, "federation request rejected");
        }

        let mut fields = Map::new();
        if let FederationError::Invalid(errors) = &error {
            for field in errors.iter() {
                fields.insert(field.field.to_owned(), both_languages(&field.message));
            }
        }
        let message = if status == StatusCode::SERVICE_UNAVAILABLE {
            Message::new("error-unavailable")
        } else {
            error.message()
        };
        ApiError {
            status,
            code,
            message,
            fields,
        }
    }
}

fn both_languages(message: &Message) -> Value {
    json!({
        "zh-CN": message.render(Lang::ZhCn),
        "en": message.render(Lang::En),
    })
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut error = json!({
            "status": self.status.as_u16(),
            "code": self.code,
            "message": both_languages(&self.message),
        });
        if !self.fields.is_empty() {
            error["fields"] = Value::Object(self.fields);
        }
        (self.status, Json(json!({ "error": error }))).into_response()
    }
}
