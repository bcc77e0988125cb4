//! Lending a certificate to a case at another node (用证) through the passage. The handling
//! node sends a `certificate.lend.request`, and the issuing node returns the signed document
//! in a `certificate.lend.document`. The handling node checks seal, signature and status
//! before the material counts as satisfied.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use tongban_certificates::{SignedCertificate, verify_document};
use tongban_store::audit::{self, NewAuditEvent};
use tongban_store::cases::{self as cases_store, ActorKind, NewCaseEvent};
use tongban_store::certificate_loans::{self as loans, CertificateLoan, LoanCheck};
use tongban_store::certificates::{self as stored, CertificateStatus};
use tongban_store::passage::StoreConnection;

use crate::crossing::PassageSlot;
use crate::passage::{
    BoxFuture, HandlerError, IncomingMessage, MessageHandler, OutgoingMessage, enqueue,
};

/// The message type of a request for a certificate's document, to the issuing node.
pub const LEND_REQUEST_TYPE: &str = "certificate.lend.request";

/// The message type of the response, from the issuing node to the handling node.
pub const LEND_DOCUMENT_TYPE: &str = "certificate.lend.document";

/// The body of a `certificate.lend.request` message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LendRequestBody {
    /// The loan's id at the handling node.
    pub loan_id: String,
    /// 证照标识 (GB/T 36904).
    pub certificate_id: String,
    /// The kind of the applicant's number: `resident_id` or `credit_code`.
    pub holder_id_type: String,
    /// The applicant's number, which must be the holder's.
    pub holder_id: String,
    /// 办件编号 of the case that uses the certificate.
    pub case_number: String,
}

/// The body of a `certificate.lend.document` message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LendDocumentBody {
    /// The loan's id at the handling node.
    pub loan_id: String,
    /// `found`, `not-found` or `holder-mismatch`.
    pub outcome: String,
    /// The signed document (JSON) when found.
    pub document: Option<String>,
    /// The status the issuer's clerks set: `valid`, `revoked` or `cancelled`.
    pub status: Option<String>,
    /// The reason it was revoked or cancelled.
    pub status_reason: Option<String>,
    /// When it was revoked or cancelled.
    pub status_changed_at: Option<DateTime<Utc>>,
}

/// Returns 证照类型代码, the sixth part of identifier `id`
/// (`1.2.156.3005.2.<type>.<issuer>.<serial>.<version>.<check>`).
pub fn type_code_of(id: &str) -> Option<String> {
    let rest = id.strip_prefix("1.2.156.3005.2.")?;
    rest.split('.')
        .next()
        .filter(|code| !code.is_empty())
        .map(str::to_owned)
}

fn parse<T: serde::de::DeserializeOwned>(
    kind: &str,
    body: &Map<String, Value>,
) -> Result<T, HandlerError> {
    serde_json::from_value(Value::Object(body.clone()))
        .map_err(|error| HandlerError::Rejected(format!("invalid {kind}: {error}")))
}

/// Answers at the issuing node a request for a certificate's document, when the applicant
/// holds it, and records the use in the audit trail.
#[derive(Debug, Clone, Default)]
pub struct LendRequestHandler {
    /// The passage the response goes through.
    pub passage: PassageSlot,
}

impl MessageHandler for LendRequestHandler {
    fn check(&self, body: &Map<String, Value>) -> Result<(), HandlerError> {
        parse::<LendRequestBody>("certificate lend request", body).map(|_| ())
    }

