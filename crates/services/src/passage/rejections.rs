//! Rejected envelopes: each is logged with its ids, and a permanent rejection is also recorded
//! in the audit trail, so an operator can list what a peer sent and why it was refused.

use chrono::Utc;
use serde_json::json;
use tongban_crypto::envelope::Envelope;
use tongban_store::audit::{self, NewAuditEvent};

use super::{Passage, PassageError};

/// The audit action of a rejected envelope.
pub const REJECT_ACTION: &str = "passage.reject_envelope";

/// Logs the rejection of `envelope` (or of `bytes` that did not parse) for `error`, and
/// records a permanent rejection in the audit trail. The audit subject is
/// `passage/message/<message id>`, or `passage/envelope/<SM3 of the bytes>` when the bytes
/// are no envelope. Signatures are never logged.
pub(super) async fn record_rejection(
    passage: &Passage,
    error: &PassageError,
    envelope: Option<&Envelope>,
    bytes: &[u8],
) {
    log_rejection(error, envelope);
    if !error.is_permanent() {
        return;
    }
    let (actor, subject, details) = match envelope.map(Envelope::header) {
        Some(header) => (
            format!("passage:{}", header.sender),
            format!("passage/message/{}", header.message_id),
            json!({
                "code": error.code(),
                "error": error.to_string(),
                "receiver": header.receiver,
                "message_type": header.message_type,
                "key_id": envelope.map(Envelope::key_id),
            }),
        ),
        None => (
            "passage:unknown".to_owned(),
            format!("passage/envelope/{}", tongban_crypto::sm3_hex(bytes)),
            json!({ "code": error.code(), "error": error.to_string(), "bytes": bytes.len() }),
        ),
    };
    let event = NewAuditEvent {
        occurred_at: Utc::now(),
        actor,
        action: REJECT_ACTION.to_owned(),
        subject,
        reason: Some(error.code().to_owned()),
        details: Some(details),
    };
    let _turn = passage.write_turn().await;
    if let Err(store_error) = audit::record_event(passage.store().pool(), &event).await {
        tracing::warn!(error = %store_error, subject = %event.subject,
            "a rejected envelope cannot be recorded in the audit trail");
    }
}

/// Logs a rejected envelope with its ids.
fn log_rejection(error: &PassageError, envelope: Option<&Envelope>) {
    let code = error.code();
    match envelope.map(Envelope::header) {
        Some(header) if error.is_permanent() => tracing::warn!(
            message_id = %header.message_id, sender = %header.sender,
            receiver = %header.receiver, message_type = %header.message_type,
            sequence = header.sequence, %code, %error, "envelope rejected"
        ),
        Some(header) => tracing::info!(
            message_id = %header.message_id, sender = %header.sender,
            receiver = %header.receiver, message_type = %header.message_type,
            %code, %error, "envelope not accepted yet; the sender will try again"
        ),
        None => tracing::warn!(%code, %error, "envelope rejected"),
    }
}
