//! The HTTP side of the passage shared by the hub and the nodes: the body limit of an
//! envelope post, and the acknowledgement or JSON error a post gets.
//!
//! The status decides what the sending worker does: 200 means stored (or stored before), a
//! 4xx other than 408 and 429 means the envelope will never be accepted, and anything else
//! means try again later.

use axum::Json;
use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;
use tongban_crypto::envelope::{EnvelopeError, MAX_ENVELOPE_BYTES};
use tongban_i18n::{Lang, Message};
use tongban_services::passage::worker::{MAX_BATCH_BYTES, MAX_BATCH_ENVELOPES};
use tongban_services::passage::{PassageError, Receipt};

/// Returns the body limit of the passage routes: the largest envelope accepted. A larger
/// body gets 413 before it is read.
pub fn body_limit() -> DefaultBodyLimit {
    DefaultBodyLimit::max(MAX_ENVELOPE_BYTES)
}

/// Turns the outcome of receiving or relaying an envelope into the response: 200 with
/// `{"receipt": ...}`, or the JSON error with the status of [`status_of`].
pub fn respond(outcome: Result<Receipt, PassageError>) -> Response {
    match outcome {
        Ok(receipt) => Json(json!({ "receipt": receipt.as_str() })).into_response(),
        Err(error) => error_response(&error),
    }
}

/// Returns the body limit of the batch routes.
pub fn batch_body_limit() -> DefaultBodyLimit {
    DefaultBodyLimit::max(MAX_BATCH_BYTES)
}

/// Splits the body of a batch post into its envelopes: one envelope per line, separated by
/// line feeds, which canonical JSON never contains. Returns the 400 or 413 response for an
/// empty batch or one of more than [`MAX_BATCH_ENVELOPES`] envelopes.
pub fn split_batch(body: &[u8]) -> Result<Vec<&[u8]>, Box<Response>> {
    let body = body.strip_suffix(b"\n").unwrap_or(body);
    if body.is_empty() {
        return Err(batch_error(
            StatusCode::BAD_REQUEST,
            &Message::new("passage-batch-empty"),
        ));
    }
    let envelopes: Vec<&[u8]> = body.split(|byte| *byte == b'\n').collect();
    if envelopes.len() > MAX_BATCH_ENVELOPES {
        let message = Message::new("passage-batch-too-many")
            .arg("count", i64::try_from(envelopes.len()).unwrap_or(i64::MAX))
            .arg(
                "max",
                i64::try_from(MAX_BATCH_ENVELOPES).unwrap_or(i64::MAX),
            );
        return Err(batch_error(StatusCode::PAYLOAD_TOO_LARGE, &message));
    }
    Ok(envelopes)
}

/// Turns the outcomes of a batch into the response: 200 with `{"results": [...]}`, one
/// member per envelope in the order of the batch, each the body [`respond`] would send for
/// that envelope alone. A failure of the whole batch gets the JSON error of [`respond`].
pub fn respond_batch(
    outcome: Result<Vec<Result<Receipt, PassageError>>, PassageError>,
) -> Response {
    let outcomes = match outcome {
        Ok(outcomes) => outcomes,
        Err(error) => return error_response(&error),
    };
    let results: Vec<serde_json::Value> = outcomes
        .iter()
        .map(|outcome| match outcome {
            Ok(receipt) => json!({ "receipt": receipt.as_str() }),
            Err(error) => error_body(error),
        })
        .collect();
    Json(json!({ "results": results })).into_response()
}

/// Builds the 400 or 413 response for a batch that cannot be split, with the error shape of
/// the passage.
fn batch_error(status: StatusCode, message: &Message) -> Box<Response> {
    let body = json!({
        "error": {
            "status": status.as_u16(),
            "code": "malformed",
            "message": {
                "zh-CN": message.render(Lang::ZhCn),
                "en": message.render(Lang::En),
            },
        }
    });
    Box::new((status, Json(body)).into_response())
}

/// Returns the HTTP status of a passage failure.
pub fn status_of(error: &PassageError) -> StatusCode {
    match error {
        PassageError::Envelope(EnvelopeError::TooLarge { .. }) => StatusCode::PAYLOAD_TOO_LARGE,
        PassageError::Envelope(
            EnvelopeError::UnknownSender { .. }
            | EnvelopeError::SenderRevoked { .. }
            | EnvelopeError::KeyNotValid { .. }
            | EnvelopeError::BadSignature { .. }
            | EnvelopeError::MissingAttestation
            | EnvelopeError::UnexpectedAttestation
            | EnvelopeError::AttestationKey { .. }
            | EnvelopeError::BadAttestation,
        ) => StatusCode::FORBIDDEN,
        PassageError::Envelope(_) => StatusCode::BAD_REQUEST,
        PassageError::UnknownReceiver { .. } => StatusCode::NOT_FOUND,
        PassageError::UnknownType { .. } | PassageError::Rejected { .. } => {
            StatusCode::UNPROCESSABLE_ENTITY
        }
        PassageError::NotYetTrusted(_) | PassageError::NotEnrolled | PassageError::NoTrustList => {
            StatusCode::SERVICE_UNAVAILABLE
        }
        PassageError::Store(store) if store.is_unavailable() => StatusCode::SERVICE_UNAVAILABLE,
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

fn error_response(error: &PassageError) -> Response {
    let status = status_of(error);
    (status, Json(error_body(error))).into_response()
}

/// Returns `{"error": {...}}` for `error`, and logs it when it is an internal error.
fn error_body(error: &PassageError) -> serde_json::Value {
    let status = status_of(error);
    if status == StatusCode::INTERNAL_SERVER_ERROR {
        tracing::error!(%error, source = ?std::error::Error::source(error),
            "an envelope could not be received");
    }
    let message: Message = error.message();
    json!({
        "error": {
            "status": status.as_u16(),
            "code": error.code(),
            "message": {
                "zh-CN": message.render(Lang::ZhCn),
                "en": message.render(Lang::En),
            },
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_batch_keeps_envelope_bytes() {
        let envelopes = split_batch(b"{\"a\":1}\n{\"b\":2}\n").unwrap();
        assert_eq!(envelopes, vec![&b"{\"a\":1}"[..], &b"{\"b\":2}"[..]]);
    }

    #[test]
    fn split_batch_rejects_empty_body() {
        let response = split_batch(b"").unwrap_err();
        assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    }

    #[test]
    fn split_batch_rejects_too_many() {
        let body = vec![&b"{}"[..]; MAX_BATCH_ENVELOPES + 1].join(&b'\n');
        let response = split_batch(&body).unwrap_err();
        assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);

        let body = vec![&b"{}"[..]; MAX_BATCH_ENVELOPES].join(&b'\n');
        assert_eq!(split_batch(&body).unwrap().len(), MAX_BATCH_ENVELOPES);
    }
}