    fn apply<'a>(
        &'a self,
        connection: &'a mut StoreConnection,
        message: &'a IncomingMessage,
    ) -> BoxFuture<'a, Result<(), HandlerError>> {
        Box::pin(async move {
            let request: LendRequestBody = parse("certificate lend request", &message.body)?;
            let passage = self.passage.passage().ok_or_else(|| {
                HandlerError::Rejected("the passage is not set up yet".to_owned())
            })?;
            let found = stored::find_certificate(&mut *connection, &request.certificate_id).await?;
            let response = match found {
                None => response_without_document(&request, "not-found"),
                Some(certificate)
                    if certificate.holder_id_type != request.holder_id_type
                        || certificate.holder_id != request.holder_id =>
                {
                    response_without_document(&request, "holder-mismatch")
                }
                Some(certificate) => LendDocumentBody {
                    loan_id: request.loan_id.clone(),
                    outcome: "found".to_owned(),
                    document: Some(certificate.document),
                    status: Some(certificate.status.as_str().to_owned()),
                    status_reason: certificate.status_reason,
                    status_changed_at: certificate.status_changed_at,
                },
            };
            let event = NewAuditEvent {
                occurred_at: Utc::now(),
                actor: format!("node:{}", message.sender),
                action: "certificate.lend".to_owned(),
                subject: format!("certificate/{}", request.certificate_id),
                reason: Some(format!("case {}", request.case_number)),
                details: Some(json!({
                    "loan_id": request.loan_id,
                    "outcome": response.outcome,
                })),
            };
            audit::record_event(&mut *connection, &event).await?;
            let body = crate::cases::object_of(&response)
                .map_err(|error| HandlerError::Rejected(error.to_string()))?;
            let reply = OutgoingMessage {
                receiver: &message.sender,
                message_type: LEND_DOCUMENT_TYPE,
                ordering_key: &request.loan_id,
                body,
            };
            enqueue(&mut *connection, passage, reply)
                .await
                .map_err(|error| HandlerError::Rejected(error.to_string()))?;
            tracing::info!(certificate = %request.certificate_id, loan = %request.loan_id,
                requester = %message.sender, outcome = %response.outcome, "certificate lent");
            Ok(())
        })
    }
}

fn response_without_document(request: &LendRequestBody, outcome: &str) -> LendDocumentBody {
    LendDocumentBody {
        loan_id: request.loan_id.clone(),
        outcome: outcome.to_owned(),
        document: None,
        status: None,
        status_reason: None,
        status_changed_at: None,
    }
}

/// Checks at the handling node the document the issuing node sent, and records on the case
/// whether the material is satisfied.
#[derive(Debug, Clone, Default)]
pub struct LendDocumentHandler {
    /// The node's passage, whose database holds the cached trust list.
    pub passage: PassageSlot,
}

impl MessageHandler for LendDocumentHandler {
    fn check(&self, body: &Map<String, Value>) -> Result<(), HandlerError> {
        parse::<LendDocumentBody>("certificate lend document", body).map(|_| ())
    }

    fn apply<'a>(
        &'a self,
        connection: &'a mut StoreConnection,
        message: &'a IncomingMessage,
    ) -> BoxFuture<'a, Result<(), HandlerError>> {
        Box::pin(async move {
            let response: LendDocumentBody = parse("certificate lend document", &message.body)?;
            let rejected = |reason: String| HandlerError::Rejected(reason);
            let loan = loans::find_loan(&mut *connection, &response.loan_id)
                .await?
                .filter(|loan| loan.issuer_node == message.sender)
                .ok_or_else(|| {
                    rejected(format!(
                        "no loan {} from {}",
                        response.loan_id, message.sender
                    ))
                })?;
            let case = cases_store::find_case(&mut *connection, &loan.case_id)
                .await?
                .ok_or_else(|| rejected(format!("case {} is gone", loan.case_id)))?;
            let now = Utc::now();
            let outcome = self
                .evaluate(&loan, &case.applicant.id_number, &response, now)
                .await;
            let check = LoanCheck {
                status: if outcome.result == "valid" {
                    "satisfied"
                } else {
                    "not_satisfied"
                },
                result: &outcome.result,
                reason: outcome.reason.as_deref(),
                document: response.document.as_deref(),
                checked_at: now,
            };
            if !loans::record_check(&mut *connection, &loan.id, &check).await? {
                return Err(rejected(format!("loan {} was checked before", loan.id)));
            }
            let event = NewCaseEvent {
                case_id: loan.case_id.clone(),
                occurred_at: now,
                actor_kind: ActorKind::System,
                actor_id: format!("node/{}", message.sender),
                actor_name: message.sender.clone(),
                action: "certificate_checked".to_owned(),
                from_status: Some(case.status),
                to_status: case.status,
                reason: outcome.reason.clone(),
                details: Some(json!({
                    "loan_id": loan.id,
                    "material_name": loan.material_name,
                    "certificate_id": loan.certificate_id,
                    "issuer": loan.issuer,
                    "result": outcome.result,
                    "material_status": check.status,
                })),
                step: None,
            };
            cases_store::append_case_event(&mut *connection, &event).await?;
            tracing::info!(case = %loan.case_id, loan = %loan.id,
                certificate = %loan.certificate_id, result = %outcome.result,
                "lent certificate checked");
            Ok(())
        })
    }
}

/// The result of checking a lent certificate: its code and, unless valid, the reason.
struct Outcome {
    result: String,
    reason: Option<String>,
}

impl Outcome {
    fn failed(result: &str, reason: String) -> Outcome {
        Outcome {
            result: result.to_owned(),
            reason: Some(reason),
        }
    }
}

impl LendDocumentHandler {
    /// Checks the response for `loan` of the applicant with `holder_id` at `now`: the issuer
    /// found it, the seal's signature and validity pass against the cached trust list, it
    /// is the certificate chosen, the applicant holds it, and the issuer has not ended it.
    async fn evaluate(
        &self,
        loan: &CertificateLoan,
        holder_id: &str,
        response: &LendDocumentBody,
        now: DateTime<Utc>,
    ) -> Outcome {
        let Some(document) = response
            .document
            .as_deref()
            .filter(|_| response.outcome == "found")
        else {
            return Outcome::failed(
                &response.outcome,
                format!("the issuing node reported {}", response.outcome),
            );
        };
        let Some(store) = self.passage.passage().map(crate::passage::Passage::store) else {
            return Outcome::failed("no-trust-list", "the passage is not set up yet".to_owned());
        };
        let book = match super::node_seal_book(store, now).await {
            Ok(book) => book,
            Err(error) => return Outcome::failed("no-trust-list", error.to_string()),
        };
        let verified = match SignedCertificate::from_json(document) {
            Ok(signed) => verify_document(&book, &signed, now),
            Err(error) => return Outcome::failed("malformed", error.to_string()),
        };
        let verified = match verified {
            Ok(verified) => verified,
            Err(problem) => return Outcome::failed(problem.code(), problem.to_string()),
        };
        if verified.id != loan.certificate_id {
            return Outcome::failed(
                "identifier-mismatch",
                format!("the document is certificate {}", verified.id),
            );
        }
        let holder_matches = verified
            .metadata
            .as_ref()
            .is_some_and(|metadata| metadata.holder_id == holder_id);
        if !holder_matches {
            return Outcome::failed(
                "holder-mismatch",
                "the applicant is not the certificate's holder".to_owned(),
            );
        }
        let Some(status) = response.status.as_deref() else {
            return Outcome::failed("malformed", "the issuing node sent no status".to_owned());
        };
        if status != CertificateStatus::Valid.as_str() {
            let reason = response.status_reason.clone().unwrap_or_default();
            return Outcome::failed(status, format!("{status} by the issuer: {reason}"));
        }
        Outcome {
            result: "valid".to_owned(),
            reason: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_code_is_the_sixth_part() {
        assert_eq!(
            type_code_of("1.2.156.3005.2.11440000MB0E00011L001.11440000MB0E00011L.1.001.X"),
            Some("11440000MB0E00011L001".to_owned())
        );
        assert_eq!(type_code_of("2.1.3"), None);
        assert_eq!(type_code_of("1.2.156.3005.2."), None);
    }
}
